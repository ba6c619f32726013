#include "base/buf.h"

#include "base/mem.h"

#include <stdio.h>
#include <string.h>

void buf_init(struct buf *b, size_t cap)
{
  memset(b, 0, sizeof(*b));
  b->cap = cap;
}

void buf_free(struct buf *b)
{
  free(b->data);
  buf_init(b, b->cap);
}

void buf_reset(struct buf *b)
{
  b->len = 0;
  b->overflow = false;
  if (b->data)
    b->data[0] = '\0';
}

/* Make room for n more bytes and the NUL; false (and the sticky error) when
 * that would pass the cap. */
static bool reserve(struct buf *b, size_t n)
{
  size_t want;

  if (b->overflow || n > b->cap - b->len) {
    b->overflow = true;
    return false;
  }
  want = b->len + n + 1;
  if (want > b->alloc) {
    size_t a = b->alloc ? b->alloc : 256;

    while (a < want)
      a *= 2;
    b->data = xreallocarray(b->data, a, 1);
    b->alloc = a;
  }
  return true;
}

void buf_append(struct buf *b, const void *data, size_t len)
{
  if (!reserve(b, len))
    return;
  memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
  buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
  buf_append(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  int n;

  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0 || !reserve(b, (size_t)n)) {
    b->overflow = true;
    return;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

const char *buf_cstr(const struct buf *b)
{
  return b->data ? b->data : "";
}
