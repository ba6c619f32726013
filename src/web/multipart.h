/* web/multipart.h: multipart/form-data bodies (RFC 7578), as a browser
 * sends a form with a file. Pure functions over bytes, so the fuzzer can
 * drive them: no libmicrohttpd, no database. */
#ifndef TANDEM_WEB_MULTIPART_H
#define TANDEM_WEB_MULTIPART_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

enum {
  MULTIPART_PARTS_MAX = 64,        /* parts in one body */
  MULTIPART_HEADERS_MAX = 8 * 1024, /* bytes of one part's headers */
  MULTIPART_BOUNDARY_MAX = 70,     /* RFC 2046 */
};

/* One part. name and filename (NULL for a plain field) and content_type
 * (NULL when not given) live in the arena; data points into the body
 * passed to multipart_parse (not copied, not NUL-terminated). */
struct multipart_part {
  const char *name, *filename, *content_type;
  const char *data;
  size_t len;
};

enum multipart_status {
  MULTIPART_OK = 0,
  MULTIPART_BAD,      /* not multipart/form-data as RFC 7578 writes it */
  MULTIPART_TOO_MANY, /* more than max parts */
};

/* multipart_boundary: the boundary parameter of a Content-Type header
 * "multipart/form-data; boundary=..." (quoted or not) into out (size
 * bytes). false when the header is not multipart/form-data or has no
 * valid boundary. */
bool multipart_boundary(const char *content_type, char *out, size_t size);

/* multipart_parse: split body (len bytes) at boundary into parts[0..*n),
 * at most max. Parts without a name are dropped. */
enum multipart_status multipart_parse(struct arena *a, const char *body,
                                      size_t len, const char *boundary,
                                      struct multipart_part *parts, int max,
                                      int *n);

#endif
