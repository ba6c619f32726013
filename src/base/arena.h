/* arena.h: a request's memory. Everything a request allocates comes from
 * its arena and is freed at once when the response completes (h2o's pool).
 * Not thread-safe: one arena belongs to one request. */
#ifndef TANDEM_BASE_ARENA_H
#define TANDEM_BASE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
  struct arena_block *head;
  size_t total; /* bytes handed out, for caps and logging */
};

void arena_init(struct arena *a);
/* arena_free: release every block; the arena is empty and reusable. */
void arena_free(struct arena *a);
/* arena_alloc: n zeroed bytes, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_printf: a formatted string in the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
