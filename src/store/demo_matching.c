/* store/demo_matching.c: the SQL of store/demo_matching.h. */
#include "store/demo_matching.h"

#include "store/rows.h"

#include <string.h>

int store_demo_enrolled(struct db *db, demo_student_fn fn, void *ctx)
{
  struct demo_student_row r;
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT s.id, COALESCE(s.user_id, 0), s.student_number,"
                      " s.university_email, s.legal_name, s.preferred_name,"
                      " COALESCE(c.code, ''), s.year_of_study, s.fee_status"
                      " FROM students s LEFT JOIN courses c ON c.id ="
                      " s.course_id WHERE s.status = 'enrolled' AND"
                      " s.active = 1 AND s.erased_at IS NULL"
                      " ORDER BY s.student_number",
                      &st);

  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    memset(&r, 0, sizeof(r));
    r.id = db_col_int(st, 0);
    r.user_id = db_col_int(st, 1);
    COPY(r.number, st, 2);
    COPY(r.email, st, 3);
    COPY(r.name, st, 5);
    if (!r.name[0])
      COPY(r.name, st, 4);
    COPY(r.course, st, 6);
    r.year_of_study = (int)db_col_int(st, 7);
    COPY(r.fee_status, st, 8);
    if ((rc = fn(ctx, &r)))
      break;
  }
  db_finish(st);
  return done(rc);
}

int store_demo_link(struct db *db, int64_t student_id, int64_t user_id)
{
  return done(db_run(db,
                     "UPDATE students SET user_id = $1 WHERE id = $2"
                     " AND user_id IS NULL",
                     "ii", user_id, student_id));
}

int store_demo_session_find(struct db *db, int64_t module_id, int64_t starts_at,
                            const char *place, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id FROM training_sessions WHERE module_id = $1"
                      " AND starts_at = $2 AND place = $3 ORDER BY id"
                      " LIMIT 1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, module_id);
  db_bind_int(st, 2, starts_at);
  db_bind_text(st, 3, place);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_demo_attended(struct db *db, int64_t session_id, int64_t user_id,
                        int64_t position, int64_t at, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO training_bookings (session_id, user_id,"
                      " state, position, created_at, updated_at) VALUES ($1,"
                      " $2, 'attended', $3, $4, $4) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  db_bind_int(st, 2, user_id);
  db_bind_int(st, 3, position);
  db_bind_int(st, 4, at);
  return returning_id(st, id);
}
