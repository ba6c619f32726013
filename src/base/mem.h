/* mem.h: allocation that never returns NULL.
 *
 * Every input Tandem accepts is capped, so running out of memory is a bug:
 * these abort with a message instead of returning NULL (as Redis and Fossil
 * do). Free the results with free(). */
#ifndef TANDEM_BASE_MEM_H
#define TANDEM_BASE_MEM_H

#include <stddef.h>
#include <stdlib.h> /* free() */

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* xreallocarray: resize p to count * size bytes, aborting on overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
