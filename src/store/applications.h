/* store/applications.h: SQL for mentor applications (migration 0003): a
 * scheme's questions and rubric, the applications with their answers,
 * events, scores and notes, and interview slots. Plain rows in and out;
 * the rules (the pipeline, who may do what) are in domain/applications.c.
 * Functions return 0 or a negative enum err; look-ups ERR_NOTFOUND when
 * there is no row; writes ERR_CONFLICT on a uniqueness violation or when a
 * guarded UPDATE finds the row no longer as expected. */
#ifndef TANDEM_STORE_APPLICATIONS_H
#define TANDEM_STORE_APPLICATIONS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  A_PROMPT = 400, A_CHOICES = 2000, A_ANSWER = 4000, A_WORD = 24,
  A_CRITERION = 160, A_EXPLAIN = 800, A_REASON = 400, A_FEEDBACK = 2000,
  A_NAME = 128, A_NOTE = 2000, A_PLACE = 300, A_EMAIL = 255,
  A_SCHEME_NAME = 160, A_TOPIC = 80,
};

/* ---------------------------------------------------------------- questions */

struct question_row {
  int64_t id, scheme_id;
  int position;
  char prompt[A_PROMPT];
  char kind[A_WORD];         /* short long single multiple */
  char choices[A_CHOICES];   /* one per line, for single and multiple */
  bool required;
};

/* store_question_list: scheme's questions in order (position, id). */
int store_question_list(struct db *db, int64_t scheme_id,
                        struct question_row *rows, int max, int *n);
int store_question_get(struct db *db, int64_t id, struct question_row *out);
/* store_question_insert: at the end of the scheme's list; *id the new id. */
int store_question_insert(struct db *db, const struct question_row *in,
                          int64_t *id);
/* store_question_update: prompt, kind, choices and required of in->id. */
int store_question_update(struct db *db, const struct question_row *in);
int store_question_delete(struct db *db, int64_t id);
int store_question_set_position(struct db *db, int64_t id, int position);

/* ------------------------------------------------------------------- rubric */

struct rubric_row {
  int64_t id, scheme_id;
  int position;
  char criterion[A_CRITERION];
  int max_score; /* 1..10 */
};

int store_rubric_list(struct db *db, int64_t scheme_id, struct rubric_row *rows,
                      int max, int *n);
int store_rubric_get(struct db *db, int64_t id, struct rubric_row *out);
int store_rubric_insert(struct db *db, const struct rubric_row *in,
                        int64_t *id);
int store_rubric_update(struct db *db, const struct rubric_row *in);
int store_rubric_delete(struct db *db, int64_t id);

/* ------------------------------------------------------------- applications */

struct application_row {
  int64_t id, scheme_id, student_id;
  char state[A_WORD];
  int version;
  char eligibility[A_EXPLAIN];
  char reason[A_REASON];
  char feedback[A_FEEDBACK];
  int64_t agreement_at; /* 0: not yet */
  bool returning_mentor;
  int64_t created_at, updated_at;
  /* Joined for display. */
  int64_t student_user_id; /* 0: no account linked */
  char student_number[32];
  char legal_name[A_NAME], preferred_name[A_NAME];
  char email[A_EMAIL]; /* the account's, else the university email */
  char course_code[24], course_title[A_NAME];
  int year_of_study;
  char scheme_name[A_SCHEME_NAME];
  char academic_year[8];
  /* Rubric: the sum of every score given and how many reviewers gave
   * any (lists only; 0 and 0 from store_application_get). */
  int64_t score_sum;
  int reviewers;
};

/* store_application_insert: a new 'submitted' application; *id its id.
 * ERR_CONFLICT when the student already applied to the scheme. */
int store_application_insert(struct db *db, int64_t scheme_id,
                             int64_t student_id, const char *eligibility,
                             bool returning, int64_t now, int64_t *id);
int store_application_get(struct db *db, int64_t id,
                          struct application_row *out);
/* store_application_find: the student's application to scheme_id. */
int store_application_find(struct db *db, int64_t scheme_id,
                           int64_t student_id, struct application_row *out);

/* What a reviewers' list filters on; empty or negative: no filter. */
struct application_filter {
  int64_t scheme_id;
  char state[A_WORD];
  int returning; /* -1 any, 0 new mentors, 1 returning mentors */
  char q[A_NAME]; /* part of the applicant's name or number */
};

/* store_application_list: a page of the scheme's applications, oldest
 * first, from offset; *total (may be NULL) counts every match. When
 * after_id >= 0 the page is instead the next limit rows by id after
 * after_id (cursor paging for the API). */
int store_application_list(struct db *db, const struct application_filter *f,
                           int64_t after_id, int offset, int limit,
                           struct application_row *rows, int *n,
                           int64_t *total);
/* store_application_counts: how many of scheme's applications are in each
 * state; states[i] (A_WORD each) and counts[i], *n pairs. */
int store_application_counts(struct db *db, int64_t scheme_id,
                             char states[][A_WORD], int64_t *counts, int max,
                             int *n);
/* store_application_of_student: every application of student, newest
 * first (their history across schemes and years). */
int store_application_of_student(struct db *db, int64_t student_id,
                                 struct application_row *rows, int max,
                                 int *n);
/* store_application_returning: whether student has an accepted
 * application to a scheme other than scheme_id. */
int store_application_returning(struct db *db, int64_t student_id,
                                int64_t scheme_id, bool *yes);

/* store_application_move: the guarded change of state: only when the row
 * is still in state from at version; version goes up by one. reason and
 * feedback replace the stored ones when not NULL; agreement_at is set
 * when > 0. ERR_CONFLICT when the row had changed. */
int store_application_move(struct db *db, int64_t id, const char *from,
                           int version, const char *to, const char *reason,
                           const char *feedback, int64_t agreement_at,
                           int64_t now);

/* ---------------------------------------------------------------- answers */

struct answer_row {
  int64_t question_id;
  char answer[A_ANSWER]; /* choices: one per line */
};

int store_answer_set(struct db *db, int64_t application_id,
                     int64_t question_id, const char *answer);
int store_answer_list(struct db *db, int64_t application_id,
                      struct answer_row *rows, int max, int *n);

/* ----------------------------------------------------------------- events */

struct app_event_row {
  int64_t id, at, actor_id;
  char actor_name[A_NAME];
  char from_state[A_WORD], to_state[A_WORD];
  char note[A_REASON];
};

int store_app_event_add(struct db *db, int64_t application_id, int64_t at,
                        int64_t actor_id, const char *from, const char *to,
                        const char *note);
int store_app_event_list(struct db *db, int64_t application_id,
                         struct app_event_row *rows, int max, int *n);
/* store_app_event_count: events of an application moving to to_state. */
int store_app_event_count(struct db *db, int64_t application_id,
                          const char *to_state, int64_t *count);

/* ------------------------------------------------------- scores and notes */

struct score_row {
  int64_t rubric_id, reviewer_id;
  char reviewer_name[A_NAME];
  int score;
  int64_t at;
};

/* store_score_set: insert or replace reviewer's score on one criterion. */
int store_score_set(struct db *db, int64_t application_id, int64_t rubric_id,
                    int64_t reviewer_id, int score, int64_t now);
/* store_score_list: by reviewer, then criterion position. */
int store_score_list(struct db *db, int64_t application_id,
                     struct score_row *rows, int max, int *n);

struct app_note_row {
  int64_t id, author_id, at;
  char author_name[A_NAME];
  char body[A_NOTE];
};

int store_app_note_add(struct db *db, int64_t application_id,
                       int64_t author_id, const char *body, int64_t now);
int store_app_note_list(struct db *db, int64_t application_id,
                        struct app_note_row *rows, int max, int *n);

/* --------------------------------------------------------------- interviews */

struct slot_row {
  int64_t id, scheme_id, starts_at;
  int minutes;
  char place[A_PLACE];
  char interviewer[A_NAME];
  int64_t application_id; /* 0: free */
  int64_t booked_at;
  char applicant_name[A_NAME]; /* when booked */
};

int store_slot_insert(struct db *db, const struct slot_row *in, int64_t *id);
int store_slot_get(struct db *db, int64_t id, struct slot_row *out);
/* store_slot_list: scheme's slots by start time. */
int store_slot_list(struct db *db, int64_t scheme_id, struct slot_row *rows,
                    int max, int *n);
/* store_slot_delete_free: delete slot id of scheme_id if nobody holds it;
 * ERR_CONFLICT when it is booked (or gone). */
int store_slot_delete_free(struct db *db, int64_t id, int64_t scheme_id);
/* store_slot_book: give free slot id (of scheme_id) to application_id with
 * one guarded UPDATE; ERR_CONFLICT when someone holds it already. */
int store_slot_book(struct db *db, int64_t id, int64_t scheme_id,
                    int64_t application_id, int64_t now);
/* store_slot_release: free whatever slot application_id holds. */
int store_slot_release(struct db *db, int64_t application_id);
/* store_slot_of_application: the slot application_id holds. */
int store_slot_of_application(struct db *db, int64_t application_id,
                              struct slot_row *out);

/* store_demo_applicant: the first enrolled student in year 2 or later with
 * no account (for the demo's sample application); ERR_NOTFOUND if none. */
int store_demo_applicant(struct db *db, int64_t *student_id);

/* ------------------------------------------------------------------- topics */

/* store_scheme_refer_topics: the topics scheme_id's mentors must refer on
 * (scheme_topics, kind 'refer'), alphabetical. */
int store_scheme_refer_topics(struct db *db, int64_t scheme_id,
                              char topics[][A_TOPIC], int max, int *n);

#endif
