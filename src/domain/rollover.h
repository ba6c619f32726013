/* domain/rollover.h: the academic-year rollover. Closing year from: every
 * scheme of that year is closed (status closed, applications and sign-ups
 * closed), and each applicant whose application is still open and each
 * active mentee is told by email (the outbox). Every scheme of the year
 * that is published is copied into year to as a draft (copied_from set,
 * dates a year later) with its served courses and faculties, staff,
 * rules, topics, materials, questions and rubric, never its applications
 * or sign-ups; a scheme that already has a copy in year to is skipped and
 * said so. The institution's academic year moves on a year. All in one
 * transaction, audited; a dry run reports the same plan and changes
 * nothing. */
#ifndef TANDEM_DOMAIN_ROLLOVER_H
#define TANDEM_DOMAIN_ROLLOVER_H

#include "base/err.h"
#include "store/rollover.h"

#include <stdbool.h>

/* What a rollover does, or did, to one scheme. */
enum rollover_action {
  ROLL_COPY,        /* published: closed and copied */
  ROLL_CLOSE,       /* a draft: closed, not copied */
  ROLL_HAS_COPY,    /* published, but year to has its copy: closed only */
  ROLL_WAS_CLOSED,  /* closed already: untouched */
};

struct rollover_item {
  struct rollover_scheme_row scheme;
  enum rollover_action action;
  char new_starts_on[S_DATE], new_ends_on[S_DATE];
  int64_t new_id;   /* the copy made (after a real run), or the existing one */
};

struct rollover_result {
  char from[S_YEAR], to[S_YEAR];
  struct rollover_item *items; /* allocated; rollover_result_free() */
  int nitems;
  int ncopied, nclosed, nskipped;
  int nnotices;                /* emails sent (or that would be) */
  int napplications, nsignups; /* ... of them, to applicants and mentees */
  /* The institution's academic year, before and after. */
  char year_starts_on[S_DATE], year_ends_on[S_DATE];
  char next_starts_on[S_DATE], next_ends_on[S_DATE];
  bool institution_moves;      /* its year was from: it moves to to */
  bool dry_run;
};

/* rollover_next_year: "2027/28" for "2026/27" into out (S_YEAR bytes);
 * false when year is not an academic year. */
bool rollover_next_year(const char *year, char *out);

/* rollover_shift_date: date ('YYYY-MM-DD') a year later into out
 * (S_DATE bytes); 29 February becomes 28 February. */
void rollover_shift_date(const char *date, char *out);

/* rollover_run: close year from and copy its published schemes into to
 * (which must be the year after from), or with dry_run only work out what
 * would happen. Fills res (free with rollover_result_free). actor_id 0
 * from the command line. ERR_INPUT with why (fields "from", "to") for bad
 * years; ERR_NOTFOUND (why says so) when year from has no schemes. Audited
 * as "year.close". */
int rollover_run(struct db *db, int64_t actor_id, const char *ip,
                 const char *from, const char *to, bool dry_run,
                 struct rollover_result *res, struct err_detail *why);

void rollover_result_free(struct rollover_result *res);

/* rollover_action_label: what happens (or happened) to a scheme, for
 * people: "Closed and copied", "Closed (a draft: not copied)", ... in
 * the tense of dry_run ("Will be closed and copied"). */
const char *rollover_action_label(enum rollover_action a, bool dry_run);

/* rollover_current_year: the institution's academic year ("2026/27") into
 * out (S_YEAR bytes), from its start date; "" when it is not set. */
int rollover_current_year(struct db *db, char *out);

#endif
