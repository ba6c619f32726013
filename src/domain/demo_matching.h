/* domain/demo_matching.h: the demo university's mentors and mentees, so
 * that matching has people to pair. */
#ifndef TANDEM_DOMAIN_DEMO_MATCHING_H
#define TANDEM_DOMAIN_DEMO_MATCHING_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

/* What demo_matching added (0 everywhere on a second run). */
struct demo_matching_report {
  int accounts, mentors, trained, signups;
};

/* demo_matching: the demo's accepted mentors (an application accepted
 * with the role agreement, and a past training day's attendance for each
 * module the scheme requires) and signed-up mentees, each with an account
 * (password DEMO_PASSWORD, the student's university email) linked to the
 * student record:
 *   - "First-year peer mentoring": about students/30 mentors in year 2 to
 *     4, one in ten of them not trained (to show the gate), and about
 *     students/10 first-year sign-ups: at 30,000 students 1,000 mentors
 *     and 3,000 mentees, the benchmark's scheme;
 *   - "Computer Science peer mentoring": a handful of mentors (Amara
 *     Okafor, student@, among them) and first-year sign-ups (Jiayi Chen,
 *     first-year@, among them);
 *   - "International student mentoring" (the mentee chooses): a few
 *     international mentors and first-year sign-ups;
 *   - "PAL: Programming Fundamentals": a few leaders and sign-ups.
 * People are picked by a hash of the seed and their student number, so the
 * same students and seed pick the same people; whoever already has their
 * account, application, training or sign-up is left as they are, so a
 * second run changes nothing. Run after demo_schemes, the students and
 * demo_training, inside demo_build's transaction. out may be NULL. */
int demo_matching(struct db *db, int students, uint64_t seed,
                  struct demo_matching_report *out, struct err_detail *why);

#endif
