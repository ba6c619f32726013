/* domain/requests.h: mentees who choose their mentor. In a scheme whose
 * matching mode is mentee_chooses ("the mentee makes contact with their
 * preferred mentor"), a signed-up mentee browses the mentors they may have
 * who still have a place, best match first with the explanation, and asks
 * up to the scheme's max_requests of them at once, in order of preference
 * (the rank). The mentor accepts or declines; a request expires after the
 * scheme's request_days.
 *
 * Accepting is one transaction: the request's guarded move pending ->
 * accepted (never an expired one), then pairing_create (domain/pairings.h:
 * the mentor's place under the places' CHECK, the pairing under the unique
 * index of one current pairing per sign-up), then the mentee's other
 * pending requests close. When the database refuses (no place left, the
 * mentee paired meanwhile) all of it rolls back and the mentor is told
 * why; so concurrent accepts never exceed a capacity nor give a mentee two
 * mentors. Everything done about one mentee's requests first locks their
 * sign-up's row, so those transactions take their turn on both engines.
 *
 * A pending request past its expiry reads as expired everywhere, before
 * requests_expire (the housekeeping thread) records it and tells the
 * mentee. Functions return 0 or a negative enum err; a person's mistake
 * is ERR_INPUT or ERR_CONFLICT with why's sentence (its field for a
 * form), acting for someone else ERR_PERM. */
#ifndef TANDEM_DOMAIN_REQUESTS_H
#define TANDEM_DOMAIN_REQUESTS_H

#include "base/err.h"
#include "domain/accounts.h"
#include "domain/matching.h"
#include "store/requests.h"
#include "store/signups.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  REQUEST_MESSAGE_MAX = 1000, /* characters of the mentee's message */
  REQUEST_NOTE_MAX = 1000,    /* characters of a mentor's note on declining */
  REQUESTS_LIST_MAX = 200,    /* rows any one list shows */
};

/* Who is acting: the mentee or the mentor (their account), where from, and
 * the address links in mail begin with (may be ""). */
struct requests_actor {
  const struct user *user;
  const char *ip;       /* may be NULL */
  const char *base_url; /* may be NULL */
};

/* requests_state_at: r's state as people see it at now: a pending request
 * past its expiry is "expired". Points into r or static storage. */
const char *requests_state_at(const struct mreq_row *r, int64_t now);
/* requests_state_label: "Waiting for an answer", "Accepted", ... */
const char *requests_state_label(const char *state);
/* requests_waiting: whether r waits for the mentor's answer at now. */
bool requests_waiting(const struct mreq_row *r, int64_t now);

/* requests_signup: u's active sign-up to scheme_id, when the scheme lets
 * mentees choose. ERR_NOTFOUND without such a scheme; ERR_CONFLICT with
 * why when the scheme is matched otherwise or u has no active sign-up. */
int requests_signup(struct db *db, const struct user *u, int64_t scheme_id,
                    struct signup_row *out, struct err_detail *why);

/* requests_candidates: the mentors u may ask in scheme_id at now: allowed
 * by every hard rule, with a place left and an account to answer from,
 * best match first, up to max into out (*n). Errors as requests_signup. */
int requests_candidates(struct db *db, const struct user *u, int64_t scheme_id,
                        int64_t now, struct match_candidate *out, int max,
                        int *n, struct err_detail *why);

/* requests_make: the actor (a mentee) asks mentor_student_id in scheme_id,
 * with an optional message (at most REQUEST_MESSAGE_MAX characters). The
 * pair must be allowed now (matching_pair_score) and the mentor have a
 * place; the mentee may have at most the scheme's max_requests waiting and
 * no current pairing in the scheme. Ranked after the mentee's other
 * waiting requests, the score kept, expiring in the scheme's request_days;
 * the mentor is mailed, the request audited. Asking again a mentor whose
 * request was withdrawn or expired renews it; one who declined cannot be
 * asked again. ERR_CONFLICT / ERR_INPUT (field "mentor_student_id" or
 * "message") with why. *id (may be NULL) the request's id. */
int requests_make(struct db *db, const struct requests_actor *a,
                  int64_t scheme_id, int64_t mentor_student_id,
                  const char *message, int64_t now, int64_t *id,
                  struct err_detail *why);

/* requests_withdraw: the mentee withdraws their waiting request id.
 * ERR_PERM for anyone else; ERR_CONFLICT with why when it is not waiting
 * any more. */
int requests_withdraw(struct db *db, const struct requests_actor *a, int64_t id,
                      int64_t now, struct err_detail *why);

/* requests_decline: the mentor declines waiting request id, with an
 * optional note (at most REQUEST_NOTE_MAX characters) mailed to the mentee
 * with the news. ERR_PERM for anyone else; ERR_CONFLICT or ERR_INPUT
 * ("note") with why. */
int requests_decline(struct db *db, const struct requests_actor *a, int64_t id,
                     const char *note, int64_t now, struct err_detail *why);

/* requests_accept: the mentor accepts waiting request id: in one
 * transaction the request is accepted, the pairing created (source
 * "choice", the pair's score and explanation now) and the mentee's other
 * waiting requests closed. ERR_PERM for anyone else; ERR_CONFLICT with why
 * ("You have no place left ...", "This mentee has already been paired
 * ...", or the request is no longer waiting), nothing changed then.
 * *pairing_id (may be NULL) the new pairing. */
int requests_accept(struct db *db, const struct requests_actor *a, int64_t id,
                    int64_t now, int64_t *pairing_id, struct err_detail *why);

/* requests_expire: record every pending request overdue at now as
 * expired (up to a batch of 200 a call) and mail each mentee; *expired
 * (may be NULL) how many. base_url (may be "") begins the mail's link.
 * The housekeeping thread calls it. */
int requests_expire(struct db *db, int64_t now, const char *base_url,
                    int *expired);

/* requests_get: request id, for its mentee or mentor, or a manager of its
 * scheme; ERR_PERM for anyone else. */
int requests_get(struct db *db, const struct user *u, int64_t id,
                 struct mreq_row *out);
/* requests_of_signup: the requests of sign-up signup_id (the caller has
 * checked it is the person's own), waiting ones first by rank. */
int requests_of_signup(struct db *db, int64_t signup_id, struct mreq_row *rows,
                       int max, int *n);
/* requests_of_mentee: u's requests as a mentee in every scheme, newest
 * first. */
int requests_of_mentee(struct db *db, const struct user *u,
                       struct mreq_row *rows, int max, int *n);
/* requests_incoming: the requests to u as a mentor in every scheme,
 * waiting ones first (the soonest to expire first), then the rest newest
 * first. */
int requests_incoming(struct db *db, const struct user *u, int64_t now,
                      struct mreq_row *rows, int max, int *n);
/* requests_waiting_count: how many requests wait for u's answer. */
int requests_waiting_count(struct db *db, const struct user *u, int64_t now,
                           int64_t *n);
/* requests_has_mentor: whether sign-up signup_id has a current pairing
 * (through a request, a match run or the coordinator). */
int requests_has_mentor(struct db *db, int64_t signup_id, bool *paired);
/* requests_explain: how the pair of r suits now (score and explanation;
 * a score of -1 and the rule when a hard rule now excludes it). */
int requests_explain(struct db *db, const struct mreq_row *r, int64_t now,
                     struct match_candidate *out);

#endif
