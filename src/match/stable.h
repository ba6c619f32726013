/* stable.h: stable matching, for schemes where both sides rank each other.
 *
 * Mentee-proposing deferred acceptance with mentor capacities (Gale-Shapley
 * in its hospitals/residents form): the result has no blocking pair (no
 * mentee and mentor who both prefer each other to what they got) and every
 * mentee gets the best mentor of any stable matching. A pair is acceptable
 * only when each lists the other. Pure: no I/O. */
#ifndef TANDEM_MATCH_STABLE_H
#define TANDEM_MATCH_STABLE_H

#include <stddef.h>
#include <stdint.h>

/* Rank lists in CSR form, best first: mentee i ranks
 * mentee_pref[mentee_off[i] .. mentee_off[i + 1]), likewise mentors. All
 * arrays are borrowed. */
struct match_stable_problem {
  uint32_t n_mentees;
  uint32_t n_mentors;
  const int32_t *capacity;     /* [n_mentors] */
  const uint32_t *mentee_off;  /* [n_mentees + 1] */
  const uint32_t *mentee_pref; /* mentor ids */
  const uint32_t *mentor_off;  /* [n_mentors + 1] */
  const uint32_t *mentor_pref; /* mentee ids */
};

/* match_stable: the mentee-optimal stable matching. Writes each mentee's
 * mentor (MATCH_NONE when unmatched) into mentor_of[n_mentees], which the
 * caller allocates. Allocates scratch memory and frees it. Errors:
 * ERR_INPUT for an id out of range, a negative capacity, offsets that do
 * not ascend, or a list naming someone twice; ERR_TOOBIG over
 * MATCH_MAX_IDS. */
int match_stable(const struct match_stable_problem *p, uint32_t *mentor_of);

/* match_stable_blocking_pair: look for a blocking pair of the assignment
 * mentor_of (which must respect capacities). Returns 1 and sets *mentee and
 * *mentor when there is one, 0 when the assignment is stable, ERR_INPUT
 * when it is infeasible (over capacity or an unacceptable pair). */
int match_stable_blocking_pair(const struct match_stable_problem *p,
                               const uint32_t *mentor_of, uint32_t *mentee,
                               uint32_t *mentor);

#endif
