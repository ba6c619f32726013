/* store/requests.h: SQL for the requests a mentee sends to the mentor they
 * choose, in schemes whose matching mode is mentee_chooses (migration
 * 0005: mentor_requests). Plain rows in and out; the rules (who may ask
 * whom, how many at once, accepting under the places' CHECK and the
 * pairings' unique index) are in domain/requests.c. Functions return 0 or
 * a negative enum err; look-ups ERR_NOTFOUND when there is no row, guarded
 * writes ERR_CONFLICT when the row is not in the state they expect. */
#ifndef TANDEM_STORE_REQUESTS_H
#define TANDEM_STORE_REQUESTS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  RQ_WORD = 32,
  RQ_NAME = 160,
  RQ_EMAIL = 255,
  RQ_MESSAGE = 4100,
};

/* A request, with what the pages show about both people and the scheme. */
struct mreq_row {
  int64_t id, scheme_id, signup_id, mentor_student_id;
  int rank; /* 1..5: the mentee's order of preference among their pending */
  char message[RQ_MESSAGE];
  char state[RQ_WORD]; /* pending accepted declined expired withdrawn
                          closed, as stored (see the domain for overdue) */
  int score;           /* 0..1000 when it was made */
  int64_t created_at, expires_at, decided_at; /* decided_at 0: not yet */
  /* Read with the row. */
  char scheme_name[RQ_NAME];
  int64_t mentee_user_id;
  char mentee_name[RQ_NAME], mentee_email[RQ_EMAIL];
  char mentee_course[RQ_NAME]; /* the course's title, "" without a record */
  int mentee_year;             /* 0 without a record */
  int64_t mentor_user_id;      /* 0: the mentor has no account */
  char mentor_name[RQ_NAME], mentor_email[RQ_EMAIL];
  char mentor_course[RQ_NAME];
  int mentor_year;
};

/* store_mreq_get: request id. */
int store_mreq_get(struct db *db, int64_t id, struct mreq_row *out);
/* store_mreq_find: the request of signup_id to mentor_student_id, in any
 * state. */
int store_mreq_find(struct db *db, int64_t signup_id, int64_t mentor_student_id,
                    struct mreq_row *out);
/* store_mreq_of_signup: signup_id's requests, pending first by rank, then
 * the rest newest first, up to max. */
int store_mreq_of_signup(struct db *db, int64_t signup_id,
                         struct mreq_row *rows, int max, int *n);
/* store_mreq_of_mentee: the requests of user_id's sign-ups in every
 * scheme, newest first, up to max. */
int store_mreq_of_mentee(struct db *db, int64_t user_id, struct mreq_row *rows,
                         int max, int *n);
/* store_mreq_of_mentor: the requests to the student whose account is
 * user_id, in every scheme: pending ones not overdue at now first (oldest
 * first), then the rest newest first, up to max. */
int store_mreq_of_mentor(struct db *db, int64_t user_id, int64_t now,
                         struct mreq_row *rows, int max, int *n);
/* store_mreq_pending_to_mentor: how many pending requests, not overdue at
 * now, wait for the student whose account is user_id. */
int store_mreq_pending_to_mentor(struct db *db, int64_t user_id, int64_t now,
                                 int64_t *n);
/* store_mreq_pending_ids: the ids of signup_id's pending requests not
 * overdue at now, by rank then id, up to max. */
int store_mreq_pending_ids(struct db *db, int64_t signup_id, int64_t now,
                           int64_t *ids, int max, int *n);

/* store_mreq_lock_signup: inside a transaction, lock signup_id's row
 * (a write that changes nothing) so that everything done about one
 * mentee's requests happens one transaction at a time, on both engines.
 * ERR_NOTFOUND when the sign-up is not active. */
int store_mreq_lock_signup(struct db *db, int64_t signup_id);

/* store_mreq_insert: a pending request from in's scheme, sign-up, mentor,
 * rank, message and score, expiring at expires_at; *id its id.
 * ERR_CONFLICT when the pair has a request already (UNIQUE). */
int store_mreq_insert(struct db *db, const struct mreq_row *in, int64_t now,
                      int64_t *id);
/* store_mreq_renew: the pair's request that was withdrawn, expired or
 * closed becomes pending again with in's rank, message, score and expiry;
 * ERR_CONFLICT when it is in another state. */
int store_mreq_renew(struct db *db, int64_t id, const struct mreq_row *in,
                     int64_t now);
/* store_mreq_set_rank: a pending request's rank. */
int store_mreq_set_rank(struct db *db, int64_t id, int rank);
/* store_mreq_decide: from -> to with decided_at = now, guarded: a pending
 * request must not be overdue at now either. ERR_CONFLICT otherwise. */
int store_mreq_decide(struct db *db, int64_t id, const char *from,
                      const char *to, int64_t now);
/* store_mreq_end_pending: signup_id's pending requests other than keep_id
 * (0: all) move to state ('closed' when the mentee is paired, 'withdrawn'
 * when they leave the scheme); *n how many. */
int store_mreq_end_pending(struct db *db, int64_t signup_id, int64_t keep_id,
                           const char *state, int64_t now, int64_t *n);
/* store_mreq_expire_one: a pending request overdue at now becomes
 * expired (decided_at its expiry). ERR_CONFLICT when it is not. */
int store_mreq_expire_one(struct db *db, int64_t id, int64_t now);
/* store_mreq_overdue: up to max pending requests overdue at now, oldest
 * expiry first, with their rows. */
int store_mreq_overdue(struct db *db, int64_t now, struct mreq_row *rows,
                       int max, int *n);

/* store_mreq_signup_paired: whether signup_id has a pairing that has not
 * ended. */
int store_mreq_signup_paired(struct db *db, int64_t signup_id, bool *paired);

#endif
