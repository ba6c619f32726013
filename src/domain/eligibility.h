/* domain/eligibility.h: who may join a scheme, as a mentor or as a mentee,
 * checked against the student record, always with the reason in plain
 * English ("Not eligible: needs one completed year of study with
 * progression; you have none."). A scheme's rules are rows of
 * scheme_rules (migration 0003): each a kind and a value, all of which must
 * hold:
 *   min_years N          N completed years with outcome 'progressed'
 *   year_of_study "1 2"  in one of these years of study
 *   level "undergraduate postgraduate_taught"   the course's level
 *   status "enrolled incoming graduated"
 *   graduated_within N   alumni: graduated at most N years ago
 *   fee_status "international"
 *   home_country "CN IN NG"
 *   served ""            on a course (or in a faculty) the scheme serves */
#ifndef TANDEM_DOMAIN_ELIGIBILITY_H
#define TANDEM_DOMAIN_ELIGIBILITY_H

#include "base/err.h"
#include "store/people.h"
#include "store/schemes.h"

#include <stdbool.h>

enum { ELIG_EXPLAIN = 800 };

struct eligibility {
  bool eligible;
  /* "Eligible: ..." or "Not eligible: ..." naming every unmet rule. */
  char explanation[ELIG_EXPLAIN];
};

/* eligibility_check: whether student s meets scheme's rules for side
 * ("mentor" or "mentee") on today ('YYYY-MM-DD'). Reads the rules from
 * db; fills out. Returns 0, or a negative enum err when the rules cannot
 * be read (ERR_INPUT for an unknown side). */
int eligibility_check(struct db *db, const struct scheme_row *scheme,
                      const char *side, const struct student_row *s,
                      const char *today, struct eligibility *out);

#endif
