/* domain/signups.h: mentee sign-up to a scheme (the help wanted, the
 * preferences about a mentor that the matching engine uses, the meeting
 * mode), the invitations that let incoming students sign up before they
 * have a university account, and the merge of such a sign-up with the
 * student record once the student enrols. No SQL here (store/signups.c)
 * and no HTTP. Functions return 0 or a negative enum err; a person's
 * mistake is ERR_INPUT with why naming the field. */
#ifndef TANDEM_DOMAIN_SIGNUPS_H
#define TANDEM_DOMAIN_SIGNUPS_H

#include "base/err.h"
#include "domain/accounts.h"
#include "domain/eligibility.h"
#include "store/people.h"
#include "store/schemes.h"
#include "store/signups.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  SIGNUP_NOTE_MAX = 1000,     /* characters of the free-text note */
  SIGNUP_TOPICS_MAX = 32,     /* help topics a scheme offers */
  INVITATION_TTL = 14 * 86400, /* an invitation link works 14 days */
  INVITE_LINES_MAX = 500,     /* addresses pasted at once */
};

/* The preferences about a mentor a mentee may state: the matching
 * engine's criterion words (migration 0003) and what a person reads. */
struct signup_preference {
  const char *word, *label;
};
extern const struct signup_preference signup_preferences[];
enum { SIGNUP_PREFERENCES = 7 };

/* signup_mode_label: "Online", "Face to face", "Either"; the word itself
 * for an unknown one. */
const char *signup_mode_label(const char *mode);
/* signup_refer_where: where a mentee goes for a topic mentors must refer
 * on ("the careers service" for careers_advice); static storage. */
const char *signup_refer_where(const char *topic);
/* signup_has_word: whether the space-separated set holds word. */
bool signup_has_word(const char *set, const char *word);

/* What a mentee fills in. topics and preferences are arrays of words
 * (the form's checked boxes), note and mode as typed. */
struct signup_input {
  const char *topics[SIGNUP_TOPICS_MAX];
  int ntopics;
  const char *preferences[SIGNUP_PREFERENCES];
  int npreferences;
  const char *note;
  const char *mode; /* online face_to_face either */
};

/* The topics of a scheme (words: domain/schemes.h's scheme_topic_label
 * names them): what mentors may help with and what they must refer on
 * (the mentee is told where to go instead). */
struct scheme_topic_lists {
  int nhelp, nrefer;
  char help[SIGNUP_TOPICS_MAX][SU_TOPIC];
  char refer[SIGNUP_TOPICS_MAX][SU_TOPIC];
};
int signup_scheme_topics(struct db *db, int64_t scheme_id,
                         struct scheme_topic_lists *out);

/* signup_validate: check in against the scheme's help topics and the
 * known preferences and modes, filling row's topics, note, preferences and
 * mode (row->scheme_id must be set). ERR_INPUT with why. */
int signup_validate(struct db *db, const struct signup_input *in,
                    struct signup_row *row, struct err_detail *why);

/* signups_accepting: 0 when scheme takes sign-ups (published, sign-ups
 * open); ERR_CONFLICT with why's sentence otherwise. */
int signups_accepting(const struct scheme_row *scheme,
                      struct err_detail *why);

/* signup_eligibility: whether u may sign up to scheme as a mentee, with
 * the explanation; *student is u's record (its id 0 when there is none,
 * and then u is not eligible: sign-up needs a record, or an invitation).
 * student may be NULL. */
int signup_eligibility(struct db *db, const struct user *u,
                       const struct scheme_row *scheme,
                       struct student_row *student, struct eligibility *out);

/* signup_save: u signs up to scheme (or changes their sign-up), when the
 * scheme accepts sign-ups and u is eligible (else ERR_CONFLICT or ERR_PERM
 * with why's sentence). Sends a confirmation to u's email through the
 * outbox; audited ("signup.create" / "signup.update"). base_url begins the
 * link in the mail. *id the sign-up's id (may be NULL). */
int signup_save(struct db *db, const struct user *u,
                const struct scheme_row *scheme, const struct signup_input *in,
                const char *base_url, const char *ip, int64_t *id,
                struct err_detail *why);
/* signup_withdraw: u withdraws their sign-up to scheme_id; ERR_NOTFOUND
 * when they have none. Audited. */
int signup_withdraw(struct db *db, const struct user *u, int64_t scheme_id,
                    const char *ip);
/* signup_mine: u's sign-up to scheme_id (ERR_NOTFOUND when none). */
int signup_mine(struct db *db, const struct user *u, int64_t scheme_id,
                struct signup_row *out);
/* signups_of_user: u's sign-ups, newest first. */
int signups_of_user(struct db *db, const struct user *u,
                    struct signup_row *rows, int max, int *n);
/* signup_get: sign-up id, for its own mentee or a manager of its scheme
 * (ERR_PERM otherwise); u NULL for an API key, which reads everything. */
int signup_get(struct db *db, const struct user *u, int64_t id,
               struct signup_row *out);
/* signups_of_scheme: a page of scheme_id's sign-ups matching f, for a
 * manager of the scheme (u NULL: an API key). ERR_PERM otherwise. */
int signups_of_scheme(struct db *db, const struct user *u, int64_t scheme_id,
                      const struct signup_filter *f, int64_t after_id,
                      int offset, int limit, struct signup_row *rows, int *n,
                      int64_t *total);

/* ------------------------------------------------------------ invitations */

/* invitation_state: "sent", "used", "expired" or "revoked" at now. */
const char *invitation_state(const struct invitation_row *inv, int64_t now);

/* A line of pasted addresses that is not an email. */
struct invite_error {
  int line;
  char text[96];
  char msg[160];
};

struct invite_report {
  int sent;    /* new invitations */
  int renewed; /* unused invitations sent again with a new link */
  int skipped; /* already used: the person has signed up */
  int nerrors;
  struct invite_error errors[20]; /* the first 20 bad lines */
  int nerrors_total;
};

/* invitations_send_list: invite every address of text (one a line, blank
 * lines ignored, repeats once) to scheme_id, all or nothing: when a line
 * is bad, nothing is sent and rep lists the bad lines (ERR_INPUT). An
 * unused invitation to the same address is renewed. Each mail carries
 * base_url/invitations/TOKEN. Audited once ("invitation.send"). */
int invitations_send_list(struct db *db, const struct user *actor,
                          const char *ip, const struct scheme_row *scheme,
                          const char *text, const char *base_url,
                          struct invite_report *rep);
/* invitations_send_incoming: invite every incoming student with a
 * personal email whom the scheme serves and who has no usable invitation
 * yet. Audited once. */
int invitations_send_incoming(struct db *db, const struct user *actor,
                              const char *ip, const struct scheme_row *scheme,
                              const char *base_url, struct invite_report *rep);
/* invitation_resend: a new link for an unused invitation of scheme_id (the
 * old one stops working), mailed again; ERR_CONFLICT when it was used. */
int invitation_resend(struct db *db, const struct user *actor, const char *ip,
                      const struct scheme_row *scheme, int64_t invitation_id,
                      const char *base_url);
/* invitation_revoke: the link of an unused invitation stops working. */
int invitation_revoke(struct db *db, const struct user *actor, const char *ip,
                      int64_t scheme_id, int64_t invitation_id);
/* invitations_of_scheme: a page of scheme_id's invitations, newest first
 * (never their tokens: only hashes are kept). */
int invitations_of_scheme(struct db *db, int64_t scheme_id, int offset,
                          int limit, struct invitation_row *rows, int *n,
                          int64_t *total);

/* invitation_check: the invitation of token. ERR_NOTFOUND for a token
 * that never existed (or is malformed); ERR_CONFLICT (with *out filled)
 * for one used, expired or revoked. */
int invitation_check(struct db *db, const char *token,
                     struct invitation_row *out);

/* What an invited student gives to create their account. */
struct invitation_account {
  const char *name, *password, *confirm;
};

/* invitation_accept: in one transaction, take the invitation of token
 * (single use, even under concurrent submits), create the account (role
 * student, the invitation's email) unless signed_in is the invited
 * person's own account (then acc is not read), sign up to the scheme with
 * in, and start a session: *session and the cookie's token
 * (TOKEN_LEN + 1 bytes). ERR_NOTFOUND / ERR_CONFLICT as invitation_check
 * (the link is dead); ERR_INPUT with why; ERR_PERM when signed_in is
 * someone else. Audited ("invitation.accept"). */
int invitation_accept(struct db *db, const char *token,
                      const struct user *signed_in,
                      const struct invitation_account *acc,
                      const struct signup_input *in, const char *base_url,
                      const char *ip, const char *user_agent, char *cookie,
                      struct session *session, struct err_detail *why);

/* ------------------------------------------------------------------ merge */

/* signups_merge_student: when student_id is enrolled, link to it the
 * account that signed up through an invitation to its personal email (or
 * naming it): students.user_id (if still empty) and the account's
 * sign-ups' student_id. The account keeps its sign-in email (the personal
 * one). Idempotent; never merges when two accounts could be this student,
 * or two students share the personal email, or the account already
 * belongs to another student (then it logs and audits
 * "signup.merge_skipped" and returns 0). Audited ("signup.merged"). Runs
 * inside the caller's transaction if there is one. */
int signups_merge_student(struct db *db, int64_t student_id);
/* signups_merge_row: the same for a student row just saved (its id,
 * status, personal email and number are read), without loading it again:
 * student_save's hook. */
int signups_merge_row(struct db *db, const struct student_row *s);

/* signups_demo: the demo university's sign-up: Jiayi Chen (first-year@)
 * on Computer Science peer mentoring. Nothing when it is there already,
 * or the account or scheme is missing. */
int signups_demo(struct db *db);

#endif
