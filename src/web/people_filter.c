#include "web/people_filter.h"

#include "base/str.h"
#include "domain/people.h"
#include "web/html.h"

#include <string.h>

int people_filter_parse(struct request *r, struct student_filter *f,
                        struct err_detail *why)
{
  const char *course = query_value(r, "course");
  const char *faculty = query_value(r, "faculty");
  const char *year = query_value(r, "year");
  const char *status = query_value(r, "status");
  int64_t y, scope;
  int rc;

  memset(f, 0, sizeof(*f));
  if (r->api_key_id) {
    scope = 0; /* keys are made by administrators and see everyone */
  } else {
    if (!r->signed_in)
      return ERR_PERM;
    if ((rc = people_scope(r->db, &r->session.user, &scope)))
      return rc;
  }
  f->staff_scope_id = scope;
  str_copy(f->q, sizeof(f->q), query_value(r, "q"));
  str_trim(f->q);
  f->include_inactive = str_eq(query_value(r, "inactive"), "1");
  if (*course) {
    struct course_row c;

    rc = course_by_code(r->db, course, &c);
    if (rc == ERR_NOTFOUND)
      return err_set(why, ERR_INPUT, "course", "There is no course with that "
                                               "code.");
    if (rc)
      return rc;
    f->course_id = c.id;
  }
  if (*faculty) {
    struct faculty_row fa;

    rc = faculty_by_code(r->db, faculty, &fa);
    if (rc == ERR_NOTFOUND)
      return err_set(why, ERR_INPUT, "faculty", "There is no faculty with "
                                                "that code.");
    if (rc)
      return rc;
    f->faculty_id = fa.id;
  }
  if (*year) {
    if (!str_to_i64(year, 0, 8, &y))
      return err_set(why, ERR_INPUT, "year", "The year of study is a number "
                                             "from 0 to 8.");
    f->year_of_study = (int)y;
  }
  if (*status) {
    if (!status_valid(status))
      return err_set(why, ERR_INPUT, "status", "Choose a status from the "
                                               "list.");
    str_copy(f->status, sizeof(f->status), status);
  }
  return 0;
}

const char *people_filter_query(struct request *r)
{
  static const char *const keys[] = {"q",    "course", "faculty",
                                     "year", "status", "inactive"};
  struct buf b;
  const char *out;

  buf_init(&b, 4096);
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    const char *v = query_value(r, keys[i]);

    if (!*v)
      continue;
    if (b.len)
      buf_putc(&b, '&');
    buf_puts(&b, keys[i]);
    buf_putc(&b, '=');
    url_encode(&b, v);
  }
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}
