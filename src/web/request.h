/* web/request.h: one HTTP request and its response, as handlers see them.
 * Everything in it lives in r->arena and dies with the request. Only
 * http.c knows libmicrohttpd; handlers see this. */
#ifndef TANDEM_WEB_REQUEST_H
#define TANDEM_WEB_REQUEST_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/err.h"
#include "domain/accounts.h"
#include "store/db.h"
#include "web/form.h"
#include "web/multipart.h"

#include <stdbool.h>
#include <stdint.h>

enum { ROUTE_PARAMS_MAX = 4, RESPONSE_HEADERS_MAX = 8,
       PAGE_BODY_MAX = 8 << 20 };

struct route;

struct request {
  struct arena arena;
  struct buf out; /* the response body */
  const struct config *cfg;
  struct db *db; /* this worker thread's connection */

  /* What came in. */
  const char *method; /* "GET", "POST", ... */
  const char *path;   /* decoded, without the query string */
  struct kvlist query, form, cookies;
  /* Files of a multipart/form-data POST (their fields are in form). */
  struct multipart_part *files;
  int nfiles;
  const char *body;
  size_t body_len;
  char ip[64];
  int port;   /* the port the server is bound to (for --port 0) */
  void *conn; /* http.c's connection, for request_header() */
  const char *(*header_fn)(void *conn, const char *name);
  const struct route *route;
  const char *params[ROUTE_PARAMS_MAX]; /* {name} parts of the path */
  int nparams;

  /* Who is asking. */
  bool signed_in;
  struct session session;
  char csrf[64]; /* the token this page's forms carry */
  int64_t api_key_id; /* the API key the call was made with, or 0 */
  bool api_key_write; /* ... and whether it may write */

  /* What goes out. */
  int status;
  const char *content_type;
  struct kv headers[RESPONSE_HEADERS_MAX];
  int nheaders;
  bool cacheable; /* static assets: may be cached; pages: no-store */
  int64_t start_us;
};

/* request_header: a request header's value, or NULL. */
const char *request_header(struct request *r, const char *name);
/* request_param: the i-th {name} part of the matched route's path. */
const char *request_param(struct request *r, int i);
/* request_param_id: the i-th path part as a positive id, or 0. */
int64_t request_param_id(struct request *r, int i);
/* form_value: a POSTed field, "" when absent (never NULL). */
const char *form_value(struct request *r, const char *name);
/* query_value: a query string field, "" when absent (never NULL). */
const char *query_value(struct request *r, const char *name);
/* response_header: add a response header (both strings must live as long
 * as the request: literals or arena strings). */
void response_header(struct request *r, const char *name, const char *value);
/* response_cookie: Set-Cookie name=value with HttpOnly, SameSite=Lax,
 * Path=/, Secure when configured; max_age < 0 for a session cookie, 0 to
 * delete. */
void response_cookie(struct request *r, const char *name, const char *value,
                     int max_age);
/* request_csrf: the token this page's forms must carry; for a signed-out
 * visitor without one, a new token, set in the CSRF_COOKIE cookie. */
const char *request_csrf(struct request *r);
#define CSRF_COOKIE "tandem_csrf"

/* redirect: 303 See Other to a local path. Returns 0 for the handler. */
int redirect(struct request *r, const char *location);
/* is_api: whether the request is for the JSON API (/api/...). */
bool is_api(const struct request *r);

#endif
