#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
  fprintf(stderr, "tandem: out of memory allocating %zu bytes\n", n);
  abort();
}

void *xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);

  if (!p)
    oom(n);
  return p;
}

void *xcalloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);

  if (!p)
    oom(count * size);
  return p;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
  void *q;

  if (size && count > SIZE_MAX / size)
    oom(SIZE_MAX);
  q = realloc(p, count && size ? count * size : 1);
  if (!q)
    oom(count * size);
  return q;
}

char *xstrdup(const char *s)
{
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *d = xmalloc(len + 1);

  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}
