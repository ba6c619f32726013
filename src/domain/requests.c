/* domain/requests.c: mentees who choose their mentor: candidates,
 * requests, the mentor's answer, expiry. */
#include "domain/requests.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/pairings.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXPIRE_BATCH = 200, PENDING_MAX = 8 };

/* ------------------------------------------------------------- words */

bool requests_waiting(const struct mreq_row *r, int64_t now)
{
  return str_eq(r->state, "pending") && r->expires_at > now;
}

const char *requests_state_at(const struct mreq_row *r, int64_t now)
{
  if (str_eq(r->state, "pending") && r->expires_at <= now)
    return "expired";
  return r->state;
}

const char *requests_state_label(const char *state)
{
  static const struct {
    const char *word, *label;
  } labels[] = {
      {"pending", "Waiting for an answer"},
      {"accepted", "Accepted"},
      {"declined", "Declined"},
      {"expired", "Expired"},
      {"withdrawn", "Withdrawn"},
      {"closed", "Closed: you have a mentor"},
  };

  for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
    if (str_eq(state, labels[i].word))
      return labels[i].label;
  return state;
}

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Check a free text (message or note) of at most max characters and copy
 * it trimmed into out (n bytes). */
static int check_text(const char *in, size_t max, const char *field,
                      const char *what, char *out, size_t n,
                      struct err_detail *why)
{
  char *copy = xmalloc(n), *t;
  int rc = 0;

  if (!str_copy(copy, n, in ? in : "") ||
      utf8_chars(t = str_trim(copy)) > max) {
    char msg[120];

    snprintf(msg, sizeof(msg), "%s has at most %zu characters.", what, max);
    rc = err_set(why, ERR_INPUT, field, msg);
  } else if (!str_valid_text(t, strlen(t))) {
    char msg[120];

    snprintf(msg, sizeof(msg), "%s cannot hold control characters.", what);
    rc = err_set(why, ERR_INPUT, field, msg);
  } else {
    str_copy(out, n, t);
  }
  free(copy);
  return rc;
}

static const char *link_base(const struct requests_actor *a)
{
  return a->base_url ? a->base_url : "";
}

static void day_of(int64_t t, char out[20])
{
  clock_format(t, out, 20);
}

/* ----------------------------------------------------------- the mentee */

int requests_signup(struct db *db, const struct user *u, int64_t scheme_id,
                    struct signup_row *out, struct err_detail *why)
{
  struct scheme_row *s = xmalloc(sizeof(*s));
  int rc = scheme_get(db, scheme_id, s);

  if (rc)
    goto out;
  if (!str_eq(s->matching_mode, "mentee_chooses")) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "In this scheme the team matches mentees with mentors, so "
                 "there is no mentor to choose.");
    goto out;
  }
  if (!str_eq(s->status, "published")) {
    rc = err_set(why, ERR_CONFLICT, "", "This scheme is not running yet.");
    goto out;
  }
  rc = store_signup_of_user(db, scheme_id, u->id, out);
  if (rc == ERR_NOTFOUND || (rc == 0 && !str_eq(out->state, "active")))
    rc = err_set(why, ERR_CONFLICT, "",
                 "Sign up to the scheme as a mentee first: then you can "
                 "choose your mentor.");
out:
  free(s);
  return rc;
}

int requests_candidates(struct db *db, const struct user *u, int64_t scheme_id,
                        int64_t now, struct match_candidate *out, int max,
                        int *n, struct err_detail *why)
{
  struct signup_row *su = xmalloc(sizeof(*su));
  int all = 0, rc;

  *n = 0;
  if ((rc = requests_signup(db, u, scheme_id, su, why)))
    goto out;
  if ((rc = matching_candidates(db, scheme_id, su->id, now, false, out, max,
                                &all)))
    goto out;
  /* Only the mentors the mentee may have, who have a place and can
   * answer; the order (best first) is kept. */
  for (int i = 0; i < all; i++)
    if (out[i].score >= 0 && out[i].places_left > 0 && out[i].mentor_user_id &&
        out[i].mentor_user_id != u->id)
      out[(*n)++] = out[i];
out:
  free(su);
  return rc;
}

/* Renumber signup_id's waiting requests 1, 2, ... in their order, after
 * one left the list (inside the transaction that locked the sign-up). */
static int renumber(struct db *db, int64_t signup_id, int64_t now)
{
  int64_t ids[PENDING_MAX];
  int n = 0,
      rc = store_mreq_pending_ids(db, signup_id, now, ids, PENDING_MAX, &n);

  for (int i = 0; rc == 0 && i < n; i++)
    rc = store_mreq_set_rank(db, ids[i], i + 1);
  return rc;
}

static int mail_request(struct db *db, const struct requests_actor *a,
                        const struct mreq_row *r)
{
  char subject[RQ_NAME * 2 + 60], until[20];
  struct buf body;
  int rc;

  if (!r->mentor_user_id)
    return 0; /* nobody to tell: cannot happen, candidates have accounts */
  day_of(r->expires_at, until);
  snprintf(subject, sizeof(subject),
           "%s: a mentee would like you as their "
           "mentor",
           r->scheme_name);
  buf_init(&body, 12000);
  buf_printf(&body, "Hello %s,\n\n%s", r->mentor_name, r->mentee_name);
  if (r->mentee_course[0])
    buf_printf(&body, " (%s, year %d)", r->mentee_course, r->mentee_year);
  buf_printf(&body, " has asked you to be their mentor in %s.\n\n",
             r->scheme_name);
  if (r->message[0])
    buf_printf(&body, "Their message:\n\n%s\n\n", r->message);
  buf_printf(&body,
             "Please accept or decline by %s (UTC); after that the request "
             "expires.\n\n%s/requests\n\n-- Tandem, the Peer Mentoring "
             "Team\n",
             until, link_base(a));
  rc = buf_failed(&body)
           ? ERR_TOOBIG
           : mail_queue(db, r->mentor_email, subject, buf_cstr(&body));
  buf_free(&body);
  return rc;
}

/* Why the pair cannot be asked for, in the mentee's words. */
static int refuse_rule(const struct match_candidate *c, struct err_detail *why)
{
  char msg[sizeof(why->msg)];

  if (c->rule == MR_AT_CAPACITY)
    return err_set(why, ERR_CONFLICT, "mentor_student_id",
                   "This mentor has no place left. Choose another mentor.");
  snprintf(msg, sizeof(msg), "You cannot ask this mentor: %.200s",
           c->explanation[0] ? c->explanation
                             : "a rule of the scheme "
                               "excludes the pair.");
  return err_set(why, ERR_INPUT, "mentor_student_id", msg);
}

/* The request's row as it is to be written. */
static int prepare_request(struct db *db, const struct user *u,
                           int64_t scheme_id, int64_t mentor_student_id,
                           const char *message, int64_t now,
                           struct signup_row *su, struct mreq_row *row,
                           int *max_requests, struct err_detail *why)
{
  struct match_candidate *c = xmalloc(sizeof(*c));
  struct matching_settings set;
  bool paired;
  int rc;

  if ((rc = requests_signup(db, u, scheme_id, su, why)))
    goto out;
  if ((rc = check_text(message, REQUEST_MESSAGE_MAX, "message", "Your message",
                       row->message, sizeof(row->message), why)))
    goto out;
  if ((rc = store_mreq_signup_paired(db, su->id, &paired)))
    goto out;
  if (paired) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "You already have a mentor in this scheme.");
    goto out;
  }
  rc = matching_pair_score(db, scheme_id, su->id, mentor_student_id, now, c);
  if (rc == ERR_NOTFOUND) {
    rc = err_set(why, ERR_INPUT, "mentor_student_id",
                 "Choose a mentor from the list.");
    goto out;
  }
  if (rc)
    goto out;
  if (c->score < 0) {
    rc = refuse_rule(c, why);
    goto out;
  }
  if (c->places_left <= 0) {
    rc = err_set(why, ERR_CONFLICT, "mentor_student_id",
                 "This mentor has no place left. Choose another mentor.");
    goto out;
  }
  if (!c->mentor_user_id) {
    rc = err_set(why, ERR_INPUT, "mentor_student_id",
                 "This mentor has no Tandem account yet, so cannot answer. "
                 "Choose another mentor.");
    goto out;
  }
  if ((rc = matching_settings_get(db, scheme_id, &set)))
    goto out;
  *max_requests = set.max_requests;
  row->scheme_id = scheme_id;
  row->signup_id = su->id;
  row->mentor_student_id = mentor_student_id;
  row->score = c->score;
  row->expires_at = now + (int64_t)set.request_days * 86400;
out:
  free(c);
  return rc;
}

int requests_make(struct db *db, const struct requests_actor *a,
                  int64_t scheme_id, int64_t mentor_student_id,
                  const char *message, int64_t now, int64_t *id,
                  struct err_detail *why)
{
  struct signup_row *su = xmalloc(sizeof(*su));
  struct mreq_row *row = xcalloc(1, sizeof(*row));
  struct mreq_row *old = xmalloc(sizeof(*old));
  int64_t ids[PENDING_MAX], rid = 0;
  int max_requests = 0, waiting = 0, rc;
  char detail[96];

  if ((rc = prepare_request(db, a->user, scheme_id, mentor_student_id, message,
                            now, su, row, &max_requests, why)))
    goto out;
  if ((rc = db_begin(db)))
    goto out;
  /* The count and the write happen under the sign-up's lock, so two
   * requests at once cannot pass the limit together. */
  rc = store_mreq_lock_signup(db, su->id);
  if (rc == 0)
    rc = store_mreq_pending_ids(db, su->id, now, ids, PENDING_MAX, &waiting);
  if (rc)
    goto fail;
  rc = store_mreq_find(db, su->id, mentor_student_id, old);
  if (rc == 0 && requests_waiting(old, now)) {
    rc = err_set(why, ERR_CONFLICT, "mentor_student_id",
                 "You have already asked this mentor.");
    goto fail;
  }
  if (rc == 0 &&
      (str_eq(old->state, "declined") || str_eq(old->state, "accepted"))) {
    rc = err_set(why, ERR_CONFLICT, "mentor_student_id",
                 str_eq(old->state, "declined")
                     ? "This mentor has declined your request. Choose "
                       "another mentor."
                     : "This mentor has already accepted you.");
    goto fail;
  }
  if (rc && rc != ERR_NOTFOUND)
    goto fail;
  if (waiting >= max_requests) {
    char msg[200];

    snprintf(msg, sizeof(msg),
             "You can have at most %d %s waiting for an answer at once. "
             "Withdraw one to ask another mentor.",
             max_requests, max_requests == 1 ? "request" : "requests");
    rc = err_set(why, ERR_CONFLICT, "mentor_student_id", msg);
    goto fail;
  }
  row->rank = waiting + 1;
  if (rc == ERR_NOTFOUND) {
    rc = store_mreq_insert(db, row, now, &rid);
  } else {
    rid = old->id;
    rc = store_mreq_renew(db, rid, row, now);
  }
  if (rc == 0)
    rc = store_mreq_get(db, rid, old);
  if (rc == 0)
    rc = mail_request(db, a, old);
  snprintf(detail, sizeof(detail), "scheme %lld, request %lld, mentor %lld",
           (long long)scheme_id, (long long)rid, (long long)mentor_student_id);
  if (rc == 0)
    rc = audit_record(db, a->user->id, "request.create", a->user->email, detail,
                      a->ip);
  if (rc)
    goto fail;
  if ((rc = db_commit(db)) == 0 && id)
    *id = rid;
  goto out;
fail:
  db_rollback(db);
out:
  free(su);
  free(row);
  free(old);
  return rc;
}

/* Why a request that is no longer waiting cannot be answered. */
static int not_waiting(const struct mreq_row *r, int64_t now, bool mentor,
                       struct err_detail *why)
{
  const char *state = requests_state_at(r, now);
  const char *msg = "This request is no longer waiting for an answer.";

  if (str_eq(state, "expired"))
    msg = "This request has expired.";
  else if (str_eq(state, "withdrawn"))
    msg = mentor ? "The mentee has withdrawn this request."
                 : "You have withdrawn this request.";
  else if (str_eq(state, "closed"))
    msg = mentor ? "This mentee has already been paired with another "
                   "mentor."
                 : "This request closed when you were paired with a "
                   "mentor.";
  else if (str_eq(state, "accepted"))
    msg = "This request has already been accepted.";
  else if (str_eq(state, "declined"))
    msg = "This request has already been declined.";
  return err_set(why, ERR_CONFLICT, "", msg);
}

/* Load request id for its mentee (mentee true) or its mentor. */
static int load_own(struct db *db, const struct user *u, int64_t id,
                    bool mentee, struct mreq_row *out)
{
  int rc = store_mreq_get(db, id, out);

  if (rc)
    return rc;
  if (mentee ? out->mentee_user_id != u->id : out->mentor_user_id != u->id)
    return ERR_PERM;
  return 0;
}

/* One answer or withdrawal: lock the sign-up, move the request from
 * pending, renumber the rest. Inside the caller's transaction. */
static int leave_pending(struct db *db, const struct mreq_row *r,
                         const char *to, int64_t now)
{
  int rc = store_mreq_lock_signup(db, r->signup_id);

  if (rc == ERR_NOTFOUND)
    rc = 0; /* the sign-up was withdrawn: nothing to keep in order */
  if (rc == 0)
    rc = store_mreq_decide(db, r->id, "pending", to, now);
  if (rc == 0)
    rc = renumber(db, r->signup_id, now);
  return rc;
}

int requests_withdraw(struct db *db, const struct requests_actor *a, int64_t id,
                      int64_t now, struct err_detail *why)
{
  struct mreq_row *r = xmalloc(sizeof(*r));
  char detail[64];
  int rc = load_own(db, a->user, id, true, r);

  if (rc)
    goto out;
  if (!requests_waiting(r, now)) {
    rc = not_waiting(r, now, false, why);
    goto out;
  }
  if ((rc = db_begin(db)))
    goto out;
  rc = leave_pending(db, r, "withdrawn", now);
  snprintf(detail, sizeof(detail), "request %lld", (long long)id);
  if (rc == 0)
    rc = audit_record(db, a->user->id, "request.withdraw", a->user->email,
                      detail, a->ip);
  if (rc) {
    db_rollback(db);
    if (rc == ERR_CONFLICT && store_mreq_get(db, id, r) == 0)
      rc = not_waiting(r, now, false, why);
    goto out;
  }
  rc = db_commit(db);
out:
  free(r);
  return rc;
}

static int mail_declined(struct db *db, const struct requests_actor *a,
                         const struct mreq_row *r, const char *note)
{
  char subject[RQ_NAME * 2 + 60];
  struct buf body;
  int rc;

  snprintf(subject, sizeof(subject), "%s: your request to %s", r->scheme_name,
           r->mentor_name);
  buf_init(&body, 12000);
  buf_printf(&body,
             "Hello %s,\n\n%s cannot be your mentor in %s, and has "
             "declined your request.\n\n",
             r->mentee_name, r->mentor_name, r->scheme_name);
  if (note[0])
    buf_printf(&body, "Their note:\n\n%s\n\n", note);
  buf_printf(&body,
             "You can choose another mentor at\n%s/schemes/%lld/mentors\n\n"
             "-- Tandem, the Peer Mentoring Team\n",
             link_base(a), (long long)r->scheme_id);
  rc = buf_failed(&body)
           ? ERR_TOOBIG
           : mail_queue(db, r->mentee_email, subject, buf_cstr(&body));
  buf_free(&body);
  return rc;
}

int requests_decline(struct db *db, const struct requests_actor *a, int64_t id,
                     const char *note, int64_t now, struct err_detail *why)
{
  struct mreq_row *r = xmalloc(sizeof(*r));
  char *text = xmalloc(RQ_MESSAGE);
  char detail[64];
  int rc = load_own(db, a->user, id, false, r);

  if (rc)
    goto out;
  if (!requests_waiting(r, now)) {
    rc = not_waiting(r, now, true, why);
    goto out;
  }
  if ((rc = check_text(note, REQUEST_NOTE_MAX, "note", "Your note", text,
                       RQ_MESSAGE, why)))
    goto out;
  if ((rc = db_begin(db)))
    goto out;
  rc = leave_pending(db, r, "declined", now);
  if (rc == 0)
    rc = mail_declined(db, a, r, text);
  snprintf(detail, sizeof(detail), "request %lld", (long long)id);
  if (rc == 0)
    rc = audit_record(db, a->user->id, "request.decline", r->mentee_email,
                      detail, a->ip);
  if (rc) {
    db_rollback(db);
    if (rc == ERR_CONFLICT && store_mreq_get(db, id, r) == 0)
      rc = not_waiting(r, now, true, why);
    goto out;
  }
  rc = db_commit(db);
out:
  free(r);
  free(text);
  return rc;
}

/* The accept's transaction; ERR_CONFLICT leaves *stage saying which step
 * the database refused. */
enum accept_stage { AT_LOCK, AT_REQUEST, AT_PAIRING, AT_REST };

static int accept_tx(struct db *db, const struct requests_actor *a,
                     const struct mreq_row *r, const struct match_candidate *c,
                     int64_t now, int64_t *pairing_id, enum accept_stage *stage,
                     struct err_detail *why)
{
  struct pairing_actor pa = {a->user, a->ip, a->base_url};
  struct pairing_new pn = {
      .scheme_id = r->scheme_id,
      .signup_id = r->signup_id,
      .mentor_student_id = r->mentor_student_id,
      .source = "choice",
      .score = c->score >= 0 ? c->score : r->score,
      .explanation = c->explanation,
  };
  int64_t closed = 0;
  char detail[96];
  int rc;

  *stage = AT_LOCK;
  if ((rc = store_mreq_lock_signup(db, r->signup_id)))
    return rc;
  *stage = AT_REQUEST;
  if ((rc = store_mreq_decide(db, r->id, "pending", "accepted", now)))
    return rc;
  *stage = AT_PAIRING;
  if ((rc = pairing_create(db, &pa, &pn, now, pairing_id, why)))
    return rc;
  *stage = AT_REST;
  if ((rc = store_mreq_end_pending(db, r->signup_id, r->id, "closed", now,
                                    &closed)))
    return rc;
  snprintf(detail, sizeof(detail), "request %lld, pairing %lld, closed %lld",
           (long long)r->id, (long long)*pairing_id, (long long)closed);
  return audit_record(db, a->user->id, "request.accept", r->mentee_email,
                      detail, a->ip);
}

int requests_accept(struct db *db, const struct requests_actor *a, int64_t id,
                    int64_t now, int64_t *pairing_id, struct err_detail *why)
{
  struct mreq_row *r = xmalloc(sizeof(*r));
  struct match_candidate *c = xcalloc(1, sizeof(*c));
  enum accept_stage stage = AT_LOCK;
  int64_t pid = 0;
  bool paired = false;
  int rc = load_own(db, a->user, id, false, r);

  if (rc)
    goto out;
  if (!requests_waiting(r, now)) {
    rc = not_waiting(r, now, true, why);
    goto out;
  }
  /* The rules before the write, for a clear answer; the database's CHECK
   * and unique index decide under concurrency. */
  if ((rc = store_mreq_signup_paired(db, r->signup_id, &paired)))
    goto out;
  if (paired) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "This mentee has already been paired with another mentor.");
    goto out;
  }
  rc = matching_pair_score(db, r->scheme_id, r->signup_id, r->mentor_student_id,
                           now, c);
  if (rc == ERR_NOTFOUND) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "This request can no longer be accepted: the mentee or "
                 "you have left the scheme.");
    goto out;
  }
  if (rc)
    goto out;
  if (c->score < 0 || c->places_left <= 0) {
    char msg[sizeof(why->msg)];

    if (c->rule == MR_AT_CAPACITY || c->places_left <= 0)
      rc = err_set(why, ERR_CONFLICT, "",
                   "You have no place left in this scheme, so you cannot "
                   "accept another mentee.");
    else {
      snprintf(msg, sizeof(msg),
               "You cannot be paired with this mentee: %.200s", c->explanation);
      rc = err_set(why, ERR_CONFLICT, "", msg);
    }
    goto out;
  }
  if ((rc = db_begin(db)))
    goto out;
  rc = accept_tx(db, a, r, c, now, &pid, &stage, why);
  if (rc) {
    db_rollback(db);
  } else if ((rc = db_commit(db)) == 0) {
    if (pairing_id)
      *pairing_id = pid;
    goto out;
  }
  if (rc != ERR_CONFLICT && !(rc == ERR_NOTFOUND && stage == AT_LOCK))
    goto out;
  /* Refused: say why from what the database holds now. */
  if (stage == AT_LOCK) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "This mentee has withdrawn from the scheme.");
  } else if (stage == AT_REQUEST) {
    if ((rc = store_mreq_get(db, id, r)) == 0)
      rc = not_waiting(r, now, true, why);
  } else if ((rc = store_mreq_signup_paired(db, r->signup_id, &paired)) == 0) {
    rc = err_set(why, ERR_CONFLICT, "",
                 paired ? "This mentee has already been paired with another "
                          "mentor."
                        : "You have no place left in this scheme, so you "
                          "cannot accept another mentee.");
  }
out:
  free(r);
  free(c);
  return rc;
}

/* ------------------------------------------------------------- expiry */

static int mail_expired(struct db *db, const char *base_url,
                        const struct mreq_row *r)
{
  char subject[RQ_NAME * 2 + 60];
  struct buf body;
  int rc;

  snprintf(subject, sizeof(subject), "%s: your request to %s has expired",
           r->scheme_name, r->mentor_name);
  buf_init(&body, 4000);
  buf_printf(&body,
             "Hello %s,\n\n%s did not answer your request in time, so it "
             "has expired.\n\nYou can ask another mentor at\n"
             "%s/schemes/%lld/mentors\n\n-- Tandem, the Peer Mentoring "
             "Team\n",
             r->mentee_name, r->mentor_name, base_url ? base_url : "",
             (long long)r->scheme_id);
  rc = buf_failed(&body)
           ? ERR_TOOBIG
           : mail_queue(db, r->mentee_email, subject, buf_cstr(&body));
  buf_free(&body);
  return rc;
}

int requests_expire(struct db *db, int64_t now, const char *base_url,
                    int *expired)
{
  struct mreq_row *rows = xmalloc(sizeof(*rows) * EXPIRE_BATCH);
  int n = 0, done = 0, rc = store_mreq_overdue(db, now, rows, EXPIRE_BATCH, &n);

  /* One transaction each, the sign-up locked first as everywhere else; a
   * request answered meanwhile is left alone. */
  for (int i = 0; rc == 0 && i < n; i++) {
    const struct mreq_row *r = &rows[i];
    int one;

    if ((rc = db_begin(db)))
      break;
    one = store_mreq_lock_signup(db, r->signup_id);
    if (one == ERR_NOTFOUND)
      one = 0;
    if (one == 0)
      one = store_mreq_expire_one(db, r->id, now);
    if (one == 0)
      one = renumber(db, r->signup_id, now);
    if (one == 0)
      one = mail_expired(db, base_url, r);
    if (one) {
      db_rollback(db);
      if (one != ERR_CONFLICT)
        rc = one;
      continue;
    }
    if ((rc = db_commit(db)) == 0)
      done++;
  }
  if (done)
    log_info("requests=expired count=%d", done);
  if (expired)
    *expired = done;
  free(rows);
  return rc;
}

/* -------------------------------------------------------------- reading */

int requests_get(struct db *db, const struct user *u, int64_t id,
                 struct mreq_row *out)
{
  int rc = store_mreq_get(db, id, out);

  if (rc)
    return rc;
  if (out->mentee_user_id == u->id || out->mentor_user_id == u->id)
    return 0;
  return scheme_may_manage(db, u, out->scheme_id) ? 0 : ERR_PERM;
}

int requests_of_signup(struct db *db, int64_t signup_id, struct mreq_row *rows,
                       int max, int *n)
{
  return store_mreq_of_signup(db, signup_id, rows, max, n);
}

int requests_of_mentee(struct db *db, const struct user *u,
                       struct mreq_row *rows, int max, int *n)
{
  return store_mreq_of_mentee(db, u->id, rows, max, n);
}

int requests_incoming(struct db *db, const struct user *u, int64_t now,
                      struct mreq_row *rows, int max, int *n)
{
  return store_mreq_of_mentor(db, u->id, now, rows, max, n);
}

int requests_waiting_count(struct db *db, const struct user *u, int64_t now,
                           int64_t *n)
{
  return store_mreq_pending_to_mentor(db, u->id, now, n);
}

int requests_has_mentor(struct db *db, int64_t signup_id, bool *paired)
{
  return store_mreq_signup_paired(db, signup_id, paired);
}

int requests_explain(struct db *db, const struct mreq_row *r, int64_t now,
                     struct match_candidate *out)
{
  return matching_pair_score(db, r->scheme_id, r->signup_id,
                             r->mentor_student_id, now, out);
}
