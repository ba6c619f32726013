/* web/api/people.c: /api/v1/people, the students: list (the people
 * filter, cursor paging), get, create, update. A session sees its scope
 * (a champion: the students of the courses they teach); an API key, made
 * by an administrator, sees everyone. */
#include "base/str.h"
#include "domain/people.h"
#include "web/api/api.h"
#include "web/api/resources.h"
#include "web/people_filter.h"

#include <string.h>

static json_t *opt_str(const char *s)
{
  return s[0] ? json_string(s) : json_null();
}

static json_t *brief_json(const struct student_brief *b)
{
  return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:i, s:s, s:b}",
                   "id", (json_int_t)b->id, "student_number", b->number,
                   "legal_name", b->legal_name, "preferred_name",
                   opt_str(b->preferred_name), "university_email",
                   b->university_email, "course_code", opt_str(b->course_code),
                   "faculty_code", opt_str(b->faculty_code), "year_of_study",
                   b->year_of_study, "status", b->status, "active", b->active);
}

static json_t *student_json(const struct student_row *s)
{
  json_t *langs = json_array(), *years = json_array();
  json_t *o;

  for (int i = 0; i < s->nlanguages; i++)
    json_array_append_new(langs, json_pack("{s:s, s:b}", "code",
                                           s->languages[i].code, "first",
                                           s->languages[i].first));
  for (int i = 0; i < s->nyears; i++)
    json_array_append_new(years,
                          json_pack("{s:s, s:i, s:s}", "academic_year",
                                    s->years[i].academic_year,
                                    "year_of_study", s->years[i].year_of_study,
                                    "outcome", s->years[i].outcome));
  o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:i,"
                " s:s, s:s, s:o}",
                "id", (json_int_t)s->id, "student_number", s->number,
                "legal_name", s->legal_name, "preferred_name",
                opt_str(s->preferred_name), "pronouns", opt_str(s->pronouns),
                "university_email", s->university_email, "personal_email",
                opt_str(s->personal_email), "course_code",
                opt_str(s->course_code), "course_title",
                opt_str(s->course_title), "faculty_code",
                opt_str(s->faculty_code), "year_of_study", s->year_of_study,
                "study_mode", s->study_mode, "status", s->status,
                "graduated_on", opt_str(s->graduated_on));
  json_object_set_new(o, "home_country", opt_str(s->home_country));
  json_object_set_new(o, "fee_status", opt_str(s->fee_status));
  json_object_set_new(o, "campus", opt_str(s->campus));
  json_object_set_new(o, "languages", langs);
  json_object_set_new(o, "completed_years", years);
  json_object_set_new(o, "active", json_boolean(s->active));
  json_object_set_new(o, "created_at", json_integer(s->created_at));
  json_object_set_new(o, "updated_at", json_integer(s->updated_at));
  return o;
}

int api_people_list(struct request *r)
{
  struct err_detail why = {"", ""};
  struct student_filter f;
  struct student_brief *rows;
  json_t *items;
  int64_t after;
  int limit, n, rc;

  rc = people_filter_parse(r, &f, &why);
  if (rc == ERR_INPUT)
    return api_problem(r, 400, why.msg,
                       json_pack("[{s:s, s:s}]", "field", why.field, "detail",
                                 why.msg));
  if (rc)
    return rc;
  if (!api_page(r, &limit, &after))
    return 0;
  rows = arena_alloc(&r->arena, sizeof(*rows) * (size_t)(limit + 1));
  if ((rc = people_search(r->db, &f, after, 0, limit + 1, rows, &n, NULL)))
    return rc;
  items = json_array();
  for (int i = 0; i < n && i < limit; i++)
    json_array_append_new(items, brief_json(&rows[i]));
  return api_send(r, 200, api_list(items, n > limit ? rows[limit - 1].id : 0));
}

/* The student at {id}, if the caller may see them. */
static int load(struct request *r, struct student_row *s)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_student_get(r->db, id, s)))
    return rc;
  if (s->erased_at)
    return ERR_NOTFOUND;
  return api_by_key(r) ? 0 : people_may_see(r->db, &r->session.user, s);
}

int api_people_get(struct request *r)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = load(r, s);

  return rc ? rc : api_send(r, 200, student_json(s));
}

/* Overlay the fields given in in onto s. */
static void read_student(struct api_in *in, struct student_row *s)
{
  char course[P_CODE];
  json_t *v;

  api_in_str(in, "legal_name", s->legal_name, sizeof(s->legal_name));
  api_in_str(in, "preferred_name", s->preferred_name,
             sizeof(s->preferred_name));
  api_in_str(in, "pronouns", s->pronouns, sizeof(s->pronouns));
  api_in_str(in, "university_email", s->university_email,
             sizeof(s->university_email));
  api_in_str(in, "personal_email", s->personal_email,
             sizeof(s->personal_email));
  str_copy(course, sizeof(course), s->course_code);
  api_in_str(in, "course_code", course, sizeof(course));
  if (!str_eq(course, s->course_code)) {
    /* student_validate resolves the code when course_id is 0. */
    str_copy(s->course_code, sizeof(s->course_code), course);
    s->course_id = 0;
  }
  api_in_int(in, "year_of_study", 0, 8, &s->year_of_study);
  api_in_str(in, "study_mode", s->study_mode, sizeof(s->study_mode));
  api_in_str(in, "status", s->status, sizeof(s->status));
  api_in_str(in, "graduated_on", s->graduated_on, sizeof(s->graduated_on));
  api_in_str(in, "home_country", s->home_country, sizeof(s->home_country));
  api_in_str(in, "fee_status", s->fee_status, sizeof(s->fee_status));
  api_in_str(in, "campus", s->campus, sizeof(s->campus));
  api_in_bool(in, "active", &s->active);
  if (api_in_has(in, "languages")) {
    size_t i;

    v = json_object_get(in->obj, "languages");
    if (!json_is_array(v) || json_array_size(v) > P_LANGS_MAX) {
      api_in_fail(in, "languages", "An array of at most 8 {\"code\", "
                                   "\"first\"} objects.");
    } else {
      json_t *l;

      s->nlanguages = 0;
      json_array_foreach(v, i, l)
      {
        const char *code = NULL;
        int first = 0;

        if (json_unpack(l, "{s:s, s?b !}", "code", &code, "first", &first) ||
            strlen(code) >= sizeof(s->languages[0].code)) {
          api_in_fail(in, "languages", "Each language is {\"code\": \"en\", "
                                       "\"first\": true}.");
          break;
        }
        str_copy(s->languages[s->nlanguages].code,
                 sizeof(s->languages[0].code), code);
        s->languages[s->nlanguages++].first = first;
      }
    }
  }
  if (api_in_has(in, "completed_years")) {
    size_t i;

    v = json_object_get(in->obj, "completed_years");
    if (!json_is_array(v) || json_array_size(v) > P_YEARS_MAX) {
      api_in_fail(in, "completed_years", "An array of at most 12 completed "
                                         "years.");
    } else {
      json_t *y;

      s->nyears = 0;
      json_array_foreach(v, i, y)
      {
        struct year_row *yr = &s->years[s->nyears];
        const char *ay = NULL, *outcome = NULL;
        int year = 0;

        if (json_unpack(y, "{s:s, s:i, s:s !}", "academic_year", &ay,
                        "year_of_study", &year, "outcome", &outcome) ||
            !str_copy(yr->academic_year, sizeof(yr->academic_year), ay) ||
            !str_copy(yr->outcome, sizeof(yr->outcome), outcome)) {
          api_in_fail(in, "completed_years",
                      "Each year is {\"academic_year\": \"2024/25\", "
                      "\"year_of_study\": 1, \"outcome\": \"progressed\"}.");
          break;
        }
        yr->year_of_study = year;
        s->nyears++;
      }
    }
  }
}

int api_people_create(struct request *r)
{
  struct err_detail why = {"", ""};
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct student_row *old = arena_alloc(&r->arena, sizeof(*old));
  struct api_in in;
  int rc;

  if (!api_in_begin(r, &in))
    return 0;
  s->active = true;
  api_in_str(&in, "student_number", s->number, sizeof(s->number));
  read_student(&in, s);
  if (!api_in_done(r, &in))
    return 0;
  if (!s->number[0])
    return api_invalid(r, err_set(&why, ERR_INPUT, "student_number",
                                  "Give the student number."),
                       &why);
  rc = store_student_by_number(r->db, s->number, old);
  if (rc == 0)
    return api_problem(r, 409, "A student with that number already exists: "
                               "update them with PATCH.", NULL);
  if (rc != ERR_NOTFOUND)
    return rc;
  if ((rc = student_save(r->db, s, NULL, &why)))
    return api_invalid(r, rc, &why);
  if ((rc = store_student_get(r->db, s->id, s)))
    return rc;
  response_header(r, "Location", arena_printf(&r->arena, "/api/v1/people/%lld",
                                              (long long)s->id));
  return api_send(r, 201, student_json(s));
}

int api_people_update(struct request *r)
{
  struct err_detail why = {"", ""};
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  char number[P_CODE];
  struct api_in in;
  int rc = load(r, s);

  if (rc)
    return rc;
  if (!api_in_begin(r, &in))
    return 0;
  str_copy(number, sizeof(number), s->number);
  api_in_str(&in, "student_number", number, sizeof(number));
  if (!str_eq(number, s->number))
    api_in_fail(&in, "student_number", "The student number identifies the "
                                       "student and cannot be changed.");
  read_student(&in, s);
  if (!api_in_done(r, &in))
    return 0;
  if ((rc = student_save(r->db, s, NULL, &why)))
    return api_invalid(r, rc, &why);
  if ((rc = store_student_get(r->db, s->id, s)))
    return rc;
  return api_send(r, 200, student_json(s));
}
