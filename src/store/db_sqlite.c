/* db_sqlite.c: the SQLite back end: WAL, foreign keys, a busy timeout, and
 * a per-connection cache of prepared statements keyed by the SQL literal's
 * address. The only file that includes sqlite3.h. */
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/db_backend.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct db_stmt {
  struct db *db; /* first, as db.c expects */
  const char *key;
  sqlite3_stmt *stmt;
};

struct sqlite_db {
  struct db head;
  sqlite3 *conn;
  struct db_stmt **cache; /* open addressing on the SQL's address */
  size_t cache_size, cache_used;
};

static struct sqlite_db *sq(struct db *db)
{
  return (struct sqlite_db *)db;
}

static size_t slot_of(const void *key, size_t size)
{
  uintptr_t h = (uintptr_t)key;

  h ^= h >> 17;
  h *= 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 7) & (size - 1);
}

static void cache_insert(struct sqlite_db *s, struct db_stmt *st)
{
  size_t i = slot_of(st->key, s->cache_size);

  while (s->cache[i])
    i = (i + 1) & (s->cache_size - 1);
  s->cache[i] = st;
  s->cache_used++;
}

static void cache_grow(struct sqlite_db *s)
{
  struct db_stmt **old = s->cache;
  size_t n = s->cache_size;

  s->cache_size = n ? n * 2 : 64;
  s->cache = xcalloc(s->cache_size, sizeof(*s->cache));
  s->cache_used = 0;
  for (size_t i = 0; i < n; i++)
    if (old[i])
      cache_insert(s, old[i]);
  free(old);
}

/* SQL is written with PostgreSQL's $N placeholders; SQLite reads ?N. */
static char *rewrite_params(const char *sql)
{
  char *out = xstrdup(sql);
  bool quoted = false;

  for (char *p = out; *p; p++) {
    if (*p == '\'')
      quoted = !quoted;
    else if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9')
      *p = '?';
  }
  return out;
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
  struct sqlite_db *s = sq(db);
  struct db_stmt *st;
  char *text;
  size_t i;
  int rc;

  if (s->cache_size) {
    for (i = slot_of(sql, s->cache_size); s->cache[i];
         i = (i + 1) & (s->cache_size - 1)) {
      if (s->cache[i]->key == sql) {
        *out = s->cache[i];
        return 0;
      }
    }
  }
  st = xcalloc(1, sizeof(*st));
  st->db = db;
  st->key = sql;
  text = rewrite_params(sql);
  rc = sqlite3_prepare_v3(s->conn, text, -1, SQLITE_PREPARE_PERSISTENT,
                          &st->stmt, NULL);
  free(text);
  if (rc != SQLITE_OK) {
    log_error("sqlite_prepare=\"%s\" sql=\"%.200s\"", sqlite3_errmsg(s->conn),
              sql);
    free(st);
    return ERR_DB;
  }
  if ((s->cache_used + 1) * 2 > s->cache_size)
    cache_grow(s);
  cache_insert(s, st);
  *out = st;
  return 0;
}

static void sq_bind_int(struct db_stmt *st, int i, int64_t v)
{
  sqlite3_bind_int64(st->stmt, i, v);
}

static void sq_bind_text(struct db_stmt *st, int i, const char *v)
{
  if (v)
    sqlite3_bind_text(st->stmt, i, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st->stmt, i);
}

static void sq_bind_null(struct db_stmt *st, int i)
{
  sqlite3_bind_null(st->stmt, i);
}

static int sq_step(struct db_stmt *st)
{
  int rc = sqlite3_step(st->stmt);

  if (rc == SQLITE_ROW)
    return DB_ROW;
  if (rc == SQLITE_DONE)
    return DB_DONE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return ERR_CONFLICT;
  log_error("sqlite_step=\"%s\" sql=\"%.200s\"",
            sqlite3_errmsg(sq(st->db)->conn), st->key);
  return ERR_DB;
}

static int64_t sq_col_int(struct db_stmt *st, int i)
{
  return sqlite3_column_int64(st->stmt, i);
}

static const char *sq_col_text(struct db_stmt *st, int i)
{
  return (const char *)sqlite3_column_text(st->stmt, i);
}

static bool sq_col_null(struct db_stmt *st, int i)
{
  return sqlite3_column_type(st->stmt, i) == SQLITE_NULL;
}

static void sq_finish(struct db_stmt *st)
{
  sqlite3_reset(st->stmt);
  sqlite3_clear_bindings(st->stmt);
}

static int64_t sq_changes(struct db *db)
{
  return sqlite3_changes64(sq(db)->conn);
}

static int sq_exec(struct db *db, const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec(sq(db)->conn, sql, NULL, NULL, &msg);

  if (rc == SQLITE_OK)
    return 0;
  log_error("sqlite_exec=\"%s\" sql=\"%.200s\"", msg ? msg : "?", sql);
  sqlite3_free(msg);
  return (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
}

static int sq_settle(struct db *db)
{
  sqlite3 *conn = sq(db)->conn;
  int found = 0;

  for (sqlite3_stmt *st = sqlite3_next_stmt(conn, NULL); st;
       st = sqlite3_next_stmt(conn, st)) {
    if (sqlite3_stmt_busy(st)) {
      log_error("db_leak=statement sql=\"%.200s\"", sqlite3_sql(st));
      sqlite3_reset(st);
      found++;
    }
  }
  if (!sqlite3_get_autocommit(conn)) {
    log_error("db_leak=transaction engine=sqlite");
    sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
    found++;
  }
  return found;
}

static void sq_close(struct db *db)
{
  struct sqlite_db *s = sq(db);

  for (size_t i = 0; i < s->cache_size; i++) {
    if (s->cache[i]) {
      sqlite3_finalize(s->cache[i]->stmt);
      free(s->cache[i]);
    }
  }
  free(s->cache);
  sqlite3_close(s->conn);
  free(s);
}

static const struct db_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
    .finish = sq_finish,
    .changes = sq_changes,
    .exec = sq_exec,
    .settle = sq_settle,
    .begin_sql = "BEGIN IMMEDIATE",
    .id_column = "INTEGER PRIMARY KEY",
};

int db_sqlite_open(const char *path, struct db **out, char *err,
                   size_t errsize)
{
  struct sqlite_db *s = xcalloc(1, sizeof(*s));
  int rc;

  s->head.ops = &sqlite_ops;
  s->head.engine = DB_SQLITE;
  rc = sqlite3_open_v2(path, &s->conn,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                           SQLITE_OPEN_NOMUTEX,
                       NULL);
  if (rc != SQLITE_OK) {
    snprintf(err, errsize, "cannot open database %s: %s", path,
             s->conn ? sqlite3_errmsg(s->conn) : "out of memory");
    sqlite3_close(s->conn);
    free(s);
    return ERR_DB;
  }
  sqlite3_busy_timeout(s->conn, 5000);
  /* Statement journals and temporary tables in memory: inside a long
   * transaction each write statement keeps one, and on disk that was most
   * of an import's system time. */
  if (sq_exec(&s->head, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")) {
    snprintf(err, errsize, "cannot use database %s: %s", path,
             sqlite3_errmsg(s->conn));
    sq_close(&s->head);
    return ERR_DB;
  }
  *out = &s->head;
  return 0;
}
