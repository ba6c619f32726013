/* web/api/training.c: training over /api/v1: the module catalogue and the
 * sessions (upcoming by default, optionally of one module), with cursor
 * paging. Anyone signed in sees the offered modules (retired ones too for
 * coordinators, administrators and API keys) and every session. */
#include "base/clock.h"
#include "base/str.h"
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

static json_t *session_json(const struct session_row *s)
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
  struct session_row *rows;
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
