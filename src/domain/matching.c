/* domain/matching.c: a scheme's criteria, match runs, pins and blocks, and
 * one pair's score (see matching.h). The inputs and the solve are in
 * match_inputs.c. */
#include "domain/matching.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/jobs.h"
#include "domain/match_inputs.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- settings */

static const char *const words[MC_COUNT] = {
    "course",   "faculty",      "year_ahead", "interests",
    "language", "home_country", "campus",     "availability",
    "mode",     "preference",   "characteristics",
};

const char *matching_criterion_word(enum match_criterion k)
{
  return (unsigned)k < MC_COUNT ? words[k] : "";
}

int matching_criterion_from_word(const char *w)
{
  for (int k = 0; k < MC_COUNT; k++)
    if (strcmp(words[k], w) == 0)
      return k;
  return -1;
}

void matching_criteria_text(const struct match_config *c, struct buf *out)
{
  for (int k = 0; k < MC_COUNT; k++)
    buf_printf(out, "%s%s:%d%s", k ? " " : "", words[k], c->w[k].weight,
               c->w[k].dealbreaker ? ":!" : "");
}

int matching_criteria_parse(const char *text, struct match_config *c)
{
  const char *p = text;

  while (*p) {
    char word[32];
    int weight, n = 0, k;
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    if (sscanf(p, "%31[a-z_]:%d%n", word, &weight, &n) != 2 ||
        (k = matching_criterion_from_word(word)) < 0 || weight < 0 ||
        weight > 1000)
      return ERR_INPUT;
    p += n;
    c->w[k].weight = weight;
    c->w[k].dealbreaker = 0;
    if (p[0] == ':' && p[1] == '!') {
      c->w[k].dealbreaker = 1;
      p += 2;
    }
    if (*p && *p != ' ')
      return ERR_INPUT;
  }
  return 0;
}

static enum match_objective objective_from(const char *s)
{
  if (strcmp(s, "total") == 0)
    return MATCH_TOTAL;
  if (strcmp(s, "maxmin") == 0)
    return MATCH_MAXMIN;
  return MATCH_CARDINALITY;
}

int matching_settings_get(struct db *db, int64_t scheme_id,
                          struct matching_settings *out)
{
  struct matching_row row;
  int rc;

  memset(out, 0, sizeof(*out));
  match_config_default(&out->config);
  out->objective = MATCH_CARDINALITY;
  out->request_days = 7;
  out->max_requests = 3;
  rc = store_matching_get(db, scheme_id, &row);
  if (rc == ERR_NOTFOUND)
    return 0;
  if (rc)
    return rc;
  out->objective = objective_from(row.objective);
  out->min_score = row.min_score;
  out->config.year_ahead_min = row.year_ahead_min;
  out->config.year_ahead_max = row.year_ahead_max;
  out->request_days = row.request_days;
  out->max_requests = row.max_requests;
  if (row.criteria[0] && matching_criteria_parse(row.criteria, &out->config))
    return ERR_DB; /* only this module writes it */
  return 0;
}

int matching_weights_validate(const struct matching_settings *s,
                              struct err_detail *why)
{
  int sum = 0;

  for (int k = 0; k < MC_COUNT; k++) {
    if (s->config.w[k].weight < 0 || s->config.w[k].weight > 1000) {
      char field[48], msg[120];
      snprintf(field, sizeof(field), "w_%s", words[k]);
      snprintf(msg, sizeof(msg), "The weight of %s must be 0 to 1000.",
               match_criterion_name((enum match_criterion)k));
      return err_set(why, ERR_INPUT, field, msg);
    }
    sum += s->config.w[k].weight;
  }
  if (sum > 1000)
    return err_set(why, ERR_INPUT, "w_course",
                   "The weights add up to more than 1000: lower some.");
  if (sum == 0)
    return err_set(why, ERR_INPUT, "w_course",
                   "Give at least one criterion a weight.");
  if (s->min_score < 0 || s->min_score > 1000)
    return err_set(why, ERR_INPUT, "min_score",
                   "The minimum score must be 0 to 1000.");
  if (s->config.year_ahead_min < -8 || s->config.year_ahead_max > 8 ||
      s->config.year_ahead_min > s->config.year_ahead_max)
    return err_set(why, ERR_INPUT, "year_ahead_min",
                   "The years ahead must be a range within -8 to 8, the "
                   "smaller first.");
  if ((unsigned)s->objective > MATCH_MAXMIN)
    return err_set(why, ERR_INPUT, "objective", "Choose an objective.");
  return 0;
}

/* Saving checks the weights and the mentee-choice settings too. */
static int settings_validate(const struct matching_settings *s,
                             struct err_detail *why)
{
  int rc = matching_weights_validate(s, why);

  if (rc)
    return rc;
  if (s->request_days < 1 || s->request_days > 60)
    return err_set(why, ERR_INPUT, "request_days",
                   "Requests must expire after 1 to 60 days.");
  if (s->max_requests < 1 || s->max_requests > 5)
    return err_set(why, ERR_INPUT, "max_requests",
                   "A mentee may have 1 to 5 requests at once.");
  return 0;
}

static int64_t actor_id(const struct matching_actor *a)
{
  return a->user ? a->user->id : 0;
}

static bool may_manage(struct db *db, const struct matching_actor *a,
                       int64_t scheme_id)
{
  /* No user: the command line or an API key, with a coordinator's
   * authority (as in applications and pairings). */
  return !a->user || scheme_may_manage(db, a->user, scheme_id);
}

int matching_settings_save(struct db *db, const struct matching_actor *a,
                           int64_t scheme_id, const struct matching_settings *s,
                           int64_t now, struct err_detail *why)
{
  struct matching_row row;
  struct buf b;
  char subject[32];
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if ((rc = settings_validate(s, why)))
    return rc;
  memset(&row, 0, sizeof(row));
  row.scheme_id = scheme_id;
  str_copy(row.objective, sizeof(row.objective),
           match_objective_name(s->objective));
  row.min_score = s->min_score;
  row.year_ahead_min = s->config.year_ahead_min;
  row.year_ahead_max = s->config.year_ahead_max;
  row.request_days = s->request_days;
  row.max_requests = s->max_requests;
  buf_init(&b, sizeof(row.criteria) - 1);
  matching_criteria_text(&s->config, &b);
  str_copy(row.criteria, sizeof(row.criteria), b.data ? b.data : "");
  snprintf(subject, sizeof(subject), "scheme:%lld", (long long)scheme_id);
  if ((rc = db_begin(db)))
    goto out;
  if ((rc = store_matching_put(db, &row, now)) ||
      (rc = audit_record(db, actor_id(a), "matching.settings", subject,
                         row.criteria, a->ip))) {
    db_rollback(db);
    goto out;
  }
  rc = db_commit(db);
out:
  buf_free(&b);
  return rc;
}

/* ------------------------------------------------------ one pair's score */

static void settings_into(const struct matching_settings *s, struct mx *x)
{
  x->config = s->config;
  x->objective = s->objective;
  x->min_score = s->min_score;
}

/* ex in English on the scale a coordinator sees (0..1000): the mentee's
 * own weights and each contribution scaled like the score. */
static void explain_scaled(const struct mx *x, uint32_t i,
                           struct match_explain *ex, int score, char *out,
                           size_t size)
{
  struct match_config cfg;
  int32_t max;
  char text[MATCH_EXPLAIN_TEXT];
  const char *rest;

  mx_config_for(x, &x->mentee[i], &cfg);
  max = match_score_max(&cfg);
  for (int k = 0; max > 0 && k < MC_COUNT; k++) {
    cfg.w[k].weight = (int32_t)((int64_t)cfg.w[k].weight * 1000 / max);
    ex->part[k] = (int32_t)((int64_t)ex->part[k] * 1000 / max);
  }
  ex->score = score;
  match_explain_text(&cfg, ex, text, sizeof(text));
  /* The engine's "Score N of M" with the scaled maximum's rounding: the
   * scale is 1000. */
  rest = strstr(text, " of ");
  rest = rest ? rest + 4 : text + strlen(text);
  while (*rest >= '0' && *rest <= '9')
    rest++;
  snprintf(out, size, "Score %d of 1000%s%s", score, rest,
           x->mentee[i].prefer ? " The criteria the mentee asked for count "
                                 "double."
                               : "");
}

static void candidate_from(const struct mx *x, uint32_t i, uint32_t j,
                           const char *name, const char *course, int year,
                           struct match_candidate *c)
{
  struct match_explain ex;

  memset(c, 0, sizeof(*c));
  c->mentor_student_id = x->mentor[j].student_id;
  c->mentor_user_id = x->mentor[j].user_id;
  str_copy(c->mentor_name, sizeof(c->mentor_name), name);
  str_copy(c->course, sizeof(c->course), course);
  c->year_of_study = year;
  c->places_left = x->mentor[j].p.capacity - x->mentor[j].p.load;
  if (c->places_left < 0)
    c->places_left = 0;
  c->score = mx_score(x, i, j, &ex);
  c->rule = ex.rule;
  if (c->score < 0) {
    c->score = -1;
    if ((ex.rule == MR_NOT_ELIGIBLE || ex.rule == MR_NOT_TRAINED) &&
        x->mentor[j].why_not[0])
      snprintf(c->explanation, sizeof(c->explanation), "Excluded: %s. %s",
               match_rule_text(ex.rule), x->mentor[j].why_not);
    else if (ex.rule == MR_DEALBREAKER)
      snprintf(c->explanation, sizeof(c->explanation),
               "Excluded: a deal-breaker is not met (%s).",
               match_criterion_name(ex.breaker));
    else
      snprintf(c->explanation, sizeof(c->explanation), "Excluded: %s.",
               match_rule_text(ex.rule));
    return;
  }
  explain_scaled(x, i, &ex, c->score, c->explanation,
                 sizeof(c->explanation));
}

/* Names and courses of the mentors, which the engine's inputs leave out. */
struct mentor_names {
  const struct mx *x;
  char (*name)[160];
  char (*course)[160];
  int *year;
};

static int mentor_name(void *ctx, int64_t student_id, const char *name,
                       const char *course, int year)
{
  struct mentor_names *m = ctx;
  size_t lo = 0, hi = m->x->n_mentors;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->x->mentor[mid].student_id < student_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < m->x->n_mentors && m->x->mentor[lo].student_id == student_id) {
    str_copy(m->name[lo], sizeof(m->name[0]), name);
    str_copy(m->course[lo], sizeof(m->course[0]), course);
    m->year[lo] = year;
  }
  return 0;
}

static int by_score(const void *a, const void *b)
{
  const struct match_candidate *x = a, *y = b;

  if ((x->score >= 0) != (y->score >= 0))
    return x->score >= 0 ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->mentor_student_id < y->mentor_student_id ? -1
         : x->mentor_student_id > y->mentor_student_id;
}

/* The candidates of one sign-up under settings s: every mentor (or one). */
static int candidates(struct db *db, int64_t scheme_id, int64_t signup_id,
                      int64_t mentor_student_id,
                      const struct matching_settings *s, int64_t now,
                      bool include_excluded, struct match_candidate *out,
                      int max, int *n)
{
  struct scheme_row *scheme = xmalloc(sizeof(*scheme));
  struct mx x;
  struct mx_scope scope = {false, signup_id, mentor_student_id, true};
  struct mentor_names names = {0};
  struct match_candidate *all = NULL;
  int rc, count = 0;

  *n = 0;
  memset(&x, 0, sizeof(x));
  settings_into(s, &x);
  if ((rc = scheme_get(db, scheme_id, scheme)) ||
      (rc = mx_load(db, scheme, &scope, now, &x)))
    goto out;
  if (x.n_mentees != 1) {
    rc = ERR_NOTFOUND;
    goto out;
  }
  names.x = &x;
  names.name = xcalloc(x.n_mentors + 1, sizeof(*names.name));
  names.course = xcalloc(x.n_mentors + 1, sizeof(*names.course));
  names.year = xcalloc(x.n_mentors + 1, sizeof(*names.year));
  if ((rc = store_match_mentor_cards(db, scheme_id, mentor_name, &names)))
    goto out;
  all = xcalloc(x.n_mentors + 1, sizeof(*all));
  for (uint32_t j = 0; j < x.n_mentors; j++) {
    candidate_from(&x, 0, j, names.name[j], names.course[j], names.year[j],
                   &all[count]);
    if (all[count].score >= 0 || include_excluded)
      count++;
  }
  qsort(all, (size_t)count, sizeof(*all), by_score);
  for (int k = 0; k < count && k < max; k++)
    out[(*n)++] = all[k];
out:
  free(all);
  free(names.name);
  free(names.course);
  free(names.year);
  mx_free(&x);
  free(scheme);
  return rc;
}

int matching_pair_score(struct db *db, int64_t scheme_id, int64_t signup_id,
                        int64_t mentor_student_id, int64_t now,
                        struct match_candidate *out)
{
  struct matching_settings s;
  int n = 0, rc;

  if ((rc = matching_settings_get(db, scheme_id, &s)) ||
      (rc = candidates(db, scheme_id, signup_id, mentor_student_id, &s, now,
                       true, out, 1, &n)))
    return rc;
  return n == 1 ? 0 : ERR_NOTFOUND;
}

int matching_candidates(struct db *db, int64_t scheme_id, int64_t signup_id,
                        int64_t now, bool include_excluded,
                        struct match_candidate *out, int max, int *n)
{
  struct matching_settings s;
  int rc = matching_settings_get(db, scheme_id, &s);

  return rc ? rc
            : candidates(db, scheme_id, signup_id, 0, &s, now,
                         include_excluded, out, max, n);
}

int matching_preview(struct db *db, int64_t scheme_id, int64_t signup_id,
                     const struct matching_settings *s, int64_t now,
                     struct match_candidate *out, int max, int *n)
{
  struct err_detail why;
  int rc = matching_weights_validate(s, &why);

  *n = 0;
  return rc ? rc
            : candidates(db, scheme_id, signup_id, 0, s, now, false, out, max,
                         n);
}

/* ------------------------------------------------------------ match runs */

const char *matching_unmatched_label(const char *reason)
{
  if (strcmp(reason, "no_eligible_mentor") == 0)
    return "No eligible mentor";
  if (strcmp(reason, "all_full") == 0)
    return "All candidates full";
  if (strcmp(reason, "below_minimum") == 0)
    return "Below the minimum score";
  if (strcmp(reason, "outmatched") == 0)
    return "Their mentors' places went to others";
  return reason;
}

static const char *unmatched_word(int u)
{
  switch (u) {
  case MXU_NO_ELIGIBLE:
    return "no_eligible_mentor";
  case MXU_ALL_FULL:
    return "all_full";
  case MXU_BELOW_MIN:
    return "below_minimum";
  default:
    return "outmatched";
  }
}

/* Why the mentors were excluded, counted: "40 not trained, 2 blocked". */
static void rules_detail(const int32_t rules[8], uint32_t n_mentors,
                         char *out, size_t size)
{
  static const struct {
    enum match_rule rule;
    const char *what;
  } said[] = {
      {MR_NOT_ELIGIBLE, "not eligible"}, {MR_NOT_TRAINED, "not trained"},
      {MR_AT_CAPACITY, "full"},          {MR_SAME_PERSON, "themself"},
      {MR_ENDED_BADLY, "ended badly"},   {MR_BLOCKED, "blocked"},
      {MR_DEALBREAKER, "deal-breaker not met"},
  };
  size_t len = 0;

  out[0] = '\0';
  if (n_mentors == 0) {
    snprintf(out, size, "The scheme has no accepted mentors.");
    return;
  }
  len = (size_t)snprintf(out, size, "Of %u mentors:", n_mentors);
  for (size_t k = 0; k < sizeof(said) / sizeof(said[0]) && len < size; k++)
    if (rules[said[k].rule])
      len += (size_t)snprintf(out + len, size - len, " %d %s;",
                              rules[said[k].rule], said[k].what);
  if (len < size && len && out[len - 1] == ';')
    out[len - 1] = '.';
}

/* Store a solved run: its pairs, its unmatched mentees, its figures. */
static int store_result(struct db *db, struct run_row *run, const struct mx *x,
                        const struct mx_result *r, const char *inputs,
                        int64_t now)
{
  struct run_pair_row p;
  struct run_unmatched_row u;
  int rc = 0;

  for (uint32_t i = 0; i < x->n_mentees && !rc; i++) {
    uint32_t j = r->mentor_of[i];
    if (j != MATCH_NONE) {
      struct match_candidate c;
      memset(&p, 0, sizeof(p));
      p.run_id = run->id;
      p.signup_id = x->mentee[i].signup_id;
      p.mentor_student_id = x->mentor[j].student_id;
      if (r->co_leader_of[i] != MATCH_NONE)
        p.co_leader_student_id = x->mentor[r->co_leader_of[i]].student_id;
      p.group_no = (int)r->group_of[i];
      p.score = r->score_of[i];
      p.pinned = r->pinned[i];
      candidate_from(x, i, j, "", "", 0, &c);
      str_copy(p.explanation, sizeof(p.explanation), c.explanation);
      rc = store_run_pair_insert(db, &p);
    } else {
      memset(&u, 0, sizeof(u));
      u.run_id = run->id;
      u.signup_id = x->mentee[i].signup_id;
      str_copy(u.reason, sizeof(u.reason), unmatched_word(r->unmatched[i]));
      if (r->unmatched[i] == MXU_NO_ELIGIBLE || r->unmatched[i] == MXU_ALL_FULL)
        rules_detail(r->rules[i], x->n_mentors, u.detail, sizeof(u.detail));
      else if (r->unmatched[i] == MXU_BELOW_MIN)
        snprintf(u.detail, sizeof(u.detail),
                 "Every allowed mentor scores below %d.", x->min_score);
      else
        snprintf(u.detail, sizeof(u.detail),
                 "Every mentor who suits them was given to another mentee "
                 "with a better or only match.");
      rc = store_run_unmatched_insert(db, &u);
    }
  }
  if (rc)
    return rc;
  run->mentees = (int)x->n_mentees;
  run->mentors = 0;
  for (uint32_t j = 0; j < x->n_mentors; j++)
    if (x->mentor[j].p.capacity > x->mentor[j].p.load &&
        x->mentor[j].p.eligible && x->mentor[j].p.trained)
      run->mentors++;
  run->matched = (int)r->matched;
  run->total = r->total;
  run->min_pair = r->min_pair;
  run->proven = r->proven;
  return store_run_solved(db, run, inputs, now);
}

/* The checks every run passes before it is queued. */
static int run_allowed(struct db *db, const struct matching_actor *a,
                       const struct scheme_row *scheme, struct err_detail *why)
{
  if (!may_manage(db, a, scheme->id))
    return ERR_PERM;
  if (strcmp(scheme->matching_mode, "mentee_chooses") == 0)
    return err_set(why, ERR_INPUT, "scheme",
                   "Mentees choose their mentors in this scheme: it has no "
                   "match runs.");
  if (strcmp(scheme->status, "published") != 0)
    return err_set(why, ERR_INPUT, "scheme",
                   "Publish the scheme before matching it.");
  return 0;
}

int matching_run_queue(struct db *db, const struct matching_actor *a,
                       int64_t scheme_id, int64_t now, int64_t *run_id,
                       int64_t *job_id, struct err_detail *why)
{
  struct scheme_row *scheme = xmalloc(sizeof(*scheme));
  struct matching_settings s;
  struct run_row run, prev;
  struct buf crit;
  char subject[32];
  int rc;

  buf_init(&crit, MS_CRITERIA - 1);
  if ((rc = scheme_get(db, scheme_id, scheme)) ||
      (rc = run_allowed(db, a, scheme, why)) ||
      (rc = matching_settings_get(db, scheme_id, &s)))
    goto out;
  matching_criteria_text(&s.config, &crit);
  memset(&run, 0, sizeof(run));
  run.scheme_id = scheme_id;
  str_copy(run.objective, sizeof(run.objective),
           match_objective_name(s.objective));
  run.min_score = s.min_score;
  str_copy(run.criteria, sizeof(run.criteria), crit.data ? crit.data : "");
  run.created_by = a->user ? actor_id(a) : 0;
  run.created_at = now;
  if ((rc = db_begin(db)))
    goto out;
  rc = store_run_latest(db, scheme_id, NULL, &prev);
  if (rc == 0)
    run.previous_run_id = prev.id;
  else if (rc != ERR_NOTFOUND)
    goto rollback;
  if ((rc = store_run_insert(db, &run, run_id)) ||
      (rc = jobs_enqueue(db, "match_run", *run_id, now, job_id)))
    goto rollback;
  snprintf(subject, sizeof(subject), "run:%lld", (long long)*run_id);
  if ((rc = audit_record(db, run.created_by, "matching.run", subject,
                         scheme->name, a->ip)))
    goto rollback;
  rc = db_commit(db);
  goto out;
rollback:
  db_rollback(db);
out:
  buf_free(&crit);
  free(scheme);
  return rc;
}

int matching_run_solve(struct db *db, int64_t run_id, int64_t now)
{
  struct scheme_row *scheme = xmalloc(sizeof(*scheme));
  struct matching_settings s;
  struct mx x;
  struct mx_result r;
  struct mx_scope scope = {true, 0, 0, true};
  struct run_row run;
  struct buf inputs;
  int64_t t0 = clock_us();
  int rc;

  memset(&x, 0, sizeof(x));
  memset(&r, 0, sizeof(r));
  buf_init(&inputs, 64u << 20);
  if ((rc = store_run_get(db, run_id, &run)))
    goto out;
  if (strcmp(run.state, "queued") != 0) {
    rc = ERR_CONFLICT;
    goto out;
  }
  /* The settings the run was queued with. */
  if ((rc = scheme_get(db, run.scheme_id, scheme)) ||
      (rc = matching_settings_get(db, run.scheme_id, &s)))
    goto out;
  s.objective = objective_from(run.objective);
  s.min_score = run.min_score;
  if (run.criteria[0] && matching_criteria_parse(run.criteria, &s.config)) {
    rc = ERR_DB;
    goto out;
  }
  settings_into(&s, &x);
  if ((rc = mx_load(db, scheme, &scope, now, &x)))
    goto out;
  if ((rc = mx_solve(&x, &r))) {
    rc = store_run_failed(db, run_id,
                          rc == ERR_CONFLICT
                              ? "The pinned pairs give a mentor more mentees "
                                "than their places: unpin one."
                              : "The solver could not finish this run.");
    goto out;
  }
  mx_write(&x, &inputs);
  if (inputs.overflow) {
    rc = store_run_failed(db, run_id, "The inputs are too large to keep.");
    goto out;
  }
  run.solve_ms = (int)((clock_us() - t0) / 1000);
  if ((rc = db_begin(db)))
    goto out;
  /* The scheme's row lock orders runs solved at once on two nodes, so
   * that only the last stays a draft. */
  if ((rc = store_run_lock_scheme(db, run.scheme_id)) ||
      (rc = store_run_discard_drafts(db, run.scheme_id)) ||
      (rc = store_result(db, &run, &x, &r, inputs.data ? inputs.data : "",
                         now))) {
    db_rollback(db);
    goto out;
  }
  rc = db_commit(db);
out:
  mx_result_free(&r);
  mx_free(&x);
  buf_free(&inputs);
  free(scheme);
  return rc;
}

int matching_run(struct db *db, const struct matching_actor *a,
                 int64_t scheme_id, int64_t now, int64_t *run_id,
                 struct err_detail *why)
{
  struct run_row run;
  int64_t job_id;
  bool taken;
  int rc;

  if ((rc = matching_run_queue(db, a, scheme_id, now, run_id, &job_id, why)) ||
      (rc = jobs_take(db, job_id, now, &taken)))
    return rc;
  if (taken && (rc = store_run_get(db, *run_id, &run)) == 0 &&
      strcmp(run.state, "failed") == 0)
    return err_set(why, ERR_CONFLICT, "run", run.error);
  return rc;
}

/* Compare a solve of x with run_id's stored pairs. */
struct same_ctx {
  const struct mx *x;
  const struct mx_result *r;
  size_t seen;
  bool same;
};

static int check_pair(void *ctx, const struct run_pair_row *p)
{
  struct same_ctx *c = ctx;
  const struct mx *x = c->x;

  c->seen++;
  for (uint32_t i = 0; i < x->n_mentees; i++)
    if (x->mentee[i].signup_id == p->signup_id) {
      uint32_t j = c->r->mentor_of[i];
      if (j == MATCH_NONE || x->mentor[j].student_id != p->mentor_student_id ||
          c->r->score_of[i] != p->score)
        c->same = false;
      return 0;
    }
  c->same = false;
  return 0;
}

int matching_reproduce(struct db *db, int64_t run_id, bool *same)
{
  struct buf text;
  struct mx x;
  struct mx_result r;
  struct same_ctx c;
  int rc;

  *same = false;
  buf_init(&text, 64u << 20);
  memset(&r, 0, sizeof(r));
  if ((rc = store_run_inputs(db, run_id, &text)))
    goto out_text;
  if ((rc = mx_parse(text.data ? text.data : "", &x)))
    goto out_text;
  if ((rc = mx_solve(&x, &r)))
    goto out;
  c.x = &x;
  c.r = &r;
  c.seen = 0;
  c.same = true;
  if ((rc = store_run_pairs(db, run_id, check_pair, &c)))
    goto out;
  *same = c.same && c.seen == r.matched;
out:
  mx_result_free(&r);
  mx_free(&x);
out_text:
  buf_free(&text);
  return rc;
}

int matching_run_discard(struct db *db, const struct matching_actor *a,
                         int64_t run_id, int64_t now)
{
  struct run_row run;
  char subject[32];
  int rc = store_run_get(db, run_id, &run);

  if (rc)
    return rc;
  if (!may_manage(db, a, run.scheme_id))
    return ERR_PERM;
  if ((rc = store_run_set_state(db, run_id, "draft", "discarded", 0, now)))
    return rc;
  snprintf(subject, sizeof(subject), "run:%lld", (long long)run_id);
  return audit_record(db, actor_id(a), "matching.discard", subject, NULL,
                      a->ip);
}

/* ----------------------------------------------------------- pins, blocks */

static void pair_subject(char *out, size_t size, int64_t signup_id,
                         int64_t mentor)
{
  snprintf(out, size, "signup:%lld mentor:%lld", (long long)signup_id,
           (long long)mentor);
}

int matching_pin(struct db *db, const struct matching_actor *a,
                 int64_t scheme_id, int64_t signup_id,
                 int64_t mentor_student_id, int64_t now,
                 struct err_detail *why)
{
  struct match_candidate c;
  char subject[64];
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  rc = matching_pair_score(db, scheme_id, signup_id, mentor_student_id, now,
                           &c);
  if (rc == ERR_NOTFOUND)
    return err_set(why, ERR_INPUT, "mentor",
                   "That mentee or mentor is not waiting in this scheme.");
  if (rc)
    return rc;
  /* A full mentor may still be pinned: the solve counts the pin as one of
   * their places, and refuses when the pins alone overfill them. */
  if (c.score < 0 && c.rule != MR_AT_CAPACITY)
    return err_set(why, ERR_INPUT, "mentor", c.explanation);
  pair_subject(subject, sizeof(subject), signup_id, mentor_student_id);
  if ((rc = store_pin_put(db, scheme_id, signup_id, mentor_student_id,
                          actor_id(a), now)))
    return rc;
  return audit_record(db, actor_id(a), "matching.pin", subject, NULL, a->ip);
}

int matching_unpin(struct db *db, const struct matching_actor *a,
                   int64_t scheme_id, int64_t signup_id)
{
  char subject[64];
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if ((rc = store_pin_delete(db, scheme_id, signup_id)))
    return rc;
  pair_subject(subject, sizeof(subject), signup_id, 0);
  return audit_record(db, actor_id(a), "matching.unpin", subject, NULL, a->ip);
}

int matching_block(struct db *db, const struct matching_actor *a,
                   int64_t scheme_id, int64_t signup_id,
                   int64_t mentor_student_id, const char *reason,
                   int64_t now)
{
  char subject[64];
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  pair_subject(subject, sizeof(subject), signup_id, mentor_student_id);
  if ((rc = db_begin(db)))
    return rc;
  /* A blocked pair cannot stay pinned. */
  if ((rc = store_pin_delete_pair(db, scheme_id, signup_id,
                                  mentor_student_id)) ||
      (rc = store_block_put(db, scheme_id, signup_id, mentor_student_id,
                            reason ? reason : "", actor_id(a), now)) ||
      (rc = audit_record(db, actor_id(a), "matching.block", subject, reason,
                         a->ip))) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int matching_unblock(struct db *db, const struct matching_actor *a,
                     int64_t scheme_id, int64_t signup_id,
                     int64_t mentor_student_id)
{
  char subject[64];
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  pair_subject(subject, sizeof(subject), signup_id, mentor_student_id);
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = store_block_delete(db, scheme_id, signup_id, mentor_student_id)) ||
      (rc = audit_record(db, actor_id(a), "matching.unblock", subject, NULL,
                         a->ip))) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int matching_block_list(struct db *db, const struct matching_actor *a,
                        int64_t scheme_id, block_fn fn, void *ctx)
{
  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  return store_block_list(db, scheme_id, fn, ctx);
}

/* ----------------------------------------------------------------- reads */

int matching_run_get(struct db *db, int64_t run_id, struct run_row *out)
{
  return store_run_get(db, run_id, out);
}

int matching_runs(struct db *db, int64_t scheme_id, struct run_row *rows,
                  int max, int *n)
{
  return store_run_list(db, scheme_id, rows, max, n);
}

int matching_run_pairs(struct db *db, int64_t run_id, run_pair_fn fn,
                       void *ctx)
{
  return store_run_pairs(db, run_id, fn, ctx);
}

int matching_run_unmatched(struct db *db, int64_t run_id, run_unmatched_fn fn,
                           void *ctx)
{
  return store_run_unmatched(db, run_id, fn, ctx);
}

int matching_blocks(struct db *db, int64_t scheme_id, match_pair_fn fn,
                    void *ctx)
{
  return store_match_blocks(db, scheme_id, fn, ctx);
}

/* The pairs of a run as (sign-up, mentor), sorted by sign-up. */
struct pair_list {
  size_t n, cap;
  int64_t (*p)[2];
};

static int collect_pair(void *ctx, const struct run_pair_row *r)
{
  struct pair_list *l = ctx;

  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->p = xreallocarray(l->p, l->cap, sizeof(*l->p));
  }
  l->p[l->n][0] = r->signup_id;
  l->p[l->n][1] = r->mentor_student_id;
  l->n++;
  return 0;
}

static int cmp_pair(const void *a, const void *b)
{
  const int64_t *x = a, *y = b;
  return x[0] < y[0] ? -1 : x[0] > y[0];
}

int matching_compare(struct db *db, int64_t run_id,
                     struct matching_comparison *out)
{
  struct run_row run, prev;
  struct pair_list now = {0}, before = {0};
  size_t i = 0, j = 0;
  int rc;

  memset(out, 0, sizeof(*out));
  if ((rc = store_run_get(db, run_id, &run)))
    return rc;
  if (!run.previous_run_id)
    return 0;
  if ((rc = store_run_get(db, run.previous_run_id, &prev)))
    return rc == ERR_NOTFOUND ? 0 : rc;
  out->has_previous = true;
  out->previous_run_id = prev.id;
  out->matched_before = prev.matched;
  out->total_before = prev.total;
  if ((rc = store_run_pairs(db, run_id, collect_pair, &now)) ||
      (rc = store_run_pairs(db, prev.id, collect_pair, &before)))
    goto out;
  qsort(now.p, now.n, sizeof(*now.p), cmp_pair);
  qsort(before.p, before.n, sizeof(*before.p), cmp_pair);
  while (i < now.n || j < before.n) {
    if (j == before.n || (i < now.n && now.p[i][0] < before.p[j][0])) {
      out->gained++;
      i++;
    } else if (i == now.n || before.p[j][0] < now.p[i][0]) {
      out->lost++;
      j++;
    } else {
      if (now.p[i][1] == before.p[j][1])
        out->same++;
      else
        out->changed++;
      i++;
      j++;
    }
  }
out:
  free(now.p);
  free(before.p);
  return rc;
}

static int band_pair(void *ctx, const struct run_pair_row *r)
{
  int *bands = ctx;
  int b = r->score / 100;

  bands[b < 0 ? 0 : b > 9 ? 9 : b]++;
  return 0;
}

int matching_histogram(struct db *db, int64_t run_id, int bands[10])
{
  memset(bands, 0, 10 * sizeof(int));
  return store_run_pairs(db, run_id, band_pair, bands);
}
