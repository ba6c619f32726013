/* store/matching.h: SQL for matching in the service (migration 0005): a
 * scheme's matching settings, the bulk reads a match run needs (mentors
 * with their places, mentees still waiting, interests, languages,
 * characteristics, pins, blocks, pairings that ended badly), runs with
 * their pairs and unmatched mentees, and pins and blocks. Plain rows in
 * and out; the rules are in domain/matching.c. Functions return 0 or a
 * negative enum err; look-ups ERR_NOTFOUND when there is no row. */
#ifndef TANDEM_STORE_MATCHING_H
#define TANDEM_STORE_MATCHING_H

#include "base/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  MS_WORD = 32, MS_CRITERIA = 400, MS_NAME = 160, MS_TEXT = 600,
  MS_CODE = 24, MS_PREFS = 128, MS_ERROR = 300,
};

struct matching_row {
  int64_t scheme_id;
  char objective[MS_WORD]; /* cardinality total maxmin */
  int min_score, year_ahead_min, year_ahead_max, request_days, max_requests;
  char criteria[MS_CRITERIA]; /* 'course:180 faculty:70:! ...', "" default */
};
int store_matching_get(struct db *db, int64_t scheme_id,
                       struct matching_row *out);
int store_matching_put(struct db *db, const struct matching_row *in,
                       int64_t now);

/* ----------------------------------------------------- a run's inputs */

/* A person as the engine reads them: a mentor (an accepted application)
 * or a mentee (an active sign-up). Text fields are the record's words; the
 * domain maps them to the engine's small integers. */
struct match_person_row {
  int64_t signup_id;  /* mentees only */
  int64_t student_id; /* 0: a mentee without a student record yet */
  int64_t user_id;    /* 0: a mentor without an account */
  char name[MS_NAME];
  int64_t course_id, faculty_id; /* 0: none */
  int year_of_study;
  char home_country[8], campus[MS_NAME];
  int64_t availability;
  char preferences[MS_PREFS]; /* mentees: criterion words */
  char mode[MS_WORD];         /* mentees: online face_to_face either */
  int capacity, held;         /* mentors: places and pairings held */
};
typedef int (*match_person_fn)(void *ctx, const struct match_person_row *r);
/* store_match_mentors: scheme_id's accepted mentors with their places
 * (the scheme's capacity unless scheme_mentors says otherwise), by
 * student id. */
int store_match_mentors(struct db *db, int64_t scheme_id, int default_capacity,
                        match_person_fn fn, void *ctx);
/* store_match_mentees: scheme_id's active sign-ups without a current
 * pairing (all active ones when waiting_only is false), by sign-up id. */
int store_match_mentees(struct db *db, int64_t scheme_id, bool waiting_only,
                        match_person_fn fn, void *ctx);
/* One fact about a student of the scheme: (student, word, flag). */
typedef int (*match_fact_fn)(void *ctx, int64_t student_id, const char *word,
                             int flag);
/* store_match_interests: interests (word: the interest's id as text) of
 * the scheme's mentors and mentees. store_match_languages: languages, flag
 * 1 for a first language. store_match_characteristics: kinds declared
 * with consent. */
int store_match_interests(struct db *db, int64_t scheme_id, match_fact_fn fn,
                          void *ctx);
int store_match_languages(struct db *db, int64_t scheme_id, match_fact_fn fn,
                          void *ctx);
int store_match_characteristics(struct db *db, int64_t scheme_id,
                                match_fact_fn fn, void *ctx);
/* A pair (sign-up, mentor student). */
typedef int (*match_pair_fn)(void *ctx, int64_t signup_id,
                             int64_t mentor_student_id);
int store_match_pins(struct db *db, int64_t scheme_id, match_pair_fn fn,
                     void *ctx);
int store_match_blocks(struct db *db, int64_t scheme_id, match_pair_fn fn,
                       void *ctx);
/* store_match_ended_badly: the scheme's sign-ups and the mentors (in any
 * scheme) whose pairing with the same mentee account ended with a concern
 * raised. */
int store_match_ended_badly(struct db *db, int64_t scheme_id, match_pair_fn fn,
                            void *ctx);

/* store_match_mentor_cards: each accepted mentor's name, course title and
 * year of study, for lists of candidates. */
typedef int (*mentor_card_fn)(void *ctx, int64_t student_id, const char *name,
                              const char *course, int year_of_study);
int store_match_mentor_cards(struct db *db, int64_t scheme_id,
                             mentor_card_fn fn, void *ctx);

/* ------------------------------------------------------------------ runs */

struct run_row {
  int64_t id, scheme_id;
  char state[MS_WORD]; /* queued draft published discarded failed */
  char objective[MS_WORD];
  int min_score;
  char criteria[MS_CRITERIA];
  int mentees, mentors, matched;
  int64_t total;
  int min_pair;
  bool proven;
  int solve_ms;
  char error[MS_ERROR];
  int64_t previous_run_id; /* 0: none */
  int64_t created_by, created_at, solved_at, published_by, published_at;
};
/* store_run_insert: a queued run of in (id and results ignored). */
int store_run_insert(struct db *db, const struct run_row *in, int64_t *id);
/* store_run_get: the row without its inputs. */
int store_run_get(struct db *db, int64_t id, struct run_row *out);
/* store_run_inputs: the run's snapshot into out. */
int store_run_inputs(struct db *db, int64_t id, struct buf *out);
/* store_run_solved: fill a queued run's results and inputs and make it a
 * draft (ERR_CONFLICT when it is not queued). */
int store_run_solved(struct db *db, const struct run_row *r,
                     const char *inputs, int64_t now);
/* store_run_failed: a queued run could not be solved. */
int store_run_failed(struct db *db, int64_t id, const char *error);
/* store_run_set_state: from -> to, guarded (ERR_CONFLICT otherwise);
 * published sets who and when. */
int store_run_set_state(struct db *db, int64_t id, const char *from,
                        const char *to, int64_t actor, int64_t now);
/* store_run_lock_scheme: inside a transaction, hold scheme_id's row until
 * it ends (PostgreSQL; SQLite's write lock already does). */
int store_run_lock_scheme(struct db *db, int64_t scheme_id);
/* store_run_discard_drafts: every draft of scheme_id becomes discarded. */
int store_run_discard_drafts(struct db *db, int64_t scheme_id);
/* store_run_list: scheme_id's runs, newest first, up to max. */
int store_run_list(struct db *db, int64_t scheme_id, struct run_row *rows,
                   int max, int *n);
/* store_run_latest: scheme_id's newest run in state (any state when
 * NULL), ERR_NOTFOUND when none. */
int store_run_latest(struct db *db, int64_t scheme_id, const char *state,
                     struct run_row *out);

/* A proposed pair of a run, with what the draft page shows. */
struct run_pair_row {
  int64_t run_id, signup_id, mentor_student_id;
  int64_t co_leader_student_id; /* 0: none */
  int group_no;                 /* 0: one-to-one */
  int score;
  bool pinned;
  char explanation[MS_TEXT];
  /* read with the row */
  int64_t mentee_user_id, mentor_user_id;
  char mentee_name[MS_NAME], mentor_name[MS_NAME];
  char mentee_course[MS_CODE], mentor_course[MS_CODE];
};
int store_run_pair_insert(struct db *db, const struct run_pair_row *p);
typedef int (*run_pair_fn)(void *ctx, const struct run_pair_row *p);
/* store_run_pairs: run_id's pairs by group then mentor name then mentee
 * name; mentor_student_id not 0 keeps only that mentor's. */
int store_run_pairs(struct db *db, int64_t run_id, run_pair_fn fn, void *ctx);
int store_run_pair_get(struct db *db, int64_t run_id, int64_t signup_id,
                       struct run_pair_row *out);

struct run_unmatched_row {
  int64_t run_id, signup_id;
  char reason[MS_WORD]; /* no_eligible_mentor all_full below_minimum
                           outmatched */
  char detail[MS_TEXT];
  int64_t mentee_user_id;
  char mentee_name[MS_NAME], mentee_course[MS_CODE];
};
int store_run_unmatched_insert(struct db *db,
                               const struct run_unmatched_row *u);
typedef int (*run_unmatched_fn)(void *ctx, const struct run_unmatched_row *u);
int store_run_unmatched(struct db *db, int64_t run_id, run_unmatched_fn fn,
                        void *ctx);

/* --------------------------------------------------------- pins, blocks */

int store_pin_put(struct db *db, int64_t scheme_id, int64_t signup_id,
                  int64_t mentor_student_id, int64_t actor, int64_t now);
int store_pin_delete(struct db *db, int64_t scheme_id, int64_t signup_id);
/* store_pin_delete_pair: the sign-up's pin, only if it is to this mentor. */
int store_pin_delete_pair(struct db *db, int64_t scheme_id, int64_t signup_id,
                          int64_t mentor_student_id);
int store_block_put(struct db *db, int64_t scheme_id, int64_t signup_id,
                    int64_t mentor_student_id, const char *reason,
                    int64_t actor, int64_t now);
/* store_block_delete: ERR_NOTFOUND when the pair was not blocked. */
int store_block_delete(struct db *db, int64_t scheme_id, int64_t signup_id,
                       int64_t mentor_student_id);

/* A blocked pair as the coordinators read it. */
struct block_row {
  int64_t signup_id, mentor_student_id;
  char mentee_name[MS_NAME], mentor_name[MS_NAME];
  char reason[MS_TEXT];
  char blocked_by[MS_NAME]; /* "" when nobody (an API key, by hand) */
  int64_t created_at;
};
typedef int (*block_fn)(void *ctx, const struct block_row *b);
/* store_block_list: scheme_id's blocked pairs, newest first; fn's
 * non-zero return stops and is returned. */
int store_block_list(struct db *db, int64_t scheme_id, block_fn fn, void *ctx);

#endif
