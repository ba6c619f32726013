/* web/api/requests.c: mentees who choose their mentor, over /api/v1: the
 * mentors a mentee may ask in a scheme, asking one, the requests of the
 * caller (as a mentee and as a mentor), and the mentor's accept and
 * decline (409 with why when the database refuses: no place left, the
 * mentee paired meanwhile, the request expired). These act for a person,
 * so they take a session (a POST with the session's CSRF token in the
 * X-CSRF-Token header), never an API key. */
#include "domain/requests.h"
#include "base/clock.h"
#include "base/str.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <limits.h>
#include <string.h>

static json_t *candidate_json(const struct match_candidate *c)
{
  return json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s}", "mentor_student_id",
                   (json_int_t)c->mentor_student_id, "mentor_name",
                   c->mentor_name, "course", c->course, "year_of_study",
                   c->year_of_study, "places_left", c->places_left, "score",
                   c->score, "explanation", c->explanation);
}

static json_t *request_json(const struct mreq_row *x, int64_t now,
                            const char *role)
{
  json_t *o = json_pack(
      "{s:I, s:s, s:I, s:s, s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:i, s:I, "
      "s:I}",
      "id", (json_int_t)x->id, "role", role, "scheme_id",
      (json_int_t)x->scheme_id, "scheme_name", x->scheme_name, "signup_id",
      (json_int_t)x->signup_id, "mentor_student_id",
      (json_int_t)x->mentor_student_id, "mentor_name", x->mentor_name,
      "mentee_name", x->mentee_name, "rank", x->rank, "message", x->message,
      "state", requests_state_at(x, now), "score", x->score, "created_at",
      (json_int_t)x->created_at, "expires_at", (json_int_t)x->expires_at);

  json_object_set_new(o, "decided_at",
                      x->decided_at ? json_integer(x->decided_at)
                                    : json_null());
  return o;
}

static struct requests_actor actor_of(struct request *r)
{
  return (struct requests_actor){&r->session.user, r->ip, r->cfg->base_url};
}

/* GET /api/v1/schemes/{id}/mentors */
int api_scheme_mentors(struct request *r)
{
  enum { MAX = 200 };
  struct match_candidate *c = arena_alloc(&r->arena, sizeof(*c) * MAX);
  struct err_detail why = {"", ""};
  int64_t scheme_id = request_param_id(r, 0);
  json_t *items;
  int n = 0, rc;

  if (!scheme_id)
    return ERR_NOTFOUND;
  rc = requests_candidates(r->db, &r->session.user, scheme_id, clock_now(), c,
                           MAX, &n, &why);
  if (rc)
    return api_invalid(r, rc, &why);
  items = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(items, candidate_json(&c[i]));
  return api_send(r, 200, api_list(items, 0));
}

/* POST /api/v1/schemes/{id}/requests {mentor_student_id, message} */
int api_scheme_requests_create(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct mreq_row *row = arena_alloc(&r->arena, sizeof(*row));
  struct err_detail why = {"", ""};
  char *message = arena_alloc(&r->arena, RQ_MESSAGE);
  int64_t scheme_id = request_param_id(r, 0), id = 0, now = clock_now();
  int mentor = 0, rc;
  struct api_in in;

  if (!scheme_id)
    return ERR_NOTFOUND;
  if (!api_in_begin(r, &in))
    return 0;
  api_in_int(&in, "mentor_student_id", 1, INT_MAX, &mentor);
  api_in_str(&in, "message", message, RQ_MESSAGE);
  if (!mentor)
    api_in_fail(&in, "mentor_student_id", "Give the mentor's student id.");
  if (!api_in_done(r, &in))
    return 0;
  rc = requests_make(r->db, &a, scheme_id, mentor, message, now, &id, &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403, why.msg[0] ? why.msg : "Not allowed.", NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = requests_get(r->db, &r->session.user, id, row)))
    return rc;
  return api_send(r, 201, request_json(row, now, "mentee"));
}

/* GET /api/v1/requests: the caller's, as a mentee and as a mentor. */
int api_requests_list(struct request *r)
{
  struct mreq_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * REQUESTS_LIST_MAX);
  int64_t now = clock_now();
  json_t *items = json_array();
  int n = 0, rc;

  if ((rc = requests_of_mentee(r->db, &r->session.user, rows, REQUESTS_LIST_MAX,
                               &n)))
    goto fail;
  for (int i = 0; i < n; i++)
    json_array_append_new(items, request_json(&rows[i], now, "mentee"));
  if ((rc = requests_incoming(r->db, &r->session.user, now, rows,
                              REQUESTS_LIST_MAX, &n)))
    goto fail;
  for (int i = 0; i < n; i++)
    json_array_append_new(items, request_json(&rows[i], now, "mentor"));
  return api_send(r, 200, api_list(items, 0));
fail:
  json_decref(items);
  return rc;
}

/* Answer with request id as it is now, for the caller. */
static int send_request(struct request *r, int64_t id, int64_t pairing_id)
{
  struct mreq_row *row = arena_alloc(&r->arena, sizeof(*row));
  int64_t now = clock_now();
  json_t *o;
  int rc = requests_get(r->db, &r->session.user, id, row);

  if (rc)
    return rc;
  o = request_json(row, now,
                   row->mentor_user_id == r->session.user.id ? "mentor"
                                                             : "mentee");
  if (pairing_id)
    json_object_set_new(o, "pairing_id", json_integer(pairing_id));
  return api_send(r, 200, o);
}

static int answer_problem(struct request *r, int rc,
                          const struct err_detail *why)
{
  if (rc == ERR_PERM)
    return api_problem(r, 403,
                       "Only the mentor asked can answer, and only "
                       "the mentee who asked can withdraw.",
                       NULL);
  return api_invalid(r, rc, why);
}

/* POST /api/v1/requests/{id}/accept */
int api_requests_accept(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t id = request_param_id(r, 0), pairing = 0;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = requests_accept(r->db, &a, id, clock_now(), &pairing, &why);
  if (rc)
    return answer_problem(r, rc, &why);
  return send_request(r, id, pairing);
}

/* POST /api/v1/requests/{id}/decline {note} (the body may be empty) */
int api_requests_decline(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  char *note = arena_alloc(&r->arena, RQ_MESSAGE);
  int64_t id = request_param_id(r, 0);
  int rc;
  struct api_in in;

  if (!id)
    return ERR_NOTFOUND;
  if (r->body_len) {
    if (!api_in_begin(r, &in))
      return 0;
    api_in_str(&in, "note", note, RQ_MESSAGE);
    if (!api_in_done(r, &in))
      return 0;
  }
  rc = requests_decline(r->db, &a, id, note, clock_now(), &why);
  if (rc)
    return answer_problem(r, rc, &why);
  return send_request(r, id, 0);
}

/* POST /api/v1/requests/{id}/withdraw */
int api_requests_withdraw(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = requests_withdraw(r->db, &a, id, clock_now(), &why);
  if (rc)
    return answer_problem(r, rc, &why);
  return send_request(r, id, 0);
}
