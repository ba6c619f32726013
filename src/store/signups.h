/* store/signups.h: SQL for mentee sign-ups and the invitations that let
 * incoming students sign up before they have a university account
 * (migration 0003: mentee_signups, scheme_invitations), and the few reads
 * of students and scheme topics they need. Plain rows in and out; the
 * rules are in domain/signups.c. Functions return 0 or a negative enum
 * err; look-ups ERR_NOTFOUND when there is no row, writes ERR_CONFLICT on
 * a uniqueness or reference violation. */
#ifndef TANDEM_STORE_SIGNUPS_H
#define TANDEM_STORE_SIGNUPS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  SU_TOPICS = 3200, SU_NOTE = 4100, SU_PREFS = 128, SU_WORD = 32,
  SU_NAME = 160, SU_EMAIL = 255, SU_TOPIC = 96, SU_CODE = 24,
};

/* A sign-up, with what the lists show about its person and scheme (from
 * the account and, when linked, the student record). */
struct signup_row {
  int64_t id, scheme_id, user_id;
  int64_t student_id;    /* 0: not linked to a student record (yet) */
  int64_t invitation_id; /* 0: signed up without an invitation */
  char topics[SU_TOPICS];   /* topic words, space-separated */
  char note[SU_NOTE];
  char preferences[SU_PREFS]; /* criterion words, space-separated */
  char mode[SU_WORD];         /* online face_to_face either */
  char state[SU_WORD];        /* active withdrawn */
  int64_t created_at, updated_at;
  /* Read with the row, for lists. */
  char user_name[SU_NAME], user_email[SU_EMAIL];
  char scheme_name[SU_NAME];
  char student_number[SU_CODE], course_code[SU_CODE], course_title[SU_NAME];
  int year_of_study; /* 0 without a student record */
};

/* store_signup_upsert: insert in's sign-up, or (the same scheme and user)
 * replace its answers and make it active again; *id its id. */
int store_signup_upsert(struct db *db, const struct signup_row *in,
                        int64_t now, int64_t *id);
int store_signup_get(struct db *db, int64_t id, struct signup_row *out);
/* store_signup_of_user: user_id's sign-up to scheme_id. */
int store_signup_of_user(struct db *db, int64_t scheme_id, int64_t user_id,
                         struct signup_row *out);
/* store_signup_set_state: 'active' or 'withdrawn'; ERR_NOTFOUND if the row
 * is gone. */
int store_signup_set_state(struct db *db, int64_t id, const char *state,
                           int64_t now);
/* store_signup_list_user: user_id's sign-ups, newest first, up to max. */
int store_signup_list_user(struct db *db, int64_t user_id,
                           struct signup_row *rows, int max, int *n);

/* What a manager's list filters on; empty fields do not filter. */
struct signup_filter {
  char state[SU_WORD]; /* active withdrawn, "" for both */
  char q[SU_NAME];     /* part of a name or email */
  char topic[SU_TOPIC];
};
/* store_signup_list_scheme: a page of scheme_id's sign-ups ordered by id
 * after after_id (cursor paging) from offset; *total (may be NULL) counts
 * every match. */
int store_signup_list_scheme(struct db *db, int64_t scheme_id,
                             const struct signup_filter *f, int64_t after_id,
                             int offset, int limit, struct signup_row *rows,
                             int *n, int64_t *total);

/* ------------------------------------------------------------ invitations */

struct invitation_row {
  int64_t id, scheme_id;
  char email[SU_EMAIL];
  int64_t student_id; /* 0: none known */
  int64_t created_by, created_at, expires_at;
  int64_t used_at;    /* 0: not used */
  int64_t user_id;    /* the account that used it, 0 before */
};

int store_invitation_insert(struct db *db, const struct invitation_row *in,
                            const char *token_hash, int64_t *id);
int store_invitation_get(struct db *db, int64_t id,
                         struct invitation_row *out);
/* store_invitation_by_hash: the invitation of a token, in any state. */
int store_invitation_by_hash(struct db *db, const char *token_hash,
                             struct invitation_row *out);
/* store_invitation_latest: the newest invitation to email for scheme_id. */
int store_invitation_latest(struct db *db, int64_t scheme_id,
                            const char *email, struct invitation_row *out);
/* store_invitation_take: mark the token's invitation used by user_id (0:
 * set later with store_invitation_set_user), if
 * it is unused and unexpired at now, in one guarded UPDATE (so two
 * submissions at once cannot both use it); ERR_NOTFOUND otherwise. */
int store_invitation_take(struct db *db, const char *token_hash, int64_t now,
                          int64_t user_id, struct invitation_row *out);
/* store_invitation_set_user: record the account that used invitation id
 * (created after the invitation was taken). */
int store_invitation_set_user(struct db *db, int64_t id, int64_t user_id);
/* store_invitation_renew: a new token and expiry for an unused
 * invitation (the old token stops working); ERR_NOTFOUND if used. */
int store_invitation_renew(struct db *db, int64_t id, const char *token_hash,
                           int64_t now, int64_t expires_at);
/* store_invitation_revoke: expires_at = 0 (domain: "revoked") for an
 * unused invitation; ERR_NOTFOUND if used. */
int store_invitation_revoke(struct db *db, int64_t id);
/* store_invitation_list: a page of scheme_id's invitations, newest first;
 * *total counts them all. */
int store_invitation_list(struct db *db, int64_t scheme_id, int offset,
                          int limit, struct invitation_row *rows, int *n,
                          int64_t *total);

/* An incoming student to invite. */
struct incoming_row {
  int64_t id;
  char email[SU_EMAIL]; /* personal email */
};
/* store_incoming_for_scheme: active incoming students with a personal
 * email, on the courses (or in the faculties) scheme_id serves (everyone
 * when it names none), who hold no usable or used invitation to it at
 * now; ordered by id, up to max. */
int store_incoming_for_scheme(struct db *db, int64_t scheme_id, int64_t now,
                              struct incoming_row *rows, int max, int *n);
/* store_students_with_personal_email: up to max ids of (unerased) students
 * whose personal email is email; *n how many were found (at most max). */
int store_students_with_personal_email(struct db *db, const char *email,
                                       int64_t *ids, int max, int *n);

/* ------------------------------------------------------------------ merge */

/* store_merge_candidates: the accounts that may be student_id's, up to
 * max distinct: users of used invitations to email (personal email; ""
 * for none) that name no other student, and users of sign-ups already
 * linked to student_id through an invitation. */
int store_merge_candidates(struct db *db, int64_t student_id,
                           const char *email, int64_t *user_ids, int max,
                           int *n);
/* store_student_of_account: the student linked to user_id, or 0. */
int store_student_of_account(struct db *db, int64_t user_id,
                             int64_t *student_id);
/* store_student_link_account: students.user_id = user_id where it is
 * still empty; *changed whether a row changed. */
int store_student_link_account(struct db *db, int64_t student_id,
                               int64_t user_id, bool *changed);
/* store_signup_link_student: fill student_id on user_id's sign-ups that
 * have none; *changed how many rows changed. */
int store_signup_link_student(struct db *db, int64_t user_id,
                              int64_t student_id, int64_t now,
                              int64_t *changed);

#endif
