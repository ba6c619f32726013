/* web/api/training.c: training over /api/v1: the module catalogue and the
 * sessions (upcoming by default, optionally of one module), with cursor
 * paging; the training report of a scheme or a module (coordinators,
 * administrators and API keys). Anyone signed in sees the offered modules
 * (retired ones too for coordinators, administrators and API keys) and
 * every session. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/schemes.h"
#include "domain/training.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static int bad_query(struct request *r, const char *field, const char *msg)
{
  return api_problem(r, 400, msg,
                     json_pack("[{s:s, s:s}]", "field", field, "detail", msg));
}

/* The lines of text as a JSON array of trimmed, non-empty strings. */
static json_t *lines_json(struct request *r, const char *text)
{
  json_t *a = json_array();
  char *copy = arena_strdup(&r->arena, text), *line = copy;

  while (line && *line) {
    char *nl = strchr(line, '\n');

    if (nl)
      *nl = '\0';
    str_trim(line);
    if (*line)
      json_array_append_new(a, json_string(line));
    line = nl ? nl + 1 : NULL;
  }
  return a;
}

static json_t *module_json(struct request *r, const struct module_row *m)
{
  json_t *o = json_object();

  json_object_set_new(o, "id", json_integer(m->id));
  json_object_set_new(o, "title", json_string(m->title));
  json_object_set_new(o, "purpose", json_string(m->purpose));
  json_object_set_new(o, "outcomes", lines_json(r, m->outcomes));
  json_object_set_new(o, "delivery", json_string(m->delivery));
  json_object_set_new(o, "delivery_label",
                      json_string(training_delivery_label(m->delivery)));
  json_object_set_new(o, "audience", json_string(m->audience));
  json_object_set_new(o, "minutes", json_integer(m->minutes));
  json_object_set_new(o, "validity_months", json_integer(m->validity_months));
  json_object_set_new(o, "pass_mark", str_eq(m->delivery, "self_paced")
                                          ? json_integer(m->pass_mark)
                                          : json_null());
  json_object_set_new(o, "active", json_boolean(m->active));
  json_object_set_new(o, "updated_at", json_integer(m->updated_at));
  return o;
}

static json_t *session_json(const struct tsession_row *s)
{
  int left = s->capacity - s->held;

  return json_pack(
      "{s:I, s:I, s:s, s:s, s:I, s:i, s:s, s:i, s:i, s:i, s:o, s:b}", "id",
      (json_int_t)s->id, "module_id", (json_int_t)s->module_id, "module_title",
      s->module_title, "delivery", s->delivery, "starts_at",
      (json_int_t)s->starts_at, "minutes", s->minutes, "place", s->place,
      "capacity", s->capacity, "places_left", left > 0 ? left : 0, "waiting",
      s->waiting, "trainer",
      s->trainer_name[0] ? json_string(s->trainer_name) : json_null(),
      "cancelled", s->cancelled_at != 0);
}

/* GET /api/v1/training/modules?limit&cursor */
int api_training_modules_list(struct request *r)
{
  bool all = api_by_key(r) || training_may_manage(&r->session.user);
  struct module_row *rows;
  json_t *items;
  int64_t after;
  int limit, n, rc;

  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = store_module_page(r->db, all, after, rows, limit + 1, &n)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, module_json(r, &rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

/* GET /api/v1/training/sessions?module&from&limit&cursor */
int api_training_sessions_list(struct request *r)
{
  const char *module = query_value(r, "module"), *from = query_value(r, "from");
  struct tsession_row *rows;
  int64_t after, module_id = 0, since = clock_now();
  json_t *items;
  int limit, n, rc;

  if (*module && !str_to_i64(module, 1, INT64_MAX, &module_id))
    return bad_query(r, "module", "module is a module's id.");
  if (*from && !str_to_i64(from, 0, INT64_MAX, &since))
    return bad_query(r, "from",
                     "from is a time in Unix seconds (0: every session).");
  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = store_tsession_page(r->db, module_id, since, after, rows,
                                limit + 1, &n)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, session_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

static json_t *date_or_null(int64_t t)
{
  char s[32];

  if (!t)
    return json_null();
  clock_format(t, s, sizeof(s));
  s[10] = '\0';
  return json_string(s);
}

/* The scheme report: its required modules, and each accepted mentor with
 * what they lack. */
static int scheme_report(struct request *r, int64_t id)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct training_report_mentor *rows =
      arena_alloc(&r->arena, sizeof(*rows) * TRAINING_REPORT_MAX);
  struct requirement_row *req =
      arena_alloc(&r->arena, sizeof(*req) * TRAINING_REQUIRED_MAX);
  json_t *required, *mentors;
  int n, nreq, trained = 0, rc;

  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if ((rc = training_report_scheme(r->db, id, clock_now(), rows,
                                   TRAINING_REPORT_MAX, &n, req, &nreq)))
    return rc;
  required = json_array();
  for (int i = 0; i < nreq; i++)
    json_array_append_new(required,
                          json_pack("{s:I, s:s}", "id",
                                    (json_int_t)req[i].module_id, "title",
                                    req[i].title));
  mentors = json_array();
  for (int i = 0; i < n; i++) {
    const struct training_report_mentor *m = &rows[i];
    json_t *missing = json_array();

    for (int k = 0; k < m->nmissing; k++) {
      const char *title = "";

      for (int q = 0; q < nreq; q++)
        if (req[q].module_id == m->missing[k].module_id)
          title = req[q].title;
      json_array_append_new(
          missing, json_pack("{s:I, s:s, s:o}", "module_id",
                             (json_int_t)m->missing[k].module_id, "title",
                             title, "expired_on",
                             date_or_null(m->missing[k].expired_at)));
    }
    trained += m->nmissing == 0;
    json_array_append_new(
        mentors,
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:o}",
                  "application_id", (json_int_t)m->who.application_id,
                  "student_id", (json_int_t)m->who.student_id,
                  "student_number", m->who.student_number, "legal_name",
                  m->who.legal_name, "preferred_name", m->who.preferred_name,
                  "email", m->who.email, "trained", m->nmissing == 0,
                  "missing", missing));
  }
  return api_send(r, 200,
                  json_pack("{s:{s:I, s:s}, s:o, s:i, s:i, s:o}", "scheme",
                            "id", (json_int_t)id, "name", s->name,
                            "required", required, "trained", trained,
                            "not_trained", n - trained, "mentors", mentors));
}

/* The module report: everyone who has completed it. */
static int module_report(struct request *r, int64_t id)
{
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct module_holder_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * TRAINING_REPORT_MAX);
  int64_t now = clock_now();
  json_t *people;
  int n, rc;

  if ((rc = store_module_get(r->db, id, m)) ||
      (rc = training_report_module(r->db, id, rows, TRAINING_REPORT_MAX, &n)))
    return rc;
  people = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(
        people, json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "user_id",
                          (json_int_t)rows[i].user_id, "name", rows[i].name,
                          "email", rows[i].email, "completed_on",
                          date_or_null(rows[i].completed_at), "expires_on",
                          date_or_null(rows[i].expires_at), "status",
                          training_holder_status(&rows[i], now)));
  return api_send(r, 200,
                  json_pack("{s:{s:I, s:s}, s:o}", "module", "id",
                            (json_int_t)id, "title", m->title, "people",
                            people));
}

/* GET /api/v1/training/report?scheme=ID | ?module=ID */
int api_training_report(struct request *r)
{
  const char *scheme = query_value(r, "scheme");
  const char *module = query_value(r, "module");
  int64_t id;

  if (*scheme && *module)
    return bad_query(r, "scheme", "Give scheme or module, not both.");
  if (*scheme)
    return str_to_i64(scheme, 1, INT64_MAX, &id)
               ? scheme_report(r, id)
               : bad_query(r, "scheme", "scheme is a scheme's id.");
  if (*module)
    return str_to_i64(module, 1, INT64_MAX, &id)
               ? module_report(r, id)
               : bad_query(r, "module", "module is a module's id.");
  return bad_query(r, "scheme",
                   "Give scheme (a scheme's id) or module (a module's id).");
}
