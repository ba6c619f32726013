/* web/http.c: the only file that knows libmicrohttpd. It turns MHD's
 * callbacks into a struct request, runs the router, and turns the result
 * into a response with the security headers every response carries. It
 * also enforces the size caps and logs one line per request. */
#include "web/http.h"

#include "domain/access.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "web/layout.h"
#include "web/router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct http_server {
  struct MHD_Daemon *daemon;
  const struct config *cfg;
  MHD_socket listen_fd;
  int port;
};

static atomic_int in_flight;
static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------- one db per worker thread */

static void close_thread_db(void *db)
{
  db_close(db);
}

static void make_db_key(void)
{
  pthread_key_create(&db_key, close_thread_db);
}

static struct db *thread_db(const struct config *cfg)
{
  struct db *db;
  char err[256];

  pthread_once(&db_key_once, make_db_key);
  db = pthread_getspecific(db_key);
  if (db)
    return db;
  if (db_open(cfg->db, &db, err, sizeof(err))) {
    log_error("db_open=\"%s\"", err);
    return NULL;
  }
  pthread_setspecific(db_key, db);
  return db;
}

/* ----------------------------------------------------------------- requests */

struct pending {
  struct request r;
  struct buf body;
  int64_t cap; /* the body's cap: --max-body, or --max-upload on uploads */
  bool too_big;
  bool url_too_long;
};

static const char *mhd_header(void *conn, const char *name)
{
  return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value)
{
  struct request *r = cls;

  (void)kind;
  if (!value)
    value = "";
  if (!str_valid_text(key, strlen(key)) ||
      !str_valid_text(value, strlen(value)))
    return MHD_YES; /* a malformed argument reads as absent */
  kv_add(&r->arena, &r->query, key, strlen(key), value, strlen(value));
  return MHD_YES;
}

static void client_address(struct MHD_Connection *conn, struct request *r)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr *sa = ci ? ci->client_addr : NULL;

  str_copy(r->ip, sizeof(r->ip), "unknown");
  if (sa && sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
              r->ip, sizeof(r->ip));
  else if (sa && sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6,
              &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
              r->ip, sizeof(r->ip));
  if (r->cfg->trust_proxy) {
    /* nginx on loopback appends the client to X-Forwarded-For: the last
     * entry is the one our proxy saw. */
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                  "X-Forwarded-For");
    const char *last = xff ? strrchr(xff, ',') : NULL;

    if (xff && (str_eq(r->ip, "127.0.0.1") || str_eq(r->ip, "::1"))) {
      char tmp[64];

      str_copy(tmp, sizeof(tmp), last ? last + 1 : xff);
      str_copy(r->ip, sizeof(r->ip), str_trim(tmp));
    }
  }
}

static void add_security_headers(struct MHD_Response *resp, bool cacheable)
{
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; "
                          "frame-ancestors 'none'; base-uri 'none'; "
                          "form-action 'self'");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(resp, "Cache-Control",
                          cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct request *r)
{
  struct MHD_Response *resp;
  enum MHD_Result ret;

  if (buf_failed(&r->out))
    http_fail(r, 500, NULL);
  /* For HEAD, MHD sends the headers (with the length) and drops the body. */
  resp = MHD_create_response_from_buffer(r->out.len,
                                         (void *)buf_cstr(&r->out),
                                         MHD_RESPMEM_MUST_COPY);
  if (!resp)
    return MHD_NO;
  add_security_headers(resp, r->cacheable);
  MHD_add_response_header(resp, "Content-Type",
                          r->content_type ? r->content_type
                                          : "text/plain; charset=utf-8");
  for (int i = 0; i < r->nheaders; i++)
    MHD_add_response_header(resp, r->headers[i].key, r->headers[i].value);
  ret = MHD_queue_response(conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  /* An invitation's path is its secret (a single-use link), and so is a
   * calendar feed's: log the route's pattern instead, so the log never
   * holds a usable token. */
  log_info("method=%s route=%s path=%s status=%d us=%lld user=%lld",
           r->method, r->route ? r->route->pattern : "-",
           str_starts(r->path, "/invitations/") ? "/invitations/{token}"
           : str_starts(r->path, "/calendar/")  ? "/calendar/{token}"
                                                : r->path,
           r->status,
           (long long)(clock_us() - r->start_us),
           (long long)(r->signed_in ? r->session.user.id : 0));
  return ret;
}

static bool is_form_post(struct request *r)
{
  const char *ct = request_header(r, "Content-Type");

  return ct && strncasecmp(ct, "application/x-www-form-urlencoded",
                           strlen("application/x-www-form-urlencoded")) == 0;
}

static bool is_multipart(struct request *r)
{
  const char *ct = request_header(r, "Content-Type");

  return ct && strncasecmp(ct, "multipart/form-data",
                           strlen("multipart/form-data")) == 0;
}

/* A multipart/form-data body: its text fields into r->form (where the
 * CSRF check finds _csrf), its files into r->files. 0, or the status to
 * fail with. */
static int parse_multipart(struct request *r)
{
  char boundary[MULTIPART_BOUNDARY_MAX + 1];
  struct multipart_part *parts;
  int n;

  if (!multipart_boundary(request_header(r, "Content-Type"), boundary,
                          sizeof(boundary)))
    return 400;
  parts = arena_alloc(&r->arena, sizeof(*parts) * MULTIPART_PARTS_MAX);
  if (multipart_parse(&r->arena, r->body, r->body_len, boundary, parts,
                      MULTIPART_PARTS_MAX, &n) != MULTIPART_OK)
    return 400;
  r->files = arena_alloc(&r->arena, sizeof(*parts) * (size_t)n + 1);
  for (int i = 0; i < n; i++) {
    if (parts[i].filename) {
      r->files[r->nfiles++] = parts[i];
      continue;
    }
    if (parts[i].len > FORM_VALUE_MAX ||
        !str_valid_text(parts[i].name, strlen(parts[i].name)) ||
        !str_valid_text(parts[i].data, parts[i].len) ||
        !kv_add(&r->arena, &r->form, parts[i].name, strlen(parts[i].name),
                parts[i].data, parts[i].len))
      return 400;
  }
  return 0;
}

static void handle(struct http_server *s, struct MHD_Connection *conn,
                   struct pending *p)
{
  struct request *r = &p->r;
  enum form_status fs;

  if (p->url_too_long) {
    http_fail(r, 414, NULL);
    return;
  }
  if (p->too_big) {
    http_fail(r, 413,
              arena_printf(&r->arena,
                           "What you sent is larger than Tandem accepts "
                           "(%lld KB at most).",
                           (long long)p->cap / 1024));
    return;
  }
  r->db = thread_db(s->cfg);
  if (!r->db) {
    http_fail(r, 503, "Tandem cannot reach its database. Please try again "
                      "in a moment.");
    return;
  }
  MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, r);
  cookie_parse(&r->arena, request_header(r, "Cookie"), &r->cookies);
  r->body = buf_cstr(&p->body);
  r->body_len = p->body.len;
  if (r->body_len && is_form_post(r)) {
    fs = form_parse(&r->arena, r->body, r->body_len, &r->form);
    if (fs != FORM_OK) {
      http_fail(r, fs == FORM_BAD_ENCODING ? 400 : 413,
                form_status_message(fs));
      return;
    }
  } else if (r->body_len && is_multipart(r) && parse_multipart(r)) {
    http_fail(r, 400, "The form could not be read: it is not "
                      "multipart/form-data as a browser sends it.");
    return;
  }
  router_dispatch(r);
}

/* Whether this request may send an upload's larger body: only a visitor
 * signed in with a role the route allows, so that nobody else can make the
 * server hold --max-upload bytes per connection. */
static bool may_upload(struct http_server *s, struct MHD_Connection *conn,
                       struct pending *p, const struct route *rt)
{
  struct kvlist cookies = {0};
  struct session sess;
  const char *token;
  struct db *db;

  cookie_parse(&p->r.arena,
               MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"),
               &cookies);
  token = kv_get(&cookies, "tandem_session");
  if (!token || !(db = thread_db(s->cfg)))
    return false;
  if (session_resolve(db, token, &sess))
    return false;
  return access_has_role(&sess.user, rt->who & ROLE_ALL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **ctx)
{
  struct http_server *s = cls;
  struct pending *p = *ctx;

  (void)version;
  if (!p) {
    const char *cl;
    int64_t len;

    p = xcalloc(1, sizeof(*p));
    atomic_fetch_add(&in_flight, 1);
    *ctx = p;
    arena_init(&p->r.arena);
    buf_init(&p->r.out, PAGE_BODY_MAX);
    /* Upload routes take a larger body; the route is known from the URL
     * already (router_match is pure). */
    {
      const char *params[ROUTE_PARAMS_MAX];
      int nparams;
      bool known;
      const struct route *rt = router_match(routes, &p->r.arena, method, url,
                                            params, &nparams, &known);

      p->cap = s->cfg->max_body;
      if (rt && (rt->flags & ROUTE_UPLOAD) && may_upload(s, conn, p, rt))
        p->cap = s->cfg->max_upload;
    }
    buf_init(&p->body, (size_t)p->cap);
    p->r.cfg = s->cfg;
    p->r.port = s->port;
    p->r.start_us = clock_us();
    p->r.status = 200;
    p->r.conn = conn;
    p->r.header_fn = mhd_header;
    p->r.method = arena_strdup(&p->r.arena, method);
    p->r.path = arena_strdup(&p->r.arena, url);
    client_address(conn, &p->r);
    if (strlen(url) > HTTP_URL_MAX)
      p->url_too_long = true;
    cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && (!str_to_i64(cl, 0, INT64_MAX, &len) || len > p->cap))
      p->too_big = true;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!p->too_big) {
      buf_append(&p->body, upload, *upload_size);
      p->too_big = buf_failed(&p->body);
    }
    *upload_size = 0; /* consumed (or dropped, past the cap) */
    return MHD_YES;
  }
  handle(s, conn, p);
  if (p->r.db)
    db_settle(p->r.db);
  return respond(conn, &p->r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
  struct pending *p = *ctx;

  (void)cls;
  (void)conn;
  (void)why;
  if (!p)
    return;
  buf_free(&p->body);
  buf_free(&p->r.out);
  arena_free(&p->r.arena);
  free(p);
  *ctx = NULL;
  atomic_fetch_sub(&in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
  char msg[512];
  size_t n;

  (void)cls;
  vsnprintf(msg, sizeof(msg), fmt, ap);
  n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
    msg[--n] = '\0';
  log_warn("mhd=\"%s\"", msg);
}

int http_start(const struct config *cfg, struct http_server **out, char *err,
               size_t errsize)
{
  struct http_server *s = xcalloc(1, sizeof(*s));
  struct sockaddr_in6 a6;
  struct sockaddr_in a4;
  const struct sockaddr *addr;
  unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads
                                      : 2 * (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG;
  const union MHD_DaemonInfo *info;

  memset(&a4, 0, sizeof(a4));
  memset(&a6, 0, sizeof(a6));
  if (inet_pton(AF_INET, cfg->bind, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)cfg->port);
    addr = (const struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, cfg->bind, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)cfg->port);
    addr = (const struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    snprintf(err, errsize, "--bind %s is not an IPv4 or IPv6 address",
             cfg->bind);
    free(s);
    return ERR_INPUT;
  }
  if (cfg->port < 0 || cfg->port > 65535) {
    snprintf(err, errsize, "--port %d is not a port number", cfg->port);
    free(s);
    return ERR_INPUT;
  }
  s->cfg = cfg;
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
      MHD_OPTION_SOCK_ADDR, addr,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_HEADERS_MAX * 2,
      MHD_OPTION_CONNECTION_TIMEOUT, 30u,
      MHD_OPTION_CONNECTION_LIMIT, 4000u,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
      MHD_OPTION_END);
  if (!s->daemon) {
    snprintf(err, errsize,
             "cannot listen on %s:%d (is another server using that port?)",
             cfg->bind, cfg->port);
    free(s);
    return ERR_IO;
  }
  info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : cfg->port;
  *out = s;
  return 0;
}

int http_port(struct http_server *s)
{
  return s->port;
}

void http_stop(struct http_server *s, int grace_ms)
{
  struct timespec tick = {0, 20 * 1000 * 1000};

  s->listen_fd = MHD_quiesce_daemon(s->daemon);
  for (int waited = 0; atomic_load(&in_flight) > 0 && waited < grace_ms;
       waited += 20)
    nanosleep(&tick, NULL);
  MHD_stop_daemon(s->daemon);
  if (s->listen_fd != MHD_INVALID_SOCKET)
    close(s->listen_fd);
  free(s);
}
