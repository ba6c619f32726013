/* pages/pairings.c: pairings as people see them. A scheme's pairings for
 * its managers (counts by state, the list with a state filter, open
 * rematch requests, groups, and the hand assignment: choose a waiting
 * mentee and a mentor, see the score and its explanation, or the rule
 * that forbids the pair, then confirm); one pairing for its two sides and
 * the managers (the other person and how to reach them, the state with
 * its history, and what each may do: acknowledge, pause, resume, end with
 * a reason, ask to be rematched; the managers rematch); each mentor's
 * places, set in their row of the mentors' table; and the home page's
 * "Your mentoring" card. */
#include "domain/pairings.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/schemes.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct pairing_actor actor_of(struct request *r)
{
  return (struct pairing_actor){&r->session.user, r->ip, r->cfg->base_url};
}

static const char *when(struct request *r, int64_t t)
{
  char *b = arena_alloc(&r->arena, 32);

  clock_format(t, b, 32);
  return b;
}

static void notice_if(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>%s</p>"
                "</div>\n",
                text);
}

static void hidden(struct request *r, const char *name, const char *value)
{
  html_printf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name,
              value);
}

/* The id in a query or form value, or 0. */
static int64_t id_value(const char *s)
{
  int64_t v;

  return str_to_i64(s, 1, INT64_MAX, &v) ? v : 0;
}

/* ------------------------------------------------------ a scheme's pairings */

struct list_ctx {
  struct request *r;
  int n;
};

static int pairing_tr(void *ctx, const struct pairing_row *p)
{
  struct list_ctx *c = ctx;

  html_printf(&c->r->out,
              "<tr><td><a href=\"/pairings/%lld\">%s</a></td><td>%s</td>"
              "<td>%s</td><td>%s</td><td>%d</td><td>%s</td></tr>\n",
              (long long)p->id, p->mentee_name, p->mentor_name,
              pairing_state_label(p->state), p->source, p->score,
              when(c->r, p->created_at));
  c->n++;
  return 0;
}

struct option_ctx {
  struct request *r;
  struct option *opts;
  int n, max;
};

static int waiting_option(void *ctx, const struct waiting_row *w)
{
  struct option_ctx *c = ctx;

  if (c->n >= c->max)
    return 0;
  c->opts[c->n].value =
      arena_printf(&c->r->arena, "%lld", (long long)w->signup_id);
  c->opts[c->n++].label =
      w->course[0] ? arena_printf(&c->r->arena, "%s (%s, year %d)", w->name,
                                  w->course, w->year_of_study)
                   : arena_strdup(&c->r->arena, w->name);
  return 0;
}

static int mentor_option(void *ctx, const struct mentor_place_row *m)
{
  struct option_ctx *c = ctx;

  if (c->n >= c->max)
    return 0;
  c->opts[c->n].value =
      arena_printf(&c->r->arena, "%lld", (long long)m->student_id);
  c->opts[c->n++].label =
      arena_printf(&c->r->arena, "%s (%s%syear %d; %d of %d places left)",
                   m->name, m->course, m->course[0] ? ", " : "",
                   m->year_of_study, m->capacity - m->held, m->capacity);
  return 0;
}

enum { CHOOSER_MAX = 5000 };

/* The hand assignment: the choosers (a GET form, so that checking a pair
 * changes nothing), then the checked pair's score or the rule against it,
 * with the confirming POST when it is allowed. */
static int assign_part(struct request *r, const struct scheme_row *s,
                       int64_t signup, int64_t mentor,
                       const struct err_detail *why)
{
  struct pairing_actor a = actor_of(r);
  struct option_ctx mentees = {r, NULL, 1, CHOOSER_MAX + 1};
  struct option_ctx mentors = {r, NULL, 1, CHOOSER_MAX + 1};
  int rc;

  mentees.opts =
      arena_alloc(&r->arena, sizeof(struct option) * (CHOOSER_MAX + 1));
  mentors.opts =
      arena_alloc(&r->arena, sizeof(struct option) * (CHOOSER_MAX + 1));
  mentees.opts[0] = (struct option){"", "Choose a mentee"};
  mentors.opts[0] = (struct option){"", "Choose a mentor"};
  if ((rc = pairing_waiting(r->db, &r->session.user, s->id, waiting_option,
                            &mentees)) ||
      (rc = pairing_mentors(r->db, &r->session.user, s->id, mentor_option,
                            &mentors)))
    return rc;
  H(&r->out, "<section aria-labelledby=\"assign-title\">\n<h2 "
             "id=\"assign-title\">Assign by hand</h2>\n");
  if (mentees.n == 1) {
    H(&r->out, "<p>Every mentee who signed up has a mentor.</p>\n"
               "</section>\n");
    return 0;
  }
  H(&r->out, "<p>The same rules apply as in a match run: the mentor must "
             "be eligible and trained, with a place left, and the pair not "
             "blocked. Check a pair to see its score first.</p>\n");
  html_printf(&r->out,
              "<form method=\"get\" action=\"/schemes/%lld/"
              "pairings\">\n",
              (long long)s->id);
  field_select(
      r, "signup", "Mentee waiting for a mentor", NULL, mentees.opts, mentees.n,
      signup ? arena_printf(&r->arena, "%lld", (long long)signup) : "", NULL);
  field_select(r, "mentor", "Mentor", NULL, mentors.opts, mentors.n,
               mentor ? arena_printf(&r->arena, "%lld", (long long)mentor) : "",
               NULL);
  H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Check this "
             "pair</button>\n</form>\n");
  if (signup && mentor && !why) {
    struct match_candidate *c = arena_alloc(&r->arena, sizeof(*c));

    rc = pairing_preview(r->db, &a, s->id, signup, mentor, clock_now(), c);
    if (rc == ERR_NOTFOUND) {
      H(&r->out, "<p class=\"error-message\">Choose a mentee who signed up to "
                 "this scheme and a mentor it accepted.</p>\n");
    } else if (rc) {
      return rc;
    } else if (c->score < 0) {
      html_printf(&r->out,
                  "<div class=\"error-summary\" role=\"alert\"><h3>This pair "
                  "is not allowed</h3><p>%s cannot be this mentee's mentor: "
                  "%s</p></div>\n",
                  c->mentor_name, c->explanation);
    } else {
      html_printf(&r->out,
                  "<div class=\"notice\" role=\"status\"><h3>Score %d of "
                  "1000</h3><p>%s</p></div>\n",
                  c->score, c->explanation);
      form_begin(r, arena_printf(&r->arena, "/schemes/%lld/pairings",
                                 (long long)s->id));
      hidden(r, "signup_id",
             arena_printf(&r->arena, "%lld", (long long)signup));
      hidden(r, "mentor_student_id",
             arena_printf(&r->arena, "%lld", (long long)mentor));
      html_printf(&r->out, "<button type=\"submit\">Pair them</button>\n"
                           "</form>\n");
    }
  }
  H(&r->out, "</section>\n");
  return 0;
}

/* The mentors' table: how many mentees each has now, and their places in
 * a small form of their own. After a mistake, the row it was about keeps
 * what was typed, with the message beside it (why->field is
 * "places-<student id>", the input's id). */
struct places_ctx {
  struct request *r;
  int64_t scheme_id;
  const struct err_detail *why;
};

static int places_tr(void *ctx, const struct mentor_place_row *m)
{
  struct places_ctx *c = ctx;
  struct request *r = c->r;
  const char *id =
      arena_printf(&r->arena, "places-%lld", (long long)m->student_id);
  bool bad = c->why && c->why->msg[0] && str_eq(c->why->field, id);

  /* The class in the format string: html_printf escapes every %s. */
  if (bad)
    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td>%d</td>"
                "<td class=\"field-error\">",
                m->name, m->course, m->held);
  else
    html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%d</td><td>", m->name,
                m->course, m->held);
  form_begin(r,
             arena_printf(&r->arena, "/schemes/%lld/mentors/%lld/places",
                          (long long)c->scheme_id, (long long)m->student_id));
  html_printf(&r->out,
              "<label for=\"%s\" class=\"visually-hidden\">Places for %s"
              "</label>",
              id, m->name);
  field_error(r, id, c->why);
  html_printf(&r->out,
              "<input id=\"%s\" name=\"places\" type=\"number\" min=\"0\" "
              "max=\"" PAIRING_PLACES_TEXT(PAIRING_PLACES_MAX) "\" step=\"1\" "
              "value=\"%s\" aria-describedby=\"places-hint",
              id,
              bad ? form_value(r, "places")
                  : arena_printf(&r->arena, "%d", m->capacity));
  if (bad)
    html_printf(&r->out, " %s-error\" aria-invalid=\"true", id);
  html_printf(&r->out,
              "\"> <button type=\"submit\" class=\"button-secondary\">Save"
              "<span class=\"visually-hidden\"> places for %s</span></button>"
              "</form></td></tr>\n",
              m->name);
  return 0;
}

static int places_part(struct request *r, const struct scheme_row *s,
                       const struct err_detail *why)
{
  struct places_ctx c = {r, s->id, why};
  int rc;

  H(&r->out, "<section aria-labelledby=\"mentors-title\" id=\"mentors\">\n"
             "<h2 id=\"mentors-title\">Mentors and their places</h2>\n"
             "<p class=\"hint\" id=\"places-hint\">How many mentees each "
             "mentor may have in this scheme: from 0 (no new mentees this "
             "year) to 50, and never fewer than they have now. Match runs "
             "and pairing by hand both keep to it.</p>\n");
  table_begin(r, "Mentors and their places");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentor</th><th scope=\"col\">"
             "Course</th><th scope=\"col\">Mentees now</th><th scope=\"col\">"
             "Places</th></tr></thead>\n<tbody>\n");
  if ((rc = pairing_mentors(r->db, &r->session.user, s->id, places_tr, &c)))
    return rc;
  H(&r->out, "</tbody>\n");
  table_end(r);
  H(&r->out, "</section>\n");
  return 0;
}

static int scheme_pairings_page(struct request *r, const struct scheme_row *s,
                                int64_t signup, int64_t mentor,
                                const struct err_detail *why)
{
  const struct user *u = &r->session.user;
  const char *state = query_value(r, "state");
  struct rematch_row *rem =
      arena_alloc(&r->arena, sizeof(*rem) * PAIRING_REMATCH_MAX);
  struct group_row *groups =
      arena_alloc(&r->arena, sizeof(*groups) * PAIRING_GROUPS_MAX);
  struct option states[PAIRING_STATES + 1] = {{"", "Every state"}};
  static const char *const words[] = {"proposed", "active", "paused", "ended"};
  int64_t counts[PAIRING_STATES];
  struct list_ctx lc = {r, 0};
  int nrem = 0, ngroups = 0, rc;

  if (*state && !pairing_state_valid(state))
    state = "";
  if ((rc = pairing_counts(r->db, u, s->id, counts)) ||
      (rc = pairing_rematch_requests(r->db, u, s->id, rem, PAIRING_REMATCH_MAX,
                                     &nrem)) ||
      (rc = pairing_groups(r->db, u, s->id, groups, PAIRING_GROUPS_MAX,
                           &ngroups)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Pairings: %s", s->name));
  html_printf(&r->out, "<h1>Pairings: %s</h1>\n", s->name);
  notice_if(r, "assigned",
            "The mentee and the mentor were paired, and both "
            "were emailed.");
  notice_if(r, "places_saved",
            "The mentor's places were saved. The next match run and "
            "pairing by hand keep to them.");
  error_summary(r, why);
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">Back to the scheme</a>"
              "</p>\n",
              (long long)s->id);
  H(&r->out, "<dl class=\"facts\">\n");
  for (int i = 0; i < PAIRING_STATES; i++) {
    html_printf(&r->out, "<dt>%s</dt><dd>%lld</dd>\n",
                pairing_state_label(words[i]), (long long)counts[i]);
    states[i + 1] = (struct option){words[i], pairing_state_label(words[i])};
  }
  H(&r->out, "</dl>\n");

  if (nrem) {
    table_begin(r, "Open requests to be rematched");
    H(&r->out, "<thead><tr><th scope=\"col\">Pairing</th><th scope=\"col\">"
               "Asked by</th><th scope=\"col\">Reason</th><th scope=\"col\">"
               "When</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < nrem; i++)
      html_printf(&r->out,
                  "<tr><td><a href=\"/pairings/%lld\">%s with %s</a></td>"
                  "<td>%s (the %s)</td><td>%s</td><td>%s</td></tr>\n",
                  (long long)rem[i].pairing_id, rem[i].mentee_name,
                  rem[i].mentor_name, rem[i].user_name, rem[i].side,
                  rem[i].reason, when(r, rem[i].created_at));
    H(&r->out, "</tbody>\n");
    table_end(r);
  }

  H(&r->out, "<h2>The pairings</h2>\n");
  html_printf(&r->out,
              "<form method=\"get\" action=\"/schemes/%lld/"
              "pairings\" class=\"filters\">\n",
              (long long)s->id);
  field_select(r, "state", "State", NULL, states, PAIRING_STATES + 1, state,
               NULL);
  H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Show"
             "</button>\n</form>\n");
  table_begin(r, "Pairings");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentee</th><th scope=\"col\">"
             "Mentor</th><th scope=\"col\">State</th><th scope=\"col\">"
             "Source</th><th scope=\"col\">Score</th><th scope=\"col\">"
             "Since</th></tr></thead>\n<tbody>\n");
  if ((rc = pairing_list(r->db, u, s->id, state, pairing_tr, &lc)))
    return rc;
  H(&r->out, "</tbody>\n");
  table_end(r);
  if (!lc.n)
    H(&r->out, "<p>No pairings here yet.</p>\n");

  if (ngroups) {
    table_begin(r, "Groups");
    H(&r->out, "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">"
               "Led by</th><th scope=\"col\">Members</th></tr></thead>\n"
               "<tbody>\n");
    for (int i = 0; i < ngroups; i++)
      html_printf(&r->out, "<tr><td>%s</td><td>%s%s%s</td><td>%d</td></tr>\n",
                  groups[i].name, groups[i].leader_name,
                  groups[i].co_leader_name[0] ? " and " : "",
                  groups[i].co_leader_name, groups[i].members);
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  if ((rc = places_part(r, s, why)) ||
      (rc = assign_part(r, s, signup, mentor, why)))
    return rc;
  return page_end(r);
}

/* The scheme of the path for its managers. */
static int managed_scheme(struct request *r, struct scheme_row *s)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  return scheme_may_manage(r->db, &r->session.user, s->id) ? 0 : ERR_PERM;
}

int page_scheme_pairings(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  return scheme_pairings_page(r, s, id_value(query_value(r, "signup")),
                              id_value(query_value(r, "mentor")), NULL);
}

int page_scheme_pairings_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct pairing_actor a = actor_of(r);
  int64_t signup = id_value(form_value(r, "signup_id"));
  int64_t mentor = id_value(form_value(r, "mentor_student_id"));
  int64_t id = 0;
  int rc = managed_scheme(r, s);

  if (rc)
    return rc;
  rc = pairing_assign(r->db, &a, s->id, signup, mentor, clock_now(), &id, &why);
  if (rc == 0)
    return redirect(
        r, arena_printf(&r->arena, "/pairings/%lld?assigned=1", (long long)id));
  if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_NOTFOUND) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    if (!why.msg[0])
      err_set(&why, rc, "", "That pair cannot be made.");
    /* The error summary links to a field the form has. */
    str_copy(why.field, sizeof(why.field),
             str_eq(why.field, "signup_id") ? "signup" : "mentor");
    return scheme_pairings_page(r, s, signup, mentor, &why);
  }
  return rc;
}

/* POST /schemes/{id}/mentors/{student_id}/places: one mentor's places. */
int page_mentor_places_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  struct pairing_actor a = actor_of(r);
  int64_t student = request_param_id(r, 1), v;
  int rc = managed_scheme(r, s), places;

  if (rc)
    return rc;
  if (!student)
    return ERR_NOTFOUND;
  /* Not a number at all: out of range, so the domain's message says what
   * is wanted. */
  places =
      str_to_i64(form_value(r, "places"), -1000000, 1000000, &v) ? (int)v : -1;
  rc = pairings_set_places(r->db, &a, s->id, student, places, &why);
  if (rc == 0)
    return redirect(r, arena_printf(&r->arena,
                                    "/schemes/%lld/pairings?places_saved=1",
                                    (long long)s->id));
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    /* The error summary links to this mentor's input. */
    snprintf(why.field, sizeof(why.field), "places-%lld", (long long)student);
    return scheme_pairings_page(r, s, 0, 0, &why);
  }
  if (rc == ERR_NOTFOUND || rc == ERR_PERM)
    return http_fail(r, rc == ERR_PERM ? 403 : 404,
                     why.msg[0] ? why.msg : NULL);
  return rc;
}

/* ------------------------------------------------------------ one pairing */

static void person_part(struct request *r, const char *heading,
                        const char *name, const char *course,
                        const char *contact)
{
  html_printf(&r->out,
              "<h2>%s</h2>\n<dl class=\"facts\"><dt>Name</dt>"
              "<dd>%s</dd>",
              heading, name);
  if (course[0])
    html_printf(&r->out, "<dt>Course</dt><dd>%s</dd>", course);
  if (contact[0])
    html_printf(&r->out,
                "<dt>Contact</dt><dd><a href=\"mailto:%s\">%s</a>"
                "</dd>",
                contact, contact);
  H(&r->out, "</dl>\n");
}

static void op_form(struct request *r, const struct pairing_row *p,
                    const char *op)
{
  form_begin(r, arena_printf(&r->arena, "/pairings/%lld", (long long)p->id));
  hidden(r, "op", op);
  hidden(r, "version", arena_printf(&r->arena, "%d", p->version));
}

static void actions_part(struct request *r, const struct pairing_row *p,
                         enum pairing_access acc, bool manager,
                         const struct err_detail *why)
{
  bool side = acc == PAIRING_MENTEE || acc == PAIRING_MENTOR;
  bool mine_acked =
      acc == PAIRING_MENTEE ? p->mentee_ack_at != 0 : p->mentor_ack_at != 0;
  struct option reasons[8];
  int n = 0;

  if (str_eq(p->state, "ended"))
    return;
  H(&r->out, "<h2>What you can do</h2>\n");
  if (side && str_eq(p->state, "proposed") && !mine_acked) {
    op_form(r, p, "acknowledge");
    H(&r->out, "<p>Let the scheme know you have seen this pairing and will "
               "get in touch.</p>\n<button type=\"submit\">Acknowledge the "
               "pairing</button>\n</form>\n");
  }
  if (str_eq(p->state, "active")) {
    op_form(r, p, "pause");
    field_textarea(
        r, "note", "Why pause (optional)", NULL,
        why && str_eq(why->field, "note") ? form_value(r, "note") : "", 2, why);
    H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Pause the "
               "pairing</button>\n</form>\n");
  }
  if (str_eq(p->state, "paused")) {
    op_form(r, p, "resume");
    H(&r->out, "<button type=\"submit\">Resume the pairing</button>\n"
               "</form>\n");
  }
  reasons[n++] = (struct option){"", "Choose a reason"};
  for (int i = 0; pairing_end_reasons[i]; i++)
    reasons[n++] =
        (struct option){pairing_end_reasons[i],
                        pairing_end_reason_label(pairing_end_reasons[i])};
  H(&r->out, "<h3>End the pairing</h3>\n");
  op_form(r, p, "end");
  field_select(r, "reason", "Why it ends", NULL, reasons, n,
               why ? form_value(r, "reason") : "", why);
  field_textarea(r, "end_note",
                 "Anything the coordinators should know "
                 "(optional)",
                 NULL, why ? form_value(r, "end_note") : "", 2, why);
  H(&r->out, "<button type=\"submit\" class=\"button-secondary\">End the "
             "pairing</button>\n</form>\n");
  if (side) {
    H(&r->out, "<h3>Ask to be rematched</h3>\n");
    op_form(r, p, "rematch_request");
    field_textarea(r, "rematch_reason",
                   "Why you would like a different "
                   "match",
                   "Only the scheme's coordinators read this.",
                   why && str_eq(why->field, "rematch_reason")
                       ? form_value(r, "rematch_reason")
                       : "",
                   3, why);
    H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Ask to be "
               "rematched</button>\n</form>\n");
  }
  if (manager) {
    H(&r->out, "<h3>Rematch</h3>\n<p>End this pairing (needs changed) and "
               "pair the mentee with the best other mentor who has a place; "
               "every other pairing stays as it is.</p>\n");
    op_form(r, p, "rematch");
    H(&r->out, "<button type=\"submit\">Rematch with another mentor</button>"
               "\n</form>\n");
  }
}

static void acks_part(struct request *r, const struct pairing_row *p)
{
  if (!str_eq(p->state, "proposed"))
    return;
  H(&r->out, "<ul>\n");
  if (p->mentee_ack_at)
    html_printf(&r->out, "<li>The mentee acknowledged it on %s.</li>\n",
                when(r, p->mentee_ack_at));
  else
    H(&r->out, "<li>Waiting for the mentee to acknowledge it.</li>\n");
  if (p->mentor_ack_at)
    html_printf(&r->out, "<li>The mentor acknowledged it on %s.</li>\n",
                when(r, p->mentor_ack_at));
  else
    H(&r->out, "<li>Waiting for the mentor to acknowledge it.</li>\n");
  H(&r->out, "</ul>\n<p>It becomes active when both have.</p>\n");
}

static const char *change_text(struct request *r,
                               const struct pairing_event_row *e)
{
  if (!e->from_state[0])
    return arena_printf(&r->arena, "Paired (%s)",
                        pairing_state_label(e->to_state));
  if (str_eq(e->from_state, e->to_state))
    return pairing_state_label(e->to_state);
  return arena_printf(&r->arena, "%s to %s", pairing_state_label(e->from_state),
                      pairing_state_label(e->to_state));
}

static int pairing_page(struct request *r, const struct pairing_row *p,
                        enum pairing_access acc, const struct err_detail *why)
{
  struct pairing_event_row *ev =
      arena_alloc(&r->arena, sizeof(*ev) * PAIRING_EVENTS_MAX);
  bool manager = pairing_may_manage(r->db, &r->session.user, p->scheme_id);
  const char *title;
  int n = 0, rc;

  if ((rc = pairing_history(r->db, p->id, ev, PAIRING_EVENTS_MAX, &n)))
    return rc;
  title = acc == PAIRING_MENTEE
              ? arena_printf(&r->arena, "Your mentor: %s", p->mentor_name)
          : acc == PAIRING_MENTOR
              ? arena_printf(&r->arena, "Your mentee: %s", p->mentee_name)
              : arena_printf(&r->arena, "%s with %s", p->mentee_name,
                             p->mentor_name);
  page_begin(r, title);
  html_printf(&r->out, "<h1>%s</h1>\n", title);
  notice_if(r, "assigned",
            "The mentee and the mentor were paired, and both "
            "were emailed.");
  notice_if(r, "done", "Done: the pairing's history shows the change.");
  error_summary(r, why);
  html_printf(&r->out,
              "<p class=\"lead\">%s, %s. <span class=\"tag\">%s"
              "</span></p>\n",
              p->scheme_name, p->academic_year, pairing_state_label(p->state));
  if (str_eq(p->state, "ended"))
    html_printf(&r->out, "<p>This pairing ended on %s: %s.</p>\n",
                when(r, p->ended_at), pairing_end_reason_label(p->end_reason));
  if (acc != PAIRING_MENTOR)
    person_part(r, acc == PAIRING_MENTEE ? "Your mentor" : "The mentor",
                p->mentor_name, p->mentor_course, p->mentor_contact);
  if (acc != PAIRING_MENTEE)
    person_part(r, acc == PAIRING_MENTOR ? "Your mentee" : "The mentee",
                p->mentee_name, p->mentee_course, p->mentee_contact);
  if (p->group_name[0])
    html_printf(&r->out, "<p>Group: %s.</p>\n", p->group_name);
  html_printf(&r->out,
              "<h2>Why this match</h2>\n<p>Match score: %d of "
              "1000.</p>\n",
              p->score);
  if (p->explanation[0])
    html_printf(&r->out, "<p>%s</p>\n", p->explanation);
  acks_part(r, p);
  actions_part(r, p, acc, manager, why);
  table_begin(r, "History");
  H(&r->out, "<thead><tr><th scope=\"col\">When</th><th scope=\"col\">"
             "Change</th><th scope=\"col\">By</th><th scope=\"col\">Note"
             "</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                "</tr>\n",
                when(r, ev[i].at), change_text(r, &ev[i]),
                ev[i].actor_name[0] ? ev[i].actor_name : "Tandem", ev[i].note);
  H(&r->out, "</tbody>\n");
  table_end(r);
  if (manager)
    html_printf(&r->out,
                "<p><a href=\"/schemes/%lld/pairings\">All the "
                "scheme's pairings</a></p>\n",
                (long long)p->scheme_id);
  return page_end(r);
}

int page_pairing(struct request *r)
{
  struct pairing_row *p = arena_alloc(&r->arena, sizeof(*p));
  enum pairing_access acc;
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = pairing_get(r->db, &r->session.user, id, p, &acc)))
    return rc;
  return pairing_page(r, p, acc, NULL);
}

int page_pairing_post(struct request *r)
{
  struct pairing_row *p = arena_alloc(&r->arena, sizeof(*p));
  struct err_detail why = {"", ""};
  struct pairing_actor a = actor_of(r);
  const char *op = form_value(r, "op");
  enum pairing_access acc;
  int64_t id = request_param_id(r, 0), now = clock_now(), new_id = 0;
  int64_t version = 0;
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = pairing_get(r->db, &r->session.user, id, p, &acc)))
    return rc;
  /* A form from before someone else's change acts on nothing. */
  if (*form_value(r, "version") &&
      (!str_to_i64(form_value(r, "version"), 1, 1 << 30, &version) ||
       version != p->version))
    return http_fail(r, 409,
                     "This pairing changed since you opened the "
                     "page. Look at it again before you act.");
  if (str_eq(op, "acknowledge"))
    rc = pairing_acknowledge(r->db, &a, id, now);
  else if (str_eq(op, "pause")) {
    rc = pairing_pause(r->db, &a, id, form_value(r, "note"), now);
    if (rc == ERR_INPUT)
      err_set(&why, ERR_INPUT, "note",
              "Keep the note to 400 characters or fewer.");
  } else if (str_eq(op, "resume"))
    rc = pairing_resume(r->db, &a, id, now);
  else if (str_eq(op, "end")) {
    rc = pairing_end(r->db, &a, id, form_value(r, "reason"),
                     form_value(r, "end_note"), now, &why);
    if (str_eq(why.field, "note"))
      str_copy(why.field, sizeof(why.field), "end_note");
  } else if (str_eq(op, "rematch_request"))
    rc = pairing_rematch_request(r->db, &a, id, form_value(r, "rematch_reason"),
                                 now, &why);
  else if (str_eq(op, "rematch")) {
    rc = pairing_rematch(r->db, &a, id, now, &new_id, &why);
    if (rc == 0)
      return redirect(r, arena_printf(&r->arena, "/pairings/%lld?assigned=1",
                                      (long long)new_id));
  } else
    return http_fail(r, 400, "Choose what to do.");
  if (rc == 0)
    return redirect(r, arena_printf(&r->arena, "/pairings/%lld?done=%s",
                                    (long long)id, op));
  if (rc == ERR_INPUT) {
    r->status = 400;
    return pairing_page(r, p, acc, &why);
  }
  if (rc == ERR_CONFLICT)
    return http_fail(r, 409,
                     why.msg[0] ? why.msg
                                : "This pairing is not in a state "
                                  "that allows that.");
  if (rc == ERR_PERM)
    return http_fail(r, 403, why.msg[0] ? why.msg : NULL);
  return rc;
}

/* ----------------------------------------------------------- the home card */

struct card_ctx {
  struct request *r;
  struct buf items;
  int n;
  bool as_mentor;
};

static int card_item(void *ctx, const struct pairing_row *p)
{
  struct card_ctx *c = ctx;

  if (c->n++)
    buf_puts(&c->items, ", ");
  html_printf(&c->items, "<a href=\"/pairings/%lld\">%s</a> (%s, %s)",
              (long long)p->id, c->as_mentor ? p->mentee_name : p->mentor_name,
              p->scheme_name, pairing_state_label(p->state));
  return 0;
}

void home_mentoring_card(struct request *r)
{
  struct card_ctx mentee = {r, {0}, 0, false}, mentor = {r, {0}, 0, true};

  buf_init(&mentee.items, 1 << 16);
  buf_init(&mentor.items, 1 << 16);
  if (pairings_as_mentee(r->db, &r->session.user, true, card_item, &mentee))
    mentee.n = 0;
  if (pairings_as_mentor(r->db, &r->session.user, true, card_item, &mentor))
    mentor.n = 0;
  H(&r->out, "<li><h2>Your mentoring</h2>\n");
  if (mentee.n) {
    html_printf(&r->out, "<p>Your %s: ", mentee.n == 1 ? "mentor" : "mentors");
    buf_puts(&r->out, buf_cstr(&mentee.items)); /* escaped in card_item */
    H(&r->out, "</p>\n");
  }
  if (mentor.n) {
    html_printf(&r->out, "<p>Your %s: ", mentor.n == 1 ? "mentee" : "mentees");
    buf_puts(&r->out, buf_cstr(&mentor.items));
    H(&r->out, "</p>\n");
  }
  if (!mentee.n && !mentor.n)
    H(&r->out, "<p>You have no mentor or mentees yet. When you are paired "
               "with someone, they appear here with how to contact them."
               "</p>\n");
  H(&r->out, "</li>\n");
  buf_free(&mentee.items);
  buf_free(&mentor.items);
}
