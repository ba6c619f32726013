/* groups.h: allocating mentees to groups, with an optional balance rule.
 *
 * A group is led by a mentor or a pair of leaders (PAL): the caller gives
 * each (mentee, group) pair one score, e.g. the two leaders' scores
 * combined. Each group takes up to its size; the balance rule allows at
 * most max(1, floor(size * num / den)) mentees of any one course in a
 * group (num/den = 1/2: "at most half of a group from one course").
 *
 * Guarantee: the allocation is exactly optimal for the objective under
 * those limits. The rule is a network flow (mentee -> group's course slot
 * -> group), so it is solved as a min-cost flow by successive shortest
 * paths. The limit is on the group's size, not on the number of members it
 * ends up with: a group of 6 filled with 3 takes at most 3 of one course,
 * so a part-filled group may be all one course. Without a balance rule the
 * problem is a b-matching and goes to match_solve (fast at any size); with
 * one, the flow solver suits a scheme's groups (thousands of mentees), not
 * a national scheme. Pure: no I/O. */
#ifndef TANDEM_MATCH_GROUPS_H
#define TANDEM_MATCH_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "match/solve.h"

struct match_group_problem {
  uint32_t n_mentees;
  uint32_t n_groups;
  const int32_t *size;   /* [n_groups] places, >= 0 */
  const int32_t *course; /* [n_mentees] course id, -1 for none (no limit) */
  int32_t share_num, share_den; /* balance rule; den 0: no rule */
  size_t n_edges;
  const uint32_t *mentee;         /* [n_edges] */
  const uint32_t *group;          /* [n_edges] */
  const int32_t *score;           /* [n_edges], 0..MATCH_SCORE_MAX */
  enum match_objective objective; /* MATCH_CARDINALITY or MATCH_TOTAL */
};

struct match_group_result {
  uint32_t n_mentees;
  uint32_t *group_of; /* [n_mentees], MATCH_NONE when in no group */
  int32_t *score_of;  /* [n_mentees] */
  size_t matched;
  int64_t total;
};

/* match_groups: an optimal allocation of p. Allocates r's arrays (free with
 * match_group_result_free); on error r is left empty. Errors: ERR_INPUT for
 * ids or scores out of range, a negative size, a bad share (num < 0,
 * den < 0, num > den) or MATCH_MAXMIN (not offered for groups); ERR_TOOBIG
 * when sizes exceed MATCH_MAX_IDS / MATCH_MAX_EDGES. */
int match_groups(const struct match_group_problem *p,
                 struct match_group_result *r);

/* match_group_result_free: release r's arrays and zero it. */
void match_group_result_free(struct match_group_result *r);

#endif
