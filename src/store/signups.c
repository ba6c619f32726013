/* store/signups.c: the SQL behind store/signups.h. */
#include "store/signups.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

/* A LIKE pattern for "contains s" (lowercased, wildcards escaped); with
 * words, " s " inside the space-padded column. "" for an empty s. */
static void like_pattern(const char *s, bool words, char *out, size_t n)
{
  size_t j = 0;

  if (!*s) {
    out[0] = '\0';
    return;
  }
  out[j++] = '%';
  if (words)
    out[j++] = ' ';
  for (const char *p = s; *p && j + 4 < n; p++) {
    if (*p == '%' || *p == '_' || *p == '\\')
      out[j++] = '\\';
    out[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  }
  if (words)
    out[j++] = ' ';
  out[j++] = '%';
  out[j] = '\0';
}

/* --------------------------------------------------------------- sign-ups */

/* Every list reads the same columns: the sign-up, its account and scheme,
 * and the student record when linked. */
#define SIGNUP_COLUMNS                                                         \
  "SELECT su.id, su.scheme_id, su.user_id, su.student_id,"                     \
  " su.invitation_id, su.topics, su.note, su.preferences, su.mode, su.state,"  \
  " su.created_at, su.updated_at, u.name, u.email, sc.name,"                   \
  " st.student_number, c.code, c.title, st.year_of_study"                      \
  " FROM mentee_signups su JOIN users u ON u.id = su.user_id"                  \
  " JOIN schemes sc ON sc.id = su.scheme_id"                                   \
  " LEFT JOIN students st ON st.id = su.student_id"                            \
  " LEFT JOIN courses c ON c.id = st.course_id"

static void read_signup(struct db_stmt *st, struct signup_row *r)
{
  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  r->scheme_id = db_col_int(st, 1);
  r->user_id = db_col_int(st, 2);
  r->student_id = db_col_int(st, 3);
  r->invitation_id = db_col_int(st, 4);
  COPY(r->topics, st, 5);
  COPY(r->note, st, 6);
  COPY(r->preferences, st, 7);
  COPY(r->mode, st, 8);
  COPY(r->state, st, 9);
  r->created_at = db_col_int(st, 10);
  r->updated_at = db_col_int(st, 11);
  COPY(r->user_name, st, 12);
  COPY(r->user_email, st, 13);
  COPY(r->scheme_name, st, 14);
  COPY(r->student_number, st, 15);
  COPY(r->course_code, st, 16);
  COPY(r->course_title, st, 17);
  r->year_of_study = (int)db_col_int(st, 18);
}

static int signup_one(struct db_stmt *st, struct signup_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_signup(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

static void bind_opt_id(struct db_stmt *st, int i, int64_t id)
{
  if (id)
    db_bind_int(st, i, id);
  else
    db_bind_null(st, i);
}

int store_signup_upsert(struct db *db, const struct signup_row *in,
                        int64_t now, int64_t *id)
{
  struct db_stmt *st;
  /* A second sign-up by the same person replaces the first (and brings a
   * withdrawn one back); the record and invitation links are kept. */
  int rc = db_prepare(
      db,
      "INSERT INTO mentee_signups (scheme_id, user_id, student_id,"
      " invitation_id, topics, note, preferences, mode, state, created_at,"
      " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9)"
      " ON CONFLICT (scheme_id, user_id) DO UPDATE SET"
      " topics = excluded.topics, note = excluded.note,"
      " preferences = excluded.preferences, mode = excluded.mode,"
      " state = 'active', updated_at = excluded.updated_at,"
      " student_id = COALESCE(mentee_signups.student_id, excluded.student_id)"
      " RETURNING id",
      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_int(st, 2, in->user_id);
  bind_opt_id(st, 3, in->student_id);
  bind_opt_id(st, 4, in->invitation_id);
  db_bind_text(st, 5, in->topics);
  db_bind_text(st, 6, in->note);
  db_bind_text(st, 7, in->preferences);
  db_bind_text(st, 8, in->mode);
  db_bind_int(st, 9, now);
  rc = db_step(st);
  if (rc == DB_ROW && id)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_signup_get(struct db *db, int64_t id, struct signup_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, SIGNUP_COLUMNS " WHERE su.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return signup_one(st, out);
}

int store_signup_of_user(struct db *db, int64_t scheme_id, int64_t user_id,
                         struct signup_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      SIGNUP_COLUMNS
                      " WHERE su.scheme_id = $1 AND su.user_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, user_id);
  return signup_one(st, out);
}

int store_signup_set_state(struct db *db, int64_t id, const char *state,
                           int64_t now)
{
  int rc = db_run(db,
                  "UPDATE mentee_signups SET state = $1, updated_at = $2"
                  " WHERE id = $3",
                  "sii", state, now, id);

  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

int store_signup_list_user(struct db *db, int64_t user_id,
                           struct signup_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      SIGNUP_COLUMNS " WHERE su.user_id = $1"
                                     " ORDER BY su.id DESC LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, max);
  while ((rc = db_step(st)) == DB_ROW)
    read_signup(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

/* The manager's filter: state, a name or email, a topic word. */
#define SIGNUP_FILTER                                                          \
  " WHERE su.scheme_id = $1"                                                   \
  " AND (CAST($2 AS TEXT) = '' OR su.state = $2)"                              \
  " AND (CAST($3 AS TEXT) = '' OR LOWER(u.name) LIKE $3 ESCAPE '\\'"           \
  " OR u.email LIKE $3 ESCAPE '\\')"                                           \
  " AND (CAST($4 AS TEXT) = '' OR (' ' || su.topics || ' ') LIKE $4"           \
  " ESCAPE '\\')"

int store_signup_list_scheme(struct db *db, int64_t scheme_id,
                             const struct signup_filter *f, int64_t after_id,
                             int offset, int limit, struct signup_row *rows,
                             int *n, int64_t *total)
{
  char q[SU_NAME * 2 + 4], topic[SU_TOPIC * 2 + 6];
  struct db_stmt *st;
  int rc;

  *n = 0;
  like_pattern(f->q, false, q, sizeof(q));
  like_pattern(f->topic, true, topic, sizeof(topic));
  if (total) {
    rc = db_prepare(db,
                    "SELECT COUNT(*) FROM mentee_signups su"
                    " JOIN users u ON u.id = su.user_id" SIGNUP_FILTER,
                    &st);
    if (rc)
      return rc;
    db_bind_int(st, 1, scheme_id);
    db_bind_text(st, 2, f->state);
    db_bind_text(st, 3, q);
    db_bind_text(st, 4, topic);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finish(st);
    if (rc != DB_ROW)
      return rc < 0 ? rc : ERR_DB;
  }
  rc = db_prepare(db,
                  SIGNUP_COLUMNS SIGNUP_FILTER
                  " AND su.id > $5 ORDER BY su.id LIMIT $6 OFFSET $7",
                  &st);
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_text(st, 2, f->state);
  db_bind_text(st, 3, q);
  db_bind_text(st, 4, topic);
  db_bind_int(st, 5, after_id);
  db_bind_int(st, 6, limit);
  db_bind_int(st, 7, offset);
  while ((rc = db_step(st)) == DB_ROW && *n < limit)
    read_signup(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

/* ------------------------------------------------------------ invitations */

#define INVITATION_COLUMNS                                                     \
  "SELECT id, scheme_id, email, student_id, created_by, created_at,"           \
  " expires_at, used_at, user_id FROM scheme_invitations"

static void read_invitation(struct db_stmt *st, struct invitation_row *r)
{
  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  r->scheme_id = db_col_int(st, 1);
  COPY(r->email, st, 2);
  r->student_id = db_col_int(st, 3);
  r->created_by = db_col_int(st, 4);
  r->created_at = db_col_int(st, 5);
  r->expires_at = db_col_int(st, 6);
  r->used_at = db_col_int(st, 7);
  r->user_id = db_col_int(st, 8);
}

static int invitation_one(struct db_stmt *st, struct invitation_row *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read_invitation(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_invitation_insert(struct db *db, const struct invitation_row *in,
                            const char *token_hash, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO scheme_invitations (scheme_id, email,"
                      " student_id, token_hash, created_by, created_at,"
                      " expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                      " RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_text(st, 2, in->email);
  bind_opt_id(st, 3, in->student_id);
  db_bind_text(st, 4, token_hash);
  bind_opt_id(st, 5, in->created_by);
  db_bind_int(st, 6, in->created_at);
  db_bind_int(st, 7, in->expires_at);
  rc = db_step(st);
  if (rc == DB_ROW && id)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_invitation_get(struct db *db, int64_t id, struct invitation_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, INVITATION_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return invitation_one(st, out);
}

int store_invitation_by_hash(struct db *db, const char *token_hash,
                             struct invitation_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, INVITATION_COLUMNS " WHERE token_hash = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  return invitation_one(st, out);
}

int store_invitation_latest(struct db *db, int64_t scheme_id,
                            const char *email, struct invitation_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      INVITATION_COLUMNS " WHERE email = $1 AND scheme_id = $2"
                                         " ORDER BY id DESC LIMIT 1",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  db_bind_int(st, 2, scheme_id);
  return invitation_one(st, out);
}

int store_invitation_take(struct db *db, const char *token_hash, int64_t now,
                          int64_t user_id, struct invitation_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "UPDATE scheme_invitations SET used_at = $2, user_id = $3"
                      " WHERE token_hash = $1 AND used_at IS NULL"
                      " AND expires_at > $2"
                      " RETURNING id, scheme_id, email, student_id,"
                      " created_by, created_at, expires_at, used_at, user_id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  db_bind_int(st, 2, now);
  bind_opt_id(st, 3, user_id);
  return invitation_one(st, out);
}

int store_invitation_set_user(struct db *db, int64_t id, int64_t user_id)
{
  return done(db_run(db,
                     "UPDATE scheme_invitations SET user_id = $1 WHERE id = $2",
                     "ii", user_id, id));
}

int store_invitation_renew(struct db *db, int64_t id, const char *token_hash,
                           int64_t now, int64_t expires_at)
{
  int rc = db_run(db,
                  "UPDATE scheme_invitations SET token_hash = $1,"
                  " created_at = $2, expires_at = $3"
                  " WHERE id = $4 AND used_at IS NULL",
                  "siii", token_hash, now, expires_at, id);

  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

int store_invitation_revoke(struct db *db, int64_t id)
{
  int rc = db_run(db,
                  "UPDATE scheme_invitations SET expires_at = 0"
                  " WHERE id = $1 AND used_at IS NULL",
                  "i", id);

  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

int store_invitation_list(struct db *db, int64_t scheme_id, int offset,
                          int limit, struct invitation_row *rows, int *n,
                          int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  rc = db_prepare(db,
                  "SELECT COUNT(*) FROM scheme_invitations"
                  " WHERE scheme_id = $1",
                  &st);
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  rc = db_step(st);
  *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  if (rc != DB_ROW)
    return rc < 0 ? rc : ERR_DB;
  rc = db_prepare(db,
                  INVITATION_COLUMNS " WHERE scheme_id = $1"
                                     " ORDER BY id DESC LIMIT $2 OFFSET $3",
                  &st);
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, limit);
  db_bind_int(st, 3, offset);
  while ((rc = db_step(st)) == DB_ROW && *n < limit)
    read_invitation(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_incoming_for_scheme(struct db *db, int64_t scheme_id, int64_t now,
                              struct incoming_row *rows, int max, int *n)
{
  struct db_stmt *st;
  /* A scheme that names no course and no faculty serves everyone. */
  int rc = db_prepare(
      db,
      "SELECT s.id, s.personal_email FROM students s"
      " WHERE s.status = 'incoming' AND s.personal_email <> ''"
      " AND s.active = 1 AND s.erased_at IS NULL"
      " AND ((NOT EXISTS (SELECT 1 FROM scheme_courses WHERE scheme_id = $1)"
      " AND NOT EXISTS (SELECT 1 FROM scheme_faculties WHERE scheme_id = $1))"
      " OR s.course_id IN (SELECT course_id FROM scheme_courses"
      " WHERE scheme_id = $1)"
      " OR s.course_id IN (SELECT c.id FROM courses c JOIN scheme_faculties f"
      " ON f.faculty_id = c.faculty_id WHERE f.scheme_id = $1))"
      " AND NOT EXISTS (SELECT 1 FROM scheme_invitations i"
      " WHERE i.scheme_id = $1 AND i.email = s.personal_email"
      " AND (i.used_at IS NOT NULL OR i.expires_at > $2))"
      " ORDER BY s.id LIMIT $3",
      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, now);
  db_bind_int(st, 3, max);
  while ((rc = db_step(st)) == DB_ROW && *n < max) {
    rows[*n].id = db_col_int(st, 0);
    COPY(rows[*n].email, st, 1);
    (*n)++;
  }
  db_finish(st);
  return done(rc);
}

int store_students_with_personal_email(struct db *db, const char *email,
                                       int64_t *ids, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id FROM students WHERE personal_email = $1"
                      " AND erased_at IS NULL ORDER BY id LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  db_bind_int(st, 2, max);
  while ((rc = db_step(st)) == DB_ROW && *n < max)
    ids[(*n)++] = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

/* ------------------------------------------------------------------ merge */

int store_merge_candidates(struct db *db, int64_t student_id,
                           const char *email, int64_t *user_ids, int max,
                           int *n)
{
  struct db_stmt *st;
  /* Both halves read an index: invitations by email, sign-ups by
   * student. */
  int rc = db_prepare(
      db,
      "SELECT user_id FROM scheme_invitations WHERE email = $1"
      " AND CAST($1 AS TEXT) <> '' AND used_at IS NOT NULL"
      " AND user_id IS NOT NULL"
      " AND (student_id IS NULL OR student_id = $2)"
      " UNION SELECT user_id FROM mentee_signups WHERE student_id = $2"
      " AND invitation_id IS NOT NULL"
      " ORDER BY 1 LIMIT $3",
      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  db_bind_int(st, 2, student_id);
  db_bind_int(st, 3, max);
  while ((rc = db_step(st)) == DB_ROW && *n < max)
    user_ids[(*n)++] = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

int store_student_of_account(struct db *db, int64_t user_id,
                             int64_t *student_id)
{
  struct db_stmt *st;
  int rc = db_prepare(db, "SELECT id FROM students WHERE user_id = $1", &st);

  *student_id = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  rc = db_step(st);
  if (rc == DB_ROW)
    *student_id = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

int store_student_link_account(struct db *db, int64_t student_id,
                               int64_t user_id, bool *changed)
{
  int rc = db_run(db,
                  "UPDATE students SET user_id = $1"
                  " WHERE id = $2 AND user_id IS NULL",
                  "ii", user_id, student_id);

  *changed = false;
  if (rc < 0)
    return rc;
  *changed = db_changes(db) > 0;
  return 0;
}

int store_signup_link_student(struct db *db, int64_t user_id,
                              int64_t student_id, int64_t now,
                              int64_t *changed)
{
  int rc = db_run(db,
                  "UPDATE mentee_signups SET student_id = $1, updated_at = $2"
                  " WHERE user_id = $3 AND student_id IS NULL",
                  "iii", student_id, now, user_id);

  *changed = 0;
  if (rc < 0)
    return rc;
  *changed = db_changes(db);
  return 0;
}
