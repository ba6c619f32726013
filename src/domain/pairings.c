/* domain/pairings.c: pairings from the moment a mentor and a mentee are
 * paired (a published run, a mentor accepting a request, a coordinator's
 * hand) until they end: one way in (create_one), the lifecycle as one
 * table, and every change a guarded UPDATE with an event, an audit entry
 * and mail, in one transaction. */
#include "domain/pairings.h"

#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/schemes.h"
#include "store/matching.h"
#include "store/schemes.h"
#include "store/signups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the lifecycle */

static const char *const states[] = {"proposed", "active", "paused", "ended",
                                     NULL};
static const char *const state_labels[] = {"Proposed", "Active", "Paused",
                                           "Ended"};

const char *const pairing_end_reasons[] = {"completed",     "no_contact",
                                           "needs_changed", "concern_raised",
                                           "moved_on",      NULL};
static const char *const reason_labels[] = {"Completed", "No contact",
                                            "Needs changed",
                                            "A concern was raised", "Moved on"};

static int index_of(const char *const *list, const char *s)
{
  for (int i = 0; s && list[i]; i++)
    if (strcmp(list[i], s) == 0)
      return i;
  return -1;
}

/* legal[from][to]: proposed -> active (both acknowledged), active <->
 * paused, and anything not ended -> ended. */
static const bool legal[PAIRING_STATES][PAIRING_STATES] = {
    /*              prop   active paused ended */
    /* proposed */ {false, true, false, true},
    /* active */ {false, false, true, true},
    /* paused */ {false, true, false, true},
    /* ended */ {false, false, false, false},
};

bool pairing_state_valid(const char *state)
{
  return index_of(states, state) >= 0;
}

bool pairing_transition_legal(const char *from, const char *to)
{
  int f = index_of(states, from), t = index_of(states, to);

  return f >= 0 && t >= 0 && legal[f][t];
}

const char *pairing_state_label(const char *state)
{
  int i = index_of(states, state);

  return i < 0 ? (state ? state : "") : state_labels[i];
}

bool pairing_end_reason_valid(const char *reason)
{
  return index_of(pairing_end_reasons, reason) >= 0;
}

const char *pairing_end_reason_label(const char *reason)
{
  int i = index_of(pairing_end_reasons, reason);

  return i < 0 ? (reason ? reason : "") : reason_labels[i];
}

/* ----------------------------------------------------------------- helpers */

static int64_t actor_id(const struct pairing_actor *a)
{
  return a->user ? a->user->id : 0;
}

bool pairing_may_manage(struct db *db, const struct user *u, int64_t scheme_id)
{
  return !u || scheme_may_manage(db, u, scheme_id);
}

enum pairing_access pairing_access(struct db *db, const struct user *u,
                                   const struct pairing_row *p)
{
  if (!u)
    return PAIRING_MANAGER;
  if (p->mentee_user_id == u->id)
    return PAIRING_MENTEE;
  if (p->mentor_user_id && p->mentor_user_id == u->id)
    return PAIRING_MENTOR;
  return scheme_may_manage(db, u, p->scheme_id) ? PAIRING_MANAGER
                                                : PAIRING_NONE;
}

/* Copy s trimmed into dst; false when it does not fit. */
static bool trimmed(char *dst, size_t n, const char *s)
{
  size_t len = strlen(s ? s : "");
  char *tmp = malloc(len + 1);
  bool ok;

  memcpy(tmp, s ? s : "", len + 1);
  ok = str_copy(dst, n, str_trim(tmp));
  free(tmp);
  return ok;
}

static int audit(struct db *db, const struct pairing_actor *a,
                 const char *action, int64_t pairing_id, const char *detail)
{
  char subject[48];

  snprintf(subject, sizeof(subject), "pairing %lld", (long long)pairing_id);
  return audit_record(db, actor_id(a), action, subject, detail, a->ip);
}

static void link_to(const struct pairing_actor *a, int64_t id, char *out,
                    size_t n)
{
  if (a->base_url && a->base_url[0])
    snprintf(out, n, "%s/pairings/%lld", a->base_url, (long long)id);
  else
    snprintf(out, n, "Tandem, under Your mentoring on your home page");
}

/* Mail one side of p (to_mentor: the mentor) that what happened, with
 * the other side and how to reach them. */
static int mail_side(struct db *db, const struct pairing_actor *a,
                     const struct pairing_row *p, bool to_mentor,
                     const char *subject_what, const char *what)
{
  char subject[300], link[400], *body;
  const char *to = to_mentor ? p->mentor_email : p->mentee_email;
  const char *name = to_mentor ? p->mentor_name : p->mentee_name;
  const char *other = to_mentor ? p->mentee_name : p->mentor_name;
  const char *role = to_mentor ? "your mentee" : "your mentor";
  const char *contact = to_mentor ? p->mentee_contact : p->mentor_contact;
  int rc;

  if (!to[0])
    return 0;
  link_to(a, p->id, link, sizeof(link));
  snprintf(subject, sizeof(subject), "%s: %s", p->scheme_name, subject_what);
  body = malloc(OUTBOX_BODY_MAX);
  snprintf(body, OUTBOX_BODY_MAX,
           "Hello %s,\n\n%s\n\n%s is %s on %s (%s). You can contact them at "
           "%s.\n\nYour pairing: %s\n\n-- Tandem, the Peer Mentoring Team\n",
           name, what, other, role, p->scheme_name, p->academic_year,
           contact[0] ? contact : "the address on their record", link);
  rc = mail_queue(db, to, subject, body);
  free(body);
  return rc;
}

static int mail_both(struct db *db, const struct pairing_actor *a,
                     const struct pairing_row *p, const char *subject,
                     const char *to_mentee, const char *to_mentor)
{
  int rc = to_mentee ? mail_side(db, a, p, false, subject, to_mentee) : 0;

  if (!rc && to_mentor)
    rc = mail_side(db, a, p, true, subject, to_mentor);
  return rc;
}

/* ------------------------------------------------------------------ create */

/* A mentor's places when they have no row of their own: in a group
 * scheme, a group's mentees (as the matching engine counts them); else
 * the scheme's mentees per mentor. */
static int default_places(const struct scheme_row *s)
{
  if (str_eq(s->format, "group") && s->group_size > 0)
    return s->group_size;
  return s->mentor_capacity;
}

/* One pairing, inside a transaction (its own when there is none). audit:
 * whether to write its own audit entry (a published run writes one for
 * all). */
static int create_one(struct db *db, const struct pairing_actor *a,
                      const struct pairing_new *n, const struct scheme_row *s,
                      int64_t now, bool audited, int64_t *id,
                      struct err_detail *why)
{
  struct signup_row *su = malloc(sizeof(*su));
  struct pairing_row *p = malloc(sizeof(*p));
  char detail[800];
  int64_t mentor_user = 0;
  int rc;

  *id = 0;
  if ((rc = store_signup_get(db, n->signup_id, su)) == ERR_NOTFOUND) {
    rc = err_set(why, ERR_NOTFOUND, "signup_id", "There is no such sign-up.");
    goto out;
  }
  if (rc)
    goto out;
  if (su->scheme_id != s->id) {
    rc = err_set(why, ERR_INPUT, "signup_id",
                 "That mentee did not sign up to this scheme.");
    goto out;
  }
  if (!str_eq(su->state, "active")) {
    rc = err_set(why, ERR_CONFLICT, "signup_id",
                 "That mentee has withdrawn their sign-up.");
    goto out;
  }
  if ((rc = store_student_user(db, n->mentor_student_id, &mentor_user)) ==
      ERR_NOTFOUND) {
    rc = err_set(why, ERR_NOTFOUND, "mentor_student_id",
                 "There is no such mentor.");
    goto out;
  }
  if (rc)
    goto out;
  if (mentor_user && mentor_user == su->user_id) {
    rc = err_set(why, ERR_INPUT, "mentor_student_id",
                 "A mentor cannot mentor themselves.");
    goto out;
  }
  memset(p, 0, sizeof(*p));
  p->scheme_id = s->id;
  p->signup_id = su->id;
  p->mentee_user_id = su->user_id;
  p->mentor_student_id = n->mentor_student_id;
  p->group_id = n->group_id;
  str_copy(p->source, sizeof(p->source), n->source ? n->source : "");
  p->run_id = n->run_id;
  p->score = n->score < 0 ? 0 : n->score > 1000 ? 1000 : n->score;
  str_copy(p->explanation, sizeof(p->explanation),
           n->explanation ? n->explanation : "");
  if ((rc = db_begin(db)))
    goto out;
  rc = store_place_take(db, s->id, n->mentor_student_id, default_places(s));
  if (rc == ERR_CONFLICT) {
    err_set(why, ERR_CONFLICT, "mentor_student_id",
            "That mentor has no place left in this scheme.");
    goto fail;
  }
  if (rc)
    goto fail;
  rc = store_pairing_insert(db, p, now, id);
  if (rc == ERR_CONFLICT) {
    err_set(why, ERR_CONFLICT, "signup_id",
            "That mentee already has a mentor in this scheme.");
    goto fail;
  }
  if (rc ||
      (rc = store_pairing_event_add(db, *id, now, actor_id(a), "", "proposed",
                                    p->source)) ||
      (rc = store_pairing_get(db, *id, p)))
    goto fail;
  if (audited) {
    snprintf(detail, sizeof(detail), "%s: %s with %s (%s, score %d)", s->name,
             p->mentee_name, p->mentor_name, p->source, p->score);
    if ((rc = audit(db, a, "pairing.create", *id, detail)))
      goto fail;
  }
  rc = mail_both(db, a, p, "you have been paired",
                 "You have been paired with a mentor. Please acknowledge the "
                 "pairing on its page, and say hello to them.",
                 "You have been paired with a mentee. Please acknowledge the "
                 "pairing on its page, and get in touch with them.");
  if (rc)
    goto fail;
  rc = db_commit(db);
  if (rc)
    *id = 0;
  goto out;
fail:
  db_rollback(db);
  *id = 0;
out:
  free(su);
  free(p);
  return rc;
}

int pairing_create(struct db *db, const struct pairing_actor *a,
                   const struct pairing_new *n, int64_t now, int64_t *id,
                   struct err_detail *why)
{
  struct scheme_row *s = malloc(sizeof(*s));
  int rc = store_scheme_get(db, n->scheme_id, s);

  *id = 0;
  if (rc == 0)
    rc = create_one(db, a, n, s, now, true, id, why);
  free(s);
  return rc;
}

/* ------------------------------------------------------------ publishing */

struct pairs {
  struct run_pair_row *rows;
  int n, cap;
};

static int collect_pair(void *ctx, const struct run_pair_row *p)
{
  struct pairs *ps = ctx;

  if (ps->n == ps->cap) {
    ps->cap = ps->cap ? ps->cap * 2 : 64;
    ps->rows = realloc(ps->rows, sizeof(*ps->rows) * (size_t)ps->cap);
    if (!ps->rows)
      abort();
  }
  ps->rows[ps->n++] = *p;
  return 0;
}

/* The group of group_no in this publication, made on first sight. */
struct group_map {
  int no;
  int64_t id;
};

static int group_for(struct db *db, const struct run_pair_row *p,
                     const struct run_row *run, struct group_map *map,
                     int *nmap, int64_t now, int64_t *id)
{
  struct group_row g;
  int rc;

  for (int i = 0; i < *nmap; i++)
    if (map[i].no == p->group_no) {
      *id = map[i].id;
      return 0;
    }
  memset(&g, 0, sizeof(g));
  g.scheme_id = run->scheme_id;
  g.run_id = run->id;
  snprintf(g.name, sizeof(g.name), "Group %d", p->group_no);
  g.leader_student_id = p->mentor_student_id;
  g.co_leader_student_id = p->co_leader_student_id;
  if ((rc = store_group_insert(db, &g, now, id)))
    return rc;
  map[*nmap].no = p->group_no;
  map[(*nmap)++].id = *id;
  return 0;
}

int pairing_publish_run(struct db *db, const struct pairing_actor *a,
                        int64_t run_id, int64_t now, int *created,
                        struct err_detail *why)
{
  struct run_row *run = malloc(sizeof(*run)), *latest = malloc(sizeof(*latest));
  struct scheme_row *s = malloc(sizeof(*s));
  struct pairs ps = {NULL, 0, 0};
  struct group_map *groups = NULL;
  char msg[sizeof(why->msg)], detail[200];
  int ngroups = 0, rc;
  int64_t id;

  *created = 0;
  if ((rc = store_run_get(db, run_id, run)))
    goto out;
  if (!pairing_may_manage(db, a->user, run->scheme_id)) {
    rc = ERR_PERM;
    goto out;
  }
  if ((rc = store_scheme_get(db, run->scheme_id, s)))
    goto out;
  if ((rc = db_begin(db)))
    goto out;
  /* The run's state first: a second publisher waits here for the first,
   * then finds it published. */
  rc = store_run_set_state(db, run_id, "draft", "published", actor_id(a), now);
  if (rc == ERR_CONFLICT) {
    snprintf(msg, sizeof(msg),
             "This run is %s, not a draft, so it cannot "
             "be published.",
             store_run_get(db, run_id, latest) == 0 ? latest->state : "gone");
    err_set(why, ERR_CONFLICT, "", msg);
    goto fail;
  }
  if (rc)
    goto fail;
  if ((rc = store_run_latest(db, run->scheme_id, NULL, latest)))
    goto fail;
  if (latest->id != run_id) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "A newer run of this scheme exists: publish that one, or "
                 "run matching again.");
    goto fail;
  }
  if ((rc = store_run_pairs(db, run_id, collect_pair, &ps)))
    goto fail;
  groups = calloc((size_t)ps.n + 1, sizeof(*groups));
  for (int i = 0; i < ps.n; i++) {
    const struct run_pair_row *p = &ps.rows[i];
    struct err_detail one = {"", ""};
    struct pairing_new n = {.scheme_id = run->scheme_id,
                            .signup_id = p->signup_id,
                            .mentor_student_id = p->mentor_student_id,
                            .source = "run",
                            .run_id = run_id,
                            .score = p->score,
                            .explanation = p->explanation};

    if (p->group_no > 0 &&
        (rc = group_for(db, p, run, groups, &ngroups, now, &n.group_id)))
      goto fail;
    rc = create_one(db, a, &n, s, now, false, &id, &one);
    if (rc) {
      snprintf(msg, sizeof(msg),
               "%.40s could not be paired with %.40s, so nothing was "
               "published: %.100s",
               p->mentee_name, p->mentor_name,
               one.msg[0] ? one.msg : "the database refused it.");
      if (rc == ERR_INPUT || rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
        rc = ERR_CONFLICT;
      err_set(why, rc, "", msg);
      goto fail;
    }
    (*created)++;
  }
  snprintf(detail, sizeof(detail), "%s: run %lld published, %d pairings",
           s->name, (long long)run_id, *created);
  if ((rc = audit_record(db, actor_id(a), "run.publish", detail, NULL, a->ip)))
    goto fail;
  rc = db_commit(db);
  if (rc)
    *created = 0;
  goto out;
fail:
  db_rollback(db);
  *created = 0;
out:
  free(run);
  free(latest);
  free(s);
  free(ps.rows);
  free(groups);
  return rc;
}

/* ------------------------------------------------------------ by hand */

int pairing_preview(struct db *db, const struct pairing_actor *a,
                    int64_t scheme_id, int64_t signup_id,
                    int64_t mentor_student_id, int64_t now,
                    struct match_candidate *out)
{
  if (!pairing_may_manage(db, a->user, scheme_id))
    return ERR_PERM;
  return matching_pair_score(db, scheme_id, signup_id, mentor_student_id, now,
                             out);
}

int pairing_assign(struct db *db, const struct pairing_actor *a,
                   int64_t scheme_id, int64_t signup_id,
                   int64_t mentor_student_id, int64_t now, int64_t *id,
                   struct err_detail *why)
{
  struct match_candidate *c = malloc(sizeof(*c));
  char msg[sizeof(why->msg)];
  int rc;

  *id = 0;
  if (!pairing_may_manage(db, a->user, scheme_id)) {
    rc = ERR_PERM;
    goto out;
  }
  if (signup_id <= 0) {
    rc = err_set(why, ERR_INPUT, "signup_id", "Choose a mentee.");
    goto out;
  }
  if (mentor_student_id <= 0) {
    rc = err_set(why, ERR_INPUT, "mentor_student_id", "Choose a mentor.");
    goto out;
  }
  memset(c, 0, sizeof(*c));
  rc = matching_pair_score(db, scheme_id, signup_id, mentor_student_id, now, c);
  if (rc == ERR_NOTFOUND) {
    rc = err_set(why, ERR_INPUT, "mentor_student_id",
                 "Choose a mentee who signed up to this scheme and a mentor "
                 "it accepted.");
    goto out;
  }
  if (rc)
    goto out;
  if (c->score < 0) {
    snprintf(msg, sizeof(msg), "%.50s cannot be this mentee's mentor: %.160s",
             c->mentor_name[0] ? c->mentor_name : "That mentor",
             c->explanation[0] ? c->explanation : match_rule_text(c->rule));
    rc = err_set(why, ERR_INPUT, "mentor_student_id", msg);
    goto out;
  }
  rc = pairing_create(
      db, a,
      &(struct pairing_new){.scheme_id = scheme_id,
                            .signup_id = signup_id,
                            .mentor_student_id = mentor_student_id,
                            .source = "coordinator",
                            .score = c->score,
                            .explanation = c->explanation},
      now, id, why);
out:
  free(c);
  return rc;
}

/* ------------------------------------------------------------ the changes */

/* Load pairing id for a change by actor a: ERR_NOTFOUND, or ERR_PERM
 * unless a is a side (sides_may) or manages the scheme. */
static int load_for(struct db *db, const struct pairing_actor *a, int64_t id,
                    bool sides_may, struct pairing_row *p,
                    enum pairing_access *acc)
{
  int rc = store_pairing_get(db, id, p);

  if (rc)
    return rc;
  *acc = pairing_access(db, a->user, p);
  if (*acc == PAIRING_NONE)
    return ERR_PERM;
  if (*acc != PAIRING_MANAGER && !sides_may &&
      !pairing_may_manage(db, a->user, p->scheme_id))
    return ERR_PERM;
  return 0;
}

static const char *by_whom(enum pairing_access acc, bool paused)
{
  if (acc == PAIRING_MENTEE)
    return paused ? "Paused by the mentee" : "Resumed by the mentee";
  if (acc == PAIRING_MENTOR)
    return paused ? "Paused by the mentor" : "Resumed by the mentor";
  return paused ? "Paused by a coordinator" : "Resumed by a coordinator";
}

/* Move p to to, with an event, an audit entry and mail to both sides, in
 * one transaction (the caller's when there is one). */
static int move(struct db *db, const struct pairing_actor *a,
                const struct pairing_row *p, const struct pairing_change *c,
                const char *note, const char *action, const char *subject,
                const char *what, int64_t now)
{
  struct pairing_row *after = malloc(sizeof(*after));
  char detail[PAIRING_NOTE_MAX + 200];
  int rc = db_begin(db);

  if (rc)
    goto out;
  if ((rc = store_pairing_move(db, p->id, c, now)) ||
      (rc = store_pairing_event_add(db, p->id, now, actor_id(a), c->from, c->to,
                                    note)))
    goto fail;
  if (str_eq(c->to, "ended") && !str_eq(c->from, "ended") &&
      ((rc = store_place_release(db, p->scheme_id, p->mentor_student_id)) ||
       (rc = store_rematch_close(db, p->id, "declined", now))))
    goto fail;
  snprintf(detail, sizeof(detail), "%s: %s with %s, %s to %s%s%s",
           p->scheme_name, p->mentee_name, p->mentor_name, c->from, c->to,
           note && note[0] ? "; " : "", note ? note : "");
  if ((rc = audit(db, a, action, p->id, detail)) ||
      (rc = store_pairing_get(db, p->id, after)))
    goto fail;
  if (what && (rc = mail_both(db, a, after, subject, what, what)))
    goto fail;
  rc = db_commit(db);
  goto out;
fail:
  db_rollback(db);
out:
  free(after);
  return rc;
}

int pairing_acknowledge(struct db *db, const struct pairing_actor *a,
                        int64_t pairing_id, int64_t now)
{
  struct pairing_row *p = malloc(sizeof(*p));
  enum pairing_access acc;
  struct pairing_change c;
  bool both;
  int rc;

  /* When both sides acknowledge at the same moment, one of the guarded
   * moves finds the version changed: read it again and go on. */
  for (int attempt = 0; attempt < 3; attempt++) {
    if ((rc = load_for(db, a, pairing_id, true, p, &acc)))
      break;
    if (acc != PAIRING_MENTEE && acc != PAIRING_MENTOR) {
      rc = ERR_PERM; /* only the two people in it acknowledge it */
      break;
    }
    if ((acc == PAIRING_MENTEE && p->mentee_ack_at) ||
        (acc == PAIRING_MENTOR && p->mentor_ack_at))
      break; /* already: nothing to do */
    if (!str_eq(p->state, "proposed")) {
      rc = ERR_CONFLICT;
      break;
    }
    both =
        acc == PAIRING_MENTEE ? p->mentor_ack_at != 0 : p->mentee_ack_at != 0;
    memset(&c, 0, sizeof(c));
    c.from = "proposed";
    c.to = both ? "active" : "proposed";
    c.version = p->version;
    if (acc == PAIRING_MENTEE)
      c.mentee_ack_at = now;
    else
      c.mentor_ack_at = now;
    rc = move(db, a, p, &c,
              acc == PAIRING_MENTEE ? "Acknowledged by the mentee"
                                    : "Acknowledged by the mentor",
              both ? "pairing.active" : "pairing.acknowledge",
              both ? "your pairing is active" : NULL,
              both ? "You have both acknowledged your pairing: it is now "
                     "active."
                   : NULL,
              now);
    if (rc != ERR_CONFLICT)
      break;
  }
  free(p);
  return rc;
}

int pairing_pause(struct db *db, const struct pairing_actor *a,
                  int64_t pairing_id, const char *note, int64_t now)
{
  struct pairing_row *p = malloc(sizeof(*p));
  enum pairing_access acc;
  char clean[PAIRING_NOTE_MAX];
  int rc = load_for(db, a, pairing_id, true, p, &acc);

  if (rc)
    goto out;
  if (!trimmed(clean, sizeof(clean), note)) {
    rc = ERR_INPUT;
    goto out;
  }
  if (!str_eq(p->state, "active")) {
    rc = ERR_CONFLICT;
    goto out;
  }
  rc = move(db, a, p,
            &(struct pairing_change){
                .from = "active", .to = "paused", .version = p->version},
            clean[0] ? clean : by_whom(acc, true), "pairing.pause",
            "your pairing is paused",
            "Your pairing has been paused. Either of you, or the scheme's "
            "coordinators, can resume it on its page.",
            now);
out:
  free(p);
  return rc;
}

int pairing_resume(struct db *db, const struct pairing_actor *a,
                   int64_t pairing_id, int64_t now)
{
  struct pairing_row *p = malloc(sizeof(*p));
  enum pairing_access acc;
  int rc = load_for(db, a, pairing_id, true, p, &acc);

  if (rc)
    goto out;
  if (!str_eq(p->state, "paused")) {
    rc = ERR_CONFLICT;
    goto out;
  }
  rc = move(db, a, p,
            &(struct pairing_change){
                .from = "paused", .to = "active", .version = p->version},
            by_whom(acc, false), "pairing.resume", "your pairing has resumed",
            "Your pairing has resumed.", now);
out:
  free(p);
  return rc;
}

/* End p (already loaded and allowed) inside the caller's transaction. */
static int end_pairing(struct db *db, const struct pairing_actor *a,
                       const struct pairing_row *p, const char *reason,
                       const char *note, int64_t now)
{
  char what[PAIRING_NOTE_MAX + 200];

  snprintf(what, sizeof(what), "Your pairing has ended (%s).",
           pairing_end_reason_label(reason));
  return move(db, a, p,
              &(struct pairing_change){.from = p->state,
                                       .to = "ended",
                                       .version = p->version,
                                       .end_reason = reason},
              note, "pairing.end", "your pairing has ended", what, now);
}

int pairing_end(struct db *db, const struct pairing_actor *a,
                int64_t pairing_id, const char *reason, const char *note,
                int64_t now, struct err_detail *why)
{
  struct pairing_row *p = malloc(sizeof(*p));
  enum pairing_access acc;
  char clean[PAIRING_NOTE_MAX];
  int rc;

  if (!pairing_end_reason_valid(reason)) {
    rc = err_set(why, ERR_INPUT, "reason", "Choose why the pairing ends.");
    goto out;
  }
  if (!trimmed(clean, sizeof(clean), note)) {
    rc = err_set(why, ERR_INPUT, "note",
                 "Keep the note to 400 characters or fewer.");
    goto out;
  }
  if ((rc = load_for(db, a, pairing_id, true, p, &acc)))
    goto out;
  if (!pairing_transition_legal(p->state, "ended")) {
    rc = err_set(why, ERR_CONFLICT, "", "This pairing has already ended.");
    goto out;
  }
  rc = end_pairing(db, a, p, reason, clean, now);
  if (rc == ERR_CONFLICT)
    err_set(why, ERR_CONFLICT, "",
            "This pairing changed while you were deciding: look again.");
out:
  free(p);
  return rc;
}

/* ------------------------------------------------------------- rematching */

int pairing_rematch_request(struct db *db, const struct pairing_actor *a,
                            int64_t pairing_id, const char *reason, int64_t now,
                            struct err_detail *why)
{
  struct pairing_row *p = malloc(sizeof(*p));
  struct rematch_row open[8];
  enum pairing_access acc;
  char clean[PAIRING_NOTE_MAX];
  int64_t rid;
  int n = 0, rc;

  if ((rc = load_for(db, a, pairing_id, true, p, &acc)))
    goto out;
  if (acc != PAIRING_MENTEE && acc != PAIRING_MENTOR) {
    rc = err_set(why, ERR_PERM, "",
                 "Only the mentor or the mentee can ask to be rematched.");
    goto out;
  }
  if (!trimmed(clean, sizeof(clean), reason)) {
    rc = err_set(why, ERR_INPUT, "rematch_reason",
                 "Keep the reason to 400 characters or fewer.");
    goto out;
  }
  if (!clean[0]) {
    rc = err_set(why, ERR_INPUT, "rematch_reason",
                 "Say why you would like to be rematched.");
    goto out;
  }
  if (str_eq(p->state, "ended")) {
    rc = err_set(why, ERR_CONFLICT, "", "This pairing has already ended.");
    goto out;
  }
  if ((rc = store_rematch_open(db, pairing_id, open, 8, &n)))
    goto out;
  for (int i = 0; i < n; i++)
    if (open[i].user_id == a->user->id) {
      rc = err_set(why, ERR_CONFLICT, "",
                   "You have already asked to be rematched: the scheme's "
                   "coordinators will be in touch.");
      goto out;
    }
  if ((rc = db_begin(db)))
    goto out;
  /* The event says who asked, not why: the reason is for the
   * coordinators, and the other side reads the history too. */
  if ((rc = store_rematch_insert(db, pairing_id, a->user->id,
                                 acc == PAIRING_MENTEE ? "mentee" : "mentor",
                                 clean, now, &rid)) ||
      (rc = store_pairing_event_add(
           db, pairing_id, now, actor_id(a), p->state, p->state,
           acc == PAIRING_MENTEE ? "The mentee asked to be rematched"
                                 : "The mentor asked to be rematched")) ||
      (rc = audit(db, a, "pairing.rematch_request", pairing_id, clean))) {
    db_rollback(db);
    goto out;
  }
  rc = db_commit(db);
out:
  free(p);
  return rc;
}

int pairing_rematch(struct db *db, const struct pairing_actor *a,
                    int64_t pairing_id, int64_t now, int64_t *new_id,
                    struct err_detail *why)
{
  enum { CANDIDATES = 16 };
  struct pairing_row *p = malloc(sizeof(*p));
  struct scheme_row *s = malloc(sizeof(*s));
  struct match_candidate *c = calloc(CANDIDATES, sizeof(*c));
  const struct match_candidate *best = NULL;
  char msg[sizeof(why->msg)];
  int n = 0, rc;

  *new_id = 0;
  if ((rc = store_pairing_get(db, pairing_id, p)))
    goto out;
  if (!pairing_may_manage(db, a->user, p->scheme_id)) {
    rc = err_set(why, ERR_PERM, "",
                 "Only the scheme's coordinators can rematch a pairing.");
    goto out;
  }
  if (str_eq(p->state, "ended")) {
    rc = err_set(why, ERR_CONFLICT, "", "This pairing has already ended.");
    goto out;
  }
  if ((rc = store_scheme_get(db, p->scheme_id, s)))
    goto out;
  if ((rc = db_begin(db)))
    goto out;
  /* The requests are answered first, or ending would decline them. */
  if ((rc = store_rematch_close(db, pairing_id, "done", now)) ||
      (rc = end_pairing(db, a, p, "needs_changed", "Rematched", now)))
    goto fail;
  /* With the old pairing ended, the mentee is waiting again: the best
   * allowed mentor with a place, other than the one they leave. Every
   * other pairing stays as it is. */
  if ((rc = matching_candidates(db, p->scheme_id, p->signup_id, now, false, c,
                                CANDIDATES, &n)))
    goto fail;
  for (int i = 0; i < n && !best; i++)
    if (c[i].score >= 0 && c[i].places_left > 0 &&
        c[i].mentor_student_id != p->mentor_student_id)
      best = &c[i];
  if (!best) {
    snprintf(msg, sizeof(msg),
             "No other mentor with a free place can take %s, so the pairing "
             "was left as it is.",
             p->mentee_name);
    rc = err_set(why, ERR_CONFLICT, "", msg);
    goto fail;
  }
  if ((rc = create_one(
           db, a,
           &(struct pairing_new){.scheme_id = p->scheme_id,
                                 .signup_id = p->signup_id,
                                 .mentor_student_id = best->mentor_student_id,
                                 .group_id = p->group_id,
                                 .source = "rematch",
                                 .score = best->score,
                                 .explanation = best->explanation},
           s, now, true, new_id, why)))
    goto fail;
  rc = db_commit(db);
  if (rc)
    *new_id = 0;
  goto out;
fail:
  db_rollback(db);
  *new_id = 0;
out:
  free(p);
  free(s);
  free(c);
  return rc;
}

/* ---------------------------------------------------------------- reading */

int pairing_get(struct db *db, const struct user *u, int64_t id,
                struct pairing_row *out, enum pairing_access *access)
{
  enum pairing_access acc;
  int rc = store_pairing_get(db, id, out);

  if (rc)
    return rc;
  acc = pairing_access(db, u, out);
  if (access)
    *access = acc;
  return acc == PAIRING_NONE ? ERR_PERM : 0;
}

int pairing_history(struct db *db, int64_t id, struct pairing_event_row *rows,
                    int max, int *n)
{
  return store_pairing_event_list(db, id, rows, max, n);
}

int pairing_list(struct db *db, const struct user *u, int64_t scheme_id,
                 const char *state, pairing_fn fn, void *ctx)
{
  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  return store_pairing_list_scheme(db, scheme_id, state, fn, ctx);
}

int pairing_counts(struct db *db, const struct user *u, int64_t scheme_id,
                   int64_t counts[PAIRING_STATES])
{
  char st[PAIRING_STATES + 2][P_WORD];
  int64_t c[PAIRING_STATES + 2];
  int n = 0, rc;

  memset(counts, 0, sizeof(int64_t) * PAIRING_STATES);
  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  if ((rc = store_pairing_counts(db, scheme_id, st, c, PAIRING_STATES + 2, &n)))
    return rc;
  for (int i = 0; i < n; i++) {
    int k = index_of(states, st[i]);

    if (k >= 0)
      counts[k] = c[i];
  }
  return 0;
}

int pairings_as_mentee(struct db *db, const struct user *u, bool current_only,
                       pairing_fn fn, void *ctx)
{
  return store_pairing_list_mentee(db, u->id, current_only, fn, ctx);
}

int pairings_as_mentor(struct db *db, const struct user *u, bool current_only,
                       pairing_fn fn, void *ctx)
{
  return store_pairing_list_mentor(db, u->id, current_only, fn, ctx);
}

int pairing_waiting(struct db *db, const struct user *u, int64_t scheme_id,
                    waiting_fn fn, void *ctx)
{
  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  return store_pairing_waiting(db, scheme_id, fn, ctx);
}

/* The places of scheme_id's mentors who have no row of their own. */
static int scheme_default_places(struct db *db, int64_t scheme_id, int *places)
{
  struct scheme_row *s = malloc(sizeof(*s));
  int rc = store_scheme_get(db, scheme_id, s);

  *places = rc ? 0 : default_places(s);
  free(s);
  return rc;
}

int pairing_mentors(struct db *db, const struct user *u, int64_t scheme_id,
                    mentor_place_fn fn, void *ctx)
{
  int places, rc;

  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  if ((rc = scheme_default_places(db, scheme_id, &places)))
    return rc;
  return store_pairing_mentors(db, scheme_id, places, fn, ctx);
}

int pairing_mentor(struct db *db, const struct user *u, int64_t scheme_id,
                   int64_t student_id, struct mentor_place_row *out)
{
  int places, rc;

  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  if ((rc = scheme_default_places(db, scheme_id, &places)))
    return rc;
  return store_pairing_mentor(db, scheme_id, student_id, places, out);
}

/* ERR_CONFLICT: m holds more pairings than places. */
static int below_held(const struct mentor_place_row *m, struct err_detail *why)
{
  char msg[sizeof(why->msg)];

  snprintf(msg, sizeof(msg),
           "%.100s has %d current %s in this scheme, so needs at least %d "
           "%s. End a pairing first to go lower.",
           m->name, m->held, m->held == 1 ? "pairing" : "pairings", m->held,
           m->held == 1 ? "place" : "places");
  return err_set(why, ERR_CONFLICT, "places", msg);
}

int pairings_set_places(struct db *db, const struct pairing_actor *a,
                        int64_t scheme_id, int64_t student_id, int places,
                        struct err_detail *why)
{
  struct mentor_place_row m;
  char subject[64], detail[300];
  int rc;

  if (!pairing_may_manage(db, a->user, scheme_id))
    return err_set(why, ERR_PERM, "",
                   "Only the scheme's coordinators can set a mentor's "
                   "places.");
  if (places < 0 || places > PAIRING_PLACES_MAX)
    return err_set(why, ERR_INPUT, "places",
                   "Enter the mentor's places as a whole number from "
                   PAIRING_PLACES_RANGE ".");
  rc = pairing_mentor(db, a->user, scheme_id, student_id, &m);
  if (rc == ERR_NOTFOUND)
    return err_set(why, ERR_NOTFOUND, "places",
                   "That student is not an accepted mentor of this scheme.");
  if (rc)
    return rc;
  if (places < m.held)
    return below_held(&m, why);
  if ((rc = db_begin(db)))
    return rc;
  rc = store_place_set(db, scheme_id, student_id, places);
  if (rc == ERR_CONFLICT) {
    /* A pairing was made since the read: say how many there are now. */
    db_rollback(db);
    if (pairing_mentor(db, a->user, scheme_id, student_id, &m) == 0 &&
        places < m.held)
      return below_held(&m, why);
    return err_set(why, ERR_CONFLICT, "places",
                   "The mentor's pairings changed while you were deciding: "
                   "look again.");
  }
  snprintf(subject, sizeof(subject), "scheme:%lld mentor:%lld",
           (long long)scheme_id, (long long)student_id);
  snprintf(detail, sizeof(detail), "%s: %d to %d places (%d held)", m.name,
           m.capacity, places, m.held);
  if (rc || (rc = audit_record(db, actor_id(a), "pairing.places", subject,
                               detail, a->ip))) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int pairing_rematch_requests(struct db *db, const struct user *u,
                             int64_t scheme_id, struct rematch_row *rows,
                             int max, int *n)
{
  *n = 0;
  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  return store_rematch_open_scheme(db, scheme_id, rows, max, n);
}

int pairing_groups(struct db *db, const struct user *u, int64_t scheme_id,
                   struct group_row *rows, int max, int *n)
{
  *n = 0;
  if (!pairing_may_manage(db, u, scheme_id))
    return ERR_PERM;
  return store_group_list(db, scheme_id, rows, max, n);
}
