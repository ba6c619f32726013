/* store/rollover.c: the SQL behind store/rollover.h. Copies are INSERT
 * ... SELECT, one statement per child table, so that a scheme's children
 * never pass through C. */
#include "store/rollover.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"

#include <string.h>

/* Room for one more row in a growing array. */
static void *grow(void *rows, int n, int *cap, size_t size)
{
  if (n < *cap)
    return rows;
  *cap = *cap ? *cap * 2 : 64;
  return xreallocarray(rows, (size_t)*cap, size);
}

int store_rollover_schemes(struct db *db, const char *from, const char *to,
                           struct rollover_scheme_row **rows, int *n)
{
  struct db_stmt *st;
  int cap = 0, rc = db_prepare(
                   db,
                   "SELECT s.id, s.name, s.status, s.starts_on, s.ends_on,"
                   " (SELECT MIN(c.id) FROM schemes c WHERE c.copied_from"
                   " = s.id AND c.academic_year = $2)"
                   " FROM schemes s WHERE s.academic_year = $1"
                   " ORDER BY s.id",
                   &st);

  *rows = NULL;
  *n = 0;
  if (rc)
    return rc;
  db_bind_text(st, 1, from);
  db_bind_text(st, 2, to);
  while ((rc = db_step(st)) == DB_ROW) {
    struct rollover_scheme_row *r;

    *rows = grow(*rows, *n, &cap, sizeof(**rows));
    r = &(*rows)[(*n)++];
    r->id = db_col_int(st, 0);
    COPY(r->name, st, 1);
    COPY(r->status, st, 2);
    COPY(r->starts_on, st, 3);
    COPY(r->ends_on, st, 4);
    r->copy_id = db_col_int(st, 5);
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_rollover_notices(struct db *db, const char *from,
                           struct rollover_notice_row **rows, int *n)
{
  struct db_stmt *st;
  int cap = 0, rc = db_prepare(
                   db,
                   "SELECT 'application', COALESCE(u.email,"
                   " st.university_email), COALESCE(NULLIF(st.preferred_name,"
                   " ''), st.legal_name), s.name, a.state, a.id"
                   " FROM applications a JOIN schemes s ON s.id = a.scheme_id"
                   " JOIN students st ON st.id = a.student_id"
                   " LEFT JOIN users u ON u.id = st.user_id"
                   " WHERE s.academic_year = $1 AND s.status <> 'closed'"
                   " AND a.state IN ('submitted', 'under_review',"
                   " 'interview', 'offered')"
                   " UNION ALL"
                   " SELECT 'signup', u.email, u.name, s.name, m.state, m.id"
                   " FROM mentee_signups m JOIN schemes s ON s.id ="
                   " m.scheme_id JOIN users u ON u.id = m.user_id"
                   " WHERE s.academic_year = $1 AND s.status <> 'closed'"
                   " AND m.state = 'active'"
                   " ORDER BY 1, 6",
                   &st);

  *rows = NULL;
  *n = 0;
  if (rc)
    return rc;
  db_bind_text(st, 1, from);
  while ((rc = db_step(st)) == DB_ROW) {
    struct rollover_notice_row *r;

    *rows = grow(*rows, *n, &cap, sizeof(**rows));
    r = &(*rows)[(*n)++];
    COPY(r->kind, st, 0);
    COPY(r->email, st, 1);
    COPY(r->name, st, 2);
    COPY(r->scheme_name, st, 3);
    COPY(r->state, st, 4);
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_rollover_close(struct db *db, const char *from, int64_t now,
                         int *closed)
{
  int rc = db_run(db,
                  "UPDATE schemes SET status = 'closed', applications_open"
                  " = 0, signups_open = 0, updated_at = $2"
                  " WHERE academic_year = $1 AND status <> 'closed'",
                  "si", from, now);

  if (rc < 0)
    return rc;
  *closed = (int)db_changes(db);
  return 0;
}

int store_rollover_copy(struct db *db, int64_t id, const char *to,
                        const char *starts_on, const char *ends_on,
                        int64_t actor_id, int64_t now, int64_t *copy_id)
{
  struct db_stmt *st;
  int64_t c;
  /* The term belonged to the old year: the copy has none (NULL) until a
   * coordinator picks the new year's. */
  int rc = db_prepare(
      db,
      "INSERT INTO schemes (name, type, academic_year, summary, description,"
      " owner_level, format, group_size, mode, contact, matching_mode,"
      " mentor_capacity, period, term_id, starts_on, ends_on, paid,"
      " rate_pence, commitment, sponsor_staff_id, status,"
      " applications_open, signups_open, copied_from, created_by,"
      " created_at, updated_at)"
      " SELECT name, type, CAST($2 AS TEXT), summary, description,"
      " owner_level, format, group_size, mode, contact, matching_mode,"
      " mentor_capacity, period, NULL, CAST($3 AS TEXT), CAST($4 AS TEXT),"
      " paid, rate_pence, commitment, sponsor_staff_id, 'draft', 0, 0, id,"
      " CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($6 AS BIGINT)"
      " FROM schemes WHERE id = $1"
      " RETURNING id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  db_bind_text(st, 2, to);
  db_bind_text(st, 3, starts_on);
  db_bind_text(st, 4, ends_on);
  if (actor_id)
    db_bind_int(st, 5, actor_id);
  else
    db_bind_null(st, 5);
  db_bind_int(st, 6, now);
  rc = db_step(st);
  c = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  if (rc != DB_ROW)
    return rc == DB_DONE ? ERR_NOTFOUND : rc;
  *copy_id = c;
  if ((rc = db_run(db,
                   "INSERT INTO scheme_courses (scheme_id, course_id)"
                   " SELECT CAST($2 AS BIGINT), course_id FROM scheme_courses"
                   " WHERE scheme_id = $1",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_faculties (scheme_id, faculty_id)"
                   " SELECT CAST($2 AS BIGINT), faculty_id"
                   " FROM scheme_faculties"
                   " WHERE scheme_id = $1",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_staff (scheme_id, user_id, role)"
                   " SELECT CAST($2 AS BIGINT), user_id, role FROM scheme_staff"
                   " WHERE scheme_id = $1",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_rules (scheme_id, side, kind, value)"
                   " SELECT CAST($2 AS BIGINT), side, kind, value"
                   " FROM scheme_rules"
                   " WHERE scheme_id = $1 ORDER BY id",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_topics (scheme_id, topic, kind)"
                   " SELECT CAST($2 AS BIGINT), topic, kind FROM scheme_topics"
                   " WHERE scheme_id = $1",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_materials (scheme_id, title, filename,"
                   " content_type, size_bytes, sha256, data_base64,"
                   " uploaded_by, uploaded_at)"
                   " SELECT CAST($2 AS BIGINT), title, filename,"
                   " content_type, size_bytes, sha256, data_base64,"
                   " uploaded_by, uploaded_at"
                   " FROM scheme_materials WHERE scheme_id = $1 ORDER BY id",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_questions (scheme_id, position,"
                   " prompt, kind, choices, required)"
                   " SELECT CAST($2 AS BIGINT), position, prompt, kind,"
                   " choices, required"
                   " FROM scheme_questions WHERE scheme_id = $1 ORDER BY id",
                   "ii", id, c)) < 0 ||
      (rc = db_run(db,
                   "INSERT INTO scheme_rubric (scheme_id, position, criterion,"
                   " max_score)"
                   " SELECT CAST($2 AS BIGINT), position, criterion, max_score"
                   " FROM scheme_rubric WHERE scheme_id = $1 ORDER BY id",
                   "ii", id, c)) < 0)
    return rc;
  return 0;
}
