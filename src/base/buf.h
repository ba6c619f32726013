/* buf.h: growable byte buffers with a hard cap and a sticky error.
 *
 * Past the cap an append does nothing and marks the buffer (SQLite's
 * StrAccum, curl's dynbuf): callers append freely and check buf_failed()
 * once at the end. The content is always NUL-terminated. */
#ifndef TANDEM_BASE_BUF_H
#define TANDEM_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
  char *data;    /* NUL-terminated; NULL until the first append */
  size_t len;    /* bytes used, without the NUL */
  size_t alloc;  /* bytes allocated */
  size_t cap;    /* the most len may reach */
  bool overflow; /* sticky: an append went past cap */
};

/* buf_init: an empty buffer that may grow to cap bytes. Allocates lazily. */
void buf_init(struct buf *b, size_t cap);
/* buf_free: release the storage; the buffer is empty and reusable. */
void buf_free(struct buf *b);
/* buf_reset: empty the buffer, keeping its storage and clearing the error. */
void buf_reset(struct buf *b);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* buf_cstr: the content, "" when empty; owned by the buffer. */
const char *buf_cstr(const struct buf *b);
static inline bool buf_failed(const struct buf *b)
{
  return b->overflow;
}

#endif
