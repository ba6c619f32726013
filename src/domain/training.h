/* domain/training.h: training before mentoring. Modules (delivered in
 * person, online live, or self-paced with a quiz and a pass mark; valid for
 * a number of months), the modules each scheme or scheme type requires,
 * sessions with bookings and a waiting list that can never overbook (the
 * session's row is locked and the capacity checked in the insert itself,
 * on both engines), cancellation that promotes the first on the waiting
 * list in the same transaction, the trainer's attendance register
 * (attendance completes the module), quizzes whose pass completes it, and
 * the gate: which required modules a mentor still lacks for a scheme.
 * Functions return 0 or a negative enum err; a person's mistake is
 * ERR_INPUT (or ERR_CONFLICT) with why naming the field. */
#ifndef TANDEM_DOMAIN_TRAINING_H
#define TANDEM_DOMAIN_TRAINING_H

#include "base/buf.h"
#include "base/err.h"
#include "domain/accounts.h"
#include "domain/training_reminders.h"
#include "store/training.h"

#include <stdbool.h>

enum {
  TRAINING_MODULES_MAX = 200, TRAINING_SESSIONS_MAX = 200,
  TRAINING_BOOKINGS_MAX = 1000, TRAINING_REQUIRED_MAX = 20,
  TRAINING_QUESTIONS_MAX = 30, TRAINING_CHOICES_MAX = 8,
  TRAINING_COMPLETIONS_MAX = 200, TRAINING_SCHEMES_MAX = 40,
};

/* Who is acting, for the checks and the audit log. */
struct training_actor {
  const struct user *user;
  const char *ip;       /* may be NULL */
  const char *base_url; /* for links in mail; NULL or "": none */
};

/* ------------------------------------------------------------------ modules */

bool training_delivery_valid(const char *s);
/* "In person", "Online (live)", "Self-paced with a quiz". */
const char *training_delivery_label(const char *s);
bool training_audience_valid(const char *s);
/* "Mentors", "PAL leaders", "Staff". */
const char *training_audience_label(const char *s);

/* training_may_manage: coordinators and administrators keep the catalogue,
 * sessions, quizzes and schemes' requirements. */
bool training_may_manage(const struct user *u);
/* training_is_staff: academic champions, coordinators and administrators:
 * the people staff development (modules for staff) is for. */
bool training_is_staff(const struct user *u);

/* training_module_validate: trim m's text and check every field. */
int training_module_validate(struct module_row *m, struct err_detail *why);
/* training_module_save: create (m->id 0; *id the new id) or update m, with
 * an audit entry. ERR_PERM unless the actor may manage; ERR_INPUT or
 * ERR_CONFLICT (title taken) with why. */
int training_module_save(struct db *db, const struct training_actor *a,
                         struct module_row *m, int64_t *id,
                         struct err_detail *why);

/* training_expiry: when a completion at completed_at of a module valid for
 * months expires (the same day of the month, clamped to the month's end);
 * 0 when months is 0 (never). */
int64_t training_expiry(int64_t completed_at, int months);

/* ------------------------------------------------------ required modules */

/* training_scheme_modules_set: scheme_id requires exactly ids[0..n) (none:
 * its type's list applies), with an audit entry. ERR_PERM, ERR_NOTFOUND
 * (a module). */
int training_scheme_modules_set(struct db *db, const struct training_actor *a,
                                int64_t scheme_id, const int64_t *ids, int n);

/* One module a mentor lacks. */
struct training_gap {
  int64_t module_id;
  char title[T_TITLE];
  int64_t expired_at; /* 0: never completed */
};

/* training_missing: the modules scheme_id requires (its own list, else its
 * type's) that user_id has not completed, or whose every completion had
 * expired by now, by title, into out[0..*n). An empty list: trained. */
int training_missing(struct db *db, int64_t user_id, int64_t scheme_id,
                     int64_t now, struct training_gap *out, int max, int *n);
/* training_missing_text: "Boundaries and referral (expired on 2026-10-01)
 * and Safeguarding" into out (nothing when n is 0). */
void training_missing_text(const struct training_gap *gaps, int n,
                           struct buf *out);
/* training_gate_text: the gate's answer for a mentor in a scheme, as one
 * phrase into out: "trained", or "not yet trained: needs Safeguarding". */
int training_gate_text(struct db *db, int64_t user_id, int64_t scheme_id,
                       int64_t now, struct buf *out);

/* ----------------------------------------------------------------- sessions */

/* training_session_create: a live session of an in-person or online
 * module, with an audit entry. ERR_PERM; ERR_INPUT with why (starts_at,
 * minutes, capacity, place, trainer). */
int training_session_create(struct db *db, const struct training_actor *a,
                            struct tsession_row *s, int64_t now, int64_t *id,
                            struct err_detail *why);

/* training_may_register: whether u may keep session s's register, and
 * edit or cancel it: its trainer, a coordinator or an administrator. */
bool training_may_register(const struct user *u, const struct tsession_row *s);

/* training_session_update: change session s->id's time, length, place,
 * capacity and (coordinators only) trainer to s's, in one transaction with
 * the row locked. The capacity cannot go below the places held (ERR_INPUT
 * with why); raised, the waiting list moves up into the new places, each
 * person told by mail. A new time or place is mailed to everyone booked
 * with the updated .ics, and their day-before reminder goes out again.
 * *promoted (may be NULL) counts those promoted. ERR_PERM unless
 * training_may_register; ERR_CONFLICT with why when the session was
 * cancelled or has started; ERR_INPUT with why for a field. */
int training_session_update(struct db *db, const struct training_actor *a,
                            struct tsession_row *s, int64_t now, int *promoted,
                            struct err_detail *why);
/* training_session_cancel: cancel session_id (reason may be ""), telling
 * everyone booked or waiting by mail (those booked with a cancelled .ics),
 * in one transaction. *told (may be NULL) counts the mails. ERR_PERM
 * unless training_may_register; ERR_CONFLICT with why when it already was
 * cancelled or has started; ERR_INPUT with why for a reason over a line
 * or too long. */
int training_session_cancel(struct db *db, const struct training_actor *a,
                            int64_t session_id, const char *reason,
                            int64_t now, int *told, struct err_detail *why);

/* ----------------------------------------------------------------- bookings */

/* training_book: book u a place on session_id, or (when full) put them on
 * the waiting list; *out their booking. One transaction: the session's row
 * locked, the capacity checked in the insert. ERR_NOTFOUND; ERR_CONFLICT
 * with why when already booked or waiting, or the session has started or
 * was cancelled. */
int training_book(struct db *db, const struct training_actor *a,
                  int64_t session_id, int64_t now, struct booking_row *out,
                  struct err_detail *why);
/* training_cancel: cancel u's booking of session_id; if it held a place,
 * the first on the waiting list takes it (and is told by mail), in the
 * same transaction. *promoted the promoted person's user id, or 0.
 * ERR_NOTFOUND when u holds no booking or place there. */
int training_cancel(struct db *db, const struct training_actor *a,
                    int64_t session_id, int64_t now, int64_t *promoted);
/* training_booking_cancel: a coordinator or administrator cancels someone
 * else's booking_id (booked or waiting): the person is told by mail and,
 * if it held a place, the first waiting takes it, in one transaction.
 * *promoted as training_cancel. ERR_PERM unless training_may_manage;
 * ERR_NOTFOUND; ERR_CONFLICT when it is neither booked nor waiting. */
int training_booking_cancel(struct db *db, const struct training_actor *a,
                            int64_t booking_id, int64_t now,
                            int64_t *promoted);
/* training_mark: mark booking_id attended or no_show on the register.
 * Attended records a completion (expiring after the module's validity);
 * no-show removes the one an earlier mark recorded. ERR_PERM unless
 * training_may_register; ERR_INPUT for another state; ERR_CONFLICT when
 * the booking holds no place (waiting, cancelled). */
int training_mark(struct db *db, const struct training_actor *a,
                  int64_t booking_id, const char *state, int64_t now);

/* -------------------------------------------------------------------- quiz */

/* training_quiz_add: a question for a self-paced module: choices one per
 * line (2..TRAINING_CHOICES_MAX), correct a 0-based line. ERR_PERM;
 * ERR_INPUT with why (prompt, choices, correct). */
int training_quiz_add(struct db *db, const struct training_actor *a,
                      struct quiz_question_row *q, int64_t *id,
                      struct err_detail *why);
int training_quiz_delete(struct db *db, const struct training_actor *a,
                         int64_t module_id, int64_t question_id);

/* training_quiz_submit: score answers[i] (a 0-based choice, -1 for none)
 * against module_id's questions in order (n of them), keep the attempt,
 * and on a score at or above the pass mark record a completion, in one
 * transaction. *out the attempt. ERR_INPUT when the module has no quiz or
 * n does not match its questions. */
int training_quiz_submit(struct db *db, const struct training_actor *a,
                         int64_t module_id, const int *answers, int n,
                         int64_t now, struct attempt_row *out);

/* ---------------------------------------------------------------- calendar */

/* training_session_ics: session s as an iCalendar file (one VEVENT, its
 * UID the session's, its SEQUENCE the session's revision, cancelled when
 * the session is) into out, links built from base_url (may be NULL).
 * ERR_INTERNAL, ERR_TOOBIG. */
int training_session_ics(const struct tsession_row *s, const char *base_url,
                         int64_t now, struct buf *out);
/* training_feed_ics: user_id's calendar: every session they hold a place
 * on (booked, attended, marked absent) from a year before now, cancelled
 * sessions marked so, into out. */
int training_feed_ics(struct db *db, int64_t user_id, const char *base_url,
                      int64_t now, struct buf *out);

/* --------------------------------------------------------------- reminders */

/* training_send_reminders and its counts are in domain/training_reminders.h
 * (included above), which the server's worker includes alone. */

/* ------------------------------------------------------------------ reports */

enum { TRAINING_REPORT_MAX = 1000 };

/* One accepted mentor of a scheme and what they lack: each missing module
 * (its title in the report's list of required modules) and when their
 * completion expired (0: never completed). */
struct training_report_mentor {
  struct scheme_mentor_row who;
  int nmissing; /* 0: trained */
  struct {
    int64_t module_id, expired_at;
  } missing[TRAINING_REQUIRED_MAX];
};

/* training_report_scheme: scheme_id's accepted mentors (up to max, by
 * name), each with the required modules they lack at now into rows[0..*n);
 * the modules required into req[0..*nreq) (TRAINING_REQUIRED_MAX). */
int training_report_scheme(struct db *db, int64_t scheme_id, int64_t now,
                           struct training_report_mentor *rows, int max,
                           int *n, struct requirement_row *req, int *nreq);
/* training_report_module: everyone who has completed module_id (up to max,
 * by name), with their latest completion and when it runs out. */
int training_report_module(struct db *db, int64_t module_id,
                           struct module_holder_row *rows, int max, int *n);
/* training_holder_status: "valid", "expires soon" (within
 * TRAINING_REFRESHER_NOTICE_DAYS) or "expired" at now. */
const char *training_holder_status(const struct module_holder_row *h,
                                   int64_t now);

/* An export's bytes go to out(ctx, bytes, n): 0, or non-zero to stop. */
typedef int (*training_out_fn)(void *ctx, const void *bytes, size_t n);

/* training_report_scheme_csv: the scheme report as CSV (a header, then one
 * row a mentor: student_number, legal_name, preferred_name, email, status
 * "trained" or "not yet trained", missing, expired), formula cells
 * neutralised. ERR_IO when out fails. */
int training_report_scheme_csv(struct db *db, int64_t scheme_id, int64_t now,
                               training_out_fn out, void *ctx);
/* training_report_module_csv: the module report as CSV: name, email,
 * completed_on, expires_on ("" for never), status. */
int training_report_module_csv(struct db *db, int64_t module_id, int64_t now,
                               training_out_fn out, void *ctx);

/* training_choice: line i (0-based) of choices into out; false if none. */
bool training_choice(const char *choices, int i, char *out, size_t size);
/* training_choice_count: the number of non-empty lines of choices. */
int training_choice_count(const char *choices);

#endif
