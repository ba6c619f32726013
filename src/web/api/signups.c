/* web/api/signups.c: /api/v1 mentee sign-ups: a scheme's sign-ups
 * (cursor paging, the managers' filter) and one sign-up. A session sees
 * its scope (a scheme's managers its sign-ups; a student their own); an
 * API key, made by an administrator, sees everything. */
#include "base/str.h"
#include "domain/signups.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

/* A space-separated set of words as a JSON array. */
static json_t *words_json(const char *set)
{
  json_t *a = json_array();
  char copy[SU_TOPICS];

  str_copy(copy, sizeof(copy), set);
  for (char *p = copy, *end; *p; p = end) {
    end = p + strcspn(p, " ");
    if (*end)
      *end++ = '\0';
    if (*p)
      json_array_append_new(a, json_string(p));
  }
  return a;
}

static json_t *opt_id(int64_t id)
{
  return id ? json_integer(id) : json_null();
}

static json_t *signup_json(const struct signup_row *x)
{
  json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s}", "id",
                        (json_int_t)x->id, "scheme_id",
                        (json_int_t)x->scheme_id, "scheme_name",
                        x->scheme_name, "user_id", (json_int_t)x->user_id,
                        "name", x->user_name, "email", x->user_email);

  json_object_set_new(o, "student_id", opt_id(x->student_id));
  json_object_set_new(o, "student_number",
                      x->student_id ? json_string(x->student_number)
                                    : json_null());
  json_object_set_new(o, "course_code",
                      x->student_id && x->course_code[0]
                          ? json_string(x->course_code)
                          : json_null());
  json_object_set_new(o, "year_of_study",
                      x->student_id ? json_integer(x->year_of_study)
                                    : json_null());
  json_object_set_new(o, "invited", json_boolean(x->invitation_id != 0));
  json_object_set_new(o, "topics", words_json(x->topics));
  json_object_set_new(o, "preferences", words_json(x->preferences));
  json_object_set_new(o, "mode", json_string(x->mode));
  json_object_set_new(o, "note", json_string(x->note));
  json_object_set_new(o, "state", json_string(x->state));
  json_object_set_new(o, "created_at", json_integer(x->created_at));
  json_object_set_new(o, "updated_at", json_integer(x->updated_at));
  return o;
}

/* GET /api/v1/schemes/{id}/signups?state=&q=&topic=&limit=&cursor= */
int api_scheme_signups_list(struct request *r)
{
  int64_t scheme_id = request_param_id(r, 0), after;
  const char *state = query_value(r, "state");
  struct signup_filter f = {0};
  struct signup_row *rows;
  json_t *items;
  int limit, n, rc;

  if (!scheme_id)
    return ERR_NOTFOUND;
  if (*state && !str_eq(state, "active") && !str_eq(state, "withdrawn"))
    return api_problem(r, 400, "state is active or withdrawn.",
                       json_pack("[{s:s, s:s}]", "field", "state", "detail",
                                 "state is active or withdrawn."));
  str_copy(f.state, sizeof(f.state), state);
  str_copy(f.q, sizeof(f.q), query_value(r, "q"));
  str_copy(f.topic, sizeof(f.topic), query_value(r, "topic"));
  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  rc = signups_of_scheme(r->db, api_by_key(r) ? NULL : &r->session.user,
                         scheme_id, &f, after, 0, limit + 1, rows, &n, NULL);
  if (rc)
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, signup_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

/* GET /api/v1/signups/{id} */
int api_signups_get(struct request *r)
{
  struct signup_row *x = arena_alloc(&r->arena, sizeof(*x));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = signup_get(r->db, api_by_key(r) ? NULL : &r->session.user, id, x);
  return rc ? rc : api_send(r, 200, signup_json(x));
}
