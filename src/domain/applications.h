/* domain/applications.h: mentor applications. A scheme's questions and
 * rubric; applying (eligibility first, one application per student per
 * scheme, returning mentors recognised); the pipeline
 *
 *   submitted -> under_review -> interview -> offered -> accepted
 *   rejected  from submitted, under_review, interview, offered
 *   withdrawn from submitted, under_review, interview, offered (applicant)
 *
 * where accepted, rejected and withdrawn are final, the applicant alone
 * accepts an offer (with the role agreement) or withdraws, and the
 * scheme's managers move everything else; interview slots; reviewers'
 * scores and notes; bulk decisions; the CSV export. Every change of state
 * is one guarded UPDATE, an event, an audit entry and an email, in one
 * transaction, so two decisions taken at once leave exactly one result.
 * Functions return 0 or a negative enum err; a person's mistake is
 * ERR_INPUT with why naming the field. */
#ifndef TANDEM_DOMAIN_APPLICATIONS_H
#define TANDEM_DOMAIN_APPLICATIONS_H

#include "base/buf.h"
#include "base/err.h"
#include "domain/accounts.h"
#include "domain/eligibility.h"
#include "store/applications.h"
#include "store/people.h"
#include "store/schemes.h"

#include <stdbool.h>

enum {
  APP_QUESTIONS_MAX = 40, APP_RUBRIC_MAX = 20, APP_EVENTS_MAX = 60,
  APP_SCORES_MAX = 400, APP_NOTES_MAX = 100, APP_HISTORY_MAX = 20,
  APP_SLOTS_MAX = 300, APP_BULK_MAX = 500, APP_SHORT_MAX = 300,
  APP_LONG_MAX = 4000, APP_STATES = 7,
};

/* Who is acting. user NULL: an API key, which an administrator made and
 * which acts with a manager's authority (never as an applicant). */
struct app_actor {
  const struct user *user;
  const char *ip;       /* for the audit log; may be NULL */
  const char *base_url; /* for links in mail; may be NULL or "" */
};

/* ------------------------------------------------------------ the pipeline */

/* The states, in pipeline order (APP_STATES of them). */
extern const char *const application_states[];
bool application_state_valid(const char *s);
/* application_state_label: "Invited to interview" for "interview", ... */
const char *application_state_label(const char *s);
bool application_state_final(const char *s);

/* application_transition_legal: the one table of the pipeline: whether an
 * application in state from may move to state to (by anyone). */
bool application_transition_legal(const char *from, const char *to);
/* application_by_applicant: whether moving to state to is the applicant's
 * own act (accepted, withdrawn) rather than the managers'. */
bool application_by_applicant(const char *to);
/* application_next_states: the states from may move to, in pipeline
 * order, into out (APP_STATES entries); returns how many. */
int application_next_states(const char *from, const char **out);

/* -------------------------------------------------- questions and rubric */

bool question_kind_valid(const char *kind);
/* question_choice_count / question_has_choice: a choice question's
 * choices are its lines, trimmed, blank lines ignored. */
int question_choice_count(const char *choices);
bool question_has_choice(const char *choices, const char *value);

/* questions_list: scheme's questions in order. */
int questions_list(struct db *db, int64_t scheme_id, struct question_row *rows,
                   int max, int *n);
/* application_questions: what the apply form asks: the scheme's
 * questions, or, for a scheme without any, the one every scheme needs
 * (id 0: "Why would you like to be a mentor on this scheme?"), which is
 * saved as the scheme's first question with the first application. */
int application_questions(struct db *db, int64_t scheme_id,
                          struct question_row *rows, int max, int *n);
/* question_save: validate q (prompt, kind, choices for choice kinds) and
 * add it (q->id 0, at the end) or change it. Managers only (ERR_PERM).
 * Audited. */
int question_save(struct db *db, const struct app_actor *a,
                  struct question_row *q, struct err_detail *why);
/* question_delete: remove question id of scheme_id (its answers go too). */
int question_delete(struct db *db, const struct app_actor *a,
                    int64_t scheme_id, int64_t id);
/* question_move: swap question id with its neighbour above (delta -1) or
 * below (+1); nothing at either end. */
int question_move(struct db *db, const struct app_actor *a, int64_t scheme_id,
                  int64_t id, int delta);

int rubric_list(struct db *db, int64_t scheme_id, struct rubric_row *rows,
                int max, int *n);
/* rubric_save: a criterion with its maximum score (1..10), added or
 * changed. Managers only. */
int rubric_save(struct db *db, const struct app_actor *a, struct rubric_row *c,
                struct err_detail *why);
int rubric_delete(struct db *db, const struct app_actor *a, int64_t scheme_id,
                  int64_t id);

/* ---------------------------------------------------------------- applying */

/* What the apply page shows before the form. */
struct apply_status {
  bool has_student;         /* false: no student record for this account */
  struct eligibility elig;  /* when has_student */
  bool open;                /* published and taking applications */
  bool returning;           /* an accepted application in another scheme */
  int64_t existing_id;      /* their application to this scheme, or 0 */
  int64_t student_id;
};

/* application_status: u's standing for scheme (s, from scheme_get) on
 * today ('YYYY-MM-DD'). */
int application_status(struct db *db, const struct user *u,
                       const struct scheme_row *s, const char *today,
                       struct apply_status *out);
/* application_apply: u applies to scheme s with answers (one per
 * application_questions entry, in its order; a multiple choice's values
 * one per line). ERR_NOTFOUND: no student record; ERR_PERM with why's
 * message the eligibility explanation; ERR_CONFLICT when applications are
 * not open, or when u already applied (*id then their application);
 * ERR_INPUT for a missing or invalid answer (why's field "q<id>"). On
 * success *id is the new application, and it is audited and mailed. */
int application_apply(struct db *db, const struct app_actor *a,
                      const struct scheme_row *s, const char *today,
                      const char *const *answers, int nanswers, int64_t *id,
                      struct err_detail *why);

/* ---------------------------------------------------------------- reading */

enum app_access { APP_NONE, APP_APPLICANT, APP_MANAGER };

/* application_access: how u (NULL: an API key, a manager) relates to a. */
enum app_access application_access(struct db *db, const struct user *u,
                                   const struct application_row *a);

/* Everything the application's page shows. Reviewers' scores and notes
 * are loaded for managers only. */
struct application_detail {
  struct application_row app;
  enum app_access access;
  struct question_row questions[APP_QUESTIONS_MAX];
  int nquestions;
  struct answer_row answers[APP_QUESTIONS_MAX];
  int nanswers;
  struct app_event_row events[APP_EVENTS_MAX];
  int nevents;
  struct rubric_row rubric[APP_RUBRIC_MAX];
  int nrubric;
  struct score_row scores[APP_SCORES_MAX];
  int nscores;
  struct app_note_row notes[APP_NOTES_MAX];
  int nnotes;
  /* The applicant's other applications (a returning mentor's history). */
  struct application_row history[APP_HISTORY_MAX];
  int nhistory;
  bool has_slot;
  struct slot_row slot;
};

/* application_get: application id if u may see it (ERR_PERM otherwise). */
int application_get(struct db *db, const struct user *u, int64_t id,
                    struct application_row *out, enum app_access *access);
/* application_detail: the same, with everything around it; d is large
 * (allocate it). */
int application_detail(struct db *db, const struct user *u, int64_t id,
                       struct application_detail *d);
/* applications_list: a page of a scheme's applications for its managers
 * (ERR_PERM for anyone else), as store_application_list. */
int applications_list(struct db *db, const struct user *u,
                      const struct application_filter *f, int64_t after_id,
                      int offset, int limit, struct application_row *rows,
                      int *n, int64_t *total);
/* applications_counts: per state, for the scheme's managers. */
int applications_counts(struct db *db, const struct user *u, int64_t scheme_id,
                        int64_t counts[APP_STATES]);
/* applications_mine: u's own applications, newest first (none without a
 * student record). */
int applications_mine(struct db *db, const struct user *u,
                      struct application_row *rows, int max, int *n);
/* application_average: the average total score per reviewer, or -1 with
 * no scores. */
double application_average(const struct application_row *a);
/* application_agreement: the role agreement an applicant accepts, naming
 * the scheme's refer topics, into out. */
void application_agreement(struct db *db, int64_t scheme_id, struct buf *out);

/* ---------------------------------------------------------------- deciding */

/* application_move: move application id to state to. version is the one
 * the decision was taken on (0: the current one). reason (required for
 * rejected) and feedback go with a rejection; agreement must be true to
 * accept. ERR_PERM when the actor may not make this move (the applicant
 * alone accepts or withdraws; managers, not the applicant, do the rest);
 * ERR_CONFLICT when the move is not legal from the state the application
 * is in, or when it changed since version (why says so; state_now, if not
 * NULL, A_WORD bytes, gets the state it is now in); ERR_INPUT for a
 * missing reason or agreement. */
int application_move(struct db *db, const struct app_actor *a, int64_t id,
                     int version, const char *to, const char *reason,
                     const char *feedback, bool agreement,
                     struct err_detail *why, char *state_now);

struct bulk_result {
  int moved, skipped;
  char skipped_states[200]; /* "already rejected, withdrawn" */
};
/* application_bulk_move: application_move for each of ids (of scheme_id)
 * to under_review, interview or rejected, each its own guarded change;
 * those that cannot move are counted as skipped. */
int application_bulk_move(struct db *db, const struct app_actor *a,
                          int64_t scheme_id, const int64_t *ids, int n,
                          const char *to, const char *reason,
                          const char *feedback, struct bulk_result *out,
                          struct err_detail *why);

/* application_score: the acting reviewer's scores, one per rubric entry
 * in order (-1: not scored); each 0..max. Managers only. */
int application_score(struct db *db, const struct app_actor *a, int64_t id,
                      const int *scores, int n, struct err_detail *why);
/* application_note: a reviewer's note. Managers only. */
int application_note(struct db *db, const struct app_actor *a, int64_t id,
                     const char *body, struct err_detail *why);

/* -------------------------------------------------------------- interviews */

/* interview_slots: scheme's slots by start time (for managers and for
 * applicants choosing one). */
int interview_slots(struct db *db, int64_t scheme_id, struct slot_row *rows,
                    int max, int *n);
/* interview_slot_add: starts ("YYYY-MM-DDTHH:MM", UTC), minutes (5..480),
 * place or link, interviewer. Managers only. */
int interview_slot_add(struct db *db, const struct app_actor *a,
                       int64_t scheme_id, const char *starts, int minutes,
                       const char *place, const char *interviewer,
                       struct err_detail *why);
/* interview_slot_delete: a free slot; ERR_CONFLICT when booked. */
int interview_slot_delete(struct db *db, const struct app_actor *a,
                          int64_t scheme_id, int64_t slot_id);
/* interview_book: the applicant of application id (in state interview)
 * takes free slot_id, giving up any slot they held; ERR_CONFLICT (why
 * says) when someone else holds it. Audited and mailed. */
int interview_book(struct db *db, const struct app_actor *a, int64_t id,
                   int64_t slot_id, struct err_detail *why);

/* ------------------------------------------------------------------ export */

/* applications_export_csv: one row per application of scheme_id (state ""
 * for all), the answers as columns, formula cells neutralised; out
 * receives the bytes. */
int applications_export_csv(struct db *db, int64_t scheme_id,
                            const char *state,
                            int (*out)(void *ctx, const void *bytes, size_t n),
                            void *ctx);

/* applications_demo: the demo university's sample application: a generated
 * second-year applying to "Computer Science peer mentoring", so that the
 * reviewers' list is not empty. Nothing when it is there already. */
int applications_demo(struct db *db);

/* applications_today: today's date (UTC) as 'YYYY-MM-DD' into out (11 bytes). */
void applications_today(char out[11]);
/* interview_time_parse: "YYYY-MM-DDTHH:MM" (or with a space) as Unix seconds,
 * UTC; false when it is not a real time. */
bool interview_time_parse(const char *s, int64_t *out);

#endif
