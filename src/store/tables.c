/* store/tables.c: the table list of store/tables.h. */
#include "store/tables.h"

#include "base/err.h"
#include "base/str.h"

#define SEQ(t)                                                                 \
  "SELECT setval(pg_get_serial_sequence('" t "', 'id'),"                       \
  " COALESCE((SELECT MAX(id) FROM " t "), 0) + 1, false)"

const struct store_table store_tables[] = {
    {"users", 8,
     "SELECT id, email, name, password_hash, roles, active, created_at,"
     " updated_at FROM users ORDER BY id",
     "INSERT INTO users (id, email, name, password_hash, roles, active,"
     " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM users", SEQ("users")},
    {"sessions", 8,
     "SELECT token_hash, user_id, csrf, created_at, last_seen_at, expires_at,"
     " ip, user_agent FROM sessions ORDER BY token_hash",
     "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
     " last_seen_at, expires_at, ip, user_agent)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM sessions", NULL},
    {"login_failures", 3,
     "SELECT id, key, at FROM login_failures ORDER BY id",
     "INSERT INTO login_failures (id, key, at) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM login_failures", SEQ("login_failures")},
    {"password_resets", 5,
     "SELECT token_hash, user_id, created_at, expires_at, used_at"
     " FROM password_resets ORDER BY token_hash",
     "INSERT INTO password_resets (token_hash, user_id, created_at,"
     " expires_at, used_at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM password_resets", NULL},
    {"outbox", 9,
     "SELECT id, to_addr, subject, body, created_at, claimed_until, sent_at,"
     " attempts, last_error FROM outbox ORDER BY id",
     "INSERT INTO outbox (id, to_addr, subject, body, created_at,"
     " claimed_until, sent_at, attempts, last_error)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT COUNT(*) FROM outbox", SEQ("outbox")},
    {"audit_log", 7,
     "SELECT id, at, actor_id, action, subject, detail, ip FROM audit_log"
     " ORDER BY id",
     "INSERT INTO audit_log (id, at, actor_id, action, subject, detail, ip)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM audit_log", SEQ("audit_log")},
    {NULL, 0, NULL, NULL, NULL, NULL},
};

static const char list_sqlite[] =
    "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name";
static const char list_pg[] =
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    " ORDER BY table_name";

int store_table_unlisted(struct db *db, char *name, size_t size)
{
  struct db_stmt *st;
  int rc = db_prepare(db, db_engine(db) == DB_POSTGRES ? list_pg : list_sqlite,
                      &st);

  name[0] = '\0';
  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *t = db_col_text(st, 0);
    bool listed = str_eq(t, "schema_migrations");

    for (const struct store_table *k = store_tables; k->name && !listed; k++)
      listed = str_eq(k->name, t);
    if (!listed) {
      str_copy(name, size, t);
      break;
    }
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_rows(struct db *db, const struct store_table *t,
                     int (*fn)(void *ctx, const char *const *values),
                     void *ctx)
{
  const char *values[STORE_TABLE_COLS_MAX];
  struct db_stmt *st;
  int rc = db_prepare(db, t->select_sql, &st);

  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    for (int i = 0; i < t->ncols; i++)
      values[i] = db_col_null(st, i) ? NULL : db_col_text(st, i);
    if ((rc = fn(ctx, values)))
      break;
  }
  db_finish(st);
  return rc == DB_DONE ? 0 : rc; /* fn's error, or the database's */
}

int store_table_insert(struct db *db, const struct store_table *t,
                       const char *const *values)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->insert_sql, &st);

  if (rc)
    return rc;
  for (int i = 0; i < t->ncols; i++)
    db_bind_text(st, i + 1, values[i]);
  rc = db_step(st);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_count(struct db *db, const struct store_table *t, int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->count_sql, &st);

  if (rc)
    return rc;
  rc = db_step(st);
  *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_after_copy(struct db *db, const struct store_table *t)
{
  if (db_engine(db) != DB_POSTGRES || !t->pg_sequence_sql)
    return 0;
  return db_exec_script(db, t->pg_sequence_sql);
}
