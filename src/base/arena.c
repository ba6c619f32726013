#include "base/arena.h"

#include "base/mem.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

enum { BLOCK_SIZE = 8192 };

struct arena_block {
  struct arena_block *next;
  size_t used, size;
  alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
  a->head = NULL;
  a->total = 0;
}

void arena_free(struct arena *a)
{
  struct arena_block *b = a->head;

  while (b) {
    struct arena_block *next = b->next;

    free(b);
    b = next;
  }
  arena_init(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
  const size_t align = alignof(max_align_t);
  struct arena_block *b = a->head;
  void *p;

  n = (n + align - 1) & ~(align - 1);
  if (!b || b->size - b->used < n) {
    size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

    b = xmalloc(sizeof(*b) + size);
    b->used = 0;
    b->size = size;
    /* A large one-off goes behind the head so the head keeps its room. */
    if (a->head && n > BLOCK_SIZE) {
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  p = b->data + b->used;
  b->used += n;
  a->total += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *d = arena_alloc(a, len + 1);

  memcpy(d, s, len);
  return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
  char small[128];
  va_list ap;
  int n;
  char *s;

  /* Most strings fit the small buffer: format once, copy. */
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (n < 0)
    return arena_strdup(a, "");
  if ((size_t)n < sizeof(small))
    return arena_strndup(a, small, (size_t)n);
  s = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}
