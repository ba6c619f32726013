/* pages/training.c: training before mentoring. /training (a person's own
 * view: the modules their schemes require and the gate's answer, upcoming
 * sessions, their bookings and waiting-list places, their record; for
 * coordinators the catalogue), a module's page (its sessions; for
 * coordinators the edit form, new sessions and the quiz editor), a
 * session's page (book and cancel; the register for its trainer and
 * coordinators), the self-paced quiz, and a scheme's required modules. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/applications.h"
#include "domain/schemes.h"
#include "domain/training.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

static struct training_actor actor_of(struct request *r)
{
  return (struct training_actor){&r->session.user, r->ip};
}

static bool manager(struct request *r)
{
  return training_may_manage(&r->session.user);
}

static void notice_if(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", text);
}

/* A one-button form posting op (and id) to action. */
static void small_post(struct request *r, const char *action, const char *op,
                       int64_t id, const char *label, bool secondary)
{
  html_printf(&r->out,
              "<form method=\"post\" action=\"%s\" class=\"inline\">"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
              "<input type=\"hidden\" name=\"op\" value=\"%s\">"
              "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
              action, request_csrf(r), op, (long long)id);
  if (secondary)
    html_printf(&r->out, "<button type=\"submit\" class=\"button-secondary\">"
                         "%s</button></form>\n", label);
  else
    html_printf(&r->out, "<button type=\"submit\">%s</button></form>\n",
                label);
}

static const char *when_text(struct request *r, int64_t t)
{
  char *s = arena_alloc(&r->arena, 32);

  clock_format(t, s, 32);
  return s;
}

static const char *date_text(struct request *r, int64_t t)
{
  char *s = arena_alloc(&r->arena, 32);

  clock_format(t, s, 32);
  s[10] = '\0';
  return s;
}

static const char *booking_state_text(struct request *r,
                                      const struct booking_row *b)
{
  if (str_eq(b->state, "waiting"))
    return arena_printf(&r->arena, "Waiting list, number %d", b->rank);
  if (str_eq(b->state, "booked"))
    return "Booked";
  if (str_eq(b->state, "attended"))
    return "Attended";
  if (str_eq(b->state, "no_show"))
    return "Did not attend";
  return "Cancelled";
}

static const char *places_text(struct request *r, const struct session_row *s)
{
  if (s->cancelled_at)
    return "Cancelled";
  if (s->held >= s->capacity)
    return arena_printf(&r->arena, "Full: %d on the waiting list", s->waiting);
  return arena_printf(&r->arena, "%d of %d %s left", s->capacity - s->held,
                      s->capacity, plural(s->capacity, "place", "places"));
}

/* ---------------------------------------------------------------- the gate */

/* The gate's answer for u in one scheme, as a paragraph. */
static int gate_paragraph(struct request *r, int64_t user_id,
                          const struct mentor_scheme_row *s)
{
  struct training_gap *gaps =
      arena_alloc(&r->arena, sizeof(*gaps) * TRAINING_REQUIRED_MAX);
  struct buf text;
  int n, rc = training_missing(r->db, user_id, s->scheme_id, clock_now(), gaps,
                               TRAINING_REQUIRED_MAX, &n);

  if (rc)
    return rc;
  if (!n) {
    html_printf(&r->out, "<li><a href=\"/schemes/%lld\">%s</a>: trained.</li>"
                         "\n",
                (long long)s->scheme_id, s->name);
    return 0;
  }
  buf_init(&text, 4096);
  training_missing_text(gaps, n, &text);
  html_printf(&r->out, "<li><a href=\"/schemes/%lld\">%s</a>: not yet "
                       "trained: needs %s.<ul>",
              (long long)s->scheme_id, s->name, buf_cstr(&text));
  buf_free(&text);
  for (int i = 0; i < n; i++)
    html_printf(&r->out, "<li><a href=\"/training/modules/%lld\">%s</a></li>",
                (long long)gaps[i].module_id, gaps[i].title);
  H(&r->out, "</ul></li>\n");
  return 0;
}

/* ---------------------------------------------------------------- /training */

static int my_training(struct request *r)
{
  int64_t uid = r->session.user.id, now = clock_now();
  struct mentor_scheme_row *schemes =
      arena_alloc(&r->arena, sizeof(*schemes) * TRAINING_SCHEMES_MAX);
  struct booking_row *bookings =
      arena_alloc(&r->arena, sizeof(*bookings) * TRAINING_SESSIONS_MAX);
  struct session_row *sessions =
      arena_alloc(&r->arena, sizeof(*sessions) * TRAINING_SESSIONS_MAX);
  struct completion_row *done =
      arena_alloc(&r->arena, sizeof(*done) * TRAINING_COMPLETIONS_MAX);
  int ns, nb, nsess, nd, rc;

  if ((rc = store_mentor_schemes(r->db, uid, schemes, TRAINING_SCHEMES_MAX,
                                 &ns)) ||
      (rc = store_booking_list_user(r->db, uid, now, bookings,
                                    TRAINING_SESSIONS_MAX, &nb)) ||
      (rc = store_tsession_list(r->db, 0, now, sessions,
                                TRAINING_SESSIONS_MAX, &nsess)) ||
      (rc = store_completion_list(r->db, uid, done, TRAINING_COMPLETIONS_MAX,
                                  &nd)))
    return rc;

  if (ns) {
    H(&r->out, "<h2>Your schemes</h2>\n<p>Every mentor completes the "
               "training their scheme requires before meeting a mentee.</p>"
               "\n<ul>\n");
    for (int i = 0; i < ns; i++)
      if ((rc = gate_paragraph(r, uid, &schemes[i])))
        return rc;
    H(&r->out, "</ul>\n");
  }

  H(&r->out, "<h2>Your bookings</h2>\n");
  if (nb) {
    H(&r->out, "<ul>\n");
    for (int i = 0; i < nb; i++)
      html_printf(&r->out, "<li><a href=\"/training/sessions/%lld\">%s, %s "
                           "(UTC)</a>: %s</li>\n",
                  (long long)bookings[i].session_id,
                  bookings[i].module_title,
                  when_text(r, bookings[i].starts_at),
                  booking_state_text(r, &bookings[i]));
    H(&r->out, "</ul>\n");
  } else {
    H(&r->out, "<p>You have no upcoming bookings.</p>\n");
  }

  H(&r->out, "<h2>Upcoming sessions</h2>\n");
  if (nsess) {
    table_begin(r, "Upcoming training sessions");
    H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
               "Starts (UTC)</th><th scope=\"col\">Place or link</th>"
               "<th scope=\"col\">Places</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < nsess; i++)
      html_printf(&r->out, "<tr><td><a href=\"/training/sessions/%lld\">%s"
                           "</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  (long long)sessions[i].id, sessions[i].module_title,
                  when_text(r, sessions[i].starts_at), sessions[i].place,
                  places_text(r, &sessions[i]));
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>No sessions are planned yet.</p>\n");
  }

  H(&r->out, "<h2>Your training record</h2>\n");
  if (nd) {
    table_begin(r, "Modules you have completed");
    H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
               "Completed</th><th scope=\"col\">How</th><th scope=\"col\">"
               "Valid until</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < nd; i++) {
      const char *until = !done[i].expires_at ? "Does not expire"
                          : done[i].expires_at <= now
                              ? arena_printf(&r->arena, "Expired on %s",
                                             date_text(r, done[i].expires_at))
                              : date_text(r, done[i].expires_at);

      html_printf(&r->out, "<tr><td><a href=\"/training/modules/%lld\">%s</a>"
                           "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  (long long)done[i].module_id, done[i].module_title,
                  date_text(r, done[i].completed_at),
                  str_eq(done[i].how, "quiz") ? "Quiz passed" : "Attended",
                  until);
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>You have not completed any training yet.</p>\n");
  }
  return 0;
}

static int catalogue(struct request *r)
{
  struct module_row *mods =
      arena_alloc(&r->arena, sizeof(*mods) * TRAINING_MODULES_MAX);
  bool all = manager(r);
  int n, rc = store_module_list(r->db, all, mods, TRAINING_MODULES_MAX, &n);

  if (rc)
    return rc;
  H(&r->out, "<h2>Modules</h2>\n");
  if (all)
    H(&r->out, "<p><a href=\"/training/modules/new\">Create a module</a></p>"
               "\n");
  if (!n) {
    H(&r->out, "<p>No modules yet.</p>\n");
    return 0;
  }
  table_begin(r, "Training modules");
  H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
             "Delivery</th><th scope=\"col\">For</th><th scope=\"col\">"
             "Minutes</th><th scope=\"col\">Valid for</th></tr></thead>\n"
             "<tbody>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out, "<tr><td><a href=\"/training/modules/%lld\">%s</a>%s"
                         "</td><td>%s</td><td>%s</td><td>%d</td><td>%s</td>"
                         "</tr>\n",
                (long long)mods[i].id, mods[i].title,
                mods[i].active ? "" : " (retired)",
                training_delivery_label(mods[i].delivery),
                training_audience_label(mods[i].audience), mods[i].minutes,
                mods[i].validity_months
                    ? arena_printf(&r->arena, "%d months",
                                   mods[i].validity_months)
                    : "Does not expire");
  H(&r->out, "</tbody>\n");
  table_end(r);
  return 0;
}

int page_training(struct request *r)
{
  int rc;

  page_begin(r, "Training");
  H(&r->out, "<h1>Training</h1>\n<p class=\"lead\">Mentors are trained "
             "before they meet mentees: in boundaries, in knowing their "
             "limits and when to refer.</p>\n");
  if ((rc = my_training(r)) || (rc = catalogue(r)))
    return rc;
  return page_end(r);
}

/* ------------------------------------------------------------------ modules */

static const struct option delivery_options[] = {
    {"in_person", "In person"},
    {"online_live", "Online (live)"},
    {"self_paced", "Self-paced with a quiz"},
};
static const struct option audience_options[] = {
    {"mentors", "Mentors"},
    {"pal_leaders", "PAL leaders"},
    {"staff", "Staff"},
};

static void module_form(struct request *r, const char *action,
                        const struct module_row *m, bool posted,
                        const struct err_detail *why)
{
  char minutes[16], validity[16], pass[16];

  snprintf(minutes, sizeof(minutes), "%d", m->minutes);
  snprintf(validity, sizeof(validity), "%d", m->validity_months);
  snprintf(pass, sizeof(pass), "%d", m->pass_mark);
  form_begin(r, action);
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"save\">");
  field_input(r,
              &(struct field){.name = "title", .label = "Title", .type = "text",
                              .value = posted ? form_value(r, "title")
                                              : m->title,
                              .required = true},
              why);
  field_textarea(r, "purpose", "Purpose", NULL,
                 posted ? form_value(r, "purpose") : m->purpose, 3, why);
  field_textarea(r, "outcomes", "Learning outcomes", "One on each line.",
                 posted ? form_value(r, "outcomes") : m->outcomes, 4, why);
  field_select(r, "delivery", "Delivery", NULL, delivery_options, 3,
               posted ? form_value(r, "delivery") : m->delivery, why);
  field_select(r, "audience", "For", NULL, audience_options, 3,
               posted ? form_value(r, "audience") : m->audience, why);
  field_input(r,
              &(struct field){.name = "minutes", .label = "Duration in minutes",
                              .type = "number",
                              .value = posted ? form_value(r, "minutes")
                                              : minutes,
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "validity_months",
                              .label = "Months before a refresher is due",
                              .type = "number",
                              .hint = "0: it does not expire.",
                              .value = posted ? form_value(r, "validity_months")
                                              : validity,
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "pass_mark",
                              .label = "Pass mark (percent)",
                              .type = "number",
                              .hint = "For a self-paced module's quiz.",
                              .value = posted ? form_value(r, "pass_mark")
                                              : pass,
                              .required = true},
              why);
  html_printf(&r->out,
              "<div class=\"field checkboxes\"><input type=\"checkbox\" "
              "id=\"active\" name=\"active\" value=\"1\"%s><label "
              "for=\"active\">Offered (untick to retire the module)</label>"
              "</div>\n",
              (posted ? str_eq(form_value(r, "active"), "1") : m->active)
                  ? " checked"
                  : "");
  H(&r->out, "<button type=\"submit\">Save the module</button>\n</form>\n");
}

/* The module form's fields into m; ERR_INPUT with why for a number that
 * is not one. */
static int module_from_form(struct request *r, struct module_row *m,
                            struct err_detail *why)
{
  int64_t v;

  str_copy(m->title, sizeof(m->title), form_value(r, "title"));
  str_copy(m->purpose, sizeof(m->purpose), form_value(r, "purpose"));
  str_copy(m->outcomes, sizeof(m->outcomes), form_value(r, "outcomes"));
  str_copy(m->delivery, sizeof(m->delivery), form_value(r, "delivery"));
  str_copy(m->audience, sizeof(m->audience), form_value(r, "audience"));
  m->active = str_eq(form_value(r, "active"), "1");
  if (!str_to_i64(form_value(r, "minutes"), 0, 100000, &v))
    return err_set(why, ERR_INPUT, "minutes",
                   "Enter the duration as a number of minutes.");
  m->minutes = (int)v;
  if (!str_to_i64(form_value(r, "validity_months"), 0, 100000, &v))
    return err_set(why, ERR_INPUT, "validity_months",
                   "Enter the months as a number (0: never).");
  m->validity_months = (int)v;
  if (!str_to_i64(form_value(r, "pass_mark"), 0, 100000, &v))
    return err_set(why, ERR_INPUT, "pass_mark",
                   "Enter the pass mark as a number.");
  m->pass_mark = (int)v;
  return 0;
}

static int new_module_page(struct request *r, const struct err_detail *why)
{
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));

  str_copy(m->delivery, sizeof(m->delivery), "in_person");
  str_copy(m->audience, sizeof(m->audience), "mentors");
  m->minutes = 90;
  m->validity_months = 24;
  m->pass_mark = 80;
  m->active = true;
  page_begin(r, "Create a training module");
  H(&r->out, "<p><a href=\"/training\">Training</a></p>\n"
             "<h1>Create a training module</h1>\n");
  error_summary(r, why);
  module_form(r, "/training/modules/new", m, why != NULL, why);
  return page_end(r);
}

int page_training_module_new(struct request *r)
{
  return new_module_page(r, NULL);
}

int page_training_module_new_post(struct request *r)
{
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct training_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t id = 0;
  int rc = module_from_form(r, m, &why);

  if (!rc)
    rc = training_module_save(r->db, &a, m, &id, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return new_module_page(r, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/training/modules/%lld?saved=1",
                                  (long long)id));
}

static void session_form(struct request *r, const struct module_row *m,
                         bool posted, const struct err_detail *why)
{
  char minutes[16];

  snprintf(minutes, sizeof(minutes), "%d", m->minutes);
  H(&r->out, "<h2>Add a session</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/training/modules/%lld",
                             (long long)m->id));
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"session\">");
  field_input(r,
              &(struct field){.name = "starts_at", .label = "Starts (UTC)",
                              .type = "datetime-local",
                              .hint = "Like 2026-10-05T14:00.",
                              .value = posted ? form_value(r, "starts_at") : "",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "minutes", .label = "Length in minutes",
                              .type = "number",
                              .value = posted ? form_value(r, "minutes")
                                              : minutes,
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "place",
                              .label = str_eq(m->delivery, "online_live")
                                           ? "Online link"
                                           : "Room or place",
                              .type = "text",
                              .value = posted ? form_value(r, "place") : "",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "capacity", .label = "Places",
                              .type = "number",
                              .value = posted ? form_value(r, "capacity")
                                              : "12",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "trainer", .label = "Trainer's email",
                              .type = "email",
                              .hint = "The trainer keeps the attendance "
                                      "register. Empty: you.",
                              .value = posted ? form_value(r, "trainer") : ""},
              why);
  H(&r->out, "<button type=\"submit\">Add the session</button>\n</form>\n");
}

static void quiz_editor(struct request *r, const struct module_row *m,
                        const struct quiz_question_row *qs, int nq,
                        bool posted, const struct err_detail *why)
{
  const char *action =
      arena_printf(&r->arena, "/training/modules/%lld", (long long)m->id);

  H(&r->out, "<h2>Quiz questions</h2>\n");
  if (nq) {
    H(&r->out, "<ol>\n");
    for (int i = 0; i < nq; i++) {
      char right[T_CHOICES];

      if (!training_choice(qs[i].choices, qs[i].correct, right, sizeof(right)))
        right[0] = '\0';
      html_printf(&r->out, "<li><p>%s</p><p>Correct answer: %s</p>",
                  qs[i].prompt, right);
      small_post(r, action, "quiz_delete", qs[i].id,
                 arena_printf(&r->arena, "Remove question %d", i + 1), true);
      H(&r->out, "</li>\n");
    }
    H(&r->out, "</ol>\n");
  } else {
    H(&r->out, "<p>No questions yet: add some so that mentors can complete "
               "this module.</p>\n");
  }
  form_begin(r, action);
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"quiz_add\">");
  field_textarea(r, "prompt", "Question", NULL,
                 posted ? form_value(r, "prompt") : "", 2, why);
  field_textarea(r, "choices", "Answers to choose from", "One on each line.",
                 posted ? form_value(r, "choices") : "", 4, why);
  field_input(r,
              &(struct field){.name = "correct",
                              .label = "Number of the correct answer",
                              .type = "number",
                              .hint = "1 for the first line.",
                              .value = posted ? form_value(r, "correct") : "1",
                              .required = true},
              why);
  H(&r->out, "<button type=\"submit\">Add the question</button>\n</form>\n");
}

static int module_page(struct request *r, int64_t id, const char *form,
                       const struct err_detail *why)
{
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct session_row *sessions =
      arena_alloc(&r->arena, sizeof(*sessions) * TRAINING_SESSIONS_MAX);
  struct quiz_question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * TRAINING_QUESTIONS_MAX);
  bool self_paced, mgr = manager(r);
  int ns = 0, nq = 0, rc;

  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  if (!m->active && !mgr)
    return ERR_NOTFOUND;
  self_paced = str_eq(m->delivery, "self_paced");
  if ((rc = store_tsession_list(r->db, id, clock_now(), sessions,
                                TRAINING_SESSIONS_MAX, &ns)) ||
      (rc = store_quiz_list(r->db, id, qs, TRAINING_QUESTIONS_MAX, &nq)))
    return rc;
  page_begin(r, m->title);
  html_printf(&r->out, "<p><a href=\"/training\">Training</a></p>\n"
                       "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
              m->title, m->purpose);
  notice_if(r, "saved", "Saved.");
  if (why && why->msg[0])
    error_summary(r, why);
  html_printf(&r->out, "<dl><dt>Delivery</dt><dd>%s</dd><dt>For</dt><dd>%s"
                       "</dd><dt>Duration</dt><dd>%d minutes</dd><dt>Valid "
                       "for</dt><dd>%s</dd>",
              training_delivery_label(m->delivery),
              training_audience_label(m->audience), m->minutes,
              m->validity_months ? arena_printf(&r->arena, "%d months",
                                                m->validity_months)
                                 : "Does not expire");
  if (self_paced)
    html_printf(&r->out, "<dt>Pass mark</dt><dd>%d%%</dd>", m->pass_mark);
  H(&r->out, "</dl>\n");
  if (m->outcomes[0]) {
    char *copy = arena_strdup(&r->arena, m->outcomes), *line = copy;

    H(&r->out, "<h2>Learning outcomes</h2>\n<ul>\n");
    while (line && *line) {
      char *nl = strchr(line, '\n');

      if (nl)
        *nl = '\0';
      str_trim(line);
      if (*line)
        html_printf(&r->out, "<li>%s</li>\n", line);
      line = nl ? nl + 1 : NULL;
    }
    H(&r->out, "</ul>\n");
  }
  if (self_paced) {
    if (nq)
      html_printf(&r->out, "<p><a href=\"/training/modules/%lld/quiz\">Take "
                           "the quiz</a> (%d %s).</p>\n",
                  (long long)m->id, nq, plural(nq, "question", "questions"));
  } else {
    H(&r->out, "<h2>Upcoming sessions</h2>\n");
    if (ns) {
      table_begin(r, "Upcoming sessions of this module");
      H(&r->out, "<thead><tr><th scope=\"col\">Starts (UTC)</th><th "
                 "scope=\"col\">Place or link</th><th scope=\"col\">Trainer"
                 "</th><th scope=\"col\">Places</th></tr></thead>\n<tbody>\n");
      for (int i = 0; i < ns; i++)
        html_printf(&r->out, "<tr><td><a href=\"/training/sessions/%lld\">%s"
                             "</a></td><td>%s</td><td>%s</td><td>%s</td>"
                             "</tr>\n",
                    (long long)sessions[i].id,
                    when_text(r, sessions[i].starts_at), sessions[i].place,
                    sessions[i].trainer_name, places_text(r, &sessions[i]));
      H(&r->out, "</tbody>\n");
      table_end(r);
    } else {
      H(&r->out, "<p>No sessions are planned yet.</p>\n");
    }
  }
  if (mgr) {
    if (self_paced)
      quiz_editor(r, m, qs, nq, form && str_eq(form, "quiz_add"), why);
    else
      session_form(r, m, form && str_eq(form, "session"), why);
    H(&r->out, "<h2>Edit the module</h2>\n");
    module_form(r, arena_printf(&r->arena, "/training/modules/%lld",
                                (long long)m->id),
                m, form && str_eq(form, "save"), why);
  }
  return page_end(r);
}

int page_training_module(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? module_page(r, id, NULL, NULL) : ERR_NOTFOUND;
}

/* The session form's fields into s; ERR_INPUT with why. */
static int session_from_form(struct request *r, struct session_row *s,
                             struct err_detail *why)
{
  const char *trainer = form_value(r, "trainer");
  int64_t v;

  if (!interview_time_parse(form_value(r, "starts_at"), &s->starts_at))
    return err_set(why, ERR_INPUT, "starts_at",
                   "Enter the start as a date and time, like "
                   "2026-10-05T14:00.");
  if (!str_to_i64(form_value(r, "minutes"), 0, 100000, &v))
    return err_set(why, ERR_INPUT, "minutes",
                   "Enter the length as a number of minutes.");
  s->minutes = (int)v;
  if (!str_to_i64(form_value(r, "capacity"), 0, 100000, &v))
    return err_set(why, ERR_INPUT, "capacity",
                   "Enter the number of places.");
  s->capacity = (int)v;
  str_copy(s->place, sizeof(s->place), form_value(r, "place"));
  s->trainer_user_id = r->session.user.id;
  if (*trainer) {
    struct user u;
    int rc = account_by_email(r->db, trainer, &u);

    if (rc == ERR_NOTFOUND || (!rc && !u.active))
      return err_set(why, ERR_INPUT, "trainer",
                     "Enter the email of someone with a Tandem account.");
    if (rc)
      return rc;
    s->trainer_user_id = u.id;
  }
  return 0;
}

int page_training_module_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), item = 0;
  const char *op = form_value(r, "op");
  struct training_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  if (str_eq(op, "save")) {
    rc = module_from_form(r, m, &why);
    if (!rc)
      rc = training_module_save(r->db, &a, m, NULL, &why);
  } else if (str_eq(op, "session")) {
    struct session_row *s = arena_alloc(&r->arena, sizeof(*s));

    s->module_id = id;
    rc = session_from_form(r, s, &why);
    if (!rc)
      rc = training_session_create(r->db, &a, s, clock_now(), &item, &why);
    if (!rc)
      return redirect(r, arena_printf(&r->arena,
                                      "/training/sessions/%lld?created=1",
                                      (long long)item));
  } else if (str_eq(op, "quiz_add")) {
    struct quiz_question_row *q = arena_alloc(&r->arena, sizeof(*q));
    int64_t correct;

    q->module_id = id;
    str_copy(q->prompt, sizeof(q->prompt), form_value(r, "prompt"));
    str_copy(q->choices, sizeof(q->choices), form_value(r, "choices"));
    if (!str_to_i64(form_value(r, "correct"), 1, 100, &correct))
      rc = err_set(&why, ERR_INPUT, "correct",
                   "Enter the number of the correct answer in the list.");
    else {
      q->correct = (int)correct - 1;
      rc = training_quiz_add(r->db, &a, q, NULL, &why);
    }
  } else if (str_eq(op, "quiz_delete")) {
    if (!str_to_i64(form_value(r, "id"), 1, INT64_MAX, &item))
      return ERR_INPUT;
    rc = training_quiz_delete(r->db, &a, id, item);
  } else {
    return ERR_INPUT;
  }
  if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && why.msg[0]) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return module_page(r, id, op, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/training/modules/%lld?saved=1",
                                  (long long)id));
}

/* ----------------------------------------------------------------- sessions */

static void register_table(struct request *r, const struct session_row *s,
                           const struct booking_row *rows, int n)
{
  const char *action = arena_printf(&r->arena, "/training/sessions/%lld/"
                                               "register",
                                    (long long)s->id);
  int held = 0;

  for (int i = 0; i < n; i++)
    held += !str_eq(rows[i].state, "waiting") &&
            !str_eq(rows[i].state, "cancelled");
  H(&r->out, "<h2>Attendance register</h2>\n");
  if (!held) {
    H(&r->out, "<p>Nobody has booked a place yet.</p>\n");
  } else {
    table_begin(r, "Attendance register");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Email</th><th scope=\"col\">Attendance</th><th scope=\"col\">"
               "Mark</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      const struct booking_row *b = &rows[i];

      if (str_eq(b->state, "waiting") || str_eq(b->state, "cancelled"))
        continue;
      html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
                  b->user_name, b->user_email, booking_state_text(r, b));
      if (!str_eq(b->state, "attended"))
        small_post(r, action, "attended", b->id,
                   arena_printf(&r->arena, "Mark %s attended", b->user_name),
                   false);
      if (!str_eq(b->state, "no_show"))
        small_post(r, action, "no_show", b->id,
                   arena_printf(&r->arena, "Mark %s absent", b->user_name),
                   true);
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  if (s->waiting) {
    H(&r->out, "<h2>Waiting list</h2>\n<ol>\n");
    for (int i = 0; i < n; i++)
      if (str_eq(rows[i].state, "waiting"))
        html_printf(&r->out, "<li>%s (%s)</li>\n", rows[i].user_name,
                    rows[i].user_email);
    H(&r->out, "</ol>\n");
  }
}

int page_training_session(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct session_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct booking_row *mine = arena_alloc(&r->arena, sizeof(*mine));
  bool has, may_register;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_tsession_get(r->db, id, s)))
    return rc;
  rc = store_booking_find(r->db, id, r->session.user.id, mine);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  has = !rc && !str_eq(mine->state, "cancelled");
  may_register = training_may_register(&r->session.user, s);
  page_begin(r, arena_printf(&r->arena, "%s, %s", s->module_title,
                             when_text(r, s->starts_at)));
  html_printf(&r->out, "<p><a href=\"/training\">Training</a> / <a "
                       "href=\"/training/modules/%lld\">%s</a></p>\n"
                       "<h1>%s</h1>\n",
              (long long)s->module_id, s->module_title, s->module_title);
  notice_if(r, "created", "The session has been added.");
  notice_if(r, "booked", "Your place is booked.");
  notice_if(r, "waiting", "The session is full: you are on the waiting "
                          "list, and will have a place (and an email) as "
                          "soon as one frees.");
  notice_if(r, "cancelled", "Your booking has been cancelled.");
  notice_if(r, "marked", "The register has been updated.");
  html_printf(&r->out, "<dl><dt>Starts</dt><dd>%s (UTC)</dd><dt>Length</dt>"
                       "<dd>%d minutes</dd><dt>%s</dt><dd>%s</dd>"
                       "<dt>Trainer</dt><dd>%s</dd><dt>Places</dt><dd>%s</dd>"
                       "</dl>\n",
              when_text(r, s->starts_at), s->minutes,
              str_eq(s->delivery, "online_live") ? "Online link" : "Place",
              s->place, s->trainer_name[0] ? s->trainer_name : "To be confirmed",
              places_text(r, s));
  if (has)
    html_printf(&r->out, "<p>Your booking: <strong>%s</strong>.</p>\n",
                booking_state_text(r, mine));
  if (!s->cancelled_at && s->starts_at > clock_now()) {
    const char *base = arena_printf(&r->arena, "/training/sessions/%lld",
                                    (long long)s->id);

    if (has && (str_eq(mine->state, "booked") ||
                str_eq(mine->state, "waiting")))
      small_post(r, arena_printf(&r->arena, "%s/cancel", base), "cancel",
                 mine->id,
                 str_eq(mine->state, "waiting") ? "Leave the waiting list"
                                                : "Cancel my booking",
                 true);
    else if (!has)
      small_post(r, arena_printf(&r->arena, "%s/book", base), "book", s->id,
                 s->held >= s->capacity ? "Join the waiting list"
                                        : "Book a place",
                 false);
  }
  if (may_register) {
    struct booking_row *rows =
        arena_alloc(&r->arena, sizeof(*rows) * TRAINING_BOOKINGS_MAX);
    int n;

    if ((rc = store_booking_list_session(r->db, id, rows,
                                         TRAINING_BOOKINGS_MAX, &n)))
      return rc;
    register_table(r, s, rows, n);
  }
  return page_end(r);
}

int page_training_book_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct training_actor a = actor_of(r);
  struct booking_row *b = arena_alloc(&r->arena, sizeof(*b));
  struct err_detail why = {"", ""};
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = training_book(r->db, &a, id, clock_now(), b, &why);
  if (rc == ERR_CONFLICT && why.msg[0])
    return http_fail(r, 409, why.msg);
  if (rc)
    return rc;
  return redirect(r, str_eq(b->state, "waiting")
                         ? arena_printf(&r->arena,
                                        "/training/sessions/%lld?waiting=%d",
                                        (long long)id, b->rank)
                         : arena_printf(&r->arena,
                                        "/training/sessions/%lld?booked=1",
                                        (long long)id));
}

int page_training_cancel_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), promoted;
  struct training_actor a = actor_of(r);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = training_cancel(r->db, &a, id, clock_now(), &promoted);
  if (rc == ERR_NOTFOUND)
    return http_fail(r, 409, "You have no booking of this session to "
                             "cancel.");
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/training/sessions/%lld?cancelled=1",
                                  (long long)id));
}

int page_training_register_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), booking;
  struct training_actor a = actor_of(r);
  struct booking_row *b = arena_alloc(&r->arena, sizeof(*b));
  const char *op = form_value(r, "op");
  int rc;

  if (!id || !str_to_i64(form_value(r, "id"), 1, INT64_MAX, &booking))
    return ERR_INPUT;
  if ((rc = store_booking_get(r->db, booking, b)))
    return rc;
  if (b->session_id != id)
    return ERR_NOTFOUND;
  rc = training_mark(r->db, &a, booking, op, clock_now());
  if (rc == ERR_CONFLICT)
    return http_fail(r, 409, "Only people with a place can be marked on "
                             "the register.");
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/training/sessions/%lld?marked=1",
                                  (long long)id));
}

/* -------------------------------------------------------------------- quiz */

int page_training_quiz(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct quiz_question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * TRAINING_QUESTIONS_MAX);
  struct attempt_row *at = arena_alloc(&r->arena, sizeof(*at) * 5);
  int nq, na, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  if (!str_eq(m->delivery, "self_paced") || !m->active)
    return ERR_NOTFOUND;
  if ((rc = store_quiz_list(r->db, id, qs, TRAINING_QUESTIONS_MAX, &nq)) ||
      (rc = store_attempt_list(r->db, r->session.user.id, id, at, 5, &na)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Quiz: %s", m->title));
  html_printf(&r->out, "<p><a href=\"/training\">Training</a> / <a "
                       "href=\"/training/modules/%lld\">%s</a></p>\n"
                       "<h1>Quiz: %s</h1>\n",
              (long long)id, m->title, m->title);
  if (*query_value(r, "result") && na) {
    if (at[0].passed)
      html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>You "
                           "scored %d%% and passed: the module is complete."
                           "</p></div>\n",
                  at[0].score_percent);
    else
      html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>You "
                           "scored %d%%; the pass mark is %d%%. Read the "
                           "questions again and have another try.</p></div>"
                           "\n",
                  at[0].score_percent, m->pass_mark);
  }
  if (!nq) {
    H(&r->out, "<p>This quiz has no questions yet.</p>\n");
    return page_end(r);
  }
  html_printf(&r->out, "<p>%d %s; the pass mark is %d%%.</p>\n", nq,
              plural(nq, "question", "questions"), m->pass_mark);
  form_begin(r, arena_printf(&r->arena, "/training/modules/%lld/quiz",
                             (long long)id));
  for (int i = 0; i < nq; i++) {
    char choice[T_CHOICES];

    html_printf(&r->out, "<fieldset class=\"field\"><legend>%d. %s</legend>"
                         "\n",
                i + 1, qs[i].prompt);
    for (int k = 0; training_choice(qs[i].choices, k, choice, sizeof(choice));
         k++)
      html_printf(&r->out, "<div class=\"radio\"><input type=\"radio\" "
                           "id=\"q%d-%d\" name=\"q%d\" value=\"%d\"><label "
                           "for=\"q%d-%d\">%s</label></div>\n",
                  i, k, i, k, i, k, choice);
    H(&r->out, "</fieldset>\n");
  }
  H(&r->out, "<button type=\"submit\">Send my answers</button>\n</form>\n");
  if (na) {
    H(&r->out, "<h2>Your attempts</h2>\n<ul>\n");
    for (int i = 0; i < na; i++)
      html_printf(&r->out, "<li>%s (UTC): %d%%, %s</li>\n",
                  when_text(r, at[i].at), at[i].score_percent,
                  at[i].passed ? "passed" : "not passed");
    H(&r->out, "</ul>\n");
  }
  return page_end(r);
}

int page_training_quiz_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct quiz_question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * TRAINING_QUESTIONS_MAX);
  int answers[TRAINING_QUESTIONS_MAX];
  struct training_actor a = actor_of(r);
  struct attempt_row at;
  int nq, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_quiz_list(r->db, id, qs, TRAINING_QUESTIONS_MAX, &nq)))
    return rc;
  for (int i = 0; i < nq; i++) {
    char name[16];
    int64_t v;

    snprintf(name, sizeof(name), "q%d", i);
    answers[i] = str_to_i64(form_value(r, name), 0, TRAINING_CHOICES_MAX, &v)
                     ? (int)v
                     : -1;
  }
  rc = training_quiz_submit(r->db, &a, id, answers, nq, clock_now(), &at);
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/training/modules/%lld/quiz?result=1",
                                  (long long)id));
}

/* ------------------------------------------------ a scheme's requirements */

static int scheme_training_page(struct request *r, const struct scheme_row *s)
{
  struct module_row *mods =
      arena_alloc(&r->arena, sizeof(*mods) * TRAINING_MODULES_MAX);
  int64_t own[TRAINING_REQUIRED_MAX], typed[TRAINING_REQUIRED_MAX];
  int n, nown, ntyped, rc;

  if ((rc = store_module_list(r->db, false, mods, TRAINING_MODULES_MAX, &n)) ||
      (rc = store_scheme_modules(r->db, s->id, own, TRAINING_REQUIRED_MAX,
                                 &nown)) ||
      (rc = store_type_modules(r->db, s->type, typed, TRAINING_REQUIRED_MAX,
                               &ntyped)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Training required: %s", s->name));
  html_printf(&r->out, "<p><a href=\"/schemes/%lld\">%s</a></p>\n<h1>Training "
                       "required</h1>\n<p class=\"lead\">%s, %s. Mentors "
                       "complete these modules before they can be matched."
                       "</p>\n",
              (long long)s->id, s->name, s->name, s->academic_year);
  notice_if(r, "saved", "The scheme's required training has been saved.");
  if (!nown)
    html_printf(&r->out, "<p>The scheme lists no modules of its own, so the "
                         "defaults for %s schemes apply (ticked below).</p>"
                         "\n",
                scheme_type_label(s->type));
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/training",
                             (long long)s->id));
  H(&r->out, "<fieldset class=\"field\"><legend>Required modules</legend>\n");
  for (int i = 0; i < n; i++) {
    const int64_t *list = nown ? own : typed;
    int nlist = nown ? nown : ntyped;
    bool on = false;

    for (int k = 0; k < nlist; k++)
      on = on || list[k] == mods[i].id;
    html_printf(&r->out, "<div class=\"checkboxes\"><input type=\"checkbox\" "
                         "id=\"m%lld\" name=\"module\" value=\"%lld\"%s>"
                         "<label for=\"m%lld\">%s</label></div>\n",
                (long long)mods[i].id, (long long)mods[i].id,
                on ? " checked" : "", (long long)mods[i].id, mods[i].title);
  }
  H(&r->out, "</fieldset>\n<button type=\"submit\">Save the required "
             "training</button>\n</form>\n");
  return page_end(r);
}

int page_scheme_training(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  return scheme_training_page(r, s);
}

int page_scheme_training_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), ids[TRAINING_REQUIRED_MAX];
  struct training_actor a = actor_of(r);
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int n = 0, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  for (const struct kv *f = r->form.items; f < r->form.items + r->form.n;
       f++) {
    int64_t v;

    if (!str_eq(f->key, "module"))
      continue;
    if (n >= TRAINING_REQUIRED_MAX || !str_to_i64(f->value, 1, INT64_MAX, &v))
      return ERR_INPUT;
    ids[n++] = v;
  }
  if ((rc = training_scheme_modules_set(r->db, &a, id, ids, n)))
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/training?saved=1",
                                  (long long)id));
}
