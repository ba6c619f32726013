/* pages/people.c: the coordinators' people pages: search and filter,
 * a person's page, editing the record, deactivating, bulk actions on a
 * filtered list, and erasure. Champions see their courses' students. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/access.h"
#include "domain/people.h"
#include "web/fields.h"
#include "web/pages.h"
#include "web/people_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PEOPLE_PAGE = 50, COURSES_MAX = 400, FACULTIES_MAX = 64 };

static const struct option status_options[] = {
    {"incoming", "Incoming (offer holder)"}, {"enrolled", "Enrolled"},
    {"interrupted", "Interrupted"},          {"withdrawn", "Withdrawn"},
    {"graduated", "Graduated (alumni)"},
};
static const struct option mode_options[] = {
    {"full_time", "Full time"}, {"part_time", "Part time"}};
static const struct option fee_options[] = {
    {"home", "Home"}, {"international", "International"}};

static bool may_change(struct request *r)
{
  return access_has_role(&r->session.user, ROLE_ADMIN | ROLE_COORDINATOR);
}

/* <option>s of every course ("" first: any), selected by code. */
static void course_select(struct request *r, const char *name,
                          const char *label, const char *any,
                          const char *selected, const struct err_detail *why)
{
  struct course_row *rows = calloc(COURSES_MAX, sizeof(*rows));
  struct option *opts = arena_alloc(&r->arena,
                                    sizeof(*opts) * (COURSES_MAX + 1));
  int n = 0, k = 0;

  opts[k++] = (struct option){"", any};
  if (courses_list(r->db, 0, 0, COURSES_MAX, rows, &n) == 0) {
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){
          arena_strdup(&r->arena, rows[i].code),
          arena_printf(&r->arena, "%s – %s", rows[i].code, rows[i].title)};
  }
  free(rows);
  field_select(r, name, label, NULL, opts, k, selected, why);
}

static void faculty_select(struct request *r, const char *selected)
{
  struct faculty_row rows[FACULTIES_MAX];
  struct option opts[FACULTIES_MAX + 1];
  int n = 0, k = 0;

  opts[k++] = (struct option){"", "Any faculty"};
  if (faculties_list(r->db, rows, FACULTIES_MAX, &n) == 0)
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){arena_strdup(&r->arena, rows[i].code),
                                  arena_strdup(&r->arena, rows[i].name)};
  field_select(r, "faculty", "Faculty", NULL, opts, k, selected, NULL);
}

static void filter_form(struct request *r, const struct err_detail *why)
{
  static const struct option years[] = {
      {"", "Any year"}, {"1", "Year 1"}, {"2", "Year 2"}, {"3", "Year 3"},
      {"4", "Year 4"},  {"5", "Year 5"}, {"0", "Not yet started (0)"}};
  struct option statuses[6] = {{"", "Any status"}};

  memcpy(statuses + 1, status_options, sizeof(status_options));
  H(&r->out, "<form method=\"get\" action=\"/people\" class=\"filters\">\n");
  field_input(r,
              &(struct field){.name = "q", .label = "Name, number or email",
                              .type = "search", .value = query_value(r, "q")},
              why);
  course_select(r, "course", "Course", "Any course", query_value(r, "course"),
                why);
  faculty_select(r, query_value(r, "faculty"));
  field_select(r, "year", "Year of study", NULL, years, 7,
               query_value(r, "year"), why);
  field_select(r, "status", "Status", NULL, statuses, 6,
               query_value(r, "status"), why);
  html_printf(&r->out,
              "<div class=\"field checkboxes\"><input type=\"checkbox\" "
              "id=\"inactive\" name=\"inactive\" value=\"1\"%s><label "
              "for=\"inactive\">Include deactivated people</label></div>\n",
              str_eq(query_value(r, "inactive"), "1") ? " checked" : "");
  H(&r->out, "<div><button type=\"submit\">Search</button> "
             "<a href=\"/people\">Clear</a></div>\n</form>\n");
}

int page_people(struct request *r)
{
  struct err_detail why = {"", ""};
  struct student_filter f;
  struct student_brief *rows =
      arena_alloc(&r->arena, sizeof(*rows) * PEOPLE_PAGE);
  int page = page_number(r), n = 0, rc;
  int64_t total = 0;
  const char *query;

  rc = people_filter_parse(r, &f, &why);
  if (rc && rc != ERR_INPUT)
    return rc;
  if (rc == 0 && (rc = people_search(r->db, &f, -1, (page - 1) * PEOPLE_PAGE,
                                     PEOPLE_PAGE, rows, &n, &total)))
    return rc;
  query = people_filter_query(r);
  page_begin(r, "People");
  H(&r->out, "<h1>People</h1>\n");
  if (f.staff_scope_id > 0)
    H(&r->out, "<p class=\"lead\">Students of the courses you teach.</p>\n");
  else if (f.staff_scope_id < 0)
    H(&r->out, "<p class=\"lead\">You will see the students of the courses "
               "you teach once the Peer Mentoring Team links your staff "
               "record to them.</p>\n");
  error_summary(r, &why);
  if (may_change(r))
    H(&r->out, "<p><a href=\"/people/import\">Import from the student record "
               "system</a></p>\n");
  filter_form(r, &why);
  html_printf(&r->out, "<p role=\"status\">%lld %s.", (long long)total,
              plural(total, "person", "people"));
  if (total)
    html_printf(&r->out, " Download as <a href=\"/people/export.csv?%s\">CSV"
                         "</a> or <a href=\"/people/export.xlsx?%s\">Excel</a>.",
                query, query);
  H(&r->out, "</p>\n");
  if (n) {
    table_begin(r, "People found");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Number</th><th scope=\"col\">Course</th><th scope=\"col\">"
               "Year</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      const struct student_brief *b = &rows[i];

      html_printf(&r->out,
                  "<tr><td><a href=\"/people/%lld\">%s</a>%s%s%s</td>"
                  "<td>%s</td><td>%s</td><td>%d</td><td>%s%s</td></tr>\n",
                  (long long)b->id, b->legal_name[0] ? b->legal_name : "(erased)",
                  b->preferred_name[0] ? " (" : "", b->preferred_name,
                  b->preferred_name[0] ? ")" : "", b->number, b->course_code,
                  b->year_of_study, status_label(b->status),
                  b->active ? "" : ", deactivated");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  pager(r, query[0] ? arena_printf(&r->arena, "/people?%s", query) : "/people",
        page, PEOPLE_PAGE, total);
  if (total && may_change(r)) {
    html_printf(&r->out,
                "<h2>Everyone in this list</h2>\n"
                "<form method=\"post\" action=\"/people/bulk?%s\" "
                "data-confirm=\"Change all %lld people in this list?\">"
                "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
                query, (long long)total, request_csrf(r));
    field_select(r, "action", "Action", NULL,
                 (const struct option[]){{"deactivate", "Deactivate them"},
                                         {"activate", "Reactivate them"}},
                 2, NULL, NULL);
    html_printf(&r->out, "<button type=\"submit\">Apply to %lld %s</button>"
                         "</form>\n",
                (long long)total, plural(total, "person", "people"));
  }
  return page_end(r);
}

int page_people_bulk_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct student_filter f;
  const char *action = form_value(r, "action");
  int count, rc;

  if (!str_eq(action, "deactivate") && !str_eq(action, "activate"))
    return ERR_INPUT;
  if ((rc = people_filter_parse(r, &f, &why)))
    return rc;
  if ((rc = people_bulk_set_active(r->db, r->session.user.id, r->ip, &f,
                                   str_eq(action, "activate"), &count)))
    return rc;
  page_begin(r, "People changed");
  html_printf(&r->out,
              "<h1>People changed</h1>\n<div class=\"notice\" role=\"status\">"
              "<p>%d %s %s.</p></div>\n<p><a href=\"/people?%s\">Back to the "
              "list</a></p>\n",
              count, plural(count, "person", "people"),
              str_eq(action, "activate") ? "reactivated" : "deactivated",
              people_filter_query(r));
  return page_end(r);
}

/* ----------------------------------------------------------- one person */

static const char *const days[] = {"Monday", "Tuesday", "Wednesday",
                                   "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const parts[] = {"Morning", "Afternoon", "Evening"};

static void availability_table(struct request *r, unsigned bits)
{
  table_begin(r, "Availability");
  H(&r->out, "<thead><tr><td></td>");
  for (int p = 0; p < 3; p++)
    html_printf(&r->out, "<th scope=\"col\">%s</th>", parts[p]);
  H(&r->out, "</tr></thead><tbody>\n");
  for (int d = 0; d < 7; d++) {
    html_printf(&r->out, "<tr><th scope=\"row\">%s</th>", days[d]);
    for (int p = 0; p < 3; p++)
      html_printf(&r->out, "<td>%s</td>",
                  bits & (1u << (d * 3 + p)) ? "Available" : "—");
    H(&r->out, "</tr>\n");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

/* The student's interests, by name. */
static void interest_names(struct request *r, const struct student_row *s)
{
  enum { MAX = 200 };
  struct interest_row *all = arena_alloc(&r->arena, sizeof(*all) * MAX);
  int n = 0, shown = 0;

  if (!s->ninterests || interests_list(r->db, all, MAX, &n))
    return;
  H(&r->out, "<p>Interests: ");
  for (int i = 0; i < n; i++)
    for (int j = 0; j < s->ninterests; j++)
      if (all[i].id == s->interests[j]) {
        html_printf(&r->out, "<span class=\"tag\">%s</span>", all[i].name);
        shown++;
      }
  if (!shown)
    H(&r->out, "none");
  H(&r->out, "</p>\n");
}

static void summary_row(struct request *r, const char *label,
                        const char *value)
{
  html_printf(&r->out, "<dt>%s</dt><dd>%s</dd>\n", label,
              value && *value ? value : "—");
}

static int person_page(struct request *r, int64_t id, const char *notice)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  bool coordinator = may_change(r);
  int rc = people_get(r->db, &r->session.user, id, s);
  char buf[64];

  if (rc)
    return rc;
  page_begin(r, s->erased_at ? "Erased record" : s->legal_name);
  if (s->erased_at) {
    clock_format(s->erased_at, buf, sizeof(buf));
    html_printf(&r->out, "<h1>Erased record</h1>\n<p>This person's personal "
                         "data was erased on %s UTC. The record is kept, "
                         "without anything that identifies them, so that "
                         "counts stay right.</p>\n",
                buf);
    return page_end(r);
  }
  html_printf(&r->out, "<h1>%s</h1>\n", student_display_name(s));
  if (notice)
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", notice);
  if (!s->active)
    H(&r->out, "<p><strong>This person is deactivated.</strong></p>\n");
  H(&r->out, "<h2>Student record</h2>\n<dl class=\"summary\">\n");
  summary_row(r, "Student number", s->number);
  summary_row(r, "Legal name", s->legal_name);
  summary_row(r, "Preferred name", s->preferred_name);
  summary_row(r, "Pronouns", s->pronouns);
  summary_row(r, "University email", s->university_email);
  if (coordinator)
    summary_row(r, "Personal email", s->personal_email);
  summary_row(r, "Course",
              s->course_code[0] ? arena_printf(&r->arena, "%s – %s",
                                               s->course_code, s->course_title)
                                : "");
  summary_row(r, "Faculty", s->faculty_name);
  snprintf(buf, sizeof(buf), "%d", s->year_of_study);
  summary_row(r, "Year of study", buf);
  summary_row(r, "Study mode",
              str_eq(s->study_mode, "part_time") ? "Part time" : "Full time");
  summary_row(r, "Status", status_label(s->status));
  if (s->graduated_on[0])
    summary_row(r, "Graduated", s->graduated_on);
  summary_row(r, "Home country", s->home_country);
  summary_row(r, "Fee status",
              str_eq(s->fee_status, "international") ? "International"
                                                     : "Home");
  summary_row(r, "Campus", s->campus);
  H(&r->out, "<dt>Languages</dt><dd>");
  for (int i = 0; i < s->nlanguages; i++)
    html_printf(&r->out, "%s%s%s", i ? ", " : "", s->languages[i].code,
                s->languages[i].first ? " (first language)" : "");
  if (!s->nlanguages)
    H(&r->out, "—");
  H(&r->out, "</dd>\n");
  H(&r->out, "</dl>\n");

  html_printf(&r->out, "<h2>Completed years</h2>\n<p>%d successful %s of "
                       "study.</p>\n",
              student_successful_years(s),
              student_successful_years(s) == 1 ? "year" : "years");
  if (s->nyears) {
    table_begin(r, "Completed years");
    H(&r->out, "<thead><tr><th scope=\"col\">Academic year</th><th "
               "scope=\"col\">Year of study</th><th scope=\"col\">Outcome</th>"
               "</tr></thead><tbody>\n");
    for (int i = 0; i < s->nyears; i++)
      html_printf(&r->out, "<tr><td>%s</td><td>%d</td><td>%s</td></tr>\n",
                  s->years[i].academic_year, s->years[i].year_of_study,
                  s->years[i].outcome);
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  H(&r->out, "<h2>Profile</h2>\n");
  html_printf(&r->out, "<p>%s</p>\n", s->bio[0] ? s->bio : "No bio yet.");
  interest_names(r, s);
  availability_table(r, s->availability);
  /* Self-declared characteristics: coordinators only (none reach a
   * champion), and only those the student consented to share. */
  if (coordinator && s->ncharacteristics) {
    H(&r->out, "<h2>Shared with consent</h2>\n<ul>\n");
    for (int i = 0; i < s->ncharacteristics; i++)
      html_printf(&r->out, "<li>%s (visible to %s)</li>\n",
                  characteristic_label(s->characteristics[i].kind),
                  str_eq(s->characteristics[i].visible_to, "coordinators")
                      ? "coordinators"
                      : "coordinators and their mentor");
    H(&r->out, "</ul>\n");
  }
  /* Their training record (a student without an account has none). */
  if (s->user_id && (rc = training_record_section(r, s->user_id, false)))
    return rc;
  if (coordinator) {
    H(&r->out, "<h2>Manage</h2>\n");
    html_printf(&r->out, "<p><a class=\"button\" href=\"/people/%lld/edit\">"
                         "Edit the record</a></p>\n",
                (long long)s->id);
    html_printf(&r->out,
                "<form method=\"post\" action=\"/people/%lld/active\">"
                "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
                "<input type=\"hidden\" name=\"active\" value=\"%d\">",
                (long long)s->id, request_csrf(r), s->active ? 0 : 1);
    if (s->active)
      H(&r->out, "<button type=\"submit\">Deactivate</button></form>\n");
    else
      H(&r->out, "<button type=\"submit\">Reactivate</button></form>\n");
  }
  if (access_has_role(&r->session.user, ROLE_ADMIN))
    html_printf(&r->out,
                "<form method=\"post\" action=\"/people/%lld/erase\" "
                "data-confirm=\"Erase this person's personal data? This "
                "cannot be undone.\"><input type=\"hidden\" name=\"_csrf\" "
                "value=\"%s\"><button type=\"submit\">Erase personal "
                "data</button></form>\n",
                (long long)s->id, request_csrf(r));
  H(&r->out, "<p><a href=\"/people\">All people</a></p>\n");
  return page_end(r);
}

int page_person(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? person_page(r, id, NULL) : ERR_NOTFOUND;
}

int page_person_active_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  bool active = str_eq(form_value(r, "active"), "1");
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = people_set_active(r->db, r->session.user.id, r->ip, id, active)))
    return rc;
  return person_page(r, id, active ? "Reactivated." : "Deactivated.");
}

int page_person_erase_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = people_erase(r->db, r->session.user.id, r->ip, id)))
    return rc;
  return person_page(r, id, NULL);
}

/* ------------------------------------------------------------------ edit */

static int edit_form(struct request *r, const struct student_row *s,
                     const struct err_detail *why)
{
  static const struct option years[] = {{"0", "0"}, {"1", "1"}, {"2", "2"},
                                        {"3", "3"}, {"4", "4"}, {"5", "5"},
                                        {"6", "6"}, {"7", "7"}, {"8", "8"}};
  char year[4];

  snprintf(year, sizeof(year), "%d", s->year_of_study);
  page_begin(r, arena_printf(&r->arena, "Edit %s", s->legal_name));
  html_printf(&r->out, "<h1>Edit %s</h1>\n<p>Student number %s.</p>\n",
              s->legal_name, s->number);
  error_summary(r, why);
  form_begin(r, arena_printf(&r->arena, "/people/%lld/edit", (long long)s->id));
#define TEXT(n, l, v, h)                                                       \
  field_input(r, &(struct field){.name = n, .label = l, .type = "text",        \
                                 .value = v, .hint = h},                       \
              why)
  TEXT("legal_name", "Legal name", s->legal_name, NULL);
  TEXT("preferred_name", "Preferred name", s->preferred_name, NULL);
  TEXT("pronouns", "Pronouns", s->pronouns, NULL);
  field_input(r,
              &(struct field){.name = "university_email",
                              .label = "University email", .type = "email",
                              .value = s->university_email},
              why);
  field_input(r,
              &(struct field){.name = "personal_email",
                              .label = "Personal email", .type = "email",
                              .value = s->personal_email},
              why);
  course_select(r, "course_code", "Course", "No course", s->course_code, why);
  field_select(r, "year_of_study", "Year of study", NULL, years, 9, year, why);
  field_select(r, "study_mode", "Study mode", NULL, mode_options, 2,
               s->study_mode, why);
  field_select(r, "status", "Status", NULL, status_options, 5, s->status, why);
  TEXT("graduated_on", "Graduated on", s->graduated_on,
       "For alumni: the date, like 2025-07-15.");
  TEXT("home_country", "Home country", s->home_country,
       "The ISO 3166 code, like GB, NG or CN.");
  field_select(r, "fee_status", "Fee status", NULL, fee_options, 2,
               s->fee_status, why);
  TEXT("campus", "Campus", s->campus, NULL);
#undef TEXT
  html_printf(&r->out, "<button type=\"submit\">Save</button> <a "
                       "href=\"/people/%lld\">Cancel</a>\n</form>\n",
              (long long)s->id);
  return page_end(r);
}

int page_person_edit(struct request *r)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = people_get(r->db, &r->session.user, id, s)))
    return rc;
  if (s->erased_at)
    return ERR_NOTFOUND;
  return edit_form(r, s, NULL);
}

int page_person_edit_post(struct request *r)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  int64_t id = request_param_id(r, 0), year;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = people_get(r->db, &r->session.user, id, s)))
    return rc;
#define SET(f, n) str_copy(s->f, sizeof(s->f), form_value(r, n))
  SET(legal_name, "legal_name");
  SET(preferred_name, "preferred_name");
  SET(pronouns, "pronouns");
  SET(university_email, "university_email");
  SET(personal_email, "personal_email");
  SET(course_code, "course_code");
  SET(study_mode, "study_mode");
  SET(status, "status");
  SET(graduated_on, "graduated_on");
  SET(home_country, "home_country");
  SET(fee_status, "fee_status");
  SET(campus, "campus");
#undef SET
  s->course_id = 0; /* found again from the code */
  if (!str_to_i64(form_value(r, "year_of_study"), 0, 8, &year)) {
    err_set(&why, ERR_INPUT, "year_of_study", "Choose the year of study.");
    r->status = 400;
    return edit_form(r, s, &why);
  }
  s->year_of_study = (int)year;
  rc = people_edit_record(r->db, r->session.user.id, r->ip, s, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_INPUT ? 400 : 409;
    return edit_form(r, s, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/people/%lld", (long long)id));
}
