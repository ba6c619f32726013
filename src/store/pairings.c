/* store/pairings.c: the SQL behind store/pairings.h. */
#include "store/pairings.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* A student's name as people read it. */
#define NAME_OF(t)                                                             \
  "CASE WHEN " t ".preferred_name <> '' THEN " t ".preferred_name ELSE " t     \
  ".legal_name END"
/* The address a student asked to be contacted at: their personal email
 * when they chose it (and gave one), else the university's. */
#define CONTACT_OF(t)                                                          \
  "CASE WHEN " t ".contact_preference = 'personal_email' AND " t               \
  ".personal_email <> '' THEN " t ".personal_email ELSE " t                    \
  ".university_email END"

static int one_row_done(int rc)
{
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

/* ------------------------------------------------------------------ places */

/* The mentor's row of places, made with capacity when they have none. */
static int place_row(struct db *db, int64_t scheme_id, int64_t student_id,
                     int capacity)
{
  return done(db_run(db,
                     "INSERT INTO scheme_mentors (scheme_id, student_id,"
                     " capacity, held) VALUES ($1, $2, $3, 0)"
                     " ON CONFLICT (scheme_id, student_id) DO NOTHING",
                     "iii", scheme_id, student_id, (int64_t)capacity));
}

int store_place_take(struct db *db, int64_t scheme_id, int64_t student_id,
                     int default_capacity)
{
  int rc = place_row(db, scheme_id, student_id, default_capacity);

  if (rc)
    return rc;
  /* The guard is in the WHERE; the CHECK (held <= capacity) stands behind
   * it whatever the engine's isolation. */
  return changed_one(db, db_run(db,
                                "UPDATE scheme_mentors SET held = held + 1"
                                " WHERE scheme_id = $1 AND student_id = $2"
                                " AND held < capacity",
                                "ii", scheme_id, student_id));
}

int store_place_set(struct db *db, int64_t scheme_id, int64_t student_id,
                    int capacity)
{
  int rc = place_row(db, scheme_id, student_id, capacity);

  if (rc)
    return rc;
  /* As in store_place_take: the guard is in the WHERE, so a pairing made
   * at the same moment either lands first (and this finds held too high)
   * or finds the new capacity. */
  return changed_one(db,
                     db_run(db,
                            "UPDATE scheme_mentors SET capacity = $3"
                            " WHERE scheme_id = $1 AND student_id = $2"
                            " AND held <= $3",
                            "iii", scheme_id, student_id, (int64_t)capacity));
}

int store_place_release(struct db *db, int64_t scheme_id, int64_t student_id)
{
  return done(db_run(db,
                     "UPDATE scheme_mentors SET held = held - 1"
                     " WHERE scheme_id = $1 AND student_id = $2 AND held > 0",
                     "ii", scheme_id, student_id));
}

int store_place_get(struct db *db, int64_t scheme_id, int64_t student_id,
                    int *capacity, int *held)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT capacity, held FROM scheme_mentors"
                      " WHERE scheme_id = $1 AND student_id = $2",
                      &st);

  *capacity = *held = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, student_id);
  rc = db_step(st);
  if (rc == DB_ROW) {
    *capacity = (int)db_col_int(st, 0);
    *held = (int)db_col_int(st, 1);
  }
  db_finish(st);
  return one_row_done(rc);
}

/* ---------------------------------------------------------------- pairings */

#define PAIRING_COLUMNS                                                        \
  "SELECT p.id, p.scheme_id, p.signup_id, p.mentee_user_id,"                   \
  " p.mentor_student_id, COALESCE(p.group_id, 0), p.state, p.source,"          \
  " COALESCE(p.run_id, 0), p.score, p.explanation,"                            \
  " COALESCE(p.mentor_ack_at, 0), COALESCE(p.mentee_ack_at, 0),"               \
  " COALESCE(p.end_reason, ''), p.version, p.created_at, p.updated_at,"        \
  " COALESCE(p.ended_at, 0), sc.name, sc.academic_year, COALESCE(ms.id, 0),"   \
  " CASE WHEN ms.id IS NULL THEN mu.name ELSE " NAME_OF(                       \
      "ms") " END"                                                             \
            " AS mentee_sort, mu.email,"                                       \
            " CASE WHEN ms.id IS NULL THEN mu.email ELSE " CONTACT_OF(         \
                "ms") " END,"                                                  \
                      " COALESCE(mc.code, ''), COALESCE(t.user_id, 0),"        \
                      " " NAME_OF(                                             \
                          "t") " AS mentor_sort,"                              \
                               " COALESCE(tu.email, "                          \
                               "t.university_email), " CONTACT_OF(             \
                                   "t") ","                                    \
                                        " COALESCE(tc.code, ''), "             \
                                        "COALESCE(g.name, '')"                 \
                                        " FROM pairings p JOIN schemes sc ON " \
                                        "sc.id = p.scheme_id"                  \
                                        " JOIN users mu ON mu.id = "           \
                                        "p.mentee_user_id"                     \
                                        " LEFT JOIN students ms ON "           \
                                        "ms.user_id = p.mentee_user_id"        \
                                        " LEFT JOIN courses mc ON mc.id = "    \
                                        "ms.course_id"                         \
                                        " JOIN students t ON t.id = "          \
                                        "p.mentor_student_id"                  \
                                        " LEFT JOIN users tu ON tu.id = "      \
                                        "t.user_id"                            \
                                        " LEFT JOIN courses tc ON tc.id = "    \
                                        "t.course_id"                          \
                                        " LEFT JOIN mentoring_groups g ON "    \
                                        "g.id = p.group_id"

static void read_pairing(struct db_stmt *st, struct pairing_row *p)
{
  memset(p, 0, sizeof(*p));
  p->id = db_col_int(st, 0);
  p->scheme_id = db_col_int(st, 1);
  p->signup_id = db_col_int(st, 2);
  p->mentee_user_id = db_col_int(st, 3);
  p->mentor_student_id = db_col_int(st, 4);
  p->group_id = db_col_int(st, 5);
  COPY(p->state, st, 6);
  COPY(p->source, st, 7);
  p->run_id = db_col_int(st, 8);
  p->score = (int)db_col_int(st, 9);
  COPY(p->explanation, st, 10);
  p->mentor_ack_at = db_col_int(st, 11);
  p->mentee_ack_at = db_col_int(st, 12);
  COPY(p->end_reason, st, 13);
  p->version = (int)db_col_int(st, 14);
  p->created_at = db_col_int(st, 15);
  p->updated_at = db_col_int(st, 16);
  p->ended_at = db_col_int(st, 17);
  COPY(p->scheme_name, st, 18);
  COPY(p->academic_year, st, 19);
  p->mentee_student_id = db_col_int(st, 20);
  COPY(p->mentee_name, st, 21);
  COPY(p->mentee_email, st, 22);
  COPY(p->mentee_contact, st, 23);
  COPY(p->mentee_course, st, 24);
  p->mentor_user_id = db_col_int(st, 25);
  COPY(p->mentor_name, st, 26);
  COPY(p->mentor_email, st, 27);
  COPY(p->mentor_contact, st, 28);
  COPY(p->mentor_course, st, 29);
  COPY(p->group_name, st, 30);
}

static int one_pairing(struct db_stmt *st, struct pairing_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_pairing(st, out);
  db_finish(st);
  return one_row_done(rc);
}

/* Step st's rows through fn; fn's non-zero return stops and is returned. */
static int each_pairing(struct db_stmt *st, pairing_fn fn, void *ctx)
{
  struct pairing_row p;
  int rc, stop = 0;

  while ((rc = db_step(st)) == DB_ROW) {
    read_pairing(st, &p);
    if ((stop = fn(ctx, &p)))
      break;
  }
  db_finish(st);
  return stop ? stop : done(rc);
}

int store_pairing_insert(struct db *db, const struct pairing_row *in,
                         int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO pairings (scheme_id, signup_id,"
                      " mentee_user_id, mentor_student_id, group_id, state,"
                      " source, run_id, score, explanation, created_at,"
                      " updated_at) VALUES ($1, $2, $3, $4, $5, 'proposed',"
                      " $6, $7, $8, $9, $10, $10) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_int(st, 2, in->signup_id);
  db_bind_int(st, 3, in->mentee_user_id);
  db_bind_int(st, 4, in->mentor_student_id);
  if (in->group_id > 0)
    db_bind_int(st, 5, in->group_id);
  else
    db_bind_null(st, 5);
  db_bind_text(st, 6, in->source);
  if (in->run_id > 0)
    db_bind_int(st, 7, in->run_id);
  else
    db_bind_null(st, 7);
  db_bind_int(st, 8, in->score);
  db_bind_text(st, 9, in->explanation);
  db_bind_int(st, 10, now);
  return returning_id(st, id);
}

int store_pairing_get(struct db *db, int64_t id, struct pairing_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, PAIRING_COLUMNS " WHERE p.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_pairing(st, out);
}

int store_pairing_current(struct db *db, int64_t signup_id,
                          struct pairing_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db, PAIRING_COLUMNS " WHERE p.signup_id = $1 AND p.state <> 'ended'",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, signup_id);
  return one_pairing(st, out);
}

int store_pairing_list_scheme(struct db *db, int64_t scheme_id,
                              const char *state, pairing_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc =
      db_prepare(db,
                 PAIRING_COLUMNS " WHERE p.scheme_id = $1"
                                 " AND (CAST($2 AS TEXT) = '' OR p.state = $2)"
                                 " ORDER BY mentor_sort, mentee_sort, p.id",
                 &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_text(st, 2, state ? state : "");
  return each_pairing(st, fn, ctx);
}

int store_pairing_list_mentee(struct db *db, int64_t user_id, bool current_only,
                              pairing_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      PAIRING_COLUMNS
                      " WHERE p.mentee_user_id = $1"
                      " AND (CAST($2 AS INTEGER) = 0 OR p.state <> 'ended')"
                      " ORDER BY CASE WHEN p.state = 'ended' THEN 1 ELSE 0"
                      " END, p.id DESC",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, current_only);
  return each_pairing(st, fn, ctx);
}

int store_pairing_list_mentor(struct db *db, int64_t user_id, bool current_only,
                              pairing_fn fn, void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      PAIRING_COLUMNS
                      " WHERE t.user_id = $1"
                      " AND (CAST($2 AS INTEGER) = 0 OR p.state <> 'ended')"
                      " ORDER BY CASE WHEN p.state = 'ended' THEN 1 ELSE 0"
                      " END, p.id DESC",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, current_only);
  return each_pairing(st, fn, ctx);
}

int store_pairing_list_group(struct db *db, int64_t group_id, pairing_fn fn,
                             void *ctx)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      PAIRING_COLUMNS " WHERE p.group_id = $1"
                                      " ORDER BY mentee_sort, p.id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, group_id);
  return each_pairing(st, fn, ctx);
}

int store_pairing_counts(struct db *db, int64_t scheme_id,
                         char states[][P_WORD], int64_t *counts, int max,
                         int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT state, COUNT(*) FROM pairings"
                      " WHERE scheme_id = $1 GROUP BY state ORDER BY state",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    str_copy(states[*n], P_WORD, text_or_empty(st, 0));
    counts[(*n)++] = db_col_int(st, 1);
  }
  db_finish(st);
  return done(rc);
}

int store_pairing_move(struct db *db, int64_t id,
                       const struct pairing_change *c, int64_t now)
{
  struct db_stmt *st;
  int rc =
      db_prepare(db,
                 "UPDATE pairings SET state = $1, version = version + 1,"
                 " end_reason = COALESCE(CAST($2 AS TEXT), end_reason),"
                 " mentor_ack_at = CASE WHEN CAST($3 AS BIGINT) > 0 THEN $3"
                 " ELSE mentor_ack_at END,"
                 " mentee_ack_at = CASE WHEN CAST($4 AS BIGINT) > 0 THEN $4"
                 " ELSE mentee_ack_at END,"
                 " ended_at = CASE WHEN $1 = 'ended' THEN $5 ELSE ended_at END,"
                 " updated_at = $5"
                 " WHERE id = $6 AND state = $7 AND version = $8",
                 &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, c->to);
  db_bind_text(st, 2, c->end_reason);
  db_bind_int(st, 3, c->mentor_ack_at);
  db_bind_int(st, 4, c->mentee_ack_at);
  db_bind_int(st, 5, now);
  db_bind_int(st, 6, id);
  db_bind_text(st, 7, c->from);
  db_bind_int(st, 8, c->version);
  rc = db_step(st);
  db_finish(st);
  return changed_one(db, rc);
}

int store_pairing_set_group(struct db *db, int64_t id, int64_t group_id)
{
  return changed_one(db, db_run(db,
                                "UPDATE pairings SET group_id = $1"
                                " WHERE id = $2",
                                "ii", group_id, id));
}

/* ------------------------------------------------------------------ events */

int store_pairing_event_add(struct db *db, int64_t pairing_id, int64_t at,
                            int64_t actor_id, const char *from, const char *to,
                            const char *note)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO pairing_events (pairing_id, at, actor_id,"
                      " from_state, to_state, note)"
                      " VALUES ($1, $2, $3, $4, $5, $6)",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, pairing_id);
  db_bind_int(st, 2, at);
  if (actor_id > 0)
    db_bind_int(st, 3, actor_id);
  else
    db_bind_null(st, 3);
  db_bind_text(st, 4, from ? from : "");
  db_bind_text(st, 5, to);
  db_bind_text(st, 6, note ? note : "");
  rc = db_step(st);
  db_finish(st);
  return done(rc);
}

int store_pairing_event_list(struct db *db, int64_t pairing_id,
                             struct pairing_event_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT e.id, e.at, COALESCE(e.actor_id, 0),"
                      " COALESCE(u.name, ''), e.from_state, e.to_state,"
                      " e.note FROM pairing_events e"
                      " LEFT JOIN users u ON u.id = e.actor_id"
                      " WHERE e.pairing_id = $1 ORDER BY e.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, pairing_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct pairing_event_row *e = &rows[(*n)++];

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

/* --------------------------------------------------------- rematch requests */

#define REMATCH_COLUMNS                                                        \
  "SELECT r.id, r.pairing_id, r.user_id, r.side, r.reason, r.state,"           \
  " r.created_at, COALESCE(r.decided_at, 0), u.name, p.scheme_id,"             \
  " CASE WHEN ms.id IS NULL THEN mu.name ELSE " NAME_OF(                       \
      "ms") " END,"                                                            \
            " " NAME_OF(                                                       \
                "t") " FROM rematch_requests r"                                \
                     " JOIN pairings p ON p.id = r.pairing_id"                 \
                     " JOIN users u ON u.id = r.user_id"                       \
                     " JOIN users mu ON mu.id = p.mentee_user_id"              \
                     " LEFT JOIN students ms ON ms.user_id = p.mentee_user_id" \
                     " JOIN students t ON t.id = p.mentor_student_id"

static int rematch_rows(struct db_stmt *st, struct rematch_row *rows, int max,
                        int *n)
{
  int rc;

  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct rematch_row *m = &rows[(*n)++];

    memset(m, 0, sizeof(*m));
    m->id = db_col_int(st, 0);
    m->pairing_id = db_col_int(st, 1);
    m->user_id = db_col_int(st, 2);
    COPY(m->side, st, 3);
    COPY(m->reason, st, 4);
    COPY(m->state, st, 5);
    m->created_at = db_col_int(st, 6);
    m->decided_at = db_col_int(st, 7);
    COPY(m->user_name, st, 8);
    m->scheme_id = db_col_int(st, 9);
    COPY(m->mentee_name, st, 10);
    COPY(m->mentor_name, st, 11);
  }
  db_finish(st);
  return *n >= max ? 0 : done(rc);
}

int store_rematch_insert(struct db *db, int64_t pairing_id, int64_t user_id,
                         const char *side, const char *reason, int64_t now,
                         int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO rematch_requests (pairing_id, user_id,"
                      " side, reason, created_at) VALUES ($1, $2, $3, $4, $5)"
                      " RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, pairing_id);
  db_bind_int(st, 2, user_id);
  db_bind_text(st, 3, side);
  db_bind_text(st, 4, reason);
  db_bind_int(st, 5, now);
  return returning_id(st, id);
}

int store_rematch_open(struct db *db, int64_t pairing_id,
                       struct rematch_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      REMATCH_COLUMNS " WHERE r.pairing_id = $1"
                                      " AND r.state = 'open' ORDER BY r.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, pairing_id);
  return rematch_rows(st, rows, max, n);
}

int store_rematch_open_scheme(struct db *db, int64_t scheme_id,
                              struct rematch_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      REMATCH_COLUMNS " WHERE p.scheme_id = $1"
                                      " AND r.state = 'open' ORDER BY r.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  return rematch_rows(st, rows, max, n);
}

int store_rematch_close(struct db *db, int64_t pairing_id, const char *state,
                        int64_t now)
{
  return done(db_run(db,
                     "UPDATE rematch_requests SET state = $1, decided_at = $2"
                     " WHERE pairing_id = $3 AND state = 'open'",
                     "sii", state, now, pairing_id));
}

/* ------------------------------------------------------------------ groups */

#define GROUP_COLUMNS                                                          \
  "SELECT g.id, g.scheme_id, COALESCE(g.run_id, 0), g.name,"                   \
  " g.leader_student_id, COALESCE(g.co_leader_student_id, 0), g.created_at,"   \
  " " NAME_OF("l") ", COALESCE(" NAME_OF(                                      \
      "co") ", ''),"                                                           \
            " (SELECT COUNT(*) FROM pairings p WHERE p.group_id = g.id"        \
            " AND p.state <> 'ended')"                                         \
            " FROM mentoring_groups g JOIN students l ON l.id = "              \
            "g.leader_student_id"                                              \
            " LEFT JOIN students co ON co.id = g.co_leader_student_id"

static void read_group(struct db_stmt *st, struct group_row *g)
{
  memset(g, 0, sizeof(*g));
  g->id = db_col_int(st, 0);
  g->scheme_id = db_col_int(st, 1);
  g->run_id = db_col_int(st, 2);
  COPY(g->name, st, 3);
  g->leader_student_id = db_col_int(st, 4);
  g->co_leader_student_id = db_col_int(st, 5);
  g->created_at = db_col_int(st, 6);
  COPY(g->leader_name, st, 7);
  COPY(g->co_leader_name, st, 8);
  g->members = (int)db_col_int(st, 9);
}

int store_group_insert(struct db *db, const struct group_row *in, int64_t now,
                       int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO mentoring_groups (scheme_id, run_id, name,"
                      " leader_student_id, co_leader_student_id, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  if (in->run_id > 0)
    db_bind_int(st, 2, in->run_id);
  else
    db_bind_null(st, 2);
  db_bind_text(st, 3, in->name);
  db_bind_int(st, 4, in->leader_student_id);
  if (in->co_leader_student_id > 0)
    db_bind_int(st, 5, in->co_leader_student_id);
  else
    db_bind_null(st, 5);
  db_bind_int(st, 6, now);
  return returning_id(st, id);
}

int store_group_get(struct db *db, int64_t id, struct group_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, GROUP_COLUMNS " WHERE g.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_group(st, out);
  db_finish(st);
  return one_row_done(rc);
}

int store_group_list(struct db *db, int64_t scheme_id, struct group_row *rows,
                     int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, GROUP_COLUMNS " WHERE g.scheme_id = $1 ORDER BY g.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_group(st, &rows[(*n)++]);
  db_finish(st);
  return *n >= max ? 0 : done(rc);
}

/* ------------------------------------------------ choosing, for hand work */

int store_pairing_waiting(struct db *db, int64_t scheme_id, waiting_fn fn,
                          void *ctx)
{
  struct db_stmt *st;
  struct waiting_row w;
  int rc = db_prepare(
      db,
      "SELECT su.id, su.user_id, COALESCE(s.id, 0),"
      " CASE WHEN s.id IS NULL THEN u.name ELSE " NAME_OF(
          "s") " END"
               " AS sort_name, COALESCE(c.code, ''), COALESCE(s.year_of_study, "
               "0)"
               " FROM mentee_signups su JOIN users u ON u.id = su.user_id"
               " LEFT JOIN students s ON s.user_id = su.user_id"
               " LEFT JOIN courses c ON c.id = s.course_id"
               " WHERE su.scheme_id = $1 AND su.state = 'active'"
               " AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.signup_id = "
               "su.id"
               " AND p.state <> 'ended') ORDER BY sort_name, su.id",
      &st);
  int stop = 0;

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while ((rc = db_step(st)) == DB_ROW) {
    memset(&w, 0, sizeof(w));
    w.signup_id = db_col_int(st, 0);
    w.user_id = db_col_int(st, 1);
    w.student_id = db_col_int(st, 2);
    COPY(w.name, st, 3);
    COPY(w.course, st, 4);
    w.year_of_study = (int)db_col_int(st, 5);
    if ((stop = fn(ctx, &w)))
      break;
  }
  db_finish(st);
  return stop ? stop : done(rc);
}

/* A scheme's accepted mentors with their places ($1 the scheme, $2 the
 * places of a mentor without a row). */
#define MENTOR_PLACES                                                          \
  "SELECT s.id, COALESCE(s.user_id, 0), " NAME_OF("s") " AS sort_name,"        \
  " COALESCE(c.code, ''), s.year_of_study,"                                    \
  " COALESCE(m.capacity, CAST($2 AS INTEGER)), COALESCE(m.held, 0)"            \
  " FROM applications a JOIN students s ON s.id = a.student_id"                \
  " LEFT JOIN courses c ON c.id = s.course_id"                                 \
  " LEFT JOIN scheme_mentors m ON m.scheme_id = a.scheme_id"                   \
  " AND m.student_id = a.student_id"                                           \
  " WHERE a.scheme_id = $1 AND a.state = 'accepted'"

static void read_mentor(struct db_stmt *st, void *out)
{
  struct mentor_place_row *m = out;

  memset(m, 0, sizeof(*m));
  m->student_id = db_col_int(st, 0);
  m->user_id = db_col_int(st, 1);
  COPY(m->name, st, 2);
  COPY(m->course, st, 3);
  m->year_of_study = (int)db_col_int(st, 4);
  m->capacity = (int)db_col_int(st, 5);
  m->held = (int)db_col_int(st, 6);
}

int store_pairing_mentors(struct db *db, int64_t scheme_id,
                          int default_capacity, mentor_place_fn fn, void *ctx)
{
  struct db_stmt *st;
  struct mentor_place_row m;
  int rc = db_prepare(db, MENTOR_PLACES " ORDER BY sort_name, s.id", &st);
  int stop = 0;

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, default_capacity);
  while ((rc = db_step(st)) == DB_ROW) {
    read_mentor(st, &m);
    if ((stop = fn(ctx, &m)))
      break;
  }
  db_finish(st);
  return stop ? stop : done(rc);
}

int store_pairing_mentor(struct db *db, int64_t scheme_id, int64_t student_id,
                         int default_capacity, struct mentor_place_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, MENTOR_PLACES " AND a.student_id = $3", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, default_capacity);
  db_bind_int(st, 3, student_id);
  return one_row(st, read_mentor, out);
}

int store_student_user(struct db *db, int64_t student_id, int64_t *user_id)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db, "SELECT COALESCE(user_id, 0) FROM students WHERE id = $1", &st);

  *user_id = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, student_id);
  rc = db_step(st);
  if (rc == DB_ROW)
    *user_id = db_col_int(st, 0);
  db_finish(st);
  return one_row_done(rc);
}
