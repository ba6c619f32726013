/* store/people.c: the SQL behind store/people.h. */
#include "store/people.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ institution */

static void read_institution(struct db_stmt *st, void *p)
{
  struct institution_row *r = p;

  COPY(r->name, st, 0);
  COPY(r->year_starts_on, st, 1);
  COPY(r->year_ends_on, st, 2);
}

int store_institution_get(struct db *db, struct institution_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT name, year_starts_on, year_ends_on"
                      " FROM institution WHERE id = 1",
                      &st);

  return rc ? rc : one_row(st, read_institution, out);
}

int store_institution_set(struct db *db, const struct institution_row *in)
{
  return done(db_run(db,
                     "INSERT INTO institution (id, name, year_starts_on,"
                     " year_ends_on) VALUES (1, $1, $2, $3)"
                     " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                     " year_starts_on = excluded.year_starts_on,"
                     " year_ends_on = excluded.year_ends_on",
                     "sss", in->name, in->year_starts_on, in->year_ends_on));
}

int store_term_list(struct db *db, struct term_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, name, starts_on, ends_on FROM terms"
                      " ORDER BY starts_on, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct term_row *r = &rows[(*n)++];

    r->id = db_col_int(st, 0);
    COPY(r->name, st, 1);
    COPY(r->starts_on, st, 2);
    COPY(r->ends_on, st, 3);
  }
  db_finish(st);
  return done(rc);
}

int store_term_upsert(struct db *db, const struct term_row *in)
{
  return done(db_run(db,
                     "INSERT INTO terms (name, starts_on, ends_on)"
                     " VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE"
                     " SET starts_on = excluded.starts_on,"
                     " ends_on = excluded.ends_on",
                     "sss", in->name, in->starts_on, in->ends_on));
}

/* -------------------------------------------------------------- faculties */

static void read_faculty(struct db_stmt *st, void *p)
{
  struct faculty_row *r = p;

  r->id = db_col_int(st, 0);
  COPY(r->code, st, 1);
  COPY(r->name, st, 2);
}

int store_faculty_get(struct db *db, int64_t id, struct faculty_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, "SELECT id, code, name FROM faculties WHERE id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_row(st, read_faculty, out);
}

int store_faculty_by_code(struct db *db, const char *code,
                          struct faculty_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, code, name FROM faculties WHERE code = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, code);
  return one_row(st, read_faculty, out);
}

int store_faculty_upsert(struct db *db, const char *code, const char *name,
                         int64_t *id, char *change)
{
  struct faculty_row old;
  struct db_stmt *st;
  int rc = store_faculty_by_code(db, code, &old);

  if (rc == 0) {
    *id = old.id;
    if (change)
      *change = strcmp(old.name, name) ? 'u' : 'n';
    if (strcmp(old.name, name) == 0)
      return 0;
    return done(db_run(db, "UPDATE faculties SET name = $1 WHERE id = $2",
                       "si", name, old.id));
  }
  if (rc != ERR_NOTFOUND)
    return rc;
  if ((rc = db_prepare(db,
                       "INSERT INTO faculties (code, name) VALUES ($1, $2)"
                       " RETURNING id",
                       &st)))
    return rc;
  db_bind_text(st, 1, code);
  db_bind_text(st, 2, name);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  if (change)
    *change = 'c';
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_faculty_list(struct db *db, int64_t after_id, int limit,
                       struct faculty_row *rows, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id, code, name FROM faculties WHERE id > $1"
                      " ORDER BY id LIMIT $2",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, after_id);
  db_bind_int(st, 2, limit);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_faculty(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

/* ---------------------------------------------------------------- courses */

#define COURSE_COLUMNS                                                         \
  "SELECT c.id, c.code, c.title, c.faculty_id, f.code, f.name, c.level,"       \
  " c.years, c.campus, c.active FROM courses c"                                \
  " JOIN faculties f ON f.id = c.faculty_id"

static void read_course(struct db_stmt *st, void *p)
{
  struct course_row *r = p;

  r->id = db_col_int(st, 0);
  COPY(r->code, st, 1);
  COPY(r->title, st, 2);
  r->faculty_id = db_col_int(st, 3);
  COPY(r->faculty_code, st, 4);
  COPY(r->faculty_name, st, 5);
  COPY(r->level, st, 6);
  r->years = (int)db_col_int(st, 7);
  COPY(r->campus, st, 8);
  r->active = db_col_int(st, 9) != 0;
}

int store_course_get(struct db *db, int64_t id, struct course_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, COURSE_COLUMNS " WHERE c.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_row(st, read_course, out);
}

int store_course_by_code(struct db *db, const char *code,
                         struct course_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, COURSE_COLUMNS " WHERE c.code = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, code);
  return one_row(st, read_course, out);
}

static bool course_same(const struct course_row *a, const struct course_row *b)
{
  return strcmp(a->title, b->title) == 0 && a->faculty_id == b->faculty_id &&
         strcmp(a->level, b->level) == 0 && a->years == b->years &&
         strcmp(a->campus, b->campus) == 0 && a->active == b->active;
}

int store_course_upsert(struct db *db, const struct course_row *in,
                        int64_t *id, char *change)
{
  struct course_row old;
  struct db_stmt *st;
  int rc = store_course_by_code(db, in->code, &old);

  if (rc == 0) {
    *id = old.id;
    if (change)
      *change = course_same(&old, in) ? 'n' : 'u';
    if (course_same(&old, in))
      return 0;
    return done(db_run(db,
                       "UPDATE courses SET title = $1, faculty_id = $2,"
                       " level = $3, years = $4, campus = $5, active = $6"
                       " WHERE id = $7",
                       "sisisii", in->title, in->faculty_id, in->level,
                       (int64_t)in->years, in->campus, (int64_t)in->active,
                       old.id));
  }
  if (rc != ERR_NOTFOUND)
    return rc;
  if ((rc = db_prepare(db,
                       "INSERT INTO courses (code, title, faculty_id, level,"
                       " years, campus, active) VALUES ($1, $2, $3, $4, $5,"
                       " $6, $7) RETURNING id",
                       &st)))
    return rc;
  db_bind_text(st, 1, in->code);
  db_bind_text(st, 2, in->title);
  db_bind_int(st, 3, in->faculty_id);
  db_bind_text(st, 4, in->level);
  db_bind_int(st, 5, in->years);
  db_bind_text(st, 6, in->campus);
  db_bind_int(st, 7, in->active);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  if (change)
    *change = 'c';
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_course_list(struct db *db, int64_t faculty_id, int64_t after_id,
                      int limit, struct course_row *rows, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      COURSE_COLUMNS
                      " WHERE (CAST($1 AS BIGINT) = 0 OR c.faculty_id = $1)"
                      " AND c.id > $2 ORDER BY c.id LIMIT $3",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, faculty_id);
  db_bind_int(st, 2, after_id);
  db_bind_int(st, 3, limit);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_course(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

/* --------------------------------------------------------------- students */

#define STUDENT_COLUMNS                                                        \
  "SELECT s.id, s.student_number, COALESCE(s.user_id, 0), s.legal_name,"       \
  " s.preferred_name, s.pronouns, s.university_email, s.personal_email,"       \
  " COALESCE(s.course_id, 0), COALESCE(c.code, ''), COALESCE(c.title, ''),"    \
  " COALESCE(f.id, 0), COALESCE(f.code, ''), COALESCE(f.name, ''),"            \
  " s.year_of_study, s.study_mode, s.status, COALESCE(s.graduated_on, ''),"    \
  " s.home_country, s.fee_status, s.campus, s.bio, s.availability,"            \
  " s.contact_preference, s.active, COALESCE(s.erased_at, 0), s.created_at,"   \
  " s.updated_at FROM students s"                                              \
  " LEFT JOIN courses c ON c.id = s.course_id"                                 \
  " LEFT JOIN faculties f ON f.id = c.faculty_id"

static void read_student(struct db_stmt *st, void *p)
{
  struct student_row *r = p;

  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  COPY(r->number, st, 1);
  r->user_id = db_col_int(st, 2);
  COPY(r->legal_name, st, 3);
  COPY(r->preferred_name, st, 4);
  COPY(r->pronouns, st, 5);
  COPY(r->university_email, st, 6);
  COPY(r->personal_email, st, 7);
  r->course_id = db_col_int(st, 8);
  COPY(r->course_code, st, 9);
  COPY(r->course_title, st, 10);
  r->faculty_id = db_col_int(st, 11);
  COPY(r->faculty_code, st, 12);
  COPY(r->faculty_name, st, 13);
  r->year_of_study = (int)db_col_int(st, 14);
  COPY(r->study_mode, st, 15);
  COPY(r->status, st, 16);
  COPY(r->graduated_on, st, 17);
  COPY(r->home_country, st, 18);
  COPY(r->fee_status, st, 19);
  COPY(r->campus, st, 20);
  COPY(r->bio, st, 21);
  r->availability = (unsigned)db_col_int(st, 22);
  COPY(r->contact_preference, st, 23);
  r->active = db_col_int(st, 24) != 0;
  r->erased_at = db_col_int(st, 25);
  r->created_at = db_col_int(st, 26);
  r->updated_at = db_col_int(st, 27);
}

static int load_student_parts(struct db *db, struct student_row *r)
{
  struct db_stmt *st;
  int rc;

  if ((rc = db_prepare(db,
                       "SELECT academic_year, year_of_study, outcome"
                       " FROM student_years WHERE student_id = $1"
                       " ORDER BY academic_year",
                       &st)))
    return rc;
  db_bind_int(st, 1, r->id);
  while ((rc = db_step(st)) == DB_ROW && r->nyears < P_YEARS_MAX) {
    struct year_row *y = &r->years[r->nyears++];

    COPY(y->academic_year, st, 0);
    y->year_of_study = (int)db_col_int(st, 1);
    COPY(y->outcome, st, 2);
  }
  db_finish(st);
  if (rc < 0)
    return rc;
  if ((rc = db_prepare(db,
                       "SELECT language, first_language FROM student_languages"
                       " WHERE student_id = $1"
                       " ORDER BY first_language DESC, language",
                       &st)))
    return rc;
  db_bind_int(st, 1, r->id);
  while ((rc = db_step(st)) == DB_ROW && r->nlanguages < P_LANGS_MAX) {
    struct language_row *l = &r->languages[r->nlanguages++];

    COPY(l->code, st, 0);
    l->first = db_col_int(st, 1) != 0;
  }
  db_finish(st);
  if (rc < 0)
    return rc;
  if ((rc = db_prepare(db,
                       "SELECT interest_id FROM student_interests"
                       " WHERE student_id = $1 ORDER BY interest_id",
                       &st)))
    return rc;
  db_bind_int(st, 1, r->id);
  while ((rc = db_step(st)) == DB_ROW && r->ninterests < P_INTERESTS_MAX)
    r->interests[r->ninterests++] = db_col_int(st, 0);
  db_finish(st);
  if (rc < 0)
    return rc;
  if ((rc = db_prepare(db,
                       "SELECT kind, visible_to, consented_at"
                       " FROM student_characteristics WHERE student_id = $1"
                       " ORDER BY kind",
                       &st)))
    return rc;
  db_bind_int(st, 1, r->id);
  while ((rc = db_step(st)) == DB_ROW && r->ncharacteristics < P_CHARS_MAX) {
    struct characteristic_row *c = &r->characteristics[r->ncharacteristics++];

    COPY(c->kind, st, 0);
    COPY(c->visible_to, st, 1);
    c->consented_at = db_col_int(st, 2);
  }
  db_finish(st);
  return done(rc);
}

static int student_one(struct db *db, struct db_stmt *st,
                       struct student_row *out)
{
  int rc = one_row(st, read_student, out);

  return rc ? rc : load_student_parts(db, out);
}

int store_student_get(struct db *db, int64_t id, struct student_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STUDENT_COLUMNS " WHERE s.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return student_one(db, st, out);
}

int store_student_by_number(struct db *db, const char *number,
                            struct student_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STUDENT_COLUMNS " WHERE s.student_number = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, number);
  return student_one(db, st, out);
}

int store_student_by_user(struct db *db, int64_t user_id, const char *email,
                          struct student_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STUDENT_COLUMNS " WHERE s.user_id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  rc = student_one(db, st, out);
  if (rc != ERR_NOTFOUND || !email)
    return rc;
  /* Not linked yet: the record with the account's university email. */
  rc = db_prepare(db,
                  STUDENT_COLUMNS " WHERE s.university_email = $1"
                                  " AND s.user_id IS NULL ORDER BY s.id",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  if ((rc = student_one(db, st, out)))
    return rc;
  out->user_id = user_id;
  return done(db_run(db, "UPDATE students SET user_id = $1 WHERE id = $2",
                     "ii", user_id, out->id));
}

/* The text searched: names, number and email, lowercased. */
static void search_text(const struct student_row *in, char *out, size_t n)
{
  snprintf(out, n, "%s %s %s %s", in->legal_name, in->preferred_name,
           in->number, in->university_email);
  str_lower(out);
}

static int insert_parts(struct db *db, const struct student_row *in,
                        int64_t id);

/* Replace a student's sub-records with in's. */
static int replace_parts(struct db *db, const struct student_row *in,
                         int64_t id)
{
  int rc;

  if ((rc = done(db_run(db, "DELETE FROM student_years WHERE student_id = $1",
                        "i", id))) ||
      (rc = done(db_run(db,
                        "DELETE FROM student_languages WHERE student_id = $1",
                        "i", id))) ||
      (rc = done(db_run(db,
                        "DELETE FROM student_interests WHERE student_id = $1",
                        "i", id))) ||
      (rc = done(db_run(db,
                        "DELETE FROM student_characteristics"
                        " WHERE student_id = $1",
                        "i", id))))
    return rc;
  return insert_parts(db, in, id);
}

/* Write in's sub-records for student id (a new student has none yet). */
static int insert_parts(struct db *db, const struct student_row *in,
                        int64_t id)
{
  int rc = 0;

  for (int i = 0; rc == 0 && i < in->nyears; i++)
    rc = done(db_run(db,
                     "INSERT INTO student_years (student_id, academic_year,"
                     " year_of_study, outcome) VALUES ($1, $2, $3, $4)",
                     "isis", id, in->years[i].academic_year,
                     (int64_t)in->years[i].year_of_study,
                     in->years[i].outcome));
  for (int i = 0; rc == 0 && i < in->nlanguages; i++)
    rc = done(db_run(db,
                     "INSERT INTO student_languages (student_id, language,"
                     " first_language) VALUES ($1, $2, $3)",
                     "isi", id, in->languages[i].code,
                     (int64_t)in->languages[i].first));
  for (int i = 0; rc == 0 && i < in->ninterests; i++)
    rc = done(db_run(db,
                     "INSERT INTO student_interests (student_id, interest_id)"
                     " VALUES ($1, $2)",
                     "ii", id, in->interests[i]));
  for (int i = 0; rc == 0 && i < in->ncharacteristics; i++)
    rc = done(db_run(db,
                     "INSERT INTO student_characteristics (student_id, kind,"
                     " visible_to, consented_at) VALUES ($1, $2, $3, $4)",
                     "issi", id, in->characteristics[i].kind,
                     in->characteristics[i].visible_to,
                     in->characteristics[i].consented_at));
  return rc;
}

static void bind_student(struct db_stmt *st, const struct student_row *in,
                         const char *search)
{
  db_bind_text(st, 1, in->number);
  if (in->user_id)
    db_bind_int(st, 2, in->user_id);
  else
    db_bind_null(st, 2);
  db_bind_text(st, 3, in->legal_name);
  db_bind_text(st, 4, in->preferred_name);
  db_bind_text(st, 5, in->pronouns);
  db_bind_text(st, 6, in->university_email);
  db_bind_text(st, 7, in->personal_email);
  if (in->course_id)
    db_bind_int(st, 8, in->course_id);
  else
    db_bind_null(st, 8);
  db_bind_int(st, 9, in->year_of_study);
  db_bind_text(st, 10, in->study_mode);
  db_bind_text(st, 11, in->status);
  db_bind_text(st, 12, in->graduated_on[0] ? in->graduated_on : NULL);
  db_bind_text(st, 13, in->home_country);
  db_bind_text(st, 14, in->fee_status);
  db_bind_text(st, 15, in->campus);
  db_bind_text(st, 16, in->bio);
  db_bind_int(st, 17, in->availability);
  db_bind_text(st, 18, in->contact_preference);
  db_bind_int(st, 19, in->active);
  db_bind_text(st, 20, search);
}

int store_student_insert(struct db *db, const struct student_row *in,
                         int64_t now, int64_t *id)
{
  char search[P_NAME * 2 + P_CODE + P_EMAIL + 8];
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "INSERT INTO students (student_number, user_id, legal_name,"
      " preferred_name, pronouns, university_email, personal_email, course_id,"
      " year_of_study, study_mode, status, graduated_on, home_country,"
      " fee_status, campus, bio, availability, contact_preference, active,"
      " search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6,"
      " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,"
      " $21, $21) RETURNING id",
      &st);

  if (rc)
    return rc;
  search_text(in, search, sizeof(search));
  bind_student(st, in, search);
  db_bind_int(st, 21, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  if (rc != DB_ROW)
    return rc < 0 ? rc : ERR_DB;
  return insert_parts(db, in, *id);
}

int store_student_update(struct db *db, const struct student_row *in,
                         int64_t now)
{
  char search[P_NAME * 2 + P_CODE + P_EMAIL + 8];
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "UPDATE students SET student_number = $1, user_id = $2, legal_name = $3,"
      " preferred_name = $4, pronouns = $5, university_email = $6,"
      " personal_email = $7, course_id = $8, year_of_study = $9,"
      " study_mode = $10, status = $11, graduated_on = $12,"
      " home_country = $13, fee_status = $14, campus = $15, bio = $16,"
      " availability = $17, contact_preference = $18, active = $19,"
      " search_text = $20, updated_at = $21 WHERE id = $22",
      &st);

  if (rc)
    return rc;
  search_text(in, search, sizeof(search));
  bind_student(st, in, search);
  db_bind_int(st, 21, now);
  db_bind_int(st, 22, in->id);
  rc = db_step(st);
  db_finish(st);
  if (rc < 0)
    return rc;
  if (db_changes(db) == 0)
    return ERR_NOTFOUND;
  return replace_parts(db, in, in->id);
}

int store_student_set_active(struct db *db, int64_t id, bool active,
                             int64_t now)
{
  int rc = db_run(db,
                  "UPDATE students SET active = $1, updated_at = $2"
                  " WHERE id = $3",
                  "iii", (int64_t)active, now, id);

  if (rc < 0)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

int store_student_erase(struct db *db, int64_t id, int64_t now)
{
  char number[P_CODE];
  int rc;

  /* The number becomes a placeholder unique to the row, so counts by
   * course, year and status stay right and nothing identifies the person. */
  snprintf(number, sizeof(number), "erased-%lld", (long long)id);
  rc = db_run(db,
              "UPDATE students SET student_number = $1, user_id = NULL,"
              " legal_name = '', preferred_name = '', pronouns = '',"
              " university_email = '', personal_email = '', bio = '',"
              " home_country = '', campus = '', availability = 0,"
              " active = 0, search_text = '', erased_at = $2,"
              " updated_at = $2 WHERE id = $3",
              "sii", number, now, id);
  if (rc < 0)
    return rc;
  if (db_changes(db) == 0)
    return ERR_NOTFOUND;
  if ((rc = done(db_run(db,
                        "DELETE FROM student_languages WHERE student_id = $1",
                        "i", id))) ||
      (rc = done(db_run(db,
                        "DELETE FROM student_interests WHERE student_id = $1",
                        "i", id))))
    return rc;
  return done(db_run(db,
                     "DELETE FROM student_characteristics WHERE student_id = $1",
                     "i", id));
}

/* The filter's LIKE pattern: q lowercased, its wildcards escaped. */
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

/* The filter's conditions, on students alone: the faculty through a
 * subquery evaluated once, so no row is joined before it matches. A filter
 * written "(parameter is empty OR column matches)" keeps an engine from
 * seeking an index, so the selective filters (course, faculty) and
 * the search each have two spellings, on and off, and every combination is
 * its own literal (the SHAPES tables below): the off spelling still names
 * its parameter, as PostgreSQL wants every parameter used. Without a
 * search the conditions never name search_text, so counting can use the
 * narrow students_filters index. */
#define Q_0 " WHERE CAST($1 AS TEXT) = ''"
#define Q_1 " WHERE s.search_text LIKE $1 ESCAPE '\\'"
#define COURSE_0 " AND CAST($2 AS BIGINT) = 0"
#define COURSE_1 " AND s.course_id = $2"
#define FACULTY_0 " AND CAST($3 AS BIGINT) = 0"
#define FACULTY_1                                                              \
  " AND s.course_id IN (SELECT id FROM courses WHERE faculty_id = $3)"
#define OTHER_CONDITIONS                                                       \
  " AND (CAST($4 AS INTEGER) = 0 OR s.year_of_study = $4)"                     \
  " AND (CAST($5 AS TEXT) = '' OR s.status = $5)"                              \
  " AND (CAST($6 AS INTEGER) = 1 OR s.active = 1)"                             \
  " AND (CAST($7 AS BIGINT) = 0 OR s.course_id IN"                             \
  "   (SELECT course_id FROM staff_courses WHERE staff_id = $7))"
#define WHERE(q, c, f) Q_##q COURSE_##c FACULTY_##f OTHER_CONDITIONS
/* SHAPES(m): m(q, course, faculty) for all eight, in the order of
 * filter_shape's bits. */
#define SHAPES(m)                                                              \
  m(0, 0, 0), m(0, 0, 1), m(0, 1, 0), m(0, 1, 1), m(1, 0, 0), m(1, 0, 1),      \
      m(1, 1, 0), m(1, 1, 1)

static unsigned filter_shape(const struct student_filter *f)
{
  return (f->q[0] ? 4u : 0u) | (f->course_id ? 2u : 0u) |
         (f->faculty_id ? 1u : 0u);
}

#define FROM_STUDENTS " FROM students s"
#define FROM_JOINED                                                            \
  " FROM students s LEFT JOIN courses c ON c.id = s.course_id"                 \
  " LEFT JOIN faculties f ON f.id = c.faculty_id"

#define BRIEF_COLUMNS                                                          \
  "SELECT s.id, s.student_number, s.legal_name, s.preferred_name,"             \
  " s.university_email, COALESCE(c.code, ''), COALESCE(c.title, ''),"         \
  " COALESCE(f.code, ''), s.year_of_study, s.status, s.active"

static void bind_filter(struct db_stmt *st, const struct student_filter *f)
{
  char pattern[P_NAME * 2 + 3];

  like_pattern(f->q, pattern, sizeof(pattern));
  db_bind_text(st, 1, pattern);
  db_bind_int(st, 2, f->course_id);
  db_bind_int(st, 3, f->faculty_id);
  db_bind_int(st, 4, f->year_of_study);
  db_bind_text(st, 5, f->status);
  db_bind_int(st, 6, f->include_inactive);
  db_bind_int(st, 7, f->staff_scope_id);
}

static void read_brief(struct db_stmt *st, struct student_brief *r)
{
  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  COPY(r->number, st, 1);
  COPY(r->legal_name, st, 2);
  COPY(r->preferred_name, st, 3);
  COPY(r->university_email, st, 4);
  COPY(r->course_code, st, 5);
  COPY(r->course_title, st, 6);
  COPY(r->faculty_code, st, 7);
  r->year_of_study = (int)db_col_int(st, 8);
  COPY(r->status, st, 9);
  r->active = db_col_int(st, 10) != 0;
}

#define COUNT_SQL(q, c, f) "SELECT COUNT(*)" FROM_STUDENTS WHERE(q, c, f)
#define BY_ID_SQL(q, c, f)                                                  \
  BRIEF_COLUMNS FROM_JOINED WHERE(q, c, f)                                  \
  " AND s.id > $8 ORDER BY s.id LIMIT $9"
/* By name from an offset: the page's ids first, from the students_list
 * index alone, so the rows skipped are never read or joined. */
#define BY_NAME_SQL(q, c, f)                                                   \
  BRIEF_COLUMNS FROM_JOINED " WHERE s.id IN (SELECT s.id" FROM_STUDENTS        \
  WHERE(q, c, f) " ORDER BY s.legal_name, s.id LIMIT $8 OFFSET $9)"            \
  " ORDER BY s.legal_name, s.id"
#define IDS_SQL(q, c, f)                                                    \
  "SELECT s.id" FROM_STUDENTS WHERE(q, c, f) " ORDER BY s.id"

static const char *const count_sql[] = {SHAPES(COUNT_SQL)};
static const char *const by_id_sql[] = {SHAPES(BY_ID_SQL)};
static const char *const by_name_sql[] = {SHAPES(BY_NAME_SQL)};
static const char *const ids_sql[] = {SHAPES(IDS_SQL)};

/* The page first: a page that is not full, and is not past the end, gives
 * the total without counting, which spares a rare search or a selective
 * filter its second pass over the index. */
int store_student_search(struct db *db, const struct student_filter *f,
                         int64_t after_id, int offset, int limit,
                         struct student_brief *rows, int *n, int64_t *total)
{
  unsigned shape = filter_shape(f);
  struct db_stmt *st;
  int rc;

  *n = 0;
  if (after_id >= 0) {
    rc = db_prepare(db, by_id_sql[shape], &st);
    if (rc)
      return rc;
    bind_filter(st, f);
    db_bind_int(st, 8, after_id);
    db_bind_int(st, 9, limit);
  } else {
    rc = db_prepare(db, by_name_sql[shape], &st);
    if (rc)
      return rc;
    bind_filter(st, f);
    db_bind_int(st, 8, limit);
    db_bind_int(st, 9, offset);
  }
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_brief(st, &rows[(*n)++]);
  db_finish(st);
  if ((rc = done(rc)) || !total)
    return rc;
  if (after_id < 0 && *n < limit && (*n > 0 || offset == 0)) {
    *total = offset + *n;
    return 0;
  }
  rc = db_prepare(db, count_sql[shape], &st);
  if (rc)
    return rc;
  bind_filter(st, f);
  rc = db_step(st);
  *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_student_ids(struct db *db, const struct student_filter *f,
                      int64_t *ids, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, ids_sql[filter_shape(f)], &st);

  *n = 0;
  if (rc)
    return rc;
  bind_filter(st, f);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    ids[(*n)++] = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

/* -------------------------------------------------------------- interests */

int store_interest_list(struct db *db, struct interest_row *rows, int max,
                        int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, "SELECT id, name FROM interests ORDER BY name", &st);

  *n = 0;
  if (rc)
    return rc;
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    rows[*n].id = db_col_int(st, 0);
    COPY(rows[*n].name, st, 1);
    (*n)++;
  }
  db_finish(st);
  return done(rc);
}

int store_interest_add(struct db *db, const char *name, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO interests (name) VALUES ($1)"
                      " ON CONFLICT (name) DO UPDATE SET name = excluded.name"
                      " RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, name);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

/* ------------------------------------------------------------------ staff */

#define STAFF_COLUMNS                                                          \
  "SELECT s.id, s.staff_number, COALESCE(s.user_id, 0), s.name, s.email,"      \
  " s.job_title, s.kind, COALESCE(s.faculty_id, 0), COALESCE(f.code, ''),"     \
  " s.active, COALESCE(s.erased_at, 0), s.created_at, s.updated_at"           \
  " FROM staff s LEFT JOIN faculties f ON f.id = s.faculty_id"

static void read_staff(struct db_stmt *st, void *p)
{
  struct staff_row *r = p;

  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  COPY(r->number, st, 1);
  r->user_id = db_col_int(st, 2);
  COPY(r->name, st, 3);
  COPY(r->email, st, 4);
  COPY(r->job_title, st, 5);
  COPY(r->kind, st, 6);
  r->faculty_id = db_col_int(st, 7);
  COPY(r->faculty_code, st, 8);
  r->active = db_col_int(st, 9) != 0;
  r->erased_at = db_col_int(st, 10);
  r->created_at = db_col_int(st, 11);
  r->updated_at = db_col_int(st, 12);
}

static int load_staff_courses(struct db *db, struct staff_row *r)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT course_id FROM staff_courses WHERE staff_id = $1"
                      " ORDER BY course_id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, r->id);
  r->ncourses = 0;
  while ((rc = db_step(st)) == DB_ROW && r->ncourses < P_COURSES_MAX)
    r->courses[r->ncourses++] = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

static int staff_one(struct db *db, struct db_stmt *st, struct staff_row *out)
{
  int rc = one_row(st, read_staff, out);

  return rc ? rc : load_staff_courses(db, out);
}

int store_staff_get(struct db *db, int64_t id, struct staff_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STAFF_COLUMNS " WHERE s.id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return staff_one(db, st, out);
}

int store_staff_by_number(struct db *db, const char *number,
                          struct staff_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STAFF_COLUMNS " WHERE s.staff_number = $1", &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, number);
  return staff_one(db, st, out);
}

int store_staff_by_user(struct db *db, int64_t user_id, const char *email,
                        struct staff_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, STAFF_COLUMNS " WHERE s.user_id = $1", &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  rc = staff_one(db, st, out);
  if (rc != ERR_NOTFOUND || !email)
    return rc;
  rc = db_prepare(db,
                  STAFF_COLUMNS " WHERE s.email = $1 AND s.user_id IS NULL"
                                " ORDER BY s.id",
                  &st);
  if (rc)
    return rc;
  db_bind_text(st, 1, email);
  if ((rc = staff_one(db, st, out)))
    return rc;
  out->user_id = user_id;
  return done(db_run(db, "UPDATE staff SET user_id = $1 WHERE id = $2", "ii",
                     user_id, out->id));
}

static void bind_staff(struct db_stmt *st, const struct staff_row *in)
{
  db_bind_text(st, 1, in->number);
  if (in->user_id)
    db_bind_int(st, 2, in->user_id);
  else
    db_bind_null(st, 2);
  db_bind_text(st, 3, in->name);
  db_bind_text(st, 4, in->email);
  db_bind_text(st, 5, in->job_title);
  db_bind_text(st, 6, in->kind);
  if (in->faculty_id)
    db_bind_int(st, 7, in->faculty_id);
  else
    db_bind_null(st, 7);
  db_bind_int(st, 8, in->active);
}

static int replace_staff_courses(struct db *db, const struct staff_row *in,
                                 int64_t id)
{
  int rc = done(db_run(db, "DELETE FROM staff_courses WHERE staff_id = $1",
                       "i", id));

  for (int i = 0; rc == 0 && i < in->ncourses; i++)
    rc = done(db_run(db,
                     "INSERT INTO staff_courses (staff_id, course_id)"
                     " VALUES ($1, $2)",
                     "ii", id, in->courses[i]));
  return rc;
}

int store_staff_insert(struct db *db, const struct staff_row *in, int64_t now,
                       int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO staff (staff_number, user_id, name, email,"
                      " job_title, kind, faculty_id, active, created_at,"
                      " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                      " $9, $9) RETURNING id",
                      &st);

  if (rc)
    return rc;
  bind_staff(st, in);
  db_bind_int(st, 9, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  if (rc != DB_ROW)
    return rc < 0 ? rc : ERR_DB;
  return replace_staff_courses(db, in, *id);
}

int store_staff_update(struct db *db, const struct staff_row *in, int64_t now)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "UPDATE staff SET staff_number = $1, user_id = $2,"
                      " name = $3, email = $4, job_title = $5, kind = $6,"
                      " faculty_id = $7, active = $8, updated_at = $9"
                      " WHERE id = $10",
                      &st);

  if (rc)
    return rc;
  bind_staff(st, in);
  db_bind_int(st, 9, now);
  db_bind_int(st, 10, in->id);
  rc = db_step(st);
  db_finish(st);
  if (rc < 0)
    return rc;
  if (db_changes(db) == 0)
    return ERR_NOTFOUND;
  return replace_staff_courses(db, in, in->id);
}

int store_staff_list(struct db *db, const char *q, int64_t after_id, int limit,
                     struct staff_row *rows, int *n)
{
  char pattern[P_NAME * 2 + 3];
  struct db_stmt *st;
  int rc = db_prepare(db,
                      STAFF_COLUMNS
                      " WHERE (CAST($1 AS TEXT) = '' OR LOWER(s.name) LIKE $1"
                      " ESCAPE '\\') AND s.id > $2 ORDER BY s.id LIMIT $3",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  like_pattern(q ? q : "", pattern, sizeof(pattern));
  db_bind_text(st, 1, pattern);
  db_bind_int(st, 2, after_id);
  db_bind_int(st, 3, limit);
  while (*n < limit && (rc = db_step(st)) == DB_ROW)
    read_staff(st, &rows[(*n)++]);
  db_finish(st);
  if (rc < 0)
    return rc;
  for (int i = 0; i < *n; i++)
    if ((rc = load_staff_courses(db, &rows[i])))
      return rc;
  return 0;
}

int store_staff_teaches(struct db *db, int64_t staff_id, int64_t course_id,
                        bool *yes)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT 1 FROM staff_courses WHERE staff_id = $1"
                      " AND course_id = $2",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, staff_id);
  db_bind_int(st, 2, course_id);
  rc = db_step(st);
  *yes = rc == DB_ROW;
  db_finish(st);
  return done(rc);
}
