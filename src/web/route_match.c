/* web/route_match.c: matching a path against the route table. Pure (no
 * libmicrohttpd, no database), so the unit tests and the fuzzer link it
 * alone. */
#include "web/router.h"

#include <string.h>

/* Match one pattern against path; captures {name} segments. */
static bool match_pattern(const char *pat, const char *path, struct arena *a,
                          const char **params, int *nparams)
{
  int n = 0;

  while (*pat && *path) {
    if (*pat == '{') {
      const char *pend = strchr(pat, '}');
      const char *seg = path;

      if (!pend)
        return false;
      while (*path && *path != '/')
        path++;
      if (path == seg || n >= ROUTE_PARAMS_MAX)
        return false;
      params[n++] = arena_strndup(a, seg, (size_t)(path - seg));
      pat = pend + 1;
      continue;
    }
    if (*pat != *path)
      return false;
    pat++;
    path++;
  }
  if (*pat || *path)
    return false;
  *nparams = n;
  return true;
}

const struct route *router_match(const struct route *table, struct arena *a,
                                 const char *method, const char *path,
                                 const char **params, int *nparams,
                                 bool *path_known)
{
  *path_known = false;
  *nparams = 0;
  for (const struct route *rt = table; rt->method; rt++) {
    int n;

    if (!match_pattern(rt->pattern, path, a, params, &n))
      continue;
    /* HEAD is answered as GET, without the body (http.c drops it). */
    if (strcmp(rt->method, method) == 0 ||
        (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
      *nparams = n;
      return rt;
    }
    *path_known = true;
  }
  return NULL;
}

