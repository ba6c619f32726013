/* web/router.h: the route table, and the checks every request passes
 * before its handler runs: the route exists, the visitor holds a role the
 * route allows, and a form carries the right CSRF token from our own
 * origin. The handler then checks the scope (domain/access.h). */
#ifndef TANDEM_WEB_ROUTER_H
#define TANDEM_WEB_ROUTER_H

#include "web/request.h"

/* Who may call a route: ANYONE, SIGNED_IN, or a mask of roles (any one of
 * which will do). */
enum {
  ANYONE = 0,
  SIGNED_IN = 1 << 16,
  ADMIN = ROLE_ADMIN,
  COORDINATOR = ROLE_COORDINATOR,
  CHAMPION = ROLE_CHAMPION,
  STUDENT = ROLE_STUDENT,
  STAFF = ROLE_ADMIN | ROLE_COORDINATOR | ROLE_CHAMPION,
  /* JSON API routes: an API key (Authorization: Bearer) with that scope
   * (a write key also reads), or else a session holding one of the roles
   * or'ed in (API_READ | STAFF). With no role or'ed in, only a key will
   * do. A call with a key is the key's: no cookie, no CSRF. */
  API_READ = 1 << 17,
  API_WRITE = 1 << 18,
};

/* Route flags. */
enum {
  ROUTE_NO_CSRF = 1 << 0,    /* a POST that needs no token (none yet) */
  ROUTE_NO_SESSION = 1 << 1, /* ANYONE routes that never look at the
                                visitor (static files, health): skip the
                                session lookup */
  ROUTE_UPLOAD = 1 << 2,     /* takes a file: the body may be up to
                                --max-upload bytes, not --max-body */
};

typedef int (*handler_fn)(struct request *r);

struct route {
  const char *method;
  const char *pattern; /* "/admin/users/{id}" */
  unsigned who;
  handler_fn handler;
  unsigned flags;
};

/* The application's table, in web/routes.c, ended by a NULL method. */
extern const struct route routes[];

/* router_match: the route for method and path in table, capturing the
 * {name} segments into params (at most ROUTE_PARAMS_MAX, each in the
 * arena). NULL when none; then *path_known says whether the path exists
 * for another method (405 rather than 404). Pure: fuzzed. */
const struct route *router_match(const struct route *table, struct arena *a,
                                 const char *method, const char *path,
                                 const char **params, int *nparams,
                                 bool *path_known);

/* route_allows: the answer the role check gives a caller of a route that
 * admits who: 0 to go on, 401 (no credentials) or 403. key is 0 for no
 * API key, 'r' for a read key, 'w' for a write key; a key counts only on
 * routes that admit API_READ or API_WRITE. roles are the session's when
 * signed_in. Pure (web/route_access.c, unit-tested). */
int route_allows(unsigned who, int key, bool signed_in, unsigned roles);

/* router_dispatch: run the checks and the handler, leaving the response in
 * r (status, body, headers). Never fails: errors become error pages. */
void router_dispatch(struct request *r);

#endif
