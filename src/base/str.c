#include "base/str.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
  char *end;
  long long v;

  if (!s || !*s || isspace((unsigned char)*s))
    return false;
  errno = 0;
  v = strtoll(s, &end, 10);
  if (errno || *end || v < min || v > max)
    return false;
  *out = v;
  return true;
}

bool str_eq(const char *a, const char *b)
{
  return a && b && strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
  size_t n;

  while (*s && isspace((unsigned char)*s))
    s++;
  n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  return s;
}

char *str_lower(char *s)
{
  for (char *p = s; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return s;
}

bool str_copy(char *dst, size_t n, const char *src)
{
  size_t len = strlen(src);

  if (!n)
    return false;
  if (len >= n) {
    memcpy(dst, src, n - 1);
    dst[n - 1] = '\0';
    return false;
  }
  memcpy(dst, src, len + 1);
  return true;
}

bool str_valid_text(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s, *end = p + len;

  while (p < end) {
    unsigned c = *p, need;
    uint32_t cp;

    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
        return false;
      if (c == 0x7f)
        return false;
      p++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf)
      need = 1, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
      need = 2, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
      need = 3, cp = c & 0x07;
    else
      return false;
    if ((size_t)(end - p) <= need)
      return false;
    for (unsigned i = 1; i <= need; i++) {
      if ((p[i] & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    p += need + 1;
  }
  return true;
}
