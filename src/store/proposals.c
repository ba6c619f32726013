/* store/proposals.c: the SQL behind store/proposals.h. */
#include "store/proposals.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* The columns every read selects, in read_proposal's order. */
#define PROPOSAL_COLUMNS                                                     \
  "p.id, p.user_id, p.student_id, p.name, p.purpose, p.course_id,"           \
  " p.expected_mentors, p.expected_mentees, p.supporter_staff_id,"           \
  " p.status, p.reason, p.scheme_id, p.decided_by, p.decided_at,"            \
  " p.created_at, u.name, u.email, c.code, c.title, st.name, d.name"
#define PROPOSAL_FROM                                                        \
  " FROM scheme_proposals p JOIN users u ON u.id = p.user_id"                \
  " LEFT JOIN courses c ON c.id = p.course_id"                               \
  " LEFT JOIN staff st ON st.id = p.supporter_staff_id"                      \
  " LEFT JOIN users d ON d.id = p.decided_by"

static void read_proposal(struct db_stmt *st, struct proposal_row *r)
{
  r->id = db_col_int(st, 0);
  r->user_id = db_col_int(st, 1);
  r->student_id = db_col_int(st, 2);
  COPY(r->name, st, 3);
  COPY(r->purpose, st, 4);
  r->course_id = db_col_int(st, 5);
  r->expected_mentors = (int)db_col_int(st, 6);
  r->expected_mentees = (int)db_col_int(st, 7);
  r->supporter_staff_id = db_col_int(st, 8);
  COPY(r->status, st, 9);
  COPY(r->reason, st, 10);
  r->scheme_id = db_col_int(st, 11);
  r->decided_by = db_col_int(st, 12);
  r->decided_at = db_col_int(st, 13);
  r->created_at = db_col_int(st, 14);
  COPY(r->proposer_name, st, 15);
  COPY(r->proposer_email, st, 16);
  COPY(r->course_code, st, 17);
  COPY(r->course_title, st, 18);
  COPY(r->supporter_name, st, 19);
  COPY(r->decider_name, st, 20);
}

/* An id column's value, or NULL for 0. */
static void bind_id(struct db_stmt *st, int i, int64_t id)
{
  if (id)
    db_bind_int(st, i, id);
  else
    db_bind_null(st, i);
}

int store_proposal_insert(struct db *db, const struct proposal_row *in,
                          int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO scheme_proposals (user_id, student_id, name,"
                      " purpose, course_id, expected_mentors,"
                      " expected_mentees, supporter_staff_id, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                      " RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->user_id);
  bind_id(st, 2, in->student_id);
  db_bind_text(st, 3, in->name);
  db_bind_text(st, 4, in->purpose);
  bind_id(st, 5, in->course_id);
  db_bind_int(st, 6, in->expected_mentors);
  db_bind_int(st, 7, in->expected_mentees);
  bind_id(st, 8, in->supporter_staff_id);
  db_bind_int(st, 9, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_DB : rc;
}

int store_proposal_get(struct db *db, int64_t id, struct proposal_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
                      " WHERE p.id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_proposal(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_proposal_list(struct db *db, int64_t user_id, int offset,
                        int limit, struct proposal_row *rows, int *n,
                        int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  if (total) {
    if ((rc = db_prepare(db,
                         "SELECT COUNT(*) FROM scheme_proposals"
                         " WHERE CAST($1 AS BIGINT) = 0 OR user_id = $1",
                         &st)))
      return rc;
    db_bind_int(st, 1, user_id);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finish(st);
    if (rc < 0)
      return rc;
  }
  if ((rc = db_prepare(db,
                       "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
                       " WHERE CAST($1 AS BIGINT) = 0 OR p.user_id = $1"
                       " ORDER BY CASE p.status WHEN 'pending' THEN 0"
                       " ELSE 1 END, p.id DESC LIMIT $2 OFFSET $3",
                       &st)))
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, limit);
  db_bind_int(st, 3, offset);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_proposal(st, &rows[(*n)++]);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_proposal_decide(struct db *db, int64_t id, const char *status,
                          const char *reason, int64_t decided_by,
                          int64_t now)
{
  int rc = db_run(db,
                  "UPDATE scheme_proposals SET status = $2, reason = $3,"
                  " decided_by = $4, decided_at = $5"
                  " WHERE id = $1 AND status = 'pending'",
                  "issii", id, status, reason, decided_by, now);

  if (rc < 0)
    return rc;
  return db_changes(db) == 1 ? 0 : ERR_CONFLICT;
}

int store_proposal_set_scheme(struct db *db, int64_t id, int64_t scheme_id)
{
  int rc = db_run(db, "UPDATE scheme_proposals SET scheme_id = $2"
                      " WHERE id = $1",
                  "ii", id, scheme_id);

  return rc < 0 ? rc : 0;
}

int store_proposal_supporters(struct db *db, struct supporter_row *rows,
                              int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, name, job_title FROM staff"
                      " WHERE kind = 'academic' AND active = 1"
                      " AND erased_at IS NULL ORDER BY name, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct supporter_row *r = &rows[(*n)++];

    r->id = db_col_int(st, 0);
    COPY(r->name, st, 1);
    COPY(r->job_title, st, 2);
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}
