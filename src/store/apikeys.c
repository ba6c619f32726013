/* store/apikeys.c: the SQL behind store/apikeys.h. */
#include "store/apikeys.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

#define APIKEY_COLUMNS                                                       \
  "SELECT k.id, k.name, k.prefix, k.key_hash, k.scope, k.created_by,"        \
  " u.email, k.created_at, k.last_used_at, k.revoked_at"                     \
  " FROM api_keys k LEFT JOIN users u ON u.id = k.created_by"

static void read_key(struct db_stmt *st, struct apikey_row *k)
{
  memset(k, 0, sizeof(*k));
  k->id = db_col_int(st, 0);
  str_copy(k->name, sizeof(k->name), db_col_text(st, 1));
  str_copy(k->prefix, sizeof(k->prefix), db_col_text(st, 2));
  str_copy(k->key_hash, sizeof(k->key_hash), db_col_text(st, 3));
  str_copy(k->scope, sizeof(k->scope), db_col_text(st, 4));
  k->created_by = db_col_int(st, 5);
  if (db_col_text(st, 6))
    str_copy(k->created_by_email, sizeof(k->created_by_email),
             db_col_text(st, 6));
  k->created_at = db_col_int(st, 7);
  k->last_used_at = db_col_int(st, 8);
  k->revoked_at = db_col_int(st, 9);
}

static int key_one(struct db_stmt *st, struct apikey_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_key(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_apikey_insert(struct db *db, const char *name, const char *prefix,
                        const char *key_hash, const char *scope,
                        int64_t created_by, int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO api_keys (name, prefix, key_hash, scope,"
                      " created_by, created_at) VALUES ($1, $2, $3, $4, $5,"
                      " $6) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, name);
  db_bind_text(st, 2, prefix);
  db_bind_text(st, 3, key_hash);
  db_bind_text(st, 4, scope);
  if (created_by)
    db_bind_int(st, 5, created_by);
  else
    db_bind_null(st, 5);
  db_bind_int(st, 6, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_apikey_by_prefix(struct db *db, const char *prefix,
                           struct apikey_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, APIKEY_COLUMNS " WHERE k.prefix = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, prefix);
  return key_one(st, out);
}

int store_apikey_get(struct db *db, int64_t id, struct apikey_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, APIKEY_COLUMNS " WHERE k.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return key_one(st, out);
}

int store_apikey_list(struct db *db, int offset, int limit,
                      struct apikey_row *rows, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      APIKEY_COLUMNS " ORDER BY k.id DESC LIMIT $1 OFFSET $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, limit);
  db_bind_int(st, 2, offset);
  while ((rc = db_step(st)) == DB_ROW && *n < limit)
    read_key(st, &rows[(*n)++]);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_apikey_touch(struct db *db, int64_t id, int64_t now, int64_t before)
{
  int rc = db_run(db,
                  "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND"
                  " (last_used_at IS NULL OR last_used_at <= $3)",
                  "iii", id, now, before);

  return rc < 0 ? rc : 0;
}

int store_apikey_revoke(struct db *db, int64_t id, int64_t now)
{
  int rc = db_run(db,
                  "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND"
                  " revoked_at IS NULL",
                  "ii", id, now);

  if (rc < 0)
    return rc;
  return db_changes(db) == 1 ? 0 : ERR_NOTFOUND;
}
