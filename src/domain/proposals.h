/* domain/proposals.h: student-led schemes. A student proposes a scheme
 * (its name and purpose, the course it is for, how many mentors and
 * mentees they expect, a member of academic staff who supports it); a
 * coordinator approves it, which creates the scheme (a draft of type
 * custom serving the course) with the student as its lead, or declines it
 * with a reason. The student hears either way by email (the outbox). A
 * proposal is decided once: two decisions at once leave one result. */
#ifndef TANDEM_DOMAIN_PROPOSALS_H
#define TANDEM_DOMAIN_PROPOSALS_H

#include "base/err.h"
#include "domain/accounts.h"
#include "store/proposals.h"

#include <stdbool.h>

enum { PROPOSAL_NAME_MAX = 150, PROPOSAL_COUNT_MAX = 1000 };

/* proposal_validate: p's fields, trimmed in place: the name (1..150
 * characters, one line), the purpose (1..4000 characters), the course (0,
 * or one that exists), expected mentors and mentees (0..1000), and the
 * supporter (0, or active academic staff). ERR_INPUT with why naming the
 * form's field (name, purpose, course_id, expected_mentors,
 * expected_mentees, supporter_staff_id). */
int proposal_validate(struct db *db, struct proposal_row *p,
                      struct err_detail *why);

/* proposal_create: student u proposes p (validated; linked to u's student
 * record when there is one); *id the new proposal. Audited as
 * "proposal.create". */
int proposal_create(struct db *db, const struct user *u, const char *ip,
                    struct proposal_row *p, int64_t *id,
                    struct err_detail *why);

/* proposal_may_decide: coordinators and administrators. */
bool proposal_may_decide(const struct user *u);

/* proposal_get: proposal id, for its proposer or someone who may decide;
 * ERR_PERM for anyone else, ERR_NOTFOUND when there is none. */
int proposal_get(struct db *db, const struct user *u, int64_t id,
                 struct proposal_row *out);

/* proposal_list: for a decider every proposal, for a student their own,
 * pending first then newest; limit from offset into rows; *total. */
int proposal_list(struct db *db, const struct user *u, int offset, int limit,
                  struct proposal_row *rows, int *n, int64_t *total);

/* proposal_approve: u (a decider) approves proposal id: in one
 * transaction the proposal is marked approved, the scheme is created (type
 * custom, draft, this academic year, owner course when the proposal names
 * a course, else central, serving that course) with the proposer as its
 * lead, the proposer is emailed, and it is audited ("proposal.approve").
 * *scheme_id the new scheme. ERR_PERM for a non-decider, ERR_CONFLICT (why
 * says so) when the proposal was already decided. */
int proposal_approve(struct db *db, const struct user *u, const char *ip,
                     int64_t id, int64_t *scheme_id, struct err_detail *why);

/* proposal_decline: u declines proposal id for reason (required, 1..1000
 * characters: why's field "reason"); emailed and audited
 * ("proposal.decline"), in one transaction. ERR_CONFLICT when already
 * decided. */
int proposal_decline(struct db *db, const struct user *u, const char *ip,
                     int64_t id, const char *reason, struct err_detail *why);

/* proposal_supporters: the academic staff a student may name as their
 * supporter, by name (up to max). */
int proposal_supporters(struct db *db, struct supporter_row *rows, int max,
                        int *n);

/* proposal_status_label: "Waiting for a decision", "Approved",
 * "Declined". */
const char *proposal_status_label(const char *status);

#endif
