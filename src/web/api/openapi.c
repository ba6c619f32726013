/* web/api/openapi.c: GET /api/v1/openapi.json, the OpenAPI 3 document of
 * /api/v1, kept as static/openapi.json (built into the binary).
 * tests/http/api.test.mjs checks that it matches the route table. */
#include "base/embedded.h"
#include "web/api/resources.h"
#include "web/layout.h"

#include <string.h>

extern const struct embedded_file web_static_files[];

int api_openapi(struct request *r)
{
  for (const struct embedded_file *f = web_static_files; f->name; f++) {
    if (strcmp(f->name, "openapi.json") == 0) {
      r->content_type = "application/json";
      buf_append(&r->out, f->data, f->size);
      return buf_failed(&r->out) ? ERR_TOOBIG : 0;
    }
  }
  return ERR_NOTFOUND;
}
