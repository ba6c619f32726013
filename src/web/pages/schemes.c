/* pages/schemes.c: the scheme catalogue. Everyone (signed out too) browses
 * the published schemes and reads their pages; coordinators create a
 * scheme from a type whose defaults fill the form; whoever may manage a
 * scheme (domain/schemes.h: scheme_may_manage) edits it, its staff, its
 * topics and its recruitment materials. Drafts are 404 to everyone else. */
#include "domain/schemes.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/access.h"
#include "domain/eligibility.h"
#include "domain/organisation.h"
#include "domain/people.h"
#include "web/fields.h"
#include "web/markdown.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  PAGE_SIZE = 20,
  COURSES_MAX = 500,
  FACULTIES_MAX = 64,
  TERMS_MAX = 64,
  SPONSORS_MAX = 500,
};

static const struct user *viewer(struct request *r)
{
  return r->signed_in ? &r->session.user : NULL;
}

static bool may_create(struct request *r)
{
  return r->signed_in &&
         access_has_role(&r->session.user, ROLE_ADMIN | ROLE_COORDINATOR);
}

static void notice(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
                text);
}

/* The scheme of the path's {id} as the visitor may see it: 0, or
 * ERR_NOTFOUND for a draft they may not manage (as if it did not exist). */
static int visible_scheme(struct request *r, struct scheme_row *s)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  return scheme_visible(r->db, viewer(r), s) ? 0 : ERR_NOTFOUND;
}

/* The scheme of the path's {id}, for someone who may manage it: ERR_PERM
 * for someone who may see it but not manage it. */
static int managed_scheme(struct request *r, struct scheme_row *s)
{
  int rc = visible_scheme(r, s);

  if (rc)
    return rc;
  return scheme_may_manage(r->db, viewer(r), s->id) ? 0 : ERR_PERM;
}

static void format_rate(int pence, char *out, size_t size)
{
  snprintf(out, size, "%d.%02d", pence / 100, pence % 100);
}

/* "12.50", "£12.50", "12" as pence; -1 when it is none of those. */
static int parse_rate(const char *s)
{
  char tmp[32];
  const char *p;
  int64_t pounds = 0, pence = 0;
  const char *dot;

  str_copy(tmp, sizeof(tmp), s);
  p = str_trim(tmp);
  if (str_starts(p, "\xc2\xa3")) /* £ */
    p += 2;
  if (!*p)
    return 0;
  dot = strchr(p, '.');
  if (dot) {
    char whole[16];
    size_t n = (size_t)(dot - p), d = strlen(dot + 1);

    if (n == 0 || n >= sizeof(whole) || d < 1 || d > 2)
      return -1;
    memcpy(whole, p, n);
    whole[n] = '\0';
    if (!str_to_i64(whole, 0, 1000, &pounds) ||
        !str_to_i64(dot + 1, 0, 99, &pence))
      return -1;
    if (d == 1)
      pence *= 10;
  } else if (!str_to_i64(p, 0, 1000, &pounds)) {
    return -1;
  }
  return (int)(pounds * 100 + pence);
}

/* ------------------------------------------------------------ catalogue */

static void type_options(struct request *r, const char *any,
                         struct option *opts, int *k)
{
  const char *t;

  (void)r;
  *k = 0;
  if (any)
    opts[(*k)++] = (struct option){"", any};
  for (int i = 0; (t = scheme_type_at(i)); i++)
    opts[(*k)++] = (struct option){t, scheme_type_label(t)};
}

static void course_select(struct request *r, const char *selected)
{
  struct course_row *rows = arena_alloc(&r->arena, sizeof(*rows) * COURSES_MAX);
  struct option *opts =
      arena_alloc(&r->arena, sizeof(*opts) * (COURSES_MAX + 1));
  int n = 0, k = 0;

  opts[k++] = (struct option){"", "Any course"};
  if (courses_list(r->db, 0, 0, COURSES_MAX, rows, &n) == 0)
    for (int i = 0; i < n; i++)
      if (rows[i].active)
        opts[k++] = (struct option){
            arena_printf(&r->arena, "%lld", (long long)rows[i].id),
            arena_printf(&r->arena, "%s – %s", rows[i].code, rows[i].title)};
  field_select(r, "course", "Course", NULL, opts, k, selected, NULL);
}

static void faculty_select(struct request *r, const char *selected)
{
  struct faculty_row rows[FACULTIES_MAX];
  struct option opts[FACULTIES_MAX + 1];
  int n = 0, k = 0;

  opts[k++] = (struct option){"", "Any faculty"};
  if (faculties_list(r->db, rows, FACULTIES_MAX, &n) == 0)
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){
          arena_printf(&r->arena, "%lld", (long long)rows[i].id),
          arena_strdup(&r->arena, rows[i].name)};
  field_select(r, "faculty", "Faculty", NULL, opts, k, selected, NULL);
}

static void catalogue_filters(struct request *r)
{
  struct option types_opts[16];
  int k;

  type_options(r, "Any type", types_opts, &k);
  H(&r->out, "<form method=\"get\" action=\"/schemes\" class=\"filters\">\n");
  field_input(r,
              &(struct field){.name = "q",
                              .label = "Search",
                              .type = "search",
                              .value = query_value(r, "q")},
              NULL);
  field_select(r, "type", "Type", NULL, types_opts, k, query_value(r, "type"),
               NULL);
  faculty_select(r, query_value(r, "faculty"));
  course_select(r, query_value(r, "course"));
  H(&r->out, "<div><button type=\"submit\">Filter</button> "
             "<a href=\"/schemes\">Clear</a></div>\n</form>\n");
}

/* The catalogue's query string, for the pager's links. */
static const char *catalogue_base(struct request *r)
{
  struct buf b;
  const char *names[] = {"q", "type", "faculty", "course"};
  const char *sep = "?";
  char *out;

  buf_init(&b, 1024);
  buf_puts(&b, "/schemes");
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (*query_value(r, names[i])) {
      buf_puts(&b, sep);
      buf_puts(&b, names[i]);
      buf_puts(&b, "=");
      url_encode(&b, query_value(r, names[i]));
      sep = "&";
    }
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static void scheme_card(struct request *r, const struct scheme_brief *s)
{
  html_printf(&r->out,
              "<li><h2><a href=\"/schemes/%lld\">%s</a></h2>\n<p><span "
              "class=\"tag\">%s</span>",
              (long long)s->id, s->name, scheme_type_label(s->type));
  if (strcmp(s->status, "published") != 0)
    html_printf(&r->out, "<span class=\"tag\">%s</span>",
                scheme_status_label(s->status));
  html_printf(&r->out, " %s</p>\n", s->academic_year);
  if (s->summary[0])
    html_printf(&r->out, "<p>%s</p>\n", s->summary);
  if (strcmp(s->status, "published") == 0 &&
      (s->applications_open || s->signups_open)) {
    H(&r->out, "<p>");
    if (s->applications_open)
      H(&r->out, "Recruiting mentors. ");
    if (s->signups_open)
      H(&r->out, "Open for mentee sign-up.");
    H(&r->out, "</p>\n");
  }
  H(&r->out, "</li>\n");
}

/* GET /schemes?q&type&faculty&course&page */
int page_schemes(struct request *r)
{
  struct scheme_filter f = {0};
  struct scheme_brief *rows = arena_alloc(&r->arena, sizeof(*rows) * PAGE_SIZE);
  int page = page_number(r), n = 0, rc;
  int64_t total = 0, id;

  str_copy(f.q, sizeof(f.q), query_value(r, "q"));
  str_copy(f.type, sizeof(f.type), query_value(r, "type"));
  if (str_to_i64(query_value(r, "faculty"), 1, INT64_MAX, &id))
    f.faculty_id = id;
  if (str_to_i64(query_value(r, "course"), 1, INT64_MAX, &id))
    f.course_id = id;
  if ((rc = scheme_list(r->db, viewer(r), &f, (page - 1) * PAGE_SIZE, PAGE_SIZE,
                        rows, &n, &total)))
    return rc;
  page_begin(r, "Schemes");
  H(&r->out, "<h1>Schemes</h1>\n<p class=\"lead\">Peer mentoring and "
             "support schemes you can join as a mentor or a mentee.</p>\n");
  if (may_create(r))
    H(&r->out, "<p><a class=\"button\" href=\"/schemes/new\">Create a "
               "scheme</a> <a href=\"/proposals\">Students' proposals</a> "
               "· <a href=\"/schemes/rollover\">Close the academic year</a>"
               "</p>\n");
  else if (r->signed_in && access_has_role(&r->session.user, ROLE_STUDENT))
    H(&r->out, "<p>Is there a scheme your course needs? <a "
               "href=\"/proposals/new\">Propose a scheme</a>.</p>\n");
  catalogue_filters(r);
  html_printf(&r->out, "<p role=\"status\">%lld %s</p>\n", (long long)total,
              plural(total, "scheme", "schemes"));
  if (n) {
    H(&r->out, "<ul class=\"cards\">\n");
    for (int i = 0; i < n; i++)
      scheme_card(r, &rows[i]);
    H(&r->out, "</ul>\n");
  } else {
    H(&r->out, "<p>No scheme matches. Try fewer filters.</p>\n");
  }
  pager(r, catalogue_base(r), page, PAGE_SIZE, total);
  return page_end(r);
}

/* ----------------------------------------------------------- the form */

enum { TOPIC_HELP = 1, TOPIC_REFER = 2 };

struct scheme_form {
  struct scheme_row row;
  bool posted; /* show the sent values of number fields as sent */
  /* The topics as ticked, by topic word: TOPIC_HELP or TOPIC_REFER. */
  struct scheme_topic_row topics[S_TOPICS_MAX];
  int ntopics;
};

static int topic_kind(const struct scheme_form *sf, const char *topic)
{
  for (int i = 0; i < sf->ntopics; i++)
    if (strcmp(sf->topics[i].topic, topic) == 0)
      return strcmp(sf->topics[i].kind, "refer") == 0 ? TOPIC_REFER
                                                      : TOPIC_HELP;
  return 0;
}

static void select_words(struct request *r, const char *name, const char *label,
                         const char *const *words,
                         const char *(*label_of)(const char *),
                         const char *selected, const struct err_detail *why)
{
  struct option opts[8];
  int k = 0;

  for (; words[k] && k < 8; k++)
    opts[k] = (struct option){words[k], label_of(words[k])};
  field_select(r, name, label, NULL, opts, k, selected, why);
}

static void checkbox(struct request *r, const char *name, const char *id,
                     const char *value, const char *label, bool checked)
{
  html_printf(&r->out,
              "<div><input type=\"checkbox\" id=\"%s\" name=\"%s\" "
              "value=\"%s\"%s><label for=\"%s\">%s</label></div>\n",
              id, name, value, checked ? " checked" : "", id, label);
}

static bool has_id(const int64_t *ids, int n, int64_t id)
{
  for (int i = 0; i < n; i++)
    if (ids[i] == id)
      return true;
  return false;
}

static const char *number_value(struct request *r, const struct scheme_form *sf,
                                const char *name, int64_t v)
{
  if (sf->posted)
    return form_value(r, name);
  return v ? arena_printf(&r->arena, "%lld", (long long)v) : "";
}

static void served_fields(struct request *r, const struct scheme_row *s,
                          const struct err_detail *why)
{
  struct course_row *courses =
      arena_alloc(&r->arena, sizeof(*courses) * COURSES_MAX);
  struct faculty_row faculties[FACULTIES_MAX];
  int nc = 0, nf = 0;

  faculties_list(r->db, faculties, FACULTIES_MAX, &nf);
  courses_list(r->db, 0, 0, COURSES_MAX, courses, &nc);
  H(&r->out, "<fieldset class=\"checkboxes\" id=\"faculties\"><legend>"
             "Faculties it serves</legend>\n<p class=\"hint\">Tick none "
             "of the faculties and none of the courses for a scheme open "
             "to the whole university.</p>\n");
  field_error(r, "faculties", why);
  for (int i = 0; i < nf; i++)
    checkbox(
        r, "faculties",
        arena_printf(&r->arena, "faculty-%lld", (long long)faculties[i].id),
        arena_printf(&r->arena, "%lld", (long long)faculties[i].id),
        faculties[i].name,
        has_id(s->faculties, s->nfaculties, faculties[i].id));
  H(&r->out, "</fieldset>\n<fieldset class=\"checkboxes\" id=\"courses\">"
             "<legend>Courses it serves</legend>\n");
  field_error(r, "courses", why);
  for (int i = 0; i < nc; i++)
    if (courses[i].active || has_id(s->courses, s->ncourses, courses[i].id))
      checkbox(
          r, "courses",
          arena_printf(&r->arena, "course-%lld", (long long)courses[i].id),
          arena_printf(&r->arena, "%lld", (long long)courses[i].id),
          arena_printf(&r->arena, "%s – %s", courses[i].code, courses[i].title),
          has_id(s->courses, s->ncourses, courses[i].id));
  H(&r->out, "</fieldset>\n");
}

static void topic_fields(struct request *r, const struct scheme_form *sf,
                         const struct err_detail *why)
{
  static const char *const kinds[] = {"help", "refer"};
  static const char *const legends[] = {
      "Topics mentors may help with",
      "Topics mentors must refer on to the university's services"};
  char buf[S_WORD * 2];
  const char *t;

  for (int k = 0; k < 2; k++) {
    const char *field = k ? "refer_topics" : "help_topics";

    html_printf(&r->out,
                "<fieldset class=\"checkboxes\" id=\"%s\"><legend>%s</legend>"
                "\n",
                field, legends[k]);
    field_error(r, field, why);
    for (int i = 0; (t = scheme_topic_at(i)); i++)
      checkbox(r, kinds[k], arena_printf(&r->arena, "%s-%s", kinds[k], t), t,
               scheme_topic_label(t, buf, sizeof(buf)),
               topic_kind(sf, t) == (k ? TOPIC_REFER : TOPIC_HELP));
    /* Topics a coordinator added that the list does not know. */
    for (int i = 0; i < sf->ntopics; i++) {
      bool known = false;

      for (int j = 0; (t = scheme_topic_at(j)); j++)
        known |= strcmp(t, sf->topics[i].topic) == 0;
      if (!known && strcmp(sf->topics[i].kind, kinds[k]) == 0)
        checkbox(
            r, kinds[k],
            arena_printf(&r->arena, "%s-%s", kinds[k], sf->topics[i].topic),
            sf->topics[i].topic,
            scheme_topic_label(sf->topics[i].topic, buf, sizeof(buf)), true);
    }
    H(&r->out, "</fieldset>\n");
  }
}

static void sponsor_select(struct request *r, const struct scheme_form *sf,
                           const struct err_detail *why)
{
  struct staff_row *rows =
      xmalloc(sizeof(*rows) * SPONSORS_MAX); /* large rows: not the arena */
  struct option *opts =
      arena_alloc(&r->arena, sizeof(*opts) * (SPONSORS_MAX + 1));
  int n = 0, k = 0;
  const char *sel = sf->posted
                        ? form_value(r, "sponsor_staff_id")
                        : arena_printf(&r->arena, "%lld",
                                       (long long)sf->row.sponsor_staff_id);

  opts[k++] = (struct option){"", "No sponsor"};
  if (staff_list(r->db, "", 0, SPONSORS_MAX, rows, &n) == 0)
    for (int i = 0; i < n; i++)
      if (strcmp(rows[i].kind, "academic") == 0 && rows[i].active)
        opts[k++] = (struct option){
            arena_printf(&r->arena, "%lld", (long long)rows[i].id),
            arena_strdup(&r->arena, rows[i].name)};
  free(rows);
  field_select(r, "sponsor_staff_id", "Academic sponsor",
               "A member of academic staff who supports the scheme; Peer "
               "Assisted Learning requires one.",
               opts, k, sel, why);
}

static void term_select(struct request *r, const struct scheme_form *sf,
                        const struct err_detail *why)
{
  struct term_row terms[TERMS_MAX];
  struct option opts[TERMS_MAX + 1];
  int n = 0, k = 0;
  const char *sel =
      sf->posted ? form_value(r, "term_id")
                 : arena_printf(&r->arena, "%lld", (long long)sf->row.term_id);

  opts[k++] = (struct option){"", "No particular term"};
  if (terms_list(r->db, terms, TERMS_MAX, &n) == 0)
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){
          arena_printf(&r->arena, "%lld", (long long)terms[i].id),
          arena_strdup(&r->arena, terms[i].name)};
  field_select(r, "term_id", "Term", NULL, opts, k, sel, why);
}

static void text(struct request *r, const char *name, const char *label,
                 const char *type, const char *value, const char *hint,
                 bool required, const struct err_detail *why)
{
  field_input(r,
              &(struct field){.name = name,
                              .label = label,
                              .type = type,
                              .value = value,
                              .hint = hint,
                              .autocomplete = "off",
                              .required = required},
              why);
}

/* The fields of a scheme, for creating and editing alike. */
static void scheme_fields(struct request *r, const struct scheme_form *sf,
                          bool creating, const struct err_detail *why)
{
  static const char *const owners[] = {"central", "faculty", "course", NULL};
  static const char *const formats[] = {"one_to_one", "group", NULL};
  static const char *const modes[] = {"online", "face_to_face", "blended",
                                      NULL};
  static const char *const contacts[] = {"meetings", "messages", NULL};
  static const char *const matchings[] = {"automatic", "mentee_chooses",
                                          "coordinator_assigns", NULL};
  static const char *const periods[] = {"year", "term", "semester", NULL};
  static const char *const statuses[] = {"draft", "published", "closed", NULL};
  const struct scheme_row *s = &sf->row;
  char rate[16] = "";
  struct option types_opts[16];
  int k;

  H(&r->out, "<h2>About the scheme</h2>\n");
  text(r, "name", "Name", "text", s->name, NULL, true, why);
  if (creating) {
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"type\" value=\"%s\">"
                "<p>Type: <strong>%s</strong> (<a href=\"/schemes/"
                "new\">choose another type</a>)</p>\n",
                s->type, scheme_type_label(s->type));
  } else {
    type_options(r, NULL, types_opts, &k);
    field_select(r, "type", "Type", NULL, types_opts, k, s->type, why);
  }
  text(r, "summary", "Summary", "text", s->summary,
       "One line for the catalogue.", false, why);
  field_textarea(r, "description", "Description",
                 "What the scheme is, who it is for and what mentors do. "
                 "Markdown: **bold**, *italic*, lists, [links](https://...).",
                 s->description, 10, why);
  select_words(r, "status", "Status", statuses, scheme_status_label, s->status,
               why);
  H(&r->out, "<fieldset class=\"checkboxes\"><legend>Recruitment"
             "</legend>\n");
  checkbox(r, "applications_open", "applications_open", "1",
           "Open for mentor applications (when published)",
           s->applications_open);
  checkbox(r, "signups_open", "signups_open", "1",
           "Open for mentee sign-up (when published)", s->signups_open);
  H(&r->out, "</fieldset>\n<h2>Who it serves</h2>\n");
  select_words(r, "owner_level", "Run by", owners, scheme_owner_label,
               s->owner_level, why);
  served_fields(r, s, why);
  H(&r->out, "<h2>How it runs</h2>\n");
  select_words(r, "format", "Format", formats, scheme_format_label, s->format,
               why);
  text(r, "group_size", "Mentees in a group", "number",
       number_value(r, sf, "group_size", s->group_size),
       "For group schemes only.", false, why);
  select_words(r, "mode", "Mode", modes, scheme_mode_label, s->mode, why);
  select_words(r, "contact", "Keeping in touch", contacts, scheme_contact_label,
               s->contact, why);
  select_words(r, "matching_mode", "Matching", matchings, scheme_matching_label,
               s->matching_mode, why);
  text(r, "mentor_capacity", "Mentees (or groups) a mentor takes", "number",
       number_value(r, sf, "mentor_capacity", s->mentor_capacity), NULL, true,
       why);
  text(r, "commitment", "Time commitment", "text", s->commitment,
       "For example: one hour a week for ten weeks.", false, why);
  H(&r->out, "<h2>Dates</h2>\n");
  text(r, "academic_year", "Academic year", "text", s->academic_year,
       "For example 2026/27.", true, why);
  select_words(r, "period", "Runs for", periods, scheme_period_label, s->period,
               why);
  term_select(r, sf, why);
  text(r, "starts_on", "Starts on", "date", s->starts_on, "YYYY-MM-DD", true,
       why);
  text(r, "ends_on", "Ends on", "date", s->ends_on, "YYYY-MM-DD", true, why);
  H(&r->out, "<h2>Pay and sponsor</h2>\n<div class=\"field checkboxes\">");
  html_printf(&r->out,
              "<input type=\"checkbox\" id=\"paid\" name=\"paid\" value=\"1\""
              "%s><label for=\"paid\">Mentors are paid</label></div>\n",
              s->paid ? " checked" : "");
  if (s->rate_pence > 0)
    format_rate(s->rate_pence, rate, sizeof(rate));
  text(r, "rate", "Hourly rate in pounds", "text",
       sf->posted ? form_value(r, "rate") : rate,
       "For paid schemes only, for example 12.50.", false, why);
  sponsor_select(r, sf, why);
  H(&r->out, "<h2>Topics</h2>\n");
  topic_fields(r, sf, why);
}

static int64_t form_id(struct request *r, const char *name)
{
  const char *v = form_value(r, name);
  int64_t id;

  if (!*v)
    return 0;
  return str_to_i64(v, 1, INT64_MAX, &id) ? id : -1;
}

static int form_int(struct request *r, const char *name)
{
  const char *v = form_value(r, name);
  char tmp[24];
  int64_t n;

  str_copy(tmp, sizeof(tmp), v);
  if (!*str_trim(tmp))
    return 0;
  return str_to_i64(str_trim(tmp), -1000000, 1000000, &n) ? (int)n : -1;
}

#define FORM_TEXT(field, name)                                                 \
  str_copy((field), sizeof(field), form_value(r, (name)))

/* Read the posted form into sf (whose row holds the stored scheme when
 * editing). Topics ticked both ways are a mistake reported in why. */
static int read_form(struct request *r, struct scheme_form *sf, bool creating,
                     struct err_detail *why)
{
  struct scheme_row *s = &sf->row;
  int n;

  sf->posted = true;
  FORM_TEXT(s->name, "name");
  FORM_TEXT(s->type, "type");
  FORM_TEXT(s->summary, "summary");
  FORM_TEXT(s->description, "description");
  if (!creating || *form_value(r, "status"))
    FORM_TEXT(s->status, "status");
  FORM_TEXT(s->owner_level, "owner_level");
  FORM_TEXT(s->format, "format");
  s->group_size = form_int(r, "group_size");
  FORM_TEXT(s->mode, "mode");
  FORM_TEXT(s->contact, "contact");
  FORM_TEXT(s->matching_mode, "matching_mode");
  s->mentor_capacity = form_int(r, "mentor_capacity");
  FORM_TEXT(s->commitment, "commitment");
  FORM_TEXT(s->academic_year, "academic_year");
  FORM_TEXT(s->period, "period");
  s->term_id = form_id(r, "term_id");
  FORM_TEXT(s->starts_on, "starts_on");
  FORM_TEXT(s->ends_on, "ends_on");
  s->paid = str_eq(form_value(r, "paid"), "1");
  s->rate_pence = parse_rate(form_value(r, "rate"));
  s->sponsor_staff_id = form_id(r, "sponsor_staff_id");
  s->applications_open = str_eq(form_value(r, "applications_open"), "1");
  s->signups_open = str_eq(form_value(r, "signups_open"), "1");
  s->ncourses = 0;
  n = kv_count(&r->form, "courses");
  for (int i = 0; i < n && s->ncourses < S_SERVED_MAX; i++) {
    int64_t id;

    s->courses[s->ncourses++] =
        str_to_i64(kv_nth(&r->form, "courses", i), 1, INT64_MAX, &id) ? id : -1;
  }
  s->nfaculties = 0;
  n = kv_count(&r->form, "faculties");
  for (int i = 0; i < n && s->nfaculties < S_SERVED_MAX; i++) {
    int64_t id;

    s->faculties[s->nfaculties++] =
        str_to_i64(kv_nth(&r->form, "faculties", i), 1, INT64_MAX, &id) ? id
                                                                        : -1;
  }
  sf->ntopics = 0;
  for (int k = 0; k < 2; k++) {
    const char *kind = k ? "refer" : "help";

    n = kv_count(&r->form, kind);
    for (int i = 0; i < n; i++) {
      const char *t = kv_nth(&r->form, kind, i);

      if (topic_kind(sf, t))
        return err_set(why, ERR_INPUT, "refer_topics",
                       "A topic cannot be both one mentors help with and one "
                       "they refer on: untick one.");
      if (sf->ntopics == S_TOPICS_MAX)
        return err_set(why, ERR_INPUT, "help_topics", "Choose fewer topics.");
      str_copy(sf->topics[sf->ntopics].topic,
               sizeof(sf->topics[sf->ntopics].topic), t);
      str_copy(sf->topics[sf->ntopics].kind,
               sizeof(sf->topics[sf->ntopics].kind), kind);
      sf->ntopics++;
    }
  }
  return 0;
}

/* ----------------------------------------------------------------- new */

/* The current academic year's dates from the institution, for a new
 * scheme's form. */
static void default_dates(struct request *r, struct scheme_row *s)
{
  struct institution_row inst;
  char year[5];
  int64_t y;

  if (institution_get(r->db, &inst) == 0 && date_valid(inst.year_starts_on) &&
      date_valid(inst.year_ends_on)) {
    memcpy(year, inst.year_starts_on, 4);
    year[4] = '\0';
    if (str_to_i64(year, 1950, 9998, &y))
      snprintf(s->academic_year, sizeof(s->academic_year), "%d/%02d", (int)y,
               (int)((y + 1) % 100));
    str_copy(s->starts_on, sizeof(s->starts_on), inst.year_starts_on);
    str_copy(s->ends_on, sizeof(s->ends_on), inst.year_ends_on);
  }
}

static void type_chooser(struct request *r)
{
  const char *t;

  H(&r->out, "<form method=\"get\" action=\"/schemes/new\">\n<fieldset>"
             "<legend>What kind of scheme?</legend>\n<p class=\"hint\">Each "
             "type fills the form with sensible defaults; you can change "
             "every one.</p>\n");
  for (int i = 0; (t = scheme_type_at(i)); i++)
    html_printf(&r->out,
                "<div class=\"choice\"><input type=\"radio\" name=\"type\" "
                "id=\"type-%s\" value=\"%s\"%s aria-describedby=\"type-%s-"
                "hint\"><label for=\"type-%s\">%s</label><p class=\"hint\" "
                "id=\"type-%s-hint\">%s</p></div>\n",
                t, t, i == 0 ? " checked" : "", t, t, scheme_type_label(t), t,
                scheme_type_blurb(t));
  H(&r->out, "</fieldset>\n<button type=\"submit\">Continue</button>\n"
             "</form>\n");
}

static int new_form_page(struct request *r, struct scheme_form *sf,
                         const struct err_detail *why)
{
  page_begin(r, "Create a scheme");
  html_printf(&r->out, "<h1>Create a scheme: %s</h1>\n",
              scheme_type_label(sf->row.type));
  error_summary(r, why);
  form_begin(r, "/schemes/new");
  scheme_fields(r, sf, true, why);
  H(&r->out, "<button type=\"submit\">Create the scheme</button>\n</form>\n");
  return page_end(r);
}

/* GET /schemes/new, or /schemes/new?type=pal for that type's form. */
int page_scheme_new(struct request *r)
{
  struct scheme_form *sf = arena_alloc(&r->arena, sizeof(*sf));
  const char *type = query_value(r, "type");

  memset(sf, 0, sizeof(*sf));
  if (!*type || scheme_defaults(type, &sf->row)) {
    page_begin(r, "Create a scheme");
    H(&r->out, "<h1>Create a scheme</h1>\n");
    if (*type)
      H(&r->out, "<div class=\"error-summary\" role=\"alert\"><p>Choose one "
                 "of these types.</p></div>\n");
    type_chooser(r);
    return page_end(r);
  }
  default_dates(r, &sf->row);
  scheme_default_topics(type, sf->topics, S_TOPICS_MAX, &sf->ntopics);
  return new_form_page(r, sf, NULL);
}

/* POST /schemes/new */
int page_scheme_new_post(struct request *r)
{
  struct scheme_form *sf = arena_alloc(&r->arena, sizeof(*sf));
  struct err_detail why = {"", ""};
  int64_t id = 0;
  int rc;

  memset(sf, 0, sizeof(*sf));
  if (scheme_defaults(form_value(r, "type"), &sf->row))
    return redirect(r, "/schemes/new");
  rc = read_form(r, sf, true, &why);
  if (rc == 0)
    rc = scheme_create(r->db, r->session.user.id, r->ip, &sf->row, &id, &why);
  if (rc == 0)
    rc = scheme_topics_save(r->db, r->session.user.id, r->ip, id, sf->topics,
                            sf->ntopics, &why);
  if (rc == ERR_INPUT) {
    r->status = 400;
    return new_form_page(r, sf, &why);
  }
  if (rc)
    return rc;
  return redirect(
      r, arena_printf(&r->arena, "/schemes/%lld?created=1", (long long)id));
}

/* ---------------------------------------------------------------- show */

static void served_facts(struct request *r, const struct scheme_row *s)
{
  char phrase[600] = "";

  if (!s->ncourses && !s->nfaculties) {
    H(&r->out, "<dd>Students across the whole university</dd>\n");
    return;
  }
  if (eligibility_served_phrase(r->db, s, phrase, sizeof(phrase)) == 0 &&
      phrase[0]) {
    html_printf(&r->out, "<dd>Students %s</dd>\n", phrase);
    return;
  }
  html_printf(&r->out, "<dd>%d %s and %d %s</dd>\n", s->ncourses,
              plural(s->ncourses, "course", "courses"), s->nfaculties,
              plural(s->nfaculties, "faculty", "faculties"));
}

static void facts(struct request *r, const struct scheme_row *s)
{
  struct buf *o = &r->out;
  char rate[16];

  H(o, "<h2>At a glance</h2>\n<dl class=\"summary\">\n");
  html_printf(o, "<dt>Type</dt><dd>%s</dd>\n", scheme_type_label(s->type));
  html_printf(o, "<dt>Run by</dt><dd>%s</dd>\n",
              scheme_owner_label(s->owner_level));
  H(o, "<dt>Who it serves</dt>");
  served_facts(r, s);
  if (strcmp(s->format, "group") == 0)
    html_printf(o, "<dt>Format</dt><dd>Groups of %d</dd>\n", s->group_size);
  else
    html_printf(o, "<dt>Format</dt><dd>%s</dd>\n",
                scheme_format_label(s->format));
  html_printf(o, "<dt>Mode</dt><dd>%s; %s</dd>\n", scheme_mode_label(s->mode),
              strcmp(s->contact, "messages") == 0 ? "keeping in touch by "
                                                    "message"
                                                  : "meeting up");
  html_printf(o, "<dt>Matching</dt><dd>%s</dd>\n",
              scheme_matching_label(s->matching_mode));
  html_printf(o, "<dt>Each mentor takes</dt><dd>Up to %d %s</dd>\n",
              s->mentor_capacity,
              strcmp(s->format, "group") == 0
                  ? plural(s->mentor_capacity, "group", "groups")
                  : plural(s->mentor_capacity, "mentee", "mentees"));
  if (s->commitment[0])
    html_printf(o, "<dt>Time commitment</dt><dd>%s</dd>\n", s->commitment);
  html_printf(o, "<dt>Dates</dt><dd>%s, %s to %s (%s)</dd>\n", s->academic_year,
              s->starts_on, s->ends_on, scheme_period_label(s->period));
  if (s->paid) {
    format_rate(s->rate_pence, rate, sizeof(rate));
    html_printf(o, "<dt>Pay</dt><dd>Paid: £%s an hour</dd>\n", rate);
  } else {
    H(o, "<dt>Pay</dt><dd>Voluntary</dd>\n");
  }
  if (s->sponsor_staff_id) {
    struct staff_row st;

    if (staff_get(r->db, s->sponsor_staff_id, &st) == 0)
      html_printf(o, "<dt>Academic sponsor</dt><dd>%s</dd>\n", st.name);
  }
  H(o, "</dl>\n");
}

static void staff_facts(struct request *r, const struct scheme_row *s)
{
  struct scheme_staff_row rows[S_STAFF_MAX];
  int n = 0;

  if (scheme_staff(r->db, s->id, rows, S_STAFF_MAX, &n) || !n)
    return;
  H(&r->out, "<h2>Who runs it</h2>\n<ul>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out, "<li>%s, %s</li>\n", rows[i].name,
                strcmp(rows[i].role, "coordinator") == 0 ? "coordinator"
                : strcmp(rows[i].role, "champion") == 0  ? "academic champion"
                                                         : "student lead");
  H(&r->out, "</ul>\n");
}

static void topic_facts(struct request *r, const struct scheme_row *s)
{
  struct scheme_topic_row rows[S_TOPICS_MAX];
  char buf[S_WORD * 2];
  int n = 0;

  if (scheme_topics(r->db, s->id, rows, S_TOPICS_MAX, &n) || !n)
    return;
  for (int k = 0; k < 2; k++) {
    const char *kind = k ? "refer" : "help";
    bool any = false;

    for (int i = 0; i < n; i++) {
      if (strcmp(rows[i].kind, kind) != 0)
        continue;
      if (!any)
        html_printf(&r->out, "<h2>%s</h2>\n<ul>\n",
                    k ? "What mentors refer on" : "What mentors help with");
      any = true;
      html_printf(&r->out, "<li>%s</li>\n",
                  scheme_topic_label(rows[i].topic, buf, sizeof(buf)));
    }
    if (any && k)
      H(&r->out, "</ul>\n<p>For these, mentors point you to the "
                 "university's own services.</p>\n");
    else if (any)
      H(&r->out, "</ul>\n");
  }
}

static void eligibility_facts(struct request *r, const struct scheme_row *s)
{
  char mentor[600] = "", mentee[600] = "";

  eligibility_sentence(r->db, s, "mentor", mentor, sizeof(mentor));
  eligibility_sentence(r->db, s, "mentee", mentee, sizeof(mentee));
  if (!mentor[0] && !mentee[0])
    return;
  H(&r->out, "<h2>Who can take part</h2>\n");
  if (mentor[0])
    html_printf(&r->out, "<p>%s</p>\n", mentor);
  if (mentee[0])
    html_printf(&r->out, "<p>%s</p>\n", mentee);
}

static const char *size_text(struct request *r, int64_t bytes)
{
  if (bytes >= 1024 * 1024)
    return arena_printf(
        &r->arena, "%lld.%lld MB", (long long)(bytes / (1024 * 1024)),
        (long long)(bytes % (1024 * 1024) * 10 / (1024 * 1024)));
  if (bytes >= 1024)
    return arena_printf(&r->arena, "%lld KB", (long long)(bytes / 1024));
  return arena_printf(&r->arena, "%lld bytes", (long long)bytes);
}

static const char *type_word(const char *content_type)
{
  return strcmp(content_type, "application/pdf") == 0 ? "PDF" : "image";
}

static void material_facts(struct request *r, const struct scheme_row *s)
{
  struct scheme_material_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * S_MATERIALS_MAX);
  int n = 0;

  if (scheme_materials(r->db, s->id, rows, S_MATERIALS_MAX, &n) || !n)
    return;
  H(&r->out, "<h2>Materials</h2>\n<ul>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out,
                "<li><a href=\"/schemes/%lld/materials/%lld\">%s</a> (%s, "
                "%s)</li>\n",
                (long long)s->id, (long long)rows[i].id, rows[i].title,
                type_word(rows[i].content_type),
                size_text(r, rows[i].size_bytes));
  H(&r->out, "</ul>\n");
}

static void manage_panel(struct request *r, const struct scheme_row *s)
{
  static const struct {
    const char *path, *label;
  } links[] = {
      {"edit", "Edit the scheme, its staff and materials"},
      {"rules", "Eligibility rules"},
      {"questions", "Application questions"},
      {"rubric", "Selection rubric"},
      {"interviews", "Interview slots"},
      {"applications", "Mentor applications"},
      {"signups", "Mentee sign-ups"},
      {"invitations", "Invitations for incoming students"},
      {"pairings", "Pairings"},
      {"matching", "Matching"},
      {"runs", "Match runs"},
  };

  H(&r->out, "<nav aria-labelledby=\"manage-title\"><h2 id=\"manage-title\">"
             "Manage this scheme</h2>\n<ul>\n");
  for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
    html_printf(&r->out, "<li><a href=\"/schemes/%lld/%s\">%s</a></li>\n",
                (long long)s->id, links[i].path, links[i].label);
  H(&r->out, "</ul>\n</nav>\n");
}

/* GET /schemes/{id}: the public page. */
int page_scheme(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  bool published;
  int rc = visible_scheme(r, s);

  if (rc)
    return rc;
  published = strcmp(s->status, "published") == 0;
  page_begin(r, s->name);
  notice(r, "created",
         "The scheme was created. Check the details, then "
         "publish it when it is ready.");
  notice(r, "saved", "Your changes were saved.");
  html_printf(&r->out, "<h1>%s</h1>\n<p><span class=\"tag\">%s</span>", s->name,
              scheme_type_label(s->type));
  if (!published)
    html_printf(&r->out, "<span class=\"tag\">%s</span>",
                scheme_status_label(s->status));
  H(&r->out, "</p>\n");
  if (s->summary[0])
    html_printf(&r->out, "<p class=\"lead\">%s</p>\n", s->summary);
  if (published && (s->applications_open || s->signups_open)) {
    H(&r->out, "<p>");
    if (s->applications_open)
      html_printf(&r->out,
                  "<a class=\"button\" href=\"/schemes/%lld/apply\">Apply to "
                  "be a mentor</a> ",
                  (long long)s->id);
    if (s->signups_open)
      html_printf(&r->out,
                  "<a class=\"button\" href=\"/schemes/%lld/signup\">Sign up "
                  "as a mentee</a>",
                  (long long)s->id);
    H(&r->out, "</p>\n");
  } else if (strcmp(s->status, "closed") == 0) {
    H(&r->out, "<p>This scheme has closed.</p>\n");
  }
  requests_scheme_link(r, s);
  if (published && r->signed_in &&
      access_has_role(&r->session.user, ROLE_STUDENT))
    html_printf(&r->out,
                "<p><a href=\"/schemes/%lld/eligibility\">Can I take part? "
                "Check your eligibility</a></p>\n",
                (long long)s->id);
  if (s->description[0]) {
    H(&r->out, "<section class=\"description\" aria-label=\"Description\">\n");
    /* Safe HTML by construction (cmark-gfm safe mode): not escaped. */
    markdown_html(&r->out, s->description);
    H(&r->out, "</section>\n");
  }
  facts(r, s);
  eligibility_facts(r, s);
  topic_facts(r, s);
  staff_facts(r, s);
  material_facts(r, s);
  if (scheme_may_manage(r->db, viewer(r), s->id))
    manage_panel(r, s);
  H(&r->out, "<p><a href=\"/schemes\">All schemes</a></p>\n");
  return page_end(r);
}

/* ---------------------------------------------------------------- edit */

enum edit_part { EDIT_SCHEME, EDIT_STAFF, EDIT_MATERIAL };

static void staff_section(struct request *r, const struct scheme_row *s,
                          const struct err_detail *why)
{
  static const struct option roles[] = {{"coordinator", "Coordinator"},
                                        {"champion", "Academic champion"},
                                        {"lead", "Student lead"}};
  struct scheme_staff_row rows[S_STAFF_MAX];
  int n = 0;

  H(&r->out, "<h2 id=\"staff\">Staff</h2>\n");
  scheme_staff(r->db, s->id, rows, S_STAFF_MAX, &n);
  if (n) {
    table_begin(r, "Who runs the scheme");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Email</th><th scope=\"col\">Role</th><th scope=\"col\">"
               "<span class=\"visually-hidden\">Action</span></th></tr>"
               "</thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
                  rows[i].name, rows[i].email, rows[i].role);
      form_begin(r, arena_printf(&r->arena, "/schemes/%lld/staff/remove",
                                 (long long)s->id));
      html_printf(&r->out,
                  "<input type=\"hidden\" name=\"user_id\" value=\"%lld\">"
                  "<input type=\"hidden\" name=\"role\" value=\"%s\">"
                  "<button type=\"submit\" class=\"button-secondary\">Remove "
                  "<span class=\"visually-hidden\">%s as %s</span></button>"
                  "</form></td></tr>\n",
                  (long long)rows[i].user_id, rows[i].role, rows[i].name,
                  rows[i].role);
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>Nobody yet besides the Peer Mentoring Team.</p>\n");
  }
  form_begin(r,
             arena_printf(&r->arena, "/schemes/%lld/staff", (long long)s->id));
  H(&r->out, "<h3>Add someone</h3>\n");
  text(r, "email", "Email of their Tandem account", "email",
       why && strcmp(why->field, "email") == 0 ? form_value(r, "email") : "",
       NULL, true, why);
  field_select(r, "role", "Role", NULL, roles, 3,
               why && why->msg[0] ? form_value(r, "role") : "champion", why);
  H(&r->out, "<button type=\"submit\">Add</button>\n</form>\n");
}

static void materials_section(struct request *r, const struct scheme_row *s,
                              const struct err_detail *why)
{
  struct scheme_material_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * S_MATERIALS_MAX);
  bool file_bad = why && why->msg[0] && strcmp(why->field, "file") == 0;
  int n = 0;

  H(&r->out, "<h2 id=\"materials\">Materials</h2>\n");
  scheme_materials(r->db, s->id, rows, S_MATERIALS_MAX, &n);
  if (n) {
    H(&r->out, "<ul>\n");
    for (int i = 0; i < n; i++) {
      html_printf(&r->out,
                  "<li><a href=\"/schemes/%lld/materials/%lld\">%s</a> (%s, "
                  "%s) ",
                  (long long)s->id, (long long)rows[i].id, rows[i].title,
                  type_word(rows[i].content_type),
                  size_text(r, rows[i].size_bytes));
      form_begin(r,
                 arena_printf(&r->arena, "/schemes/%lld/materials/%lld/delete",
                              (long long)s->id, (long long)rows[i].id));
      html_printf(&r->out,
                  "<button type=\"submit\" class=\"button-secondary\">Delete "
                  "<span class=\"visually-hidden\">%s</span></button></form>"
                  "</li>\n",
                  rows[i].title);
    }
    H(&r->out, "</ul>\n");
  }
  html_printf(&r->out,
              "<form method=\"post\" action=\"/schemes/%lld/materials\" "
              "enctype=\"multipart/form-data\" novalidate>"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
              "<h3>Upload a file</h3>\n",
              (long long)s->id, request_csrf(r));
  text(r, "title", "Title", "text",
       why && why->msg[0] ? form_value(r, "title") : "",
       "What the file is; its name when empty.", false, why);
  html_printf(&r->out,
              "<div class=\"field%s\"><label for=\"file\">File</label>\n"
              "<p class=\"hint\" id=\"file-hint\">A PDF or an image (PNG, "
              "JPEG, GIF or WebP), up to 5 MB.</p>\n",
              file_bad ? " field-error" : "");
  field_error(r, "file", why);
  html_printf(&r->out,
              "<input type=\"file\" id=\"file\" name=\"file\" "
              "accept=\".pdf,.png,.jpg,.jpeg,.gif,.webp,application/pdf,"
              "image/png,image/jpeg,image/gif,image/webp\" "
              "aria-describedby=\"file-hint%s\" aria-invalid=\"%s\" "
              "required></div>\n"
              "<button type=\"submit\">Upload</button>\n</form>\n",
              file_bad ? " file-error" : "", file_bad ? "true" : "false");
}

static int edit_page(struct request *r, struct scheme_form *sf,
                     enum edit_part part, const struct err_detail *why)
{
  const struct scheme_row *s = &sf->row;

  /* After a mistake in the staff or materials form, sf is the stored
   * scheme (not posted), so the scheme's own form shows what is stored. */
  page_begin(r, arena_printf(&r->arena, "Edit %s", s->name));
  html_printf(&r->out, "<h1>Edit %s</h1>\n", s->name);
  notice(r, "staff", "The staff list was changed.");
  notice(r, "material", "The materials were changed.");
  error_summary(r, why);
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">Back to the scheme's page</a> · "
              "<a href=\"#staff\">Staff</a> · <a href=\"#materials\">"
              "Materials</a> · <a href=\"/schemes/%lld/rules\">Eligibility "
              "rules</a></p>\n",
              (long long)s->id, (long long)s->id);
  form_begin(r,
             arena_printf(&r->arena, "/schemes/%lld/edit", (long long)s->id));
  scheme_fields(r, sf, false, part == EDIT_SCHEME ? why : NULL);
  H(&r->out, "<button type=\"submit\">Save changes</button>\n</form>\n");
  staff_section(r, s, part == EDIT_STAFF ? why : NULL);
  materials_section(r, s, part == EDIT_MATERIAL ? why : NULL);
  return page_end(r);
}

/* The stored scheme of the path, and its topics, for someone who may
 * manage it. */
static int load_form(struct request *r, struct scheme_form **out)
{
  struct scheme_form *sf = arena_alloc(&r->arena, sizeof(*sf));
  int rc;

  memset(sf, 0, sizeof(*sf));
  if ((rc = managed_scheme(r, &sf->row)))
    return rc;
  if ((rc = scheme_topics(r->db, sf->row.id, sf->topics, S_TOPICS_MAX,
                          &sf->ntopics)))
    return rc;
  *out = sf;
  return 0;
}

/* GET /schemes/{id}/edit */
int page_scheme_edit(struct request *r)
{
  struct scheme_form *sf;
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  return edit_page(r, sf, EDIT_SCHEME, NULL);
}

/* POST /schemes/{id}/edit */
int page_scheme_edit_post(struct request *r)
{
  struct scheme_form *sf;
  struct err_detail why = {"", ""};
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  rc = read_form(r, sf, false, &why);
  if (rc == 0 && (rc = db_begin(r->db)) == 0) {
    rc = scheme_save(r->db, r->session.user.id, r->ip, &sf->row, &why);
    if (rc == 0)
      rc = scheme_topics_save(r->db, r->session.user.id, r->ip, sf->row.id,
                              sf->topics, sf->ntopics, &why);
    if (rc)
      db_rollback(r->db);
    else
      rc = db_commit(r->db);
  }
  if (rc == ERR_INPUT) {
    r->status = 400;
    return edit_page(r, sf, EDIT_SCHEME, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld?saved=1",
                                  (long long)sf->row.id));
}

/* POST /schemes/{id}/staff: add email as role. */
int page_scheme_staff_post(struct request *r)
{
  struct scheme_form *sf;
  struct err_detail why = {"", ""};
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  rc = scheme_staff_add(r->db, r->session.user.id, r->ip, sf->row.id,
                        form_value(r, "email"), form_value(r, "role"), &why);
  if (rc == ERR_INPUT) {
    r->status = 400;
    return edit_page(r, sf, EDIT_STAFF, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/edit?staff=1#staff",
                                  (long long)sf->row.id));
}

/* POST /schemes/{id}/staff/remove: user_id, role. */
int page_scheme_staff_remove_post(struct request *r)
{
  struct scheme_form *sf;
  int64_t user_id;
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  if (!str_to_i64(form_value(r, "user_id"), 1, INT64_MAX, &user_id))
    return ERR_INPUT;
  rc = scheme_staff_remove(r->db, r->session.user.id, r->ip, sf->row.id,
                           user_id, form_value(r, "role"));
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/edit?staff=1#staff",
                                  (long long)sf->row.id));
}

/* ----------------------------------------------------------- materials */

/* POST /schemes/{id}/materials: multipart, title and file. */
int page_scheme_materials_post(struct request *r)
{
  struct scheme_form *sf;
  struct err_detail why = {"", ""};
  const struct multipart_part *file = NULL;
  char title[S_NAME];
  int64_t mid;
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  for (int i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i].name, "file") == 0)
      file = &r->files[i];
  str_copy(title, sizeof(title), form_value(r, "title"));
  if (!file || !file->filename || !file->len)
    rc = err_set(&why, ERR_INPUT, "file", "Choose a file to upload.");
  else
    rc = scheme_material_add(
        r->db, r->session.user.id, r->ip, sf->row.id, title, file->filename,
        (const unsigned char *)file->data, file->len, &mid, &why);
  if (rc == ERR_INPUT || rc == ERR_TOOBIG) {
    r->status = rc == ERR_TOOBIG ? 413 : 400;
    return edit_page(r, sf, EDIT_MATERIAL, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/schemes/%lld/edit?material=1#materials",
                                  (long long)sf->row.id));
}

/* GET /schemes/{id}/materials/{mid}: the file, for whoever may see the
 * scheme. PDFs download; images may show in the browser. */
int page_scheme_material(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct scheme_material_row m;
  unsigned char *data;
  size_t len;
  int64_t mid = request_param_id(r, 1);
  int rc = visible_scheme(r, s);

  if (rc)
    return rc;
  if (!mid)
    return ERR_NOTFOUND;
  if ((rc = scheme_material_get(r->db, s->id, mid, &m, &data, &len)))
    return rc;
  buf_append(&r->out, data, len);
  free(data);
  r->content_type = arena_strdup(&r->arena, m.content_type);
  /* The file name was made safe on upload (letters, digits, . - _). */
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena, "%s; filename=\"%s\"",
                               strcmp(m.content_type, "application/pdf") == 0
                                   ? "attachment"
                                   : "inline",
                               m.filename));
  return 0;
}

/* POST /schemes/{id}/materials/{mid}/delete */
int page_scheme_material_delete_post(struct request *r)
{
  struct scheme_form *sf;
  int64_t mid = request_param_id(r, 1);
  int rc = load_form(r, &sf);

  if (rc)
    return rc;
  if (!mid)
    return ERR_NOTFOUND;
  if ((rc = scheme_material_delete(r->db, r->session.user.id, r->ip, sf->row.id,
                                   mid)))
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/schemes/%lld/edit?material=1#materials",
                                  (long long)sf->row.id));
}
