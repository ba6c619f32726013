/* store/proposals.h: SQL of students' proposals of new schemes
 * (scheme_proposals, migration 0003). Plain rows in and out; the rules
 * (who may propose, see and decide) are in domain/proposals.c. Functions
 * return 0 or a negative enum err; look-ups ERR_NOTFOUND when there is no
 * row. */
#ifndef TANDEM_STORE_PROPOSALS_H
#define TANDEM_STORE_PROPOSALS_H

#include "store/db.h"
#include "store/people.h"
#include "store/schemes.h"

#include <stdint.h>

enum { PR_PURPOSE = 4000, PR_REASON = 4000, PR_WORD = 16 };

struct proposal_row {
  int64_t id;
  int64_t user_id;     /* the proposer's account */
  int64_t student_id;  /* their student record, 0 when none */
  char name[S_NAME];
  char purpose[PR_PURPOSE];
  int64_t course_id;   /* 0: none */
  int expected_mentors, expected_mentees;
  int64_t supporter_staff_id; /* 0: none */
  char status[PR_WORD];       /* pending approved declined */
  char reason[PR_REASON];     /* why declined */
  int64_t scheme_id;          /* the scheme approving made, 0 before */
  int64_t decided_by, decided_at, created_at;
  /* Read with the row (not written): names for people to read. */
  char proposer_name[P_NAME], proposer_email[P_EMAIL];
  char course_code[P_CODE], course_title[P_TITLE];
  char supporter_name[P_NAME];
  char decider_name[P_NAME];
};

/* store_proposal_insert: a new pending proposal from in (id, status and
 * decision ignored); *id its id. */
int store_proposal_insert(struct db *db, const struct proposal_row *in,
                          int64_t now, int64_t *id);
/* store_proposal_get: proposal id with the names it refers to. */
int store_proposal_get(struct db *db, int64_t id, struct proposal_row *out);
/* store_proposal_list: user_id's proposals (0: everyone's), pending first
 * then newest first, limit from offset into rows; *total (may be NULL)
 * counts them all. */
int store_proposal_list(struct db *db, int64_t user_id, int offset,
                        int limit, struct proposal_row *rows, int *n,
                        int64_t *total);
/* store_proposal_decide: set a pending proposal's status ("approved" or
 * "declined"), reason, decider and time, in one guarded UPDATE: when it is
 * no longer pending (someone decided first) nothing changes and the
 * result is ERR_CONFLICT. */
int store_proposal_decide(struct db *db, int64_t id, const char *status,
                          const char *reason, int64_t decided_by,
                          int64_t now);
/* Someone who may support a proposal: active academic staff. */
struct supporter_row {
  int64_t id;
  char name[P_NAME];
  char job_title[P_TITLE];
};
/* store_proposal_supporters: active academic staff ordered by name, up to
 * max into rows; *n how many. */
int store_proposal_supporters(struct db *db, struct supporter_row *rows,
                              int max, int *n);

/* store_proposal_set_scheme: record the scheme an approval created. */
int store_proposal_set_scheme(struct db *db, int64_t id, int64_t scheme_id);

#endif
