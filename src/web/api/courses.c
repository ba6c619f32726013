/* web/api/courses.c: /api/v1/courses: list (by faculty, cursor paging),
 * get, create, update. Courses are not personal data: any staff session
 * or key reads them. */
#include "base/str.h"
#include "domain/people.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static json_t *course_json(const struct course_row *c)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:b}", "id",
                   (json_int_t)c->id, "code", c->code, "title", c->title,
                   "faculty_code", c->faculty_code, "level", c->level,
                   "years", c->years, "campus", c->campus, "active",
                   c->active);
}

/* The domain calls the faculty field "faculty"; the API "faculty_code". */
static int invalid(struct request *r, int rc, struct err_detail *why)
{
  if (str_eq(why->field, "faculty"))
    str_copy(why->field, sizeof(why->field), "faculty_code");
  return api_invalid(r, rc, why);
}

int api_courses_list(struct request *r)
{
  const char *faculty = query_value(r, "faculty");
  struct course_row *rows;
  int64_t after, faculty_id = 0;
  json_t *items;
  int limit, n, rc;

  if (*faculty) {
    struct faculty_row f;

    rc = store_faculty_by_code(r->db, faculty, &f);
    if (rc == ERR_NOTFOUND)
      return api_problem(r, 400, "There is no faculty with that code.",
                         json_pack("[{s:s, s:s}]", "field", "faculty",
                                   "detail", "No such faculty."));
    if (rc)
      return rc;
    faculty_id = f.id;
  }
  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = store_course_list(r->db, faculty_id, after, limit + 1, rows, &n)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, course_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

static int load(struct request *r, struct course_row *c)
{
  int64_t id = request_param_id(r, 0);

  return id ? store_course_get(r->db, id, c) : ERR_NOTFOUND;
}

int api_courses_get(struct request *r)
{
  struct course_row c;
  int rc = load(r, &c);

  return rc ? rc : api_send(r, 200, course_json(&c));
}

static void read_course(struct api_in *in, struct course_row *c)
{
  char faculty[P_CODE];

  api_in_str(in, "title", c->title, sizeof(c->title));
  str_copy(faculty, sizeof(faculty), c->faculty_code);
  api_in_str(in, "faculty_code", faculty, sizeof(faculty));
  if (!str_eq(faculty, c->faculty_code)) {
    /* course_validate resolves the code when faculty_id is 0. */
    str_copy(c->faculty_code, sizeof(c->faculty_code), faculty);
    c->faculty_id = 0;
  }
  api_in_str(in, "level", c->level, sizeof(c->level));
  api_in_int(in, "years", 1, 8, &c->years);
  api_in_str(in, "campus", c->campus, sizeof(c->campus));
  api_in_bool(in, "active", &c->active);
}

int api_courses_create(struct request *r)
{
  struct err_detail why = {"", ""};
  struct course_row c, old;
  struct api_in in;
  int rc;

  memset(&c, 0, sizeof(c));
  c.active = true;
  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "code", c.code, sizeof(c.code));
  read_course(&in, &c);
  if (!api_in_done(r, &in))
    return 0;
  rc = c.code[0] ? store_course_by_code(r->db, c.code, &old) : ERR_NOTFOUND;
  if (rc == 0)
    return api_problem(r, 409, "A course with that code already exists: "
                               "update it with PATCH.", NULL);
  if (rc != ERR_NOTFOUND)
    return rc;
  if ((rc = course_save(r->db, &c, NULL, &why)))
    return invalid(r, rc, &why);
  if ((rc = store_course_get(r->db, c.id, &c)))
    return rc;
  response_header(r, "Location", arena_printf(&r->arena,
                                              "/api/v1/courses/%lld",
                                              (long long)c.id));
  return api_send(r, 201, course_json(&c));
}

int api_courses_update(struct request *r)
{
  struct err_detail why = {"", ""};
  struct course_row c;
  char code[P_CODE];
  struct api_in in;
  int rc = load(r, &c);

  if (rc)
    return rc;
  if (!api_in_begin(r, &in))
    return 0;
  str_copy(code, sizeof(code), c.code);
  api_in_str(&in, "code", code, sizeof(code));
  if (!str_eq(code, c.code))
    api_in_fail(&in, "code", "The course code identifies the course and "
                             "cannot be changed.");
  read_course(&in, &c);
  if (!api_in_done(r, &in))
    return 0;
  if ((rc = course_save(r->db, &c, NULL, &why)))
    return invalid(r, rc, &why);
  if ((rc = store_course_get(r->db, c.id, &c)))
    return rc;
  return api_send(r, 200, course_json(&c));
}
