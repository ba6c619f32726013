/* store/requests.c: the SQL behind store/requests.h. */
#include "store/requests.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* Every read takes the same columns: the request, its scheme, the mentee
 * (account, and student record when linked) and the mentor (record, and
 * account when they have one). */
#define MREQ_COLUMNS                                                           \
  "SELECT r.id, r.scheme_id, r.signup_id, r.mentor_student_id, r.rank,"        \
  " r.message, r.state, r.score, r.created_at, r.expires_at, r.decided_at,"    \
  " sc.name, su.user_id, eu.name, eu.email, ec.title, es.year_of_study,"       \
  " ms.user_id, COALESCE(NULLIF(ms.preferred_name, ''), ms.legal_name),"       \
  " COALESCE(mu.email, ms.university_email), mc.title, ms.year_of_study"       \
  " FROM mentor_requests r JOIN schemes sc ON sc.id = r.scheme_id"             \
  " JOIN mentee_signups su ON su.id = r.signup_id"                             \
  " JOIN users eu ON eu.id = su.user_id"                                       \
  " LEFT JOIN students es ON es.id = su.student_id"                            \
  " LEFT JOIN courses ec ON ec.id = es.course_id"                              \
  " JOIN students ms ON ms.id = r.mentor_student_id"                           \
  " LEFT JOIN users mu ON mu.id = ms.user_id"                                  \
  " LEFT JOIN courses mc ON mc.id = ms.course_id"

/* Pending and not overdue at $now (the statement's parameter named). */
#define WAITING(now) "r.state = 'pending' AND r.expires_at > " now

static void read_mreq(struct db_stmt *st, struct mreq_row *r)
{
  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  r->scheme_id = db_col_int(st, 1);
  r->signup_id = db_col_int(st, 2);
  r->mentor_student_id = db_col_int(st, 3);
  r->rank = (int)db_col_int(st, 4);
  COPY(r->message, st, 5);
  COPY(r->state, st, 6);
  r->score = (int)db_col_int(st, 7);
  r->created_at = db_col_int(st, 8);
  r->expires_at = db_col_int(st, 9);
  r->decided_at = db_col_int(st, 10);
  COPY(r->scheme_name, st, 11);
  r->mentee_user_id = db_col_int(st, 12);
  COPY(r->mentee_name, st, 13);
  COPY(r->mentee_email, st, 14);
  COPY(r->mentee_course, st, 15);
  r->mentee_year = (int)db_col_int(st, 16);
  r->mentor_user_id = db_col_int(st, 17);
  COPY(r->mentor_name, st, 18);
  COPY(r->mentor_email, st, 19);
  COPY(r->mentor_course, st, 20);
  r->mentor_year = (int)db_col_int(st, 21);
}

static int mreq_one(struct db_stmt *st, struct mreq_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_mreq(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

static int mreq_many(struct db_stmt *st, struct mreq_row *rows, int max, int *n)
{
  int rc = DB_DONE;

  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_mreq(st, &rows[(*n)++]);
  if (*n >= max)
    rc = DB_DONE;
  db_finish(st);
  return done(rc);
}

int store_mreq_get(struct db *db, int64_t id, struct mreq_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, MREQ_COLUMNS " WHERE r.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return mreq_one(st, out);
}

int store_mreq_find(struct db *db, int64_t signup_id, int64_t mentor_student_id,
                    struct mreq_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MREQ_COLUMNS " WHERE r.signup_id = $1"
                                   " AND r.mentor_student_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, signup_id);
  db_bind_int(st, 2, mentor_student_id);
  return mreq_one(st, out);
}

int store_mreq_of_signup(struct db *db, int64_t signup_id,
                         struct mreq_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MREQ_COLUMNS
                      " WHERE r.signup_id = $1 ORDER BY CASE WHEN r.state ="
                      " 'pending' THEN r.rank ELSE 99 END, r.created_at DESC,"
                      " r.id DESC LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, signup_id);
  db_bind_int(st, 2, max);
  return mreq_many(st, rows, max, n);
}

int store_mreq_of_mentee(struct db *db, int64_t user_id, struct mreq_row *rows,
                         int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MREQ_COLUMNS " WHERE su.user_id = $1"
                                   " ORDER BY r.created_at DESC, r.id DESC"
                                   " LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, max);
  return mreq_many(st, rows, max, n);
}

int store_mreq_of_mentor(struct db *db, int64_t user_id, int64_t now,
                         struct mreq_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      MREQ_COLUMNS " WHERE ms.user_id = $1 ORDER BY CASE WHEN " WAITING(
          "$2") " THEN 0 ELSE 1 END, CASE WHEN " WAITING("$2") " THEN"
                                                               " r.expires_at "
                                                               "ELSE "
                                                               "-r.created_at "
                                                               "END, r.id "
                                                               "LIMIT $3",
      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, now);
  db_bind_int(st, 3, max);
  return mreq_many(st, rows, max, n);
}

int store_mreq_pending_to_mentor(struct db *db, int64_t user_id, int64_t now,
                                 int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM mentor_requests r"
                      " JOIN students ms ON ms.id = r.mentor_student_id"
                      " WHERE ms.user_id = $1 AND " WAITING("$2"),
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *n = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_mreq_pending_ids(struct db *db, int64_t signup_id, int64_t now,
                           int64_t *ids, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT r.id FROM mentor_requests r WHERE r.signup_id ="
                      " $1 AND " WAITING("$2") " ORDER BY r.rank, r.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, signup_id);
  db_bind_int(st, 2, now);
  rc = DB_DONE;
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    ids[(*n)++] = db_col_int(st, 0);
  if (*n >= max)
    rc = DB_DONE;
  db_finish(st);
  return done(rc);
}

int store_mreq_lock_signup(struct db *db, int64_t signup_id)
{
  int rc = db_run(db,
                  "UPDATE mentee_signups SET updated_at = updated_at"
                  " WHERE id = $1 AND state = 'active'",
                  "i", signup_id);

  rc = changed_one(db, rc);
  return rc == ERR_CONFLICT ? ERR_NOTFOUND : rc;
}

int store_mreq_insert(struct db *db, const struct mreq_row *in, int64_t now,
                      int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO mentor_requests (scheme_id, signup_id,"
                      " mentor_student_id, rank, message, state, score,"
                      " created_at, expires_at) VALUES ($1, $2, $3, $4, $5,"
                      " 'pending', $6, $7, $8) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_int(st, 2, in->signup_id);
  db_bind_int(st, 3, in->mentor_student_id);
  db_bind_int(st, 4, in->rank);
  db_bind_text(st, 5, in->message);
  db_bind_int(st, 6, in->score);
  db_bind_int(st, 7, now);
  db_bind_int(st, 8, in->expires_at);
  return returning_id(st, id);
}

int store_mreq_renew(struct db *db, int64_t id, const struct mreq_row *in,
                     int64_t now)
{
  return changed_one(
      db, db_run(db,
                 "UPDATE mentor_requests SET state = 'pending', rank = $2,"
                 " message = $3, score = $4, created_at = $5, expires_at = $6,"
                 " decided_at = NULL WHERE id = $1 AND (state IN"
                 " ('withdrawn', 'expired', 'closed') OR (state = 'pending'"
                 " AND expires_at <= $5))",
                 "iisiii", id, (int64_t)in->rank, in->message,
                 (int64_t)in->score, now, in->expires_at));
}

int store_mreq_set_rank(struct db *db, int64_t id, int rank)
{
  return changed_one(db, db_run(db,
                                "UPDATE mentor_requests SET rank = $2"
                                " WHERE id = $1 AND state = 'pending'",
                                "ii", id, (int64_t)rank));
}

int store_mreq_decide(struct db *db, int64_t id, const char *from,
                      const char *to, int64_t now)
{
  return changed_one(
      db, db_run(db,
                 "UPDATE mentor_requests SET state = $2, decided_at = $3"
                 " WHERE id = $1 AND state = $4 AND (CAST($4 AS TEXT) <>"
                 " 'pending' OR expires_at > $3)",
                 "isis", id, to, now, from));
}

int store_mreq_end_pending(struct db *db, int64_t signup_id, int64_t keep_id,
                           const char *state, int64_t now, int64_t *n)
{
  int rc = db_run(db,
                  "UPDATE mentor_requests SET state = $4, decided_at = $3"
                  " WHERE signup_id = $1 AND id <> $2 AND state = 'pending'",
                  "iiis", signup_id, keep_id, now, state);

  *n = rc < 0 ? 0 : db_changes(db);
  return done(rc);
}

int store_mreq_expire_one(struct db *db, int64_t id, int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE mentor_requests SET state = 'expired',"
                                " decided_at = expires_at WHERE id = $1 AND"
                                " state = 'pending' AND expires_at <= $2",
                                "ii", id, now));
}

int store_mreq_overdue(struct db *db, int64_t now, struct mreq_row *rows,
                       int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MREQ_COLUMNS " WHERE r.state = 'pending' AND"
                                   " r.expires_at <= $1"
                                   " ORDER BY r.expires_at, r.id LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, max);
  return mreq_many(st, rows, max, n);
}

int store_mreq_signup_paired(struct db *db, int64_t signup_id, bool *paired)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM pairings WHERE signup_id = $1"
                      " AND state <> 'ended'",
                      &st);

  *paired = false;
  if (rc)
    return rc;
  db_bind_int(st, 1, signup_id);
  rc = db_step(st);
  if (rc == DB_ROW)
    *paired = db_col_int(st, 0) > 0;
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}
