/* store/audit.c: the SQL behind store/audit.h. */
#include "store/audit.h"

#include "base/str.h"

int store_audit_add(struct db *db, int64_t now, int64_t actor_id,
                    const char *action, const char *subject,
                    const char *detail, const char *ip)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO audit_log (at, actor_id, action, subject,"
                      " detail, ip) VALUES ($1, $2, $3, $4, $5, $6)",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, now);
  if (actor_id > 0)
    db_bind_int(st, 2, actor_id);
  else
    db_bind_null(st, 2);
  db_bind_text(st, 3, action);
  db_bind_text(st, 4, subject ? subject : "");
  db_bind_text(st, 5, detail ? detail : "");
  db_bind_text(st, 6, ip ? ip : "");
  rc = db_step(st);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_audit_list(struct db *db, const char *action_prefix, int offset,
                     int limit, struct audit_row *rows, int *n,
                     int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  rc = db_prepare(db,
                  "SELECT COUNT(*) FROM audit_log"
                  " WHERE substr(action, 1, length($1)) = $1",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, action_prefix);
  rc = db_step(st);
  *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  if (rc < 0)
    return rc;
  rc = db_prepare(db,
                  "SELECT a.id, a.at, COALESCE(a.actor_id, 0),"
                  " COALESCE(u.email, ''), a.action, a.subject, a.detail, a.ip"
                  " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
                  " WHERE substr(a.action, 1, length($1)) = $1"
                  " ORDER BY a.id DESC LIMIT $2 OFFSET $3",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, action_prefix);
  db_bind_int(st, 2, limit);
  db_bind_int(st, 3, offset);
  while (*n < limit && (rc = db_step(st)) == DB_ROW) {
    struct audit_row *r = &rows[(*n)++];

    r->id = db_col_int(st, 0);
    r->at = db_col_int(st, 1);
    r->actor_id = db_col_int(st, 2);
    str_copy(r->actor_email, sizeof(r->actor_email), db_col_text(st, 3));
    str_copy(r->action, sizeof(r->action), db_col_text(st, 4));
    str_copy(r->subject, sizeof(r->subject), db_col_text(st, 5));
    str_copy(r->detail, sizeof(r->detail), db_col_text(st, 6));
    str_copy(r->ip, sizeof(r->ip), db_col_text(st, 7));
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}
