#include "store/db.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "store/db_backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int db_open(const char *url, struct db **out, char *err, size_t errsize)
{
  *out = NULL;
  if (str_starts(url, "postgres://") || str_starts(url, "postgresql://"))
    return db_pg_open(url, out, err, errsize);
  if (str_starts(url, "sqlite:"))
    url += strlen("sqlite:");
  if (!*url) {
    snprintf(err, errsize, "no database given: use --db PATH");
    return ERR_INPUT;
  }
  return db_sqlite_open(url, out, err, errsize);
}

void db_close(struct db *db)
{
  if (db)
    db->ops->close(db);
}

enum db_engine db_engine(const struct db *db)
{
  return db->engine;
}

/* Every back end's statement starts with its connection, so a statement
 * converts to a pointer to that first member. */
static struct db *stmt_db(struct db_stmt *st)
{
  return *(struct db **)(void *)st;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
  return db->ops->prepare(db, sql, out);
}

void db_bind_int(struct db_stmt *st, int i, int64_t v)
{
  stmt_db(st)->ops->bind_int(st, i, v);
}

void db_bind_text(struct db_stmt *st, int i, const char *s)
{
  stmt_db(st)->ops->bind_text(st, i, s);
}

void db_bind_null(struct db_stmt *st, int i)
{
  stmt_db(st)->ops->bind_null(st, i);
}

int db_step(struct db_stmt *st)
{
  return stmt_db(st)->ops->step(st);
}

int64_t db_col_int(struct db_stmt *st, int i)
{
  return stmt_db(st)->ops->col_int(st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
  return stmt_db(st)->ops->col_text(st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
  return stmt_db(st)->ops->col_null(st, i);
}

void db_finish(struct db_stmt *st)
{
  stmt_db(st)->ops->finish(st);
}

int64_t db_changes(struct db *db)
{
  return db->ops->changes(db);
}

int db_run(struct db *db, const char *sql, const char *types, ...)
{
  struct db_stmt *st;
  va_list ap;
  int rc = db_prepare(db, sql, &st);

  if (rc)
    return rc;
  va_start(ap, types);
  for (int i = 0; types[i]; i++) {
    if (types[i] == 'i')
      db_bind_int(st, i + 1, va_arg(ap, int64_t));
    else if (types[i] == 's')
      db_bind_text(st, i + 1, va_arg(ap, const char *));
    else
      BUG("db_run: unknown parameter type");
  }
  va_end(ap);
  rc = db_step(st);
  db_finish(st);
  return rc;
}

void db_after_commit(struct db *db, void (*fn)(void))
{
  size_t n = sizeof(db->after_commit) / sizeof(db->after_commit[0]);

  if (db->tx_depth == 0) {
    fn();
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (db->after_commit[i] == fn)
      return;
    if (!db->after_commit[i]) {
      db->after_commit[i] = fn;
      return;
    }
  }
  BUG("db_after_commit: more than four functions in one transaction");
}

static void after_commit_run(struct db *db, bool committed)
{
  size_t n = sizeof(db->after_commit) / sizeof(db->after_commit[0]);

  for (size_t i = 0; i < n && db->after_commit[i]; i++) {
    if (committed)
      db->after_commit[i]();
    db->after_commit[i] = NULL;
  }
}

int db_begin(struct db *db)
{
  int rc;

  if (db->tx_depth++ > 0)
    return 0;
  db->tx_failed = false;
  rc = db->ops->exec(db, db->ops->begin_sql);
  if (rc)
    db->tx_depth = 0;
  return rc;
}

int db_commit(struct db *db)
{
  if (db->tx_depth <= 0)
    BUG("db_commit outside a transaction");
  if (--db->tx_depth > 0)
    return 0;
  if (db->tx_failed) {
    db->ops->exec(db, "ROLLBACK");
    after_commit_run(db, false);
    return ERR_CONFLICT;
  }
  if (db->ops->exec(db, "COMMIT")) {
    db->ops->exec(db, "ROLLBACK");
    after_commit_run(db, false);
    return ERR_DB;
  }
  after_commit_run(db, true);
  return 0;
}

void db_rollback(struct db *db)
{
  if (db->tx_depth <= 0)
    BUG("db_rollback outside a transaction");
  if (--db->tx_depth > 0) {
    db->tx_failed = true;
    return;
  }
  db->ops->exec(db, "ROLLBACK");
  after_commit_run(db, false);
}

int db_settle(struct db *db)
{
  int found = 0;

  if (db->tx_depth > 0) {
    log_error("db_leak=transaction depth=%d", db->tx_depth);
    db->tx_depth = 1;
    db_rollback(db);
    found++;
  }
  return found + db->ops->settle(db);
}

int db_listen(struct db *db, const char *channel)
{
  char sql[96];

  if (!db->ops->wait_notify)
    return ERR_INTERNAL;
  for (const char *c = channel; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
      BUG("db_listen: a channel is a lower-case identifier");
  snprintf(sql, sizeof(sql), "LISTEN %s", channel);
  return db->ops->exec(db, sql);
}

int db_wait_notify(struct db *db, int timeout_ms)
{
  return db->ops->wait_notify ? db->ops->wait_notify(db, timeout_ms)
                              : ERR_INTERNAL;
}

int db_notify_fd(struct db *db)
{
  return db->ops->notify_fd ? db->ops->notify_fd(db) : -1;
}

int db_exec_script(struct db *db, const char *sql)
{
  struct buf b;
  const char *p = sql, *hit;
  int rc;

  buf_init(&b, 1 << 24);
  while ((hit = strstr(p, "{{id}}"))) {
    buf_append(&b, p, (size_t)(hit - p));
    buf_puts(&b, db->ops->id_column);
    p = hit + strlen("{{id}}");
  }
  buf_puts(&b, p);
  rc = buf_failed(&b) ? ERR_TOOBIG : db->ops->exec(db, buf_cstr(&b));
  buf_free(&b);
  return rc;
}

int db_ping(struct db *db)
{
  int rc = db_run(db, "SELECT 1", "");

  return rc < 0 ? rc : 0;
}

int db_migrate_lock(struct db *db)
{
  return db->ops->migrate_lock_sql ? db->ops->exec(db, db->ops->migrate_lock_sql)
                                   : 0;
}
