/* web/api/matching.c: matching over /api/v1: a scheme's settings (GET,
 * PUT), the preview of a sample mentee's top candidates under settings
 * given in the query string (what the criteria page's script calls), a
 * match run (POST: 201 with its summary), a run with its pairs and
 * unmatched mentees, publishing a draft (409 when it is not the
 * scheme's current draft, the second time say), and the scheme's blocked
 * pairs (GET; DELETE one, named in the query: 204, 404 when not
 * blocked). A session must manage the
 * scheme; an API key acts as a coordinator (the domain's actor with no
 * user). */
#include "web/pages/matching.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/apikeys.h"
#include "domain/pairings.h"
#include "domain/schemes.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

enum { PREVIEW_MAX = 20 };

static const struct user *caller(struct request *r)
{
  return api_by_key(r) ? NULL : &r->session.user;
}

/* The first active administrator (by email), as `tandem match` acts:
 * ERR_NOTFOUND when there is none. */
static int first_admin(struct request *r, struct user *out)
{
  enum { PAGE = 100 };
  struct user *rows = arena_alloc(&r->arena, sizeof(*rows) * PAGE);
  int64_t total;
  int n, rc;

  for (int offset = 0;; offset += n) {
    if ((rc = account_list(r->db, offset, PAGE, rows, &n, &total)))
      return rc;
    for (int i = 0; i < n; i++)
      if (rows[i].active && (rows[i].roles & ROLE_ADMIN)) {
        *out = rows[i];
        return 0;
      }
    if (n < PAGE)
      return ERR_NOTFOUND;
  }
}

/* Who acts in the matching domain, which needs an account (for the scope
 * check and the audit log): the session's user; for an API key, the
 * administrator who made it on the page, or, for a key made on the
 * command line, the first active administrator, as the command line's
 * `tandem match` does. No user (ERR_PERM from the domain) when there is
 * none. */
static struct matching_actor actor_of(struct request *r, struct user *u)
{
  struct apikey_row k;

  if (!api_by_key(r))
    return (struct matching_actor){&r->session.user, r->ip};
  if (!apikey_get(r->db, r->api_key_id, &k) && k.created_by &&
      !account_get(r->db, k.created_by, u) && u->active)
    return (struct matching_actor){u, r->ip};
  if (!first_admin(r, u))
    return (struct matching_actor){u, r->ip};
  return (struct matching_actor){NULL, r->ip};
}

/* 0 when the caller may manage scheme_id (which exists). */
static int check_scheme(struct request *r, int64_t scheme_id,
                        struct scheme_row *s)
{
  int rc;

  if (!scheme_id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, scheme_id, s)))
    return rc;
  if (caller(r) && !scheme_may_manage(r->db, caller(r), scheme_id))
    return ERR_PERM;
  return 0;
}

static const char *objective_word(enum match_objective o)
{
  return o == MATCH_TOTAL    ? "total"
         : o == MATCH_MAXMIN ? "maxmin"
                             : "cardinality";
}

static json_t *settings_json(int64_t scheme_id,
                             const struct matching_settings *s)
{
  json_t *crit = json_array();

  for (int k = 0; k < MC_COUNT; k++)
    json_array_append_new(
        crit, json_pack("{s:s, s:s, s:i, s:b}", "criterion",
                        matching_criterion_word((enum match_criterion)k),
                        "name", match_criterion_name((enum match_criterion)k),
                        "weight", (int)s->config.w[k].weight, "dealbreaker",
                        s->config.w[k].dealbreaker != 0));
  return json_pack("{s:I, s:s, s:i, s:i, s:i, s:i, s:i, s:o}", "scheme_id",
                   (json_int_t)scheme_id, "objective",
                   objective_word(s->objective), "min_score", s->min_score,
                   "year_ahead_min", (int)s->config.year_ahead_min,
                   "year_ahead_max", (int)s->config.year_ahead_max,
                   "request_days", s->request_days, "max_requests",
                   s->max_requests, "criteria", crit);
}

int api_scheme_matching_get(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_settings s;
  int rc = check_scheme(r, request_param_id(r, 0), scheme);

  if (rc || (rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  return api_send(r, 200, settings_json(scheme->id, &s));
}

/* The "criteria" member of a PUT: [{criterion, weight, dealbreaker}]. */
static void read_criteria(struct api_in *in, struct matching_settings *s)
{
  json_t *list = json_object_get(in->obj, "criteria"), *item;
  size_t i;

  if (!api_in_has(in, "criteria"))
    return;
  if (!json_is_array(list)) {
    api_in_fail(in, "criteria",
                "Must be an array of {criterion, weight, "
                "dealbreaker}.");
    return;
  }
  json_array_foreach(list, i, item)
  {
    json_t *w = json_object_get(item, "weight"),
           *d = json_object_get(item, "dealbreaker");
    const char *word = json_string_value(json_object_get(item, "criterion"));
    int k = word ? matching_criterion_from_word(word) : -1;

    if (!json_is_object(item) || k < 0) {
      api_in_fail(in, "criteria",
                  "Each item names a criterion: course, "
                  "faculty, year_ahead, interests, language, "
                  "home_country, campus, availability, mode, "
                  "preference or characteristics.");
      continue;
    }
    if (w) {
      if (!json_is_integer(w) || json_integer_value(w) < -1000000 ||
          json_integer_value(w) > 1000000)
        api_in_fail(in, "criteria",
                    "A weight is a whole number from 0 to 1000.");
      else
        s->config.w[k].weight = (int32_t)json_integer_value(w);
    }
    if (d) {
      if (!json_is_boolean(d))
        api_in_fail(in, "criteria", "dealbreaker is true or false.");
      else
        s->config.w[k].dealbreaker = json_is_true(d);
    }
  }
}

int api_scheme_matching_put(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct user *key_user = arena_alloc(&r->arena, sizeof(*key_user));
  struct matching_actor a = actor_of(r, key_user);
  struct err_detail why = {"", ""};
  struct matching_settings s;
  char objective[16] = "";
  struct api_in in;
  int rc = check_scheme(r, request_param_id(r, 0), scheme);

  if (rc || (rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "objective", objective, sizeof(objective));
  api_in_int(&in, "min_score", -1000000, 1000000, &s.min_score);
  api_in_int(&in, "year_ahead_min", -1000000, 1000000,
             &s.config.year_ahead_min);
  api_in_int(&in, "year_ahead_max", -1000000, 1000000,
             &s.config.year_ahead_max);
  api_in_int(&in, "request_days", -1000000, 1000000, &s.request_days);
  api_in_int(&in, "max_requests", -1000000, 1000000, &s.max_requests);
  read_criteria(&in, &s);
  if (objective[0]) {
    if (str_eq(objective, "cardinality"))
      s.objective = MATCH_CARDINALITY;
    else if (str_eq(objective, "total"))
      s.objective = MATCH_TOTAL;
    else if (str_eq(objective, "maxmin"))
      s.objective = MATCH_MAXMIN;
    else
      api_in_fail(&in, "objective", "One of cardinality, total, maxmin.");
  }
  if (!api_in_done(r, &in))
    return 0;
  rc = matching_settings_save(r->db, &a, scheme->id, &s, clock_now(), &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403,
                       "Only the scheme's managers may change its "
                       "matching.",
                       NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  return api_send(r, 200, settings_json(scheme->id, &s));
}

static json_t *candidate_json(const struct match_candidate *c)
{
  return json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s}", "mentor_student_id",
                   (json_int_t)c->mentor_student_id, "mentor_name",
                   c->mentor_name, "course", c->course, "year_of_study",
                   c->year_of_study, "places_left", c->places_left, "score",
                   c->score, "explanation", c->explanation);
}

int api_scheme_matching_preview(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct match_candidate *cands =
      arena_alloc(&r->arena, sizeof(*cands) * PREVIEW_MAX);
  struct err_detail why = {"", ""};
  struct matching_settings s;
  int64_t signup = 0, limit = 5;
  json_t *items;
  int n = 0, rc = check_scheme(r, request_param_id(r, 0), scheme);

  if (rc || (rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  if (!str_to_i64(query_value(r, "signup"), 1, INT64_MAX, &signup))
    return api_problem(r, 400, "Give the sample mentee's sign-up: signup=ID.",
                       json_pack("[{s:s, s:s}]", "field", "signup", "detail",
                                 "A sign-up id."));
  if (*query_value(r, "limit") &&
      !str_to_i64(query_value(r, "limit"), 1, PREVIEW_MAX, &limit))
    return api_problem(r, 400, "limit is a number from 1 to 20.",
                       json_pack("[{s:s, s:s}]", "field", "limit", "detail",
                                 "A number from 1 to 20."));
  if ((rc = matching_settings_read(r, true, &s, &why)) ||
      (rc = matching_weights_validate(&s, &why)))
    return api_invalid(r, rc, &why);
  rc = matching_preview(r->db, scheme->id, signup, &s, clock_now(), cands,
                        (int)limit, &n);
  if (rc == ERR_NOTFOUND)
    return api_problem(r, 404, "That mentee is not signed up to this scheme.",
                       NULL);
  if (rc)
    return rc;
  items = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(items, candidate_json(&cands[i]));
  return api_send(r, 200,
                  json_pack("{s:I, s:I, s:i, s:o}", "scheme_id",
                            (json_int_t)scheme->id, "signup_id",
                            (json_int_t)signup, "weight_total",
                            match_score_max(&s.config), "candidates", items));
}

/* ------------------------------------------------------------------- runs */

static json_t *run_json(const struct run_row *run)
{
  json_t *o = json_pack(
      "{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:i, s:i, s:i, s:I, s:i, s:b, "
      "s:i, s:I}",
      "id", (json_int_t)run->id, "scheme_id", (json_int_t)run->scheme_id,
      "state", run->state, "objective", run->objective, "min_score",
      run->min_score, "criteria", run->criteria, "mentees", run->mentees,
      "mentors", run->mentors, "matched", run->matched, "unmatched",
      run->mentees - run->matched, "total", (json_int_t)run->total, "min_pair",
      run->min_pair, "proven", run->proven, "solve_ms", run->solve_ms,
      "created_at", (json_int_t)run->created_at);

  json_object_set_new(o, "mean_score",
                      run->matched
                          ? json_real((double)run->total / run->matched)
                          : json_null());
  json_object_set_new(o, "error",
                      run->error[0] ? json_string(run->error) : json_null());
  json_object_set_new(o, "previous_run_id",
                      run->previous_run_id ? json_integer(run->previous_run_id)
                                           : json_null());
  json_object_set_new(o, "solved_at",
                      run->solved_at ? json_integer(run->solved_at)
                                     : json_null());
  json_object_set_new(o, "published_at",
                      run->published_at ? json_integer(run->published_at)
                                        : json_null());
  return o;
}

/* The run of the path's {id}, which the caller may manage. */
static int check_run(struct request *r, struct run_row *run)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = matching_run_get(r->db, id, run)))
    return rc;
  return check_scheme(r, run->scheme_id, scheme);
}

int api_scheme_runs_create(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct user *key_user = arena_alloc(&r->arena, sizeof(*key_user));
  struct matching_actor a = actor_of(r, key_user);
  struct err_detail why = {"", ""};
  int64_t run_id = 0;
  int rc = check_scheme(r, request_param_id(r, 0), scheme);

  if (rc)
    return rc;
  rc = matching_run(r->db, &a, scheme->id, clock_now(), &run_id, &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403,
                       "Only the scheme's managers may run its "
                       "matching.",
                       NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = matching_run_get(r->db, run_id, run)))
    return rc;
  response_header(
      r, "Location",
      arena_printf(&r->arena, "/api/v1/runs/%lld", (long long)run_id));
  return api_send(r, 201, run_json(run));
}

static int pair_json(void *ctx, const struct run_pair_row *p)
{
  json_t *o = json_pack(
      "{s:I, s:s, s:s, s:I, s:s, s:s, s:i, s:b, s:i, s:s}", "signup_id",
      (json_int_t)p->signup_id, "mentee_name", p->mentee_name, "mentee_course",
      p->mentee_course, "mentor_student_id", (json_int_t)p->mentor_student_id,
      "mentor_name", p->mentor_name, "mentor_course", p->mentor_course, "score",
      p->score, "pinned", p->pinned, "group_no", p->group_no, "explanation",
      p->explanation);

  json_object_set_new(o, "mentee_user_id",
                      p->mentee_user_id ? json_integer(p->mentee_user_id)
                                        : json_null());
  json_object_set_new(o, "mentor_user_id",
                      p->mentor_user_id ? json_integer(p->mentor_user_id)
                                        : json_null());
  json_object_set_new(o, "co_leader_student_id",
                      p->co_leader_student_id
                          ? json_integer(p->co_leader_student_id)
                          : json_null());
  json_array_append_new((json_t *)ctx, o);
  return 0;
}

static int unmatched_json(void *ctx, const struct run_unmatched_row *u)
{
  json_array_append_new(
      (json_t *)ctx,
      json_pack("{s:I, s:s, s:s, s:s, s:s}", "signup_id",
                (json_int_t)u->signup_id, "mentee_name", u->mentee_name,
                "reason", u->reason, "reason_label",
                matching_unmatched_label(u->reason), "detail", u->detail));
  return 0;
}

int api_runs_get(struct request *r)
{
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  json_t *doc, *pairs, *unmatched;
  int rc = check_run(r, run);

  if (rc)
    return rc;
  pairs = json_array();
  unmatched = json_array();
  if ((rc = matching_run_pairs(r->db, run->id, pair_json, pairs)) ||
      (rc =
           matching_run_unmatched(r->db, run->id, unmatched_json, unmatched))) {
    json_decref(pairs);
    json_decref(unmatched);
    return rc;
  }
  doc = run_json(run);
  json_object_set_new(doc, "pairs", pairs);
  json_object_set_new(doc, "unmatched_mentees", unmatched);
  return api_send(r, 200, doc);
}

int api_runs_publish(struct request *r)
{
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct pairing_actor a = {caller(r), r->ip, r->cfg->base_url};
  struct err_detail why = {"", ""};
  json_t *doc;
  int created = 0, rc = check_run(r, run);

  if (rc)
    return rc;
  rc = pairing_publish_run(r->db, &a, run->id, clock_now(), &created, &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403,
                       "Only the scheme's managers may publish its "
                       "runs.",
                       NULL);
  if (rc == ERR_CONFLICT && !why.msg[0])
    err_set(&why, rc, "", "This run is not the scheme's current draft.");
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = matching_run_get(r->db, run->id, run)))
    return rc;
  doc = run_json(run);
  json_object_set_new(doc, "created", json_integer(created));
  return api_send(r, 200, doc);
}

/* ------------------------------------------------------------ blocked pairs */

static int block_json(void *ctx, const struct block_row *b)
{
  json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:I}", "signup_id",
                        (json_int_t)b->signup_id, "mentee_name", b->mentee_name,
                        "mentor_student_id", (json_int_t)b->mentor_student_id,
                        "mentor_name", b->mentor_name, "reason", b->reason,
                        "blocked_at", (json_int_t)b->created_at);

  json_object_set_new(o, "blocked_by",
                      b->blocked_by[0] ? json_string(b->blocked_by)
                                       : json_null());
  json_array_append_new((json_t *)ctx, o);
  return 0;
}

int api_scheme_blocks_list(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct user *key_user = arena_alloc(&r->arena, sizeof(*key_user));
  struct matching_actor a = actor_of(r, key_user);
  int rc = check_scheme(r, request_param_id(r, 0), scheme);
  json_t *items;

  if (rc)
    return rc;
  items = json_array();
  if ((rc = matching_block_list(r->db, &a, scheme->id, block_json, items))) {
    json_decref(items);
    return rc;
  }
  return api_send(r, 200, api_list(items, 0));
}

int api_scheme_blocks_delete(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct user *key_user = arena_alloc(&r->arena, sizeof(*key_user));
  struct matching_actor a = actor_of(r, key_user);
  int64_t signup = 0, mentor = 0;
  json_t *errors;
  int rc = check_scheme(r, request_param_id(r, 0), scheme);

  if (rc)
    return rc;
  errors = json_array();
  if (!str_to_i64(query_value(r, "mentee"), 1, INT64_MAX, &signup))
    json_array_append_new(errors,
                          json_pack("{s:s, s:s}", "field", "mentee", "detail",
                                    "The mentee's sign-up id."));
  if (!str_to_i64(query_value(r, "mentor"), 1, INT64_MAX, &mentor))
    json_array_append_new(errors,
                          json_pack("{s:s, s:s}", "field", "mentor", "detail",
                                    "The mentor's student id."));
  if (json_array_size(errors))
    return api_problem(r, 400,
                       "Name the pair to unblock: ?mentee=<sign-up id>"
                       "&mentor=<student id>.",
                       errors);
  json_decref(errors);
  rc = matching_unblock(r->db, &a, scheme->id, signup, mentor);
  if (rc == ERR_NOTFOUND)
    return api_problem(r, 404, "That pair is not blocked.", NULL);
  if (rc == ERR_PERM)
    return api_problem(
        r, 403, "Only the scheme's managers may unblock its pairs.", NULL);
  if (rc)
    return rc;
  r->status = 204;
  return 0;
}
