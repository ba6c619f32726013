/* domain/signups.c: mentee sign-up, invitations for incoming students, and
 * the merge with the student record on enrolment. */
#include "domain/signups.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "store/requests.h"
#include "store/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct signup_preference signup_preferences[SIGNUP_PREFERENCES] = {
    {"course", "Someone on the same course"},
    {"faculty", "Someone in the same faculty"},
    {"interests", "Someone who shares my interests"},
    {"language", "Someone who speaks my language"},
    {"home_country", "Someone from my home country"},
    {"campus", "Someone on the same campus"},
    {"availability", "Someone free at the times I am"},
};

static const struct {
  const char *word, *label;
} modes[] = {
    {"online", "Online"},
    {"face_to_face", "Face to face"},
    {"either", "Either"},
};

const char *signup_mode_label(const char *mode)
{
  for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
    if (str_eq(mode, modes[i].word))
      return modes[i].label;
  return mode;
}

bool signup_has_word(const char *set, const char *word)
{
  size_t n = strlen(word);

  if (!n)
    return false;
  for (const char *p = set; (p = strstr(p, word)) != NULL; p += n)
    if ((p == set || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return true;
  return false;
}

/* Today as 'YYYY-MM-DD', for the eligibility rules. */
static void today(char out[11])
{
  char t[20];

  clock_format(clock_now(), t, sizeof(t));
  memcpy(out, t, 10);
  out[10] = '\0';
}

/* ----------------------------------------------------------------- sign-up */

int signup_scheme_topics(struct db *db, int64_t scheme_id,
                         struct scheme_topic_lists *out)
{
  struct scheme_topic_row rows[S_TOPICS_MAX];
  int n = 0, rc;

  memset(out, 0, sizeof(*out));
  if ((rc = scheme_topics(db, scheme_id, rows, S_TOPICS_MAX, &n)))
    return rc;
  for (int i = 0; i < n; i++) {
    bool help = str_eq(rows[i].kind, "help");
    int *k = help ? &out->nhelp : &out->nrefer;

    if (*k < SIGNUP_TOPICS_MAX)
      str_copy(help ? out->help[(*k)++] : out->refer[(*k)++], SU_TOPIC,
               rows[i].topic);
  }
  return 0;
}

/* Where a mentee goes for what mentors must refer on. */
static const struct {
  const char *topic, *where;
} refer_to[] = {
    {"tutoring", "your module leader or personal tutor"},
    {"proofreading", "the library's academic skills team"},
    {"visa", "the international student advice team"},
    {"finance", "the student money advice team"},
    {"careers_advice", "the careers service"},
    {"wellbeing_crisis",
     "the wellbeing service (in an emergency, call 999)"},
};

const char *signup_refer_where(const char *topic)
{
  for (size_t i = 0; i < sizeof(refer_to) / sizeof(refer_to[0]); i++)
    if (str_eq(topic, refer_to[i].topic))
      return refer_to[i].where;
  return "the Peer Mentoring Team, who will tell you where to go";
}

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Append word to the space-separated set (of cap bytes) unless it holds
 * it already. */
static void add_word(char *set, size_t cap, const char *word)
{
  size_t len = strlen(set);

  if (signup_has_word(set, word))
    return;
  if (len + strlen(word) + 2 > cap)
    return; /* cannot happen: every set is sized for all its words */
  if (len)
    set[len++] = ' ';
  str_copy(set + len, cap - len, word);
}

int signup_validate(struct db *db, const struct signup_input *in,
                    struct signup_row *row, struct err_detail *why)
{
  struct scheme_topic_lists *t = xmalloc(sizeof(*t));
  char note[SU_NOTE], *trimmed = note;
  int rc;

  row->topics[0] = row->preferences[0] = '\0';
  if ((rc = signup_scheme_topics(db, row->scheme_id, t)))
    goto done;
  for (int i = 0; i < in->ntopics; i++) {
    bool known = false;

    for (int k = 0; k < t->nhelp && !known; k++)
      known = str_eq(t->help[k], in->topics[i]);
    if (!known) {
      rc = err_set(why, ERR_INPUT, "topics",
                   "Choose the help you would like from the list.");
      goto done;
    }
    add_word(row->topics, sizeof(row->topics), in->topics[i]);
  }
  if (t->nhelp > 0 && !row->topics[0]) {
    rc = err_set(why, ERR_INPUT, "topics",
                 "Choose at least one thing you would like help with.");
    goto done;
  }
  for (int i = 0; i < in->npreferences; i++) {
    bool known = false;

    for (int k = 0; k < SIGNUP_PREFERENCES && !known; k++)
      known = str_eq(in->preferences[i], signup_preferences[k].word);
    if (!known) {
      rc = err_set(why, ERR_INPUT, "preferences",
                   "Choose your preferences from the list.");
      goto done;
    }
    add_word(row->preferences, sizeof(row->preferences), in->preferences[i]);
  }
  if (!in->mode || !*in->mode) {
    rc = err_set(why, ERR_INPUT, "mode",
                 "Choose how you would like to meet your mentor.");
    goto done;
  }
  if (!str_eq(in->mode, "online") && !str_eq(in->mode, "face_to_face") &&
      !str_eq(in->mode, "either")) {
    rc = err_set(why, ERR_INPUT, "mode",
                 "Choose online, face to face, or either.");
    goto done;
  }
  str_copy(row->mode, sizeof(row->mode), in->mode);
  if (!str_copy(note, sizeof(note), in->note ? in->note : "") ||
      utf8_chars(trimmed = str_trim(note)) > SIGNUP_NOTE_MAX) {
    rc = err_set(why, ERR_INPUT, "note",
                 "Notes have at most 1000 characters.");
    goto done;
  }
  if (!str_valid_text(trimmed, strlen(trimmed))) {
    rc = err_set(why, ERR_INPUT, "note",
                 "Notes cannot hold control characters.");
    goto done;
  }
  str_copy(row->note, sizeof(row->note), trimmed);
done:
  free(t);
  return rc;
}

int signups_accepting(const struct scheme_row *scheme, struct err_detail *why)
{
  if (!str_eq(scheme->status, "published") || !scheme->signups_open)
    return err_set(why, ERR_CONFLICT, "",
                   "This scheme is not taking sign-ups at the moment.");
  return 0;
}

int signup_eligibility(struct db *db, const struct user *u,
                       const struct scheme_row *scheme,
                       struct student_row *student, struct eligibility *out)
{
  struct student_row *s = student ? student : xmalloc(sizeof(*s));
  char day[11];
  int rc;

  memset(out, 0, sizeof(*out));
  rc = profile_get(db, u, s);
  if (rc == ERR_NOTFOUND) {
    memset(s, 0, sizeof(*s));
    out->eligible = false;
    str_copy(out->explanation, sizeof(out->explanation),
             "Not eligible: there is no student record for your account "
             "yet. If you are starting at the university soon, ask the "
             "Peer Mentoring Team for an invitation link.");
    rc = 0;
  } else if (rc == 0) {
    today(day);
    rc = eligibility_check(db, scheme, "mentee", s, day, out);
  }
  if (!student)
    free(s);
  return rc;
}

/* The confirmation mail of a sign-up. */
static int mail_confirmation(struct db *db, const struct user *u,
                             const struct scheme_row *scheme,
                             const struct signup_row *row,
                             const char *base_url, bool changed)
{
  char subject[SU_NAME + 40];
  struct buf body;
  int rc;

  snprintf(subject, sizeof(subject), "%s: %s", scheme->name,
           changed ? "your sign-up has changed" : "you have signed up");
  buf_init(&body, 6000);
  buf_printf(&body,
             "Hello %s,\n\n%s as a mentee for %s.\n\n"
             "Help you asked for: %s\nHow you would like to meet: %s\n\n"
             "You can see, change or withdraw your sign-up at\n"
             "%s/schemes/%lld/signup\n\n"
             "The team will be in touch when you have been matched with a "
             "mentor.\n\n-- Tandem, the Peer Mentoring Team\n",
             u->name, changed ? "Your sign-up has changed" : "You have signed up",
             scheme->name, row->topics[0] ? row->topics : "(none chosen)",
             signup_mode_label(row->mode), base_url,
             (long long)scheme->id);
  rc = buf_failed(&body) ? ERR_TOOBIG
                         : mail_queue(db, u->email, subject, buf_cstr(&body));
  buf_free(&body);
  return rc;
}

int signup_save(struct db *db, const struct user *u,
                const struct scheme_row *scheme, const struct signup_input *in,
                const char *base_url, const char *ip, int64_t *id,
                struct err_detail *why)
{
  struct student_row *s = xmalloc(sizeof(*s));
  struct signup_row *row = xcalloc(1, sizeof(*row));
  struct signup_row *old = xmalloc(sizeof(*old));
  struct eligibility e;
  char detail[64];
  bool existed;
  int64_t sid = 0;
  int rc;

  if ((rc = signups_accepting(scheme, why)) ||
      (rc = signup_eligibility(db, u, scheme, s, &e)))
    goto out;
  if (!e.eligible) {
    rc = err_set(why, ERR_PERM, "", e.explanation);
    goto out;
  }
  row->scheme_id = scheme->id;
  row->user_id = u->id;
  row->student_id = s->id;
  if ((rc = signup_validate(db, in, row, why)))
    goto out;
  rc = store_signup_of_user(db, scheme->id, u->id, old);
  if (rc && rc != ERR_NOTFOUND)
    goto out;
  existed = rc == 0 && str_eq(old->state, "active");
  if ((rc = db_begin(db)))
    goto out;
  rc = store_signup_upsert(db, row, clock_now(), &sid);
  snprintf(detail, sizeof(detail), "scheme %lld, sign-up %lld",
           (long long)scheme->id, (long long)sid);
  if (rc == 0)
    rc = mail_confirmation(db, u, scheme, row, base_url, existed);
  if (rc == 0)
    rc = audit_record(db, u->id, existed ? "signup.update" : "signup.create",
                      u->email, detail, ip);
  if (rc) {
    db_rollback(db);
    goto out;
  }
  if ((rc = db_commit(db)) == 0 && id)
    *id = sid;
out:
  free(s);
  free(row);
  free(old);
  return rc;
}

int signup_withdraw(struct db *db, const struct user *u, int64_t scheme_id,
                    const char *ip)
{
  struct signup_row *row = xmalloc(sizeof(*row));
  char detail[64];
  int64_t ended;
  int rc = store_signup_of_user(db, scheme_id, u->id, row);

  if (rc || str_eq(row->state, "withdrawn"))
    goto out;
  snprintf(detail, sizeof(detail), "scheme %lld, sign-up %lld",
           (long long)scheme_id, (long long)row->id);
  if ((rc = db_begin(db)))
    goto out;
  rc = store_signup_set_state(db, row->id, "withdrawn", clock_now());
  /* Their requests to mentors go with them: a mentor is no longer asked. */
  if (rc == 0)
    rc = store_mreq_end_pending(db, row->id, 0, "withdrawn", clock_now(),
                                &ended);
  if (rc == 0)
    rc = audit_record(db, u->id, "signup.withdraw", u->email, detail, ip);
  if (rc)
    db_rollback(db);
  else
    rc = db_commit(db);
out:
  free(row);
  return rc;
}

int signup_mine(struct db *db, const struct user *u, int64_t scheme_id,
                struct signup_row *out)
{
  return store_signup_of_user(db, scheme_id, u->id, out);
}

int signups_of_user(struct db *db, const struct user *u,
                    struct signup_row *rows, int max, int *n)
{
  return store_signup_list_user(db, u->id, rows, max, n);
}

int signup_get(struct db *db, const struct user *u, int64_t id,
               struct signup_row *out)
{
  int rc = store_signup_get(db, id, out);

  if (rc || !u || out->user_id == u->id)
    return rc;
  return scheme_may_manage(db, u, out->scheme_id) ? 0 : ERR_PERM;
}

int signups_of_scheme(struct db *db, const struct user *u, int64_t scheme_id,
                      const struct signup_filter *f, int64_t after_id,
                      int offset, int limit, struct signup_row *rows, int *n,
                      int64_t *total)
{
  *n = 0;
  if (u && !scheme_may_manage(db, u, scheme_id))
    return ERR_PERM;
  return store_signup_list_scheme(db, scheme_id, f, after_id, offset, limit,
                                  rows, n, total);
}

/* ------------------------------------------------------------ invitations */

const char *invitation_state(const struct invitation_row *inv, int64_t now)
{
  if (inv->used_at)
    return "used";
  if (inv->expires_at == 0)
    return "revoked";
  if (inv->expires_at <= now)
    return "expired";
  return "sent";
}

static int mail_invitation(struct db *db, const struct scheme_row *scheme,
                           const char *email, const char *token,
                           const char *base_url)
{
  char subject[SU_NAME + 40];
  struct buf body;
  int rc;

  snprintf(subject, sizeof(subject), "Sign up for a mentor: %s",
           scheme->name);
  buf_init(&body, 4000);
  buf_printf(&body,
             "Hello,\n\nThe Peer Mentoring Team invites you to sign up as a "
             "mentee for %s, so that a current student can help you settle "
             "in, even before you arrive.\n\n"
             "To create your Tandem account and sign up, open this link "
             "within 14 days:\n\n%s/invitations/%s\n\n"
             "The link works once. If it has expired, ask the Peer Mentoring "
             "Team for a new one.\n\n-- Tandem, the Peer Mentoring Team\n",
             scheme->name, base_url, token);
  rc = buf_failed(&body) ? ERR_TOOBIG
                         : mail_queue(db, email, subject, buf_cstr(&body));
  buf_free(&body);
  return rc;
}

/* Invite email (normalised) to scheme: renew an unused invitation, skip a
 * used one, or make a new one (naming the student whose personal email it
 * is, when exactly one student has it). Inside the caller's transaction. */
static int invite_one(struct db *db, const struct user *actor,
                      const struct scheme_row *scheme, const char *email,
                      int64_t student_id, const char *base_url,
                      struct invite_report *rep)
{
  struct invitation_row inv = {0};
  char token[TOKEN_LEN + 1], hash[65];
  int64_t now = clock_now(), ids[2];
  int rc, n;

  rc = store_invitation_latest(db, scheme->id, email, &inv);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  if (rc == 0 && inv.used_at) {
    rep->skipped++;
    return 0;
  }
  random_token(token);
  token_hash(token, hash);
  if (rc == 0) {
    if ((rc = store_invitation_renew(db, inv.id, hash, now,
                                     now + INVITATION_TTL)))
      return rc;
    rep->renewed++;
  } else {
    if (!student_id) {
      if ((rc = store_students_with_personal_email(db, email, ids, 2, &n)))
        return rc;
      student_id = n == 1 ? ids[0] : 0;
    }
    inv = (struct invitation_row){.scheme_id = scheme->id,
                                  .student_id = student_id,
                                  .created_by = actor ? actor->id : 0,
                                  .created_at = now,
                                  .expires_at = now + INVITATION_TTL};
    str_copy(inv.email, sizeof(inv.email), email);
    if ((rc = store_invitation_insert(db, &inv, hash, NULL)))
      return rc;
    rep->sent++;
  }
  return mail_invitation(db, scheme, email, token, base_url);
}

static void report_error(struct invite_report *rep, int line,
                         const char *text, const char *msg)
{
  if (rep->nerrors < (int)(sizeof(rep->errors) / sizeof(rep->errors[0]))) {
    struct invite_error *e = &rep->errors[rep->nerrors++];

    e->line = line;
    str_copy(e->text, sizeof(e->text), text);
    str_copy(e->msg, sizeof(e->msg), msg);
  }
  rep->nerrors_total++;
}

static int audit_invitations(struct db *db, const struct user *actor,
                             const char *ip, const struct scheme_row *scheme,
                             const struct invite_report *rep)
{
  char subject[32], detail[96];

  snprintf(subject, sizeof(subject), "scheme %lld", (long long)scheme->id);
  snprintf(detail, sizeof(detail), "%d sent, %d sent again, %d already used",
           rep->sent, rep->renewed, rep->skipped);
  return audit_record(db, actor ? actor->id : 0, "invitation.send", subject,
                      detail, ip);
}

int invitations_send_list(struct db *db, const struct user *actor,
                          const char *ip, const struct scheme_row *scheme,
                          const char *text, const char *base_url,
                          struct invite_report *rep)
{
  char (*emails)[EMAIL_MAX + 1] = xcalloc(INVITE_LINES_MAX, sizeof(*emails));
  int nemails = 0, line = 0, rc = 0;
  const char *p = text ? text : "";

  memset(rep, 0, sizeof(*rep));
  while (*p) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char raw[512], norm[EMAIL_MAX + 1];
    struct err_detail why = {"", ""};
    bool seen = false;

    line++;
    if (len >= sizeof(raw)) {
      report_error(rep, line, "", "This line is too long for an email address.");
    } else {
      memcpy(raw, p, len);
      raw[len] = '\0';
      str_trim(raw);
      if (raw[0] && account_normalise_email(raw, norm, &why)) {
        report_error(rep, line, raw, why.msg);
      } else if (raw[0]) {
        for (int i = 0; i < nemails && !seen; i++)
          seen = str_eq(emails[i], norm);
        if (!seen && nemails == INVITE_LINES_MAX)
          report_error(rep, line, raw,
                       "At most 500 addresses at once: send the rest "
                       "separately.");
        else if (!seen)
          str_copy(emails[nemails++], EMAIL_MAX + 1, norm);
      }
    }
    p += len + (end ? 1 : 0);
  }
  if (!rep->nerrors_total && !nemails)
    report_error(rep, 0, "", "Paste at least one email address.");
  if (rep->nerrors_total) {
    rc = ERR_INPUT;
    goto out;
  }
  if ((rc = db_begin(db)))
    goto out;
  for (int i = 0; rc == 0 && i < nemails; i++)
    rc = invite_one(db, actor, scheme, emails[i], 0, base_url, rep);
  if (rc == 0)
    rc = audit_invitations(db, actor, ip, scheme, rep);
  if (rc)
    db_rollback(db);
  else
    rc = db_commit(db);
out:
  if (rc && rc != ERR_INPUT)
    rep->sent = rep->renewed = rep->skipped = 0;
  free(emails);
  return rc;
}

int invitations_send_incoming(struct db *db, const struct user *actor,
                              const char *ip, const struct scheme_row *scheme,
                              const char *base_url, struct invite_report *rep)
{
  enum { INCOMING_MAX = 20000 };
  struct incoming_row *rows = xcalloc(INCOMING_MAX, sizeof(*rows));
  int n = 0, rc;

  memset(rep, 0, sizeof(*rep));
  if ((rc = db_begin(db)))
    goto out;
  rc = store_incoming_for_scheme(db, scheme->id, clock_now(), rows,
                                 INCOMING_MAX, &n);
  for (int i = 0; rc == 0 && i < n; i++)
    rc = invite_one(db, actor, scheme, rows[i].email, rows[i].id, base_url,
                    rep);
  if (rc == 0)
    rc = audit_invitations(db, actor, ip, scheme, rep);
  if (rc)
    db_rollback(db);
  else
    rc = db_commit(db);
out:
  if (rc)
    rep->sent = rep->renewed = rep->skipped = 0;
  free(rows);
  return rc;
}

int invitation_resend(struct db *db, const struct user *actor, const char *ip,
                      const struct scheme_row *scheme, int64_t invitation_id,
                      const char *base_url)
{
  struct invitation_row inv;
  struct invite_report rep = {0};
  int rc = store_invitation_get(db, invitation_id, &inv);

  if (rc)
    return rc;
  if (inv.scheme_id != scheme->id)
    return ERR_NOTFOUND;
  if (inv.used_at)
    return ERR_CONFLICT;
  if ((rc = db_begin(db)))
    return rc;
  rc = invite_one(db, actor, scheme, inv.email, inv.student_id, base_url,
                  &rep);
  if (rc == 0 && rep.renewed != 1)
    rc = ERR_CONFLICT; /* used in the meantime */
  if (rc == 0)
    rc = audit_invitations(db, actor, ip, scheme, &rep);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int invitation_revoke(struct db *db, const struct user *actor, const char *ip,
                      int64_t scheme_id, int64_t invitation_id)
{
  struct invitation_row inv;
  char subject[32];
  int rc = store_invitation_get(db, invitation_id, &inv);

  if (rc)
    return rc;
  if (inv.scheme_id != scheme_id)
    return ERR_NOTFOUND;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_invitation_revoke(db, invitation_id);
  if (rc == ERR_NOTFOUND)
    rc = ERR_CONFLICT; /* used */
  snprintf(subject, sizeof(subject), "scheme %lld", (long long)scheme_id);
  if (rc == 0)
    rc = audit_record(db, actor ? actor->id : 0, "invitation.revoke", subject,
                      inv.email, ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int invitations_of_scheme(struct db *db, int64_t scheme_id, int offset,
                          int limit, struct invitation_row *rows, int *n,
                          int64_t *total)
{
  return store_invitation_list(db, scheme_id, offset, limit, rows, n, total);
}

int invitation_check(struct db *db, const char *token,
                     struct invitation_row *out)
{
  char hash[65];
  int rc;

  /* The token is looked up by its SHA-256, so the time a look-up takes
   * says nothing about how close a guess was. */
  if (!token || strlen(token) != TOKEN_LEN)
    return ERR_NOTFOUND;
  token_hash(token, hash);
  if ((rc = store_invitation_by_hash(db, hash, out)))
    return rc;
  return str_eq(invitation_state(out, clock_now()), "sent") ? 0
                                                             : ERR_CONFLICT;
}

/* The new account's fields, checked before the transaction so that a
 * mistake costs no password hash and holds no lock. */
static int check_account(const struct invitation_account *acc,
                         const char *email, struct err_detail *why)
{
  int rc;

  if (!acc->name || !*acc->name)
    return err_set(why, ERR_INPUT, "name", "Enter your name.");
  if ((rc = password_acceptable(acc->password, email, "new_password", why)))
    return rc;
  if (!acc->confirm || strcmp(acc->password, acc->confirm) != 0)
    return err_set(why, ERR_INPUT, "confirm_password",
                   "The two new passwords are not the same.");
  return 0;
}

int invitation_accept(struct db *db, const char *token,
                      const struct user *signed_in,
                      const struct invitation_account *acc,
                      const struct signup_input *in, const char *base_url,
                      const char *ip, const char *user_agent, char *cookie,
                      struct session *session, struct err_detail *why)
{
  struct scheme_row *scheme = xmalloc(sizeof(*scheme));
  struct signup_row *row = xcalloc(1, sizeof(*row));
  struct invitation_row inv, taken;
  struct user u;
  char hash[65], detail[96], pw_hash[ACCOUNT_HASH_MAX];
  int64_t now = clock_now(), sid = 0;
  int rc;

  cookie[0] = '\0';
  if ((rc = invitation_check(db, token, &inv)))
    goto out;
  if ((rc = scheme_get(db, inv.scheme_id, scheme)))
    goto out;
  if ((rc = signups_accepting(scheme, why))) {
    rc = ERR_PERM;
    goto out;
  }
  if (signed_in && !str_eq(signed_in->email, inv.email)) {
    rc = err_set(why, ERR_PERM, "",
                 "You are signed in with another account. Sign out, then "
                 "open the link again.");
    goto out;
  }
  row->scheme_id = scheme->id;
  if ((rc = signup_validate(db, in, row, why)) ||
      (!signed_in && (rc = check_account(acc, inv.email, why))))
    goto out;
  /* Hashed before the transaction: argon2id takes tens of milliseconds,
   * too long to hold SQLite's write lock. */
  if (!signed_in && (rc = account_password_hash(acc->password, pw_hash)))
    goto out;
  token_hash(token, hash);
  if ((rc = db_begin(db)))
    goto out;
  /* Taken first: of two submissions at once, the second waits here for
   * the first and then finds the invitation used. */
  rc = store_invitation_take(db, hash, now, 0, &taken);
  if (rc == ERR_NOTFOUND)
    rc = ERR_CONFLICT;
  if (rc)
    goto fail;
  if (signed_in) {
    u = *signed_in;
  } else {
    rc = account_create_hashed(db, 0, ip, inv.email, acc->name, pw_hash,
                               ROLE_STUDENT, &u, why);
    if (rc == ERR_CONFLICT)
      /* Only the holder of the link sees this: it went to this address. */
      err_set(why, ERR_AUTH, "",
              "There is already a Tandem account with this email address. "
              "Sign in with it, then open the link again.");
    if (rc == ERR_CONFLICT)
      rc = ERR_AUTH;
    if (rc)
      goto fail;
  }
  if ((rc = store_invitation_set_user(db, taken.id, u.id)))
    goto fail;
  row->user_id = u.id;
  row->student_id = taken.student_id;
  row->invitation_id = taken.id;
  if ((rc = store_signup_upsert(db, row, now, &sid)) ||
      (rc = mail_confirmation(db, &u, scheme, row, base_url, false)))
    goto fail;
  snprintf(detail, sizeof(detail), "scheme %lld, invitation %lld, sign-up %lld",
           (long long)scheme->id, (long long)taken.id, (long long)sid);
  if ((rc = audit_record(db, u.id, "invitation.accept", u.email, detail, ip)))
    goto fail;
  /* Already enrolled (the record came before the link was used): merge
   * now rather than at the next import. */
  if (taken.student_id && (rc = signups_merge_student(db, taken.student_id)))
    goto fail;
  if (!signed_in &&
      (rc = account_session_start(db, &u, ip, user_agent, cookie, session)))
    goto fail;
  if ((rc = db_commit(db)))
    cookie[0] = '\0';
  goto out;
fail:
  db_rollback(db);
  cookie[0] = '\0';
out:
  free(scheme);
  free(row);
  return rc;
}

/* ------------------------------------------------------------------ merge */

static int merge_skipped(struct db *db, const struct student_row *s,
                         const char *why)
{
  log_warn("msg=\"sign-up not merged\" student=%lld reason=\"%s\"",
           (long long)s->id, why);
  return audit_record(db, 0, "signup.merge_skipped", s->number, why, NULL);
}

int signups_merge_row(struct db *db, const struct student_row *s)
{
  int64_t users[2], ids[2], other = 0, linked = 0;
  bool changed = false;
  char detail[128];
  int n = 0, k = 0, rc;

  if (s->erased_at || !str_eq(s->status, "enrolled"))
    return 0;
  /* The common case, nothing to merge, costs two indexed look-ups. */
  if ((rc = store_merge_candidates(db, s->id, s->personal_email, users, 2,
                                   &n)) ||
      n == 0)
    return rc;
  if (s->personal_email[0] &&
      (rc = store_students_with_personal_email(db, s->personal_email, ids, 2,
                                               &k)))
    return rc;
  if (k > 1) {
    /* Two students with one personal email: an invitation to that address
     * could be either's, so only invitations naming this student count. */
    if ((rc = store_merge_candidates(db, s->id, "", users, 2, &n)))
      return rc;
    if (n == 0)
      return merge_skipped(db, s,
                           "another student has the same personal email");
  }
  if (n > 1)
    return merge_skipped(db, s, "two accounts signed up as this student");
  if ((rc = store_student_of_account(db, users[0], &other)))
    return rc;
  if (other && other != s->id)
    return merge_skipped(db, s, "the account belongs to another student");
  if ((rc = db_begin(db)))
    return rc;
  /* The account keeps its sign-in email (the personal one); a student
   * whose record already names another account keeps that link, and only
   * the sign-ups are filled. */
  rc = store_student_link_account(db, s->id, users[0], &changed);
  if (rc == 0)
    rc = store_signup_link_student(db, users[0], s->id, clock_now(), &linked);
  snprintf(detail, sizeof(detail), "account %lld%s, %lld %s",
           (long long)users[0], changed ? " linked" : "", (long long)linked,
           linked == 1 ? "sign-up" : "sign-ups");
  if (rc == 0 && (changed || linked))
    rc = audit_record(db, 0, "signup.merged", s->number, detail, NULL);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int signups_merge_student(struct db *db, int64_t student_id)
{
  struct student_row *s = xmalloc(sizeof(*s));
  int rc = store_student_get(db, student_id, s);

  if (rc == 0)
    rc = signups_merge_row(db, s);
  else if (rc == ERR_NOTFOUND)
    rc = 0;
  free(s);
  return rc;
}

/* ------------------------------------------------------------------- demo */

int signups_demo(struct db *db)
{
  struct signup_row *row = xcalloc(1, sizeof(*row));
  struct student_row *s = xmalloc(sizeof(*s));
  struct user u;
  int64_t scheme_id;
  int rc;

  if ((rc = account_by_email(db, "first-year@demo.ac.uk", &u)) ||
      (rc = store_scheme_by_name(db, "Computer Science peer mentoring",
                                 "2026/27", &scheme_id)))
    goto out;
  rc = store_signup_of_user(db, scheme_id, u.id, row);
  if (rc != ERR_NOTFOUND)
    goto out; /* there already (0), or an error */
  rc = profile_get(db, &u, s);
  if (rc && rc != ERR_NOTFOUND)
    goto out;
  memset(row, 0, sizeof(*row));
  row->scheme_id = scheme_id;
  row->user_id = u.id;
  row->student_id = rc == 0 ? s->id : 0;
  str_copy(row->topics, sizeof(row->topics), "settling_in study_skills");
  str_copy(row->preferences, sizeof(row->preferences),
           "course language home_country");
  str_copy(row->mode, sizeof(row->mode), "either");
  str_copy(row->note, sizeof(row->note),
           "I would like to meet someone who also came from China.");
  rc = store_signup_upsert(db, row, clock_now(), NULL);
out:
  free(row);
  free(s);
  return rc == ERR_NOTFOUND ? 0 : rc;
}
