/* embedded.h: files built into the binary by tools/embed.c. */
#ifndef TANDEM_BASE_EMBEDDED_H
#define TANDEM_BASE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
  const char *name;          /* base name, e.g. "0001_foundation.sql" */
  const unsigned char *data; /* NUL-terminated */
  size_t size;               /* without the NUL */
};

#endif
