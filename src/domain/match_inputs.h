/* domain/match_inputs.h: what a match run reads, as the engine sees it,
 * and the solve of it. A run loads its inputs from the database once
 * (mx_load), keeps them as text (mx_write: one line a person, pin or rule,
 * the record's words already mapped to the engine's small integers) and
 * solves them (mx_solve); mx_parse reads the text back, so solving a stored
 * run again gives the same pairs. Everything but mx_load is pure. */
#ifndef TANDEM_DOMAIN_MATCH_INPUTS_H
#define TANDEM_DOMAIN_MATCH_INPUTS_H

#include "base/buf.h"
#include "match/score.h"
#include "match/solve.h"
#include "store/db.h"
#include "store/schemes.h"

#include <stdbool.h>
#include <stdint.h>

/* Candidates kept per mentee for the solver (the rest are bounded, so the
 * result says whether it is optimal over every pair), and the rounds of
 * pricing that may add the pairs left out which the solution's duals do
 * not cover, until it is proven over every pair. */
#define MX_TOP_K 64
#define MX_PRICE_ROUNDS 16

struct mx_mentee {
  int64_t signup_id, student_id, user_id;
  uint32_t prefer; /* bit k: the mentee cares about criterion k (doubled) */
  struct match_person p;
};

struct mx_mentor {
  int64_t student_id, user_id;
  struct match_person p;
  char why_not[240]; /* not eligible or not trained: the reason, loaded
                        only (not kept in the text) */
};

struct mx {
  struct match_config config;
  enum match_objective objective;
  int min_score;   /* 0..1000 */
  bool groups;     /* a group scheme: each mentor (PAL: two) leads a group */
  int group_size;  /* places in a group */
  bool co_lead;    /* PAL: groups are led by two leaders */
  uint32_t n_mentees, n_mentors;
  struct mx_mentee *mentee;
  struct mx_mentor *mentor;
  /* pins: (mentee index, mentor index) */
  size_t n_pins;
  uint32_t *pin_mentee, *pin_mentor;
  /* sorted match_pair_key(mentee person, mentor person) */
  size_t n_blocked, n_ended;
  uint64_t *blocked, *ended;
};

/* What mx_load reads. */
struct mx_scope {
  bool waiting_only;   /* mentees without a current pairing (runs) */
  int64_t only_signup; /* 0: every mentee; else just this sign-up */
  int64_t only_mentor; /* 0: every mentor; else just this student */
  bool gate;           /* check eligibility and training (else: all pass) */
};

/* mx_load: scheme's inputs now, under settings already in x (config,
 * objective, min_score). Allocates x's arrays (mx_free). */
int mx_load(struct db *db, const struct scheme_row *scheme,
            const struct mx_scope *scope, int64_t now, struct mx *x);
void mx_free(struct mx *x);

/* mx_config_for: the mentee's own configuration: the scheme's, with the
 * criteria they care about counted double (each at most 1000). */
void mx_config_for(const struct mx *x, const struct mx_mentee *e,
                   struct match_config *out);
/* mx_score: mentee i with mentor j, 0..1000 (normalised to the mentee's
 * own maximum), or MATCH_EXCLUDED; ex (may be NULL) the explanation. */
int32_t mx_score(const struct mx *x, uint32_t i, uint32_t j,
                 struct match_explain *ex);

/* mx_write / mx_parse: the text form. Parse allocates x (mx_free) and
 * returns ERR_INPUT for a bad line. */
void mx_write(const struct mx *x, struct buf *out);
int mx_parse(const char *text, struct mx *x);

/* Why a mentee is left unmatched. */
enum mx_unmatched {
  MXU_NONE = 0,
  MXU_NO_ELIGIBLE, /* every mentor is excluded by a hard rule */
  MXU_ALL_FULL,    /* the allowed mentors have no place left */
  MXU_BELOW_MIN,   /* the allowed mentors score below the minimum */
  MXU_OUTMATCHED   /* their mentors' places went to others */
};

/* A solve's result. */
struct mx_result {
  uint32_t *mentor_of;   /* [n_mentees] mentor index or MATCH_NONE */
  uint32_t *co_leader_of; /* [n_mentees] PAL co-leader or MATCH_NONE */
  uint32_t *group_of;    /* [n_mentees] group number from 1, 0 none */
  int32_t *score_of;     /* [n_mentees] */
  uint8_t *pinned;       /* [n_mentees] */
  uint8_t *unmatched;    /* [n_mentees] enum mx_unmatched */
  int32_t (*rules)[8];   /* [n_mentees] mentors excluded by each rule */
  size_t matched;
  int64_t total;
  int32_t min_pair;
  bool proven; /* optimal over every allowed pair, not only candidates */
  int rounds;  /* solves it took (pricing rounds + 1); 1 for groups */
};

/* mx_solve: solve x (deterministic). Allocates r (mx_result_free).
 * ERR_CONFLICT when pins contradict each other (two for one mentee, more
 * than a mentor's places). */
int mx_solve(const struct mx *x, struct mx_result *r);
void mx_result_free(struct mx_result *r);

#endif
