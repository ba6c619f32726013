/* store/eligibility.h: SQL of a scheme's eligibility rules (scheme_rules,
 * migration 0003). Plain rows in and out; what each rule means, and its
 * validation, are in domain/eligibility.c. Functions return 0 or a
 * negative enum err. */
#ifndef TANDEM_STORE_ELIGIBILITY_H
#define TANDEM_STORE_ELIGIBILITY_H

#include "store/db.h"

#include <stdint.h>

enum { RULE_SIDE = 8, RULE_KIND = 24, RULE_VALUE = 200, RULES_MAX = 16 };

/* One rule: side "mentor" or "mentee", kind (min_years year_of_study level
 * status graduated_within fee_status home_country served) and its value
 * (a number, or space-separated words; "" for served). */
struct scheme_rule_row {
  char side[RULE_SIDE];
  char kind[RULE_KIND];
  char value[RULE_VALUE];
};

/* store_rules_list: scheme_id's rules for side (NULL or "" for both),
 * ordered by side and id, up to max into rows; *n how many. */
int store_rules_list(struct db *db, int64_t scheme_id, const char *side,
                     struct scheme_rule_row *rows, int max, int *n);
/* store_rules_replace: delete every rule of scheme_id and insert rows.
 * The caller holds the transaction (two statements). ERR_CONFLICT on a
 * duplicate (side, kind). */
int store_rules_replace(struct db *db, int64_t scheme_id,
                        const struct scheme_rule_row *rows, int n);

#endif
