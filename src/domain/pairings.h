/* domain/pairings.h: a mentor and a mentee in a scheme, from the moment
 * they are paired until the pairing ends. Every pairing comes from one
 * place: pairing_create, which in one transaction takes a place of the
 * mentor's (scheme_mentors: a guarded UPDATE under a CHECK, so concurrent
 * writers can never exceed a capacity) and inserts the pairing (a unique
 * index allows one current pairing per sign-up, so a mentee never has two
 * mentors in one scheme) with its first event; published runs, a mentor
 * accepting a mentee's request, and a coordinator's hand assignment all
 * go through it.
 *
 * Lifecycle: proposed -> active (both sides acknowledged) -> paused <->
 * active -> ended (with a reason: completed, no_contact, needs_changed,
 * concern_raised, moved_on); proposed or paused may end too. Ending frees
 * the mentor's place. Each change is a guarded UPDATE on the version with
 * an event, an audit entry and mail to both sides. Either side may ask to
 * be rematched, with a reason; the coordinator rematches with every other
 * pairing fixed. */
#ifndef TANDEM_DOMAIN_PAIRINGS_H
#define TANDEM_DOMAIN_PAIRINGS_H

#include "base/err.h"
#include "domain/accounts.h"
#include "domain/matching.h"
#include "store/pairings.h"

#include <stdbool.h>

/* Who is acting. user NULL: an API key or the command line, which act
 * with a coordinator's authority (never as a side of a pairing). */
struct pairing_actor {
  const struct user *user;
  const char *ip;       /* may be NULL */
  const char *base_url; /* for links in mail; may be NULL or "" */
};

enum { PAIRING_STATES = 4, PAIRING_EVENTS_MAX = 100, PAIRING_REMATCH_MAX = 200,
       PAIRING_GROUPS_MAX = 500, PAIRING_NOTE_MAX = 400 };

/* The most mentees one mentor may have in a scheme; a #define, so that
 * the messages which name it can spell it (PAIRING_PLACES_RANGE). */
#define PAIRING_PLACES_MAX 50
#define PAIRING_PLACES_TEXT_(n) #n
#define PAIRING_PLACES_TEXT(n) PAIRING_PLACES_TEXT_(n)
#define PAIRING_PLACES_RANGE "0 to " PAIRING_PLACES_TEXT(PAIRING_PLACES_MAX)

/* A pairing to create. */
struct pairing_new {
  int64_t scheme_id, signup_id, mentor_student_id;
  int64_t group_id;    /* 0: one-to-one */
  const char *source;  /* run choice coordinator rematch */
  int64_t run_id;      /* 0: not from a run */
  int score;           /* 0..1000 */
  const char *explanation;
};

/* pairing_create: n.b. the caller has checked the hard rules (a run's
 * solve, matching_pair_score). Inside the caller's transaction when there
 * is one. ERR_CONFLICT with why when the mentor has no place left or the
 * mentee already has a current pairing in the scheme. Queues mail to both
 * sides. *id the new pairing. */
int pairing_create(struct db *db, const struct pairing_actor *a,
                   const struct pairing_new *n, int64_t now, int64_t *id,
                   struct err_detail *why);

/* pairing_publish_run: create run_id's draft pairs as pairings in one
 * transaction (all or none), mark the run published, and notify both
 * sides of each. *created the number made. ERR_PERM unless the actor
 * manages the scheme; ERR_CONFLICT with why when the run is not the
 * scheme's current draft or a pair can no longer be made (a place taken,
 * a mentee paired meanwhile): nothing is created then. */
int pairing_publish_run(struct db *db, const struct pairing_actor *a,
                        int64_t run_id, int64_t now, int *created,
                        struct err_detail *why);

/* pairing_assign: a coordinator pairs a mentee with a mentor by hand; the
 * same hard rules as a run (matching_pair_score), the score kept. ERR_PERM;
 * ERR_INPUT with why naming the rule that forbids it. */
int pairing_assign(struct db *db, const struct pairing_actor *a,
                   int64_t scheme_id, int64_t signup_id,
                   int64_t mentor_student_id, int64_t now, int64_t *id,
                   struct err_detail *why);

/* pairing_acknowledge: the mentor or the mentee (the actor) acknowledges
 * a proposed pairing; when both have, it becomes active. */
int pairing_acknowledge(struct db *db, const struct pairing_actor *a,
                        int64_t pairing_id, int64_t now);
/* pairing_pause / pairing_resume (coordinator, or either side). */
int pairing_pause(struct db *db, const struct pairing_actor *a,
                  int64_t pairing_id, const char *note, int64_t now);
int pairing_resume(struct db *db, const struct pairing_actor *a,
                   int64_t pairing_id, int64_t now);
/* pairing_end: with one of the reasons; frees the mentor's place. */
int pairing_end(struct db *db, const struct pairing_actor *a,
                int64_t pairing_id, const char *reason, const char *note,
                int64_t now, struct err_detail *why);
bool pairing_end_reason_valid(const char *reason);
const char *pairing_end_reason_label(const char *reason);
const char *pairing_state_label(const char *state);

/* pairing_rematch_request: a side asks to be rematched, with a reason
 * (required). pairing_rematch: the coordinator ends the pairing (reason
 * needs_changed) and pairs the mentee with another mentor, chosen by the
 * engine among the mentors with places, every other pairing fixed. */
int pairing_rematch_request(struct db *db, const struct pairing_actor *a,
                            int64_t pairing_id, const char *reason,
                            int64_t now, struct err_detail *why);
int pairing_rematch(struct db *db, const struct pairing_actor *a,
                    int64_t pairing_id, int64_t now, int64_t *new_id,
                    struct err_detail *why);

/* ------------------------------------------------------------- reading */

/* The lifecycle's one table: whether a pairing in state from may move to
 * state to (by anyone). The states: proposed active paused ended. */
bool pairing_transition_legal(const char *from, const char *to);
bool pairing_state_valid(const char *state);
/* The reasons, in the order the end form offers them (NULL-ended). */
extern const char *const pairing_end_reasons[];

/* How the viewer stands to a pairing. A side wins over managing, so a
 * student lead who mentors acts as the mentor on their own pairing. */
enum pairing_access {
  PAIRING_NONE, PAIRING_MENTEE, PAIRING_MENTOR, PAIRING_MANAGER,
};
enum pairing_access pairing_access(struct db *db, const struct user *u,
                                   const struct pairing_row *p);
/* pairing_may_manage: whether u (NULL: an API key) manages the pairing's
 * scheme. */
bool pairing_may_manage(struct db *db, const struct user *u,
                        int64_t scheme_id);
/* pairing_get: pairing id as u may see it (the sides and the scheme's
 * managers; u NULL is an API key); ERR_PERM for anyone else. */
int pairing_get(struct db *db, const struct user *u, int64_t id,
                struct pairing_row *out, enum pairing_access *access);
/* pairing_history: the pairing's events, oldest first. */
int pairing_history(struct db *db, int64_t id, struct pairing_event_row *rows,
                    int max, int *n);
/* pairing_list: scheme_id's pairings in state ("" all) through fn;
 * ERR_PERM unless u manages the scheme. */
int pairing_list(struct db *db, const struct user *u, int64_t scheme_id,
                 const char *state, pairing_fn fn, void *ctx);
/* pairing_counts: scheme_id's pairings by state, in the order proposed
 * active paused ended. */
int pairing_counts(struct db *db, const struct user *u, int64_t scheme_id,
                   int64_t counts[PAIRING_STATES]);
/* pairings_as_mentee / pairings_as_mentor: u's own pairings (current
 * ones only when current_only), for their dashboard. */
int pairings_as_mentee(struct db *db, const struct user *u, bool current_only,
                       pairing_fn fn, void *ctx);
int pairings_as_mentor(struct db *db, const struct user *u, bool current_only,
                       pairing_fn fn, void *ctx);
/* pairing_waiting / pairing_mentors: the choosers of the hand assignment
 * (mentees without a current pairing; accepted mentors with their
 * places). ERR_PERM unless u manages the scheme. */
int pairing_waiting(struct db *db, const struct user *u, int64_t scheme_id,
                    waiting_fn fn, void *ctx);
int pairing_mentors(struct db *db, const struct user *u, int64_t scheme_id,
                    mentor_place_fn fn, void *ctx);
/* pairing_mentor: one of scheme_id's accepted mentors with their places.
 * ERR_PERM unless u manages the scheme; ERR_NOTFOUND when student_id is
 * not an accepted mentor of it. */
int pairing_mentor(struct db *db, const struct user *u, int64_t scheme_id,
                   int64_t student_id, struct mentor_place_row *out);
/* pairings_set_places: how many mentees mentor student_id may have in
 * scheme_id: 0..PAIRING_PLACES_MAX (0: no new mentees this year), never
 * fewer than the pairings they hold. Creates their row of places when
 * they have none; an audit entry. ERR_PERM unless the actor manages the
 * scheme; ERR_NOTFOUND (why) when the student is not an accepted mentor
 * of it; ERR_INPUT (why, field "places") out of range; ERR_CONFLICT (why,
 * field "places", naming the pairings held) below them, including when a
 * pairing was made at the same moment. */
int pairings_set_places(struct db *db, const struct pairing_actor *a,
                        int64_t scheme_id, int64_t student_id, int places,
                        struct err_detail *why);
/* pairing_rematch_requests: scheme_id's open rematch requests. */
int pairing_rematch_requests(struct db *db, const struct user *u,
                             int64_t scheme_id, struct rematch_row *rows,
                             int max, int *n);
/* pairing_groups: scheme_id's groups with their leaders. */
int pairing_groups(struct db *db, const struct user *u, int64_t scheme_id,
                   struct group_row *rows, int max, int *n);
/* pairing_preview: what pairing_assign would do, without doing it: the
 * pair's score and explanation (score -1 and the rule when a hard rule
 * forbids it). ERR_PERM; ERR_NOTFOUND as matching_pair_score. */
int pairing_preview(struct db *db, const struct pairing_actor *a,
                    int64_t scheme_id, int64_t signup_id,
                    int64_t mentor_student_id, int64_t now,
                    struct match_candidate *out);

#endif
