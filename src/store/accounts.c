/* store/accounts.c: the SQL behind store/accounts.h. */
#include "store/accounts.h"

#include "base/err.h"
#include "base/str.h"
#include "store/session_cache.h"

#include <string.h>

/* ------------------------------------------------------------------ users */

int store_user_insert(struct db *db, const char *email, const char *name,
                      const char *password_hash, unsigned roles, int64_t now,
                      int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO users (email, name, password_hash, roles,"
                      " active, created_at, updated_at)"
                      " VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  db_bind_text(st, 2, name);
  db_bind_text(st, 3, password_hash);
  db_bind_int(st, 4, roles);
  db_bind_int(st, 5, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

static void read_user(struct db_stmt *st, struct user_row *u)
{
  memset(u, 0, sizeof(*u));
  u->id = db_col_int(st, 0);
  str_copy(u->email, sizeof(u->email), db_col_text(st, 1));
  str_copy(u->name, sizeof(u->name), db_col_text(st, 2));
  str_copy(u->password_hash, sizeof(u->password_hash), db_col_text(st, 3));
  u->active = db_col_int(st, 4) != 0;
  u->created_at = db_col_int(st, 5);
  u->roles = (unsigned)db_col_int(st, 6);
}

static int user_one(struct db_stmt *st, struct user_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_user(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_user_by_email(struct db *db, const char *email, struct user_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, email, name, password_hash, active,"
                      " created_at, roles FROM users WHERE email = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  return user_one(st, out);
}

int store_user_by_id(struct db *db, int64_t id, struct user_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, email, name, password_hash, active,"
                      " created_at, roles FROM users WHERE id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return user_one(st, out);
}

static int one_change(struct db *db, int rc)
{
  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

int store_user_set_password(struct db *db, int64_t id, const char *hash,
                            int64_t now)
{
  return one_change(db, db_run(db,
                               "UPDATE users SET password_hash = $1,"
                               " updated_at = $2 WHERE id = $3",
                               "sii", hash, now, id));
}

/* user_update: set one account's column by sql ($1 the value, $2 now, $3
 * the id); a session cache forgets what it keeps once that commits. */
static int user_update(struct db *db, const char *sql, int64_t value,
                       int64_t now, int64_t id)
{
  int rc;

  store_session_cache_mark();
  rc = one_change(db, db_run(db, sql, "iii", value, now, id));
  if (rc == 0)
    db_after_commit(db, store_session_cache_forget);
  return rc;
}

int store_user_set_active(struct db *db, int64_t id, bool active, int64_t now)
{
  return user_update(db,
                     "UPDATE users SET active = $1, updated_at = $2"
                     " WHERE id = $3",
                     active, now, id);
}

int store_user_list(struct db *db, int offset, int limit,
                    struct user_row *rows, int *n, int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  if ((rc = db_prepare(db, "SELECT COUNT(*) FROM users", &st)))
    return rc;
  rc = db_step(st);
  *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  if (rc < 0)
    return rc;
  rc = db_prepare(db,
                  "SELECT id, email, name, password_hash, active, created_at,"
                  " roles FROM users ORDER BY email LIMIT $1 OFFSET $2",
                  &st);
  if (rc)
    return rc;
  db_bind_int(st, 1, limit);
  db_bind_int(st, 2, offset);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_user(st, &rows[(*n)++]);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_user_count_role(struct db *db, unsigned role_bit, int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM users"
                      " WHERE (roles & $1) <> 0 AND active = 1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, role_bit);
  rc = db_step(st);
  *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_user_set_roles(struct db *db, int64_t id, unsigned roles,
                         int64_t now)
{
  return user_update(db,
                     "UPDATE users SET roles = $1, updated_at = $2"
                     " WHERE id = $3",
                     roles, now, id);
}

/* --------------------------------------------------------------- sessions */

int store_session_insert(struct db *db, const char *token_hash,
                         int64_t user_id, const char *csrf, int64_t now,
                         int64_t expires_at, const char *ip, const char *ua)
{
  int rc = db_run(db,
                  "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
                  " last_seen_at, expires_at, ip, user_agent)"
                  " VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
                  "sisiiss", token_hash, user_id, csrf, now, expires_at, ip,
                  ua);

  return rc < 0 ? rc : 0;
}

int store_session_get(struct db *db, const char *token_hash,
                      struct session_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT s.user_id, s.csrf, s.created_at, s.last_seen_at, s.expires_at,"
      " u.email, u.name, u.active, u.created_at, u.roles"
      " FROM sessions s JOIN users u ON u.id = s.user_id"
      " WHERE s.token_hash = $1",
      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  rc = db_step(st);
  if (rc == DB_ROW) {
    out->user_id = db_col_int(st, 0);
    str_copy(out->csrf, sizeof(out->csrf), db_col_text(st, 1));
    out->created_at = db_col_int(st, 2);
    out->last_seen_at = db_col_int(st, 3);
    out->expires_at = db_col_int(st, 4);
    str_copy(out->email, sizeof(out->email), db_col_text(st, 5));
    str_copy(out->name, sizeof(out->name), db_col_text(st, 6));
    out->active = db_col_int(st, 7) != 0;
    out->user_created_at = db_col_int(st, 8);
    out->role_bits = (unsigned)db_col_int(st, 9);
  }
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_session_touch(struct db *db, const char *token_hash, int64_t now)
{
  int rc = db_run(db,
                  "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
                  "is", now, token_hash);

  return rc < 0 ? rc : 0;
}

/* forget_if_deleted: after a DELETE of sessions, have the session cache
 * forget once it commits, when rows went (only then do the database's
 * triggers notify the other nodes, which the forgetting waits to hear). */
static int forget_if_deleted(struct db *db, int rc)
{
  if (rc < 0)
    return rc;
  if (db_changes(db) > 0)
    db_after_commit(db, store_session_cache_forget);
  return 0;
}

int store_session_delete(struct db *db, const char *token_hash)
{
  int rc;

  store_session_cache_mark();
  rc = db_run(db, "DELETE FROM sessions WHERE token_hash = $1", "s",
              token_hash);
  /* After the statement: forgetting before it would let another thread
   * keep the row it is about to delete. */
  return forget_if_deleted(db, rc);
}

int store_session_delete_user(struct db *db, int64_t user_id, const char *keep)
{
  int rc;

  store_session_cache_mark();
  rc = db_run(db,
              "DELETE FROM sessions WHERE user_id = $1"
              " AND token_hash <> COALESCE($2, '')",
              "is", user_id, keep);
  return forget_if_deleted(db, rc);
}

int store_session_purge(struct db *db, int64_t idle_before, int64_t now)
{
  int rc;

  store_session_cache_mark();
  rc = db_run(db,
              "DELETE FROM sessions WHERE last_seen_at < $1"
              " OR expires_at <= $2",
              "ii", idle_before, now);
  return forget_if_deleted(db, rc);
}

/* ------------------------------------------------------- failed sign-ins */

int store_failure_add(struct db *db, const char *key, int64_t now)
{
  int rc = db_run(db, "INSERT INTO login_failures (key, at) VALUES ($1, $2)",
                  "si", key, now);

  return rc < 0 ? rc : 0;
}

int store_failure_count(struct db *db, const char *key, int64_t since,
                        int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM login_failures"
                      " WHERE key = $1 AND at >= $2",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, key);
  db_bind_int(st, 2, since);
  rc = db_step(st);
  *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_failure_clear(struct db *db, const char *key)
{
  int rc = db_run(db, "DELETE FROM login_failures WHERE key = $1", "s", key);

  return rc < 0 ? rc : 0;
}

int store_failure_purge(struct db *db, int64_t before)
{
  int rc = db_run(db, "DELETE FROM login_failures WHERE at < $1", "i", before);

  return rc < 0 ? rc : 0;
}

/* -------------------------------------------------------- password resets */

int store_reset_insert(struct db *db, const char *token_hash, int64_t user_id,
                       int64_t now, int64_t expires_at)
{
  int rc = db_run(db,
                  "INSERT INTO password_resets (token_hash, user_id,"
                  " created_at, expires_at) VALUES ($1, $2, $3, $4)",
                  "siii", token_hash, user_id, now, expires_at);

  return rc < 0 ? rc : 0;
}

static int reset_user(struct db_stmt *st, int64_t *user_id)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    *user_id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_reset_valid(struct db *db, const char *token_hash, int64_t now,
                      int64_t *user_id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT user_id FROM password_resets WHERE token_hash"
                      " = $1 AND used_at IS NULL AND expires_at > $2",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  db_bind_int(st, 2, now);
  return reset_user(st, user_id);
}

int store_reset_take(struct db *db, const char *token_hash, int64_t now,
                     int64_t *user_id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "UPDATE password_resets SET used_at = $2"
                      " WHERE token_hash = $1 AND used_at IS NULL"
                      " AND expires_at > $2 RETURNING user_id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  db_bind_int(st, 2, now);
  return reset_user(st, user_id);
}
