/* store/matching.c: the SQL behind store/matching.h. */
#include "store/matching.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* ------------------------------------------------------------- settings */

static void read_matching(struct db_stmt *st, void *p)
{
  struct matching_row *r = p;

  r->scheme_id = db_col_int(st, 0);
  COPY(r->objective, st, 1);
  r->min_score = (int)db_col_int(st, 2);
  r->year_ahead_min = (int)db_col_int(st, 3);
  r->year_ahead_max = (int)db_col_int(st, 4);
  r->request_days = (int)db_col_int(st, 5);
  r->max_requests = (int)db_col_int(st, 6);
  COPY(r->criteria, st, 7);
}

int store_matching_get(struct db *db, int64_t scheme_id,
                       struct matching_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT scheme_id, objective, min_score, year_ahead_min,"
                      " year_ahead_max, request_days, max_requests, criteria"
                      " FROM scheme_matching WHERE scheme_id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return one_row(st, read_matching, out);
}

int store_matching_put(struct db *db, const struct matching_row *in,
                       int64_t now)
{
  return done(db_run(
      db,
      "INSERT INTO scheme_matching (scheme_id, objective, min_score,"
      " year_ahead_min, year_ahead_max, request_days, max_requests, criteria,"
      " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " ON CONFLICT (scheme_id) DO UPDATE SET objective = excluded.objective,"
      " min_score = excluded.min_score,"
      " year_ahead_min = excluded.year_ahead_min,"
      " year_ahead_max = excluded.year_ahead_max,"
      " request_days = excluded.request_days,"
      " max_requests = excluded.max_requests, criteria = excluded.criteria,"
      " updated_at = excluded.updated_at",
      "isiiiiisi", in->scheme_id, in->objective, (int64_t)in->min_score,
      (int64_t)in->year_ahead_min, (int64_t)in->year_ahead_max,
      (int64_t)in->request_days, (int64_t)in->max_requests, in->criteria,
      now));
}

/* ------------------------------------------------------- a run's inputs */

/* Step every row of st through fn (its non-zero result stops and is
 * returned), then finish st. */
typedef int (*row_fn)(struct db_stmt *st, void *fn, void *ctx);
static int each_row(struct db_stmt *st, row_fn each, void *fn, void *ctx)
{
  int rc;

  while ((rc = db_step(st)) == DB_ROW)
    if ((rc = each(st, fn, ctx)))
      break;
  db_finish(st);
  return rc == DB_DONE ? 0 : rc;
}

static int each_person(struct db_stmt *st, void *fn, void *ctx)
{
  struct match_person_row r;

  memset(&r, 0, sizeof(r));
  r.signup_id = db_col_int(st, 0);
  r.student_id = db_col_int(st, 1);
  r.user_id = db_col_int(st, 2);
  COPY(r.name, st, 3);
  r.course_id = db_col_int(st, 4);
  r.faculty_id = db_col_int(st, 5);
  r.year_of_study = (int)db_col_int(st, 6);
  COPY(r.home_country, st, 7);
  COPY(r.campus, st, 8);
  r.availability = db_col_int(st, 9);
  COPY(r.preferences, st, 10);
  COPY(r.mode, st, 11);
  r.capacity = (int)db_col_int(st, 12);
  r.held = (int)db_col_int(st, 13);
  return ((match_person_fn)fn)(ctx, &r);
}

int store_match_mentors(struct db *db, int64_t scheme_id, int default_capacity,
                        match_person_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT 0, s.id, COALESCE(s.user_id, 0),"
      " COALESCE(NULLIF(s.preferred_name, ''), s.legal_name),"
      " COALESCE(s.course_id, 0), COALESCE(c.faculty_id, 0), s.year_of_study,"
      " s.home_country, COALESCE(NULLIF(s.campus, ''), c.campus, ''),"
      " s.availability, '', '', COALESCE(sm.capacity, $2),"
      " COALESCE(sm.held, 0)"
      " FROM applications a JOIN students s ON s.id = a.student_id"
      " LEFT JOIN courses c ON c.id = s.course_id"
      " LEFT JOIN scheme_mentors sm ON sm.scheme_id = a.scheme_id"
      " AND sm.student_id = a.student_id"
      " WHERE a.scheme_id = $1 AND a.state = 'accepted'"
      " AND s.erased_at IS NULL ORDER BY s.id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, default_capacity);
  return each_row(st, each_person, (void *)fn, ctx);
}

int store_match_mentees(struct db *db, int64_t scheme_id, bool waiting_only,
                        match_person_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT su.id, COALESCE(su.student_id, 0), su.user_id,"
      " COALESCE(NULLIF(s.preferred_name, ''), s.legal_name, u.name),"
      " COALESCE(s.course_id, 0), COALESCE(c.faculty_id, 0),"
      " COALESCE(s.year_of_study, 0), COALESCE(s.home_country, ''),"
      " COALESCE(NULLIF(s.campus, ''), c.campus, ''),"
      " COALESCE(s.availability, 0), su.preferences, su.mode, 0, 0"
      " FROM mentee_signups su JOIN users u ON u.id = su.user_id"
      " LEFT JOIN students s ON s.id = su.student_id"
      " LEFT JOIN courses c ON c.id = s.course_id"
      " WHERE su.scheme_id = $1 AND su.state = 'active'"
      " AND (CAST($2 AS BIGINT) = 0 OR NOT EXISTS (SELECT 1 FROM pairings p"
      " WHERE p.signup_id = su.id AND p.state <> 'ended'))"
      " ORDER BY su.id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, waiting_only ? 1 : 0);
  return each_row(st, each_person, (void *)fn, ctx);
}

static int each_fact(struct db_stmt *st, void *fn, void *ctx)
{
  return ((match_fact_fn)fn)(ctx, db_col_int(st, 0), text_or_empty(st, 1),
                             (int)db_col_int(st, 2));
}

static int facts(struct db *db, const char *sql, int64_t scheme_id,
                 match_fact_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db, sql, &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return each_row(st, each_fact, (void *)fn, ctx);
}

/* The students a run reads: the scheme's accepted mentors and its active
 * mentees with a record. */
#define SCHEME_STUDENTS                                                        \
  " IN (SELECT student_id FROM applications WHERE scheme_id = $1"              \
  " AND state = 'accepted' UNION SELECT student_id FROM mentee_signups"        \
  " WHERE scheme_id = $1 AND state = 'active' AND student_id IS NOT NULL)"

int store_match_interests(struct db *db, int64_t scheme_id, match_fact_fn fn,
                          void *ctx)
{
  return facts(db,
               "SELECT student_id, CAST(interest_id AS TEXT), 0"
               " FROM student_interests WHERE student_id" SCHEME_STUDENTS,
               scheme_id, fn, ctx);
}

int store_match_languages(struct db *db, int64_t scheme_id, match_fact_fn fn,
                          void *ctx)
{
  return facts(db,
               "SELECT student_id, language, first_language"
               " FROM student_languages WHERE student_id" SCHEME_STUDENTS,
               scheme_id, fn, ctx);
}

int store_match_characteristics(struct db *db, int64_t scheme_id,
                                match_fact_fn fn, void *ctx)
{
  return facts(db,
               "SELECT student_id, kind, 0"
               " FROM student_characteristics WHERE student_id" SCHEME_STUDENTS,
               scheme_id, fn, ctx);
}

static int each_pair(struct db_stmt *st, void *fn, void *ctx)
{
  return ((match_pair_fn)fn)(ctx, db_col_int(st, 0), db_col_int(st, 1));
}

static int pairs(struct db *db, const char *sql, int64_t scheme_id,
                 match_pair_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db, sql, &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return each_row(st, each_pair, (void *)fn, ctx);
}

int store_match_pins(struct db *db, int64_t scheme_id, match_pair_fn fn,
                     void *ctx)
{
  return pairs(db,
               "SELECT signup_id, mentor_student_id FROM match_pins"
               " WHERE scheme_id = $1 ORDER BY signup_id",
               scheme_id, fn, ctx);
}

int store_match_blocks(struct db *db, int64_t scheme_id, match_pair_fn fn,
                       void *ctx)
{
  return pairs(db,
               "SELECT signup_id, mentor_student_id FROM match_blocks"
               " WHERE scheme_id = $1 ORDER BY signup_id, mentor_student_id",
               scheme_id, fn, ctx);
}

int store_match_ended_badly(struct db *db, int64_t scheme_id, match_pair_fn fn,
                            void *ctx)
{
  return pairs(db,
               "SELECT su.id, p.mentor_student_id FROM mentee_signups su"
               " JOIN pairings p ON p.mentee_user_id = su.user_id"
               " WHERE su.scheme_id = $1 AND p.state = 'ended'"
               " AND p.end_reason = 'concern_raised'"
               " ORDER BY su.id, p.mentor_student_id",
               scheme_id, fn, ctx);
}

static int each_card(struct db_stmt *st, void *fn, void *ctx)
{
  return ((mentor_card_fn)fn)(ctx, db_col_int(st, 0), text_or_empty(st, 1),
                              text_or_empty(st, 2), (int)db_col_int(st, 3));
}

int store_match_mentor_cards(struct db *db, int64_t scheme_id,
                             mentor_card_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT s.id, COALESCE(NULLIF(s.preferred_name, ''),"
                      " s.legal_name), COALESCE(c.title, ''), s.year_of_study"
                      " FROM applications a JOIN students s"
                      " ON s.id = a.student_id"
                      " LEFT JOIN courses c ON c.id = s.course_id"
                      " WHERE a.scheme_id = $1 AND a.state = 'accepted'"
                      " ORDER BY s.id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return each_row(st, each_card, (void *)fn, ctx);
}

/* ------------------------------------------------------------------ runs */

#define RUN_COLUMNS                                                            \
  "SELECT id, scheme_id, state, objective, min_score, criteria, mentees,"      \
  " mentors, matched, total, min_pair, proven, solve_ms, error,"               \
  " COALESCE(previous_run_id, 0), COALESCE(created_by, 0), created_at,"        \
  " COALESCE(solved_at, 0), COALESCE(published_by, 0),"                        \
  " COALESCE(published_at, 0) FROM match_runs"

static void read_run(struct db_stmt *st, void *p)
{
  struct run_row *r = p;

  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  r->scheme_id = db_col_int(st, 1);
  COPY(r->state, st, 2);
  COPY(r->objective, st, 3);
  r->min_score = (int)db_col_int(st, 4);
  COPY(r->criteria, st, 5);
  r->mentees = (int)db_col_int(st, 6);
  r->mentors = (int)db_col_int(st, 7);
  r->matched = (int)db_col_int(st, 8);
  r->total = db_col_int(st, 9);
  r->min_pair = (int)db_col_int(st, 10);
  r->proven = db_col_int(st, 11) != 0;
  r->solve_ms = (int)db_col_int(st, 12);
  COPY(r->error, st, 13);
  r->previous_run_id = db_col_int(st, 14);
  r->created_by = db_col_int(st, 15);
  r->created_at = db_col_int(st, 16);
  r->solved_at = db_col_int(st, 17);
  r->published_by = db_col_int(st, 18);
  r->published_at = db_col_int(st, 19);
}

int store_run_insert(struct db *db, const struct run_row *in, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO match_runs (scheme_id, state, objective,"
                      " min_score, criteria, previous_run_id, created_by,"
                      " created_at) VALUES ($1, 'queued', $2, $3, $4,"
                      " NULLIF(CAST($5 AS BIGINT), 0), NULLIF(CAST($6 AS BIGINT), 0), $7) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_text(st, 2, in->objective);
  db_bind_int(st, 3, in->min_score);
  db_bind_text(st, 4, in->criteria);
  db_bind_int(st, 5, in->previous_run_id);
  db_bind_int(st, 6, in->created_by);
  db_bind_int(st, 7, in->created_at);
  return returning_id(st, id);
}

int store_run_get(struct db *db, int64_t id, struct run_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, RUN_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_row(st, read_run, out);
}

int store_run_inputs(struct db *db, int64_t id, struct buf *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, "SELECT inputs FROM match_runs WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    buf_puts(out, text_or_empty(st, 0));
  db_finish(st);
  return rc == DB_ROW ? (out->overflow ? ERR_TOOBIG : 0)
         : rc == DB_DONE ? ERR_NOTFOUND
                         : rc;
}

int store_run_solved(struct db *db, const struct run_row *r,
                     const char *inputs, int64_t now)
{
  return changed_one(
      db, db_run(db,
                 "UPDATE match_runs SET state = 'draft', mentees = $2,"
                 " mentors = $3, matched = $4, total = $5, min_pair = $6,"
                 " proven = $7, solve_ms = $8, inputs = $9, solved_at = $10"
                 " WHERE id = $1 AND state = 'queued'",
                 "iiiiiiiisi", r->id, (int64_t)r->mentees, (int64_t)r->mentors,
                 (int64_t)r->matched, r->total, (int64_t)r->min_pair,
                 (int64_t)(r->proven ? 1 : 0), (int64_t)r->solve_ms, inputs,
                 now));
}

int store_run_failed(struct db *db, int64_t id, const char *error)
{
  return changed_one(db, db_run(db,
                                "UPDATE match_runs SET state = 'failed',"
                                " error = $2 WHERE id = $1 AND state = 'queued'",
                                "is", id, error));
}

int store_run_set_state(struct db *db, int64_t id, const char *from,
                        const char *to, int64_t actor, int64_t now)
{
  bool publish = strcmp(to, "published") == 0;

  return changed_one(
      db, db_run(db,
                 "UPDATE match_runs SET state = $3,"
                 " published_by = CASE WHEN CAST($4 AS BIGINT) = 1"
                 " THEN NULLIF(CAST($5 AS BIGINT), 0) ELSE published_by END,"
                 " published_at = CASE WHEN CAST($4 AS BIGINT) = 1 THEN $6"
                 " ELSE published_at END WHERE id = $1 AND state = $2",
                 "issiii", id, from, to, (int64_t)(publish ? 1 : 0), actor,
                 now));
}

int store_run_lock_scheme(struct db *db, int64_t scheme_id)
{
  return changed_one(db, db_run(db,
                                "UPDATE schemes SET updated_at = updated_at"
                                " WHERE id = $1",
                                "i", scheme_id));
}

int store_run_discard_drafts(struct db *db, int64_t scheme_id)
{
  return done(db_run(db,
                     "UPDATE match_runs SET state = 'discarded'"
                     " WHERE scheme_id = $1 AND state = 'draft'",
                     "i", scheme_id));
}

int store_run_list(struct db *db, int64_t scheme_id, struct run_row *rows,
                   int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      RUN_COLUMNS " WHERE scheme_id = $1 ORDER BY id DESC"
                                  " LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, max);
  while ((rc = db_step(st)) == DB_ROW && *n < max)
    read_run(st, &rows[(*n)++]);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_run_latest(struct db *db, int64_t scheme_id, const char *state,
                     struct run_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      RUN_COLUMNS " WHERE scheme_id = $1 AND (CAST($2 AS TEXT)"
                                  " = '' OR state = $2) ORDER BY id DESC"
                                  " LIMIT 1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_text(st, 2, state ? state : "");
  return one_row(st, read_run, out);
}

int store_run_pair_insert(struct db *db, const struct run_pair_row *p)
{
  return done(db_run(
      db,
      "INSERT INTO match_run_pairs (run_id, signup_id, mentor_student_id,"
      " co_leader_student_id, group_no, score, pinned, explanation)"
      " VALUES ($1, $2, $3, NULLIF(CAST($4 AS BIGINT), 0), $5, $6, $7, $8)",
      "iiiiiiis", p->run_id, p->signup_id, p->mentor_student_id,
      p->co_leader_student_id, (int64_t)p->group_no, (int64_t)p->score,
      (int64_t)(p->pinned ? 1 : 0), p->explanation));
}

#define RUN_PAIR_COLUMNS                                                       \
  "SELECT rp.run_id, rp.signup_id, rp.mentor_student_id,"                      \
  " COALESCE(rp.co_leader_student_id, 0), rp.group_no, rp.score, rp.pinned,"   \
  " rp.explanation, su.user_id, COALESCE(ms.user_id, 0),"                      \
  " COALESCE(NULLIF(es.preferred_name, ''), es.legal_name, u.name),"           \
  " COALESCE(NULLIF(ms.preferred_name, ''), ms.legal_name),"                   \
  " COALESCE(ec.code, ''), COALESCE(mc.code, '')"                              \
  " FROM match_run_pairs rp JOIN mentee_signups su ON su.id = rp.signup_id"    \
  " JOIN users u ON u.id = su.user_id"                                         \
  " LEFT JOIN students es ON es.id = su.student_id"                            \
  " LEFT JOIN courses ec ON ec.id = es.course_id"                              \
  " JOIN students ms ON ms.id = rp.mentor_student_id"                          \
  " LEFT JOIN courses mc ON mc.id = ms.course_id"

static void read_run_pair(struct db_stmt *st, void *p)
{
  struct run_pair_row *r = p;

  memset(r, 0, sizeof(*r));
  r->run_id = db_col_int(st, 0);
  r->signup_id = db_col_int(st, 1);
  r->mentor_student_id = db_col_int(st, 2);
  r->co_leader_student_id = db_col_int(st, 3);
  r->group_no = (int)db_col_int(st, 4);
  r->score = (int)db_col_int(st, 5);
  r->pinned = db_col_int(st, 6) != 0;
  COPY(r->explanation, st, 7);
  r->mentee_user_id = db_col_int(st, 8);
  r->mentor_user_id = db_col_int(st, 9);
  COPY(r->mentee_name, st, 10);
  COPY(r->mentor_name, st, 11);
  COPY(r->mentee_course, st, 12);
  COPY(r->mentor_course, st, 13);
}

static int each_run_pair(struct db_stmt *st, void *fn, void *ctx)
{
  struct run_pair_row r;

  read_run_pair(st, &r);
  return ((run_pair_fn)fn)(ctx, &r);
}

int store_run_pairs(struct db *db, int64_t run_id, run_pair_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      RUN_PAIR_COLUMNS " WHERE rp.run_id = $1 ORDER BY"
                                       " rp.group_no, rp.mentor_student_id,"
                                       " rp.signup_id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, run_id);
  return each_row(st, each_run_pair, (void *)fn, ctx);
}

int store_run_pair_get(struct db *db, int64_t run_id, int64_t signup_id,
                       struct run_pair_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      RUN_PAIR_COLUMNS
                      " WHERE rp.run_id = $1 AND rp.signup_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, run_id);
  db_bind_int(st, 2, signup_id);
  return one_row(st, read_run_pair, out);
}

int store_run_unmatched_insert(struct db *db, const struct run_unmatched_row *u)
{
  return done(db_run(db,
                     "INSERT INTO match_run_unmatched (run_id, signup_id,"
                     " reason, detail) VALUES ($1, $2, $3, $4)",
                     "iiss", u->run_id, u->signup_id, u->reason, u->detail));
}

static int each_unmatched(struct db_stmt *st, void *fn, void *ctx)
{
  struct run_unmatched_row r;

  memset(&r, 0, sizeof(r));
  r.run_id = db_col_int(st, 0);
  r.signup_id = db_col_int(st, 1);
  COPY(r.reason, st, 2);
  COPY(r.detail, st, 3);
  r.mentee_user_id = db_col_int(st, 4);
  COPY(r.mentee_name, st, 5);
  COPY(r.mentee_course, st, 6);
  return ((run_unmatched_fn)fn)(ctx, &r);
}

int store_run_unmatched(struct db *db, int64_t run_id, run_unmatched_fn fn,
                        void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT ru.run_id, ru.signup_id, ru.reason, ru.detail, su.user_id,"
      " COALESCE(NULLIF(s.preferred_name, ''), s.legal_name, u.name),"
      " COALESCE(c.code, '')"
      " FROM match_run_unmatched ru JOIN mentee_signups su"
      " ON su.id = ru.signup_id JOIN users u ON u.id = su.user_id"
      " LEFT JOIN students s ON s.id = su.student_id"
      " LEFT JOIN courses c ON c.id = s.course_id"
      " WHERE ru.run_id = $1 ORDER BY ru.reason, ru.signup_id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, run_id);
  return each_row(st, each_unmatched, (void *)fn, ctx);
}

/* ---------------------------------------------------------- pins, blocks */

int store_pin_put(struct db *db, int64_t scheme_id, int64_t signup_id,
                  int64_t mentor_student_id, int64_t actor, int64_t now)
{
  return done(db_run(db,
                     "INSERT INTO match_pins (scheme_id, signup_id,"
                     " mentor_student_id, created_by, created_at)"
                     " VALUES ($1, $2, $3, NULLIF(CAST($4 AS BIGINT), 0), $5)"
                     " ON CONFLICT (scheme_id, signup_id) DO UPDATE SET"
                     " mentor_student_id = excluded.mentor_student_id,"
                     " created_by = excluded.created_by,"
                     " created_at = excluded.created_at",
                     "iiiii", scheme_id, signup_id, mentor_student_id, actor,
                     now));
}

int store_pin_delete(struct db *db, int64_t scheme_id, int64_t signup_id)
{
  return done(db_run(db,
                     "DELETE FROM match_pins WHERE scheme_id = $1"
                     " AND signup_id = $2",
                     "ii", scheme_id, signup_id));
}

int store_pin_delete_pair(struct db *db, int64_t scheme_id, int64_t signup_id,
                          int64_t mentor_student_id)
{
  return done(db_run(db,
                     "DELETE FROM match_pins WHERE scheme_id = $1"
                     " AND signup_id = $2 AND mentor_student_id = $3",
                     "iii", scheme_id, signup_id, mentor_student_id));
}

int store_block_put(struct db *db, int64_t scheme_id, int64_t signup_id,
                    int64_t mentor_student_id, const char *reason,
                    int64_t actor, int64_t now)
{
  return done(db_run(db,
                     "INSERT INTO match_blocks (scheme_id, signup_id,"
                     " mentor_student_id, reason, created_by, created_at)"
                     " VALUES ($1, $2, $3, $4, NULLIF(CAST($5 AS BIGINT), 0), $6)"
                     " ON CONFLICT (scheme_id, signup_id, mentor_student_id)"
                     " DO UPDATE SET reason = excluded.reason",
                     "iiisii", scheme_id, signup_id, mentor_student_id, reason,
                     actor, now));
}

int store_block_delete(struct db *db, int64_t scheme_id, int64_t signup_id,
                       int64_t mentor_student_id)
{
  int rc = db_run(db,
                  "DELETE FROM match_blocks WHERE scheme_id = $1"
                  " AND signup_id = $2 AND mentor_student_id = $3",
                  "iii", scheme_id, signup_id, mentor_student_id);

  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

static int each_block(struct db_stmt *st, void *fn, void *ctx)
{
  struct block_row b;

  memset(&b, 0, sizeof(b));
  b.signup_id = db_col_int(st, 0);
  b.mentor_student_id = db_col_int(st, 1);
  COPY(b.mentee_name, st, 2);
  COPY(b.mentor_name, st, 3);
  COPY(b.reason, st, 4);
  COPY(b.blocked_by, st, 5);
  b.created_at = db_col_int(st, 6);
  return ((block_fn)fn)(ctx, &b);
}

int store_block_list(struct db *db, int64_t scheme_id, block_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "SELECT b.signup_id, b.mentor_student_id,"
      " COALESCE(NULLIF(s.preferred_name, ''), s.legal_name, u.name),"
      " COALESCE(NULLIF(t.preferred_name, ''), t.legal_name), b.reason,"
      " COALESCE(cu.name, ''), b.created_at"
      " FROM match_blocks b JOIN mentee_signups su ON su.id = b.signup_id"
      " JOIN users u ON u.id = su.user_id"
      " LEFT JOIN students s ON s.id = su.student_id"
      " JOIN students t ON t.id = b.mentor_student_id"
      " LEFT JOIN users cu ON cu.id = b.created_by"
      " WHERE b.scheme_id = $1"
      " ORDER BY b.created_at DESC, b.signup_id, b.mentor_student_id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return each_row(st, each_block, (void *)fn, ctx);
}
