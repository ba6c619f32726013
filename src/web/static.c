/* web/static.c: the CSS, JavaScript and icons built into the binary. */
#include "base/embedded.h"
#include "web/pages.h"

#include <string.h>

extern const struct embedded_file web_static_files[];

static const char *type_of(const char *name)
{
  const char *dot = strrchr(name, '.');

  if (!dot)
    return "application/octet-stream";
  if (!strcmp(dot, ".css"))
    return "text/css; charset=utf-8";
  if (!strcmp(dot, ".js"))
    return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".svg"))
    return "image/svg+xml";
  if (!strcmp(dot, ".png"))
    return "image/png";
  return "application/octet-stream";
}

int page_static(struct request *r)
{
  const char *name = request_param(r, 0);

  for (const struct embedded_file *f = web_static_files; f->name; f++) {
    if (strcmp(f->name, name) == 0) {
      r->content_type = type_of(f->name);
      r->cacheable = true;
      buf_append(&r->out, f->data, f->size);
      return 0;
    }
  }
  return ERR_NOTFOUND;
}
