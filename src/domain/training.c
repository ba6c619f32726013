/* domain/training.c: the rules of domain/training.h. */
#include "domain/training.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/calendar.h"
#include "domain/import.h"
#include "domain/mail.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ modules */

static const char *const deliveries[][2] = {
    {"in_person", "In person"},
    {"online_live", "Online (live)"},
    {"self_paced", "Self-paced with a quiz"},
};
static const char *const audiences[][2] = {
    {"mentors", "Mentors"},
    {"pal_leaders", "PAL leaders"},
    {"staff", "Staff"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool training_delivery_valid(const char *s)
{
  for (size_t i = 0; i < COUNT(deliveries); i++)
    if (str_eq(s, deliveries[i][0]))
      return true;
  return false;
}

const char *training_delivery_label(const char *s)
{
  for (size_t i = 0; i < COUNT(deliveries); i++)
    if (str_eq(s, deliveries[i][0]))
      return deliveries[i][1];
  return s;
}

bool training_audience_valid(const char *s)
{
  for (size_t i = 0; i < COUNT(audiences); i++)
    if (str_eq(s, audiences[i][0]))
      return true;
  return false;
}

const char *training_audience_label(const char *s)
{
  for (size_t i = 0; i < COUNT(audiences); i++)
    if (str_eq(s, audiences[i][0]))
      return audiences[i][1];
  return s;
}

bool training_may_manage(const struct user *u)
{
  return u && (u->roles & (ROLE_COORDINATOR | ROLE_ADMIN));
}

bool training_is_staff(const struct user *u)
{
  return u && (u->roles & (ROLE_COORDINATOR | ROLE_ADMIN | ROLE_CHAMPION));
}

int training_module_validate(struct module_row *m, struct err_detail *why)
{
  str_trim(m->title);
  str_trim(m->purpose);
  str_trim(m->outcomes);
  if (!m->title[0])
    return err_set(why, ERR_INPUT, "title", "Enter the module's title.");
  if (!str_valid_text(m->title, strlen(m->title)) ||
      strchr(m->title, '\n'))
    return err_set(why, ERR_INPUT, "title",
                   "Enter the title on one line of plain text.");
  if (!training_delivery_valid(m->delivery))
    return err_set(why, ERR_INPUT, "delivery",
                   "Choose how the module is delivered.");
  if (!training_audience_valid(m->audience))
    return err_set(why, ERR_INPUT, "audience", "Choose who the module is for.");
  if (m->minutes < 1 || m->minutes > 1440)
    return err_set(why, ERR_INPUT, "minutes",
                   "Enter the duration in minutes, from 1 to 1440.");
  if (m->validity_months < 0 || m->validity_months > 120)
    return err_set(why, ERR_INPUT, "validity_months",
                   "Enter the months before a refresher is due, from 0 "
                   "(never) to 120.");
  if (m->pass_mark < 0 || m->pass_mark > 100)
    return err_set(why, ERR_INPUT, "pass_mark",
                   "Enter the pass mark as a percentage, from 0 to 100.");
  return 0;
}

int training_module_save(struct db *db, const struct training_actor *a,
                         struct module_row *m, int64_t *id,
                         struct err_detail *why)
{
  int64_t now = clock_now();
  char subject[32];
  int rc;

  if (!training_may_manage(a->user))
    return ERR_PERM;
  if ((rc = training_module_validate(m, why)))
    return rc;
  if (m->id)
    rc = store_module_update(db, m, now);
  else
    rc = store_module_insert(db, m, now, &m->id);
  if (rc == ERR_CONFLICT)
    return err_set(why, ERR_CONFLICT, "title",
                   "A module with this title already exists.");
  if (rc)
    return rc;
  if (id)
    *id = m->id;
  snprintf(subject, sizeof(subject), "module:%lld", (long long)m->id);
  audit_record(db, a->user->id, "training.module.save", subject, m->title,
               a->ip);
  return 0;
}

int64_t training_expiry(int64_t completed_at, int months)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  time_t t = (time_t)completed_at;
  struct tm tm;
  int last;

  if (months <= 0)
    return 0;
  gmtime_r(&t, &tm);
  tm.tm_mon += months;
  tm.tm_year += tm.tm_mon / 12;
  tm.tm_mon %= 12;
  last = days[tm.tm_mon];
  if (tm.tm_mon == 1) {
    int y = tm.tm_year + 1900;

    if ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
      last = 29;
  }
  if (tm.tm_mday > last)
    tm.tm_mday = last;
  return (int64_t)timegm(&tm);
}

/* ------------------------------------------------------ required modules */

int training_scheme_modules_set(struct db *db, const struct training_actor *a,
                                int64_t scheme_id, const int64_t *ids, int n)
{
  struct module_row *m;
  char subject[32], detail[64];
  int rc;

  if (!training_may_manage(a->user))
    return ERR_PERM;
  if (n < 0 || n > TRAINING_REQUIRED_MAX)
    return ERR_INPUT;
  m = xmalloc(sizeof(*m));
  for (int i = 0; i < n; i++)
    if ((rc = store_module_get(db, ids[i], m)))
      goto done;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_scheme_modules_set(db, scheme_id, ids, n);
  if (!rc) {
    snprintf(subject, sizeof(subject), "scheme:%lld", (long long)scheme_id);
    snprintf(detail, sizeof(detail), "%d modules", n);
    rc = audit_record(db, a->user->id, "training.scheme.modules", subject,
                      detail, a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  rc = db_commit(db);
done:
  free(m);
  return rc;
}

int training_missing(struct db *db, int64_t user_id, int64_t scheme_id,
                     int64_t now, struct training_gap *out, int max, int *n)
{
  struct requirement_row *req =
      xmalloc(sizeof(*req) * TRAINING_REQUIRED_MAX);
  int nreq, rc;

  *n = 0;
  rc = store_requirements(db, user_id, scheme_id, req, TRAINING_REQUIRED_MAX,
                          &nreq);
  for (int i = 0; !rc && i < nreq && *n < max; i++) {
    bool valid = req[i].completed &&
                 (req[i].expires_at == 0 || req[i].expires_at > now);

    if (valid)
      continue;
    memset(&out[*n], 0, sizeof(out[*n]));
    out[*n].module_id = req[i].module_id;
    str_copy(out[*n].title, sizeof(out[*n].title), req[i].title);
    out[*n].expired_at = req[i].completed ? req[i].expires_at : 0;
    (*n)++;
  }
  free(req);
  return rc;
}

void training_missing_text(const struct training_gap *gaps, int n,
                           struct buf *out)
{
  for (int i = 0; i < n; i++) {
    if (i > 0)
      buf_puts(out, i == n - 1 ? " and " : ", ");
    buf_puts(out, gaps[i].title);
    if (gaps[i].expired_at) {
      char when[32];

      clock_format(gaps[i].expired_at, when, sizeof(when));
      when[10] = '\0'; /* the date alone */
      buf_printf(out, " (expired on %s)", when);
    }
  }
}

int training_gate_text(struct db *db, int64_t user_id, int64_t scheme_id,
                       int64_t now, struct buf *out)
{
  struct training_gap *gaps = xmalloc(sizeof(*gaps) * TRAINING_REQUIRED_MAX);
  int n, rc = training_missing(db, user_id, scheme_id, now, gaps,
                               TRAINING_REQUIRED_MAX, &n);

  if (!rc && !n)
    buf_puts(out, "trained");
  else if (!rc) {
    buf_puts(out, "not yet trained: needs ");
    training_missing_text(gaps, n, out);
  }
  free(gaps);
  return rc;
}

/* ----------------------------------------------------------------- sessions */

/* The fields of a session of module m, as a new one or an edit; the
 * place trimmed. ERR_INPUT with why. */
static int session_validate(const char *delivery, struct tsession_row *s,
                            int64_t now, struct err_detail *why)
{
  str_trim(s->place);
  if (str_eq(delivery, "self_paced"))
    return err_set(why, ERR_INPUT, "starts_at",
                   "A self-paced module has a quiz, not sessions.");
  if (s->starts_at <= now)
    return err_set(why, ERR_INPUT, "starts_at",
                   "Enter a date and time in the future.");
  if (s->minutes < 1 || s->minutes > 1440)
    return err_set(why, ERR_INPUT, "minutes",
                   "Enter the length in minutes, from 1 to 1440.");
  if (s->capacity < 1 || s->capacity > 1000)
    return err_set(why, ERR_INPUT, "capacity",
                   "Enter the number of places, from 1 to 1000.");
  if (!s->place[0] || strchr(s->place, '\n') ||
      !str_valid_text(s->place, strlen(s->place)))
    return err_set(why, ERR_INPUT, "place",
                   str_eq(delivery, "online_live")
                       ? "Enter the link to join online."
                       : "Enter the room or place.");
  return 0;
}

int training_session_create(struct db *db, const struct training_actor *a,
                            struct tsession_row *s, int64_t now, int64_t *id,
                            struct err_detail *why)
{
  struct module_row *m;
  char subject[32];
  int rc;

  if (!training_may_manage(a->user))
    return ERR_PERM;
  m = xmalloc(sizeof(*m));
  if ((rc = store_module_get(db, s->module_id, m)))
    goto done;
  if ((rc = session_validate(m->delivery, s, now, why)))
    goto done;
  if ((rc = store_tsession_insert(db, s, now, &s->id)))
    goto done;
  if (id)
    *id = s->id;
  snprintf(subject, sizeof(subject), "session:%lld", (long long)s->id);
  audit_record(db, a->user->id, "training.session.create", subject, m->title,
               a->ip);
done:
  free(m);
  return rc;
}

bool training_may_register(const struct user *u, const struct tsession_row *s)
{
  return training_may_manage(u) ||
         (u && s->trainer_user_id && u->id == s->trainer_user_id);
}

/* ------------------------------------------------------------------- mail */

static const char SIGNATURE[] = "\n-- Tandem, the Peer Mentoring Team\n";

/* "https://mentoring.example.ac.uk/training/sessions/12" into out, or ""
 * without a base URL. */
static void session_link(char *out, size_t size, const char *base_url,
                         int64_t session_id)
{
  if (base_url && base_url[0])
    snprintf(out, size, "%s/training/sessions/%lld", base_url,
             (long long)session_id);
  else if (size)
    out[0] = '\0';
}

/* The session's lines of a mail: what, when, how long, where. */
static void session_lines(struct buf *b, const struct tsession_row *s)
{
  char when[32];

  clock_format(s->starts_at, when, sizeof(when));
  buf_printf(b, "%s\n%s (UTC), %d minutes\n%s\n", s->module_title, when,
             s->minutes, s->place);
}

/* Queue a mail about session s to u: greeting, intro, the session, then
 * after (may be NULL), a link to the session and the signature; with the
 * session's .ics attached when attach. */
static int mail_session(struct db *db, const struct user *u,
                        const char *subject, const char *intro,
                        const char *after, const struct tsession_row *s,
                        bool attach, const char *base_url, int64_t now)
{
  struct buf body, ics;
  char link[512];
  int rc = 0;

  buf_init(&body, OUTBOX_BODY_MAX - 1);
  buf_init(&ics, OUTBOX_ATTACHMENT_MAX - 1);
  session_link(link, sizeof(link), base_url, s->id);
  buf_printf(&body, "Hello %s,\n\n%s\n\n", u->name, intro);
  session_lines(&body, s);
  if (after && after[0])
    buf_printf(&body, "\n%s\n", after);
  if (link[0])
    buf_printf(&body, "\nThe session's page: %s\n", link);
  buf_puts(&body, SIGNATURE);
  if (buf_failed(&body))
    rc = ERR_TOOBIG;
  if (!rc && attach)
    rc = training_session_ics(s, base_url, now, &ics);
  if (!rc) {
    struct mail_attachment att = {"training-session.ics", "text/calendar",
                                  buf_cstr(&ics)};

    rc = mail_queue_attached(db, u->email, subject, buf_cstr(&body),
                             attach ? &att : NULL);
  }
  buf_free(&body);
  buf_free(&ics);
  return rc;
}

/* mail_session to user_id (nothing if their account is gone). */
static int mail_session_to(struct db *db, int64_t user_id,
                           const char *subject, const char *intro,
                           const char *after, const struct tsession_row *s,
                           bool attach, const char *base_url, int64_t now)
{
  struct user u;
  int rc = account_get(db, user_id, &u);

  if (rc)
    return rc == ERR_NOTFOUND ? 0 : rc;
  return mail_session(db, &u, subject, intro, after, s, attach, base_url,
                      now);
}

static int mail_booked(struct db *db, const struct user *u,
                       const struct tsession_row *s, const char *base_url,
                       int64_t now)
{
  char subject[256];

  snprintf(subject, sizeof(subject), "Booked: %s", s->module_title);
  return mail_session(db, u, subject, "Your place is booked:",
                      "The attached calendar file adds the session to your "
                      "calendar. If you cannot come, please cancel your "
                      "booking so that someone else can take the place.",
                      s, true, base_url, now);
}

/* The mail to the person promoted from the waiting list. */
static int mail_promoted(struct db *db, int64_t user_id,
                         const struct tsession_row *s, const char *base_url,
                         int64_t now)
{
  char subject[256];

  snprintf(subject, sizeof(subject), "A place for you: %s", s->module_title);
  return mail_session_to(db, user_id, subject,
                         "A place has opened on the training session you "
                         "were waiting for, and it is now yours:",
                         "The attached calendar file adds the session to "
                         "your calendar. If you cannot come, please cancel "
                         "your booking so that someone else can take the "
                         "place.",
                         s, true, base_url, now);
}

/* Give free places of session s to the waiting list, in order, mailing
 * each person promoted; *count (may be NULL) adds them, *first (may be
 * NULL) is the first promoted or 0. Inside the caller's transaction, after
 * the session's row is locked. */
static int promote_all(struct db *db, const struct tsession_row *s,
                       const char *base_url, int64_t now, int *count,
                       int64_t *first)
{
  int64_t who;
  int rc;

  if (first)
    *first = 0;
  for (;;) {
    if ((rc = store_booking_promote(db, s->id, now, &who)) || !who)
      return rc;
    if (first && !*first)
      *first = who;
    if (count)
      (*count)++;
    if ((rc = mail_promoted(db, who, s, base_url, now)))
      return rc;
  }
}

/* ----------------------------------------------------------------- bookings */

/* -------------------------------------------- editing and cancelling */

int training_session_update(struct db *db, const struct training_actor *a,
                            struct tsession_row *s, int64_t now, int *promoted,
                            struct err_detail *why)
{
  struct tsession_row *old = xmalloc(sizeof(*old));
  struct booking_row *rows = NULL;
  int64_t position;
  bool moved;
  int n = 0, count = 0, rc;

  if ((rc = store_tsession_get(db, s->id, old)))
    goto done;
  if (!training_may_register(a->user, old) ||
      (!training_may_manage(a->user) &&
       s->trainer_user_id != old->trainer_user_id)) {
    rc = ERR_PERM; /* a trainer edits their session, never its trainer */
    goto done;
  }
  if (old->cancelled_at) {
    rc = err_set(why, ERR_CONFLICT, "", "This session was cancelled.");
    goto done;
  }
  if (old->starts_at <= now) {
    rc = err_set(why, ERR_CONFLICT, "", "This session has already started.");
    goto done;
  }
  if ((rc = session_validate(old->delivery, s, now, why)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_tsession_lock(db, s->id, &position);
  /* Read again under the lock: the places held are now settled. */
  if (!rc)
    rc = store_tsession_get(db, s->id, old);
  if (!rc && s->capacity < old->held)
    rc = err_set(why, ERR_INPUT, "capacity",
                 old->held == 1 ? "1 place is booked: enter at least 1."
                                : "More places are booked than that: enter "
                                  "at least the number booked.");
  if (!rc)
    rc = store_tsession_update(db, s);
  moved = old->starts_at != s->starts_at || old->minutes != s->minutes ||
          !str_eq(old->place, s->place);
  if (!rc && moved)
    rc = store_booking_forget_reminders(db, s->id);
  /* Everything the mails show comes from the row as it now is. */
  if (!rc)
    rc = store_tsession_get(db, s->id, s);
  if (!rc && moved) {
    rows = xmalloc(sizeof(*rows) * TRAINING_BOOKINGS_MAX);
    rc = store_booking_list_session(db, s->id, rows, TRAINING_BOOKINGS_MAX,
                                    &n);
    for (int i = 0; !rc && i < n; i++) {
      char subject[256];

      if (!str_eq(rows[i].state, "booked"))
        continue;
      snprintf(subject, sizeof(subject), "Changed: %s", s->module_title);
      rc = mail_session_to(db, rows[i].user_id, subject,
                           "The training session you booked has changed. "
                           "It is now:",
                           "The attached calendar file updates the session "
                           "in your calendar. If you can no longer come, "
                           "please cancel your booking.",
                           s, true, a->base_url, now);
    }
  }
  if (!rc)
    rc = promote_all(db, s, a->base_url, now, &count, NULL);
  if (!rc) {
    char subject[32];

    snprintf(subject, sizeof(subject), "session:%lld", (long long)s->id);
    rc = audit_record(db, a->user->id, "training.session.update", subject,
                      s->module_title, a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  if ((rc = db_commit(db)))
    goto done;
  if (promoted)
    *promoted = count;
done:
  free(old);
  free(rows);
  return rc;
}

int training_session_cancel(struct db *db, const struct training_actor *a,
                            int64_t session_id, const char *reason,
                            int64_t now, int *told, struct err_detail *why)
{
  struct tsession_row *s = xmalloc(sizeof(*s));
  struct booking_row *rows = NULL;
  char clean[T_PLACE], subject[256];
  int64_t position;
  int n = 0, count = 0, rc;

  if ((rc = store_tsession_get(db, session_id, s)))
    goto done;
  if (!training_may_register(a->user, s)) {
    rc = ERR_PERM;
    goto done;
  }
  if (s->cancelled_at) {
    rc = err_set(why, ERR_CONFLICT, "", "This session was already "
                                        "cancelled.");
    goto done;
  }
  if (s->starts_at <= now) {
    rc = err_set(why, ERR_CONFLICT, "", "This session has already started.");
    goto done;
  }
  if (!str_copy(clean, sizeof(clean), reason ? reason : "") ||
      strpbrk(clean, "\r\n") || !str_valid_text(clean, strlen(clean))) {
    rc = err_set(why, ERR_INPUT, "reason",
                 "Enter the reason on one line, in at most 300 characters.");
    goto done;
  }
  str_trim(clean);
  if ((rc = db_begin(db)))
    goto done;
  /* The lock keeps bookings from arriving while everyone is told. */
  rc = store_tsession_lock(db, session_id, &position);
  if (!rc)
    rc = store_tsession_cancel(db, session_id, clean, now);
  if (!rc)
    rc = store_tsession_get(db, session_id, s);
  if (!rc) {
    rows = xmalloc(sizeof(*rows) * TRAINING_BOOKINGS_MAX);
    rc = store_booking_list_session(db, session_id, rows,
                                    TRAINING_BOOKINGS_MAX, &n);
  }
  snprintf(subject, sizeof(subject), "Cancelled: %s", s->module_title);
  for (int i = 0; !rc && i < n; i++) {
    bool booked = str_eq(rows[i].state, "booked");
    char after[512];

    if (!booked && !str_eq(rows[i].state, "waiting"))
      continue;
    snprintf(after, sizeof(after), "%s%s%sYou can book another session from "
                                   "the module's page.",
             clean[0] ? "The reason: " : "", clean, clean[0] ? "\n\n" : "");
    rc = mail_session_to(db, rows[i].user_id, subject,
                         booked ? "We are sorry: the training session you "
                                  "booked has been cancelled."
                                : "We are sorry: the training session you "
                                  "were waiting for has been cancelled.",
                         after, s, booked, a->base_url, now);
    count++;
  }
  if (!rc) {
    char what[32];

    snprintf(what, sizeof(what), "session:%lld", (long long)session_id);
    rc = audit_record(db, a->user->id, "training.session.cancel", what,
                      clean[0] ? clean : s->module_title, a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  if ((rc = db_commit(db)))
    goto done;
  if (told)
    *told = count;
done:
  free(s);
  free(rows);
  return rc;
}

int training_book(struct db *db, const struct training_actor *a,
                  int64_t session_id, int64_t now, struct booking_row *out,
                  struct err_detail *why)
{
  struct tsession_row *s = xmalloc(sizeof(*s));
  int64_t position, id = 0;
  bool booked;
  int rc;

  if ((rc = store_tsession_get(db, session_id, s)))
    goto done;
  if (str_eq(s->audience, "staff") && !training_is_staff(a->user)) {
    rc = ERR_PERM; /* staff development is for staff */
    goto done;
  }
  if (s->cancelled_at) {
    rc = err_set(why, ERR_CONFLICT, "", "This session was cancelled.");
    goto done;
  }
  if (!s->module_active) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "This module has been retired: its sessions take no new "
                 "bookings.");
    goto done;
  }
  if (s->starts_at <= now) {
    rc = err_set(why, ERR_CONFLICT, "", "This session has already started.");
    goto done;
  }
  if ((rc = db_begin(db)))
    goto done;
  /* The lock first: every later read in this transaction sees the
   * bookings of the ones decided before it. */
  rc = store_tsession_lock(db, session_id, &position);
  if (!rc) {
    rc = store_booking_find(db, session_id, a->user->id, out);
    if (!rc && !str_eq(out->state, "cancelled"))
      rc = err_set(why, ERR_CONFLICT, "",
                   str_eq(out->state, "waiting")
                       ? "You are already on the waiting list."
                       : "You have already booked this session.");
    else if (!rc)
      rc = store_booking_delete_cancelled(db, out->id);
    else if (rc == ERR_NOTFOUND)
      rc = 0;
  }
  if (!rc)
    rc = store_booking_take(db, session_id, a->user->id, position, now,
                            &booked, &id);
  if (!rc && !booked)
    rc = store_booking_queue(db, session_id, a->user->id, position, now, &id);
  if (!rc && booked)
    rc = mail_booked(db, a->user, s, a->base_url, now);
  if (!rc) {
    char subject[32];

    snprintf(subject, sizeof(subject), "session:%lld", (long long)session_id);
    rc = audit_record(db, a->user->id,
                      booked ? "training.book" : "training.wait", subject,
                      s->module_title, a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  if ((rc = db_commit(db)))
    goto done;
  rc = store_booking_get(db, id, out);
done:
  free(s);
  return rc;
}

/* Cancel booking b of session s (inside the caller's transaction, the
 * session's row locked): if it held a place, the first waiting takes it
 * (and is mailed); by_manager: the person is told too. */
static int cancel_locked(struct db *db, const struct training_actor *a,
                         const struct tsession_row *s,
                         const struct booking_row *b, bool by_manager,
                         int64_t now, int64_t *promoted)
{
  bool held = str_eq(b->state, "booked");
  char subject[64];
  int rc = store_booking_cancel(db, b->id, now);

  if (!rc && held && !s->cancelled_at && s->starts_at > now)
    rc = promote_all(db, s, a->base_url, now, NULL, promoted);
  if (!rc && by_manager) {
    char title[256];

    snprintf(title, sizeof(title), "Booking cancelled: %s", s->module_title);
    rc = mail_session_to(db, b->user_id, title,
                         str_eq(b->state, "waiting")
                             ? "The Peer Mentoring Team has taken you off "
                               "the waiting list of this training session:"
                             : "The Peer Mentoring Team has cancelled your "
                               "booking of this training session:",
                         "If you did not expect this, please ask the team. "
                         "You can book another session from the module's "
                         "page.",
                         s, false, a->base_url, now);
  }
  if (!rc) {
    snprintf(subject, sizeof(subject), "booking:%lld", (long long)b->id);
    rc = audit_record(db, a->user->id,
                      by_manager ? "training.booking.cancel"
                                 : "training.cancel",
                      subject, s->module_title, a->ip);
  }
  return rc;
}

int training_cancel(struct db *db, const struct training_actor *a,
                    int64_t session_id, int64_t now, int64_t *promoted)
{
  struct tsession_row *s = xmalloc(sizeof(*s));
  struct booking_row *b = xmalloc(sizeof(*b));
  int64_t position;
  int rc;

  *promoted = 0;
  if ((rc = store_tsession_get(db, session_id, s)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_tsession_lock(db, session_id, &position);
  if (!rc)
    rc = store_booking_find(db, session_id, a->user->id, b);
  if (!rc)
    rc = cancel_locked(db, a, s, b, false, now, promoted);
  if (rc == ERR_CONFLICT)
    rc = ERR_NOTFOUND; /* nothing of theirs left to cancel */
  if (rc) {
    db_rollback(db);
    goto done;
  }
  rc = db_commit(db);
done:
  free(s);
  free(b);
  return rc;
}

int training_booking_cancel(struct db *db, const struct training_actor *a,
                            int64_t booking_id, int64_t now,
                            int64_t *promoted)
{
  struct tsession_row *s = xmalloc(sizeof(*s));
  struct booking_row *b = xmalloc(sizeof(*b));
  int64_t position;
  int rc;

  *promoted = 0;
  if (!training_may_manage(a->user)) {
    rc = ERR_PERM;
    goto done;
  }
  if ((rc = store_booking_get(db, booking_id, b)) ||
      (rc = store_tsession_get(db, b->session_id, s)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  /* The session's row first (a cancelled one has no lock to take), then
   * the booking again: it may have moved since it was read. */
  rc = s->cancelled_at ? 0 : store_tsession_lock(db, s->id, &position);
  if (!rc)
    rc = store_booking_get(db, booking_id, b);
  if (!rc && !str_eq(b->state, "booked") && !str_eq(b->state, "waiting"))
    rc = ERR_CONFLICT;
  if (!rc)
    rc = cancel_locked(db, a, s, b, true, now, promoted);
  if (rc) {
    db_rollback(db);
    goto done;
  }
  rc = db_commit(db);
done:
  free(s);
  free(b);
  return rc;
}

int training_mark(struct db *db, const struct training_actor *a,
                  int64_t booking_id, const char *state, int64_t now)
{
  struct booking_row *b = xmalloc(sizeof(*b));
  struct tsession_row *s = xmalloc(sizeof(*s));
  struct module_row *m = xmalloc(sizeof(*m));
  char subject[32];
  int rc;

  if (!str_eq(state, "attended") && !str_eq(state, "no_show")) {
    rc = ERR_INPUT;
    goto done;
  }
  if ((rc = store_booking_get(db, booking_id, b)) ||
      (rc = store_tsession_get(db, b->session_id, s)) ||
      (rc = store_module_get(db, s->module_id, m)))
    goto done;
  if (!training_may_register(a->user, s)) {
    rc = ERR_PERM;
    goto done;
  }
  if ((rc = db_begin(db)))
    goto done;
  rc = store_booking_mark(db, booking_id, state, now);
  /* A mark replaces an earlier one: at most one completion per booking. */
  if (!rc)
    rc = store_completion_remove(db, "attendance", booking_id);
  if (!rc && str_eq(state, "attended")) {
    struct completion_row c;

    memset(&c, 0, sizeof(c));
    c.user_id = b->user_id;
    c.module_id = m->id;
    c.completed_at = now;
    c.expires_at = training_expiry(now, m->validity_months);
    str_copy(c.how, sizeof(c.how), "attendance");
    c.source_id = booking_id;
    rc = store_completion_add(db, &c, NULL);
  }
  if (!rc) {
    snprintf(subject, sizeof(subject), "booking:%lld", (long long)booking_id);
    rc = audit_record(db, a->user->id, "training.register", subject, state,
                      a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  rc = db_commit(db);
done:
  free(b);
  free(s);
  free(m);
  return rc;
}

/* -------------------------------------------------------------------- quiz */

bool training_choice(const char *choices, int i, char *out, size_t size)
{
  const char *p = choices;
  int k = 0;

  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char line[T_CHOICES];

    if (len >= sizeof(line))
      len = sizeof(line) - 1;
    memcpy(line, p, len);
    line[len] = '\0';
    str_trim(line);
    if (line[0]) {
      if (k == i) {
        str_copy(out, size, line);
        return true;
      }
      k++;
    }
    if (!e)
      break;
    p = e + 1;
  }
  return false;
}

int training_choice_count(const char *choices)
{
  char tmp[T_CHOICES];
  int n = 0;

  while (n <= TRAINING_CHOICES_MAX && training_choice(choices, n, tmp,
                                                      sizeof(tmp)))
    n++;
  return n;
}

int training_quiz_add(struct db *db, const struct training_actor *a,
                      struct quiz_question_row *q, int64_t *id,
                      struct err_detail *why)
{
  struct module_row *m;
  int count, rc;

  if (!training_may_manage(a->user))
    return ERR_PERM;
  m = xmalloc(sizeof(*m));
  if ((rc = store_module_get(db, q->module_id, m)))
    goto done;
  str_trim(q->prompt);
  count = training_choice_count(q->choices);
  if (!str_eq(m->delivery, "self_paced"))
    rc = err_set(why, ERR_INPUT, "prompt",
                 "Only a self-paced module has a quiz.");
  else if (!q->prompt[0] || !str_valid_text(q->prompt, strlen(q->prompt)))
    rc = err_set(why, ERR_INPUT, "prompt", "Enter the question.");
  else if (count < 2 || count > TRAINING_CHOICES_MAX)
    rc = err_set(why, ERR_INPUT, "choices",
                 "Enter from 2 to 8 answers to choose from, one per line.");
  else if (q->correct < 0 || q->correct >= count)
    rc = err_set(why, ERR_INPUT, "correct",
                 "Enter the number of the correct answer in the list.");
  else
    rc = store_quiz_insert(db, q, id);
  if (!rc) {
    char subject[32];

    snprintf(subject, sizeof(subject), "module:%lld",
             (long long)q->module_id);
    audit_record(db, a->user->id, "training.quiz.add", subject, q->prompt,
                 a->ip);
  }
done:
  free(m);
  return rc;
}

int training_quiz_delete(struct db *db, const struct training_actor *a,
                         int64_t module_id, int64_t question_id)
{
  char subject[32];
  int rc;

  if (!training_may_manage(a->user))
    return ERR_PERM;
  rc = store_quiz_delete(db, question_id, module_id);
  if (rc == ERR_CONFLICT)
    return ERR_NOTFOUND;
  if (!rc) {
    snprintf(subject, sizeof(subject), "module:%lld", (long long)module_id);
    audit_record(db, a->user->id, "training.quiz.delete", subject, NULL,
                 a->ip);
  }
  return rc;
}

int training_quiz_submit(struct db *db, const struct training_actor *a,
                         int64_t module_id, const int *answers, int n,
                         int64_t now, struct attempt_row *out)
{
  struct module_row *m = xmalloc(sizeof(*m));
  struct quiz_question_row *qs =
      xmalloc(sizeof(*qs) * TRAINING_QUESTIONS_MAX);
  int nq, right = 0, rc;
  size_t used = 0;

  memset(out, 0, sizeof(*out));
  if ((rc = store_module_get(db, module_id, m)) ||
      (rc = store_quiz_list(db, module_id, qs, TRAINING_QUESTIONS_MAX, &nq)))
    goto done;
  if (!str_eq(m->delivery, "self_paced") || !m->active || nq == 0 ||
      n != nq) {
    rc = ERR_INPUT;
    goto done;
  }
  for (int i = 0; i < nq; i++) {
    int w;

    if (answers[i] == qs[i].correct)
      right++;
    w = snprintf(out->answers + used, sizeof(out->answers) - used,
                 "%s%lld=%d", i ? " " : "", (long long)qs[i].id, answers[i]);
    if (w > 0 && (size_t)w < sizeof(out->answers) - used)
      used += (size_t)w;
  }
  out->user_id = a->user->id;
  out->module_id = module_id;
  out->at = now;
  out->score_percent = right * 100 / nq;
  out->passed = out->score_percent >= m->pass_mark;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_attempt_insert(db, out, &out->id);
  if (!rc && out->passed) {
    struct completion_row c;

    memset(&c, 0, sizeof(c));
    c.user_id = a->user->id;
    c.module_id = module_id;
    c.completed_at = now;
    c.expires_at = training_expiry(now, m->validity_months);
    str_copy(c.how, sizeof(c.how), "quiz");
    c.source_id = out->id;
    rc = store_completion_add(db, &c, NULL);
  }
  if (!rc) {
    char subject[32], detail[32];

    snprintf(subject, sizeof(subject), "module:%lld", (long long)module_id);
    snprintf(detail, sizeof(detail), "%d%% %s", out->score_percent,
             out->passed ? "passed" : "not passed");
    rc = audit_record(db, a->user->id, "training.quiz", subject, detail,
                      a->ip);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  rc = db_commit(db);
done:
  free(m);
  free(qs);
  return rc;
}

/* ---------------------------------------------------------------- calendar */

enum { DAY = 86400 };

/* One event's strings, beside the event that points at them. */
struct ics_item {
  struct calendar_event e;
  char uid[64], url[512], summary[T_TITLE + 16], desc[1024];
};

static void ics_item_fill(struct ics_item *it, int64_t session_id,
                          const char *title, int64_t starts_at, int minutes,
                          const char *place, int revision, bool cancelled,
                          const char *trainer, const char *base_url)
{
  memset(it, 0, sizeof(*it));
  snprintf(it->uid, sizeof(it->uid), "training-session-%lld@tandem",
           (long long)session_id);
  session_link(it->url, sizeof(it->url), base_url, session_id);
  snprintf(it->summary, sizeof(it->summary), "Training: %s", title);
  snprintf(it->desc, sizeof(it->desc), "%s, a Tandem training session%s%s."
                                       "%s%s",
           title, trainer && trainer[0] ? " with " : "",
           trainer ? trainer : "", it->url[0] ? "\n" : "", it->url);
  it->e.uid = it->uid;
  it->e.starts_at = starts_at;
  it->e.minutes = minutes;
  it->e.sequence = revision;
  it->e.summary = it->summary;
  it->e.location = place;
  it->e.description = it->desc;
  it->e.url = it->url;
  it->e.cancelled = cancelled;
}

int training_session_ics(const struct tsession_row *s, const char *base_url,
                         int64_t now, struct buf *out)
{
  struct ics_item *it = xmalloc(sizeof(*it));
  int rc;

  ics_item_fill(it, s->id, s->module_title, s->starts_at, s->minutes,
                s->place, s->revision, s->cancelled_at != 0, s->trainer_name,
                base_url);
  rc = calendar_write(NULL, &it->e, 1, now, out);
  free(it);
  return rc;
}

int training_feed_ics(struct db *db, int64_t user_id, const char *base_url,
                      int64_t now, struct buf *out)
{
  struct booking_row *rows = xmalloc(sizeof(*rows) * TRAINING_SESSIONS_MAX);
  struct ics_item *items = xmalloc(sizeof(*items) * TRAINING_SESSIONS_MAX);
  struct calendar_event *ev = xmalloc(sizeof(*ev) * TRAINING_SESSIONS_MAX);
  int n, k = 0, rc;

  rc = store_booking_list_user(db, user_id, now - 365 * DAY, rows,
                               TRAINING_SESSIONS_MAX, &n);
  for (int i = 0; !rc && i < n; i++) {
    const struct booking_row *b = &rows[i];

    if (str_eq(b->state, "waiting"))
      continue; /* not theirs (yet) */
    ics_item_fill(&items[k], b->session_id, b->module_title, b->starts_at,
                  b->minutes, b->place, b->revision,
                  b->session_cancelled_at != 0, NULL, base_url);
    ev[k] = items[k].e;
    k++;
  }
  if (!rc)
    rc = calendar_write("Tandem training", ev, k, now, out);
  free(rows);
  free(items);
  free(ev);
  return rc;
}

/* --------------------------------------------------------------- reminders */

/* Queue booking b's reminder, if nobody has: one transaction. */
static int remind_one(struct db *db, const struct booking_row *b,
                      const char *base_url, int64_t now, bool *sent)
{
  struct tsession_row *s = xmalloc(sizeof(*s));
  char subject[256];
  int rc;

  *sent = false;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_booking_reminded(db, b->id, now);
  if (rc == ERR_CONFLICT) { /* another node, or a cancellation, was first */
    db_rollback(db);
    rc = 0;
    goto done;
  }
  if (!rc)
    rc = store_tsession_get(db, b->session_id, s);
  if (!rc) {
    snprintf(subject, sizeof(subject), "Tomorrow: %s", s->module_title);
    rc = mail_session_to(db, b->user_id, subject,
                         "A reminder of the training session you booked:",
                         "If you can no longer come, please cancel your "
                         "booking so that someone on the waiting list can "
                         "take the place.",
                         s, false, base_url, now);
  }
  if (rc) {
    db_rollback(db);
    goto done;
  }
  if (!(rc = db_commit(db)))
    *sent = true;
done:
  free(s);
  return rc;
}

/* Queue completion c's refresher notice, if nobody has: one transaction. */
static int notice_one(struct db *db, const struct completion_row *c,
                      const char *base_url, int64_t now, bool *sent)
{
  struct buf body;
  char subject[256], until[32];
  int rc;

  *sent = false;
  clock_format(c->expires_at, until, sizeof(until));
  until[10] = '\0';
  buf_init(&body, OUTBOX_BODY_MAX - 1);
  buf_printf(&body,
             "Hello %s,\n\nYour training in %s is valid until %s. Schemes "
             "that require it need a refresher before then: a mentor whose "
             "training has expired cannot be matched.\n\n",
             c->user_name, c->module_title, until);
  if (base_url && base_url[0])
    buf_printf(&body, "Book a session or take the quiz again: "
                      "%s/training/modules/%lld\n",
               base_url, (long long)c->module_id);
  else
    buf_puts(&body, "Book a session or take the quiz again from the "
                    "Training page in Tandem.\n");
  buf_puts(&body, SIGNATURE);
  snprintf(subject, sizeof(subject), "Refresher due: %s", c->module_title);
  if ((rc = db_begin(db)))
    goto done;
  rc = store_completion_noticed(db, c->id, now);
  if (rc == ERR_CONFLICT) {
    db_rollback(db);
    rc = 0;
    goto done;
  }
  if (!rc)
    rc = buf_failed(&body) ? ERR_TOOBIG
                           : mail_queue(db, c->user_email, subject,
                                        buf_cstr(&body));
  if (rc) {
    db_rollback(db);
    goto done;
  }
  if (!(rc = db_commit(db)))
    *sent = true;
done:
  buf_free(&body);
  return rc;
}

int training_send_reminders(struct db *db, int64_t now, const char *base_url,
                            struct training_reminders *out)
{
  struct booking_row *due =
      xmalloc(sizeof(*due) * TRAINING_REMINDERS_BATCH);
  struct completion_row *ending =
      xmalloc(sizeof(*ending) * TRAINING_REMINDERS_BATCH);
  struct training_reminders count = {0, 0};
  int n, rc;
  bool sent;

  rc = store_reminders_due(db, now, due, TRAINING_REMINDERS_BATCH, &n);
  for (int i = 0; !rc && i < n; i++)
    if (!(rc = remind_one(db, &due[i], base_url, now, &sent)) && sent)
      count.reminders++;
  if (!rc)
    rc = store_refreshers_due(db, now,
                              now + TRAINING_REFRESHER_NOTICE_DAYS * DAY,
                              ending, TRAINING_REMINDERS_BATCH, &n);
  for (int i = 0; !rc && i < n; i++)
    if (!(rc = notice_one(db, &ending[i], base_url, now, &sent)) && sent)
      count.refreshers++;
  if (out)
    *out = count;
  free(due);
  free(ending);
  return rc;
}

/* ------------------------------------------------------------------ reports */

int training_report_scheme(struct db *db, int64_t scheme_id, int64_t now,
                           struct training_report_mentor *rows, int max,
                           int *n, struct requirement_row *req, int *nreq)
{
  struct scheme_mentor_row *who = xmalloc(sizeof(*who) * (size_t)max);
  struct requirement_row *theirs =
      xmalloc(sizeof(*theirs) * TRAINING_REQUIRED_MAX);
  int nwho, rc;

  *n = 0;
  /* user 0 has no completions: the plain list of what is required. */
  if ((rc = store_requirements(db, 0, scheme_id, req, TRAINING_REQUIRED_MAX,
                               nreq)) ||
      (rc = store_scheme_mentors(db, scheme_id, who, max, &nwho)))
    goto done;
  for (int i = 0; i < nwho; i++) {
    struct training_report_mentor *o = &rows[(*n)++];
    int nt;

    memset(o, 0, sizeof(*o));
    o->who = who[i];
    if ((rc = store_requirements(db, who[i].user_id, scheme_id, theirs,
                                 TRAINING_REQUIRED_MAX, &nt)))
      goto done;
    for (int k = 0; k < nt; k++) {
      bool valid = theirs[k].completed && (theirs[k].expires_at == 0 ||
                                           theirs[k].expires_at > now);

      if (valid)
        continue;
      o->missing[o->nmissing].module_id = theirs[k].module_id;
      o->missing[o->nmissing].expired_at =
          theirs[k].completed ? theirs[k].expires_at : 0;
      o->nmissing++;
    }
  }
done:
  free(who);
  free(theirs);
  return rc;
}

int training_report_module(struct db *db, int64_t module_id,
                           struct module_holder_row *rows, int max, int *n)
{
  return store_module_holders(db, module_id, rows, max, n);
}

const char *training_holder_status(const struct module_holder_row *h,
                                   int64_t now)
{
  if (!h->expires_at)
    return "valid";
  if (h->expires_at <= now)
    return "expired";
  if (h->expires_at <= now + TRAINING_REFRESHER_NOTICE_DAYS * DAY)
    return "expires soon";
  return "valid";
}

static void csv_line(struct buf *b, const char *const *cells, int n)
{
  for (int i = 0; i < n; i++) {
    if (i)
      buf_putc(b, ',');
    csv_cell_append(b, cells[i] ? cells[i] : "");
  }
  buf_puts(b, "\r\n");
}

/* Hand b's bytes to out and empty it. */
static int csv_flush(struct buf *b, training_out_fn out, void *ctx)
{
  int rc = 0;

  if (buf_failed(b))
    rc = ERR_TOOBIG;
  else if (b->len && out(ctx, b->data, b->len))
    rc = ERR_IO;
  buf_reset(b);
  return rc;
}

static const char *req_title(const struct requirement_row *req, int nreq,
                             int64_t id)
{
  for (int i = 0; i < nreq; i++)
    if (req[i].module_id == id)
      return req[i].title;
  return "";
}

int training_report_scheme_csv(struct db *db, int64_t scheme_id, int64_t now,
                               training_out_fn out, void *ctx)
{
  static const char *const head[] = {
      "student_number", "legal_name", "preferred_name", "email",
      "status",         "missing",    "expired"};
  struct training_report_mentor *rows =
      xmalloc(sizeof(*rows) * TRAINING_REPORT_MAX);
  struct requirement_row *req = xmalloc(sizeof(*req) * TRAINING_REQUIRED_MAX);
  struct buf line, missing, expired;
  int n, nreq, rc;

  buf_init(&line, 1 << 16);
  buf_init(&missing, 1 << 14);
  buf_init(&expired, 1 << 14);
  rc = training_report_scheme(db, scheme_id, now, rows, TRAINING_REPORT_MAX,
                              &n, req, &nreq);
  if (!rc) {
    csv_line(&line, head, 7);
    rc = csv_flush(&line, out, ctx);
  }
  for (int i = 0; !rc && i < n; i++) {
    const struct training_report_mentor *m = &rows[i];
    const char *cells[7];

    buf_reset(&missing);
    buf_reset(&expired);
    for (int k = 0; k < m->nmissing; k++) {
      struct buf *into = m->missing[k].expired_at ? &expired : &missing;

      if (into->len)
        buf_puts(into, "; ");
      buf_puts(into, req_title(req, nreq, m->missing[k].module_id));
    }
    cells[0] = m->who.student_number;
    cells[1] = m->who.legal_name;
    cells[2] = m->who.preferred_name;
    cells[3] = m->who.email;
    cells[4] = m->nmissing ? "not yet trained" : "trained";
    cells[5] = buf_cstr(&missing);
    cells[6] = buf_cstr(&expired);
    csv_line(&line, cells, 7);
    rc = csv_flush(&line, out, ctx);
  }
  buf_free(&line);
  buf_free(&missing);
  buf_free(&expired);
  free(rows);
  free(req);
  return rc;
}

int training_report_module_csv(struct db *db, int64_t module_id, int64_t now,
                               training_out_fn out, void *ctx)
{
  static const char *const head[] = {"name", "email", "completed_on",
                                     "expires_on", "status"};
  struct module_holder_row *rows =
      xmalloc(sizeof(*rows) * TRAINING_REPORT_MAX);
  struct buf line;
  int n, rc;

  buf_init(&line, 1 << 16);
  rc = training_report_module(db, module_id, rows, TRAINING_REPORT_MAX, &n);
  if (!rc) {
    csv_line(&line, head, 5);
    rc = csv_flush(&line, out, ctx);
  }
  for (int i = 0; !rc && i < n; i++) {
    char done[32], until[32] = "";
    const char *cells[5];

    clock_format(rows[i].completed_at, done, sizeof(done));
    done[10] = '\0';
    if (rows[i].expires_at) {
      clock_format(rows[i].expires_at, until, sizeof(until));
      until[10] = '\0';
    }
    cells[0] = rows[i].name;
    cells[1] = rows[i].email;
    cells[2] = done;
    cells[3] = until;
    cells[4] = training_holder_status(&rows[i], now);
    csv_line(&line, cells, 5);
    rc = csv_flush(&line, out, ctx);
  }
  buf_free(&line);
  free(rows);
  return rc;
}
