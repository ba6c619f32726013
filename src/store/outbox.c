/* store/outbox.c: the SQL behind store/outbox.h. */
#include "store/outbox.h"

#include "base/err.h"
#include "base/str.h"

#include <stdbool.h>
#include <string.h>

int store_outbox_add(struct db *db, const char *to, const char *subject,
                     const char *body, const char *att_name,
                     const char *att_type, const char *att, int64_t now,
                     int64_t *id)
{
  struct db_stmt *st;
  bool attached = att_name && att_name[0];
  int rc = db_prepare(db,
                      "INSERT INTO outbox (to_addr, subject, body, created_at,"
                      " attachment_name, attachment_type, attachment)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, to);
  db_bind_text(st, 2, subject);
  db_bind_text(st, 3, body);
  db_bind_int(st, 4, now);
  db_bind_text(st, 5, attached ? att_name : "");
  db_bind_text(st, 6, attached && att_type ? att_type : "");
  db_bind_text(st, 7, attached && att ? att : "");
  rc = db_step(st);
  if (rc == DB_ROW && id)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

static void read_row(struct db_stmt *st, struct outbox_row *r)
{
  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  str_copy(r->to_addr, sizeof(r->to_addr), db_col_text(st, 1));
  str_copy(r->subject, sizeof(r->subject), db_col_text(st, 2));
  str_copy(r->body, sizeof(r->body), db_col_text(st, 3));
  r->created_at = db_col_int(st, 4);
  r->sent_at = db_col_int(st, 5);
  r->attempts = (int)db_col_int(st, 6);
  if (!db_col_null(st, 7))
    str_copy(r->last_error, sizeof(r->last_error), db_col_text(st, 7));
  str_copy(r->attachment_name, sizeof(r->attachment_name),
           db_col_text(st, 8));
  str_copy(r->attachment_type, sizeof(r->attachment_type),
           db_col_text(st, 9));
  str_copy(r->attachment, sizeof(r->attachment), db_col_text(st, 10));
}

int store_outbox_list(struct db *db, const char *to_filter, int offset,
                      int limit, struct outbox_row *rows, int *n,
                      int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  rc = db_prepare(db,
                  "SELECT COUNT(*) FROM outbox WHERE ($1 = '' OR to_addr = $1)",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, to_filter);
  rc = db_step(st);
  *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  if (rc < 0)
    return rc;
  rc = db_prepare(db,
                  "SELECT id, to_addr, subject, body, created_at,"
                  " COALESCE(sent_at, 0), attempts, last_error,"
                  " attachment_name, attachment_type, attachment FROM outbox"
                  " WHERE ($1 = '' OR to_addr = $1)"
                  " ORDER BY id DESC LIMIT $2 OFFSET $3",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, to_filter);
  db_bind_int(st, 2, limit);
  db_bind_int(st, 3, offset);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_row(st, &rows[(*n)++]);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

/* Claiming is one UPDATE of the oldest free message. On PostgreSQL the
 * candidate row is locked with SKIP LOCKED, so nodes claiming at once take
 * different messages instead of queueing on the same row; on SQLite the
 * write lock already lets one claimer in at a time. Either way the outer
 * WHERE re-checks the lease, so a message is only ever claimed once. */
static const char claim_sqlite[] =
    "UPDATE outbox SET claimed_until = CAST($1 AS BIGINT) + $2,"
    " attempts = attempts + 1"
    " WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL"
    "   AND attempts < $3 AND (claimed_until IS NULL OR claimed_until < $1)"
    "   ORDER BY id LIMIT 1)"
    " AND (claimed_until IS NULL OR claimed_until < $1)"
    " RETURNING id, to_addr, subject, body, created_at, 0, attempts,"
    " last_error, attachment_name, attachment_type, attachment";
static const char claim_pg[] =
    "UPDATE outbox SET claimed_until = CAST($1 AS BIGINT) + $2,"
    " attempts = attempts + 1"
    " WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL"
    "   AND attempts < $3 AND (claimed_until IS NULL OR claimed_until < $1)"
    "   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " AND (claimed_until IS NULL OR claimed_until < $1)"
    " RETURNING id, to_addr, subject, body, created_at, 0, attempts,"
    " last_error, attachment_name, attachment_type, attachment";

int store_outbox_claim(struct db *db, int64_t now, int lease,
                       int max_attempts, struct outbox_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, db_engine(db) == DB_POSTGRES ? claim_pg : claim_sqlite,
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, lease);
  db_bind_int(st, 3, max_attempts);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_row(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_outbox_sent(struct db *db, int64_t id, int64_t now)
{
  int rc = db_run(db,
                  "UPDATE outbox SET sent_at = $1, claimed_until = NULL,"
                  " last_error = NULL WHERE id = $2",
                  "ii", now, id);

  return rc < 0 ? rc : 0;
}

int store_outbox_failed(struct db *db, int64_t id, const char *error)
{
  int rc = db_run(db,
                  "UPDATE outbox SET claimed_until = NULL, last_error = $1"
                  " WHERE id = $2",
                  "si", error, id);

  return rc < 0 ? rc : 0;
}
