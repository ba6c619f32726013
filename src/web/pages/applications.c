/* pages/applications.c: a mentor application as the applicant and the
 * scheme's reviewers see it: applying (eligibility first), a student's
 * own applications, the application's page (answers, history, interview,
 * offer, scores and notes, the decisions the pipeline allows) and the
 * posts that change it. The managers' pages for setting a scheme up and
 * reviewing many applications are in pages/application_admin.c. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/applications.h"
#include "domain/schemes.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct app_actor actor_of(struct request *r)
{
  return (struct app_actor){&r->session.user, r->ip, r->cfg->base_url};
}

static const char *name_of(const struct application_row *a)
{
  return a->preferred_name[0] ? a->preferred_name : a->legal_name;
}

static const char *when(struct request *r, int64_t t)
{
  char *b = arena_alloc(&r->arena, 32);

  clock_format(t, b, 32);
  return b;
}

static void notice(struct request *r, const char *text)
{
  html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
              text);
}

/* Text with its line breaks kept, escaped. */
static void paragraphs(struct request *r, const char *text)
{
  H(&r->out, "<p class=\"answer\">");
  for (const char *p = text; *p;) {
    size_t len = strcspn(p, "\n");

    html_printf(&r->out, "%.*s", (int)len, p);
    p += len;
    if (*p == '\n') {
      H(&r->out, "<br>");
      p++;
    }
  }
  H(&r->out, "</p>\n");
}

/* The scheme at {id} for a student: published ones only, unless they
 * manage it. */
static int student_scheme(struct request *r, struct scheme_row *s)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if (!str_eq(s->status, "published") &&
      !scheme_may_manage(r->db, &r->session.user, s->id))
    return ERR_NOTFOUND;
  return 0;
}

/* ------------------------------------------------------------------ apply */

/* The value of question q's field: what was posted, joined by lines for
 * a multiple choice. */
static const char *posted_answer(struct request *r, const struct question_row *q)
{
  char name[32];
  struct buf b;
  char *out;
  int n;

  snprintf(name, sizeof(name), "q%lld", (long long)q->id);
  if (!str_eq(q->kind, "multiple"))
    return form_value(r, name);
  n = kv_count(&r->form, name);
  buf_init(&b, A_ANSWER * 2);
  for (int i = 0; i < n; i++) {
    if (i)
      buf_putc(&b, '\n');
    buf_puts(&b, kv_nth(&r->form, name, i));
  }
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static void choice_inputs(struct request *r, const struct question_row *q,
                          const char *name, const char *value)
{
  bool multiple = str_eq(q->kind, "multiple");
  int k = 0;

  for (const char *p = q->choices; *p;) {
    size_t len = strcspn(p, "\n");
    char *choice = arena_strndup(&r->arena, p, len);
    bool on = false;

    /* Is choice among the lines of value? */
    for (const char *v = value; v && *v;) {
      size_t vl = strcspn(v, "\n");

      if (vl == len && strncmp(v, choice, len) == 0)
        on = true;
      v += vl;
      v += *v == '\n';
    }
    html_printf(&r->out,
                "<div><input type=\"%s\" id=\"%s%s%d\" name=\"%s\" "
                "value=\"%s\"%s><label for=\"%s%s%d\">%s</label></div>\n",
                multiple ? "checkbox" : "radio", name, k ? "-" : "", k,
                name, choice, on ? " checked" : "", name, k ? "-" : "", k,
                choice);
    k++;
    p += len;
    p += *p == '\n';
  }
}

static void question_field(struct request *r, const struct question_row *q,
                           const char *value, const struct err_detail *why)
{
  char name[32];
  const char *label = q->required
                          ? q->prompt
                          : arena_printf(&r->arena, "%s (optional)", q->prompt);

  snprintf(name, sizeof(name), "q%lld", (long long)q->id);
  if (str_eq(q->kind, "short")) {
    field_input(r,
                &(struct field){.name = name, .label = label, .type = "text",
                                .value = value, .required = q->required},
                why);
  } else if (str_eq(q->kind, "long")) {
    field_textarea(r, name, label, NULL, value, 6, why);
  } else {
    bool bad = why && why->msg[0] && str_eq(why->field, name);

    html_printf(&r->out, "<fieldset class=\"field checkboxes%s\">"
                         "<legend>%s</legend>\n",
                bad ? " field-error" : "", label);
    field_error(r, name, why);
    choice_inputs(r, q, name, value);
    H(&r->out, "</fieldset>\n");
  }
}

static int apply_page(struct request *r, const struct scheme_row *s,
                      bool posted, const struct err_detail *why)
{
  struct question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * APP_QUESTIONS_MAX);
  struct apply_status st;
  char today[11];
  int nq = 0, rc;

  applications_today(today);
  if ((rc = application_status(r->db, &r->session.user, s, today, &st)) ||
      (rc = application_questions(r->db, s->id, qs, APP_QUESTIONS_MAX, &nq)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Apply to mentor: %s", s->name));
  html_printf(&r->out, "<h1>Apply to mentor: %s</h1>\n<p class=\"lead\">%s, "
                       "%s.</p>\n",
              s->name, scheme_type_label(s->type), s->academic_year);
  error_summary(r, why);
  if (!st.has_student) {
    H(&r->out, "<p>We have no student record for your account, so you "
               "cannot apply yet. If you are a student here, ask the Peer "
               "Mentoring Team to check your record.</p>\n");
    return page_end(r);
  }
  if (st.existing_id) {
    html_printf(&r->out, "<p>You have already applied to this scheme. <a "
                         "href=\"/applications/%lld\">See your application"
                         "</a>.</p>\n",
                (long long)st.existing_id);
    return page_end(r);
  }
  html_printf(&r->out, "<h2>Eligibility</h2>\n<p class=\"eligibility\">%s"
                       "</p>\n",
              st.elig.explanation);
  if (!st.elig.eligible)
    return page_end(r);
  if (!st.open) {
    H(&r->out, "<p>This scheme is not taking applications at the "
               "moment.</p>\n");
    return page_end(r);
  }
  if (st.returning)
    H(&r->out, "<div class=\"notice\"><p>Welcome back. You have mentored "
               "with us before: your earlier applications and their "
               "outcomes stay with your record, and the reviewers will see "
               "them.</p></div>\n");
  H(&r->out, "<h2>Your application</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/apply",
                             (long long)s->id));
  for (int i = 0; i < nq; i++)
    question_field(r, &qs[i], posted ? posted_answer(r, &qs[i]) : "", why);
  H(&r->out, "<button type=\"submit\">Send my application</button>\n"
             "</form>\n");
  return page_end(r);
}

int page_scheme_apply(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = student_scheme(r, s);

  return rc ? rc : apply_page(r, s, false, NULL);
}

int page_scheme_apply_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * APP_QUESTIONS_MAX);
  const char **answers = arena_alloc(&r->arena, sizeof(char *) *
                                                    APP_QUESTIONS_MAX);
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  char today[11];
  int64_t id = 0;
  int nq = 0, rc;

  if ((rc = student_scheme(r, s)) ||
      (rc = application_questions(r->db, s->id, qs, APP_QUESTIONS_MAX, &nq)))
    return rc;
  for (int i = 0; i < nq; i++)
    answers[i] = posted_answer(r, &qs[i]);
  applications_today(today);
  rc = application_apply(r->db, &a, s, today, answers, nq, &id, &why);
  if (rc == 0)
    return redirect(r, arena_printf(&r->arena, "/applications/%lld?sent=1",
                                    (long long)id));
  if (rc == ERR_CONFLICT && id)
    return redirect(r, arena_printf(&r->arena, "/applications/%lld",
                                    (long long)id));
  if (rc == ERR_INPUT) {
    r->status = 400;
    return apply_page(r, s, true, &why);
  }
  if (rc == ERR_PERM || rc == ERR_CONFLICT || rc == ERR_NOTFOUND) {
    /* Not eligible, closed, or no record: the page says which, and why. */
    r->status = rc == ERR_PERM ? 403 : rc == ERR_CONFLICT ? 409 : 403;
    return apply_page(r, s, true, why.msg[0] ? &why : NULL);
  }
  return rc;
}

/* ------------------------------------------------------ your applications */

int page_my_applications(struct request *r)
{
  struct application_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * APP_HISTORY_MAX);
  int n = 0, rc = applications_mine(r->db, &r->session.user, rows,
                                    APP_HISTORY_MAX, &n);

  if (rc)
    return rc;
  page_begin(r, "Your applications");
  H(&r->out, "<h1>Your applications</h1>\n");
  if (!n) {
    H(&r->out, "<p>You have not applied to mentor on a scheme yet. Find one "
               "in the <a href=\"/schemes\">scheme catalogue</a>.</p>\n");
    return page_end(r);
  }
  table_begin(r, "Your mentor applications");
  H(&r->out, "<thead><tr><th scope=\"col\">Scheme</th><th scope=\"col\">"
             "Year</th><th scope=\"col\">Applied</th><th scope=\"col\">"
             "State</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out,
                "<tr><td><a href=\"/applications/%lld\">%s</a></td><td>%s"
                "</td><td>%s</td><td>%s</td></tr>\n",
                (long long)rows[i].id, rows[i].scheme_name,
                rows[i].academic_year, when(r, rows[i].created_at),
                application_state_label(rows[i].state));
  H(&r->out, "</tbody>\n");
  table_end(r);
  return page_end(r);
}

/* ------------------------------------------------------ one application */

static const char *answer_of(const struct application_detail *d, int64_t qid)
{
  for (int i = 0; i < d->nanswers; i++)
    if (d->answers[i].question_id == qid)
      return d->answers[i].answer;
  return "";
}

static void hidden(struct request *r, const char *name, const char *value)
{
  html_printf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">",
              name, value);
}

static void post_form(struct request *r, int64_t id, const char *what)
{
  form_begin(r, arena_printf(&r->arena, "/applications/%lld/%s",
                             (long long)id, what));
}

/* A form moving the application to state to. */
static void decision_form(struct request *r, const struct application_row *a,
                          const char *to, const char *button,
                          const struct err_detail *why)
{
  post_form(r, a->id, "transition");
  hidden(r, "to", to);
  hidden(r, "version", arena_printf(&r->arena, "%d", a->version));
  if (str_eq(to, "rejected")) {
    field_textarea(r, "reason", "Reason for rejecting",
                   "For the reviewers' records.", form_value(r, "reason"), 2,
                   why);
    field_textarea(r, "feedback", "Feedback for the applicant",
                   "Sent to the applicant with the decision.",
                   form_value(r, "feedback"), 4, why);
  }
  /* The class is markup, not text: html_printf would escape it. */
  if (str_eq(to, "rejected") || str_eq(to, "withdrawn"))
    H(&r->out, "<button type=\"submit\" class=\"button-secondary\">");
  else
    H(&r->out, "<button type=\"submit\">");
  html_printf(&r->out, "%s</button>\n</form>\n", button);
}

static const char *decision_label(const char *to)
{
  if (str_eq(to, "under_review"))
    return "Start the review";
  if (str_eq(to, "interview"))
    return "Invite to interview";
  if (str_eq(to, "offered"))
    return "Offer the role";
  if (str_eq(to, "rejected"))
    return "Reject";
  return to;
}

static void interview_part(struct request *r, const struct application_detail *d,
                           const struct err_detail *why)
{
  struct slot_row *slots = arena_alloc(&r->arena, sizeof(*slots) *
                                                      APP_SLOTS_MAX);
  int n = 0, free_slots = 0;
  int64_t now = clock_now();

  if (d->has_slot) {
    html_printf(&r->out, "<h2>Interview</h2>\n<p>%s (UTC), %d minutes, at "
                         "%s%s%s.</p>\n",
                when(r, d->slot.starts_at), d->slot.minutes, d->slot.place,
                d->slot.interviewer[0] ? ", with " : "", d->slot.interviewer);
  }
  if (d->access != APP_APPLICANT || !str_eq(d->app.state, "interview"))
    return;
  if (!d->has_slot)
    H(&r->out, "<h2>Interview</h2>\n<p>You are invited to an interview. "
               "Choose a time that suits you.</p>\n");
  if (interview_slots(r->db, d->app.scheme_id, slots, APP_SLOTS_MAX, &n))
    return;
  for (int i = 0; i < n; i++)
    free_slots += !slots[i].application_id && slots[i].starts_at > now;
  if (!free_slots) {
    H(&r->out, "<p>There are no free interview slots at the moment. The "
               "scheme's coordinators will add more.</p>\n");
    return;
  }
  post_form(r, d->app.id, "interview");
  html_printf(&r->out, "<fieldset class=\"field checkboxes%s\"><legend>%s"
                       "</legend>\n",
              why && str_eq(why->field, "slot") ? " field-error" : "",
              d->has_slot ? "Move to another slot" : "Interview slots");
  field_error(r, "slot", why);
  for (int i = 0, k = 0; i < n; i++) {
    if (slots[i].application_id || slots[i].starts_at <= now)
      continue;
    html_printf(&r->out,
                "<div><input type=\"radio\" id=\"slot%s%d\" name=\"slot\" "
                "value=\"%lld\"><label for=\"slot%s%d\">%s (UTC), %d "
                "minutes, at %s</label></div>\n",
                k ? "-" : "", k, (long long)slots[i].id, k ? "-" : "", k,
                when(r, slots[i].starts_at), slots[i].minutes,
                slots[i].place);
    k++;
  }
  html_printf(&r->out, "</fieldset>\n<button type=\"submit\">%s</button>\n"
                       "</form>\n",
              d->has_slot ? "Move my interview" : "Book this slot");
}

static void offer_part(struct request *r, const struct application_detail *d,
                       const struct err_detail *why)
{
  struct buf agreement;
  bool bad = why && str_eq(why->field, "agreement");

  buf_init(&agreement, 4096);
  application_agreement(r->db, d->app.scheme_id, &agreement);
  H(&r->out, "<h2>Your offer</h2>\n<p>You are offered the mentor role. "
             "Before you accept, read the role agreement.</p>\n");
  html_printf(&r->out, "<div class=\"agreement\"><h3>The role agreement and "
                       "its boundaries</h3>\n<p>%s</p></div>\n",
              buf_cstr(&agreement));
  buf_free(&agreement);
  post_form(r, d->app.id, "transition");
  hidden(r, "to", "accepted");
  hidden(r, "version", arena_printf(&r->arena, "%d", d->app.version));
  html_printf(&r->out, "<div class=\"field checkboxes%s\">",
              bad ? " field-error" : "");
  field_error(r, "agreement", why);
  /* Attributes are markup, not text: html_printf would escape them. */
  H(&r->out, "<input type=\"checkbox\" id=\"agreement\" "
             "name=\"agreement\" value=\"1\"");
  if (bad)
    H(&r->out, " aria-invalid=\"true\" aria-describedby=\"agreement-error\"");
  H(&r->out, "><label for=\"agreement\">I accept the role agreement and its "
             "boundaries</label></div>\n");
  H(&r->out, "<button type=\"submit\">Accept the offer</button>\n</form>\n");
}

static void scores_part(struct request *r, const struct application_detail *d,
                        const struct err_detail *why)
{
  const struct user *me = &r->session.user;

  H(&r->out, "<h2>Scores</h2>\n");
  if (!d->nrubric) {
    html_printf(&r->out, "<p>This scheme has no rubric yet. <a "
                         "href=\"/schemes/%lld/rubric\">Set one up</a>.</p>\n",
                (long long)d->app.scheme_id);
    return;
  }
  if (d->nscores) {
    table_begin(r, "Reviewers' scores");
    H(&r->out, "<thead><tr><th scope=\"col\">Reviewer</th><th scope=\"col\">"
               "Criterion</th><th scope=\"col\">Score</th></tr></thead>\n"
               "<tbody>\n");
    for (int i = 0; i < d->nscores; i++) {
      const char *crit = "";
      int max = 0;

      for (int k = 0; k < d->nrubric; k++)
        if (d->rubric[k].id == d->scores[i].rubric_id) {
          crit = d->rubric[k].criterion;
          max = d->rubric[k].max_score;
        }
      html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%d of %d</td>"
                           "</tr>\n",
                  d->scores[i].reviewer_name, crit, d->scores[i].score, max);
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
    if (application_average(&d->app) >= 0) {
      char avg[32]; /* html_printf has no %f */

      snprintf(avg, sizeof(avg), "%.1f", application_average(&d->app));
      html_printf(&r->out, "<p>Average total: %s.</p>\n", avg);
    }
  }
  post_form(r, d->app.id, "score");
  H(&r->out, "<fieldset><legend>Your scores</legend>\n");
  for (int k = 0; k < d->nrubric; k++) {
    const struct rubric_row *c = &d->rubric[k];
    struct option *opts = arena_alloc(&r->arena, sizeof(*opts) * 12);
    char name[32];
    const char *mine = "";

    snprintf(name, sizeof(name), "r%lld", (long long)c->id);
    for (int i = 0; i < d->nscores; i++)
      if (d->scores[i].rubric_id == c->id && d->scores[i].reviewer_id == me->id)
        mine = arena_printf(&r->arena, "%d", d->scores[i].score);
    opts[0] = (struct option){"", "Not scored"};
    for (int v = 0; v <= c->max_score; v++)
      opts[v + 1] = (struct option){arena_printf(&r->arena, "%d", v),
                                    arena_printf(&r->arena, "%d", v)};
    field_select(r, name,
                 arena_printf(&r->arena, "%s (0 to %d)", c->criterion,
                              c->max_score),
                 NULL, opts, c->max_score + 2, mine, why);
  }
  H(&r->out, "</fieldset>\n<button type=\"submit\">Save my scores</button>\n"
             "</form>\n");
}

static void notes_part(struct request *r, const struct application_detail *d,
                       const struct err_detail *why)
{
  H(&r->out, "<h2>Reviewers' notes</h2>\n");
  if (!d->nnotes)
    H(&r->out, "<p>No notes yet.</p>\n");
  for (int i = 0; i < d->nnotes; i++) {
    html_printf(&r->out, "<div class=\"note\"><p class=\"hint\">%s, %s</p>",
                d->notes[i].author_name[0] ? d->notes[i].author_name
                                           : "Someone",
                when(r, d->notes[i].at));
    paragraphs(r, d->notes[i].body);
    H(&r->out, "</div>\n");
  }
  post_form(r, d->app.id, "notes");
  field_textarea(r, "note", "Add a note", "Only the scheme's reviewers see "
                                          "notes.",
                 why && str_eq(why->field, "note") ? form_value(r, "note") : "",
                 3, why);
  H(&r->out, "<button type=\"submit\">Add the note</button>\n</form>\n");
}

static void history_part(struct request *r, const struct application_detail *d)
{
  H(&r->out, "<h2>History</h2>\n");
  table_begin(r, "What happened to this application");
  H(&r->out, "<thead><tr><th scope=\"col\">When</th><th scope=\"col\">"
             "Change</th><th scope=\"col\">By</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < d->nevents; i++) {
    const struct app_event_row *e = &d->events[i];

    html_printf(&r->out, "<tr><td>%s</td><td>%s%s%s</td><td>%s</td></tr>\n",
                when(r, e->at), application_state_label(e->to_state),
                d->access == APP_MANAGER && e->note[0] ? ": " : "",
                d->access == APP_MANAGER ? e->note : "",
                e->actor_name[0] ? e->actor_name : "—");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

static int application_page(struct request *r, int64_t id,
                            const struct err_detail *why)
{
  struct application_detail *d = arena_alloc(&r->arena, sizeof(*d));
  const struct application_row *a = &d->app;
  const char *next[APP_STATES];
  bool manager;
  int n, rc = application_detail(r->db, &r->session.user, id, d);

  if (rc)
    return rc;
  manager = d->access == APP_MANAGER;
  page_begin(r, manager ? arena_printf(&r->arena, "Application: %s",
                                       name_of(a))
                        : "Your application");
  if (manager)
    html_printf(&r->out, "<h1>%s's application</h1>\n", name_of(a));
  else
    H(&r->out, "<h1>Your application</h1>\n");
  html_printf(&r->out, "<p class=\"lead\">To mentor on <a href=\"/schemes/"
                       "%lld\">%s</a>, %s.</p>\n",
              (long long)a->scheme_id, a->scheme_name, a->academic_year);
  if (*query_value(r, "sent"))
    notice(r, "Your application has been sent. We have emailed you a "
              "copy of what happens next.");
  if (*query_value(r, "moved"))
    notice(r, arena_printf(&r->arena, "The application is now: %s.",
                           application_state_label(a->state)));
  if (*query_value(r, "booked"))
    notice(r, "Your interview is booked. We have emailed you the details.");
  if (*query_value(r, "scored"))
    notice(r, "Your scores have been saved.");
  if (*query_value(r, "noted"))
    notice(r, "The note has been added.");
  error_summary(r, why);

  H(&r->out, "<dl class=\"summary\">\n");
  html_printf(&r->out, "<dt>State</dt><dd><strong class=\"state\">%s"
                       "</strong></dd>\n",
              application_state_label(a->state));
  html_printf(&r->out, "<dt>Applied</dt><dd>%s</dd>\n",
              when(r, a->created_at));
  if (manager) {
    html_printf(&r->out,
                "<dt>Student</dt><dd>%s (%s)</dd>\n<dt>Email</dt><dd>%s</dd>\n"
                "<dt>Course</dt><dd>%s %s, year %d</dd>\n",
                a->legal_name, a->student_number, a->email, a->course_code,
                a->course_title, a->year_of_study);
    html_printf(&r->out, "<dt>Returning mentor</dt><dd>%s</dd>\n",
                a->returning_mentor ? "Yes" : "No");
    html_printf(&r->out, "<dt>Eligibility when applying</dt><dd>%s</dd>\n",
                a->eligibility);
  }
  if (a->agreement_at)
    html_printf(&r->out, "<dt>Agreement accepted</dt><dd>%s</dd>\n",
                when(r, a->agreement_at));
  if (str_eq(a->state, "rejected")) {
    if (manager)
      html_printf(&r->out, "<dt>Reason</dt><dd>%s</dd>\n", a->reason);
    html_printf(&r->out, "<dt>Feedback</dt><dd>%s</dd>\n",
                a->feedback[0] ? a->feedback : "None given.");
  }
  H(&r->out, "</dl>\n");

  if (manager && d->nhistory) {
    H(&r->out, "<h2>Earlier applications</h2>\n<ul>\n");
    for (int i = 0; i < d->nhistory; i++)
      html_printf(&r->out, "<li><a href=\"/applications/%lld\">%s, %s</a>: "
                           "%s</li>\n",
                  (long long)d->history[i].id, d->history[i].scheme_name,
                  d->history[i].academic_year,
                  application_state_label(d->history[i].state));
    H(&r->out, "</ul>\n");
  }

  interview_part(r, d, why);
  if (d->access == APP_APPLICANT && str_eq(a->state, "offered"))
    offer_part(r, d, why);

  H(&r->out, "<h2>Answers</h2>\n");
  if (!d->nquestions)
    H(&r->out, "<p>No questions were asked.</p>\n");
  for (int i = 0; i < d->nquestions; i++) {
    const char *ans = answer_of(d, d->questions[i].id);

    html_printf(&r->out, "<h3>%s</h3>\n", d->questions[i].prompt);
    if (ans[0])
      paragraphs(r, ans);
    else
      H(&r->out, "<p>No answer.</p>\n");
  }

  if (manager) {
    n = application_next_states(a->state, next);
    H(&r->out, "<h2>Decision</h2>\n");
    if (application_state_final(a->state))
      H(&r->out, "<p>This application is closed: no more decisions.</p>\n");
    else if (str_eq(a->state, "offered"))
      H(&r->out, "<p>Waiting for the applicant to accept the offer.</p>\n");
    for (int i = 0; i < n; i++)
      if (!application_by_applicant(next[i]))
        decision_form(r, a, next[i], decision_label(next[i]), why);
    scores_part(r, d, why);
    notes_part(r, d, why);
  }
  if (d->access == APP_APPLICANT && !application_state_final(a->state)) {
    H(&r->out, "<h2>Withdraw</h2>\n<p>If you no longer want to mentor on "
               "this scheme, you can withdraw. This cannot be undone.</p>\n");
    decision_form(r, a, "withdrawn", "Withdraw my application", why);
  }
  history_part(r, d);
  if (d->access == APP_APPLICANT)
    H(&r->out, "<p><a href=\"/applications\">All your applications</a></p>\n");
  else
    html_printf(&r->out, "<p><a href=\"/schemes/%lld/applications\">All "
                         "applications to this scheme</a></p>\n",
                (long long)a->scheme_id);
  return page_end(r);
}

int page_application(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? application_page(r, id, NULL) : ERR_NOTFOUND;
}

static int back_to(struct request *r, int64_t id, const char *flag)
{
  return redirect(r, arena_printf(&r->arena, "/applications/%lld?%s=1",
                                  (long long)id, flag));
}

/* After a refused post: the page again with what was wrong (400), the
 * conflict page (409), or a refusal (403). */
static int refused(struct request *r, int64_t id, int rc,
                   const struct err_detail *why)
{
  if (rc == ERR_INPUT) {
    r->status = 400;
    return application_page(r, id, why);
  }
  if (rc == ERR_CONFLICT || rc == ERR_PERM)
    return http_fail(r, rc == ERR_CONFLICT ? 409 : 403,
                     why->msg[0] ? why->msg : NULL);
  return rc;
}

int page_application_transition_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  int64_t id = request_param_id(r, 0), version = 0;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if (*form_value(r, "version") &&
      !str_to_i64(form_value(r, "version"), 1, 1 << 30, &version))
    return ERR_INPUT;
  rc = application_move(r->db, &a, id, (int)version, form_value(r, "to"),
                        form_value(r, "reason"), form_value(r, "feedback"),
                        str_eq(form_value(r, "agreement"), "1"), &why, NULL);
  return rc ? refused(r, id, rc, &why) : back_to(r, id, "moved");
}

int page_application_interview_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  int64_t id = request_param_id(r, 0), slot;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if (!str_to_i64(form_value(r, "slot"), 1, INT64_MAX, &slot)) {
    err_set(&why, ERR_INPUT, "slot", "Choose an interview slot.");
    return refused(r, id, ERR_INPUT, &why);
  }
  rc = interview_book(r->db, &a, id, slot, &why);
  if (rc == ERR_CONFLICT && str_eq(why.field, "slot"))
    rc = ERR_INPUT, r->status = 409; /* someone took it: choose again */
  if (rc == ERR_INPUT) {
    if (r->status != 409)
      r->status = 400;
    return application_page(r, id, &why);
  }
  return rc ? refused(r, id, rc, &why) : back_to(r, id, "booked");
}

int page_application_score_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  struct application_row *app = arena_alloc(&r->arena, sizeof(*app));
  struct rubric_row rubric[APP_RUBRIC_MAX];
  int scores[APP_RUBRIC_MAX];
  int64_t id = request_param_id(r, 0), v;
  int n = 0, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = application_get(r->db, &r->session.user, id, app, NULL)) ||
      (rc = rubric_list(r->db, app->scheme_id, rubric, APP_RUBRIC_MAX, &n)))
    return rc;
  for (int i = 0; i < n; i++) {
    char name[32];
    const char *val;

    snprintf(name, sizeof(name), "r%lld", (long long)rubric[i].id);
    val = form_value(r, name);
    scores[i] = -1;
    if (!*val)
      continue;
    if (!str_to_i64(val, 0, 10, &v)) {
      err_set(&why, ERR_INPUT, name, "Choose a score from the list.");
      return refused(r, id, ERR_INPUT, &why);
    }
    scores[i] = (int)v;
  }
  rc = application_score(r->db, &a, id, scores, n, &why);
  return rc ? refused(r, id, rc, &why) : back_to(r, id, "scored");
}

int page_application_note_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct app_actor a = actor_of(r);
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = application_note(r->db, &a, id, form_value(r, "note"), &why);
  return rc ? refused(r, id, rc, &why) : back_to(r, id, "noted");
}
