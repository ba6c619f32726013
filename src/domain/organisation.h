/* domain/organisation.h: the organisation as coordinators keep it by hand:
 * the institution and its academic year, terms, faculties, courses, the
 * managed list of interests, and reading the staff. Thin wrappers over
 * store/people.h and domain/people.h that validate, and audit every change
 * as "organisation.edit". Functions return 0 or a negative enum err; on a
 * person's mistake ERR_INPUT with why naming the field and a sentence. */
#ifndef TANDEM_DOMAIN_ORGANISATION_H
#define TANDEM_DOMAIN_ORGANISATION_H

#include "base/err.h"
#include "store/people.h"

/* institution_get: the institution's name and academic year; ERR_NOTFOUND
 * before one has been set. */
int institution_get(struct db *db, struct institution_row *out);
/* institution_save: validate in (trimmed in place: a name of 1..150
 * characters on one line, real YYYY-MM-DD dates, the year starting before
 * it ends) and store it. Audited for actor_id from ip (ip may be NULL). */
int institution_save(struct db *db, int64_t actor_id, const char *ip,
                     struct institution_row *in, struct err_detail *why);

/* terms_list: up to max terms in date order. */
int terms_list(struct db *db, struct term_row *rows, int max, int *n);
/* term_save: validate t (name 1..100 characters, one line; real dates,
 * starting no later than it ends; fields "name", "starts_on", "ends_on")
 * and add it, or update the term of the same name. Audited. */
int term_save(struct db *db, int64_t actor_id, const char *ip,
              struct term_row *t, struct err_detail *why);

/* faculty_get, course_get: one record by id; ERR_NOTFOUND when none. */
int faculty_get(struct db *db, int64_t id, struct faculty_row *out);
int course_get(struct db *db, int64_t id, struct course_row *out);
/* faculty_edit, course_edit: faculty_save and course_save (upsert by code,
 * *change 'c', 'u' or 'n'; change may be NULL) by hand, audited when
 * something changed. */
int faculty_edit(struct db *db, int64_t actor_id, const char *ip,
                 struct faculty_row *f, char *change, struct err_detail *why);
int course_edit(struct db *db, int64_t actor_id, const char *ip,
                struct course_row *c, char *change, struct err_detail *why);
/* faculty_course_count: how many courses, active or not, faculty_id has. */
int faculty_course_count(struct db *db, int64_t faculty_id, int *count);

/* interest_add: add name (trimmed in place; 1..60 characters, one line;
 * field "name") to the interests students choose from; adding one that
 * exists does nothing. *id (may be NULL) its id. Audited. */
int interest_add(struct db *db, int64_t actor_id, const char *ip, char *name,
                 int64_t *id, struct err_detail *why);

/* staff_list: up to limit staff members ordered by id after after_id
 * whose name contains q ("" for all), with the courses they teach. */
int staff_list(struct db *db, const char *q, int64_t after_id, int limit,
               struct staff_row *rows, int *n);
/* staff_get: one staff member by id; ERR_NOTFOUND when none. */
int staff_get(struct db *db, int64_t id, struct staff_row *out);

#endif
