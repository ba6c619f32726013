/* web/api/schemes.c: /api/v1/schemes, the catalogue: list (filters type,
 * year, status; cursor paging), get, create from a type's defaults. A
 * session sees what its person would see on the catalogue (drafts only of
 * the schemes they may manage); an API key, made by an administrator,
 * sees every scheme. */
#include "domain/schemes.h"
#include "base/str.h"
#include "domain/organisation.h"
#include "domain/people.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static json_t *opt_str(const char *s)
{
  return s[0] ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t id)
{
  return id ? json_integer(id) : json_null();
}

static json_t *brief_json(const struct scheme_brief *b)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
                   " s:b, s:b, s:b}",
                   "id", (json_int_t)b->id, "name", b->name, "type", b->type,
                   "academic_year", b->academic_year, "summary", b->summary,
                   "status", b->status, "format", b->format, "mode", b->mode,
                   "starts_on", b->starts_on, "ends_on", b->ends_on,
                   "applications_open", b->applications_open, "signups_open",
                   b->signups_open, "paid", b->paid);
}

static json_t *codes_json(struct request *r, const struct scheme_row *s,
                          bool courses)
{
  json_t *a = json_array();
  int n = courses ? s->ncourses : s->nfaculties;

  for (int i = 0; i < n; i++) {
    if (courses) {
      struct course_row c;

      if (course_get(r->db, s->courses[i], &c) == 0)
        json_array_append_new(a, json_string(c.code));
    } else {
      struct faculty_row f;

      if (faculty_get(r->db, s->faculties[i], &f) == 0)
        json_array_append_new(a, json_string(f.code));
    }
  }
  return a;
}

static json_t *scheme_json(struct request *r, const struct scheme_row *s)
{
  json_t *o = json_object();

  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "name", json_string(s->name));
  json_object_set_new(o, "type", json_string(s->type));
  json_object_set_new(o, "type_label", json_string(scheme_type_label(s->type)));
  json_object_set_new(o, "academic_year", json_string(s->academic_year));
  json_object_set_new(o, "summary", json_string(s->summary));
  json_object_set_new(o, "description", json_string(s->description));
  json_object_set_new(o, "owner_level", json_string(s->owner_level));
  json_object_set_new(o, "format", json_string(s->format));
  json_object_set_new(o, "group_size", json_integer(s->group_size));
  json_object_set_new(o, "mode", json_string(s->mode));
  json_object_set_new(o, "contact", json_string(s->contact));
  json_object_set_new(o, "matching_mode", json_string(s->matching_mode));
  json_object_set_new(o, "mentor_capacity", json_integer(s->mentor_capacity));
  json_object_set_new(o, "period", json_string(s->period));
  json_object_set_new(o, "term_id", opt_id(s->term_id));
  json_object_set_new(o, "starts_on", json_string(s->starts_on));
  json_object_set_new(o, "ends_on", json_string(s->ends_on));
  json_object_set_new(o, "paid", json_boolean(s->paid));
  json_object_set_new(o, "rate_pence", json_integer(s->rate_pence));
  json_object_set_new(o, "commitment", opt_str(s->commitment));
  json_object_set_new(o, "sponsor_staff_id", opt_id(s->sponsor_staff_id));
  json_object_set_new(o, "status", json_string(s->status));
  json_object_set_new(o, "applications_open",
                      json_boolean(s->applications_open));
  json_object_set_new(o, "signups_open", json_boolean(s->signups_open));
  json_object_set_new(o, "courses", codes_json(r, s, true));
  json_object_set_new(o, "faculties", codes_json(r, s, false));
  json_object_set_new(o, "created_at", json_integer(s->created_at));
  json_object_set_new(o, "updated_at", json_integer(s->updated_at));
  return o;
}

static int bad_query(struct request *r, const char *field, const char *msg)
{
  return api_problem(r, 400, msg,
                     json_pack("[{s:s, s:s}]", "field", field, "detail", msg));
}

/* GET /api/v1/schemes?type&year&status&limit&cursor */
int api_schemes_list(struct request *r)
{
  struct scheme_filter f = {0};
  struct scheme_brief *rows;
  const char *type = query_value(r, "type"), *year = query_value(r, "year");
  const char *status = query_value(r, "status");
  json_t *items;
  int64_t after;
  int limit, n, rc;

  if (*type && !scheme_type_valid(type))
    return bad_query(r, "type",
                     "type is one of the scheme types, such as "
                     "pastoral or pal.");
  if (*year && !academic_year_valid(year))
    return bad_query(r, "year", "year is an academic year such as 2026/27.");
  if (*status && !str_eq(status, "draft") && !str_eq(status, "published") &&
      !str_eq(status, "closed"))
    return bad_query(r, "status", "status is draft, published or closed.");
  if (!api_page(r, &limit, &after))
    return 0;
  str_copy(f.type, sizeof(f.type), type);
  str_copy(f.academic_year, sizeof(f.academic_year), year);
  str_copy(f.status, sizeof(f.status), status);
  f.by_id = true;
  f.after_id = after;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  rc = api_by_key(r) ? scheme_list_all(r->db, &f, 0, limit + 1, rows, &n, NULL)
                     : scheme_list(r->db, &r->session.user, &f, 0, limit + 1,
                                   rows, &n, NULL);
  if (rc)
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, brief_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

/* GET /api/v1/schemes/{id} */
int api_schemes_get(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if (!api_by_key(r) && !scheme_visible(r->db, &r->session.user, s))
    return ERR_NOTFOUND;
  return api_send(r, 200, scheme_json(r, s));
}

/* Read an array of course (or faculty) codes into ids. */
static void read_codes(struct request *r, struct api_in *in, const char *key,
                       int64_t *ids, int *n)
{
  json_t *v, *c;
  size_t i;

  if (!api_in_has(in, key))
    return;
  v = json_object_get(in->obj, key);
  if (!json_is_array(v) || json_array_size(v) > S_SERVED_MAX) {
    api_in_fail(in, key, "An array of at most 64 codes.");
    return;
  }
  *n = 0;
  json_array_foreach(v, i, c)
  {
    const char *code = json_string_value(c);
    struct course_row course;
    struct faculty_row faculty;
    int rc;

    if (!code) {
      api_in_fail(in, key, "Each entry is a code, as a string.");
      return;
    }
    rc = str_eq(key, "courses") ? course_by_code(r->db, code, &course)
                                : faculty_by_code(r->db, code, &faculty);
    if (rc) {
      api_in_fail(in, key,
                  str_eq(key, "courses") ? "No course has that code."
                                         : "No faculty has that code.");
      return;
    }
    ids[(*n)++] = str_eq(key, "courses") ? course.id : faculty.id;
  }
}

/* POST /api/v1/schemes: {"type", "name", "academic_year", "starts_on",
 * "ends_on", ...}; the type's defaults fill what is not given. */
int api_schemes_create(struct request *r)
{
  struct err_detail why = {"", ""};
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  char type[S_WORD] = "";
  struct api_in in;
  int64_t id, sponsor = 0, term = 0;
  int rc;

  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "type", type, sizeof(type));
  if (scheme_defaults(type, s)) {
    api_in_fail(&in, "type",
                "Give the type: pre_arrival, pastoral, "
                "it_support, pal, course, transition, "
                "placement, international, final_year, buddy "
                "or custom.");
    memset(s, 0, sizeof(*s));
  }
  api_in_str(&in, "name", s->name, sizeof(s->name));
  api_in_str(&in, "academic_year", s->academic_year, sizeof(s->academic_year));
  api_in_str(&in, "summary", s->summary, sizeof(s->summary));
  api_in_str(&in, "description", s->description, sizeof(s->description));
  api_in_str(&in, "owner_level", s->owner_level, sizeof(s->owner_level));
  api_in_str(&in, "format", s->format, sizeof(s->format));
  api_in_int(&in, "group_size", 0, 100, &s->group_size);
  api_in_str(&in, "mode", s->mode, sizeof(s->mode));
  api_in_str(&in, "contact", s->contact, sizeof(s->contact));
  api_in_str(&in, "matching_mode", s->matching_mode, sizeof(s->matching_mode));
  api_in_int(&in, "mentor_capacity", 1, 100, &s->mentor_capacity);
  api_in_str(&in, "period", s->period, sizeof(s->period));
  if (api_in_has(&in, "term_id")) {
    json_t *v = json_object_get(in.obj, "term_id");

    if (json_is_integer(v) && json_integer_value(v) > 0)
      term = json_integer_value(v);
    else if (!json_is_null(v))
      api_in_fail(&in, "term_id", "A term's id, or null.");
  }
  s->term_id = term;
  api_in_str(&in, "starts_on", s->starts_on, sizeof(s->starts_on));
  api_in_str(&in, "ends_on", s->ends_on, sizeof(s->ends_on));
  api_in_bool(&in, "paid", &s->paid);
  api_in_int(&in, "rate_pence", 0, 100000, &s->rate_pence);
  api_in_str(&in, "commitment", s->commitment, sizeof(s->commitment));
  if (api_in_has(&in, "sponsor_staff_id")) {
    json_t *v = json_object_get(in.obj, "sponsor_staff_id");

    if (json_is_integer(v) && json_integer_value(v) > 0)
      sponsor = json_integer_value(v);
    else if (!json_is_null(v))
      api_in_fail(&in, "sponsor_staff_id", "A staff member's id, or null.");
  }
  s->sponsor_staff_id = sponsor;
  api_in_str(&in, "status", s->status, sizeof(s->status));
  api_in_bool(&in, "applications_open", &s->applications_open);
  api_in_bool(&in, "signups_open", &s->signups_open);
  read_codes(r, &in, "courses", s->courses, &s->ncourses);
  read_codes(r, &in, "faculties", s->faculties, &s->nfaculties);
  if (!api_in_done(r, &in))
    return 0;
  if ((rc = scheme_create(r->db, api_by_key(r) ? 0 : r->session.user.id, r->ip,
                          s, &id, &why)))
    return api_invalid(r, rc, &why);
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  response_header(
      r, "Location",
      arena_printf(&r->arena, "/api/v1/schemes/%lld", (long long)id));
  return api_send(r, 201, scheme_json(r, s));
}
