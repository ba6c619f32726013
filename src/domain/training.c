/* domain/training.c: the rules of domain/training.h. */
#include "domain/training.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
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

int training_session_create(struct db *db, const struct training_actor *a,
                            struct session_row *s, int64_t now, int64_t *id,
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
  str_trim(s->place);
  if (str_eq(m->delivery, "self_paced")) {
    rc = err_set(why, ERR_INPUT, "starts_at",
                 "A self-paced module has a quiz, not sessions.");
    goto done;
  }
  if (s->starts_at <= now) {
    rc = err_set(why, ERR_INPUT, "starts_at",
                 "Enter a date and time in the future.");
    goto done;
  }
  if (s->minutes < 1 || s->minutes > 1440) {
    rc = err_set(why, ERR_INPUT, "minutes",
                 "Enter the length in minutes, from 1 to 1440.");
    goto done;
  }
  if (s->capacity < 1 || s->capacity > 1000) {
    rc = err_set(why, ERR_INPUT, "capacity",
                 "Enter the number of places, from 1 to 1000.");
    goto done;
  }
  if (!s->place[0] || strchr(s->place, '\n') ||
      !str_valid_text(s->place, strlen(s->place))) {
    rc = err_set(why, ERR_INPUT, "place",
                 str_eq(m->delivery, "online_live")
                     ? "Enter the link to join online."
                     : "Enter the room or place.");
    goto done;
  }
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

bool training_may_register(const struct user *u, const struct session_row *s)
{
  return training_may_manage(u) ||
         (u && s->trainer_user_id && u->id == s->trainer_user_id);
}

/* ----------------------------------------------------------------- bookings */

int training_book(struct db *db, const struct training_actor *a,
                  int64_t session_id, int64_t now, struct booking_row *out,
                  struct err_detail *why)
{
  struct session_row *s = xmalloc(sizeof(*s));
  int64_t position, id = 0;
  bool booked;
  int rc;

  if ((rc = store_tsession_get(db, session_id, s)))
    goto done;
  if (s->cancelled_at) {
    rc = err_set(why, ERR_CONFLICT, "", "This session was cancelled.");
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

/* The mail to the person promoted from the waiting list. */
static int mail_promoted(struct db *db, int64_t user_id,
                         const struct session_row *s)
{
  struct user u;
  char when[32], subject[256], body[1024];
  int rc = account_get(db, user_id, &u);

  if (rc)
    return rc == ERR_NOTFOUND ? 0 : rc;
  clock_format(s->starts_at, when, sizeof(when));
  snprintf(subject, sizeof(subject), "A place for you: %s", s->module_title);
  snprintf(body, sizeof(body),
           "Hello %s,\n\nA place has opened on the training session you were "
           "waiting for, and it is now yours:\n\n%s\n%s (UTC), %d minutes\n"
           "%s\n\nIf you cannot come, please cancel your booking so that "
           "someone else can take the place.\n\n-- Tandem, the Peer "
           "Mentoring Team\n",
           u.name, s->module_title, when, s->minutes, s->place);
  return mail_queue(db, u.email, subject, body);
}

int training_cancel(struct db *db, const struct training_actor *a,
                    int64_t session_id, int64_t now, int64_t *promoted)
{
  struct session_row *s = xmalloc(sizeof(*s));
  struct booking_row *b = xmalloc(sizeof(*b));
  int64_t position;
  bool held;
  int rc;

  *promoted = 0;
  if ((rc = store_tsession_get(db, session_id, s)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  rc = store_tsession_lock(db, session_id, &position);
  if (!rc)
    rc = store_booking_find(db, session_id, a->user->id, b);
  held = !rc && str_eq(b->state, "booked");
  if (!rc)
    rc = store_booking_cancel(db, b->id, now);
  if (rc == ERR_CONFLICT)
    rc = ERR_NOTFOUND; /* nothing of theirs left to cancel */
  if (!rc && held) {
    rc = store_booking_promote(db, session_id, now, promoted);
    if (!rc && *promoted)
      rc = mail_promoted(db, *promoted, s);
  }
  if (!rc) {
    char subject[32];

    snprintf(subject, sizeof(subject), "session:%lld", (long long)session_id);
    rc = audit_record(db, a->user->id, "training.cancel", subject,
                      s->module_title, a->ip);
  }
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
  struct session_row *s = xmalloc(sizeof(*s));
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
