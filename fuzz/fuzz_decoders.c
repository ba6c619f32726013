/* fuzz_decoders: libFuzzer target for what a browser sends: the form and
 * query decoder, the percent-decoder, the Cookie parser, the route
 * matcher and the HTML escaper. The first byte picks the decoder; the rest
 * is its input. Any crash, leak, overflow or undefined behaviour fails. */
#include "base/arena.h"
#include "base/buf.h"
#include "web/form.h"
#include "web/html.h"
#include "web/router.h"

#include <stdint.h>
#include <string.h>

static int handler(struct request *r)
{
  (void)r;
  return 0;
}

/* A table shaped like the application's, without its handlers. */
const struct route routes[] = {
    {"GET", "/", ANYONE, handler, 0},
    {"GET", "/static/{name}", ANYONE, handler, 0},
    {"GET", "/admin/users/{id}", ADMIN, handler, 0},
    {"POST", "/admin/users/{id}/roles", ADMIN, handler, 0},
    {"GET", "/schemes/{id}/runs/{run}", COORDINATOR, handler, 0},
    {NULL, NULL, 0, NULL, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct arena a;
  struct kvlist l = {0};
  char *text;
  size_t n;

  if (size < 1)
    return 0;
  arena_init(&a);
  text = arena_strndup(&a, (const char *)data + 1, size - 1);
  n = strlen(text);
  switch (data[0] % 5) {
  case 0:
    form_parse(&a, (const char *)data + 1, size - 1, &l);
    for (int i = 0; i < l.n; i++)
      if (strlen(l.items[i].key) > FORM_KEY_MAX ||
          strlen(l.items[i].value) > FORM_VALUE_MAX)
        __builtin_trap();
    break;
  case 1:
    url_decode(&a, (const char *)data + 1, size - 1, data[0] & 8, NULL);
    break;
  case 2:
    cookie_parse(&a, text, &l);
    if (l.n > COOKIES_MAX)
      __builtin_trap();
    break;
  case 3: {
    const char *params[ROUTE_PARAMS_MAX];
    int np;
    bool known;

    router_match(routes, &a, data[0] & 8 ? "POST" : "GET", text, params, &np,
                 &known);
    break;
  }
  case 4: {
    struct buf b;

    buf_init(&b, 1 << 20);
    html_escape(&b, text);
    if (memchr(buf_cstr(&b), '<', b.len) || memchr(buf_cstr(&b), '"', b.len))
      __builtin_trap(); /* escaping let markup through */
    url_encode(&b, text);
    buf_free(&b);
    (void)n;
    break;
  }
  }
  arena_free(&a);
  return 0;
}
