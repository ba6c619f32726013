#include "web/html.h"

#include "base/log.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void escape_n(struct buf *out, const char *s, size_t n)
{
  const char *run = s;

  for (size_t i = 0; i < n; i++) {
    const char *rep;

    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    buf_append(out, run, (size_t)(s + i - run));
    buf_puts(out, rep);
    run = s + i + 1;
  }
  buf_append(out, run, (size_t)(s + n - run));
}

void html_escape(struct buf *out, const char *s)
{
  if (s)
    escape_n(out, s, strlen(s));
}

void url_encode(struct buf *out, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
      buf_putc(out, (char)*p);
    } else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};

      buf_append(out, e, 3);
    }
  }
}

/* Format one conversion spec (spec, NUL-terminated, e.g. "%-5ld") with the
 * next argument of ap, which it consumes, into out. */
#define EMIT(type)                                                             \
  do {                                                                         \
    type v_ = va_arg(*ap, type);                                               \
    if (star)                                                                  \
      buf_printf(out, spec, starval, v_);                                      \
    else                                                                       \
      buf_printf(out, spec, v_);                                               \
  } while (0)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void emit(struct buf *out, const char *spec, char conv, const char *len,
                 bool star, va_list *ap)
{
  int starval = star ? va_arg(*ap, int) : 0;
  bool is_signed = conv == 'd' || conv == 'i';

  if (conv == 's') {
    const char *s = va_arg(*ap, const char *);
    size_t n = s ? strlen(s) : 0;
    const char *dot = strchr(spec, '.');

    if (!s)
      s = "";
    if (dot) { /* precision: at most that many bytes */
      long p = star ? starval : strtol(dot + 1, NULL, 10);

      if (p >= 0 && (size_t)p < n)
        n = (size_t)p;
    }
    escape_n(out, s, n);
    return;
  }
  if (conv == 'c') {
    char c = (char)va_arg(*ap, int);

    escape_n(out, &c, 1);
    return;
  }
  if (!strcmp(len, "ll")) {
    if (is_signed)
      EMIT(long long);
    else
      EMIT(unsigned long long);
  } else if (!strcmp(len, "l")) {
    if (is_signed)
      EMIT(long);
    else
      EMIT(unsigned long);
  } else if (!strcmp(len, "z") || !strcmp(len, "t")) {
    if (is_signed)
      EMIT(ptrdiff_t);
    else
      EMIT(size_t);
  } else if (!strcmp(len, "j")) {
    if (is_signed)
      EMIT(intmax_t);
    else
      EMIT(uintmax_t);
  } else if (is_signed) { /* hh and h promote to int */
    EMIT(int);
  } else {
    EMIT(unsigned);
  }
}
#pragma GCC diagnostic pop

void html_printf(struct buf *out, const char *fmt, ...)
{
  va_list ap;
  const char *p = fmt, *run = fmt;

  va_start(ap, fmt);
  while ((p = strchr(p, '%'))) {
    char spec[32], len[3] = "";
    const char *q = p + 1;
    bool star = false;
    size_t n;

    buf_append(out, run, (size_t)(p - run));
    if (*q == '%') {
      buf_putc(out, '%');
      run = p = q + 1;
      continue;
    }
    while (*q && strchr("-+ #0", *q))
      q++;
    while (*q >= '0' && *q <= '9')
      q++;
    if (*q == '.') {
      q++;
      if (*q == '*')
        star = true, q++;
      while (*q >= '0' && *q <= '9')
        q++;
    }
    for (int i = 0; i < 2 && *q && strchr("hlzjt", *q); i++)
      len[i] = *q++;
    if (!*q || !strchr("diuxXcs", *q) || (size_t)(q - p + 1) >= sizeof(spec))
      BUG("html_printf: unsupported conversion");
    n = (size_t)(q - p + 1);
    memcpy(spec, p, n);
    spec[n] = '\0';
    emit(out, spec, *q, len, star, &ap);
    run = p = q + 1;
  }
  buf_puts(out, run);
  va_end(ap);
}
