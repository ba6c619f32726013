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
#include "domain/calendar.h"
#include "domain/schemes.h"
#include "domain/training.h"
#include "web/fields.h"
#include "web/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct training_actor actor_of(struct request *r)
{
  return (struct training_actor){&r->session.user, r->ip, r->cfg->base_url};
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

static const char *places_text(struct request *r, const struct tsession_row *s)
{
  if (s->cancelled_at)
    return "Cancelled";
  if (!s->module_active)
    return "Retired: no new bookings";
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

/* The completions table of a training record (rows[0..n)), or a sentence
 * when there are none. */
static void record_table(struct request *r, const struct completion_row *rows,
                         int n, const char *caption, const char *none)
{
  int64_t now = clock_now();

  if (!n) {
    html_printf(&r->out, "<p>%s</p>\n", none);
    return;
  }
  table_begin(r, caption);
  H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
             "Completed</th><th scope=\"col\">How</th><th scope=\"col\">"
             "Valid until</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    const char *until = !rows[i].expires_at ? "Does not expire"
                        : rows[i].expires_at <= now
                            ? arena_printf(&r->arena, "Expired on %s",
                                           date_text(r, rows[i].expires_at))
                            : date_text(r, rows[i].expires_at);

    html_printf(&r->out, "<tr><td><a href=\"/training/modules/%lld\">%s</a>"
                         "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                (long long)rows[i].module_id, rows[i].module_title,
                date_text(r, rows[i].completed_at),
                str_eq(rows[i].how, "quiz") ? "Quiz passed" : "Attended",
                until);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

/* A person's bookings (rows[0..n)) as a list, or a sentence. */
static void bookings_list(struct request *r, const struct booking_row *rows,
                          int n, const char *none)
{
  if (!n) {
    html_printf(&r->out, "<p>%s</p>\n", none);
    return;
  }
  H(&r->out, "<ul>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out, "<li><a href=\"/training/sessions/%lld\">%s, %s "
                         "(UTC)</a>: %s</li>\n",
                (long long)rows[i].session_id, rows[i].module_title,
                when_text(r, rows[i].starts_at),
                rows[i].session_cancelled_at
                    ? "The session was cancelled"
                    : booking_state_text(r, &rows[i]));
  H(&r->out, "</ul>\n");
}

/* Whether module audience belongs to the staff catalogue. */
static bool for_staff(const char *audience)
{
  return str_eq(audience, "staff");
}

/* The rows of rows[0..n) whose module is (staff) or is not (!staff) for
 * staff, moved to the front; their count. */
static int keep_completions(struct db *db, struct completion_row *rows, int n,
                            bool staff)
{
  struct module_row m;
  int k = 0;

  for (int i = 0; i < n; i++)
    if (!store_module_get(db, rows[i].module_id, &m) &&
        for_staff(m.audience) == staff)
      rows[k++] = rows[i];
  return k;
}

int training_record_section(struct request *r, int64_t user_id, bool own)
{
  struct completion_row *done =
      arena_alloc(&r->arena, sizeof(*done) * TRAINING_COMPLETIONS_MAX);
  struct booking_row *bookings =
      arena_alloc(&r->arena, sizeof(*bookings) * TRAINING_SESSIONS_MAX);
  int nd, nb, rc;

  if ((rc = store_completion_list(r->db, user_id, done,
                                  TRAINING_COMPLETIONS_MAX, &nd)) ||
      (rc = store_booking_list_user(r->db, user_id, clock_now(), bookings,
                                    TRAINING_SESSIONS_MAX, &nb)))
    return rc;
  H(&r->out, "<h2 id=\"training-record\">Training record</h2>\n");
  record_table(r, done, nd, own ? "Modules you have completed"
                                : "Modules completed",
               own ? "You have not completed any training yet."
                   : "No training completed yet.");
  H(&r->out, "<h3>Upcoming training</h3>\n");
  bookings_list(r, bookings, nb,
                own ? "You have no upcoming bookings."
                    : "No upcoming bookings.");
  if (own)
    H(&r->out, "<p><a href=\"/training\">Training: book sessions and take "
               "quizzes</a></p>\n");
  return 0;
}

/* The calendar feed: create, replace or turn off the secret link. */
static int calendar_section(struct request *r)
{
  int64_t created;
  int rc = calendar_feed_created(r->db, r->session.user.id, &created);

  if (rc && rc != ERR_NOTFOUND)
    return rc;
  H(&r->out, "<h2 id=\"calendar\">Your calendar</h2>\n");
  if (rc == ERR_NOTFOUND) {
    H(&r->out, "<p>Subscribe to your booked sessions in your calendar "
               "application (Outlook, Google Calendar, Apple Calendar) with "
               "a private link.</p>\n");
    form_begin(r, "/training/calendar");
    H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"create\">"
               "<button type=\"submit\">Create a calendar link</button>"
               "</form>\n");
    return 0;
  }
  html_printf(&r->out, "<p>You have a private calendar link, created on %s "
                       "(UTC). Anyone who has it can see your booked "
                       "sessions: if it may have been shared, replace it.</p>"
                       "\n",
              date_text(r, created));
  form_begin(r, "/training/calendar");
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"create\">"
             "<button type=\"submit\" class=\"button-secondary\">Replace the "
             "calendar link</button></form>\n");
  form_begin(r, "/training/calendar");
  H(&r->out, "<input type=\"hidden\" name=\"op\" value=\"revoke\">"
             "<button type=\"submit\" class=\"button-secondary\">Turn off the "
             "calendar link</button></form>\n");
  return 0;
}

static int my_training(struct request *r)
{
  int64_t uid = r->session.user.id, now = clock_now();
  struct mentor_scheme_row *schemes =
      arena_alloc(&r->arena, sizeof(*schemes) * TRAINING_SCHEMES_MAX);
  struct booking_row *bookings =
      arena_alloc(&r->arena, sizeof(*bookings) * TRAINING_SESSIONS_MAX);
  struct tsession_row *sessions =
      arena_alloc(&r->arena, sizeof(*sessions) * TRAINING_SESSIONS_MAX);
  struct completion_row *done =
      arena_alloc(&r->arena, sizeof(*done) * TRAINING_COMPLETIONS_MAX);
  bool mgr = manager(r);
  int ns, nb, nsess, nd, shown = 0, rc;

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
  bookings_list(r, bookings, nb, "You have no upcoming bookings.");
  if ((rc = calendar_section(r)))
    return rc;

  /* Staff development sessions are in their own catalogue; a retired
   * module's sessions take no bookings (coordinators still see them). */
  for (int i = 0; i < nsess; i++)
    if (!for_staff(sessions[i].audience) &&
        (mgr || sessions[i].module_active))
      sessions[shown++] = sessions[i];
  H(&r->out, "<h2>Upcoming sessions</h2>\n");
  if (shown) {
    table_begin(r, "Upcoming training sessions");
    H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
               "Starts (UTC)</th><th scope=\"col\">Place or link</th>"
               "<th scope=\"col\">Places</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < shown; i++)
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
  nd = keep_completions(r->db, done, nd, false);
  record_table(r, done, nd, "Modules you have completed",
               "You have not completed any training yet.");
  return 0;
}

static int catalogue(struct request *r)
{
  struct module_row *mods =
      arena_alloc(&r->arena, sizeof(*mods) * TRAINING_MODULES_MAX);
  bool all = manager(r), staff = training_is_staff(&r->session.user);
  int n, k = 0, rc = store_module_list(r->db, all, mods, TRAINING_MODULES_MAX,
                                       &n);

  if (rc)
    return rc;
  /* Staff development is the staff's catalogue, not students'. */
  for (int i = 0; i < n; i++)
    if (staff || !for_staff(mods[i].audience))
      mods[k++] = mods[i];
  n = k;
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
  notice_if(r, "calendar_off", "Your calendar link has been turned off.");
  if (training_is_staff(&r->session.user) || manager(r)) {
    H(&r->out, "<ul>");
    if (training_is_staff(&r->session.user))
      H(&r->out, "<li><a href=\"/training/staff\">Staff development</a>: "
                 "sessions for academic champions and staff, and your "
                 "record</li>");
    if (manager(r))
      H(&r->out, "<li><a href=\"/training/reports\">Training reports</a>: "
                 "who is trained, per scheme and per module</li>");
    H(&r->out, "</ul>\n");
  }
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
  struct tsession_row *sessions =
      arena_alloc(&r->arena, sizeof(*sessions) * TRAINING_SESSIONS_MAX);
  struct quiz_question_row *qs =
      arena_alloc(&r->arena, sizeof(*qs) * TRAINING_QUESTIONS_MAX);
  bool self_paced, mgr = manager(r);
  int ns = 0, nq = 0, rc;

  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  if ((!m->active && !mgr) ||
      (for_staff(m->audience) && !training_is_staff(&r->session.user)))
    return ERR_NOTFOUND;
  self_paced = str_eq(m->delivery, "self_paced");
  if ((rc = store_tsession_list(r->db, id, clock_now(), sessions,
                                TRAINING_SESSIONS_MAX, &ns)) ||
      (rc = store_quiz_list(r->db, id, qs, TRAINING_QUESTIONS_MAX, &nq)))
    return rc;
  page_begin(r, m->title);
  html_printf(&r->out, "<p><a href=\"/training%s\">%s</a></p>\n"
                       "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
              for_staff(m->audience) ? "/staff" : "",
              for_staff(m->audience) ? "Staff development" : "Training",
              m->title, m->purpose);
  notice_if(r, "saved", "Saved.");
  if (!m->active)
    H(&r->out, "<p>This module is retired: it takes no new bookings or "
               "quiz attempts.</p>\n");
  if (mgr)
    html_printf(&r->out, "<p><a href=\"/training/modules/%lld/report\">Who "
                         "has completed this module</a></p>\n",
                (long long)m->id);
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
static int session_from_form(struct request *r, struct tsession_row *s,
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
    struct tsession_row *s = arena_alloc(&r->arena, sizeof(*s));

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

static void register_table(struct request *r, const struct tsession_row *s,
                           const struct booking_row *rows, int n)
{
  const char *action = arena_printf(&r->arena, "/training/sessions/%lld/"
                                               "register",
                                    (long long)s->id);
  const char *remove = arena_printf(&r->arena, "/training/sessions/%lld/"
                                               "bookings/cancel",
                                    (long long)s->id);
  bool mgr = manager(r), open = !s->cancelled_at;
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
      if (open && !str_eq(b->state, "attended"))
        small_post(r, action, "attended", b->id,
                   arena_printf(&r->arena, "Mark %s attended", b->user_name),
                   false);
      if (open && !str_eq(b->state, "no_show"))
        small_post(r, action, "no_show", b->id,
                   arena_printf(&r->arena, "Mark %s absent", b->user_name),
                   true);
      if (open && mgr && str_eq(b->state, "booked"))
        small_post(r, remove, "cancel", b->id,
                   arena_printf(&r->arena, "Cancel %s's booking",
                                b->user_name),
                   true);
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  if (s->waiting) {
    H(&r->out, "<h2>Waiting list</h2>\n<ol>\n");
    for (int i = 0; i < n; i++) {
      if (!str_eq(rows[i].state, "waiting"))
        continue;
      html_printf(&r->out, "<li>%s (%s) ", rows[i].user_name,
                  rows[i].user_email);
      if (open && mgr)
        small_post(r, remove, "cancel", rows[i].id,
                   arena_printf(&r->arena, "Take %s off the waiting list",
                                rows[i].user_name),
                   true);
      H(&r->out, "</li>\n");
    }
    H(&r->out, "</ol>\n");
  }
}

/* "2026-10-05T14:00", the value of a datetime-local control. */
static const char *local_input(struct request *r, int64_t t)
{
  char *s = arena_alloc(&r->arena, 32);

  clock_format(t, s, 32);
  if (strlen(s) > 10 && s[10] == ' ')
    s[10] = 'T';
  return s;
}

/* The trainer's or a coordinator's forms: edit the session, cancel it. */
static void session_admin_forms(struct request *r, const struct tsession_row *s,
                                const char *form, const struct err_detail *why)
{
  bool edit_posted = form && str_eq(form, "edit");
  bool cancel_posted = form && str_eq(form, "cancel_session");
  const char *base = arena_printf(&r->arena, "/training/sessions/%lld",
                                  (long long)s->id);
  char minutes[16], capacity[16];

  snprintf(minutes, sizeof(minutes), "%d", s->minutes);
  snprintf(capacity, sizeof(capacity), "%d", s->capacity);
  H(&r->out, "<h2>Change the session</h2>\n<p>Everyone booked is sent the "
             "new time or place, with an updated calendar file. More places "
             "move people up from the waiting list.</p>\n");
  form_begin(r, arena_printf(&r->arena, "%s/edit", base));
  field_input(r,
              &(struct field){.name = "starts_at", .label = "Starts (UTC)",
                              .type = "datetime-local",
                              .hint = "Like 2026-10-05T14:00.",
                              .value = edit_posted ? form_value(r, "starts_at")
                                                   : local_input(r,
                                                                 s->starts_at),
                              .required = true},
              edit_posted ? why : NULL);
  field_input(r,
              &(struct field){.name = "minutes", .label = "Length in minutes",
                              .type = "number",
                              .value = edit_posted ? form_value(r, "minutes")
                                                   : minutes,
                              .required = true},
              edit_posted ? why : NULL);
  field_input(r,
              &(struct field){.name = "place",
                              .label = str_eq(s->delivery, "online_live")
                                           ? "Online link"
                                           : "Room or place",
                              .type = "text",
                              .value = edit_posted ? form_value(r, "place")
                                                   : s->place,
                              .required = true},
              edit_posted ? why : NULL);
  field_input(r,
              &(struct field){.name = "capacity", .label = "Places",
                              .type = "number",
                              .hint = "At least the number booked.",
                              .value = edit_posted ? form_value(r, "capacity")
                                                   : capacity,
                              .required = true},
              edit_posted ? why : NULL);
  if (manager(r))
    field_input(r,
                &(struct field){.name = "trainer", .label = "Trainer's email",
                                .type = "email",
                                .hint = "The trainer keeps the attendance "
                                        "register. Empty: no trainer.",
                                .value = edit_posted
                                             ? form_value(r, "trainer")
                                             : s->trainer_email},
                edit_posted ? why : NULL);
  H(&r->out, "<button type=\"submit\">Save the changes</button>\n</form>\n");

  H(&r->out, "<h2>Cancel the session</h2>\n<p>Everyone booked or waiting "
             "is told by email.</p>\n");
  form_begin(r, arena_printf(&r->arena, "%s/cancel-session", base));
  field_input(r,
              &(struct field){.name = "reason", .label = "Reason (optional)",
                              .type = "text",
                              .hint = "Included in the email, on one line.",
                              .value = cancel_posted ? form_value(r, "reason")
                                                     : ""},
              cancel_posted ? why : NULL);
  H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Cancel the "
             "session</button>\n</form>\n");
}

static int session_page(struct request *r, int64_t id, const char *form,
                        const struct err_detail *why)
{
  struct tsession_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct booking_row *mine = arena_alloc(&r->arena, sizeof(*mine));
  const struct user *u = &r->session.user;
  bool has, may_register, upcoming;
  int rc;

  if ((rc = store_tsession_get(r->db, id, s)))
    return rc;
  rc = store_booking_find(r->db, id, u->id, mine);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  has = !rc && !str_eq(mine->state, "cancelled");
  may_register = training_may_register(u, s);
  upcoming = !s->cancelled_at && s->starts_at > clock_now();
  /* Staff development is not for students (unless they booked it). */
  if (for_staff(s->audience) && !training_is_staff(u) && !has)
    return ERR_NOTFOUND;
  page_begin(r, arena_printf(&r->arena, "%s, %s", s->module_title,
                             when_text(r, s->starts_at)));
  html_printf(&r->out, "<p><a href=\"/training%s\">%s</a> / <a "
                       "href=\"/training/modules/%lld\">%s</a></p>\n"
                       "<h1>%s</h1>\n",
              for_staff(s->audience) ? "/staff" : "",
              for_staff(s->audience) ? "Staff development" : "Training",
              (long long)s->module_id, s->module_title, s->module_title);
  notice_if(r, "created", "The session has been added.");
  notice_if(r, "booked", "Your place is booked: a confirmation with a "
                         "calendar file is on its way by email.");
  notice_if(r, "waiting", "The session is full: you are on the waiting "
                          "list, and will have a place (and an email) as "
                          "soon as one frees.");
  notice_if(r, "cancelled", "Your booking has been cancelled.");
  notice_if(r, "marked", "The register has been updated.");
  notice_if(r, "changed", "The session has been changed, and everyone "
                          "booked has been told.");
  notice_if(r, "removed", "The booking has been cancelled, and its holder "
                          "told.");
  if (why && why->msg[0])
    error_summary(r, why);
  if (s->cancelled_at)
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>This "
                         "session was cancelled on %s (UTC).%s%s</p></div>\n",
                when_text(r, s->cancelled_at),
                s->cancel_reason[0] ? " The reason: " : "", s->cancel_reason);
  else if (!s->module_active)
    H(&r->out, "<p>This module has been retired: its sessions take no new "
               "bookings.</p>\n");
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
  if (upcoming) {
    const char *base = arena_printf(&r->arena, "/training/sessions/%lld",
                                    (long long)s->id);

    if (has && (str_eq(mine->state, "booked") ||
                str_eq(mine->state, "waiting")))
      small_post(r, arena_printf(&r->arena, "%s/cancel", base), "cancel",
                 mine->id,
                 str_eq(mine->state, "waiting") ? "Leave the waiting list"
                                                : "Cancel my booking",
                 true);
    else if (!has && s->module_active)
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
    if (upcoming)
      session_admin_forms(r, s, form, why);
  }
  return page_end(r);
}

int page_training_session(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? session_page(r, id, NULL, NULL) : ERR_NOTFOUND;
}

/* The trainer's email of the edit form into s (coordinators only: anyone
 * else keeps the session's trainer). ERR_INPUT with why. */
static int trainer_from_form(struct request *r, struct tsession_row *s,
                             struct err_detail *why)
{
  const char *trainer = form_value(r, "trainer");
  struct user u;
  int rc;

  if (!manager(r))
    return 0;
  if (!*trainer) {
    s->trainer_user_id = 0;
    return 0;
  }
  rc = account_by_email(r->db, trainer, &u);
  if (rc == ERR_NOTFOUND || (!rc && !u.active))
    return err_set(why, ERR_INPUT, "trainer",
                   "Enter the email of someone with a Tandem account.");
  if (rc)
    return rc;
  s->trainer_user_id = u.id;
  return 0;
}

int page_training_session_edit_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), v;
  struct tsession_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct training_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_tsession_get(r->db, id, s)))
    return rc;
  if (!training_may_register(&r->session.user, s))
    return ERR_PERM;
  if (!interview_time_parse(form_value(r, "starts_at"), &s->starts_at))
    rc = err_set(&why, ERR_INPUT, "starts_at",
                 "Enter the start as a date and time, like "
                 "2026-10-05T14:00.");
  else if (!str_to_i64(form_value(r, "minutes"), 0, 100000, &v))
    rc = err_set(&why, ERR_INPUT, "minutes",
                 "Enter the length as a number of minutes.");
  else if ((s->minutes = (int)v),
           !str_to_i64(form_value(r, "capacity"), 0, 100000, &v))
    rc = err_set(&why, ERR_INPUT, "capacity", "Enter the number of places.");
  else {
    s->capacity = (int)v;
    str_copy(s->place, sizeof(s->place), form_value(r, "place"));
    rc = trainer_from_form(r, s, &why);
  }
  if (!rc)
    rc = training_session_update(r->db, &a, s, clock_now(), NULL, &why);
  if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && why.msg[0]) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return session_page(r, id, "edit", &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/training/sessions/%lld?changed=1",
                                  (long long)id));
}

int page_training_session_cancel_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct training_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = training_session_cancel(r->db, &a, id, form_value(r, "reason"),
                               clock_now(), NULL, &why);
  if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && why.msg[0]) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return session_page(r, id, "cancel_session", &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/training/sessions/%lld",
                                  (long long)id));
}

int page_training_booking_cancel_post(struct request *r)
{
  int64_t id = request_param_id(r, 0), booking, promoted;
  struct booking_row *b = arena_alloc(&r->arena, sizeof(*b));
  struct training_actor a = actor_of(r);
  int rc;

  if (!id || !str_to_i64(form_value(r, "id"), 1, INT64_MAX, &booking))
    return ERR_INPUT;
  if ((rc = store_booking_get(r->db, booking, b)))
    return rc;
  if (b->session_id != id)
    return ERR_NOTFOUND;
  rc = training_booking_cancel(r->db, &a, booking, clock_now(), &promoted);
  if (rc == ERR_CONFLICT)
    return http_fail(r, 409, "This booking holds no place and is on no "
                             "waiting list: there is nothing to cancel.");
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena,
                                  "/training/sessions/%lld?removed=1",
                                  (long long)id));
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
  html_printf(&r->out, "<p><a href=\"/schemes/%lld/training/report\">Who is "
                       "trained: the scheme's training report</a></p>\n",
              (long long)s->id);
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

/* ---------------------------------------------------------------- calendar */

static const char *site_url(struct request *r)
{
  if (r->cfg->base_url[0])
    return r->cfg->base_url;
  /* Never from the Host header: a forged Host would send the link away. */
  return arena_printf(&r->arena, strchr(r->cfg->bind, ':') ? "http://[%s]:%d"
                                                          : "http://%s:%d",
                      r->cfg->bind, r->port);
}

int page_training_calendar_post(struct request *r)
{
  const char *op = form_value(r, "op");
  char token[TOKEN_LEN + 1];
  const char *url;
  int rc;

  if (str_eq(op, "revoke")) {
    rc = calendar_feed_revoke(r->db, r->session.user.id, r->ip);
    if (rc && rc != ERR_NOTFOUND)
      return rc;
    return redirect(r, "/training?calendar_off=1#calendar");
  }
  if (!str_eq(op, "create"))
    return ERR_INPUT;
  if ((rc = calendar_feed_create(r->db, r->session.user.id, r->ip, token)))
    return rc;
  url = arena_printf(&r->arena, "%s/calendar/%s.ics", site_url(r), token);
  sodium_memzero(token, sizeof(token));
  page_begin(r, "Your calendar link");
  html_printf(&r->out,
              "<p><a href=\"/training\">Training</a></p>\n"
              "<h1>Your calendar link</h1>\n"
              "<div class=\"notice\" role=\"status\"><p><strong>Copy the link "
              "now: it will not be shown again.</strong> Tandem keeps only a "
              "hash of it. Any earlier link has stopped working.</p></div>\n"
              "<p>In your calendar application, add a calendar \"from the "
              "internet\" or \"by URL\" with this link. It lists the sessions "
              "you have booked and updates as they change.</p>\n"
              "<p><code id=\"calendar-link\">%s</code></p>\n"
              "<p>Anyone who has the link can see your booked sessions. If it "
              "may have been shared, replace it or turn it off on the <a "
              "href=\"/training#calendar\">Training</a> page.</p>\n",
              url);
  return page_end(r);
}

/* GET /calendar/{token}.ics: no session, the token is the credential. */
int page_calendar_feed(struct request *r)
{
  const char *param = request_param(r, 0);
  size_t len = strlen(param);
  char token[TOKEN_LEN + 1];
  int64_t user_id;
  int rc;

  if (len != TOKEN_LEN + 4 || !str_eq(param + TOKEN_LEN, ".ics"))
    return ERR_NOTFOUND;
  memcpy(token, param, TOKEN_LEN);
  token[TOKEN_LEN] = '\0';
  rc = calendar_feed_user(r->db, token, &user_id);
  sodium_memzero(token, sizeof(token));
  if (rc)
    return rc;
  if ((rc = training_feed_ics(r->db, user_id, site_url(r), clock_now(),
                              &r->out)))
    return rc;
  r->content_type = "text/calendar; charset=utf-8";
  response_header(r, "Content-Disposition",
                  "inline; filename=\"tandem-training.ics\"");
  return 0;
}

/* ------------------------------------------------------- staff development */

int page_training_staff(struct request *r)
{
  int64_t uid = r->session.user.id, now = clock_now();
  struct module_row *mods =
      arena_alloc(&r->arena, sizeof(*mods) * TRAINING_MODULES_MAX);
  struct tsession_row *sessions =
      arena_alloc(&r->arena, sizeof(*sessions) * TRAINING_SESSIONS_MAX);
  struct booking_row *bookings =
      arena_alloc(&r->arena, sizeof(*bookings) * TRAINING_SESSIONS_MAX);
  struct completion_row *done =
      arena_alloc(&r->arena, sizeof(*done) * TRAINING_COMPLETIONS_MAX);
  bool mgr = manager(r);
  int nm, ns, nb, nd, k, rc;

  if ((rc = store_module_list(r->db, mgr, mods, TRAINING_MODULES_MAX, &nm)) ||
      (rc = store_tsession_list(r->db, 0, now, sessions,
                                TRAINING_SESSIONS_MAX, &ns)) ||
      (rc = store_booking_list_user(r->db, uid, now, bookings,
                                    TRAINING_SESSIONS_MAX, &nb)) ||
      (rc = store_completion_list(r->db, uid, done, TRAINING_COMPLETIONS_MAX,
                                  &nd)))
    return rc;
  page_begin(r, "Staff development");
  H(&r->out, "<p><a href=\"/training\">Training</a></p>\n"
             "<h1>Staff development</h1>\n<p class=\"lead\">Sessions for "
             "academic champions and staff who support mentors: book them "
             "as mentors book theirs.</p>\n");
  if (mgr)
    H(&r->out, "<p>A module whose audience is Staff is listed here. <a "
               "href=\"/training/modules/new\">Create a module</a></p>\n");

  H(&r->out, "<h2>Modules</h2>\n");
  for (int i = k = 0; i < nm; i++)
    if (for_staff(mods[i].audience))
      mods[k++] = mods[i];
  if (!k) {
    H(&r->out, "<p>No staff development modules yet.</p>\n");
  } else {
    H(&r->out, "<ul>\n");
    for (int i = 0; i < k; i++)
      html_printf(&r->out, "<li><a href=\"/training/modules/%lld\">%s</a>%s"
                           ": %s</li>\n",
                  (long long)mods[i].id, mods[i].title,
                  mods[i].active ? "" : " (retired)", mods[i].purpose);
    H(&r->out, "</ul>\n");
  }

  H(&r->out, "<h2>Upcoming sessions</h2>\n");
  for (int i = k = 0; i < ns; i++)
    if (for_staff(sessions[i].audience) && (mgr || sessions[i].module_active))
      sessions[k++] = sessions[i];
  if (!k) {
    H(&r->out, "<p>No staff development sessions are planned yet.</p>\n");
  } else {
    table_begin(r, "Upcoming staff development sessions");
    H(&r->out, "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">"
               "Starts (UTC)</th><th scope=\"col\">Place or link</th>"
               "<th scope=\"col\">Places</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < k; i++)
      html_printf(&r->out, "<tr><td><a href=\"/training/sessions/%lld\">%s"
                           "</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  (long long)sessions[i].id, sessions[i].module_title,
                  when_text(r, sessions[i].starts_at), sessions[i].place,
                  places_text(r, &sessions[i]));
    H(&r->out, "</tbody>\n");
    table_end(r);
  }

  H(&r->out, "<h2>Your staff development record</h2>\n<h3>Your bookings"
             "</h3>\n");
  for (int i = k = 0; i < nb; i++) {
    struct module_row m;

    if (!store_module_get(r->db, bookings[i].module_id, &m) &&
        for_staff(m.audience))
      bookings[k++] = bookings[i];
  }
  bookings_list(r, bookings, k, "You have no upcoming staff development "
                                "bookings.");
  H(&r->out, "<h3>Completed</h3>\n");
  nd = keep_completions(r->db, done, nd, true);
  record_table(r, done, nd, "Staff development you have completed",
               "You have not completed any staff development yet.");
  return page_end(r);
}

/* ------------------------------------------------------------------ reports */

enum { REPORT_SCHEMES_MAX = 200 };

int page_training_reports(struct request *r)
{
  struct scheme_filter f;
  struct scheme_brief *schemes =
      arena_alloc(&r->arena, sizeof(*schemes) * REPORT_SCHEMES_MAX);
  struct module_row *mods =
      arena_alloc(&r->arena, sizeof(*mods) * TRAINING_MODULES_MAX);
  int ns, nm, rc;

  memset(&f, 0, sizeof(f));
  if ((rc = scheme_list_all(r->db, &f, 0, REPORT_SCHEMES_MAX, schemes, &ns,
                            NULL)) ||
      (rc = store_module_list(r->db, true, mods, TRAINING_MODULES_MAX, &nm)))
    return rc;
  page_begin(r, "Training reports");
  H(&r->out, "<p><a href=\"/training\">Training</a></p>\n"
             "<h1>Training reports</h1>\n<p class=\"lead\">Who is trained: "
             "each scheme's accepted mentors against the modules it "
             "requires, and each module's completions. Every report "
             "downloads as CSV.</p>\n<h2>Per scheme</h2>\n");
  if (!ns) {
    H(&r->out, "<p>No schemes yet.</p>\n");
  } else {
    H(&r->out, "<ul>\n");
    for (int i = 0; i < ns; i++)
      if (!str_eq(schemes[i].status, "closed"))
        html_printf(&r->out, "<li><a href=\"/schemes/%lld/training/report\">"
                             "%s</a> (%s)</li>\n",
                    (long long)schemes[i].id, schemes[i].name,
                    schemes[i].academic_year);
    H(&r->out, "</ul>\n");
  }
  H(&r->out, "<h2>Per module</h2>\n");
  if (!nm) {
    H(&r->out, "<p>No modules yet.</p>\n");
  } else {
    H(&r->out, "<ul>\n");
    for (int i = 0; i < nm; i++)
      html_printf(&r->out, "<li><a href=\"/training/modules/%lld/report\">%s"
                           "</a>%s</li>\n",
                  (long long)mods[i].id, mods[i].title,
                  mods[i].active ? "" : " (retired)");
    H(&r->out, "</ul>\n");
  }
  return page_end(r);
}

static const char *req_title_of(const struct requirement_row *req, int nreq,
                                int64_t id)
{
  for (int i = 0; i < nreq; i++)
    if (req[i].module_id == id)
      return req[i].title;
  return "";
}

int page_scheme_training_report(struct request *r)
{
  int64_t id = request_param_id(r, 0), now = clock_now();
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct training_report_mentor *rows;
  struct requirement_row *req =
      arena_alloc(&r->arena, sizeof(*req) * TRAINING_REQUIRED_MAX);
  int n, nreq, trained = 0, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  rows = arena_alloc(&r->arena, sizeof(*rows) * TRAINING_REPORT_MAX);
  if ((rc = training_report_scheme(r->db, id, now, rows, TRAINING_REPORT_MAX,
                                   &n, req, &nreq)))
    return rc;
  for (int i = 0; i < n; i++)
    trained += rows[i].nmissing == 0;
  page_begin(r, arena_printf(&r->arena, "Training report: %s", s->name));
  html_printf(&r->out, "<p><a href=\"/training/reports\">Training reports</a>"
                       " / <a href=\"/schemes/%lld\">%s</a></p>\n<h1>Training "
                       "report: %s</h1>\n",
              (long long)id, s->name, s->name);
  if (!nreq)
    H(&r->out, "<p>The scheme requires no training.</p>\n");
  else {
    H(&r->out, "<p>Required: ");
    for (int i = 0; i < nreq; i++)
      html_printf(&r->out, "%s<a href=\"/training/modules/%lld\">%s</a>",
                  i ? ", " : "", (long long)req[i].module_id, req[i].title);
    html_printf(&r->out, ". <a href=\"/schemes/%lld/training\">Change</a>"
                         "</p>\n",
                (long long)id);
  }
  html_printf(&r->out, "<p><strong>%d of %d accepted %s trained</strong>; %d "
                       "not yet. <a href=\"/schemes/%lld/training/report.csv\">"
                       "Download as CSV</a></p>\n",
              trained, n, plural(n, "mentor is", "mentors are"), n - trained,
              (long long)id);
  if (!n) {
    H(&r->out, "<p>No mentor has been accepted yet.</p>\n");
    return page_end(r);
  }
  table_begin(r, "Accepted mentors and their training");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentor</th><th scope=\"col\">"
             "Student number</th><th scope=\"col\">Email</th><th "
             "scope=\"col\">Training</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    const struct training_report_mentor *m = &rows[i];
    struct buf text;

    buf_init(&text, 4096);
    for (int k = 0; k < m->nmissing; k++) {
      if (k)
        buf_puts(&text, k == m->nmissing - 1 ? " and " : ", ");
      buf_puts(&text, req_title_of(req, nreq, m->missing[k].module_id));
      if (m->missing[k].expired_at)
        buf_printf(&text, " (expired on %s)",
                   date_text(r, m->missing[k].expired_at));
    }
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td>"
                         "</tr>\n",
                m->who.legal_name, m->who.student_number, m->who.email,
                m->nmissing ? "Not yet trained: needs " : "Trained",
                buf_cstr(&text));
    buf_free(&text);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  return page_end(r);
}

static int write_out(void *ctx, const void *bytes, size_t n)
{
  buf_append(ctx, bytes, n);
  return buf_failed(ctx) ? -1 : 0;
}

int page_scheme_training_report_csv(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if ((rc = training_report_scheme_csv(r->db, id, clock_now(), write_out,
                                       &r->out)))
    return rc == ERR_IO ? ERR_TOOBIG : rc;
  r->content_type = "text/csv; charset=utf-8";
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena,
                               "attachment; filename=\"training-scheme-%lld"
                               ".csv\"",
                               (long long)id));
  return 0;
}

int page_module_training_report(struct request *r)
{
  int64_t id = request_param_id(r, 0), now = clock_now();
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  struct module_holder_row *rows;
  int n, valid = 0, rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  rows = arena_alloc(&r->arena, sizeof(*rows) * TRAINING_REPORT_MAX);
  if ((rc = training_report_module(r->db, id, rows, TRAINING_REPORT_MAX, &n)))
    return rc;
  for (int i = 0; i < n; i++)
    valid += !str_eq(training_holder_status(&rows[i], now), "expired");
  page_begin(r, arena_printf(&r->arena, "Training report: %s", m->title));
  html_printf(&r->out, "<p><a href=\"/training/reports\">Training reports</a>"
                       " / <a href=\"/training/modules/%lld\">%s</a></p>\n"
                       "<h1>Training report: %s</h1>\n<p><strong>%d %s "
                       "completed it</strong>: %d still valid, %d expired. <a "
                       "href=\"/training/modules/%lld/report.csv\">Download "
                       "as CSV</a></p>\n",
              (long long)id, m->title, m->title, n,
              plural(n, "person has", "people have"), valid, n - valid,
              (long long)id);
  if (!n)
    return page_end(r);
  table_begin(r, "Completions of this module");
  H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email"
             "</th><th scope=\"col\">Completed</th><th scope=\"col\">Valid "
             "until</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    const char *status = training_holder_status(&rows[i], now);

    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                         "<td>%s</td></tr>\n",
                rows[i].name, rows[i].email,
                date_text(r, rows[i].completed_at),
                rows[i].expires_at ? date_text(r, rows[i].expires_at)
                                   : "Does not expire",
                str_eq(status, "expired")        ? "Expired"
                : str_eq(status, "expires soon") ? "Valid, expires soon"
                                                 : "Valid");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  return page_end(r);
}

int page_module_training_report_csv(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct module_row *m = arena_alloc(&r->arena, sizeof(*m));
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = store_module_get(r->db, id, m)))
    return rc;
  if ((rc = training_report_module_csv(r->db, id, clock_now(), write_out,
                                       &r->out)))
    return rc == ERR_IO ? ERR_TOOBIG : rc;
  r->content_type = "text/csv; charset=utf-8";
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena,
                               "attachment; filename=\"training-module-%lld"
                               ".csv\"",
                               (long long)id));
  return 0;
}
