/* candidates.h: each mentee's best mentors, without scoring every pair.
 *
 * For a national scheme scoring all pairs is too slow, so the engine keeps
 * each mentee's top K mentors as the solver's edges. Mentors are grouped by
 * course and by faculty: the mentee's preferred mentors and the mentors of
 * its course are scored first, then its faculty, then (scope ALL) the rest,
 * and a group is skipped when an upper bound on its scores cannot beat the
 * K-th best found. Each mentee keeps a bound on any pair left out, so that
 * match_candidates_proven can tell from a solve's duals whether the result
 * is optimal over all pairs or only over the candidate graph. */
#ifndef TANDEM_MATCH_CANDIDATES_H
#define TANDEM_MATCH_CANDIDATES_H

#include <stddef.h>
#include <stdint.h>

#include "match/score.h"
#include "match/solve.h"

enum match_scope {
  MATCH_SCOPE_FACULTY = 0, /* preferred, same course, same faculty */
  MATCH_SCOPE_ALL = 1      /* also every other mentor the bound allows */
};

/* Candidate edges (owned by the caller: match_candidates_free). Mentee
 * and mentor are indices into the arrays given to match_candidates_build. */
struct match_candidates {
  size_t n_edges;
  uint32_t *mentee;
  uint32_t *mentor;
  int32_t *score;
  int32_t *left_out; /* [n_mentees] bound on any feasible pair left out,
                        -1 when none was */
  uint64_t scored;   /* pairs scored, to compare with n_mentees*n_mentors */
};

/* match_candidates_build: the top k mentors of every mentee under config c
 * and rules r (may be NULL). mentees[i].preferred holds mentors' person
 * ids. Ties go to the lower mentor index. Allocates out's arrays. Errors:
 * ERR_INPUT when k is 0 or a course or faculty id is below -1 or over
 * 1,000,000; ERR_TOOBIG when the edges would exceed MATCH_MAX_EDGES. */
int match_candidates_build(
    const struct match_config *c, const struct match_rules *r,
    const struct match_person *mentees, uint32_t n_mentees,
    const struct match_person *mentors, uint32_t n_mentors, uint32_t k,
    enum match_scope scope, struct match_candidates *out);

/* match_candidates_proven: 1 when the solve r of problem p (built from
 * cand) is also optimal over all feasible pairs: its duals cover every pair
 * left out (u[mentee] >= left_out + bonus) and the bonus stays valid;
 * 0 when it is proven over the candidate graph only. For MATCH_MAXMIN, 1
 * only when nothing was left out. Reads only. */
int match_candidates_proven(const struct match_problem *p,
                            const struct match_candidates *cand,
                            const struct match_result *r);

/* match_candidates_free: release out's arrays and zero it. */
void match_candidates_free(struct match_candidates *cand);

#endif
