/* web/api/applications.c: mentor applications over /api/v1: a scheme's
 * applications (filtered by state, cursor paging), one application with
 * its answers and history, and a change of state through the same guarded
 * move the pages use (409 when it is illegal or stale). A session sees
 * what it may on the pages: the scheme's managers everything, the
 * applicant their own; an API key, made by an administrator, acts as a
 * manager and never as an applicant. */
#include "base/str.h"
#include "domain/applications.h"
#include "domain/schemes.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static const struct user *caller(struct request *r)
{
  return api_by_key(r) ? NULL : &r->session.user;
}

static json_t *brief_json(const struct application_row *a)
{
  json_t *o = json_pack(
      "{s:I, s:I, s:s, s:i, s:I, s:s, s:s, s:s, s:i, s:b, s:I, s:I}", "id",
      (json_int_t)a->id, "scheme_id", (json_int_t)a->scheme_id, "state",
      a->state, "version", a->version, "student_id",
      (json_int_t)a->student_id, "student_number", a->student_number,
      "legal_name", a->legal_name, "course_code", a->course_code,
      "year_of_study", a->year_of_study, "returning_mentor",
      a->returning_mentor, "created_at", (json_int_t)a->created_at,
      "updated_at", (json_int_t)a->updated_at);
  double avg = application_average(a);

  json_object_set_new(o, "preferred_name",
                      a->preferred_name[0] ? json_string(a->preferred_name)
                                           : json_null());
  json_object_set_new(o, "average_score",
                      avg >= 0 ? json_real(avg) : json_null());
  return o;
}

int api_applications_list(struct request *r)
{
  struct application_filter f;
  struct application_row *rows;
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  const char *state = query_value(r, "state");
  json_t *items;
  int64_t after;
  int limit, n, rc;

  memset(&f, 0, sizeof(f));
  f.scheme_id = request_param_id(r, 0);
  f.returning = -1;
  if (!f.scheme_id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, f.scheme_id, s)))
    return rc;
  if (*state && !application_state_valid(state))
    return api_problem(r, 400, "Unknown state.",
                       json_pack("[{s:s, s:s}]", "field", "state", "detail",
                                 "One of submitted, under_review, interview, "
                                 "offered, accepted, rejected, withdrawn."));
  str_copy(f.state, sizeof(f.state), state);
  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = applications_list(r->db, caller(r), &f, after, 0, limit + 1, rows,
                              &n, NULL)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, brief_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

static json_t *detail_json(const struct application_detail *d)
{
  json_t *o = brief_json(&d->app), *answers = json_array(),
         *events = json_array();

  for (int i = 0; i < d->nquestions; i++) {
    const char *ans = "";

    for (int k = 0; k < d->nanswers; k++)
      if (d->answers[k].question_id == d->questions[i].id)
        ans = d->answers[k].answer;
    json_array_append_new(answers,
                          json_pack("{s:I, s:s, s:s, s:s}", "question_id",
                                    (json_int_t)d->questions[i].id, "prompt",
                                    d->questions[i].prompt, "kind",
                                    d->questions[i].kind, "answer", ans));
  }
  for (int i = 0; i < d->nevents; i++)
    json_array_append_new(
        events, json_pack("{s:I, s:s, s:s, s:s}", "at",
                          (json_int_t)d->events[i].at, "from",
                          d->events[i].from_state, "to", d->events[i].to_state,
                          "note",
                          d->access == APP_MANAGER ? d->events[i].note : ""));
  json_object_set_new(o, "scheme_name", json_string(d->app.scheme_name));
  json_object_set_new(o, "academic_year", json_string(d->app.academic_year));
  json_object_set_new(o, "feedback", d->app.feedback[0]
                                         ? json_string(d->app.feedback)
                                         : json_null());
  if (d->access == APP_MANAGER) {
    json_object_set_new(o, "eligibility", json_string(d->app.eligibility));
    json_object_set_new(o, "reason", d->app.reason[0]
                                         ? json_string(d->app.reason)
                                         : json_null());
  }
  json_object_set_new(o, "agreement_at",
                      d->app.agreement_at ? json_integer(d->app.agreement_at)
                                          : json_null());
  json_object_set_new(o, "interview",
                      d->has_slot
                          ? json_pack("{s:I, s:i, s:s, s:s}", "starts_at",
                                      (json_int_t)d->slot.starts_at, "minutes",
                                      d->slot.minutes, "place", d->slot.place,
                                      "interviewer", d->slot.interviewer)
                          : json_null());
  json_object_set_new(o, "answers", answers);
  json_object_set_new(o, "events", events);
  return o;
}

int api_applications_get(struct request *r)
{
  struct application_detail *d = arena_alloc(&r->arena, sizeof(*d));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = application_detail(r->db, caller(r), id, d)))
    return rc;
  return api_send(r, 200, detail_json(d));
}

int api_applications_transition(struct request *r)
{
  struct application_detail *d = arena_alloc(&r->arena, sizeof(*d));
  struct err_detail why = {"", ""};
  struct app_actor a = {caller(r), r->ip, r->cfg->base_url};
  char to[A_WORD] = "", reason[A_REASON] = "", feedback[A_FEEDBACK] = "";
  bool agreement = false;
  int64_t id = request_param_id(r, 0);
  int version = 0, rc;
  struct api_in in;

  if (!id)
    return ERR_NOTFOUND;
  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "to", to, sizeof(to));
  api_in_str(&in, "reason", reason, sizeof(reason));
  api_in_str(&in, "feedback", feedback, sizeof(feedback));
  api_in_int(&in, "version", 1, 1 << 30, &version);
  api_in_bool(&in, "agreement", &agreement);
  if (!to[0])
    api_in_fail(&in, "to", "Give the state to move to.");
  if (!api_in_done(r, &in))
    return 0;
  rc = application_move(r->db, &a, id, version, to, reason, feedback,
                        agreement, &why, NULL);
  if (rc == ERR_PERM)
    return api_problem(r, 403, why.msg[0] ? why.msg : "Not allowed.", NULL);
  if (rc)
    return api_invalid(r, rc, &why);
  if ((rc = application_detail(r->db, caller(r), id, d)))
    return rc;
  return api_send(r, 200, detail_json(d));
}
