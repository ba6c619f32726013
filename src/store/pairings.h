/* store/pairings.h: SQL for pairings (migration 0005): mentors' places in
 * a scheme (scheme_mentors, whose CHECK makes overfilling impossible), the
 * pairings with their guarded changes of state and their events, rematch
 * requests, and the groups of group schemes. Plain rows in and out; the
 * rules (the lifecycle, who may act) are in domain/pairings.c. Functions
 * return 0 or a negative enum err; look-ups ERR_NOTFOUND when there is no
 * row; writes ERR_CONFLICT on a uniqueness or CHECK violation or when a
 * guarded UPDATE finds the row no longer as expected. */
#ifndef TANDEM_STORE_PAIRINGS_H
#define TANDEM_STORE_PAIRINGS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  P_WORD = 24,
  P_NAME = 160,
  P_EMAIL = 255,
  P_TEXT = 600,
  P_NOTE = 400,
  P_CODE = 24,
  P_YEAR = 8,
};

/* ------------------------------------------------------------------ places */

/* store_place_take: one more of mentor student_id's places in scheme_id,
 * creating their row with capacity default_capacity when they have none;
 * a guarded UPDATE (held < capacity), so ERR_CONFLICT when every place is
 * held, however many take one at once. Call inside a transaction. */
int store_place_take(struct db *db, int64_t scheme_id, int64_t student_id,
                     int default_capacity);
/* store_place_set: mentor student_id's places in scheme_id become
 * capacity, creating their row (nothing held) when they have none; a
 * guarded UPDATE (held <= capacity), so ERR_CONFLICT when they hold more
 * pairings than that, however many are made meanwhile. Call inside a
 * transaction. */
int store_place_set(struct db *db, int64_t scheme_id, int64_t student_id,
                    int capacity);
/* store_place_release: give one place back (never below 0). */
int store_place_release(struct db *db, int64_t scheme_id, int64_t student_id);
/* store_place_get: the mentor's capacity and places held; ERR_NOTFOUND
 * when they have no row yet (no place ever taken). */
int store_place_get(struct db *db, int64_t scheme_id, int64_t student_id,
                    int *capacity, int *held);

/* ---------------------------------------------------------------- pairings */

/* A pairing with what the pages show about both sides (read with it). */
struct pairing_row {
  int64_t id, scheme_id, signup_id, mentee_user_id, mentor_student_id;
  int64_t group_id;    /* 0: one-to-one */
  char state[P_WORD];  /* proposed active paused ended */
  char source[P_WORD]; /* run choice coordinator rematch */
  int64_t run_id;      /* 0: not from a run */
  int score;
  char explanation[P_TEXT];
  int64_t mentor_ack_at, mentee_ack_at; /* 0: not yet */
  char end_reason[P_WORD];              /* "" until ended */
  int version;
  int64_t created_at, updated_at, ended_at;
  /* Read with the row. */
  char scheme_name[P_NAME], academic_year[P_YEAR];
  int64_t mentee_student_id; /* 0: no student record linked */
  char mentee_name[P_NAME], mentee_email[P_EMAIL]; /* the account's */
  char mentee_contact[P_EMAIL]; /* by their contact preference */
  char mentee_course[P_CODE];
  int64_t mentor_user_id;                          /* 0: no account */
  char mentor_name[P_NAME], mentor_email[P_EMAIL]; /* account, else
                                                      university */
  char mentor_contact[P_EMAIL];
  char mentor_course[P_CODE];
  char group_name[P_NAME];
};

/* store_pairing_insert: a new pairing from in (its ids, state 'proposed',
 * source, run, score, explanation, group); *id its id. ERR_CONFLICT when
 * the sign-up already has a pairing that has not ended (the unique index
 * pairings_one_current). */
int store_pairing_insert(struct db *db, const struct pairing_row *in,
                         int64_t now, int64_t *id);
int store_pairing_get(struct db *db, int64_t id, struct pairing_row *out);
/* store_pairing_current: the sign-up's pairing that has not ended. */
int store_pairing_current(struct db *db, int64_t signup_id,
                          struct pairing_row *out);

typedef int (*pairing_fn)(void *ctx, const struct pairing_row *p);
/* store_pairing_list_scheme: scheme_id's pairings in state ("" every
 * state), by mentor name then mentee name; fn's non-zero return stops
 * and is returned. */
int store_pairing_list_scheme(struct db *db, int64_t scheme_id,
                              const char *state, pairing_fn fn, void *ctx);
/* store_pairing_list_mentee / _mentor: a person's pairings, the current
 * ones (not ended) first then newest first; current_only leaves out the
 * ended. The mentor is found by their account (students.user_id). */
int store_pairing_list_mentee(struct db *db, int64_t user_id, bool current_only,
                              pairing_fn fn, void *ctx);
int store_pairing_list_mentor(struct db *db, int64_t user_id, bool current_only,
                              pairing_fn fn, void *ctx);
/* store_pairing_list_group: a group's pairings (its members). */
int store_pairing_list_group(struct db *db, int64_t group_id, pairing_fn fn,
                             void *ctx);
/* store_pairing_counts: scheme_id's pairings counted by state, into
 * states[i] (P_WORD each) and counts[i]; *n pairs. */
int store_pairing_counts(struct db *db, int64_t scheme_id,
                         char states[][P_WORD], int64_t *counts, int max,
                         int *n);

/* A guarded change of a pairing: only when it is still in state from at
 * version; version goes up by one. end_reason (NULL: unchanged) and the
 * acknowledgements (0: unchanged) are set with it; ended_at is set when
 * to is 'ended'. ERR_CONFLICT when the row had changed. */
struct pairing_change {
  const char *from, *to;
  int version;
  const char *end_reason;
  int64_t mentor_ack_at, mentee_ack_at;
};
int store_pairing_move(struct db *db, int64_t id,
                       const struct pairing_change *c, int64_t now);
/* store_pairing_set_group: put a pairing in a group. */
int store_pairing_set_group(struct db *db, int64_t id, int64_t group_id);

/* ------------------------------------------------------------------ events */

struct pairing_event_row {
  int64_t id, at, actor_id;
  char actor_name[P_NAME];
  char from_state[P_WORD], to_state[P_WORD];
  char note[P_NOTE];
};
/* store_pairing_event_add: actor_id 0 for nobody (the system, an API
 * key); from "" for the first event. */
int store_pairing_event_add(struct db *db, int64_t pairing_id, int64_t at,
                            int64_t actor_id, const char *from, const char *to,
                            const char *note);
/* store_pairing_event_list: oldest first, up to max. */
int store_pairing_event_list(struct db *db, int64_t pairing_id,
                             struct pairing_event_row *rows, int max, int *n);

/* --------------------------------------------------------- rematch requests */

struct rematch_row {
  int64_t id, pairing_id, user_id;
  char side[P_WORD]; /* mentee mentor */
  char reason[P_NOTE];
  char state[P_WORD]; /* open done declined */
  int64_t created_at, decided_at;
  /* Read with the row. */
  char user_name[P_NAME];
  int64_t scheme_id;
  char mentee_name[P_NAME], mentor_name[P_NAME];
};
int store_rematch_insert(struct db *db, int64_t pairing_id, int64_t user_id,
                         const char *side, const char *reason, int64_t now,
                         int64_t *id);
/* store_rematch_open: pairing_id's open requests, oldest first. */
int store_rematch_open(struct db *db, int64_t pairing_id,
                       struct rematch_row *rows, int max, int *n);
/* store_rematch_open_scheme: scheme_id's open requests, oldest first. */
int store_rematch_open_scheme(struct db *db, int64_t scheme_id,
                              struct rematch_row *rows, int max, int *n);
/* store_rematch_close: every open request of pairing_id becomes state
 * (done declined). */
int store_rematch_close(struct db *db, int64_t pairing_id, const char *state,
                        int64_t now);

/* ------------------------------------------------------------------ groups */

struct group_row {
  int64_t id, scheme_id, run_id; /* run_id 0: none */
  char name[P_NAME];
  int64_t leader_student_id, co_leader_student_id; /* co-leader 0: none */
  int64_t created_at;
  char leader_name[P_NAME], co_leader_name[P_NAME];
  int members; /* pairings of the group that have not ended */
};
int store_group_insert(struct db *db, const struct group_row *in, int64_t now,
                       int64_t *id);
int store_group_get(struct db *db, int64_t id, struct group_row *out);
/* store_group_list: scheme_id's groups by id, up to max. */
int store_group_list(struct db *db, int64_t scheme_id, struct group_row *rows,
                     int max, int *n);

/* ------------------------------------------------ choosing, for hand work */

/* A mentee waiting for a mentor: an active sign-up without a current
 * pairing. */
struct waiting_row {
  int64_t signup_id, user_id, student_id;
  char name[P_NAME], course[P_CODE];
  int year_of_study;
};
typedef int (*waiting_fn)(void *ctx, const struct waiting_row *w);
/* store_pairing_waiting: scheme_id's waiting mentees by name. */
int store_pairing_waiting(struct db *db, int64_t scheme_id, waiting_fn fn,
                          void *ctx);

/* A scheme's mentor (an accepted application) and their places. */
struct mentor_place_row {
  int64_t student_id, user_id;
  char name[P_NAME], course[P_CODE];
  int year_of_study;
  int capacity, held; /* capacity: the scheme's when no row yet */
};
typedef int (*mentor_place_fn)(void *ctx, const struct mentor_place_row *m);
/* store_pairing_mentors: scheme_id's accepted mentors by name. */
int store_pairing_mentors(struct db *db, int64_t scheme_id,
                          int default_capacity, mentor_place_fn fn, void *ctx);
/* store_pairing_mentor: one of them, student_id; ERR_NOTFOUND when they
 * are not an accepted mentor of the scheme. */
int store_pairing_mentor(struct db *db, int64_t scheme_id, int64_t student_id,
                         int default_capacity, struct mentor_place_row *out);

/* store_student_user: the account of student_id (0 when none). */
int store_student_user(struct db *db, int64_t student_id, int64_t *user_id);

#endif
