/* domain/people.h: the rules of the organisation and its people. Every
 * record is validated here before the store sees it, whoever sends it (a
 * page, an import, the API). Validators normalise in place (trim, lowercase
 * emails, uppercase country codes) and on a problem return ERR_INPUT with
 * why naming the field and a sentence a person can act on. Save functions
 * upsert by the record system's number or code and report what happened:
 * 'c'reated, 'u'pdated or 'n'ot changed. */
#ifndef TANDEM_DOMAIN_PEOPLE_H
#define TANDEM_DOMAIN_PEOPLE_H

#include "base/err.h"
#include "domain/accounts.h"
#include "store/people.h"

#include <stdbool.h>

/* The words the record system uses, as stored. */
bool level_valid(const char *s);         /* foundation undergraduate ... */
bool status_valid(const char *s);        /* incoming enrolled interrupted withdrawn graduated */
bool study_mode_valid(const char *s);    /* full_time part_time */
bool fee_status_valid(const char *s);    /* home international */
bool outcome_valid(const char *s);       /* progressed repeated failed */
bool characteristic_valid(const char *s);
bool visibility_valid(const char *s);    /* coordinators coordinators_and_mentor */
bool contact_preference_valid(const char *s);
/* country_valid: an ISO 3166-1 alpha-2 code (upper case). */
bool country_valid(const char *code);
/* language_valid: an ISO 639-1 code ("en") or a 639-3 one ("yue"). */
bool language_valid(const char *code);
/* date_valid: a real calendar date written YYYY-MM-DD. */
bool date_valid(const char *s);
/* academic_year_valid: "2024/25": a year and the next one's last digits. */
bool academic_year_valid(const char *s);

/* Labels for people to read ("Postgraduate taught", "Offer holder"). */
const char *level_label(const char *level);
const char *status_label(const char *status);
const char *characteristic_label(const char *kind);

/* Availability: bit (day * 3 + part), day 0 Monday .. 6 Sunday, part 0
 * morning, 1 afternoon, 2 evening. */
enum { AVAILABILITY_BITS = 21 };

int faculty_validate(struct faculty_row *f, struct err_detail *why);
int faculty_save(struct db *db, struct faculty_row *f, char *change,
                 struct err_detail *why);

/* course_validate: resolves f->faculty_code to faculty_id when faculty_id
 * is 0 (ERR_INPUT if there is no such faculty). */
int course_validate(struct db *db, struct course_row *c,
                    struct err_detail *why);
int course_save(struct db *db, struct course_row *c, char *change,
                struct err_detail *why);

/* student_validate: resolves s->course_code to course_id when course_id is
 * 0 and the code is given. */
int student_validate(struct db *db, struct student_row *s,
                     struct err_detail *why);
/* student_save: validate, then insert, or update the student with the same
 * number (s->id is set). Callers that change only some fields load the
 * student first and change those. actor_id and ip are for the audit log
 * (changes by hand are audited; imports audit once, themselves). */
int student_save(struct db *db, struct student_row *s, char *change,
                 struct err_detail *why);
/* student_successful_years: completed years with outcome "progressed". */
int student_successful_years(const struct student_row *s);
/* student_display_name: the preferred name, else the legal one. */
const char *student_display_name(const struct student_row *s);

int staff_validate(struct db *db, struct staff_row *s, struct err_detail *why);
int staff_save(struct db *db, struct staff_row *s, char *change,
               struct err_detail *why);

/* Who may see which students.
 * people_scope: the filter scope for u: 0 for coordinators and
 * administrators (everyone), the staff id of a champion (their courses'
 * students; -1 when the champion has no staff record, so nobody). */
int people_scope(struct db *db, const struct user *u, int64_t *staff_scope);
/* people_may_see: 0 if u may see student s (coordinator, administrator, a
 * champion teaching s's course, or s themselves), else ERR_PERM. */
int people_may_see(struct db *db, const struct user *u,
                   const struct student_row *s);

/* ------------------------------------------------ operations for the pages */

/* people_search: a page of students matching f (whose scope people_scope
 * set), as store_student_search. */
int people_search(struct db *db, const struct student_filter *f,
                  int64_t after_id, int offset, int limit,
                  struct student_brief *rows, int *n, int64_t *total);
/* people_get: student id, if u may see them (ERR_PERM otherwise). */
int people_get(struct db *db, const struct user *u, int64_t id,
               struct student_row *out);
/* people_edit_record: a coordinator's change to the record fields of a
 * student (names, emails, course, year, mode, status, graduation, country,
 * fee status, campus), keeping the profile. Audited. */
int people_edit_record(struct db *db, int64_t actor_id, const char *ip,
                       struct student_row *s, struct err_detail *why);
/* people_set_active: deactivate or reactivate one student. Audited. */
int people_set_active(struct db *db, int64_t actor_id, const char *ip,
                      int64_t id, bool active);
/* people_bulk_set_active: the same for every student matching f, in one
 * transaction; *count how many matched. Audited once. */
int people_bulk_set_active(struct db *db, int64_t actor_id, const char *ip,
                           const struct student_filter *f, bool active,
                           int *count);
/* people_erase: remove a student's personal data, keeping the row for
 * aggregates (course, year, status, completed years). Audited. */
int people_erase(struct db *db, int64_t actor_id, const char *ip, int64_t id);

/* The student record of a signed-in student (linked by account or by
 * university email); ERR_NOTFOUND when none has been imported. */
int profile_get(struct db *db, const struct user *u, struct student_row *out);
/* profile_save: the student's own changes, given as a row whose profile
 * fields (preferred name, pronouns, personal email, languages, interests,
 * availability, bio, contact preference, characteristics) replace the
 * stored ones; the record fields are kept. */
int profile_save(struct db *db, const struct user *u,
                 const struct student_row *changes, struct err_detail *why);

int interests_list(struct db *db, struct interest_row *rows, int max, int *n);
int courses_list(struct db *db, int64_t faculty_id, int64_t after_id,
                 int limit, struct course_row *rows, int *n);
int faculties_list(struct db *db, struct faculty_row *rows, int max, int *n);
int course_by_code(struct db *db, const char *code, struct course_row *out);
int faculty_by_code(struct db *db, const char *code, struct faculty_row *out);
/* staff_of_user: the staff record of an account, if any. */
int staff_of_user(struct db *db, const struct user *u, struct staff_row *out);

#endif
