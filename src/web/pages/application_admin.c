/* pages/application_admin.c: the scheme managers' side of mentor
 * applications: the questions applicants answer, the rubric reviewers
 * score against, interview slots, and the list of applications with its
 * filters, counts and bulk decisions. Every page checks that the caller
 * manages the scheme (scheme_may_manage). */
#include "base/clock.h"
#include "base/str.h"
#include "domain/applications.h"
#include "domain/schemes.h"
#include "domain/training.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LIST_PAGE = 50 };

static struct app_actor actor_of(struct request *r)
{
  return (struct app_actor){&r->session.user, r->ip, r->cfg->base_url};
}

/* The scheme at {id}, if the caller manages it. */
static int managed_scheme(struct request *r, struct scheme_row *s)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  return scheme_may_manage(r->db, &r->session.user, id) ? 0 : ERR_PERM;
}

static void notice_if(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", text);
}

static void scheme_nav(struct request *r, const struct scheme_row *s)
{
  html_printf(&r->out,
              "<nav aria-label=\"Recruitment\"><ul class=\"inline\">"
              "<li><a href=\"/schemes/%lld\">The scheme</a></li>"
              "<li><a href=\"/schemes/%lld/applications\">Applications</a></li>"
              "<li><a href=\"/schemes/%lld/questions\">Questions</a></li>"
              "<li><a href=\"/schemes/%lld/rubric\">Rubric</a></li>"
              "<li><a href=\"/schemes/%lld/interviews\">Interview slots</a>"
              "</li>",
              (long long)s->id, (long long)s->id, (long long)s->id,
              (long long)s->id, (long long)s->id);
  if (training_may_manage(&r->session.user))
    html_printf(&r->out, "<li><a href=\"/schemes/%lld/training\">Training "
                         "required</a></li>",
                (long long)s->id);
  H(&r->out, "</ul></nav>\n");
}

static void small_post(struct request *r, const char *action, int64_t sid,
                       const char *op, int64_t id, const char *label)
{
  html_printf(&r->out,
              "<form method=\"post\" action=\"/schemes/%lld/%s\" "
              "class=\"inline\"><input type=\"hidden\" name=\"_csrf\" "
              "value=\"%s\"><input type=\"hidden\" name=\"op\" value=\"%s\">"
              "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
              "<button type=\"submit\" class=\"button-secondary\">%s</button>"
              "</form>\n",
              (long long)sid, action, request_csrf(r), op, (long long)id,
              label);
}

static int status_for(struct request *r, int rc)
{
  r->status = rc == ERR_CONFLICT ? 409 : 400;
  return 0;
}

/* -------------------------------------------------------------- questions */

static const struct option kind_options[] = {
    {"short", "Short text"},
    {"long", "Long text"},
    {"single", "One choice"},
    {"multiple", "Several choices"},
};

static const char *kind_label(const char *kind)
{
  for (int i = 0; i < 4; i++)
    if (str_eq(kind, kind_options[i].value))
      return kind_options[i].label;
  return kind;
}

static void question_form(struct request *r, const struct scheme_row *s,
                          const struct question_row *q, bool posted,
                          const struct err_detail *why)
{
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/questions",
                             (long long)s->id));
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"save\">");
  html_printf(&r->out, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
              (long long)(q ? q->id : 0));
  field_textarea(r, "prompt", "Question", NULL,
                 posted ? form_value(r, "prompt") : q ? q->prompt : "", 2,
                 why);
  field_select(r, "kind", "Kind of answer", NULL, kind_options, 4,
               posted ? form_value(r, "kind") : q ? q->kind : "long", why);
  field_textarea(r, "choices", "Choices",
                 "For a choice: one on each line.",
                 posted ? form_value(r, "choices") : q ? q->choices : "", 4,
                 why);
  html_printf(&r->out,
              "<div class=\"field checkboxes\"><input type=\"checkbox\" "
              "id=\"required\" name=\"required\" value=\"1\"%s><label "
              "for=\"required\">An answer is required</label></div>\n",
              (posted ? str_eq(form_value(r, "required"), "1")
                      : q ? q->required : true)
                  ? " checked"
                  : "");
  html_printf(&r->out, "<button type=\"submit\">%s</button>\n</form>\n",
              q && q->id ? "Save the question" : "Add the question");
}

static int questions_page(struct request *r, const struct scheme_row *s,
                          const struct err_detail *why)
{
  struct question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * APP_QUESTIONS_MAX);
  int64_t editing = 0;
  int n = 0, rc = questions_list(r->db, s->id, qs, APP_QUESTIONS_MAX, &n);
  bool posted = why && why->msg[0];

  if (rc)
    return rc;
  if (posted)
    str_to_i64(form_value(r, "id"), 0, INT64_MAX, &editing);
  else
    str_to_i64(query_value(r, "edit"), 0, INT64_MAX, &editing);
  page_begin(r, arena_printf(&r->arena, "Questions: %s", s->name));
  html_printf(&r->out, "<h1>Application questions</h1>\n<p class=\"lead\">"
                       "%s, %s.</p>\n",
              s->name, s->academic_year);
  scheme_nav(r, s);
  notice_if(r, "saved", "The questions have been saved.");
  error_summary(r, why);
  if (!n)
    H(&r->out, "<p>No questions yet. Applicants will be asked why they "
               "would like to be a mentor on this scheme, and what they "
               "would bring to it; add questions to ask more.</p>\n");
  else
    H(&r->out, "<ol class=\"questions\">\n");
  for (int i = 0; i < n; i++) {
    const struct question_row *q = &qs[i];

    if (q->id == editing) {
      H(&r->out, "<li>\n<h2>Change this question</h2>\n");
      question_form(r, s, q, posted, why);
      H(&r->out, "</li>\n");
      continue;
    }
    html_printf(&r->out, "<li><p><strong>%s</strong><br>%s%s</p>", q->prompt,
                kind_label(q->kind), q->required ? ", required" : ", optional");
    if (q->choices[0]) {
      H(&r->out, "<ul>");
      for (const char *p = q->choices; *p;) {
        size_t len = strcspn(p, "\n");

        html_printf(&r->out, "<li>%.*s</li>", (int)len, p);
        p += len;
        p += *p == '\n';
      }
      H(&r->out, "</ul>");
    }
    html_printf(&r->out, "<p><a href=\"/schemes/%lld/questions?edit=%lld\">"
                         "Change<span class=\"visually-hidden\"> question %d"
                         "</span></a></p>\n",
                (long long)s->id, (long long)q->id, i + 1);
    if (i > 0)
      small_post(r, "questions", s->id, "up", q->id, "Move up");
    if (i + 1 < n)
      small_post(r, "questions", s->id, "down", q->id, "Move down");
    small_post(r, "questions", s->id, "delete", q->id, "Remove");
    H(&r->out, "</li>\n");
  }
  if (n)
    H(&r->out, "</ol>\n");
  if (!editing || !posted) {
    H(&r->out, "<h2>Add a question</h2>\n");
    question_form(r, s, NULL, posted && !editing, posted && !editing ? why
                                                                     : NULL);
  }
  return page_end(r);
}

int page_scheme_questions(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  return rc ? rc : questions_page(r, s, NULL);
}

int page_scheme_questions_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  const char *op = form_value(r, "op");
  int64_t id = 0;
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  if (*form_value(r, "id") && !str_to_i64(form_value(r, "id"), 0, INT64_MAX,
                                          &id))
    return ERR_INPUT;
  if (str_eq(op, "save")) {
    struct question_row q;

    memset(&q, 0, sizeof(q));
    q.id = id;
    q.scheme_id = s->id;
    if (!str_copy(q.prompt, sizeof(q.prompt), form_value(r, "prompt")))
      rc = err_set(&why, ERR_INPUT, "prompt",
                   "Keep the question under 400 characters.");
    else if (!str_copy(q.choices, sizeof(q.choices), form_value(r, "choices")))
      rc = err_set(&why, ERR_INPUT, "choices", "There are too many choices.");
    else {
      str_copy(q.kind, sizeof(q.kind), form_value(r, "kind"));
      q.required = str_eq(form_value(r, "required"), "1");
      rc = question_save(r->db, &a, &q, &why);
    }
    if (rc == ERR_INPUT) {
      status_for(r, rc);
      return questions_page(r, s, &why);
    }
  } else if (str_eq(op, "delete")) {
    rc = question_delete(r->db, &a, s->id, id);
  } else if (str_eq(op, "up") || str_eq(op, "down")) {
    rc = question_move(r->db, &a, s->id, id, str_eq(op, "up") ? -1 : 1);
  } else {
    return ERR_INPUT;
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/questions?saved=1",
                                  (long long)s->id));
}

/* ----------------------------------------------------------------- rubric */

static int rubric_page(struct request *r, const struct scheme_row *s,
                       const struct err_detail *why)
{
  struct rubric_row rows[APP_RUBRIC_MAX];
  struct option scores[10];
  int n = 0, rc = rubric_list(r->db, s->id, rows, APP_RUBRIC_MAX, &n);
  bool posted = why && why->msg[0];

  if (rc)
    return rc;
  for (int i = 0; i < 10; i++) {
    char *v = arena_printf(&r->arena, "%d", i + 1);

    scores[i] = (struct option){v, v};
  }
  page_begin(r, arena_printf(&r->arena, "Rubric: %s", s->name));
  html_printf(&r->out, "<h1>Rubric</h1>\n<p class=\"lead\">What reviewers of "
                       "%s (%s) score each application against.</p>\n",
              s->name, s->academic_year);
  scheme_nav(r, s);
  notice_if(r, "saved", "The rubric has been saved.");
  error_summary(r, why);
  if (n) {
    table_begin(r, "Criteria");
    H(&r->out, "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">"
               "Maximum score</th><th scope=\"col\"><span "
               "class=\"visually-hidden\">Actions</span></th></tr></thead>\n"
               "<tbody>\n");
    for (int i = 0; i < n; i++) {
      html_printf(&r->out, "<tr><td>%s</td><td>%d</td><td>", rows[i].criterion,
                  rows[i].max_score);
      small_post(r, "rubric", s->id, "delete", rows[i].id, "Remove");
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>No criteria yet.</p>\n");
  }
  H(&r->out, "<h2>Add a criterion</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/rubric",
                             (long long)s->id));
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"save\">");
  field_input(r,
              &(struct field){.name = "criterion", .label = "Criterion",
                              .type = "text",
                              .value = posted ? form_value(r, "criterion") : "",
                              .hint = "Like: Listens well; Knows when to "
                                      "refer.",
                              .required = true},
              why);
  field_select(r, "max_score", "Maximum score", NULL, scores, 10,
               posted ? form_value(r, "max_score") : "5", why);
  H(&r->out, "<button type=\"submit\">Add the criterion</button>\n</form>\n");
  return page_end(r);
}

int page_scheme_rubric(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  return rc ? rc : rubric_page(r, s, NULL);
}

int page_scheme_rubric_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  const char *op = form_value(r, "op");
  int64_t id = 0, max = 0;
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  if (str_eq(op, "save")) {
    struct rubric_row c;

    memset(&c, 0, sizeof(c));
    c.scheme_id = s->id;
    if (!str_copy(c.criterion, sizeof(c.criterion), form_value(r, "criterion")))
      rc = err_set(&why, ERR_INPUT, "criterion",
                   "Keep the criterion under 160 characters.");
    else {
      str_to_i64(form_value(r, "max_score"), 0, 100, &max);
      c.max_score = (int)max;
      rc = rubric_save(r->db, &a, &c, &why);
    }
    if (rc == ERR_INPUT) {
      status_for(r, rc);
      return rubric_page(r, s, &why);
    }
  } else if (str_eq(op, "delete")) {
    if (!str_to_i64(form_value(r, "id"), 1, INT64_MAX, &id))
      return ERR_INPUT;
    rc = rubric_delete(r->db, &a, s->id, id);
  } else {
    return ERR_INPUT;
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/rubric?saved=1",
                                  (long long)s->id));
}

/* ------------------------------------------------------------- interviews */

static int interviews_page(struct request *r, const struct scheme_row *s,
                           const struct err_detail *why)
{
  struct slot_row *rows = arena_alloc(&r->arena, sizeof(*rows) * APP_SLOTS_MAX);
  int n = 0, rc = interview_slots(r->db, s->id, rows, APP_SLOTS_MAX, &n);
  bool posted = why && why->msg[0];
  char when[32];

  if (rc)
    return rc;
  page_begin(r, arena_printf(&r->arena, "Interview slots: %s", s->name));
  html_printf(&r->out, "<h1>Interview slots</h1>\n<p class=\"lead\">%s, %s. "
                       "Applicants invited to interview choose one free "
                       "slot.</p>\n",
              s->name, s->academic_year);
  scheme_nav(r, s);
  notice_if(r, "saved", "The interview slots have been saved.");
  error_summary(r, why);
  if (n) {
    table_begin(r, "Interview slots");
    H(&r->out, "<thead><tr><th scope=\"col\">Starts (UTC)</th><th "
               "scope=\"col\">Minutes</th><th scope=\"col\">Place or link"
               "</th><th scope=\"col\">Interviewer</th><th scope=\"col\">"
               "Booked by</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      clock_format(rows[i].starts_at, when, sizeof(when));
      html_printf(&r->out, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td>"
                           "<td>",
                  when, rows[i].minutes, rows[i].place, rows[i].interviewer);
      if (rows[i].application_id)
        html_printf(&r->out, "<a href=\"/applications/%lld\">%s</a>",
                    (long long)rows[i].application_id,
                    rows[i].applicant_name);
      else
        /* Each button names its slot: a list of identical "Remove"
         * buttons tells a screen reader user nothing. */
        small_post(r, "interviews", s->id, "delete", rows[i].id,
                   arena_printf(&r->arena, "Remove the free slot at %s",
                                when));
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>No interview slots yet.</p>\n");
  }
  H(&r->out, "<h2>Add a slot</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/interviews",
                             (long long)s->id));
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"add\">");
  field_input(r,
              &(struct field){.name = "starts", .label = "Starts (UTC)",
                              .type = "datetime-local",
                              .value = posted ? form_value(r, "starts") : "",
                              .hint = "Like 2026-10-05T14:00.",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "minutes", .label = "Length in minutes",
                              .type = "number",
                              .value = posted ? form_value(r, "minutes") : "30",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "place", .label = "Room or online link",
                              .type = "text",
                              .value = posted ? form_value(r, "place") : "",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "interviewer", .label = "Interviewer",
                              .type = "text",
                              .value = posted ? form_value(r, "interviewer")
                                              : r->session.user.name},
              why);
  H(&r->out, "<button type=\"submit\">Add the slot</button>\n</form>\n");
  return page_end(r);
}

int page_scheme_interviews(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  return rc ? rc : interviews_page(r, s, NULL);
}

int page_scheme_interviews_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  const char *op = form_value(r, "op");
  int64_t id = 0, minutes = 0;
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  if (str_eq(op, "add")) {
    if (!str_to_i64(form_value(r, "minutes"), 0, 100000, &minutes))
      rc = err_set(&why, ERR_INPUT, "minutes",
                   "Enter the length as a number of minutes.");
    else
      rc = interview_slot_add(r->db, &a, s->id, form_value(r, "starts"),
                              (int)minutes, form_value(r, "place"),
                              form_value(r, "interviewer"), &why);
    if (rc == ERR_INPUT) {
      status_for(r, rc);
      return interviews_page(r, s, &why);
    }
  } else if (str_eq(op, "delete")) {
    if (!str_to_i64(form_value(r, "id"), 1, INT64_MAX, &id))
      return ERR_INPUT;
    rc = interview_slot_delete(r->db, &a, s->id, id);
    if (rc == ERR_CONFLICT)
      return http_fail(r, 409, "That slot has been booked, so it cannot be "
                               "removed.");
  } else {
    return ERR_INPUT;
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/interviews?saved=1",
                                  (long long)s->id));
}

/* ------------------------------------------------------- the applications */

/* The list's filter from the query string. */
static void list_filter(struct request *r, int64_t scheme_id,
                        struct application_filter *f)
{
  memset(f, 0, sizeof(*f));
  f->scheme_id = scheme_id;
  f->returning = -1;
  if (application_state_valid(query_value(r, "state")))
    str_copy(f->state, sizeof(f->state), query_value(r, "state"));
  if (str_eq(query_value(r, "returning"), "1"))
    f->returning = 1;
  else if (str_eq(query_value(r, "returning"), "0"))
    f->returning = 0;
  str_copy(f->q, sizeof(f->q), query_value(r, "q"));
}

static const char *list_query(struct request *r,
                              const struct application_filter *f)
{
  struct buf b;
  char *out;

  buf_init(&b, 512);
  buf_puts(&b, "state=");
  url_encode(&b, f->state);
  buf_puts(&b, "&returning=");
  buf_puts(&b, f->returning < 0 ? "" : f->returning ? "1" : "0");
  buf_puts(&b, "&q=");
  url_encode(&b, f->q);
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static void filter_form(struct request *r, const struct scheme_row *s,
                        const struct application_filter *f)
{
  struct option states[APP_STATES + 1] = {{"", "Any state"}};
  static const struct option returning[] = {
      {"", "Everyone"}, {"1", "Returning mentors"}, {"0", "New mentors"}};

  for (int i = 0; i < APP_STATES; i++)
    states[i + 1] = (struct option){
        application_states[i], application_state_label(application_states[i])};
  html_printf(&r->out, "<form method=\"get\" action=\"/schemes/%lld/"
                       "applications\" class=\"filters\">\n",
              (long long)s->id);
  field_input(r,
              &(struct field){.name = "q", .label = "Name or number",
                              .type = "search", .value = f->q},
              NULL);
  field_select(r, "state", "State", NULL, states, APP_STATES + 1, f->state,
               NULL);
  field_select(r, "returning", "Returning", NULL, returning, 3,
               f->returning < 0 ? "" : f->returning ? "1" : "0", NULL);
  html_printf(&r->out, "<div><button type=\"submit\">Filter</button> <a "
                       "href=\"/schemes/%lld/applications\">Clear</a></div>\n"
                       "</form>\n",
              (long long)s->id);
}

static int list_page(struct request *r, const struct scheme_row *s,
                     const struct err_detail *why, const char *done)
{
  struct application_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * LIST_PAGE);
  struct application_filter f;
  int64_t counts[APP_STATES], total = 0, all = 0;
  int page = page_number(r), n = 0, rc;
  const char *query;

  list_filter(r, s->id, &f);
  if ((rc = applications_counts(r->db, &r->session.user, s->id, counts)) ||
      (rc = applications_list(r->db, &r->session.user, &f, -1,
                              (page - 1) * LIST_PAGE, LIST_PAGE, rows, &n,
                              &total)))
    return rc;
  query = list_query(r, &f);
  page_begin(r, arena_printf(&r->arena, "Applications: %s", s->name));
  html_printf(&r->out, "<h1>Mentor applications</h1>\n<p class=\"lead\">%s, "
                       "%s.</p>\n",
              s->name, s->academic_year);
  scheme_nav(r, s);
  if (done)
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", done);
  error_summary(r, why);
  H(&r->out, "<ul class=\"counts\">");
  for (int i = 0; i < APP_STATES; i++) {
    all += counts[i];
    html_printf(&r->out, "<li><a href=\"/schemes/%lld/applications?state=%s\">"
                         "%s: %lld</a></li>",
                (long long)s->id, application_states[i],
                application_state_label(application_states[i]),
                (long long)counts[i]);
  }
  html_printf(&r->out, "<li>All: %lld</li></ul>\n", (long long)all);
  html_printf(&r->out, "<p><a href=\"/schemes/%lld/applications.csv\">"
                       "Download every application as CSV</a></p>\n",
              (long long)s->id);
  filter_form(r, s, &f);
  html_printf(&r->out, "<p role=\"status\">%lld %s.</p>\n", (long long)total,
              plural(total, "application", "applications"));
  if (!n)
    return page_end(r);
  html_printf(&r->out, "<form method=\"post\" action=\"/schemes/%lld/"
                       "applications?%s\"><input type=\"hidden\" "
                       "name=\"_csrf\" value=\"%s\">\n",
              (long long)s->id, query, request_csrf(r));
  table_begin(r, "Applications");
  H(&r->out, "<thead><tr><th scope=\"col\"><span class=\"visually-hidden\">"
             "Select</span></th><th scope=\"col\">Name</th><th scope=\"col\">"
             "Course</th><th scope=\"col\">Year</th><th scope=\"col\">"
             "Submitted</th><th scope=\"col\">State</th><th scope=\"col\">"
             "Average score</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    const struct application_row *a = &rows[i];
    char when[32], avg[16] = "—";
    struct buf gate;

    /* An accepted mentor: the training gate's answer beside the state. */
    buf_init(&gate, 2048);
    if (str_eq(a->state, "accepted")) {
      buf_puts(&gate, " — ");
      if ((rc = training_gate_text(r->db, a->student_user_id, s->id,
                                   clock_now(), &gate))) {
        buf_free(&gate);
        return rc;
      }
    }

    clock_format(a->created_at, when, sizeof(when));
    if (application_average(a) >= 0)
      snprintf(avg, sizeof(avg), "%.1f", application_average(a));
    html_printf(&r->out,
                "<tr><td><input type=\"checkbox\" id=\"pick%lld\" "
                "name=\"ids\" value=\"%lld\"><label for=\"pick%lld\" "
                "class=\"visually-hidden\">Select %s</label></td>"
                "<td><a href=\"/applications/%lld\">%s</a>%s%s%s%s</td>"
                "<td>%s</td><td>%d</td><td>%s</td><td>%s%s</td><td>%s</td>"
                "</tr>\n",
                (long long)a->id, (long long)a->id, (long long)a->id,
                a->legal_name, (long long)a->id, a->legal_name,
                a->preferred_name[0] ? " (" : "", a->preferred_name,
                a->preferred_name[0] ? ")" : "",
                a->returning_mentor ? " — returning mentor" : "",
                a->course_code, a->year_of_study, when,
                application_state_label(a->state), buf_cstr(&gate), avg);
    buf_free(&gate);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  H(&r->out, "<h2>Decide on the selected applications</h2>\n");
  field_select(r, "to", "Decision", NULL,
               (const struct option[]){{"under_review", "Start the review"},
                                       {"interview", "Invite to interview"},
                                       {"rejected", "Reject"}},
               3, form_value(r, "to"), why);
  field_textarea(r, "reason", "Reason, when rejecting", NULL,
                 form_value(r, "reason"), 2, why);
  field_textarea(r, "feedback", "Feedback for the applicants, when rejecting",
                 NULL, form_value(r, "feedback"), 3, why);
  H(&r->out, "<button type=\"submit\">Apply to the selected</button>\n"
             "</form>\n");
  pager(r, arena_printf(&r->arena, "/schemes/%lld/applications?%s",
                        (long long)s->id, query),
        page, LIST_PAGE, total);
  return page_end(r);
}

int page_scheme_applications(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  return rc ? rc : list_page(r, s, NULL, NULL);
}

int page_scheme_applications_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  struct bulk_result res;
  int64_t *ids;
  int n, k = 0, rc = managed_scheme(r, s);
  const char *msg;

  if (rc)
    return rc;
  n = kv_count(&r->form, "ids");
  ids = arena_alloc(&r->arena, sizeof(*ids) * (size_t)(n + 1));
  for (int i = 0; i < n; i++)
    if (str_to_i64(kv_nth(&r->form, "ids", i), 1, INT64_MAX, &ids[k]))
      k++;
  rc = application_bulk_move(r->db, &a, s->id, ids, k, form_value(r, "to"),
                             form_value(r, "reason"),
                             form_value(r, "feedback"), &res, &why);
  if (rc == ERR_INPUT) {
    r->status = 400;
    return list_page(r, s, &why, NULL);
  }
  if (rc)
    return rc;
  msg = res.skipped
            ? arena_printf(&r->arena,
                           "%d moved, %d skipped because they were already "
                           "%s.",
                           res.moved, res.skipped, res.skipped_states)
            : arena_printf(&r->arena, "%d moved.", res.moved);
  return list_page(r, s, NULL, msg);
}

static int write_out(void *ctx, const void *bytes, size_t n)
{
  buf_append(ctx, bytes, n);
  return buf_failed(ctx) ? -1 : 0;
}

int page_scheme_applications_csv(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  if ((rc = applications_export_csv(r->db, s->id, query_value(r, "state"),
                                    write_out, &r->out)))
    return rc == ERR_IO ? ERR_TOOBIG : rc;
  r->content_type = "text/csv; charset=utf-8";
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena,
                               "attachment; filename=\"applications-%lld.csv\"",
                               (long long)s->id));
  return 0;
}
