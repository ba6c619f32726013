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

#endif
