/* store/rollover.h: SQL of the academic-year rollover: the schemes of a
 * year and the copies already made of them, the people to tell that a
 * year has closed, closing a year's schemes, and copying one scheme with
 * its served courses and faculties, staff, rules, topics, materials,
 * questions and rubric (never its applications or sign-ups) into the next
 * year. The caller holds the transaction; domain/rollover.c the rules. */
#ifndef TANDEM_STORE_ROLLOVER_H
#define TANDEM_STORE_ROLLOVER_H

#include "store/db.h"
#include "store/people.h"
#include "store/schemes.h"

#include <stdint.h>

/* A scheme of the year being closed. */
struct rollover_scheme_row {
  int64_t id;
  char name[S_NAME];
  char status[S_WORD];       /* draft published closed */
  char starts_on[S_DATE], ends_on[S_DATE];
  int64_t copy_id;           /* its copy in the target year, or 0 */
};

/* store_rollover_schemes: every scheme of academic year from, by id, with
 * the id of a scheme of year to copied from it (0 when none). *rows is
 * allocated (xreallocarray) and the caller frees it; *n how many. */
int store_rollover_schemes(struct db *db, const char *from, const char *to,
                           struct rollover_scheme_row **rows, int *n);

/* Someone to tell that a scheme's year has closed. */
struct rollover_notice_row {
  char kind[16];             /* application signup */
  char email[P_EMAIL];
  char name[P_NAME];
  char scheme_name[S_NAME];
  char state[S_WORD];        /* the application's state; "active" */
};

/* store_rollover_notices: applicants whose application to a scheme of
 * year from (not yet closed) is still open (submitted, under_review,
 * interview, offered), and active mentee sign-ups of those schemes, each
 * with an address. *rows allocated as above. */
int store_rollover_notices(struct db *db, const char *from,
                           struct rollover_notice_row **rows, int *n);

/* store_rollover_close: every scheme of year from that is not closed:
 * status closed, applications and sign-ups closed. *closed counts them. */
int store_rollover_close(struct db *db, const char *from, int64_t now,
                         int *closed);

/* store_rollover_copy: a copy of scheme id as a draft of year to, dated
 * starts_on..ends_on, with copied_from id, created_by actor_id (0: none),
 * and every child row a scheme is set up with; *copy_id the new scheme. */
int store_rollover_copy(struct db *db, int64_t id, const char *to,
                        const char *starts_on, const char *ends_on,
                        int64_t actor_id, int64_t now, int64_t *copy_id);

#endif
