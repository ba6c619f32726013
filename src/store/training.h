/* store/training.h: SQL for training (migration 0004): modules, the modules
 * schemes and scheme types require, sessions, bookings with their waiting
 * list, completions, and self-paced quizzes with their attempts. Plain rows
 * in and out; the rules (validation, who may do what, the gate) are in
 * domain/training.c. Functions return 0 or a negative enum err; look-ups
 * ERR_NOTFOUND when there is no row; writes ERR_CONFLICT on a uniqueness
 * violation or when a guarded statement finds the row no longer as
 * expected. */
#ifndef TANDEM_STORE_TRAINING_H
#define TANDEM_STORE_TRAINING_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  T_TITLE = 160, T_TEXT = 2000, T_WORD = 24, T_PLACE = 300, T_NAME = 128,
  T_EMAIL = 255, T_PROMPT = 400, T_CHOICES = 1000, T_ANSWERS = 1000,
};

/* ------------------------------------------------------------------ modules */

struct module_row {
  int64_t id;
  char title[T_TITLE];
  char purpose[T_TEXT];
  char outcomes[T_TEXT];  /* one per line */
  char delivery[T_WORD];  /* in_person online_live self_paced */
  int minutes;
  int validity_months;    /* 0: never expires */
  char audience[T_WORD];  /* mentors pal_leaders staff */
  int pass_mark;          /* percent, self-paced */
  bool active;
  int64_t created_at, updated_at;
};

/* store_module_insert: a new module at time now; *id its id. ERR_CONFLICT
 * when the title is taken. */
int store_module_insert(struct db *db, const struct module_row *in,
                        int64_t now, int64_t *id);
/* store_module_update: every field of in->id but the times. */
int store_module_update(struct db *db, const struct module_row *in,
                        int64_t now);
int store_module_get(struct db *db, int64_t id, struct module_row *out);
/* store_module_find: the module titled title. */
int store_module_find(struct db *db, const char *title, struct module_row *out);
/* store_module_list: modules by title (active ones only unless all). */
int store_module_list(struct db *db, bool all, struct module_row *rows,
                      int max, int *n);
/* store_module_page: up to max modules with ids above after_id, by id
 * (active ones only unless all), for the API's cursor paging. */
int store_module_page(struct db *db, bool all, int64_t after_id,
                      struct module_row *rows, int max, int *n);

/* ------------------------------------------------------ required modules */

/* store_scheme_modules: the ids of the modules scheme_id lists itself. */
int store_scheme_modules(struct db *db, int64_t scheme_id, int64_t *ids,
                         int max, int *n);
/* store_scheme_modules_set: replace scheme_id's list with ids[0..n). Run it
 * inside a transaction. */
int store_scheme_modules_set(struct db *db, int64_t scheme_id,
                             const int64_t *ids, int n);
/* store_type_module_add: scheme type requires module_id (idempotent). */
int store_type_module_add(struct db *db, const char *type, int64_t module_id);
/* store_type_modules: the ids of the modules scheme type requires. */
int store_type_modules(struct db *db, const char *type, int64_t *ids, int max,
                       int *n);

/* One module a scheme requires, with the user's best completion. */
struct requirement_row {
  int64_t module_id;
  char title[T_TITLE];
  bool completed;       /* has completed it at least once */
  int64_t expires_at;   /* of the longest-lasting completion; 0: never */
};

/* store_requirements: the active modules scheme_id requires (its own list,
 * else its type's), by title, each with user_id's best completion. */
int store_requirements(struct db *db, int64_t user_id, int64_t scheme_id,
                       struct requirement_row *rows, int max, int *n);

/* A scheme where user_id is an accepted mentor. */
struct mentor_scheme_row {
  int64_t scheme_id;
  char name[T_TITLE];
  char type[T_WORD];
};

int store_mentor_schemes(struct db *db, int64_t user_id,
                         struct mentor_scheme_row *rows, int max, int *n);

/* ----------------------------------------------------------------- sessions */

/* A training session (t for training: a sign-in session is store/accounts.h's
 * session_row). */
struct tsession_row {
  int64_t id, module_id;
  char module_title[T_TITLE];
  char delivery[T_WORD];
  int64_t starts_at;
  int minutes;
  char place[T_PLACE];
  int capacity;
  int64_t trainer_user_id; /* 0: none */
  char trainer_name[T_NAME];
  int64_t cancelled_at;    /* 0: not cancelled */
  int held;                /* places held: booked, attended, no-show */
  int waiting;
  int revision;            /* edits and the cancellation, counted */
  char cancel_reason[T_PLACE];
  bool module_active;      /* false: the module is retired */
  char audience[T_WORD];   /* the module's: mentors pal_leaders staff */
  char trainer_email[T_EMAIL];
};

int store_tsession_insert(struct db *db, const struct tsession_row *in,
                         int64_t now, int64_t *id);
int store_tsession_get(struct db *db, int64_t id, struct tsession_row *out);
/* store_tsession_list: module_id's sessions by start (all modules if 0),
 * only those starting at or after from. */
int store_tsession_list(struct db *db, int64_t module_id, int64_t from,
                       struct tsession_row *rows, int max, int *n);
/* store_tsession_page: up to max sessions with ids above after_id, by id,
 * of module_id (all if 0), starting at or after from. */
int store_tsession_page(struct db *db, int64_t module_id, int64_t from,
                        int64_t after_id, struct tsession_row *rows, int max,
                        int *n);
/* store_tsession_lock: take session id's next booking position, which
 * locks its row until the transaction ends (so bookings of one session are
 * decided one at a time on both engines). ERR_NOTFOUND if there is no such
 * session or it is cancelled. */
int store_tsession_lock(struct db *db, int64_t id, int64_t *position);
/* store_tsession_update: s->id's time, length, place, capacity and trainer,
 * counting a revision, unless it is cancelled or the capacity is below
 * the places held (ERR_CONFLICT). Run it after store_tsession_lock. */
int store_tsession_update(struct db *db, const struct tsession_row *s);
/* store_tsession_cancel: cancel session id at now, with reason, counting a
 * revision; ERR_CONFLICT if it already was. */
int store_tsession_cancel(struct db *db, int64_t id, const char *reason,
                          int64_t now);

/* ----------------------------------------------------------------- bookings */

struct booking_row {
  int64_t id, session_id, user_id;
  char user_name[T_NAME];
  char user_email[T_EMAIL];
  char state[T_WORD];       /* booked waiting cancelled attended no_show */
  int64_t position;
  int rank;                 /* waiting: 1 for the first in the queue */
  int64_t created_at;
  /* the session, for a person's own list and their calendar */
  int64_t starts_at, module_id;
  char module_title[T_TITLE];
  int minutes, revision;
  char place[T_PLACE];
  int64_t session_cancelled_at; /* 0: the session goes ahead */
  int64_t reminded_at;          /* 0: no reminder sent */
};

/* store_booking_find: user_id's booking of session_id. */
int store_booking_find(struct db *db, int64_t session_id, int64_t user_id,
                       struct booking_row *out);
int store_booking_get(struct db *db, int64_t id, struct booking_row *out);
/* store_booking_delete: remove a cancelled booking (before booking anew). */
int store_booking_delete_cancelled(struct db *db, int64_t id);
/* store_booking_take: book user_id a place on session_id if one is free,
 * in one guarded INSERT; *booked false (nothing written) when full. */
int store_booking_take(struct db *db, int64_t session_id, int64_t user_id,
                       int64_t position, int64_t now, bool *booked,
                       int64_t *id);
/* store_booking_queue: put user_id on session_id's waiting list. */
int store_booking_queue(struct db *db, int64_t session_id, int64_t user_id,
                        int64_t position, int64_t now, int64_t *id);
/* store_booking_cancel: booked or waiting -> cancelled; ERR_CONFLICT if it
 * was neither. */
int store_booking_cancel(struct db *db, int64_t id, int64_t now);
/* store_booking_promote: give the first on session_id's waiting list a
 * place if one is free; *user_id the promoted person, 0 if nobody. */
int store_booking_promote(struct db *db, int64_t session_id, int64_t now,
                          int64_t *user_id);
/* store_booking_mark: booked/attended/no_show -> state (attended or
 * no_show); ERR_CONFLICT if the booking holds no place. */
int store_booking_mark(struct db *db, int64_t id, const char *state,
                       int64_t now);
/* store_booking_list_session: session_id's bookings: places first, then
 * the waiting list in order, then cancellations. */
int store_booking_list_session(struct db *db, int64_t session_id,
                               struct booking_row *rows, int max, int *n);
/* store_booking_list_user: user_id's bookings of sessions starting at or
 * after from (cancelled ones left out), by start. */
int store_booking_list_user(struct db *db, int64_t user_id, int64_t from,
                            struct booking_row *rows, int max, int *n);
/* store_booking_forget_reminders: session_id moved: its reminders go out
 * again. */
int store_booking_forget_reminders(struct db *db, int64_t session_id);
/* store_reminders_due: up to max bookings holding a place ('booked') on a
 * session that goes ahead and starts after now and at most a day later,
 * booked before that day began (later ones had their confirmation), and
 * not yet reminded; by start. */
int store_reminders_due(struct db *db, int64_t now, struct booking_row *rows,
                        int max, int *n);
/* store_booking_reminded: mark booking id reminded at now, if nobody has
 * (ERR_CONFLICT when another sender was first, or it no longer holds a
 * place). */
int store_booking_reminded(struct db *db, int64_t id, int64_t now);

/* -------------------------------------------------------------- completions */

struct completion_row {
  int64_t id, user_id, module_id;
  char module_title[T_TITLE];
  int64_t completed_at;
  int64_t expires_at; /* 0: never */
  char how[T_WORD];   /* attendance quiz */
  int64_t source_id;
  /* for refresher notices */
  char user_name[T_NAME];
  char user_email[T_EMAIL];
};

/* store_completion_add: record a completion (expires_at 0: never). */
int store_completion_add(struct db *db, const struct completion_row *in,
                         int64_t *id);
/* store_completion_remove: the completion that how/source_id recorded. */
int store_completion_remove(struct db *db, const char *how, int64_t source_id);
/* store_completion_list: user_id's completions, newest first. */
int store_completion_list(struct db *db, int64_t user_id,
                          struct completion_row *rows, int max, int *n);
/* store_refreshers_due: up to max completions of active modules expiring
 * after now and at or before until that are their person's latest for the
 * module (nothing lasting longer) and whose notice has not gone out, by
 * expiry, with the person's name and email. */
int store_refreshers_due(struct db *db, int64_t now, int64_t until,
                         struct completion_row *rows, int max, int *n);
/* store_completion_noticed: mark completion id's refresher notice sent at
 * now, if nobody has (ERR_CONFLICT otherwise). */
int store_completion_noticed(struct db *db, int64_t id, int64_t now);

/* ------------------------------------------------------------------ reports */

/* An accepted mentor of a scheme. */
struct scheme_mentor_row {
  int64_t application_id, student_id;
  int64_t user_id; /* 0: no account (then no training either) */
  char student_number[32];
  char legal_name[T_NAME];
  char preferred_name[T_NAME];
  char email[T_EMAIL];
};

/* store_scheme_mentors: scheme_id's accepted mentors, by legal name. */
int store_scheme_mentors(struct db *db, int64_t scheme_id,
                         struct scheme_mentor_row *rows, int max, int *n);

/* Someone who has completed a module: their latest completion and the
 * longest-lasting one. */
struct module_holder_row {
  int64_t user_id;
  char name[T_NAME];
  char email[T_EMAIL];
  int64_t completed_at; /* the latest */
  int64_t expires_at;   /* the longest-lasting; 0: never */
  int completions;
};

/* store_module_holders: everyone who has completed module_id, by name. */
int store_module_holders(struct db *db, int64_t module_id,
                         struct module_holder_row *rows, int max, int *n);

/* -------------------------------------------------------------------- quiz */

struct quiz_question_row {
  int64_t id, module_id;
  int position;
  char prompt[T_PROMPT];
  char choices[T_CHOICES]; /* one per line */
  int correct;             /* 0-based line of choices */
};

int store_quiz_list(struct db *db, int64_t module_id,
                    struct quiz_question_row *rows, int max, int *n);
/* store_quiz_insert: at the end of module's questions. */
int store_quiz_insert(struct db *db, const struct quiz_question_row *in,
                      int64_t *id);
/* store_quiz_delete: question id if it belongs to module_id. */
int store_quiz_delete(struct db *db, int64_t id, int64_t module_id);

struct attempt_row {
  int64_t id, user_id, module_id, at;
  int score_percent;
  bool passed;
  char answers[T_ANSWERS];
};

int store_attempt_insert(struct db *db, const struct attempt_row *in,
                         int64_t *id);
/* store_attempt_list: user_id's attempts at module_id, newest first. */
int store_attempt_list(struct db *db, int64_t user_id, int64_t module_id,
                       struct attempt_row *rows, int max, int *n);

#endif
