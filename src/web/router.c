#include "web/router.h"

#include "base/log.h"
#include "base/str.h"
#include "domain/access.h"
#include "domain/apikeys.h"
#include "web/html.h"
#include "web/layout.h"

#include <string.h>

/* ----------------------------------------------------------------- checks */

static const char *session_cookie = "tandem_session";

/* Who is asking: the session of the cookie, if any. An error other than
 * "no such session" (the database is unreachable) is returned, so the
 * visitor sees a 503 rather than being treated as signed out. */
static int resolve_visitor(struct request *r)
{
  const char *token = kv_get(&r->cookies, session_cookie);
  int rc;

  if (token) {
    rc = session_resolve(r->db, token, &r->session);
    if (rc == 0)
      r->signed_in = true;
    else if (rc == ERR_AUTH)
      response_cookie(r, session_cookie, "", 0); /* drop the stale cookie */
    else
      return rc;
  }
  if (r->signed_in) {
    str_copy(r->csrf, sizeof(r->csrf), r->session.csrf);
    return 0;
  }
  /* Signed out: a double-submit token in a cookie of its own, made when a
   * page first shows a form (request_csrf). */
  token = kv_get(&r->cookies, CSRF_COOKIE);
  if (token && strlen(token) == TOKEN_LEN)
    str_copy(r->csrf, sizeof(r->csrf), token);
  return 0;
}

/* The origin we serve from, for the Origin check on forms. */
static bool origin_ok(struct request *r)
{
  const char *origin = request_header(r, "Origin");
  const char *host = request_header(r, "Host");
  const char *base = r->cfg->base_url;
  size_t n;

  if (!origin)
    return true; /* older browsers: the token still protects */
  if (base[0]) {
    const char *p = strstr(base, "://");

    p = p ? strchr(p + 3, '/') : NULL;
    n = p ? (size_t)(p - base) : strlen(base);
    return strlen(origin) == n && strncmp(origin, base, n) == 0;
  }
  if (!host)
    return false;
  if (str_starts(origin, "http://"))
    return strcmp(origin + 7, host) == 0;
  if (str_starts(origin, "https://"))
    return strcmp(origin + 8, host) == 0;
  return false;
}

static bool csrf_ok(struct request *r)
{
  const char *sent = kv_get(&r->form, "_csrf");

  /* A JSON call from a signed-in page's script sends the token as a
   * header (a form cannot set one, another site's script cannot read
   * it). */
  if (!sent)
    sent = request_header(r, "X-CSRF-Token");

  if (!origin_ok(r))
    return false;
  if (r->signed_in)
    return session_csrf_ok(&r->session, sent);
  /* Signed out: the form's token must match the cookie it was paired with. */
  return sent && kv_get(&r->cookies, CSRF_COOKIE) &&
         strlen(sent) == TOKEN_LEN && strcmp(sent, r->csrf) == 0;
}

/* The methods the path answers, for the Allow header of a 405. */
static const char *allowed_methods(struct request *r)
{
  static const char *const methods[] = {"GET", "POST", "PUT", "PATCH",
                                        "DELETE"};
  const char *params[ROUTE_PARAMS_MAX];
  struct buf b;
  const char *out;
  bool known;
  int n;

  buf_init(&b, 64);
  for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
    if (!router_match(routes, &r->arena, methods[i], r->path, params, &n,
                      &known))
      continue;
    if (b.len)
      buf_puts(&b, ", ");
    buf_puts(&b, methods[i]);
  }
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static int fail_for(struct request *r, int rc)
{
  switch (rc) {
  case ERR_NOTFOUND:
    return http_fail(r, 404, NULL);
  case ERR_PERM:
    return http_fail(r, 403, NULL);
  case ERR_INPUT:
    return http_fail(r, 400, NULL);
  case ERR_TOOBIG:
    return http_fail(r, 413, NULL);
  case ERR_CONFLICT:
    return http_fail(r, 409, NULL);
  case ERR_LIMIT:
    return http_fail(r, 429, NULL);
  case ERR_AUTH:
    return http_fail(r, 401, NULL);
  }
  log_error("method=%s path=%s rc=%d error=\"%s\"", r->method, r->path, rc,
            err_str(rc));
  return http_fail(r, 500, NULL);
}

/* A call to an API route with "Authorization: Bearer KEY" is the key's
 * alone: no cookie, no CSRF (a script sends no cookies, and a browser
 * never adds this header by itself). Answers the call and returns false
 * when the key does not admit it. */
static bool key_admits(struct request *r, const struct route *rt)
{
  struct apikey_row k;
  int rc = apikey_resolve(r->db, request_header(r, "Authorization"), &k);
  int status;

  if (rc && rc != ERR_AUTH) {
    log_error("apikey_resolve=%d error=\"%s\"", rc, err_str(rc));
    http_fail(r, 503, NULL);
    return false;
  }
  if (rc == ERR_AUTH) {
    response_header(r, "WWW-Authenticate", "Bearer");
    http_fail(r, 401, "The API key is missing, malformed, unknown or "
                      "revoked. Send \"Authorization: Bearer tdm_...\" with "
                      "a live key.");
    return false;
  }
  r->api_key_id = k.id;
  r->api_key_write = str_eq(k.scope, "write");
  status = route_allows(rt->who, r->api_key_write ? 'w' : 'r', false, 0);
  if (status)
    http_fail(r, status, "This API key may only read. Ask an administrator "
                         "for a key with write scope.");
  return status == 0;
}

void router_dispatch(struct request *r)
{
  const struct route *rt;
  bool path_known;
  int rc;

  rt = router_match(routes, &r->arena, r->method, r->path, r->params,
                    &r->nparams, &path_known);
  r->route = rt;
  if (rt && (rt->who & (API_READ | API_WRITE)) &&
      request_header(r, "Authorization")) {
    if (key_admits(r, rt) && (rc = rt->handler(r)))
      fail_for(r, rc);
    return;
  }
  if (!(rt && (rt->flags & ROUTE_NO_SESSION)) && (rc = resolve_visitor(r))) {
    log_error("session_resolve=%d error=\"%s\"", rc, err_str(rc));
    http_fail(r, 503, "Tandem cannot reach its database just now. Please "
                      "try again in a moment.");
    return;
  }
  if (!rt) {
    if (path_known) {
      response_header(r, "Allow", allowed_methods(r));
      http_fail(r, 405, NULL);
    } else {
      http_fail(r, 404, NULL);
    }
    return;
  }
  if (rt->who != ANYONE && !r->signed_in) {
    if (rt->who & (API_READ | API_WRITE)) {
      response_header(r, "WWW-Authenticate", "Bearer");
      http_fail(r, 401, "Send an API key: \"Authorization: Bearer "
                        "tdm_...\".");
    } else if (is_api(r) || strcmp(r->method, "GET") != 0) {
      http_fail(r, 401, NULL);
    } else {
      struct buf to;

      buf_init(&to, 4096);
      buf_puts(&to, "/signin?next=");
      url_encode(&to, r->path);
      redirect(r, buf_failed(&to) ? "/signin" : buf_cstr(&to));
      buf_free(&to);
    }
    return;
  }
  if (route_allows(rt->who, 0, true, r->session.user.roles)) {
    http_fail(r, 403, rt->who & ROLE_ALL ? NULL
                                         : "This needs an API key: "
                                           "\"Authorization: Bearer "
                                           "tdm_...\".");
    return;
  }
  if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
      !(rt->flags & ROUTE_NO_CSRF) && !csrf_ok(r)) {
    log_info("csrf=rejected path=%s", r->path);
    http_fail(r, 403,
              "This form has expired or was sent from another site. Go "
              "back, reload the page and try again.");
    return;
  }
  rc = rt->handler(r);
  if (rc)
    fail_for(r, rc);
}
