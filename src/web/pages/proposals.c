/* pages/proposals.c: student-led schemes. A student proposes a scheme and
 * follows its decision; coordinators and administrators work through the
 * queue (pending first), approving (which creates the scheme with the
 * student as its lead) or declining with a reason. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/access.h"
#include "domain/people.h"
#include "domain/proposals.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

enum { PROPOSALS_PAGE = 50, COURSES_MAX = 2000, SUPPORTERS_MAX = 2000 };

static int input_error(struct request *r, int rc)
{
  r->status = rc == ERR_CONFLICT ? 409 : 400;
  return 0;
}

/* The proposal of the path, for u: 0 with *ok, or a response sent. */
static int this_proposal(struct request *r, struct proposal_row *p, bool *ok)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  *ok = false;
  if (!id)
    return http_fail(r, 404, NULL);
  rc = proposal_get(r->db, &r->session.user, id, p);
  if (rc == ERR_NOTFOUND)
    return http_fail(r, 404, "There is no such proposal.");
  if (rc == ERR_PERM)
    return http_fail(r, 403, "Only the student who made a proposal, and "
                             "the coordinators, may see it.");
  if (rc)
    return rc;
  *ok = true;
  return 0;
}

static void status_tag(struct request *r, const char *status)
{
  html_printf(&r->out, "<span class=\"tag tag-%s\">%s</span>", status,
              proposal_status_label(status));
}

/* ------------------------------------------------------------- the list */

int page_proposals(struct request *r)
{
  struct proposal_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * PROPOSALS_PAGE);
  bool decider = proposal_may_decide(&r->session.user);
  bool student = access_has_role(&r->session.user, ROLE_STUDENT);
  int page = page_number(r), n = 0;
  int64_t total = 0;
  int rc = proposal_list(r->db, &r->session.user,
                         (page - 1) * PROPOSALS_PAGE, PROPOSALS_PAGE, rows,
                         &n, &total);

  if (rc)
    return rc;
  page_begin(r, decider ? "Proposed schemes" : "Your proposals");
  html_printf(&r->out, "<h1>%s</h1>\n",
              decider ? "Proposed schemes" : "Your proposals");
  if (decider)
    H(&r->out, "<p>Students propose schemes of their own. Approving one "
               "creates it as a draft with the student as its lead; you "
               "then finish setting it up.</p>\n");
  if (student)
    H(&r->out, "<p>Have an idea for a mentoring scheme? <a class=\"button\" "
               "href=\"/proposals/new\">Propose a scheme</a></p>\n");
  html_printf(&r->out, "<p role=\"status\">%lld %s.</p>\n", (long long)total,
              plural(total, "proposal", "proposals"));
  if (n) {
    table_begin(r, decider ? "Proposed schemes, waiting ones first"
                           : "Your proposals");
    H(&r->out, "<thead><tr><th scope=\"col\">Scheme</th>");
    if (decider)
      H(&r->out, "<th scope=\"col\">Proposed by</th>");
    H(&r->out, "<th scope=\"col\">Course</th><th scope=\"col\">Submitted"
               "</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      char when[32];

      clock_format(rows[i].created_at, when, sizeof(when));
      html_printf(&r->out, "<tr><td><a href=\"/proposals/%lld\">%s</a></td>",
                  (long long)rows[i].id, rows[i].name);
      if (decider)
        html_printf(&r->out, "<td>%s</td>", rows[i].proposer_name);
      html_printf(&r->out, "<td>%s</td><td>%s</td><td>",
                  rows[i].course_title[0] ? rows[i].course_title : "Any",
                  when);
      status_tag(r, rows[i].status);
      if (!decider && strcmp(rows[i].status, "declined") == 0)
        html_printf(&r->out, "<p>%s</p>", rows[i].reason);
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  pager(r, "/proposals", page, PROPOSALS_PAGE, total);
  return page_end(r);
}

/* -------------------------------------------------------------- propose */

static void course_select(struct request *r, const char *selected,
                          const struct err_detail *why)
{
  struct course_row *rows = arena_alloc(&r->arena, sizeof(*rows) * 200);
  struct option *opts = arena_alloc(&r->arena, sizeof(*opts) *
                                                   (COURSES_MAX + 1));
  int k = 0, got = 0;
  int64_t after = 0;

  opts[k++] = (struct option){"", "No particular course"};
  do {
    if (courses_list(r->db, 0, after, 200, rows, &got))
      break;
    for (int i = 0; i < got && k <= COURSES_MAX; i++)
      if (rows[i].active)
        opts[k++] = (struct option){
            arena_printf(&r->arena, "%lld", (long long)rows[i].id),
            arena_printf(&r->arena, "%s – %s", rows[i].code, rows[i].title)};
    if (got)
      after = rows[got - 1].id;
  } while (got == 200 && k <= COURSES_MAX);
  field_select(r, "course_id", "Course",
               "The course whose students the scheme is for.", opts, k,
               selected, why);
}

static void supporter_select(struct request *r, const char *selected,
                             const struct err_detail *why)
{
  struct supporter_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * SUPPORTERS_MAX);
  struct option *opts =
      arena_alloc(&r->arena, sizeof(*opts) * (SUPPORTERS_MAX + 1));
  int n = 0, k = 0;

  opts[k++] = (struct option){"", "Nobody yet"};
  if (proposal_supporters(r->db, rows, SUPPORTERS_MAX, &n) == 0)
    for (int i = 0; i < n; i++)
      opts[k++] = (struct option){
          arena_printf(&r->arena, "%lld", (long long)rows[i].id),
          rows[i].job_title[0]
              ? arena_printf(&r->arena, "%s – %s", rows[i].name,
                             rows[i].job_title)
              : rows[i].name};
  field_select(r, "supporter_staff_id", "A member of staff who supports it",
               "Optional: an academic who has agreed to support the scheme.",
               opts, k, selected, why);
}

static void count_field(struct request *r, const char *name,
                        const char *label, const char *value,
                        const struct err_detail *why)
{
  field_input(r,
              &(struct field){.name = name, .label = label, .type = "text",
                              .value = value, .hint = "A number, 0 to 1000.",
                              .autocomplete = "off", .required = true},
              why);
}

static int new_page(struct request *r, bool posted,
                    const struct err_detail *why)
{
  const char *course = posted ? form_value(r, "course_id") : "";

  if (!posted) {
    struct student_row *s = arena_alloc(&r->arena, sizeof(*s));

    /* Their own course, to start with. */
    if (profile_get(r->db, &r->session.user, s) == 0 && s->course_id)
      course = arena_printf(&r->arena, "%lld", (long long)s->course_id);
  }
  page_begin(r, "Propose a scheme");
  H(&r->out, "<p><a href=\"/proposals\">Your proposals</a></p>\n"
             "<h1>Propose a scheme</h1>\n<p>Tell the Peer Mentoring Team "
             "what you would like to run. If they approve it, the scheme is "
             "created with you as its lead, and they help you set it up."
             "</p>\n");
  error_summary(r, why);
  form_begin(r, "/proposals/new");
  field_input(r,
              &(struct field){.name = "name", .label = "Name of the scheme",
                              .type = "text",
                              .value = posted ? form_value(r, "name") : "",
                              .autocomplete = "off", .required = true},
              why);
  field_textarea(r, "purpose", "What is it for?",
                 "Who it would help, and how. The first line becomes the "
                 "scheme's summary.",
                 posted ? form_value(r, "purpose") : "", 6, why);
  course_select(r, course, why);
  count_field(r, "expected_mentors", "How many mentors do you expect?",
              posted ? form_value(r, "expected_mentors") : "", why);
  count_field(r, "expected_mentees", "How many mentees do you expect?",
              posted ? form_value(r, "expected_mentees") : "", why);
  supporter_select(r, posted ? form_value(r, "supporter_staff_id") : "",
                   why);
  H(&r->out, "<button type=\"submit\">Send the proposal</button>\n"
             "</form>\n");
  return page_end(r);
}

int page_proposal_new(struct request *r)
{
  return new_page(r, false, NULL);
}

/* An optional id field: 0 when empty; false when it is not an id. */
static bool id_field(struct request *r, const char *name, int64_t *id)
{
  const char *v = form_value(r, name);

  *id = 0;
  return !v[0] || str_to_i64(v, 1, INT64_MAX, id);
}

static bool count_of(struct request *r, const char *name, int *out)
{
  char v[32];
  int64_t n;

  str_copy(v, sizeof(v), form_value(r, name));
  if (!str_to_i64(str_trim(v), 0, PROPOSAL_COUNT_MAX, &n))
    return false;
  *out = (int)n;
  return true;
}

int page_proposal_new_post(struct request *r)
{
  struct proposal_row *p = arena_alloc(&r->arena, sizeof(*p));
  struct err_detail why = {"", ""};
  int64_t id = 0;
  int rc;

  memset(p, 0, sizeof(*p));
  str_copy(p->name, sizeof(p->name), form_value(r, "name"));
  if (strlen(form_value(r, "purpose")) >= sizeof(p->purpose)) {
    err_set(&why, ERR_INPUT, "purpose",
            "Say what the scheme is for in at most 4000 characters.");
    goto bad;
  }
  str_copy(p->purpose, sizeof(p->purpose), form_value(r, "purpose"));
  if (!id_field(r, "course_id", &p->course_id)) {
    err_set(&why, ERR_INPUT, "course_id", "Choose a course.");
    goto bad;
  }
  if (!id_field(r, "supporter_staff_id", &p->supporter_staff_id)) {
    err_set(&why, ERR_INPUT, "supporter_staff_id",
            "Choose a member of staff, or nobody yet.");
    goto bad;
  }
  /* The name and purpose first, as the form reads. */
  if ((rc = proposal_validate(r->db, p, &why)) == 0) {
    if (!count_of(r, "expected_mentors", &p->expected_mentors)) {
      err_set(&why, ERR_INPUT, "expected_mentors",
              "Enter the number of mentors you expect, from 0 to 1000.");
      goto bad;
    }
    if (!count_of(r, "expected_mentees", &p->expected_mentees)) {
      err_set(&why, ERR_INPUT, "expected_mentees",
              "Enter the number of mentees you expect, from 0 to 1000.");
      goto bad;
    }
    rc = proposal_create(r->db, &r->session.user, r->ip, p, &id, &why);
  }
  if (rc == ERR_INPUT)
    goto bad;
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/proposals/%lld?sent=1",
                                  (long long)id));
bad:
  input_error(r, ERR_INPUT);
  return new_page(r, true, &why);
}

/* ------------------------------------------------------------ one proposal */

static int proposal_page(struct request *r, const struct proposal_row *p,
                         const struct err_detail *why)
{
  bool decider = proposal_may_decide(&r->session.user);
  char when[32];

  page_begin(r, arena_printf(&r->arena, "Proposal: %s", p->name));
  html_printf(&r->out, "<p><a href=\"/proposals\">%s</a></p>\n<h1>%s</h1>\n",
              decider ? "Proposed schemes" : "Your proposals", p->name);
  if (*query_value(r, "sent"))
    H(&r->out, "<div class=\"notice\" role=\"status\"><p>Your proposal has "
               "been sent. You will hear by email when it has been decided."
               "</p></div>\n");
  if (*query_value(r, "decided"))
    H(&r->out, "<div class=\"notice\" role=\"status\"><p>The decision has "
               "been saved and the student told by email.</p></div>\n");
  error_summary(r, why);
  H(&r->out, "<p>");
  status_tag(r, p->status);
  H(&r->out, "</p>\n");
  if (strcmp(p->status, "approved") == 0 && p->scheme_id)
    html_printf(&r->out,
                "<p>The scheme has been created as a draft. <a "
                "href=\"/schemes/%lld\">%s</a></p>\n",
                (long long)p->scheme_id,
                decider ? "Finish setting up the scheme"
                        : "See your scheme");
  if (strcmp(p->status, "declined") == 0)
    html_printf(&r->out, "<h2>Why it was declined</h2>\n<p>%s</p>\n",
                p->reason);
  clock_format(p->created_at, when, sizeof(when));
  html_printf(&r->out,
              "<dl class=\"summary\"><dt>Proposed by</dt><dd>%s</dd>"
              "<dt>Submitted</dt><dd>%s</dd><dt>Course</dt><dd>%s</dd>"
              "<dt>Mentors expected</dt><dd>%d</dd>"
              "<dt>Mentees expected</dt><dd>%d</dd>"
              "<dt>Supported by</dt><dd>%s</dd>",
              p->proposer_name, when,
              p->course_title[0] ? p->course_title : "No particular course",
              p->expected_mentors, p->expected_mentees,
              p->supporter_name[0] ? p->supporter_name : "Nobody yet");
  if (p->decided_by && p->decider_name[0])
    html_printf(&r->out, "<dt>Decided by</dt><dd>%s</dd>", p->decider_name);
  html_printf(&r->out, "</dl>\n<h2>What it is for</h2>\n"
                       "<p class=\"prose\">%s</p>\n",
              p->purpose);
  if (decider && strcmp(p->status, "pending") == 0) {
    H(&r->out, "<h2>Decide</h2>\n<p>Approving creates the scheme as a "
               "draft of type custom, with the student as its lead.</p>\n");
    form_begin(r, arena_printf(&r->arena, "/proposals/%lld/approve",
                               (long long)p->id));
    H(&r->out, "<button type=\"submit\">Approve and create the scheme"
               "</button>\n</form>\n");
    form_begin(r, arena_printf(&r->arena, "/proposals/%lld/decline",
                               (long long)p->id));
    field_textarea(r, "reason", "Reason for declining",
                   "The student reads this in an email.",
                   why && strcmp(why->field, "reason") == 0
                       ? form_value(r, "reason")
                       : "",
                   4, why);
    H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Decline"
               "</button>\n</form>\n");
  }
  return page_end(r);
}

int page_proposal(struct request *r)
{
  struct proposal_row *p = arena_alloc(&r->arena, sizeof(*p));
  bool ok;
  int rc = this_proposal(r, p, &ok);

  if (rc || !ok)
    return rc;
  return proposal_page(r, p, NULL);
}

/* After a decision: the page again, or its error. */
static int decided(struct request *r, struct proposal_row *p, int rc,
                   struct err_detail *why)
{
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    int64_t id = p->id;

    input_error(r, rc);
    /* Show the proposal as it now is (someone may have decided). */
    if ((rc = proposal_get(r->db, &r->session.user, id, p)))
      return rc;
    return proposal_page(r, p, why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/proposals/%lld?decided=1",
                                  (long long)p->id));
}

int page_proposal_approve_post(struct request *r)
{
  struct proposal_row *p = arena_alloc(&r->arena, sizeof(*p));
  struct err_detail why = {"", ""};
  int64_t scheme_id = 0;
  bool ok;
  int rc = this_proposal(r, p, &ok);

  if (rc || !ok)
    return rc;
  rc = proposal_approve(r->db, &r->session.user, r->ip, p->id, &scheme_id,
                        &why);
  return decided(r, p, rc, &why);
}

int page_proposal_decline_post(struct request *r)
{
  struct proposal_row *p = arena_alloc(&r->arena, sizeof(*p));
  struct err_detail why = {"", ""};
  bool ok;
  int rc = this_proposal(r, p, &ok);

  if (rc || !ok)
    return rc;
  rc = proposal_decline(r->db, &r->session.user, r->ip, p->id,
                        form_value(r, "reason"), &why);
  return decided(r, p, rc, &why);
}
