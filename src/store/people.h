/* store/people.h: SQL for the organisation (institution, terms, faculties,
 * courses) and its people (students with their completed years, languages,
 * interests and characteristics; staff and the courses they teach). Plain
 * rows in and out; the rules are in domain/people.c. Functions return 0 or
 * a negative enum err; look-ups return ERR_NOTFOUND when there is no row,
 * writes ERR_CONFLICT on a uniqueness or reference violation. */
#ifndef TANDEM_STORE_PEOPLE_H
#define TANDEM_STORE_PEOPLE_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  P_CODE = 24, P_NAME = 128, P_TITLE = 160, P_EMAIL = 255, P_SHORT = 32,
  P_DATE = 11, P_BIO = 1024, P_YEARS_MAX = 12, P_LANGS_MAX = 8,
  P_INTERESTS_MAX = 16, P_CHARS_MAX = 8, P_COURSES_MAX = 32,
};

/* ------------------------------------------------------------ organisation */

struct institution_row {
  char name[P_TITLE];
  char year_starts_on[P_DATE], year_ends_on[P_DATE];
};
int store_institution_get(struct db *db, struct institution_row *out);
int store_institution_set(struct db *db, const struct institution_row *in);

struct term_row {
  int64_t id;
  char name[P_NAME];
  char starts_on[P_DATE], ends_on[P_DATE];
};
int store_term_list(struct db *db, struct term_row *rows, int max, int *n);
int store_term_upsert(struct db *db, const struct term_row *in);

struct faculty_row {
  int64_t id;
  char code[P_CODE];
  char name[P_NAME];
};
/* store_faculty_upsert: insert or update by code; *id its id; *change is
 * 'c'reated, 'u'pdated or 'n'ot changed (may be NULL). */
int store_faculty_upsert(struct db *db, const char *code, const char *name,
                         int64_t *id, char *change);
int store_faculty_get(struct db *db, int64_t id, struct faculty_row *out);
int store_faculty_by_code(struct db *db, const char *code,
                          struct faculty_row *out);
/* store_faculty_list: ordered by name, after_id > 0 for the next page
 * ordered by id instead (cursor paging). */
int store_faculty_list(struct db *db, int64_t after_id, int limit,
                       struct faculty_row *rows, int *n);

struct course_row {
  int64_t id;
  char code[P_CODE];
  char title[P_TITLE];
  int64_t faculty_id;
  char faculty_code[P_CODE];
  char faculty_name[P_NAME];
  char level[P_SHORT];
  int years;
  char campus[P_NAME];
  bool active;
};
/* store_course_upsert: by code (faculty_id must exist); *change as for
 * faculties. */
int store_course_upsert(struct db *db, const struct course_row *in,
                        int64_t *id, char *change);
int store_course_get(struct db *db, int64_t id, struct course_row *out);
int store_course_by_code(struct db *db, const char *code,
                         struct course_row *out);
/* store_course_list: faculty_id 0 for all; ordered by id after after_id. */
int store_course_list(struct db *db, int64_t faculty_id, int64_t after_id,
                      int limit, struct course_row *rows, int *n);

/* ---------------------------------------------------------------- students */

struct year_row {
  char academic_year[8]; /* '2024/25' */
  int year_of_study;
  char outcome[P_SHORT];
};

struct language_row {
  char code[4];
  bool first;
};

struct characteristic_row {
  char kind[P_SHORT];
  char visible_to[P_SHORT];
  int64_t consented_at;
};

struct student_row {
  int64_t id;
  char number[P_CODE];
  int64_t user_id; /* 0: no account linked */
  char legal_name[P_NAME], preferred_name[P_NAME], pronouns[P_SHORT];
  char university_email[P_EMAIL], personal_email[P_EMAIL];
  int64_t course_id; /* 0: none */
  char course_code[P_CODE], course_title[P_TITLE];
  int64_t faculty_id;
  char faculty_code[P_CODE], faculty_name[P_NAME];
  int year_of_study;
  char study_mode[P_SHORT], status[P_SHORT];
  char graduated_on[P_DATE];
  char home_country[4], fee_status[P_SHORT], campus[P_NAME];
  char bio[P_BIO];
  unsigned availability;
  char contact_preference[P_SHORT];
  bool active;
  int64_t erased_at, created_at, updated_at;
  int nyears, nlanguages, ninterests, ncharacteristics;
  struct year_row years[P_YEARS_MAX];
  struct language_row languages[P_LANGS_MAX];
  int64_t interests[P_INTERESTS_MAX];
  struct characteristic_row characteristics[P_CHARS_MAX];
};

/* store_student_get: the student with every sub-record. */
int store_student_get(struct db *db, int64_t id, struct student_row *out);
int store_student_by_number(struct db *db, const char *number,
                            struct student_row *out);
/* store_student_by_user: the student linked to an account, or else the one
 * whose university email is the account's (then linked). */
int store_student_by_user(struct db *db, int64_t user_id, const char *email,
                          struct student_row *out);
/* store_student_insert: a new student from in (id ignored), sub-records
 * included; *id the new id. */
int store_student_insert(struct db *db, const struct student_row *in,
                         int64_t now, int64_t *id);
/* store_student_update: replace the student's record and sub-records with
 * in (by in->id). */
int store_student_update(struct db *db, const struct student_row *in,
                         int64_t now);
/* store_student_set_active: deactivate or reactivate. */
int store_student_set_active(struct db *db, int64_t id, bool active,
                             int64_t now);
/* store_student_erase: remove personal data, keep the row (for counts). */
int store_student_erase(struct db *db, int64_t id, int64_t now);

/* What a search may filter on; zero/empty fields do not filter. */
struct student_filter {
  char q[P_NAME];  /* part of a name or student number */
  int64_t course_id, faculty_id;
  int year_of_study; /* 0: any */
  char status[P_SHORT];
  bool include_inactive;
  /* Scope: only the courses taught by this staff member (a champion). */
  int64_t staff_scope_id;
};

/* A line of a result list: what the people pages and the API show. */
struct student_brief {
  int64_t id;
  char number[P_CODE];
  char legal_name[P_NAME], preferred_name[P_NAME];
  char university_email[P_EMAIL];
  char course_code[P_CODE], course_title[P_TITLE];
  char faculty_code[P_CODE];
  int year_of_study;
  char status[P_SHORT];
  bool active;
};

/* store_student_search: up to limit matches ordered by id after after_id
 * (cursor paging: pass the last id seen), or by name from offset when
 * after_id < 0. *total (may be NULL) counts every match. */
int store_student_search(struct db *db, const struct student_filter *f,
                         int64_t after_id, int offset, int limit,
                         struct student_brief *rows, int *n, int64_t *total);
/* store_student_ids: every id matching f (for bulk actions), up to max. */
int store_student_ids(struct db *db, const struct student_filter *f,
                      int64_t *ids, int max, int *n);

/* ---------------------------------------------------------------- interests */

struct interest_row {
  int64_t id;
  char name[P_NAME];
};
int store_interest_list(struct db *db, struct interest_row *rows, int max,
                        int *n);
int store_interest_add(struct db *db, const char *name, int64_t *id);

/* -------------------------------------------------------------------- staff */

struct staff_row {
  int64_t id;
  char number[P_CODE];
  int64_t user_id;
  char name[P_NAME];
  char email[P_EMAIL];
  char job_title[P_TITLE];
  char kind[P_SHORT];
  int64_t faculty_id; /* 0: none */
  char faculty_code[P_CODE];
  bool active;
  int64_t erased_at, created_at, updated_at;
  int ncourses;
  int64_t courses[P_COURSES_MAX];
};
int store_staff_get(struct db *db, int64_t id, struct staff_row *out);
int store_staff_by_number(struct db *db, const char *number,
                          struct staff_row *out);
/* store_staff_by_user: as store_student_by_user, for staff. */
int store_staff_by_user(struct db *db, int64_t user_id, const char *email,
                        struct staff_row *out);
int store_staff_insert(struct db *db, const struct staff_row *in, int64_t now,
                       int64_t *id);
int store_staff_update(struct db *db, const struct staff_row *in, int64_t now);
/* store_staff_list: ordered by id after after_id; q filters on name. */
int store_staff_list(struct db *db, const char *q, int64_t after_id, int limit,
                     struct staff_row *rows, int *n);
/* store_staff_teaches: whether staff member staff_id teaches course_id. */
int store_staff_teaches(struct db *db, int64_t staff_id, int64_t course_id,
                        bool *yes);

#endif
