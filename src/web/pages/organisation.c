/* pages/organisation.c: the organisation as coordinators keep it: the
 * institution and its terms, faculties, courses, staff and the interests
 * students choose from. Staff may read; coordinators and administrators
 * (the router decides) change. Every form keeps the input and says what is
 * wrong (400). */
#include "base/str.h"
#include "domain/access.h"
#include "domain/organisation.h"
#include "domain/people.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  TERMS_MAX = 64, FACULTIES_MAX = 64, COURSES_MAX = 1000, STAFF_MAX = 200,
  INTERESTS_MAX = 500,
};

static const struct option level_options[] = {
    {"foundation", NULL},
    {"undergraduate", NULL},
    {"postgraduate_taught", NULL},
    {"research", NULL},
};

static bool may_change(struct request *r)
{
  return access_has_role(&r->session.user, ROLE_ADMIN | ROLE_COORDINATOR);
}

/* The value a form shows: what was sent when re-rendering after a
 * mistake, else what is stored. */
static const char *shown(struct request *r, bool posted, const char *name,
                         const char *stored)
{
  return posted ? form_value(r, name) : stored;
}

static void notice(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", text);
}

/* The domain names a record's fields; a page with two forms prefixes one
 * form's names so that every id on the page is unique. */
static void prefix_field(struct err_detail *why, const char *prefix)
{
  struct buf b;

  if (!why->field[0])
    return;
  buf_init(&b, sizeof(why->field) * 2);
  buf_puts(&b, prefix);
  buf_puts(&b, why->field);
  str_copy(why->field, sizeof(why->field), buf_cstr(&b)); /* cut if over */
  buf_free(&b);
}

static void text_field(struct request *r, const char *name, const char *label,
                       const char *type, const char *value, const char *hint,
                       const struct err_detail *why)
{
  field_input(r,
              &(struct field){.name = name, .label = label, .type = type,
                              .value = value, .hint = hint,
                              .autocomplete = "off", .required = true},
              why);
}

static void faculty_options(struct request *r, const char *name,
                            const char *label, const char *any,
                            const char *selected,
                            const struct err_detail *why)
{
  struct faculty_row rows[FACULTIES_MAX];
  struct option opts[FACULTIES_MAX + 1];
  int n = 0, k = 0;

  if (any)
    opts[k++] = (struct option){"", any};
  if (faculties_list(r->db, rows, FACULTIES_MAX, &n) == 0)
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){
          arena_strdup(&r->arena, rows[i].code),
          arena_printf(&r->arena, "%s – %s", rows[i].code, rows[i].name)};
  field_select(r, name, label, NULL, opts, k, selected, why);
}

static void level_select(struct request *r, const char *selected,
                         const struct err_detail *why)
{
  struct option opts[4];

  for (int i = 0; i < 4; i++)
    opts[i] = (struct option){level_options[i].value,
                              level_label(level_options[i].value)};
  field_select(r, "level", "Level", NULL, opts, 4, selected, why);
}

static int input_error(struct request *r, int rc)
{
  r->status = rc == ERR_CONFLICT ? 409 : 400;
  return 0;
}

/* ----------------------------------------------------------- organisation */

static int organisation_page(struct request *r, bool posted_inst,
                             bool posted_term, const struct err_detail *why)
{
  struct institution_row inst = {"", "", ""};
  struct term_row *terms = arena_alloc(&r->arena, sizeof(*terms) * TERMS_MAX);
  int n = 0, rc = institution_get(r->db, &inst);

  if (rc && rc != ERR_NOTFOUND)
    return rc;
  if ((rc = terms_list(r->db, terms, TERMS_MAX, &n)))
    return rc;
  page_begin(r, "Organisation");
  H(&r->out, "<h1>Organisation</h1>\n");
  notice(r, "saved", "The institution has been saved.");
  notice(r, "term", "The term has been saved.");
  error_summary(r, why);
  if (inst.name[0])
    html_printf(&r->out,
                "<dl class=\"summary\"><dt>Institution</dt><dd>%s</dd>"
                "<dt>Academic year</dt><dd>%s to %s</dd></dl>\n",
                inst.name, inst.year_starts_on, inst.year_ends_on);
  else
    H(&r->out, "<p>The institution has not been set up yet.</p>\n");
  H(&r->out, "<nav aria-label=\"The organisation's records\"><ul>"
             "<li><a href=\"/faculties\">Faculties</a></li>"
             "<li><a href=\"/courses\">Courses</a></li>"
             "<li><a href=\"/staff\">Staff</a></li>"
             "<li><a href=\"/interests\">Interests</a></li></ul></nav>\n");

  H(&r->out, "<h2>Terms</h2>\n");
  if (n) {
    table_begin(r, "Terms");
    H(&r->out, "<thead><tr><th scope=\"col\">Term</th><th scope=\"col\">"
               "Starts</th><th scope=\"col\">Ends</th></tr></thead>\n"
               "<tbody>\n");
    for (int i = 0; i < n; i++)
      html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  terms[i].name, terms[i].starts_on, terms[i].ends_on);
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>No terms yet.</p>\n");
  }
  if (!may_change(r))
    return page_end(r);

  H(&r->out, "<h2>Add or change a term</h2>\n<p>A term with the same name is "
             "changed.</p>\n");
  form_begin(r, "/organisation/terms");
  text_field(r, "term_name", "Term name", "text",
             shown(r, posted_term, "term_name", ""), NULL, why);
  text_field(r, "term_starts_on", "Starts on", "date",
             shown(r, posted_term, "term_starts_on", ""), "YYYY-MM-DD", why);
  text_field(r, "term_ends_on", "Ends on", "date",
             shown(r, posted_term, "term_ends_on", ""), "YYYY-MM-DD", why);
  H(&r->out, "<button type=\"submit\">Save the term</button>\n</form>\n");

  H(&r->out, "<h2>Change the institution</h2>\n");
  form_begin(r, "/organisation");
  text_field(r, "name", "Name", "text",
             shown(r, posted_inst, "name", inst.name), NULL, why);
  text_field(r, "year_starts_on", "Academic year starts on", "date",
             shown(r, posted_inst, "year_starts_on", inst.year_starts_on),
             "YYYY-MM-DD", why);
  text_field(r, "year_ends_on", "Academic year ends on", "date",
             shown(r, posted_inst, "year_ends_on", inst.year_ends_on),
             "YYYY-MM-DD", why);
  H(&r->out, "<button type=\"submit\">Save the institution</button>\n"
             "</form>\n");
  return page_end(r);
}

int page_organisation(struct request *r)
{
  return organisation_page(r, false, false, NULL);
}

int page_organisation_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct institution_row in;
  int rc;

  str_copy(in.name, sizeof(in.name), form_value(r, "name"));
  str_copy(in.year_starts_on, sizeof(in.year_starts_on),
           form_value(r, "year_starts_on"));
  str_copy(in.year_ends_on, sizeof(in.year_ends_on),
           form_value(r, "year_ends_on"));
  rc = institution_save(r->db, r->session.user.id, r->ip, &in, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    input_error(r, rc);
    return organisation_page(r, true, false, &why);
  }
  if (rc)
    return rc;
  return redirect(r, "/organisation?saved=1");
}

int page_term_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct term_row t = {0};
  int rc;

  str_copy(t.name, sizeof(t.name), form_value(r, "term_name"));
  str_copy(t.starts_on, sizeof(t.starts_on), form_value(r, "term_starts_on"));
  str_copy(t.ends_on, sizeof(t.ends_on), form_value(r, "term_ends_on"));
  rc = term_save(r->db, r->session.user.id, r->ip, &t, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (rc == ERR_CONFLICT)
      err_set(&why, rc, "name", "That term could not be saved: check its "
                                "dates.");
    prefix_field(&why, "term_");
    input_error(r, rc);
    return organisation_page(r, false, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, "/organisation?term=1");
}

/* -------------------------------------------------------------- faculties */

static int faculties_page(struct request *r, bool posted,
                          const struct err_detail *why)
{
  struct faculty_row rows[FACULTIES_MAX];
  int n = 0, rc = faculties_list(r->db, rows, FACULTIES_MAX, &n);

  if (rc)
    return rc;
  page_begin(r, "Faculties");
  H(&r->out, "<h1>Faculties</h1>\n<p><a href=\"/organisation\">Organisation"
             "</a></p>\n");
  notice(r, "saved", "The faculty has been saved.");
  error_summary(r, why);
  html_printf(&r->out, "<p>%d %s.</p>\n", n, plural(n, "faculty",
                                                     "faculties"));
  if (n) {
    table_begin(r, "Faculties");
    H(&r->out, "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name"
               "</th><th scope=\"col\">Courses</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      int count = 0;

      if ((rc = faculty_course_count(r->db, rows[i].id, &count)))
        return rc;
      html_printf(&r->out,
                  "<tr><td>%s</td><td>%s</td><td><a href=\"/courses?faculty="
                  "%s\">%d</a></td></tr>\n",
                  rows[i].code, rows[i].name, rows[i].code, count);
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  if (may_change(r)) {
    H(&r->out, "<h2>Add or rename a faculty</h2>\n<p>A faculty with the same "
               "code is renamed.</p>\n");
    form_begin(r, "/faculties");
    text_field(r, "code", "Code", "text", shown(r, posted, "code", ""),
               "Up to 16 letters and digits, as in the student record.", why);
    text_field(r, "name", "Name", "text", shown(r, posted, "name", ""), NULL,
               why);
    H(&r->out, "<button type=\"submit\">Save the faculty</button>\n"
               "</form>\n");
  }
  return page_end(r);
}

int page_faculties(struct request *r)
{
  return faculties_page(r, false, NULL);
}

int page_faculties_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct faculty_row f = {0};
  int rc;

  str_copy(f.code, sizeof(f.code), form_value(r, "code"));
  str_copy(f.name, sizeof(f.name), form_value(r, "name"));
  rc = faculty_edit(r->db, r->session.user.id, r->ip, &f, NULL, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (rc == ERR_CONFLICT)
      err_set(&why, rc, "code", "That faculty could not be saved.");
    input_error(r, rc);
    return faculties_page(r, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, "/faculties?saved=1");
}

/* ---------------------------------------------------------------- courses */

/* The course fields of a form, over what c already holds. */
static void course_from_form(struct request *r, struct course_row *c,
                             const char *faculty_field)
{
  int64_t years = 0;

  str_copy(c->title, sizeof(c->title), form_value(r, "title"));
  str_copy(c->faculty_code, sizeof(c->faculty_code),
           form_value(r, faculty_field));
  c->faculty_id = 0;
  str_copy(c->level, sizeof(c->level), form_value(r, "level"));
  c->years = str_to_i64(form_value(r, "years"), 0, 99, &years) ? (int)years
                                                                 : 0;
  str_copy(c->campus, sizeof(c->campus), form_value(r, "campus"));
}

static void course_fields(struct request *r, bool posted,
                          const struct course_row *c, const char *faculty_field,
                          const struct err_detail *why)
{
  text_field(r, "title", "Title", "text", shown(r, posted, "title", c->title),
             NULL, why);
  faculty_options(r, faculty_field, "Faculty", NULL,
                  shown(r, posted, faculty_field, c->faculty_code), why);
  level_select(r, shown(r, posted, "level", c->level), why);
  text_field(r, "years", "Length in years", "number",
             shown(r, posted, "years",
                   c->years ? arena_printf(&r->arena, "%d", c->years) : ""),
             "From 1 to 8.", why);
  field_input(r,
              &(struct field){.name = "campus", .label = "Campus",
                              .type = "text",
                              .value = shown(r, posted, "campus", c->campus),
                              .hint = "Optional.", .autocomplete = "off"},
              why);
}

static int courses_page(struct request *r, bool posted,
                        const struct err_detail *why)
{
  const char *code = query_value(r, "faculty");
  struct err_detail filter_why = {"", ""};
  struct faculty_row f = {0};
  struct course_row *rows = NULL;
  int n = 0, got, rc = 0;
  int64_t after = 0;

  if (code[0] && (rc = faculty_by_code(r->db, code, &f))) {
    if (rc != ERR_NOTFOUND)
      return rc;
    err_set(&filter_why, ERR_INPUT, "faculty",
            "There is no faculty with that code.");
    f.id = -1;
  }
  rows = calloc(COURSES_MAX, sizeof(*rows));
  if (f.id >= 0)
    do {
      int want = COURSES_MAX - n < 200 ? COURSES_MAX - n : 200;

      if ((rc = courses_list(r->db, f.id, after, want, rows + n, &got)))
        goto done;
      n += got;
      if (got)
        after = rows[n - 1].id;
    } while (got == 200 && n < COURSES_MAX);
  page_begin(r, "Courses");
  H(&r->out, "<h1>Courses</h1>\n<p><a href=\"/organisation\">Organisation"
             "</a></p>\n");
  notice(r, "saved", "The course has been saved.");
  error_summary(r, why && why->msg[0] ? why : &filter_why);
  H(&r->out, "<form method=\"get\" action=\"/courses\" class=\"filters\">\n");
  faculty_options(r, "faculty", "Faculty", "Any faculty", code, &filter_why);
  H(&r->out, "<button type=\"submit\">Filter</button></form>\n");
  html_printf(&r->out, "<p role=\"status\">%d %s.</p>\n", n,
              plural(n, "course", "courses"));
  if (n) {
    table_begin(r, "Courses");
    H(&r->out, "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Title"
               "</th><th scope=\"col\">Faculty</th><th scope=\"col\">Level"
               "</th><th scope=\"col\">Years</th><th scope=\"col\">Campus"
               "</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++)
      html_printf(&r->out,
                  "<tr><td><a href=\"/courses/%lld\">%s</a></td><td>%s%s</td>"
                  "<td>%s</td><td>%s</td><td>%d</td><td>%s</td></tr>\n",
                  (long long)rows[i].id, rows[i].code, rows[i].title,
                  rows[i].active ? "" : " (closed)", rows[i].faculty_code,
                  level_label(rows[i].level), rows[i].years, rows[i].campus);
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  if (may_change(r)) {
    struct course_row blank = {0};

    H(&r->out, "<h2>Add a course</h2>\n<p>A course with the same code is "
               "changed.</p>\n");
    form_begin(r, "/courses");
    text_field(r, "code", "Code", "text", shown(r, posted, "code", ""),
               "Up to 20 letters and digits, as in the student record.", why);
    course_fields(r, posted, &blank, "course_faculty", why);
    H(&r->out, "<button type=\"submit\">Add the course</button>\n</form>\n");
  }
  rc = page_end(r);
done:
  free(rows);
  return rc;
}

int page_courses(struct request *r)
{
  return courses_page(r, false, NULL);
}

int page_courses_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct course_row c = {0};
  int64_t id;
  int rc;

  str_copy(c.code, sizeof(c.code), form_value(r, "code"));
  course_from_form(r, &c, "course_faculty");
  c.active = true;
  rc = course_edit(r->db, r->session.user.id, r->ip, &c, NULL, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (rc == ERR_CONFLICT)
      err_set(&why, rc, "code", "That course could not be saved.");
    if (str_eq(why.field, "faculty"))
      str_copy(why.field, sizeof(why.field), "course_faculty");
    input_error(r, rc);
    return courses_page(r, true, &why);
  }
  if (rc)
    return rc;
  id = c.id;
  return redirect(r, arena_printf(&r->arena, "/courses/%lld?saved=1",
                                  (long long)id));
}

static int course_page(struct request *r, int64_t id, bool posted,
                       const struct err_detail *why)
{
  struct course_row c;
  int rc = course_get(r->db, id, &c);

  if (rc)
    return rc;
  page_begin(r, c.title);
  html_printf(&r->out, "<h1>%s</h1>\n<p><a href=\"/courses\">All courses</a>"
                       "</p>\n",
              c.title);
  notice(r, "saved", "The course has been saved.");
  error_summary(r, why);
  html_printf(&r->out,
              "<dl class=\"summary\"><dt>Code</dt><dd>%s</dd><dt>Faculty</dt>"
              "<dd>%s – %s</dd><dt>Level</dt><dd>%s</dd><dt>Length</dt>"
              "<dd>%d %s</dd><dt>Campus</dt><dd>%s</dd><dt>Status</dt>"
              "<dd>%s</dd></dl>\n<p><a href=\"/people?course=%s\">Students of "
              "this course</a></p>\n",
              c.code, c.faculty_code, c.faculty_name, level_label(c.level),
              c.years, plural(c.years, "year", "years"),
              c.campus[0] ? c.campus : "—",
              c.active ? "Open" : "Closed", c.code);
  if (may_change(r)) {
    bool active = posted ? str_eq(form_value(r, "active"), "1") : c.active;

    H(&r->out, "<h2>Change the course</h2>\n");
    form_begin(r, arena_printf(&r->arena, "/courses/%lld", (long long)id));
    course_fields(r, posted, &c, "faculty", why);
    html_printf(&r->out,
                "<div class=\"field checkboxes\"><input type=\"checkbox\" "
                "id=\"active\" name=\"active\" value=\"1\"%s><label "
                "for=\"active\">Open (students can be on it)</label></div>\n",
                active ? " checked" : "");
    H(&r->out, "<button type=\"submit\">Save the course</button>\n</form>\n");
  }
  return page_end(r);
}

int page_course(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? course_page(r, id, false, NULL) : ERR_NOTFOUND;
}

int page_course_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct course_row c;
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = course_get(r->db, id, &c)))
    return rc;
  course_from_form(r, &c, "faculty");
  c.active = str_eq(form_value(r, "active"), "1");
  rc = course_edit(r->db, r->session.user.id, r->ip, &c, NULL, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (rc == ERR_CONFLICT)
      err_set(&why, rc, "title", "That course could not be saved.");
    input_error(r, rc);
    return course_page(r, id, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/courses/%lld?saved=1",
                                  (long long)id));
}

/* ------------------------------------------------------------------ staff */

int page_staff(struct request *r)
{
  const char *q = query_value(r, "q");
  struct staff_row *rows = calloc(STAFF_MAX, sizeof(*rows));
  int n = 0, rc = staff_list(r->db, q, 0, STAFF_MAX, rows, &n);

  if (rc)
    goto done;
  page_begin(r, "Staff");
  H(&r->out, "<h1>Staff</h1>\n<p><a href=\"/organisation\">Organisation</a>"
             "</p>\n<form method=\"get\" action=\"/staff\" class=\"filters\">");
  field_input(r,
              &(struct field){.name = "q", .label = "Name", .type = "search",
                              .value = q},
              NULL);
  H(&r->out, "<button type=\"submit\">Search</button> <a href=\"/staff\">"
             "Clear</a></form>\n");
  html_printf(&r->out, "<p role=\"status\">%d %s%s.</p>\n", n,
              plural(n, "staff member", "staff members"),
              n == STAFF_MAX ? " (the first ones: search to narrow)" : "");
  if (n) {
    table_begin(r, "Staff");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Number</th><th scope=\"col\">Job title</th><th scope=\"col\">"
               "Kind</th><th scope=\"col\">Faculty</th><th scope=\"col\">"
               "Courses taught</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++)
      html_printf(&r->out,
                  "<tr><td><a href=\"/staff/%lld\">%s</a>%s</td><td>%s</td>"
                  "<td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>\n",
                  (long long)rows[i].id,
                  rows[i].name[0] ? rows[i].name : "(erased)",
                  rows[i].active ? "" : " (deactivated)", rows[i].number,
                  rows[i].job_title,
                  str_eq(rows[i].kind, "academic") ? "Academic"
                                                   : "Professional",
                  rows[i].faculty_code[0] ? rows[i].faculty_code : "—",
                  rows[i].ncourses);
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  rc = page_end(r);
done:
  free(rows);
  return rc;
}

int page_staff_member(struct request *r)
{
  struct staff_row s;
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = staff_get(r->db, id, &s)))
    return rc;
  page_begin(r, s.name[0] ? s.name : "Staff member");
  html_printf(&r->out,
              "<h1>%s</h1>\n<p><a href=\"/staff\">All staff</a></p>\n"
              "<dl class=\"summary\"><dt>Staff number</dt><dd>%s</dd>"
              "<dt>Email</dt><dd>%s</dd><dt>Job title</dt><dd>%s</dd>"
              "<dt>Kind</dt><dd>%s</dd><dt>Faculty</dt><dd>%s</dd>"
              "<dt>Status</dt><dd>%s</dd></dl>\n<h2>Courses taught</h2>\n",
              s.name[0] ? s.name : "(erased)", s.number, s.email,
              s.job_title[0] ? s.job_title : "—",
              str_eq(s.kind, "academic") ? "Academic" : "Professional",
              s.faculty_code[0] ? s.faculty_code : "—",
              s.active ? "Active" : "Deactivated");
  if (!s.ncourses) {
    H(&r->out, "<p>None.</p>\n");
    return page_end(r);
  }
  table_begin(r, "Courses taught");
  H(&r->out, "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Title"
             "</th><th scope=\"col\">Students</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < s.ncourses; i++) {
    struct course_row c;

    if ((rc = course_get(r->db, s.courses[i], &c)))
      return rc;
    html_printf(&r->out,
                "<tr><td><a href=\"/courses/%lld\">%s</a></td><td>%s</td>"
                "<td><a href=\"/people?course=%s\">Students of %s</a></td>"
                "</tr>\n",
                (long long)c.id, c.code, c.title, c.code, c.code);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  return page_end(r);
}

/* -------------------------------------------------------------- interests */

static int interests_page(struct request *r, bool posted,
                          const struct err_detail *why)
{
  struct interest_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * INTERESTS_MAX);
  int n = 0, rc = interests_list(r->db, rows, INTERESTS_MAX, &n);

  if (rc)
    return rc;
  page_begin(r, "Interests");
  H(&r->out, "<h1>Interests</h1>\n<p><a href=\"/organisation\">Organisation"
             "</a></p>\n<p>Students choose their interests from this list on "
             "their profile; matching uses them.</p>\n");
  notice(r, "added", "The interest has been added.");
  error_summary(r, why);
  html_printf(&r->out, "<p>%d %s.</p>\n", n,
              plural(n, "interest", "interests"));
  if (n) {
    H(&r->out, "<ul class=\"interests\">\n");
    for (int i = 0; i < n; i++)
      html_printf(&r->out, "<li>%s</li>\n", rows[i].name);
    H(&r->out, "</ul>\n");
  }
  if (may_change(r)) {
    H(&r->out, "<h2>Add an interest</h2>\n");
    form_begin(r, "/interests");
    text_field(r, "name", "Interest", "text", shown(r, posted, "name", ""),
               "Up to 60 characters.", why);
    H(&r->out, "<button type=\"submit\">Add the interest</button>\n"
               "</form>\n");
  }
  return page_end(r);
}

int page_interests(struct request *r)
{
  return interests_page(r, false, NULL);
}

int page_interests_post(struct request *r)
{
  struct err_detail why = {"", ""};
  char name[256];
  int rc;

  if (!str_copy(name, sizeof(name), form_value(r, "name")))
    rc = err_set(&why, ERR_INPUT, "name",
                 "Give the interest in up to 60 characters on one line.");
  else
    rc = interest_add(r->db, r->session.user.id, r->ip, name, NULL, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (rc == ERR_CONFLICT)
      err_set(&why, rc, "name", "That interest could not be added.");
    input_error(r, rc);
    return interests_page(r, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, "/interests?added=1");
}
