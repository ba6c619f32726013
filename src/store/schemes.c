/* store/schemes.c: the SQL behind store/schemes.h. */
#include "store/schemes.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static void bind_id_or_null(struct db_stmt *st, int i, int64_t id)
{
  if (id)
    db_bind_int(st, i, id);
  else
    db_bind_null(st, i);
}

/* ---------------------------------------------------------------- schemes */

#define SCHEME_COLUMNS                                                         \
  "SELECT id, name, type, academic_year, summary, description, owner_level,"   \
  " format, group_size, mode, contact, matching_mode, mentor_capacity,"        \
  " period, term_id, starts_on, ends_on, paid, rate_pence, commitment,"        \
  " sponsor_staff_id, status, applications_open, signups_open, copied_from,"   \
  " created_by, created_at, updated_at FROM schemes"

static void read_scheme(struct db_stmt *st, struct scheme_row *r)
{
  r->id = db_col_int(st, 0);
  COPY(r->name, st, 1);
  COPY(r->type, st, 2);
  COPY(r->academic_year, st, 3);
  COPY(r->summary, st, 4);
  COPY(r->description, st, 5);
  COPY(r->owner_level, st, 6);
  COPY(r->format, st, 7);
  r->group_size = (int)db_col_int(st, 8);
  COPY(r->mode, st, 9);
  COPY(r->contact, st, 10);
  COPY(r->matching_mode, st, 11);
  r->mentor_capacity = (int)db_col_int(st, 12);
  COPY(r->period, st, 13);
  r->term_id = db_col_int(st, 14);
  COPY(r->starts_on, st, 15);
  COPY(r->ends_on, st, 16);
  r->paid = db_col_int(st, 17) != 0;
  r->rate_pence = (int)db_col_int(st, 18);
  COPY(r->commitment, st, 19);
  r->sponsor_staff_id = db_col_int(st, 20);
  COPY(r->status, st, 21);
  r->applications_open = db_col_int(st, 22) != 0;
  r->signups_open = db_col_int(st, 23) != 0;
  r->copied_from = db_col_int(st, 24);
  r->created_by = db_col_int(st, 25);
  r->created_at = db_col_int(st, 26);
  r->updated_at = db_col_int(st, 27);
}

/* The ids of one column of rows of a query with a single bound id. */
static int read_ids(struct db *db, const char *sql, int64_t id, int64_t *ids,
                    int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, sql, &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  while ((rc = db_step(st)) == DB_ROW)
    if (*n < max)
      ids[(*n)++] = db_col_int(st, 0);
  db_finish(st);
  return done(rc);
}

int store_scheme_get(struct db *db, int64_t id, struct scheme_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, SCHEME_COLUMNS " WHERE id = $1", &st);

  if (rc)
    return rc;
  memset(out, 0, sizeof(*out));
  db_bind_int(st, 1, id);
  rc = db_step(st);
  if (rc == DB_ROW)
    read_scheme(st, out);
  db_finish(st);
  if (rc != DB_ROW)
    return rc == DB_DONE ? ERR_NOTFOUND : rc;
  if ((rc = read_ids(db,
                     "SELECT course_id FROM scheme_courses WHERE scheme_id = $1"
                     " ORDER BY course_id",
                     id, out->courses, S_SERVED_MAX, &out->ncourses)))
    return rc;
  return read_ids(db,
                  "SELECT faculty_id FROM scheme_faculties"
                  " WHERE scheme_id = $1 ORDER BY faculty_id",
                  id, out->faculties, S_SERVED_MAX, &out->nfaculties);
}

/* The columns a save sets, $1..$24 in this order. */
static void bind_scheme(struct db_stmt *st, const struct scheme_row *in)
{
  db_bind_text(st, 1, in->name);
  db_bind_text(st, 2, in->type);
  db_bind_text(st, 3, in->academic_year);
  db_bind_text(st, 4, in->summary);
  db_bind_text(st, 5, in->description);
  db_bind_text(st, 6, in->owner_level);
  db_bind_text(st, 7, in->format);
  db_bind_int(st, 8, in->group_size);
  db_bind_text(st, 9, in->mode);
  db_bind_text(st, 10, in->contact);
  db_bind_text(st, 11, in->matching_mode);
  db_bind_int(st, 12, in->mentor_capacity);
  db_bind_text(st, 13, in->period);
  bind_id_or_null(st, 14, in->term_id);
  db_bind_text(st, 15, in->starts_on);
  db_bind_text(st, 16, in->ends_on);
  db_bind_int(st, 17, in->paid);
  db_bind_int(st, 18, in->rate_pence);
  db_bind_text(st, 19, in->commitment);
  bind_id_or_null(st, 20, in->sponsor_staff_id);
  db_bind_text(st, 21, in->status);
  db_bind_int(st, 22, in->applications_open);
  db_bind_int(st, 23, in->signups_open);
}

static int replace_served(struct db *db, const struct scheme_row *in,
                          int64_t id)
{
  int rc = done(
      db_run(db, "DELETE FROM scheme_courses WHERE scheme_id = $1", "i", id));

  if (rc == 0)
    rc = done(db_run(db, "DELETE FROM scheme_faculties WHERE scheme_id = $1",
                     "i", id));
  for (int i = 0; rc == 0 && i < in->ncourses; i++)
    rc = done(db_run(db,
                     "INSERT INTO scheme_courses (scheme_id, course_id)"
                     " VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     "ii", id, in->courses[i]));
  for (int i = 0; rc == 0 && i < in->nfaculties; i++)
    rc = done(db_run(db,
                     "INSERT INTO scheme_faculties (scheme_id, faculty_id)"
                     " VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     "ii", id, in->faculties[i]));
  return rc;
}

int store_scheme_insert(struct db *db, const struct scheme_row *in, int64_t now,
                        int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "INSERT INTO schemes (name, type, academic_year, summary, description,"
      " owner_level, format, group_size, mode, contact, matching_mode,"
      " mentor_capacity, period, term_id, starts_on, ends_on, paid, rate_pence,"
      " commitment, sponsor_staff_id, status, applications_open, signups_open,"
      " copied_from, created_by, created_at, updated_at) VALUES ($1, $2, $3,"
      " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
      " $19, $20, $21, $22, $23, $24, $25, $26, $26) RETURNING id",
      &st);

  if (rc)
    return rc;
  bind_scheme(st, in);
  bind_id_or_null(st, 24, in->copied_from);
  bind_id_or_null(st, 25, in->created_by);
  db_bind_int(st, 26, now);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  if (rc != DB_ROW)
    return rc < 0 ? rc : ERR_DB;
  return replace_served(db, in, *id);
}

int store_scheme_by_name(struct db *db, const char *name,
                         const char *academic_year, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT id FROM schemes WHERE name = $1"
                      " AND academic_year = $2 ORDER BY id LIMIT 1",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, name);
  db_bind_text(st, 2, academic_year);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_scheme_update(struct db *db, const struct scheme_row *in, int64_t now)
{
  struct db_stmt *st;
  int rc = db_prepare(
      db,
      "UPDATE schemes SET name = $1, type = $2, academic_year = $3,"
      " summary = $4, description = $5, owner_level = $6, format = $7,"
      " group_size = $8, mode = $9, contact = $10, matching_mode = $11,"
      " mentor_capacity = $12, period = $13, term_id = $14, starts_on = $15,"
      " ends_on = $16, paid = $17, rate_pence = $18, commitment = $19,"
      " sponsor_staff_id = $20, status = $21, applications_open = $22,"
      " signups_open = $23, updated_at = $24 WHERE id = $25",
      &st);

  if (rc)
    return rc;
  bind_scheme(st, in);
  db_bind_int(st, 24, now);
  db_bind_int(st, 25, in->id);
  rc = db_step(st);
  db_finish(st);
  if (rc < 0)
    return rc;
  if (db_changes(db) == 0)
    return ERR_NOTFOUND;
  return replace_served(db, in, in->id);
}

/* The LIKE pattern: q lowercased, its wildcards escaped. */
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

/* A scheme serving nobody in particular serves everyone, so the faculty
 * and course filters keep it; otherwise it must name the faculty, a course
 * of the faculty, the course, or the course's faculty. */
#define SERVES_EVERYONE                                                        \
  " (NOT EXISTS (SELECT 1 FROM scheme_courses x WHERE x.scheme_id = s.id)"     \
  " AND NOT EXISTS (SELECT 1 FROM scheme_faculties y"                          \
  " WHERE y.scheme_id = s.id))"
#define SCHEME_WHERE                                                           \
  " FROM schemes s WHERE (CAST($1 AS TEXT) = '' OR s.type = $1)"               \
  " AND (CAST($2 AS TEXT) = '' OR s.academic_year = $2)"                       \
  " AND (CAST($3 AS TEXT) = '' OR s.status = $3)"                              \
  " AND (CAST($4 AS TEXT) = '' OR LOWER(s.name) LIKE $4 ESCAPE '\\'"           \
  " OR LOWER(s.summary) LIKE $4 ESCAPE '\\')"                                  \
  " AND (CAST($5 AS BIGINT) = 0 OR" SERVES_EVERYONE                            \
  " OR EXISTS (SELECT 1 FROM scheme_faculties sf WHERE sf.scheme_id = s.id"    \
  " AND sf.faculty_id = $5)"                                                   \
  " OR EXISTS (SELECT 1 FROM scheme_courses sc JOIN courses c"                 \
  " ON c.id = sc.course_id WHERE sc.scheme_id = s.id AND c.faculty_id = $5))"  \
  " AND (CAST($6 AS BIGINT) = 0 OR" SERVES_EVERYONE                            \
  " OR EXISTS (SELECT 1 FROM scheme_courses sc2 WHERE sc2.scheme_id = s.id"    \
  " AND sc2.course_id = $6)"                                                   \
  " OR EXISTS (SELECT 1 FROM scheme_faculties sf2 JOIN courses c2"             \
  " ON c2.faculty_id = sf2.faculty_id WHERE sf2.scheme_id = s.id"              \
  " AND c2.id = $6))"                                                          \
  " AND (s.status = 'published' OR CAST($7 AS INTEGER) = 1"                    \
  " OR EXISTS (SELECT 1 FROM scheme_staff st WHERE st.scheme_id = s.id"        \
  " AND st.user_id = CAST($8 AS BIGINT)))"

#define BRIEF_COLUMNS                                                          \
  "SELECT s.id, s.name, s.type, s.academic_year, s.summary, s.status,"         \
  " s.format, s.mode, s.starts_on, s.ends_on, s.applications_open,"            \
  " s.signups_open, s.paid"

static void bind_filter(struct db_stmt *st, const struct scheme_filter *f)
{
  char pattern[S_NAME * 2 + 3];

  like_pattern(f->q, pattern, sizeof(pattern));
  db_bind_text(st, 1, f->type);
  db_bind_text(st, 2, f->academic_year);
  db_bind_text(st, 3, f->status);
  db_bind_text(st, 4, pattern);
  db_bind_int(st, 5, f->faculty_id);
  db_bind_int(st, 6, f->course_id);
  db_bind_int(st, 7, f->all_statuses ? 1 : 0);
  db_bind_int(st, 8, f->viewer_id);
}

int store_scheme_list(struct db *db, const struct scheme_filter *f, int offset,
                      int limit, struct scheme_brief *rows, int *n,
                      int64_t *total)
{
  struct db_stmt *st;
  int rc;

  *n = 0;
  if (total) {
    if ((rc = db_prepare(db, "SELECT COUNT(*)" SCHEME_WHERE, &st)))
      return rc;
    bind_filter(st, f);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finish(st);
    if (rc < 0)
      return rc;
  }
  if ((rc = db_prepare(db,
                       f->by_id ? BRIEF_COLUMNS SCHEME_WHERE
                           " AND s.id > $10 ORDER BY s.id LIMIT $9"
                                : BRIEF_COLUMNS SCHEME_WHERE
                           " ORDER BY s.name, s.id LIMIT $9 OFFSET $10",
                       &st)))
    return rc;
  bind_filter(st, f);
  db_bind_int(st, 9, limit);
  db_bind_int(st, 10, f->by_id ? f->after_id : offset);
  while (*n < limit && (rc = db_step(st)) == DB_ROW) {
    struct scheme_brief *r = &rows[(*n)++];

    memset(r, 0, sizeof(*r));
    r->id = db_col_int(st, 0);
    COPY(r->name, st, 1);
    COPY(r->type, st, 2);
    COPY(r->academic_year, st, 3);
    COPY(r->summary, st, 4);
    COPY(r->status, st, 5);
    COPY(r->format, st, 6);
    COPY(r->mode, st, 7);
    COPY(r->starts_on, st, 8);
    COPY(r->ends_on, st, 9);
    r->applications_open = db_col_int(st, 10) != 0;
    r->signups_open = db_col_int(st, 11) != 0;
    r->paid = db_col_int(st, 12) != 0;
  }
  db_finish(st);
  return done(rc);
}

int store_scheme_add_rule(struct db *db, int64_t scheme_id, const char *side,
                          const char *kind, const char *value)
{
  return done(db_run(db,
                     "INSERT INTO scheme_rules (scheme_id, side, kind, value)"
                     " VALUES ($1, $2, $3, $4) ON CONFLICT (scheme_id, side,"
                     " kind) DO UPDATE SET value = excluded.value",
                     "isss", scheme_id, side, kind, value));
}

/* ------------------------------------------------------------------ staff */

int store_scheme_staff_list(struct db *db, int64_t scheme_id,
                            struct scheme_staff_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT ss.user_id, ss.role, u.name, u.email"
                      " FROM scheme_staff ss JOIN users u ON u.id = ss.user_id"
                      " WHERE ss.scheme_id = $1 ORDER BY CASE ss.role"
                      " WHEN 'coordinator' THEN 0 WHEN 'champion' THEN 1"
                      " ELSE 2 END, u.name, u.id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct scheme_staff_row *r = &rows[(*n)++];

    r->user_id = db_col_int(st, 0);
    COPY(r->role, st, 1);
    COPY(r->name, st, 2);
    COPY(r->email, st, 3);
  }
  db_finish(st);
  return done(rc);
}

int store_scheme_staff_has(struct db *db, int64_t scheme_id, int64_t user_id,
                           bool *yes)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT 1 FROM scheme_staff WHERE scheme_id = $1"
                      " AND user_id = $2",
                      &st);

  *yes = false;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, user_id);
  rc = db_step(st);
  *yes = rc == DB_ROW;
  db_finish(st);
  return done(rc);
}

int store_scheme_staff_add(struct db *db, int64_t scheme_id, int64_t user_id,
                           const char *role)
{
  return done(db_run(db,
                     "INSERT INTO scheme_staff (scheme_id, user_id, role)"
                     " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                     "iis", scheme_id, user_id, role));
}

int store_scheme_staff_remove(struct db *db, int64_t scheme_id, int64_t user_id,
                              const char *role)
{
  int rc = done(db_run(db,
                       "DELETE FROM scheme_staff WHERE scheme_id = $1"
                       " AND user_id = $2 AND role = $3",
                       "iis", scheme_id, user_id, role));

  if (rc)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}

/* ----------------------------------------------------------------- topics */

int store_scheme_topics(struct db *db, int64_t scheme_id,
                        struct scheme_topic_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT topic, kind FROM scheme_topics"
                      " WHERE scheme_id = $1 ORDER BY kind, topic",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    COPY(rows[*n].topic, st, 0);
    COPY(rows[*n].kind, st, 1);
    (*n)++;
  }
  db_finish(st);
  return done(rc);
}

int store_scheme_topics_set(struct db *db, int64_t scheme_id,
                            const struct scheme_topic_row *rows, int n)
{
  int rc = done(db_run(db, "DELETE FROM scheme_topics WHERE scheme_id = $1",
                       "i", scheme_id));

  for (int i = 0; rc == 0 && i < n; i++)
    rc = done(db_run(db,
                     "INSERT INTO scheme_topics (scheme_id, topic, kind)"
                     " VALUES ($1, $2, $3) ON CONFLICT (scheme_id, topic)"
                     " DO UPDATE SET kind = excluded.kind",
                     "iss", scheme_id, rows[i].topic, rows[i].kind));
  return rc;
}

/* -------------------------------------------------------------- materials */

#define MATERIAL_COLUMNS                                                       \
  "SELECT id, scheme_id, title, filename, content_type, size_bytes, sha256,"   \
  " uploaded_by, uploaded_at"

static void read_material(struct db_stmt *st, struct scheme_material_row *r)
{
  r->id = db_col_int(st, 0);
  r->scheme_id = db_col_int(st, 1);
  COPY(r->title, st, 2);
  COPY(r->filename, st, 3);
  COPY(r->content_type, st, 4);
  r->size_bytes = db_col_int(st, 5);
  COPY(r->sha256, st, 6);
  r->uploaded_by = db_col_int(st, 7);
  r->uploaded_at = db_col_int(st, 8);
}

int store_material_list(struct db *db, int64_t scheme_id,
                        struct scheme_material_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MATERIAL_COLUMNS " FROM scheme_materials"
                                       " WHERE scheme_id = $1 ORDER BY id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_material(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}

int store_material_insert(struct db *db, const struct scheme_material_row *in,
                          const char *data_base64, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO scheme_materials (scheme_id, title,"
                      " filename, content_type, size_bytes, sha256,"
                      " data_base64, uploaded_by, uploaded_at) VALUES ($1, $2,"
                      " $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, in->scheme_id);
  db_bind_text(st, 2, in->title);
  db_bind_text(st, 3, in->filename);
  db_bind_text(st, 4, in->content_type);
  db_bind_int(st, 5, in->size_bytes);
  db_bind_text(st, 6, in->sha256);
  db_bind_text(st, 7, data_base64);
  bind_id_or_null(st, 8, in->uploaded_by);
  db_bind_int(st, 9, in->uploaded_at);
  rc = db_step(st);
  if (rc == DB_ROW)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

int store_material_get(struct db *db, int64_t scheme_id, int64_t id,
                       struct scheme_material_row *out, char **data)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      MATERIAL_COLUMNS ", data_base64 FROM scheme_materials"
                                       " WHERE scheme_id = $1 AND id = $2",
                      &st);

  if (data)
    *data = NULL;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_int(st, 2, id);
  rc = db_step(st);
  if (rc == DB_ROW) {
    read_material(st, out);
    if (data) {
      const char *b = text_or_empty(st, 9);
      size_t len = strlen(b);

      *data = xmalloc(len + 1);
      memcpy(*data, b, len + 1);
    }
  }
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_material_delete(struct db *db, int64_t scheme_id, int64_t id)
{
  int rc = done(db_run(db,
                       "DELETE FROM scheme_materials WHERE scheme_id = $1"
                       " AND id = $2",
                       "ii", scheme_id, id));

  if (rc)
    return rc;
  return db_changes(db) ? 0 : ERR_NOTFOUND;
}
