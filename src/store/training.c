/* store/training.c: the SQL behind store/training.h. */
#include "store/training.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* ------------------------------------------------------------------ modules */

#define MODULE_COLUMNS                                                         \
  "SELECT id, title, purpose, outcomes, delivery, minutes, validity_months,"  \
  " audience, pass_mark, active, created_at, updated_at FROM training_modules"

static void read_module(struct db_stmt *st, struct module_row *m)
{
  memset(m, 0, sizeof(*m));
  m->id = db_col_int(st, 0);
  COPY(m->title, st, 1);
  COPY(m->purpose, st, 2);
  COPY(m->outcomes, st, 3);
  COPY(m->delivery, st, 4);
  m->minutes = (int)db_col_int(st, 5);
  m->validity_months = (int)db_col_int(st, 6);
  COPY(m->audience, st, 7);
  m->pass_mark = (int)db_col_int(st, 8);
  m->active = db_col_int(st, 9) != 0;
  m->created_at = db_col_int(st, 10);
  m->updated_at = db_col_int(st, 11);
}

static int one_module(struct db_stmt *st, struct module_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_module(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_module_insert(struct db *db, const struct module_row *in,
                        int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO training_modules (title, purpose, outcomes,"
                      " delivery, minutes, validity_months, audience,"
                      " pass_mark, active, created_at, updated_at) VALUES ($1,"
                      " $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, in->title);
  db_bind_text(st, 2, in->purpose);
  db_bind_text(st, 3, in->outcomes);
  db_bind_text(st, 4, in->delivery);
  db_bind_int(st, 5, in->minutes);
  db_bind_int(st, 6, in->validity_months);
  db_bind_text(st, 7, in->audience);
  db_bind_int(st, 8, in->pass_mark);
  db_bind_int(st, 9, in->active ? 1 : 0);
  db_bind_int(st, 10, now);
  return returning_id(st, id);
}

int store_module_update(struct db *db, const struct module_row *in,
                        int64_t now)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "UPDATE training_modules SET title = $1, purpose = $2,"
                      " outcomes = $3, delivery = $4, minutes = $5,"
                      " validity_months = $6, audience = $7, pass_mark = $8,"
                      " active = $9, updated_at = $10 WHERE id = $11",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, in->title);
  db_bind_text(st, 2, in->purpose);
  db_bind_text(st, 3, in->outcomes);
  db_bind_text(st, 4, in->delivery);
  db_bind_int(st, 5, in->minutes);
  db_bind_int(st, 6, in->validity_months);
  db_bind_text(st, 7, in->audience);
  db_bind_int(st, 8, in->pass_mark);
  db_bind_int(st, 9, in->active ? 1 : 0);
  db_bind_int(st, 10, now);
  db_bind_int(st, 11, in->id);
  rc = db_step(st);
  db_finish(st);
  if (rc < 0)
    return rc;
  return db_changes(db) == 1 ? 0 : ERR_NOTFOUND;
}

int store_module_get(struct db *db, int64_t id, struct module_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, MODULE_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_module(st, out);
}

int store_module_find(struct db *db, const char *title, struct module_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, MODULE_COLUMNS " WHERE title = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, title);
  return one_module(st, out);
}

int store_module_list(struct db *db, bool all, struct module_row *rows,
                      int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MODULE_COLUMNS " WHERE active = 1 OR $1 = 1"
                                     " ORDER BY title, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, all ? 1 : 0);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_module(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_module_page(struct db *db, bool all, int64_t after_id,
                      struct module_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MODULE_COLUMNS " WHERE (active = 1 OR $1 = 1)"
                                     " AND id > $2 ORDER BY id LIMIT $3",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, all ? 1 : 0);
  db_bind_int(st, 2, after_id);
  db_bind_int(st, 3, max);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_module(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

/* ------------------------------------------------------ required modules */

static int id_list(struct db_stmt *st, int64_t *ids, int max, int *n)
{
  int rc = DB_DONE;

  while (*n < max && (rc = db_step(st)) == DB_ROW)
    ids[(*n)++] = db_col_int(st, 0);
  if (*n >= max)
    rc = DB_DONE;
  db_finish(st);
  return done(rc);
}

int store_scheme_modules(struct db *db, int64_t scheme_id, int64_t *ids,
                         int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT module_id FROM scheme_required_modules"
                      " WHERE scheme_id = $1 ORDER BY module_id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return id_list(st, ids, max, n);
}

int store_scheme_modules_set(struct db *db, int64_t scheme_id,
                             const int64_t *ids, int n)
{
  int rc = db_run(db, "DELETE FROM scheme_required_modules WHERE scheme_id = $1",
                  "i", scheme_id);

  for (int i = 0; rc >= 0 && i < n; i++)
    rc = db_run(db,
                "INSERT INTO scheme_required_modules (scheme_id, module_id)"
                " VALUES ($1, $2) ON CONFLICT DO NOTHING",
                "ii", scheme_id, ids[i]);
  return done(rc);
}

int store_type_module_add(struct db *db, const char *type, int64_t module_id)
{
  return done(db_run(db,
                     "INSERT INTO scheme_type_modules (type, module_id)"
                     " VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     "si", type, module_id));
}

int store_type_modules(struct db *db, const char *type, int64_t *ids, int max,
                       int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT module_id FROM scheme_type_modules"
                      " WHERE type = $1 ORDER BY module_id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_text(st, 1, type);
  return id_list(st, ids, max, n);
}

/* A completion that never expires counts as expiring at NEVER. */
#define NEVER "9000000000000000000"

int store_requirements(struct db *db, int64_t user_id, int64_t scheme_id,
                       struct requirement_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT m.id, m.title, (SELECT MAX(COALESCE(c.expires_at, " NEVER "))"
      " FROM training_completions c WHERE c.user_id = $1"
      " AND c.module_id = m.id) FROM training_modules m WHERE m.active = 1"
      " AND (m.id IN (SELECT r.module_id FROM scheme_required_modules r"
      " WHERE r.scheme_id = $2) OR (NOT EXISTS (SELECT 1 FROM"
      " scheme_required_modules r2 WHERE r2.scheme_id = $2) AND m.id IN"
      " (SELECT t.module_id FROM scheme_type_modules t JOIN schemes s"
      " ON s.type = t.type WHERE s.id = $2))) ORDER BY m.title, m.id",
      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct requirement_row *q = &rows[(*n)++];
    int64_t best = db_col_int(st, 2);

    memset(q, 0, sizeof(*q));
    q->module_id = db_col_int(st, 0);
    COPY(q->title, st, 1);
    q->completed = !db_col_null(st, 2);
    q->expires_at = best >= 9000000000000000000LL ? 0 : best;
  }
  db_finish(st);
  return done(rc);
}

int store_mentor_schemes(struct db *db, int64_t user_id,
                         struct mentor_scheme_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT s.id, s.name, s.type FROM applications a"
                      " JOIN students p ON p.id = a.student_id"
                      " JOIN schemes s ON s.id = a.scheme_id"
                      " WHERE p.user_id = $1 AND a.state = 'accepted'"
                      " AND s.status <> 'closed' ORDER BY s.name, s.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct mentor_scheme_row *q = &rows[(*n)++];

    memset(q, 0, sizeof(*q));
    q->scheme_id = db_col_int(st, 0);
    COPY(q->name, st, 1);
    COPY(q->type, st, 2);
  }
  db_finish(st);
  return done(rc);
}

/* ----------------------------------------------------------------- sessions */

#define HELD "('booked', 'attended', 'no_show')"

#define SESSION_COLUMNS                                                        \
  "SELECT t.id, t.module_id, m.title, m.delivery, t.starts_at, t.minutes,"    \
  " t.place, t.capacity, COALESCE(t.trainer_user_id, 0),"                      \
  " COALESCE(u.name, ''), COALESCE(t.cancelled_at, 0),"                        \
  " (SELECT COUNT(*) FROM training_bookings b WHERE b.session_id = t.id"      \
  " AND b.state IN " HELD "),"                                                 \
  " (SELECT COUNT(*) FROM training_bookings b WHERE b.session_id = t.id"      \
  " AND b.state = 'waiting'), t.revision, t.cancel_reason, m.active,"        \
  " m.audience, COALESCE(u.email, '')"                                        \
  " FROM training_sessions t JOIN training_modules m ON m.id = t.module_id"   \
  " LEFT JOIN users u ON u.id = t.trainer_user_id"

static void read_session(struct db_stmt *st, struct tsession_row *o)
{
  memset(o, 0, sizeof(*o));
  o->id = db_col_int(st, 0);
  o->module_id = db_col_int(st, 1);
  COPY(o->module_title, st, 2);
  COPY(o->delivery, st, 3);
  o->starts_at = db_col_int(st, 4);
  o->minutes = (int)db_col_int(st, 5);
  COPY(o->place, st, 6);
  o->capacity = (int)db_col_int(st, 7);
  o->trainer_user_id = db_col_int(st, 8);
  COPY(o->trainer_name, st, 9);
  o->cancelled_at = db_col_int(st, 10);
  o->held = (int)db_col_int(st, 11);
  o->waiting = (int)db_col_int(st, 12);
  o->revision = (int)db_col_int(st, 13);
  COPY(o->cancel_reason, st, 14);
  o->module_active = db_col_int(st, 15) != 0;
  COPY(o->audience, st, 16);
  COPY(o->trainer_email, st, 17);
}

int store_tsession_insert(struct db *db, const struct tsession_row *in,
                         int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO training_sessions (module_id, starts_at,"
                      " minutes, place, capacity, trainer_user_id, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->module_id);
  db_bind_int(st, 2, in->starts_at);
  db_bind_int(st, 3, in->minutes);
  db_bind_text(st, 4, in->place);
  db_bind_int(st, 5, in->capacity);
  if (in->trainer_user_id)
    db_bind_int(st, 6, in->trainer_user_id);
  else
    db_bind_null(st, 6);
  db_bind_int(st, 7, now);
  return returning_id(st, id);
}

int store_tsession_get(struct db *db, int64_t id, struct tsession_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, SESSION_COLUMNS " WHERE t.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_session(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_tsession_list(struct db *db, int64_t module_id, int64_t from,
                       struct tsession_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      SESSION_COLUMNS " WHERE (t.module_id = $1 OR $1 = 0)"
                                      " AND t.starts_at >= $2"
                                      " ORDER BY t.starts_at, t.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, module_id);
  db_bind_int(st, 2, from);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_session(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_tsession_page(struct db *db, int64_t module_id, int64_t from,
                        int64_t after_id, struct tsession_row *rows, int max,
                        int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      SESSION_COLUMNS " WHERE (t.module_id = $1 OR $1 = 0)"
                                      " AND t.starts_at >= $2 AND t.id > $3"
                                      " ORDER BY t.id LIMIT $4",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, module_id);
  db_bind_int(st, 2, from);
  db_bind_int(st, 3, after_id);
  db_bind_int(st, 4, max);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_session(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_tsession_update(struct db *db, const struct tsession_row *s)
{
  int rc = db_run(
      db,
      "UPDATE training_sessions SET starts_at = $1, minutes = $2, place = $3,"
      " capacity = $4, trainer_user_id = NULLIF(CAST($5 AS BIGINT), 0),"
      " revision = revision + 1"
      " WHERE id = $6 AND cancelled_at IS NULL AND $4 >= (SELECT COUNT(*)"
      " FROM training_bookings b WHERE b.session_id = $6 AND b.state IN"
      " " HELD ")",
      "iisiii", s->starts_at, (int64_t)s->minutes, s->place,
      (int64_t)s->capacity, s->trainer_user_id, s->id);

  return changed_one(db, rc);
}

int store_tsession_cancel(struct db *db, int64_t id, const char *reason,
                          int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE training_sessions SET cancelled_at ="
                                " $1, cancel_reason = $2, revision = revision"
                                " + 1 WHERE id = $3 AND cancelled_at IS NULL",
                                "isi", now, reason, id));
}

int store_tsession_lock(struct db *db, int64_t id, int64_t *position)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "UPDATE training_sessions SET next_position ="
                      " next_position + 1 WHERE id = $1 AND cancelled_at IS NULL"
                      " RETURNING next_position",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    *position = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

/* ----------------------------------------------------------------- bookings */

#define BOOKING_COLUMNS                                                        \
  "SELECT b.id, b.session_id, b.user_id, u.name, u.email, b.state,"           \
  " b.position, CASE WHEN b.state = 'waiting' THEN (SELECT COUNT(*) FROM"     \
  " training_bookings w WHERE w.session_id = b.session_id AND w.state ="      \
  " 'waiting' AND w.position <= b.position) ELSE 0 END, b.created_at,"        \
  " t.starts_at, t.module_id, m.title, t.minutes, t.revision, t.place,"      \
  " COALESCE(t.cancelled_at, 0), COALESCE(b.reminded_at, 0)"                  \
  " FROM training_bookings b"                                                  \
  " JOIN users u ON u.id = b.user_id"                                          \
  " JOIN training_sessions t ON t.id = b.session_id"                          \
  " JOIN training_modules m ON m.id = t.module_id"

static void read_booking(struct db_stmt *st, struct booking_row *o)
{
  memset(o, 0, sizeof(*o));
  o->id = db_col_int(st, 0);
  o->session_id = db_col_int(st, 1);
  o->user_id = db_col_int(st, 2);
  COPY(o->user_name, st, 3);
  COPY(o->user_email, st, 4);
  COPY(o->state, st, 5);
  o->position = db_col_int(st, 6);
  o->rank = (int)db_col_int(st, 7);
  o->created_at = db_col_int(st, 8);
  o->starts_at = db_col_int(st, 9);
  o->module_id = db_col_int(st, 10);
  COPY(o->module_title, st, 11);
  o->minutes = (int)db_col_int(st, 12);
  o->revision = (int)db_col_int(st, 13);
  COPY(o->place, st, 14);
  o->session_cancelled_at = db_col_int(st, 15);
  o->reminded_at = db_col_int(st, 16);
}

static int one_booking(struct db_stmt *st, struct booking_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_booking(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_booking_find(struct db *db, int64_t session_id, int64_t user_id,
                       struct booking_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      BOOKING_COLUMNS " WHERE b.session_id = $1"
                                      " AND b.user_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  db_bind_int(st, 2, user_id);
  return one_booking(st, out);
}

int store_booking_get(struct db *db, int64_t id, struct booking_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, BOOKING_COLUMNS " WHERE b.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_booking(st, out);
}

int store_booking_delete_cancelled(struct db *db, int64_t id)
{
  return changed_one(db, db_run(db,
                                "DELETE FROM training_bookings WHERE id = $1"
                                " AND state = 'cancelled'",
                                "i", id));
}

int store_booking_take(struct db *db, int64_t session_id, int64_t user_id,
                       int64_t position, int64_t now, bool *booked,
                       int64_t *id)
{
  struct db_stmt *st;
  /* The capacity check and the insert are one statement, inside the
   * transaction that locked the session's row. */
  int rc = db_prepare(
      db,
      "INSERT INTO training_bookings (session_id, user_id, state, position,"
      " created_at, updated_at) SELECT t.id, CAST($2 AS BIGINT), 'booked',"
      " CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($4 AS BIGINT)"
      " FROM training_sessions t WHERE t.id = $1 AND t.cancelled_at IS NULL"
      " AND (SELECT COUNT(*) FROM training_bookings b WHERE b.session_id ="
      " t.id AND b.state IN " HELD ") < t.capacity RETURNING id",
      &st);

  *booked = false;
  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  db_bind_int(st, 2, user_id);
  db_bind_int(st, 3, position);
  db_bind_int(st, 4, now);
  rc = db_step(st);
  if (rc == DB_ROW) {
    *booked = true;
    if (id)
      *id = db_col_int(st, 0);
  }
  db_finish(st);
  return done(rc);
}

int store_booking_queue(struct db *db, int64_t session_id, int64_t user_id,
                        int64_t position, int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO training_bookings (session_id, user_id,"
                      " state, position, created_at, updated_at) VALUES ($1,"
                      " $2, 'waiting', $3, $4, $4) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  db_bind_int(st, 2, user_id);
  db_bind_int(st, 3, position);
  db_bind_int(st, 4, now);
  return returning_id(st, id);
}

int store_booking_cancel(struct db *db, int64_t id, int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE training_bookings SET state ="
                                " 'cancelled', updated_at = $1 WHERE id = $2"
                                " AND state IN ('booked', 'waiting')",
                                "ii", now, id));
}

int store_booking_promote(struct db *db, int64_t session_id, int64_t now,
                          int64_t *user_id)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "UPDATE training_bookings SET state = 'booked', updated_at = $2"
      " WHERE id = (SELECT w.id FROM training_bookings w WHERE"
      " w.session_id = $1 AND w.state = 'waiting' ORDER BY w.position"
      " LIMIT 1) AND (SELECT COUNT(*) FROM training_bookings b WHERE"
      " b.session_id = $1 AND b.state IN " HELD ") < (SELECT t.capacity"
      " FROM training_sessions t WHERE t.id = $1) RETURNING user_id",
      &st);

  *user_id = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  db_bind_int(st, 2, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *user_id = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

int store_booking_mark(struct db *db, int64_t id, const char *state,
                       int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE training_bookings SET state = $1,"
                                " updated_at = $2 WHERE id = $3 AND state IN"
                                " " HELD,
                                "sii", state, now, id));
}

int store_booking_list_session(struct db *db, int64_t session_id,
                               struct booking_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      BOOKING_COLUMNS " WHERE b.session_id = $1 ORDER BY"
                                      " CASE WHEN b.state IN " HELD " THEN 0"
                                      " WHEN b.state = 'waiting' THEN 1"
                                      " ELSE 2 END, b.position, b.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, session_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_booking(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_booking_list_user(struct db *db, int64_t user_id, int64_t from,
                            struct booking_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      BOOKING_COLUMNS " WHERE b.user_id = $1 AND"
                                      " b.state <> 'cancelled' AND"
                                      " t.starts_at >= $2"
                                      " ORDER BY t.starts_at, b.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, from);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_booking(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_booking_forget_reminders(struct db *db, int64_t session_id)
{
  return done(db_run(db,
                     "UPDATE training_bookings SET reminded_at = NULL"
                     " WHERE session_id = $1",
                     "i", session_id));
}

enum { DAY = 86400 };

int store_reminders_due(struct db *db, int64_t now, struct booking_row *rows,
                        int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      BOOKING_COLUMNS " WHERE b.state = 'booked' AND"
                                      " b.reminded_at IS NULL AND"
                                      " t.cancelled_at IS NULL AND"
                                      " t.starts_at > $1 AND t.starts_at <="
                                      " CAST($1 AS BIGINT) + CAST($2 AS"
                                      " BIGINT) AND b.updated_at <="
                                      " t.starts_at - CAST($2 AS BIGINT)"
                                      " ORDER BY t.starts_at, b.id LIMIT $3",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, DAY);
  db_bind_int(st, 3, max);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_booking(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_booking_reminded(struct db *db, int64_t id, int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE training_bookings SET reminded_at = $1"
                                " WHERE id = $2 AND reminded_at IS NULL AND"
                                " state = 'booked'",
                                "ii", now, id));
}

/* -------------------------------------------------------------- completions */

int store_completion_add(struct db *db, const struct completion_row *in,
                         int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO training_completions (user_id, module_id,"
                      " completed_at, expires_at, how, source_id) VALUES ($1,"
                      " $2, $3, $4, $5, $6) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->user_id);
  db_bind_int(st, 2, in->module_id);
  db_bind_int(st, 3, in->completed_at);
  if (in->expires_at)
    db_bind_int(st, 4, in->expires_at);
  else
    db_bind_null(st, 4);
  db_bind_text(st, 5, in->how);
  db_bind_int(st, 6, in->source_id);
  return returning_id(st, id);
}

int store_completion_remove(struct db *db, const char *how, int64_t source_id)
{
  return done(db_run(db,
                     "DELETE FROM training_completions WHERE how = $1"
                     " AND source_id = $2",
                     "si", how, source_id));
}

#define COMPLETION_COLUMNS                                                     \
  "SELECT c.id, c.user_id, c.module_id, m.title, c.completed_at,"            \
  " COALESCE(c.expires_at, 0), c.how, c.source_id, u.name, u.email"          \
  " FROM training_completions c"                                              \
  " JOIN training_modules m ON m.id = c.module_id"                            \
  " JOIN users u ON u.id = c.user_id"

static void read_completion(struct db_stmt *st, struct completion_row *c)
{
  memset(c, 0, sizeof(*c));
  c->id = db_col_int(st, 0);
  c->user_id = db_col_int(st, 1);
  c->module_id = db_col_int(st, 2);
  COPY(c->module_title, st, 3);
  c->completed_at = db_col_int(st, 4);
  c->expires_at = db_col_int(st, 5);
  COPY(c->how, st, 6);
  c->source_id = db_col_int(st, 7);
  COPY(c->user_name, st, 8);
  COPY(c->user_email, st, 9);
}

int store_completion_list(struct db *db, int64_t user_id,
                          struct completion_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      COMPLETION_COLUMNS " WHERE c.user_id = $1"
                                         " ORDER BY c.completed_at DESC,"
                                         " c.id DESC",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_completion(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_refreshers_due(struct db *db, int64_t now, int64_t until,
                         struct completion_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      COMPLETION_COLUMNS " WHERE c.expires_at > $1 AND c.expires_at <= $2"
                         " AND c.due_notice_at IS NULL AND m.active = 1"
                         " AND u.active = 1 AND NOT EXISTS (SELECT 1 FROM"
                         " training_completions l WHERE l.user_id ="
                         " c.user_id AND l.module_id = c.module_id AND"
                         " (l.expires_at IS NULL OR l.expires_at >"
                         " c.expires_at)) ORDER BY c.expires_at, c.id"
                         " LIMIT $3",
      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, until);
  db_bind_int(st, 3, max);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_completion(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_completion_noticed(struct db *db, int64_t id, int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE training_completions SET"
                                " due_notice_at = $1 WHERE id = $2 AND"
                                " due_notice_at IS NULL",
                                "ii", now, id));
}

/* ------------------------------------------------------------------ reports */

int store_scheme_mentors(struct db *db, int64_t scheme_id,
                         struct scheme_mentor_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT a.id, p.id, COALESCE(p.user_id, 0),"
                      " p.student_number, p.legal_name, p.preferred_name,"
                      " p.university_email FROM applications a"
                      " JOIN students p ON p.id = a.student_id"
                      " WHERE a.scheme_id = $1 AND a.state = 'accepted'"
                      " ORDER BY p.legal_name, p.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct scheme_mentor_row *o = &rows[(*n)++];

    memset(o, 0, sizeof(*o));
    o->application_id = db_col_int(st, 0);
    o->student_id = db_col_int(st, 1);
    o->user_id = db_col_int(st, 2);
    COPY(o->student_number, st, 3);
    COPY(o->legal_name, st, 4);
    COPY(o->preferred_name, st, 5);
    COPY(o->email, st, 6);
  }
  db_finish(st);
  return done(rc);
}

int store_module_holders(struct db *db, int64_t module_id,
                         struct module_holder_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT u.id, u.name, u.email, MAX(c.completed_at),"
                      " MAX(COALESCE(c.expires_at, " NEVER ")), COUNT(*)"
                      " FROM training_completions c JOIN users u ON u.id ="
                      " c.user_id WHERE c.module_id = $1"
                      " GROUP BY u.id, u.name, u.email ORDER BY u.name, u.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, module_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct module_holder_row *o = &rows[(*n)++];
    int64_t best = db_col_int(st, 4);

    memset(o, 0, sizeof(*o));
    o->user_id = db_col_int(st, 0);
    COPY(o->name, st, 1);
    COPY(o->email, st, 2);
    o->completed_at = db_col_int(st, 3);
    o->expires_at = best >= 9000000000000000000LL ? 0 : best;
    o->completions = (int)db_col_int(st, 5);
  }
  db_finish(st);
  return done(rc);
}

/* -------------------------------------------------------------------- quiz */

int store_quiz_list(struct db *db, int64_t module_id,
                    struct quiz_question_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, module_id, position, prompt, choices,"
                      " correct FROM quiz_questions WHERE module_id = $1"
                      " ORDER BY position, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, module_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct quiz_question_row *q = &rows[(*n)++];

    memset(q, 0, sizeof(*q));
    q->id = db_col_int(st, 0);
    q->module_id = db_col_int(st, 1);
    q->position = (int)db_col_int(st, 2);
    COPY(q->prompt, st, 3);
    COPY(q->choices, st, 4);
    q->correct = (int)db_col_int(st, 5);
  }
  db_finish(st);
  return done(rc);
}

int store_quiz_insert(struct db *db, const struct quiz_question_row *in,
                      int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO quiz_questions (module_id, position, prompt,"
                      " choices, correct) VALUES ($1, (SELECT COALESCE(MAX("
                      "position), 0) + 1 FROM quiz_questions WHERE module_id ="
                      " $1), $2, $3, $4) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->module_id);
  db_bind_text(st, 2, in->prompt);
  db_bind_text(st, 3, in->choices);
  db_bind_int(st, 4, in->correct);
  return returning_id(st, id);
}

int store_quiz_delete(struct db *db, int64_t id, int64_t module_id)
{
  return changed_one(db, db_run(db,
                                "DELETE FROM quiz_questions WHERE id = $1"
                                " AND module_id = $2",
                                "ii", id, module_id));
}

int store_attempt_insert(struct db *db, const struct attempt_row *in,
                         int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO quiz_attempts (user_id, module_id, at,"
                      " score_percent, passed, answers) VALUES ($1, $2, $3,"
                      " $4, $5, $6) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->user_id);
  db_bind_int(st, 2, in->module_id);
  db_bind_int(st, 3, in->at);
  db_bind_int(st, 4, in->score_percent);
  db_bind_int(st, 5, in->passed ? 1 : 0);
  db_bind_text(st, 6, in->answers);
  return returning_id(st, id);
}

int store_attempt_list(struct db *db, int64_t user_id, int64_t module_id,
                       struct attempt_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, user_id, module_id, at, score_percent,"
                      " passed, answers FROM quiz_attempts WHERE user_id = $1"
                      " AND module_id = $2 ORDER BY at DESC, id DESC",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, module_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct attempt_row *a = &rows[(*n)++];

    memset(a, 0, sizeof(*a));
    a->id = db_col_int(st, 0);
    a->user_id = db_col_int(st, 1);
    a->module_id = db_col_int(st, 2);
    a->at = db_col_int(st, 3);
    a->score_percent = (int)db_col_int(st, 4);
    a->passed = db_col_int(st, 5) != 0;
    COPY(a->answers, st, 6);
  }
  db_finish(st);
  return done(rc);
}
