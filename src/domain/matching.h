/* domain/matching.h: turning a scheme's trained mentors and signed-up
 * mentees into proposed pairs. A scheme's criteria (each a weight and an
 * optional deal-breaker, over the engine's criteria); match runs, which
 * read every mentor with a free place and every mentee still waiting,
 * score each pair with the hard rules (eligibility, training, capacity,
 * blocks, a pairing that ended badly), solve with the engine, and keep a
 * draft with every pair's score and explanation and every unmatched
 * mentee's reason, plus the snapshot of their inputs (solving it again
 * gives the same pairs); pins and blocks that the next solve respects; and
 * one pair's score, for hand assignment and for a mentee choosing.
 *
 * Publishing a draft and every pairing afterwards are in domain/pairings.h.
 * Functions return 0 or a negative enum err; a person's mistake is
 * ERR_INPUT or ERR_CONFLICT with why naming the field. */
#ifndef TANDEM_DOMAIN_MATCHING_H
#define TANDEM_DOMAIN_MATCHING_H

#include "base/buf.h"
#include "base/err.h"
#include "domain/accounts.h"
#include "match/score.h"
#include "match/solve.h"
#include "store/matching.h"

#include <stdbool.h>

/* Who is acting, for the checks and the audit log. */
struct matching_actor {
  const struct user *user;
  const char *ip; /* may be NULL */
};

/* ------------------------------------------------------------ settings */

/* A criterion's word in forms, the API and the snapshot ("course",
 * "faculty", "year_ahead", "interests", "language", "home_country",
 * "campus", "availability", "mode", "preference", "characteristics"). */
const char *matching_criterion_word(enum match_criterion k);
/* matching_criterion_from_word: the criterion for w, or -1. */
int matching_criterion_from_word(const char *w);

/* A scheme's settings as the engine takes them. */
struct matching_settings {
  struct match_config config;
  enum match_objective objective;
  int min_score;     /* 0..1000: pairs scoring below are never proposed */
  int request_days;  /* mentee choice: days before a request expires */
  int max_requests;  /* mentee choice: requests a mentee may have at once */
};

/* matching_settings_get: scheme_id's settings (the engine's defaults when
 * none were saved). */
int matching_settings_get(struct db *db, int64_t scheme_id,
                          struct matching_settings *out);
/* matching_settings_save: validate and save s for scheme_id, with an audit
 * entry. ERR_PERM unless the actor manages the scheme; ERR_INPUT with why
 * (a weight outside 0..1000, weights summing over 1000, min_score, year
 * range, request days or count). */
int matching_settings_save(struct db *db, const struct matching_actor *a,
                           int64_t scheme_id, const struct matching_settings *s,
                           int64_t now, struct err_detail *why);
/* matching_weights_validate: what a preview needs of s: each weight
 * 0..1000, summing to 1..1000, the minimum score 0..1000, the years ahead
 * a range within -8..8, a known objective. ERR_INPUT with why (the
 * weights' field is "w_<criterion>", or "w_course" for their sum).
 * Saving checks this and the mentee-choice settings. */
int matching_weights_validate(const struct matching_settings *s,
                              struct err_detail *why);
/* matching_criteria_text / matching_criteria_parse: the weights as
 * 'course:180 faculty:70:! ...' ('!' a deal-breaker), the form kept in the
 * database and the run's snapshot. Parse returns ERR_INPUT for a bad
 * word. */
void matching_criteria_text(const struct match_config *c, struct buf *out);
int matching_criteria_parse(const char *text, struct match_config *c);

/* ------------------------------------------------------- one pair's score */

enum { MATCH_EXPLAIN_TEXT = 600 };

/* A mentor as a candidate for one mentee. */
struct match_candidate {
  int64_t mentor_student_id;
  int64_t mentor_user_id;
  char mentor_name[160];
  char course[160];      /* the mentor's course title, "" if none */
  int year_of_study;
  int places_left;       /* capacity less pairings held */
  int score;             /* 0..1000; -1 when a hard rule excludes the pair */
  enum match_rule rule;  /* why excluded, MR_NONE otherwise */
  char explanation[MATCH_EXPLAIN_TEXT]; /* why this score, or the rule */
};

/* matching_pair_score: how mentor_student_id suits the mentee of
 * signup_id in scheme_id now, with every hard rule checked (the mentor's
 * acceptance, eligibility and training, places, blocks, a pairing that
 * ended badly). ERR_NOTFOUND when the sign-up or the mentor (an accepted
 * application) is not in the scheme. */
int matching_pair_score(struct db *db, int64_t scheme_id, int64_t signup_id,
                        int64_t mentor_student_id, int64_t now,
                        struct match_candidate *out);
/* matching_candidates: the scheme's mentors for the mentee of signup_id,
 * the allowed ones first by score, then the excluded with their rule (only
 * when include_excluded), up to max into out[0..*n). */
int matching_candidates(struct db *db, int64_t scheme_id, int64_t signup_id,
                        int64_t now, bool include_excluded,
                        struct match_candidate *out, int max, int *n);
/* matching_preview: the top max candidates of signup_id under settings s
 * (not saved): the criteria page's live preview. */
int matching_preview(struct db *db, int64_t scheme_id, int64_t signup_id,
                     const struct matching_settings *s, int64_t now,
                     struct match_candidate *out, int max, int *n);

/* ------------------------------------------------------------ match runs */

/* matching_run: solve scheme_id now and keep the result as a draft run
 * (*run_id); pins and blocks are respected. One draft at a time per
 * scheme: an earlier draft is discarded. The run goes through the jobs
 * queue (domain/jobs.h) and this call takes its job at once, so the draft
 * is normally ready when it returns; if another node took the job first,
 * the run is still 'queued' and becomes a draft there. ERR_PERM unless
 * the actor manages the scheme; ERR_INPUT with why when the scheme is not
 * matched by runs (its matching mode is mentee_chooses) or is not
 * published. */
int matching_run(struct db *db, const struct matching_actor *a,
                 int64_t scheme_id, int64_t now, int64_t *run_id,
                 struct err_detail *why);
/* matching_run_queue: the checks of matching_run, then a queued run with
 * its job (*job_id) for any node to solve. */
int matching_run_queue(struct db *db, const struct matching_actor *a,
                       int64_t scheme_id, int64_t now, int64_t *run_id,
                       int64_t *job_id, struct err_detail *why);
/* matching_run_solve: solve queued run_id (the jobs' worker): a draft, or
 * 'failed' with the reason. ERR_CONFLICT when it is not queued. */
int matching_run_solve(struct db *db, int64_t run_id, int64_t now);

/* matching_reproduce: solve run_id's stored inputs again and compare with
 * its pairs: *same is true when every pair and score is the same. */
int matching_reproduce(struct db *db, int64_t run_id, bool *same);

/* matching_run_discard: a draft run the coordinator does not want.
 * ERR_PERM; ERR_CONFLICT when it is not a draft. */
int matching_run_discard(struct db *db, const struct matching_actor *a,
                         int64_t run_id, int64_t now);

/* Pins and blocks, kept for the scheme's next solves. Pinning checks the
 * pair is allowed (ERR_INPUT with why naming the rule); ERR_PERM. */
int matching_pin(struct db *db, const struct matching_actor *a,
                 int64_t scheme_id, int64_t signup_id,
                 int64_t mentor_student_id, int64_t now,
                 struct err_detail *why);
int matching_unpin(struct db *db, const struct matching_actor *a,
                   int64_t scheme_id, int64_t signup_id);
int matching_block(struct db *db, const struct matching_actor *a,
                   int64_t scheme_id, int64_t signup_id,
                   int64_t mentor_student_id, const char *reason,
                   int64_t now);
/* matching_unblock: the next solve may pair them again. ERR_NOTFOUND
 * when the pair is not blocked. */
int matching_unblock(struct db *db, const struct matching_actor *a,
                     int64_t scheme_id, int64_t signup_id,
                     int64_t mentor_student_id);
/* matching_block_list: scheme_id's blocked pairs with their names, who
 * blocked them and when, newest first, through fn. ERR_PERM unless the
 * actor manages the scheme. */
int matching_block_list(struct db *db, const struct matching_actor *a,
                        int64_t scheme_id, block_fn fn, void *ctx);

/* Reading runs (the pages check matching may_manage first). */
int matching_run_get(struct db *db, int64_t run_id, struct run_row *out);
int matching_runs(struct db *db, int64_t scheme_id, struct run_row *rows,
                  int max, int *n);
int matching_run_pairs(struct db *db, int64_t run_id, run_pair_fn fn,
                       void *ctx);
int matching_run_unmatched(struct db *db, int64_t run_id, run_unmatched_fn fn,
                           void *ctx);
/* matching_blocks: scheme_id's blocked pairs. */
int matching_blocks(struct db *db, int64_t scheme_id, match_pair_fn fn,
                    void *ctx);

/* A run against the scheme's run before it (previous_run_id). */
struct matching_comparison {
  bool has_previous;
  int64_t previous_run_id;
  int same;      /* mentees with the same mentor in both */
  int changed;   /* matched in both, to different mentors */
  int gained;    /* matched now, not before */
  int lost;      /* matched before, not now */
  int matched_before;
  int64_t total_before;
};
int matching_compare(struct db *db, int64_t run_id,
                     struct matching_comparison *out);
/* matching_histogram: run_id's pairs counted by score in ten bands
 * (0-99, 100-199, ... 900-1000). */
int matching_histogram(struct db *db, int64_t run_id, int bands[10]);

/* The unmatched reasons in English ("No eligible mentor", ...). */
const char *matching_unmatched_label(const char *reason);

#endif
