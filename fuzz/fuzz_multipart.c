/* fuzz_multipart: libFuzzer target for the multipart/form-data parser.
 * The input's first line is the Content-Type header, the rest the body.
 * Every part must lie inside the body. */
#include "web/multipart.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *nl = memchr(data, '\n', size);
  char ct[256], boundary[MULTIPART_BOUNDARY_MAX + 1];
  struct multipart_part parts[MULTIPART_PARTS_MAX];
  const char *body;
  size_t len, hl;
  struct arena a;
  int n;

  if (!nl || (hl = (size_t)(nl - (const char *)data)) >= sizeof(ct))
    return 0;
  memcpy(ct, data, hl);
  ct[hl] = '\0';
  body = nl + 1;
  len = size - hl - 1;
  if (!multipart_boundary(ct, boundary, sizeof(boundary)))
    return 0;
  arena_init(&a);
  if (multipart_parse(&a, body, len, boundary, parts, MULTIPART_PARTS_MAX,
                      &n) == MULTIPART_OK)
    for (int i = 0; i < n; i++)
      if (!parts[i].name || parts[i].data < body ||
          parts[i].data + parts[i].len > body + len)
        __builtin_trap();
  arena_free(&a);
  return 0;
}
