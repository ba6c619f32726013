/* web/multipart.c: the multipart/form-data parser of web/multipart.h. */
#include "web/multipart.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

bool multipart_boundary(const char *ct, char *out, size_t size)
{
  static const char type[] = "multipart/form-data";
  const char *p;
  size_t n = 0;

  if (!ct || strncasecmp(ct, type, sizeof(type) - 1) != 0)
    return false;
  for (p = ct + sizeof(type) - 1; *p;) {
    while (*p == ';' || *p == ' ' || *p == '\t')
      p++;
    if (strncasecmp(p, "boundary=", 9) == 0) {
      bool quoted;

      p += 9;
      quoted = *p == '"';
      p += quoted;
      while (*p && (quoted ? *p != '"' : (*p != ';' && *p != ' ')) &&
             n + 1 < size && n < MULTIPART_BOUNDARY_MAX)
        out[n++] = *p++;
      if ((quoted && *p != '"') ||
          (*p && !quoted && *p != ';' && *p != ' ') || n == 0)
        return false;
      out[n] = '\0';
      return true;
    }
    while (*p && *p != ';')
      p++;
  }
  return false;
}

/* A parameter's value from a Content-Disposition header: name="x" (the
 * quoted string, with backslash escapes as browsers do not but RFC 2616
 * allows), or NULL. Matches the parameter name exactly, not "filename"
 * for "name". */
static const char *disposition_param(struct arena *a, const char *h,
                                     size_t hlen, const char *param)
{
  size_t plen = strlen(param);

  for (size_t i = 0; i + plen + 1 < hlen; i++) {
    if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') &&
        strncasecmp(h + i, param, plen) == 0 && h[i + plen] == '=') {
      const char *v = h + i + plen + 1, *end = h + hlen;
      char *out = arena_alloc(a, (size_t)(end - v) + 1);
      size_t n = 0;

      if (v < end && *v == '"') {
        for (v++; v < end && *v != '"'; v++) {
          if (*v == '\\' && v + 1 < end)
            v++;
          out[n++] = *v;
        }
        if (v >= end)
          return NULL;
      } else {
        while (v < end && *v != ';' && *v != ' ' && *v != '\r')
          out[n++] = *v++;
      }
      out[n] = '\0';
      return out;
    }
  }
  return NULL;
}

/* The value of header name in a part's header block, or NULL. */
static bool header_line(const char *h, size_t hlen, const char *name,
                        const char **value, size_t *vlen)
{
  size_t nlen = strlen(name);
  const char *p = h, *end = h + hlen;

  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *lend = eol ? eol : end;

    if ((size_t)(lend - p) > nlen && strncasecmp(p, name, nlen) == 0 &&
        p[nlen] == ':') {
      const char *v = p + nlen + 1;

      while (v < lend && (*v == ' ' || *v == '\t'))
        v++;
      while (lend > v && (lend[-1] == '\r' || lend[-1] == ' '))
        lend--;
      *value = v;
      *vlen = (size_t)(lend - v);
      return true;
    }
    p = eol ? eol + 1 : end;
  }
  return false;
}

/* The next delimiter in [p, end): CRLF "--" boundary followed by "--",
 * white space or CRLF (anything else is content that merely starts like
 * it). NULL when there is none. */
static const char *find_delimiter(const char *p, const char *end,
                                  const char *delim, size_t dlen)
{
  while (p < end) {
    const char *d = memmem(p, (size_t)(end - p), delim, dlen);
    const char *after;

    if (!d)
      return NULL;
    after = d + dlen;
    if (after < end && (*after == '-' || *after == '\r' || *after == ' ' ||
                        *after == '\t'))
      return d;
    p = d + 1;
  }
  return NULL;
}

enum multipart_status multipart_parse(struct arena *a, const char *body,
                                      size_t len, const char *boundary,
                                      struct multipart_part *parts, int max,
                                      int *n)
{
  char delim[MULTIPART_BOUNDARY_MAX + 5];
  size_t dlen, blen = strlen(boundary);
  const char *p, *end = body + len;

  *n = 0;
  if (blen == 0 || blen > MULTIPART_BOUNDARY_MAX)
    return MULTIPART_BAD;
  /* Between parts the delimiter is CRLF "--" boundary; the first may sit
   * at the very start of the body. */
  memcpy(delim, "\r\n--", 4);
  memcpy(delim + 4, boundary, blen);
  dlen = blen + 4;
  if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
    p = body + dlen - 2;
  else if ((p = memmem(body, len, delim, dlen)))
    p += dlen;
  else
    return MULTIPART_BAD;
  for (;;) {
    const char *hend, *next, *value;
    size_t vlen;
    struct multipart_part part = {0};

    /* After a delimiter: "--" ends the body; else optional whitespace and
     * CRLF start a part. */
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
      return MULTIPART_OK;
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
      return MULTIPART_BAD;
    p += 2;
    hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
    if (p < end && end - p >= 2 && p[0] == '\r' && p[1] == '\n')
      hend = p - 2; /* no headers at all */
    if (!hend || hend - p > MULTIPART_HEADERS_MAX)
      return MULTIPART_BAD;
    next = find_delimiter(hend + 4, end, delim, dlen);
    if (!next)
      return MULTIPART_BAD; /* the closing delimiter is missing */
    if (hend > p && header_line(p, (size_t)(hend - p), "Content-Disposition",
                                &value, &vlen)) {
      if (vlen >= 9 && strncasecmp(value, "form-data", 9) == 0) {
        part.name = disposition_param(a, value, vlen, "name");
        part.filename = disposition_param(a, value, vlen, "filename");
      }
      if (header_line(p, (size_t)(hend - p), "Content-Type", &value, &vlen))
        part.content_type = arena_strndup(a, value, vlen);
    }
    part.data = hend + 4;
    part.len = (size_t)(next - part.data);
    if (part.name) {
      if (*n >= max)
        return MULTIPART_TOO_MANY;
      parts[(*n)++] = part;
    }
    p = next + dlen;
  }
}
