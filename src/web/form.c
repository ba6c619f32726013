#include "web/form.h"

#include "base/str.h"

#include <string.h>

bool kv_add(struct arena *a, struct kvlist *l, const char *key,
            size_t keylen, const char *value, size_t valuelen)
{
  if (l->n >= FORM_FIELDS_MAX)
    return false;
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 16;
    struct kv *items = arena_alloc(a, sizeof(*items) * (size_t)cap);

    if (l->n)
      memcpy(items, l->items, sizeof(*items) * (size_t)l->n);
    l->items = items;
    l->cap = cap;
  }
  l->items[l->n].key = arena_strndup(a, key, keylen);
  l->items[l->n].value = arena_strndup(a, value, valuelen);
  l->n++;
  return true;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
  return kv_nth(l, key, 0);
}

int kv_count(const struct kvlist *l, const char *key)
{
  int n = 0;

  for (int i = 0; i < l->n; i++)
    n += strcmp(l->items[i].key, key) == 0;
  return n;
}

const char *kv_nth(const struct kvlist *l, const char *key, int nth)
{
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->items[i].key, key) == 0 && nth-- == 0)
      return l->items[i].value;
  return NULL;
}

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *url_decode(struct arena *a, const char *src, size_t len,
                 bool plus_space, size_t *outlen)
{
  char *out = arena_alloc(a, len + 1);
  size_t n = 0;

  for (size_t i = 0; i < len; i++) {
    char c = src[i];

    if (c == '%') {
      int hi, lo;

      if (i + 2 >= len)
        return NULL;
      hi = hexval(src[i + 1]);
      lo = hexval(src[i + 2]);
      if (hi < 0 || lo < 0)
        return NULL;
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_space) {
      c = ' ';
    }
    if (c == '\0')
      return NULL;
    out[n++] = c;
  }
  out[n] = '\0';
  if (outlen)
    *outlen = n;
  return out;
}

enum form_status form_parse(struct arena *a, const char *src, size_t len,
                            struct kvlist *out)
{
  size_t i = 0;

  while (i < len) {
    size_t start = i, eq = (size_t)-1, klen, vlen;
    const char *kraw, *vraw;
    char *key, *value;

    while (i < len && src[i] != '&') {
      if (src[i] == '=' && eq == (size_t)-1)
        eq = i;
      i++;
    }
    if (i > start) {
      kraw = src + start;
      klen = (eq == (size_t)-1 ? i : eq) - start;
      vraw = eq == (size_t)-1 ? "" : src + eq + 1;
      vlen = eq == (size_t)-1 ? 0 : i - eq - 1;
      if (klen > FORM_KEY_MAX * 3 || vlen > FORM_VALUE_MAX * 3)
        return FORM_TOO_LONG;
      key = url_decode(a, kraw, klen, true, &klen);
      value = url_decode(a, vraw, vlen, true, &vlen);
      if (!key || !value || !str_valid_text(key, klen) ||
          !str_valid_text(value, vlen))
        return FORM_BAD_ENCODING;
      if (klen > FORM_KEY_MAX || vlen > FORM_VALUE_MAX)
        return FORM_TOO_LONG;
      if (!kv_add(a, out, key, klen, value, vlen))
        return FORM_TOO_MANY;
    }
    i++; /* past the '&' */
  }
  return FORM_OK;
}

const char *form_status_message(enum form_status s)
{
  switch (s) {
  case FORM_OK:
    return "";
  case FORM_BAD_ENCODING:
    return "The form could not be read: it holds characters that are not "
           "valid text.";
  case FORM_TOO_MANY:
    return "The form has too many fields.";
  case FORM_TOO_LONG:
    return "One of the fields is too long. Shorten it and try again.";
  }
  return "The form could not be read.";
}

void cookie_parse(struct arena *a, const char *header, struct kvlist *out)
{
  const char *p = header;

  while (p && *p && out->n < COOKIES_MAX) {
    const char *end = strchr(p, ';'), *eq;
    size_t len;

    if (!end)
      end = p + strlen(p);
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    len = (size_t)(end - p);
    eq = memchr(p, '=', len);
    if (eq && eq > p) {
      const char *v = eq + 1;
      size_t vlen = (size_t)(end - v);

      while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
        vlen--;
      if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
        v++, vlen -= 2;
      kv_add(a, out, p, (size_t)(eq - p), v, vlen);
    }
    p = *end ? end + 1 : end;
  }
}
