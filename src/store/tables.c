/* store/tables.c: the table list of store/tables.h. */
#include "store/tables.h"

#include "base/err.h"
#include "base/str.h"

#define SEQ(t)                                                                 \
  "SELECT setval(pg_get_serial_sequence('" t "', 'id'),"                       \
  " COALESCE((SELECT MAX(id) FROM " t "), 0) + 1, false)"

const struct store_table store_tables[] = {
    {"users", 8,
     "SELECT id, email, name, password_hash, roles, active, created_at,"
     " updated_at FROM users ORDER BY id",
     "INSERT INTO users (id, email, name, password_hash, roles, active,"
     " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM users", SEQ("users")},
    {"institution", 4,
     "SELECT id, name, year_starts_on, year_ends_on FROM institution"
     " ORDER BY id",
     "INSERT INTO institution (id, name, year_starts_on, year_ends_on)"
     " VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM institution", NULL},
    {"terms", 4,
     "SELECT id, name, starts_on, ends_on FROM terms ORDER BY id",
     "INSERT INTO terms (id, name, starts_on, ends_on) VALUES ($1, $2,"
     " $3, $4)",
     "SELECT COUNT(*) FROM terms", SEQ("terms")},
    {"faculties", 3,
     "SELECT id, code, name FROM faculties ORDER BY id",
     "INSERT INTO faculties (id, code, name) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM faculties", SEQ("faculties")},
    {"courses", 8,
     "SELECT id, code, title, faculty_id, level, years, campus, active"
     " FROM courses ORDER BY id",
     "INSERT INTO courses (id, code, title, faculty_id, level, years,"
     " campus, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM courses", SEQ("courses")},
    {"students", 24,
     "SELECT id, student_number, user_id, legal_name, preferred_name,"
     " pronouns, university_email, personal_email, course_id,"
     " year_of_study, study_mode, status, graduated_on, home_country,"
     " fee_status, campus, bio, availability, contact_preference,"
     " active, erased_at, search_text, created_at, updated_at FROM"
     " students ORDER BY id",
     "INSERT INTO students (id, student_number, user_id, legal_name,"
     " preferred_name, pronouns, university_email, personal_email,"
     " course_id, year_of_study, study_mode, status, graduated_on,"
     " home_country, fee_status, campus, bio, availability,"
     " contact_preference, active, erased_at, search_text, created_at,"
     " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
     " $23, $24)",
     "SELECT COUNT(*) FROM students", SEQ("students")},
    {"student_years", 4,
     "SELECT student_id, academic_year, year_of_study, outcome FROM"
     " student_years ORDER BY student_id, academic_year",
     "INSERT INTO student_years (student_id, academic_year,"
     " year_of_study, outcome) VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM student_years", NULL},
    {"student_languages", 3,
     "SELECT student_id, language, first_language FROM"
     " student_languages ORDER BY student_id, language",
     "INSERT INTO student_languages (student_id, language,"
     " first_language) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM student_languages", NULL},
    {"interests", 2,
     "SELECT id, name FROM interests ORDER BY id",
     "INSERT INTO interests (id, name) VALUES ($1, $2)",
     "SELECT COUNT(*) FROM interests", SEQ("interests")},
    {"student_interests", 2,
     "SELECT student_id, interest_id FROM student_interests ORDER BY"
     " student_id, interest_id",
     "INSERT INTO student_interests (student_id, interest_id) VALUES"
     " ($1, $2)",
     "SELECT COUNT(*) FROM student_interests", NULL},
    {"student_characteristics", 4,
     "SELECT student_id, kind, visible_to, consented_at FROM"
     " student_characteristics ORDER BY student_id, kind",
     "INSERT INTO student_characteristics (student_id, kind,"
     " visible_to, consented_at) VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM student_characteristics", NULL},
    {"staff", 12,
     "SELECT id, staff_number, user_id, name, email, job_title, kind,"
     " faculty_id, active, erased_at, created_at, updated_at FROM"
     " staff ORDER BY id",
     "INSERT INTO staff (id, staff_number, user_id, name, email,"
     " job_title, kind, faculty_id, active, erased_at, created_at,"
     " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12)",
     "SELECT COUNT(*) FROM staff", SEQ("staff")},
    {"staff_courses", 2,
     "SELECT staff_id, course_id FROM staff_courses ORDER BY staff_id,"
     " course_id",
     "INSERT INTO staff_courses (staff_id, course_id) VALUES ($1, $2)",
     "SELECT COUNT(*) FROM staff_courses", NULL},
    {"api_keys", 9,
     "SELECT id, name, prefix, key_hash, scope, created_by,"
     " created_at, last_used_at, revoked_at FROM api_keys ORDER BY id",
     "INSERT INTO api_keys (id, name, prefix, key_hash, scope,"
     " created_by, created_at, last_used_at, revoked_at) VALUES ($1,"
     " $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT COUNT(*) FROM api_keys", SEQ("api_keys")},
    {"sessions", 8,
     "SELECT token_hash, user_id, csrf, created_at, last_seen_at, expires_at,"
     " ip, user_agent FROM sessions ORDER BY token_hash",
     "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
     " last_seen_at, expires_at, ip, user_agent)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM sessions", NULL},
    {"login_failures", 3,
     "SELECT id, key, at FROM login_failures ORDER BY id",
     "INSERT INTO login_failures (id, key, at) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM login_failures", SEQ("login_failures")},
    {"password_resets", 5,
     "SELECT token_hash, user_id, created_at, expires_at, used_at"
     " FROM password_resets ORDER BY token_hash",
     "INSERT INTO password_resets (token_hash, user_id, created_at,"
     " expires_at, used_at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM password_resets", NULL},
    {"outbox", 9,
     "SELECT id, to_addr, subject, body, created_at, claimed_until, sent_at,"
     " attempts, last_error FROM outbox ORDER BY id",
     "INSERT INTO outbox (id, to_addr, subject, body, created_at,"
     " claimed_until, sent_at, attempts, last_error)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT COUNT(*) FROM outbox", SEQ("outbox")},
    {"audit_log", 7,
     "SELECT id, at, actor_id, action, subject, detail, ip FROM audit_log"
     " ORDER BY id",
     "INSERT INTO audit_log (id, at, actor_id, action, subject, detail, ip)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM audit_log", SEQ("audit_log")},
    {NULL, 0, NULL, NULL, NULL, NULL},
};

static const char list_sqlite[] =
    "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name";
static const char list_pg[] =
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    " ORDER BY table_name";

int store_table_unlisted(struct db *db, char *name, size_t size)
{
  struct db_stmt *st;
  int rc = db_prepare(db, db_engine(db) == DB_POSTGRES ? list_pg : list_sqlite,
                      &st);

  name[0] = '\0';
  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *t = db_col_text(st, 0);
    bool listed = str_eq(t, "schema_migrations");

    for (const struct store_table *k = store_tables; k->name && !listed; k++)
      listed = str_eq(k->name, t);
    if (!listed) {
      str_copy(name, size, t);
      break;
    }
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_rows(struct db *db, const struct store_table *t,
                     int (*fn)(void *ctx, const char *const *values),
                     void *ctx)
{
  const char *values[STORE_TABLE_COLS_MAX];
  struct db_stmt *st;
  int rc = db_prepare(db, t->select_sql, &st);

  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    for (int i = 0; i < t->ncols; i++)
      values[i] = db_col_null(st, i) ? NULL : db_col_text(st, i);
    if ((rc = fn(ctx, values)))
      break;
  }
  db_finish(st);
  return rc == DB_DONE ? 0 : rc; /* fn's error, or the database's */
}

int store_table_insert(struct db *db, const struct store_table *t,
                       const char *const *values)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->insert_sql, &st);

  if (rc)
    return rc;
  for (int i = 0; i < t->ncols; i++)
    db_bind_text(st, i + 1, values[i]);
  rc = db_step(st);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_count(struct db *db, const struct store_table *t, int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->count_sql, &st);

  if (rc)
    return rc;
  rc = db_step(st);
  *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_after_copy(struct db *db, const struct store_table *t)
{
  if (db_engine(db) != DB_POSTGRES || !t->pg_sequence_sql)
    return 0;
  return db_exec_script(db, t->pg_sequence_sql);
}
