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
#include "store/eligibility.h"
#include "store/people.h"
#include "store/schemes.h"

#include <stddef.h>

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

/* ---------------------------------------------------- the pure evaluation */

/* What a rule is checked against, besides the rule itself: the student,
 * their course's level, and what the scheme serves. Nothing here is
 * owned; it all outlives the call. */
struct elig_facts {
  const struct student_row *student;
  const char *course_level;   /* the student's course's level; "" if none */
  const int64_t *courses;     /* the courses the scheme serves ... */
  int ncourses;
  const int64_t *faculties;   /* ... and the faculties; none of either:
                                 everyone */
  int nfaculties;
  /* The served courses and faculties as words for a student, after
   * "students": "on BSc Computer Science or MEng Software Engineering",
   * "in the Faculty of Science". "" when the scheme serves everyone. */
  const char *served_phrase;
};

/* eligibility_evaluate: the rules of side among rules[0..n) (others are
 * skipped) checked against f on today ('YYYY-MM-DD'), with no database.
 * out->explanation names every unmet rule in the order of rules; with
 * none unmet it says what the student has that the rules ask for. */
void eligibility_evaluate(const struct scheme_rule_row *rules, int n,
                          const char *side, const struct elig_facts *f,
                          const char *today, struct eligibility *out);

/* eligibility_describe: side's rules as one sentence for the scheme page
 * ("Mentors: enrolled students with at least one completed year of study
 * with progression."), into out of size bytes (cut if too small).
 * served_phrase as in struct elig_facts. */
void eligibility_describe(const struct scheme_rule_row *rules, int n,
                          const char *side, const char *served_phrase,
                          char *out, size_t size);

/* eligibility_rule_validate: whether r is a rule a scheme may have: a
 * known side and kind, and a value of that kind (numbers 0..8; known
 * levels, statuses and fee statuses; ISO country codes, any case: they
 * are upper-cased in place; years of study 1..8). Normalises the value
 * (trimmed, single spaces). ERR_INPUT with why's field "<side>_<kind>". */
int eligibility_rule_validate(struct scheme_rule_row *r,
                              struct err_detail *why);

/* ----------------------------------------------- with the database */

/* eligibility_rules: scheme_id's rules for side (NULL: both), up to
 * RULES_MAX into rows. */
int eligibility_rules(struct db *db, int64_t scheme_id, const char *side,
                      struct scheme_rule_row *rows, int *n);

/* eligibility_served_phrase: the served courses and faculties of scheme as
 * elig_facts.served_phrase, into out of size bytes. */
int eligibility_served_phrase(struct db *db, const struct scheme_row *scheme,
                              char *out, size_t size);

/* eligibility_sentence: eligibility_describe for scheme's stored rules. */
int eligibility_sentence(struct db *db, const struct scheme_row *scheme,
                         const char *side, char *out, size_t size);

/* eligibility_save: validate rows[0..n) and make them exactly scheme_id's
 * rules, in one transaction; audited ("scheme.rules"). ERR_INPUT with why
 * for a bad rule, ERR_CONFLICT for two rules of one kind on one side. */
int eligibility_save(struct db *db, int64_t actor_id, const char *ip,
                     int64_t scheme_id, struct scheme_rule_row *rows, int n,
                     struct err_detail *why);

#endif
