/* web/api/pairings.c: pairings over /api/v1: a scheme's pairings (its
 * managers; filtered by state), one pairing with its history (its two
 * sides and the managers), a hand assignment under the same hard rules as
 * the pages (201, or 422 naming the rule, 409 when a place or the mentee
 * was taken meanwhile), ending a pairing with a reason, and a mentor's
 * places (PUT: 422 out of 0..50, 409 below the pairings they hold). An
 * API key, made by an administrator, acts as a manager and never as a
 * side. */
#include "domain/pairings.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/schemes.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static const struct user *caller(struct request *r)
{
  return api_by_key(r) ? NULL : &r->session.user;
}

static struct pairing_actor actor_of(struct request *r)
{
  return (struct pairing_actor){caller(r), r->ip, r->cfg->base_url};
}

static json_t *nullable_time(int64_t t)
{
  return t ? json_integer(t) : json_null();
}

static json_t *pairing_json(const struct pairing_row *p, bool manager)
{
  json_t *o = json_pack(
      "{s:I, s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:I, s:I}", "id",
      (json_int_t)p->id, "scheme_id", (json_int_t)p->scheme_id, "signup_id",
      (json_int_t)p->signup_id, "state", p->state, "source", p->source, "score",
      p->score, "explanation", p->explanation, "version", p->version,
      "created_at", (json_int_t)p->created_at, "updated_at",
      (json_int_t)p->updated_at);

  json_object_set_new(o, "mentee",
                      json_pack("{s:I, s:s, s:s, s:s}", "user_id",
                                (json_int_t)p->mentee_user_id, "name",
                                p->mentee_name, "course_code", p->mentee_course,
                                "contact", p->mentee_contact));
  json_object_set_new(o, "mentor",
                      json_pack("{s:I, s:s, s:s, s:s}", "student_id",
                                (json_int_t)p->mentor_student_id, "name",
                                p->mentor_name, "course_code", p->mentor_course,
                                "contact", p->mentor_contact));
  json_object_set_new(o, "group_id",
                      p->group_id ? json_integer(p->group_id) : json_null());
  json_object_set_new(o, "run_id",
                      p->run_id ? json_integer(p->run_id) : json_null());
  json_object_set_new(o, "mentor_acknowledged_at",
                      nullable_time(p->mentor_ack_at));
  json_object_set_new(o, "mentee_acknowledged_at",
                      nullable_time(p->mentee_ack_at));
  json_object_set_new(o, "end_reason",
                      p->end_reason[0] ? json_string(p->end_reason)
                                       : json_null());
  json_object_set_new(o, "ended_at", nullable_time(p->ended_at));
  (void)manager;
  return o;
}

struct list_ctx {
  json_t *items;
};

static int add_item(void *ctx, const struct pairing_row *p)
{
  struct list_ctx *c = ctx;

  json_array_append_new(c->items, pairing_json(p, true));
  return 0;
}

int api_pairings_list(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  const char *state = query_value(r, "state");
  int64_t scheme_id = request_param_id(r, 0);
  struct list_ctx c;
  int rc;

  if (!scheme_id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, scheme_id, s)))
    return rc;
  if (*state && !pairing_state_valid(state))
    return api_problem(r, 400, "Unknown state.",
                       json_pack("[{s:s, s:s}]", "field", "state", "detail",
                                 "One of proposed, active, paused, ended."));
  c.items = json_array();
  rc = pairing_list(r->db, caller(r), scheme_id, state, add_item, &c);
  if (rc) {
    json_decref(c.items);
    return rc;
  }
  return api_send(r, 200, api_list(c.items, 0));
}

static int send_pairing(struct request *r, int status, int64_t id)
{
  struct pairing_row *p = arena_alloc(&r->arena, sizeof(*p));
  struct pairing_event_row *ev =
      arena_alloc(&r->arena, sizeof(*ev) * PAIRING_EVENTS_MAX);
  enum pairing_access acc;
  json_t *o, *events;
  int n = 0, rc;

  if ((rc = pairing_get(r->db, caller(r), id, p, &acc)) ||
      (rc = pairing_history(r->db, id, ev, PAIRING_EVENTS_MAX, &n)))
    return rc;
  o = pairing_json(p, acc == PAIRING_MANAGER);
  json_object_set_new(o, "scheme_name", json_string(p->scheme_name));
  events = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(
        events,
        json_pack("{s:I, s:s, s:s, s:s}", "at", (json_int_t)ev[i].at, "from",
                  ev[i].from_state, "to", ev[i].to_state, "note", ev[i].note));
  json_object_set_new(o, "events", events);
  return api_send(r, status, o);
}

int api_pairings_get(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? send_pairing(r, 200, id) : ERR_NOTFOUND;
}

int api_pairings_assign(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct pairing_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t scheme_id = request_param_id(r, 0), id = 0;
  int signup = 0, mentor = 0, rc;
  struct api_in in;

  if (!scheme_id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, scheme_id, s)))
    return rc;
  if (!pairing_may_manage(r->db, a.user, scheme_id))
    return api_problem(r, 403,
                       "Only the scheme's coordinators can pair "
                       "mentees by hand.",
                       NULL);
  if (!api_in_begin(r, &in))
    return 0;
  api_in_int(&in, "signup_id", 1, 1 << 30, &signup);
  api_in_int(&in, "mentor_student_id", 1, 1 << 30, &mentor);
  if (!signup)
    api_in_fail(&in, "signup_id", "Give the mentee's sign-up.");
  if (!mentor)
    api_in_fail(&in, "mentor_student_id", "Give the mentor's student id.");
  if (!api_in_done(r, &in))
    return 0;
  rc = pairing_assign(r->db, &a, scheme_id, signup, mentor, clock_now(), &id,
                      &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403, "Not allowed.", NULL);
  if (rc == ERR_NOTFOUND)
    rc = ERR_INPUT;
  if (rc)
    return api_invalid(r, rc, &why);
  response_header(
      r, "Location",
      arena_printf(&r->arena, "/api/v1/pairings/%lld", (long long)id));
  return send_pairing(r, 201, id);
}

int api_pairings_end(struct request *r)
{
  struct pairing_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  char reason[P_WORD] = "", note[PAIRING_NOTE_MAX] = "";
  int64_t id = request_param_id(r, 0);
  struct api_in in;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "reason", reason, sizeof(reason));
  api_in_str(&in, "note", note, sizeof(note));
  if (!reason[0])
    api_in_fail(&in, "reason",
                "Give the reason: completed, no_contact, "
                "needs_changed, concern_raised or moved_on.");
  if (!api_in_done(r, &in))
    return 0;
  rc = pairing_end(r->db, &a, id, reason, note, clock_now(), &why);
  if (rc == ERR_PERM)
    return api_problem(r, 403, "Not allowed.", NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  return send_pairing(r, 200, id);
}

static json_t *mentor_places_json(const struct mentor_place_row *m)
{
  return json_pack("{s:I, s:s, s:i, s:i}", "student_id",
                   (json_int_t)m->student_id, "name", m->name, "capacity",
                   m->capacity, "held", m->held);
}

int api_mentor_places_put(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct mentor_place_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct pairing_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t scheme_id = request_param_id(r, 0);
  int64_t student = request_param_id(r, 1);
  int places = -1, rc;
  struct api_in in;

  if (!scheme_id || !student)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, scheme_id, s)))
    return rc;
  if (!pairing_may_manage(r->db, a.user, scheme_id))
    return api_problem(r, 403,
                       "Only the scheme's coordinators can set a mentor's "
                       "places.",
                       NULL);
  if (!api_in_begin(r, &in))
    return 0;
  if (api_in_has(&in, "places"))
    api_in_int(&in, "places", 0, PAIRING_PLACES_MAX, &places);
  else
    api_in_fail(&in, "places",
                "Give the mentor's places: a whole number from "
                PAIRING_PLACES_RANGE ".");
  if (!api_in_done(r, &in))
    return 0;
  rc = pairings_set_places(r->db, &a, scheme_id, student, places, &why);
  if (rc == ERR_NOTFOUND)
    return api_problem(r, 404, why.msg[0] ? why.msg : "Not found.", NULL);
  if (rc == ERR_PERM)
    return api_problem(r, 403, why.msg, NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = pairing_mentor(r->db, a.user, scheme_id, student, m)))
    return rc;
  return api_send(r, 200, mentor_places_json(m));
}
