/* solve.h: exact maximum-weight b-matching of mentees to mentors.
 *
 * Arrays in, assignment out: no I/O. A problem is a bipartite graph of
 * mentees (each takes at most one mentor) and mentors (each takes up to its
 * capacity), with an integer score on every allowed pair. match_solve finds
 * an assignment that is optimal for the chosen objective and returns dual
 * potentials that prove it (see "Certificate" below); match_check verifies
 * such a proof without trusting the solver's bookkeeping.
 *
 * Ties are broken by the order of the input (edges, then ids), never by
 * addresses or timing, so the same input gives the same output everywhere. */
#ifndef TANDEM_MATCH_SOLVE_H
#define TANDEM_MATCH_SOLVE_H

#include <stddef.h>
#include <stdint.h>

#define MATCH_NONE UINT32_MAX     /* "no mentor" in match_result.mentor_of */
#define MATCH_SCORE_MAX 30000     /* scores are 0..MATCH_SCORE_MAX (16 bits) */
#define MATCH_MAX_IDS 0x3fffffffu /* mentees and mentors, each below 2^30 */
#define MATCH_MAX_EDGES 0x7fffffffu

enum match_objective {
  /* Most mentees matched first, then the best total score (the default:
   * nobody is left out to raise the average). */
  MATCH_CARDINALITY = 0,
  /* Best total score; mentees may stay unmatched. */
  MATCH_TOTAL = 1,
  /* As many mentees as MATCH_CARDINALITY, then the best worst-off pair
   * (maximise the minimum score), then the best total. */
  MATCH_MAXMIN = 2
};

/* The input. All arrays are borrowed: match_solve reads them and keeps no
 * pointer to them. Edge i joins mentee[i] and mentor[i] with score[i];
 * duplicate pairs are allowed (the best one counts). */
struct match_problem {
  uint32_t n_mentees;
  uint32_t n_mentors;
  const int32_t *capacity; /* [n_mentors], each >= 0 */
  size_t n_edges;
  const uint32_t *mentee; /* [n_edges] */
  const uint32_t *mentor; /* [n_edges] */
  const int32_t *score;   /* [n_edges], 0..MATCH_SCORE_MAX */
  int32_t min_score;      /* pairs scoring below this are never made */
  enum match_objective objective;
  /* Pairings fixed in advance (rematching around them): each takes one
   * place of the mentor's capacity, whether or not it is an edge (its score
   * is the best edge's score, or 0 when there is none). */
  size_t n_fixed;
  const uint32_t *fixed_mentee; /* [n_fixed] */
  const uint32_t *fixed_mentor; /* [n_fixed] */
};

/* The output, owned by the caller: release with match_result_free.
 *
 * Certificate. Let the certified problem be the input restricted to mentees
 * that are not fixed, edges scoring at least `threshold`, and each mentor's
 * capacity less its fixed pairings, with every edge weighing
 * score + bonus. Then u (per mentee) and v (per mentor) are a feasible
 * solution of the dual linear programme
 *   minimise sum u + sum capacity * v
 *   subject to u[i] + v[j] >= score(i,j) + bonus for every edge, u, v >= 0,
 * whose value equals the weight of the assignment: by weak duality no
 * assignment weighs more. bonus is 0 for MATCH_TOTAL, and larger than any
 * total score difference otherwise, so more pairs always win.
 *
 * For MATCH_MAXMIN, threshold is the best achievable minimum score, and two
 * vertex covers complete the proof. A cover "at" s marks mentees and
 * mentors so that every edge of the certified problem scoring at least s
 * (but ignoring `threshold`) has a marked endpoint; its size counts 1 per
 * mentee and, per mentor, its remaining capacity or its number of such
 * edges if smaller. No assignment using only those edges has more pairs
 * than a cover's size (Konig). card_cover, at min_score, has size
 * matched_free: nobody could be added. up_cover, at the next score above
 * threshold, is smaller than matched_free: the minimum cannot be raised
 * without leaving someone out. has_up_cover is 0 when there is no higher
 * score to try. Both are empty (NULL) for the other objectives. */
struct match_cover {
  int32_t at;
  uint8_t *mentee; /* [n_mentees] 0/1 */
  uint8_t *mentor; /* [n_mentors] 0/1 */
};

struct match_result {
  uint32_t n_mentees;
  uint32_t n_mentors;
  uint32_t *mentor_of;    /* [n_mentees], MATCH_NONE when unmatched */
  int32_t *score_of;      /* [n_mentees], the pair's score, 0 when unmatched */
  size_t matched;         /* pairs, including fixed ones */
  size_t matched_free;    /* pairs made by the solver (not fixed) */
  int64_t total;          /* sum of the pairs' scores, including fixed ones */
  int32_t min_pair_score; /* worst matched pair's score, 0 when none */
  /* certificate */
  int32_t threshold;
  int64_t bonus;
  int64_t *u; /* [n_mentees] */
  int64_t *v; /* [n_mentors] */
  struct match_cover card_cover;
  int has_up_cover;
  struct match_cover up_cover;
};

/* match_solve: find an optimal assignment of p for p->objective.
 * Fills *r (all arrays newly allocated, owned by the caller, free with
 * match_result_free; on error *r is left empty and needs no free).
 * Errors: ERR_INPUT for an id out of range, a negative capacity, a score
 * outside 0..MATCH_SCORE_MAX or an unknown objective; ERR_CONFLICT when
 * the fixed pairings give a mentee two mentors or a mentor more than its
 * capacity; ERR_TOOBIG when the sizes exceed MATCH_MAX_IDS or
 * MATCH_MAX_EDGES or the weights could overflow 64 bits. */
int match_solve(const struct match_problem *p, struct match_result *r);

/* match_result_free: release the arrays of r and zero it; r may be empty. */
void match_result_free(struct match_result *r);

/* match_check: verify that r is a feasible assignment for p whose
 * certificate proves it optimal (see above): capacities, min score, fixed
 * pairings, reported totals, dual feasibility and equal primal and dual
 * values, and for MATCH_MAXMIN the threshold and both covers. Reads only;
 * allocates scratch memory and frees it. Returns 0 when the proof holds,
 * ERR_INPUT when the assignment is infeasible or misreported, ERR_CONFLICT
 * when it is feasible but the certificate does not prove optimality. */
int match_check(const struct match_problem *p, const struct match_result *r);

/* match_objective_name: "cardinality", "total" or "maxmin" (static). */
const char *match_objective_name(enum match_objective o);

#endif
