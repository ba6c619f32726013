/* db_pg.c: the PostgreSQL back end (libpq). Each statement is prepared
 * once per connection (named s1, s2, ... and cached by the SQL literal's
 * address); parameters travel as text. A connection lost to a server
 * restart is re-established, and the statement retried once, when no
 * transaction was open. The only file that includes libpq-fe.h. */
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "store/db_backend.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PG_PARAMS_MAX = 32 };

struct db_stmt {
  struct db *db; /* first, as db.c expects */
  const char *key;
  char name[16];
  bool prepared;      /* on the current connection */
  int nparams;        /* highest parameter bound */
  char *values[PG_PARAMS_MAX];
  PGresult *res;
  int row, nrows;     /* the current row of res: -1 before the first */
};

struct pg_db {
  struct db head;
  PGconn *conn;
  struct db_stmt **cache;
  size_t cache_size, cache_used;
  int next_name;
  int64_t changes;
};

static struct pg_db *pg(struct db *db)
{
  return (struct pg_db *)db;
}

static size_t slot_of(const void *key, size_t size)
{
  uintptr_t h = (uintptr_t)key;

  h ^= h >> 17;
  h *= 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 7) & (size - 1);
}

static void cache_insert(struct pg_db *p, struct db_stmt *st)
{
  size_t i = slot_of(st->key, p->cache_size);

  while (p->cache[i])
    i = (i + 1) & (p->cache_size - 1);
  p->cache[i] = st;
  p->cache_used++;
}

static void cache_grow(struct pg_db *p)
{
  struct db_stmt **old = p->cache;
  size_t n = p->cache_size;

  p->cache_size = n ? n * 2 : 64;
  p->cache = xcalloc(p->cache_size, sizeof(*p->cache));
  p->cache_used = 0;
  for (size_t i = 0; i < n; i++)
    if (old[i])
      cache_insert(p, old[i]);
  free(old);
}

/* The SQLSTATE of a failed result, mapped to our errors: class 23
 * (integrity constraint) and 40 (serialization failure, deadlock) are
 * conflicts the caller can report or retry. */
static int error_of(PGresult *res)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

  if (state && (str_starts(state, "23") || str_starts(state, "40")))
    return ERR_CONFLICT;
  return ERR_DB;
}

static void forget_prepared(struct pg_db *p)
{
  for (size_t i = 0; i < p->cache_size; i++)
    if (p->cache[i])
      p->cache[i]->prepared = false;
}

/* After a failure outside a transaction: if the connection is gone, try
 * once to re-establish it. */
static bool reconnect(struct pg_db *p)
{
  if (PQstatus(p->conn) == CONNECTION_OK || p->head.tx_depth > 0)
    return false;
  PQreset(p->conn);
  forget_prepared(p);
  if (PQstatus(p->conn) != CONNECTION_OK)
    return false;
  log_warn("msg=\"reconnected to PostgreSQL\"");
  return true;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
  struct pg_db *p = pg(db);
  struct db_stmt *st;
  size_t i;

  if (p->cache_size) {
    for (i = slot_of(sql, p->cache_size); p->cache[i];
         i = (i + 1) & (p->cache_size - 1)) {
      if (p->cache[i]->key == sql) {
        *out = p->cache[i];
        return 0;
      }
    }
  }
  st = xcalloc(1, sizeof(*st));
  st->db = db;
  st->key = sql;
  st->row = -1;
  snprintf(st->name, sizeof(st->name), "s%d", ++p->next_name);
  if ((p->cache_used + 1) * 2 > p->cache_size)
    cache_grow(p);
  cache_insert(p, st);
  *out = st;
  return 0;
}

static void set_param(struct db_stmt *st, int i, char *v)
{
  if (i < 1 || i > PG_PARAMS_MAX)
    BUG("pg: parameter index out of range");
  free(st->values[i - 1]);
  st->values[i - 1] = v;
  if (i > st->nparams)
    st->nparams = i;
}

static void pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
  char text[24];

  snprintf(text, sizeof(text), "%lld", (long long)v);
  set_param(st, i, xstrdup(text));
}

static void pg_bind_text(struct db_stmt *st, int i, const char *s)
{
  set_param(st, i, s ? xstrdup(s) : NULL);
}

static void pg_bind_null(struct db_stmt *st, int i)
{
  set_param(st, i, NULL);
}

static PGresult *run_prepared(struct pg_db *p, struct db_stmt *st)
{
  if (!st->prepared) {
    PGresult *r = PQprepare(p->conn, st->name, st->key, 0, NULL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;

    if (!ok) {
      st->prepared = false;
      return r; /* the caller reports it */
    }
    PQclear(r);
    st->prepared = true;
  }
  return PQexecPrepared(p->conn, st->name, st->nparams,
                        (const char *const *)st->values, NULL, NULL, 0);
}

static int pg_step(struct db_stmt *st)
{
  struct pg_db *p = pg(st->db);
  ExecStatusType status;
  int rc;

  if (st->res) { /* rows of a statement already run */
    if (++st->row < st->nrows)
      return DB_ROW;
    return DB_DONE;
  }
  st->res = run_prepared(p, st);
  status = PQresultStatus(st->res);
  if (status == PGRES_FATAL_ERROR && reconnect(p)) {
    PQclear(st->res);
    st->res = run_prepared(p, st);
    status = PQresultStatus(st->res);
  }
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
    const char *n = PQcmdTuples(st->res);

    p->changes = n && *n ? strtoll(n, NULL, 10) : 0;
    st->nrows = PQntuples(st->res);
    st->row = 0;
    return st->nrows > 0 ? DB_ROW : DB_DONE;
  }
  rc = error_of(st->res);
  if (rc != ERR_CONFLICT)
    log_error("pg_step=\"%s\" sql=\"%.200s\"", PQresultErrorMessage(st->res),
              st->key);
  if (p->head.tx_depth > 0)
    p->head.tx_failed = true; /* PostgreSQL aborts the whole transaction */
  PQclear(st->res);
  st->res = NULL;
  return rc;
}

static int64_t pg_col_int(struct db_stmt *st, int i)
{
  if (!st->res || st->row < 0 || st->row >= st->nrows ||
      PQgetisnull(st->res, st->row, i))
    return 0;
  return strtoll(PQgetvalue(st->res, st->row, i), NULL, 10);
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
  if (!st->res || st->row < 0 || st->row >= st->nrows ||
      PQgetisnull(st->res, st->row, i))
    return NULL;
  return PQgetvalue(st->res, st->row, i);
}

static bool pg_col_null(struct db_stmt *st, int i)
{
  return !st->res || st->row < 0 || st->row >= st->nrows ||
         PQgetisnull(st->res, st->row, i);
}

static void pg_finish(struct db_stmt *st)
{
  PQclear(st->res);
  st->res = NULL;
  st->row = -1;
  st->nrows = 0;
  for (int i = 0; i < st->nparams; i++) {
    free(st->values[i]);
    st->values[i] = NULL;
  }
  st->nparams = 0;
}

static int64_t pg_changes(struct db *db)
{
  return pg(db)->changes;
}

static int pg_exec(struct db *db, const char *sql)
{
  struct pg_db *p = pg(db);
  PGresult *r = PQexec(p->conn, sql);
  ExecStatusType status = PQresultStatus(r);
  int rc = 0;

  if (status == PGRES_FATAL_ERROR && reconnect(p)) {
    PQclear(r);
    r = PQexec(p->conn, sql);
    status = PQresultStatus(r);
  }
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    rc = error_of(r);
    log_error("pg_exec=\"%s\" sql=\"%.200s\"", PQresultErrorMessage(r), sql);
    if (p->head.tx_depth > 0)
      p->head.tx_failed = true;
  }
  PQclear(r);
  return rc;
}

/* drain_notifies: count and free the notifications libpq has read. */
static int drain_notifies(PGconn *conn)
{
  PGnotify *note;
  int n = 0;

  while ((note = PQnotifies(conn))) {
    PQfreemem(note);
    n++;
  }
  return n;
}

static int pg_wait_notify(struct db *db, int timeout_ms)
{
  struct pg_db *p = pg(db);
  struct pollfd pfd = {.fd = PQsocket(p->conn), .events = POLLIN};
  int n, ready;

  if (pfd.fd < 0 || !PQconsumeInput(p->conn))
    return ERR_DB;
  if ((n = drain_notifies(p->conn)))
    return n;
  ready = poll(&pfd, 1, timeout_ms);
  if (ready < 0)
    return errno == EINTR ? 0 : ERR_DB;
  if (ready == 0)
    return 0;
  /* Readable: notifications, or the end of the connection. */
  if (!PQconsumeInput(p->conn) || PQstatus(p->conn) != CONNECTION_OK)
    return ERR_DB;
  return drain_notifies(p->conn);
}

static int pg_notify_fd(struct db *db)
{
  return PQsocket(pg(db)->conn);
}

static int pg_settle(struct db *db)
{
  struct pg_db *p = pg(db);
  int found = 0;

  for (size_t i = 0; i < p->cache_size; i++) {
    if (p->cache[i] && p->cache[i]->res) {
      log_error("db_leak=statement sql=\"%.200s\"", p->cache[i]->key);
      pg_finish(p->cache[i]);
      found++;
    }
  }
  if (PQtransactionStatus(p->conn) == PQTRANS_INTRANS ||
      PQtransactionStatus(p->conn) == PQTRANS_INERROR) {
    log_error("db_leak=transaction engine=postgres");
    PQclear(PQexec(p->conn, "ROLLBACK"));
    found++;
  }
  return found;
}

static void pg_close(struct db *db)
{
  struct pg_db *p = pg(db);

  for (size_t i = 0; i < p->cache_size; i++) {
    if (p->cache[i]) {
      pg_finish(p->cache[i]);
      free(p->cache[i]);
    }
  }
  free(p->cache);
  PQfinish(p->conn);
  free(p);
}

static const struct db_ops pg_ops = {
    .name = "postgres",
    .close = pg_close,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .finish = pg_finish,
    .changes = pg_changes,
    .exec = pg_exec,
    .begin_sql = "BEGIN",
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    /* Nodes starting at once take turns at migrating. */
    .migrate_lock_sql = "SELECT pg_advisory_xact_lock(727310)",
    .settle = pg_settle,
    .wait_notify = pg_wait_notify,
    .notify_fd = pg_notify_fd,
};

/* libpq prints notices (e.g. "relation already exists, skipping") to
 * stderr by default: keep them out of the log. */
static void quiet_notice(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

int db_pg_open(const char *url, struct db **out, char *err, size_t errsize)
{
  struct pg_db *p = xcalloc(1, sizeof(*p));

  p->head.ops = &pg_ops;
  p->head.engine = DB_POSTGRES;
  p->conn = PQconnectdb(url);
  if (PQstatus(p->conn) != CONNECTION_OK) {
    char msg[256];

    str_copy(msg, sizeof(msg), PQerrorMessage(p->conn));
    msg[strcspn(msg, "\n")] = '\0';
    snprintf(err, errsize, "cannot connect to PostgreSQL: %s", msg);
    PQfinish(p->conn);
    free(p);
    return ERR_DB;
  }
  PQsetNoticeProcessor(p->conn, quiet_notice, NULL);
  if (pg_exec(&p->head, "SET client_encoding = 'UTF8'; "
                        "SET statement_timeout = '60s'")) {
    snprintf(err, errsize, "cannot configure the PostgreSQL session");
    pg_close(&p->head);
    return ERR_DB;
  }
  *out = &p->head;
  return 0;
}
