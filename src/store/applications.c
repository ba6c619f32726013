/* store/applications.c: the SQL behind store/applications.h. */
#include "store/applications.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- questions */

#define QUESTION_COLUMNS                                                       \
  "SELECT id, scheme_id, position, prompt, kind, choices, required"            \
  " FROM scheme_questions"

static void read_question(struct db_stmt *st, struct question_row *q)
{
  memset(q, 0, sizeof(*q));
  q->id = db_col_int(st, 0);
  q->scheme_id = db_col_int(st, 1);
  q->position = (int)db_col_int(st, 2);
  COPY(q->prompt, st, 3);
  COPY(q->kind, st, 4);
  COPY(q->choices, st, 5);
  q->required = db_col_int(st, 6) != 0;
}

int store_question_list(struct db *db, int64_t scheme_id,
                        struct question_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      QUESTION_COLUMNS " WHERE scheme_id = $1"
                                       " ORDER BY position, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_question(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_question_get(struct db *db, int64_t id, struct question_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, QUESTION_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_question(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_question_insert(struct db *db, const struct question_row *in,
                          int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "INSERT INTO scheme_questions (scheme_id, position, prompt, kind,"
      " choices, required) VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1"
      " FROM scheme_questions WHERE scheme_id = $1), $2, $3, $4, $5)"
      " RETURNING id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_text(st, 2, in->prompt);
  db_bind_text(st, 3, in->kind);
  db_bind_text(st, 4, in->choices);
  db_bind_int(st, 5, in->required);
  return returning_id(st, id);
}

int store_question_update(struct db *db, const struct question_row *in)
{
  return done(db_run(db,
                     "UPDATE scheme_questions SET prompt = $1, kind = $2,"
                     " choices = $3, required = $4 WHERE id = $5",
                     "sssii", in->prompt, in->kind, in->choices,
                     (int64_t)in->required, in->id));
}

int store_question_delete(struct db *db, int64_t id)
{
  return done(db_run(db, "DELETE FROM scheme_questions WHERE id = $1", "i",
                     id));
}

int store_question_set_position(struct db *db, int64_t id, int position)
{
  return done(db_run(db,
                     "UPDATE scheme_questions SET position = $1 WHERE id = $2",
                     "ii", (int64_t)position, id));
}

/* ------------------------------------------------------------------- rubric */

#define RUBRIC_COLUMNS                                                         \
  "SELECT id, scheme_id, position, criterion, max_score FROM scheme_rubric"

static void read_rubric(struct db_stmt *st, struct rubric_row *c)
{
  memset(c, 0, sizeof(*c));
  c->id = db_col_int(st, 0);
  c->scheme_id = db_col_int(st, 1);
  c->position = (int)db_col_int(st, 2);
  COPY(c->criterion, st, 3);
  c->max_score = (int)db_col_int(st, 4);
}

int store_rubric_list(struct db *db, int64_t scheme_id, struct rubric_row *rows,
                      int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      RUBRIC_COLUMNS " WHERE scheme_id = $1"
                                     " ORDER BY position, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_rubric(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_rubric_get(struct db *db, int64_t id, struct rubric_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, RUBRIC_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_rubric(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_rubric_insert(struct db *db, const struct rubric_row *in,
                        int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "INSERT INTO scheme_rubric (scheme_id, position, criterion, max_score)"
      " VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM scheme_rubric"
      " WHERE scheme_id = $1), $2, $3) RETURNING id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_text(st, 2, in->criterion);
  db_bind_int(st, 3, in->max_score);
  return returning_id(st, id);
}

int store_rubric_update(struct db *db, const struct rubric_row *in)
{
  return done(db_run(db,
                     "UPDATE scheme_rubric SET criterion = $1, max_score = $2"
                     " WHERE id = $3",
                     "sii", in->criterion, (int64_t)in->max_score, in->id));
}

int store_rubric_delete(struct db *db, int64_t id)
{
  return done(db_run(db, "DELETE FROM scheme_rubric WHERE id = $1", "i", id));
}

/* ------------------------------------------------------------- applications */

#define APPLICATION_COLUMNS                                                    \
  "SELECT a.id, a.scheme_id, a.student_id, a.state, a.version,"               \
  " a.eligibility, a.reason, a.feedback, COALESCE(a.agreement_at, 0),"        \
  " a.returning_mentor, a.created_at, a.updated_at, COALESCE(s.user_id, 0),"  \
  " s.student_number, s.legal_name, s.preferred_name,"                        \
  " COALESCE(u.email, s.university_email), COALESCE(c.code, ''),"             \
  " COALESCE(c.title, ''), s.year_of_study, sc.name, sc.academic_year,"       \
  " (SELECT COALESCE(SUM(x.score), 0) FROM application_scores x"              \
  "   WHERE x.application_id = a.id),"                                        \
  " (SELECT COUNT(DISTINCT x.reviewer_id) FROM application_scores x"          \
  "   WHERE x.application_id = a.id)"
#define APPLICATION_FROM                                                       \
  " FROM applications a JOIN students s ON s.id = a.student_id"              \
  " JOIN schemes sc ON sc.id = a.scheme_id"                                   \
  " LEFT JOIN users u ON u.id = s.user_id"                                    \
  " LEFT JOIN courses c ON c.id = s.course_id"

static void read_application(struct db_stmt *st, struct application_row *a)
{
  memset(a, 0, sizeof(*a));
  a->id = db_col_int(st, 0);
  a->scheme_id = db_col_int(st, 1);
  a->student_id = db_col_int(st, 2);
  COPY(a->state, st, 3);
  a->version = (int)db_col_int(st, 4);
  COPY(a->eligibility, st, 5);
  COPY(a->reason, st, 6);
  COPY(a->feedback, st, 7);
  a->agreement_at = db_col_int(st, 8);
  a->returning_mentor = db_col_int(st, 9) != 0;
  a->created_at = db_col_int(st, 10);
  a->updated_at = db_col_int(st, 11);
  a->student_user_id = db_col_int(st, 12);
  COPY(a->student_number, st, 13);
  COPY(a->legal_name, st, 14);
  COPY(a->preferred_name, st, 15);
  COPY(a->email, st, 16);
  COPY(a->course_code, st, 17);
  COPY(a->course_title, st, 18);
  a->year_of_study = (int)db_col_int(st, 19);
  COPY(a->scheme_name, st, 20);
  COPY(a->academic_year, st, 21);
  a->score_sum = db_col_int(st, 22);
  a->reviewers = (int)db_col_int(st, 23);
}

static int one_application(struct db_stmt *st, struct application_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_application(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_application_insert(struct db *db, int64_t scheme_id,
                             int64_t student_id, const char *eligibility,
                             bool returning, int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO applications (scheme_id, student_id,"
                      " eligibility, returning_mentor, created_at,"
                      " updated_at) VALUES ($1, $2, $3, $4, $5, $5)"
                      " RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, student_id);
  db_bind_text(st, 3, eligibility);
  db_bind_int(st, 4, returning);
  db_bind_int(st, 5, now);
  return returning_id(st, id);
}

int store_application_get(struct db *db, int64_t id,
                          struct application_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      APPLICATION_COLUMNS APPLICATION_FROM " WHERE a.id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_application(st, out);
}

int store_application_find(struct db *db, int64_t scheme_id,
                           int64_t student_id, struct application_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      APPLICATION_COLUMNS APPLICATION_FROM
                      " WHERE a.scheme_id = $1 AND a.student_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, student_id);
  return one_application(st, out);
}

/* The search's LIKE pattern: q lowercased, its wildcards escaped ("" for
 * no search). */
static void like_pattern(const char *q, char *out, size_t n)
{
  size_t j = 0;

  if (!*q) {
    out[0] = '\0';
    return;
  }
  out[j++] = '%';
  for (const char *p = q; *p && j + 3 < n; p++) {
    if (*p == '%' || *p == '_' || *p == '\\')
      out[j++] = '\\';
    out[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  }
  out[j++] = '%';
  out[j] = '\0';
}

#define APPLICATION_WHERE                                                      \
  " WHERE a.scheme_id = $1"                                                    \
  " AND (CAST($2 AS TEXT) = '' OR a.state = $2)"                               \
  " AND (CAST($3 AS INTEGER) < 0 OR a.returning_mentor = $3)"                  \
  " AND (CAST($4 AS TEXT) = '' OR s.search_text LIKE $4 ESCAPE '\\')"

static void bind_filter(struct db_stmt *st, const struct application_filter *f)
{
  char pattern[A_NAME * 2 + 3];

  like_pattern(f->q, pattern, sizeof(pattern));
  db_bind_int(st, 1, f->scheme_id);
  db_bind_text(st, 2, f->state);
  db_bind_int(st, 3, f->returning);
  db_bind_text(st, 4, pattern);
}

int store_application_list(struct db *db, const struct application_filter *f,
                           int64_t after_id, int offset, int limit,
                           struct application_row *rows, int *n,
                           int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  if (total) {
    if ((rc = db_prepare(db,
                         "SELECT COUNT(*) FROM applications a"
                         " JOIN students s ON s.id = a.student_id"
                         APPLICATION_WHERE,
                         &st)))
      return rc;
    bind_filter(st, f);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finish(st);
    if (rc < 0)
      return rc;
  }
  if (after_id >= 0) {
    rc = db_prepare(db,
                    APPLICATION_COLUMNS APPLICATION_FROM APPLICATION_WHERE
                    " AND a.id > $5 ORDER BY a.id LIMIT $6",
                    &st);
    if (rc)
      return rc;
    bind_filter(st, f);
    db_bind_int(st, 5, after_id);
    db_bind_int(st, 6, limit);
  } else {
    rc = db_prepare(db,
                    APPLICATION_COLUMNS APPLICATION_FROM APPLICATION_WHERE
                    " ORDER BY a.id LIMIT $5 OFFSET $6",
                    &st);
    if (rc)
      return rc;
    bind_filter(st, f);
    db_bind_int(st, 5, limit);
    db_bind_int(st, 6, offset);
  }
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_application(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_application_counts(struct db *db, int64_t scheme_id,
                             char states[][A_WORD], int64_t *counts, int max,
                             int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT state, COUNT(*) FROM applications"
                      " WHERE scheme_id = $1 GROUP BY state ORDER BY state",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    str_copy(states[*n], A_WORD, text_or_empty(st, 0));
    counts[(*n)++] = db_col_int(st, 1);
  }
  db_finish(st);
  return done(rc);
}

int store_application_of_student(struct db *db, int64_t student_id,
                                 struct application_row *rows, int max,
                                 int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      APPLICATION_COLUMNS APPLICATION_FROM
                      " WHERE a.student_id = $1 ORDER BY a.id DESC",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, student_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_application(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_application_returning(struct db *db, int64_t student_id,
                                int64_t scheme_id, bool *yes)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM applications WHERE student_id = $1"
                      " AND scheme_id <> $2 AND state = 'accepted'",
                      &st);

  *yes = false;
  if (rc)
    return rc;
  db_bind_int(st, 1, student_id);
  db_bind_int(st, 2, scheme_id);
  rc = db_step(st);
  if (rc == DB_ROW)
    *yes = db_col_int(st, 0) > 0;
  db_finish(st);
  return done(rc);
}

int store_application_move(struct db *db, int64_t id, const char *from,
                           int version, const char *to, const char *reason,
                           const char *feedback, int64_t agreement_at,
                           int64_t now)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "UPDATE applications SET state = $1, version = version + 1,"
      " reason = COALESCE(CAST($2 AS TEXT), reason),"
      " feedback = COALESCE(CAST($3 AS TEXT), feedback),"
      " agreement_at = CASE WHEN CAST($4 AS BIGINT) > 0 THEN $4"
      " ELSE agreement_at END, updated_at = $5"
      " WHERE id = $6 AND state = $7 AND version = $8",
      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, to);
  db_bind_text(st, 2, reason);
  db_bind_text(st, 3, feedback);
  db_bind_int(st, 4, agreement_at);
  db_bind_int(st, 5, now);
  db_bind_int(st, 6, id);
  db_bind_text(st, 7, from);
  db_bind_int(st, 8, version);
  rc = db_step(st);
  db_finish(st);
  return changed_one(db, rc);
}

/* ---------------------------------------------------------------- answers */

int store_answer_set(struct db *db, int64_t application_id,
                     int64_t question_id, const char *answer)
{
  return done(db_run(db,
                     "INSERT INTO application_answers (application_id,"
                     " question_id, answer) VALUES ($1, $2, $3)"
                     " ON CONFLICT (application_id, question_id)"
                     " DO UPDATE SET answer = excluded.answer",
                     "iis", application_id, question_id, answer));
}

int store_answer_list(struct db *db, int64_t application_id,
                      struct answer_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT question_id, answer FROM application_answers"
                      " WHERE application_id = $1 ORDER BY question_id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    rows[*n].question_id = db_col_int(st, 0);
    COPY(rows[*n].answer, st, 1);
    (*n)++;
  }
  db_finish(st);
  return done(rc);
}

/* ----------------------------------------------------------------- events */

int store_app_event_add(struct db *db, int64_t application_id, int64_t at,
                        int64_t actor_id, const char *from, const char *to,
                        const char *note)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO application_events (application_id, at,"
                      " actor_id, from_state, to_state, note)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  db_bind_int(st, 2, at);
  if (actor_id > 0)
    db_bind_int(st, 3, actor_id);
  else
    db_bind_null(st, 3);
  db_bind_text(st, 4, from);
  db_bind_text(st, 5, to);
  db_bind_text(st, 6, note ? note : "");
  rc = db_step(st);
  db_finish(st);
  return done(rc);
}

int store_app_event_list(struct db *db, int64_t application_id,
                         struct app_event_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT e.id, e.at, COALESCE(e.actor_id, 0),"
                      " COALESCE(u.name, ''), e.from_state, e.to_state, e.note"
                      " FROM application_events e"
                      " LEFT JOIN users u ON u.id = e.actor_id"
                      " WHERE e.application_id = $1 ORDER BY e.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct app_event_row *e = &rows[(*n)++];

    e->id = db_col_int(st, 0);
    e->at = db_col_int(st, 1);
    e->actor_id = db_col_int(st, 2);
    COPY(e->actor_name, st, 3);
    COPY(e->from_state, st, 4);
    COPY(e->to_state, st, 5);
    COPY(e->note, st, 6);
  }
  db_finish(st);
  return done(rc);
}

int store_app_event_count(struct db *db, int64_t application_id,
                          const char *to_state, int64_t *count)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT COUNT(*) FROM application_events"
                      " WHERE application_id = $1 AND to_state = $2",
                      &st);

  *count = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  db_bind_text(st, 2, to_state);
  rc = db_step(st);
  if (rc == DB_ROW)
    *count = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

/* ------------------------------------------------------- scores and notes */

int store_score_set(struct db *db, int64_t application_id, int64_t rubric_id,
                    int64_t reviewer_id, int score, int64_t now)
{
  return done(db_run(db,
                     "INSERT INTO application_scores (application_id,"
                     " rubric_id, reviewer_id, score, at)"
                     " VALUES ($1, $2, $3, $4, $5)"
                     " ON CONFLICT (application_id, rubric_id, reviewer_id)"
                     " DO UPDATE SET score = excluded.score, at = excluded.at",
                     "iiiii", application_id, rubric_id, reviewer_id,
                     (int64_t)score, now));
}

int store_score_list(struct db *db, int64_t application_id,
                     struct score_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT x.rubric_id, x.reviewer_id, COALESCE(u.name, ''),"
                      " x.score, x.at FROM application_scores x"
                      " JOIN scheme_rubric r ON r.id = x.rubric_id"
                      " LEFT JOIN users u ON u.id = x.reviewer_id"
                      " WHERE x.application_id = $1"
                      " ORDER BY x.reviewer_id, r.position, r.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct score_row *s = &rows[(*n)++];

    s->rubric_id = db_col_int(st, 0);
    s->reviewer_id = db_col_int(st, 1);
    COPY(s->reviewer_name, st, 2);
    s->score = (int)db_col_int(st, 3);
    s->at = db_col_int(st, 4);
  }
  db_finish(st);
  return done(rc);
}

int store_app_note_add(struct db *db, int64_t application_id,
                       int64_t author_id, const char *body, int64_t now)
{
  return done(db_run(db,
                     "INSERT INTO application_notes (application_id,"
                     " author_id, at, body) VALUES ($1, $2, $3, $4)",
                     "iiis", application_id, author_id, now, body));
}

int store_app_note_list(struct db *db, int64_t application_id,
                        struct app_note_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT n.id, COALESCE(n.author_id, 0), n.at,"
                      " COALESCE(u.name, ''), n.body FROM application_notes n"
                      " LEFT JOIN users u ON u.id = n.author_id"
                      " WHERE n.application_id = $1 ORDER BY n.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct app_note_row *o = &rows[(*n)++];

    o->id = db_col_int(st, 0);
    o->author_id = db_col_int(st, 1);
    o->at = db_col_int(st, 2);
    COPY(o->author_name, st, 3);
    COPY(o->body, st, 4);
  }
  db_finish(st);
  return done(rc);
}

/* --------------------------------------------------------------- interviews */

#define SLOT_COLUMNS                                                           \
  "SELECT i.id, i.scheme_id, i.starts_at, i.minutes, i.place,"                \
  " i.interviewer, COALESCE(i.application_id, 0), COALESCE(i.booked_at, 0),"  \
  " COALESCE(CASE WHEN s.preferred_name <> '' THEN s.preferred_name"          \
  " ELSE s.legal_name END, '')"                                               \
  " FROM interview_slots i LEFT JOIN applications a ON a.id = i.application_id" \
  " LEFT JOIN students s ON s.id = a.student_id"

static void read_slot(struct db_stmt *st, struct slot_row *o)
{
  memset(o, 0, sizeof(*o));
  o->id = db_col_int(st, 0);
  o->scheme_id = db_col_int(st, 1);
  o->starts_at = db_col_int(st, 2);
  o->minutes = (int)db_col_int(st, 3);
  COPY(o->place, st, 4);
  COPY(o->interviewer, st, 5);
  o->application_id = db_col_int(st, 6);
  o->booked_at = db_col_int(st, 7);
  COPY(o->applicant_name, st, 8);
}

int store_slot_insert(struct db *db, const struct slot_row *in, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO interview_slots (scheme_id, starts_at,"
                      " minutes, place, interviewer) VALUES ($1, $2, $3, $4,"
                      " $5) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_int(st, 2, in->starts_at);
  db_bind_int(st, 3, in->minutes);
  db_bind_text(st, 4, in->place);
  db_bind_text(st, 5, in->interviewer);
  return returning_id(st, id);
}

static int one_slot(struct db_stmt *st, struct slot_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_slot(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_slot_get(struct db *db, int64_t id, struct slot_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, SLOT_COLUMNS " WHERE i.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_slot(st, out);
}

int store_slot_list(struct db *db, int64_t scheme_id, struct slot_row *rows,
                    int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      SLOT_COLUMNS " WHERE i.scheme_id = $1"
                                   " ORDER BY i.starts_at, i.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_slot(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_slot_delete_free(struct db *db, int64_t id, int64_t scheme_id)
{
  return changed_one(db, db_run(db,
                                "DELETE FROM interview_slots WHERE id = $1"
                                " AND scheme_id = $2 AND application_id IS NULL",
                                "ii", id, scheme_id));
}

int store_slot_book(struct db *db, int64_t id, int64_t scheme_id,
                    int64_t application_id, int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE interview_slots SET application_id = $1,"
                                " booked_at = $2 WHERE id = $3"
                                " AND scheme_id = $4 AND application_id IS NULL",
                                "iiii", application_id, now, id, scheme_id));
}

int store_slot_release(struct db *db, int64_t application_id)
{
  return done(db_run(db,
                     "UPDATE interview_slots SET application_id = NULL,"
                     " booked_at = NULL WHERE application_id = $1",
                     "i", application_id));
}

int store_slot_of_application(struct db *db, int64_t application_id,
                              struct slot_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, SLOT_COLUMNS " WHERE i.application_id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, application_id);
  return one_slot(st, out);
}

int store_demo_applicant(struct db *db, int64_t *student_id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id FROM students WHERE year_of_study >= 2"
                      " AND status = 'enrolled' AND user_id IS NULL"
                      " AND active = 1 ORDER BY id LIMIT 1",
                      &st);

  if (rc)
    return rc;
  rc = db_step(st);
  if (rc == DB_ROW)
    *student_id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

/* ------------------------------------------------------------------- topics */

int store_scheme_refer_topics(struct db *db, int64_t scheme_id,
                              char topics[][A_TOPIC], int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT topic FROM scheme_topics WHERE scheme_id = $1"
                      " AND kind = 'refer' ORDER BY topic",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    str_copy(topics[(*n)++], A_TOPIC, text_or_empty(st, 0));
  db_finish(st);
  return done(rc);
}
