/* web/api/faculties.c: /api/v1/faculties: list (cursor paging), get,
 * create, update. */
#include "base/str.h"
#include "domain/people.h"
#include "web/api/api.h"
#include "web/api/resources.h"

#include <string.h>

static json_t *faculty_json(const struct faculty_row *f)
{
  return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)f->id, "code",
                   f->code, "name", f->name);
}

int api_faculties_list(struct request *r)
{
  struct faculty_row *rows;
  json_t *items;
  int64_t after;
  int limit, n, rc;

  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = store_faculty_list(r->db, after, limit + 1, rows, &n)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, faculty_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

static int load(struct request *r, struct faculty_row *f)
{
  int64_t id = request_param_id(r, 0);

  return id ? store_faculty_get(r->db, id, f) : ERR_NOTFOUND;
}

int api_faculties_get(struct request *r)
{
  struct faculty_row f;
  int rc = load(r, &f);

  return rc ? rc : api_send(r, 200, faculty_json(&f));
}

int api_faculties_create(struct request *r)
{
  struct err_detail why = {"", ""};
  struct faculty_row f, old;
  struct api_in in;
  int rc;

  memset(&f, 0, sizeof(f));
  if (!api_in_begin(r, &in))
    return 0;
  api_in_str(&in, "code", f.code, sizeof(f.code));
  api_in_str(&in, "name", f.name, sizeof(f.name));
  if (!api_in_done(r, &in))
    return 0;
  rc = f.code[0] ? store_faculty_by_code(r->db, f.code, &old) : ERR_NOTFOUND;
  if (rc == 0)
    return api_problem(r, 409, "A faculty with that code already exists: "
                               "update it with PATCH.", NULL);
  if (rc != ERR_NOTFOUND)
    return rc;
  if ((rc = faculty_save(r->db, &f, NULL, &why)))
    return api_invalid(r, rc, &why);
  response_header(r, "Location", arena_printf(&r->arena,
                                              "/api/v1/faculties/%lld",
                                              (long long)f.id));
  return api_send(r, 201, faculty_json(&f));
}

int api_faculties_update(struct request *r)
{
  struct err_detail why = {"", ""};
  struct faculty_row f;
  char code[P_CODE];
  struct api_in in;
  int rc = load(r, &f);

  if (rc)
    return rc;
  if (!api_in_begin(r, &in))
    return 0;
  str_copy(code, sizeof(code), f.code);
  api_in_str(&in, "code", code, sizeof(code));
  if (!str_eq(code, f.code))
    api_in_fail(&in, "code", "The faculty code identifies the faculty and "
                             "cannot be changed.");
  api_in_str(&in, "name", f.name, sizeof(f.name));
  if (!api_in_done(r, &in))
    return 0;
  if ((rc = faculty_save(r->db, &f, NULL, &why)))
    return api_invalid(r, rc, &why);
  return api_send(r, 200, faculty_json(&f));
}
