/* pages/signups.c: mentee sign-up. A student signs up to a scheme (the
 * help they want, preferences about their mentor, how to meet), changes or
 * withdraws it, and sees their sign-ups; a scheme's managers list its
 * sign-ups (CSV too) and invite incoming students by their personal email;
 * an invited student, signed out, opens the link, creates their account
 * and signs up in one go. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/import.h"
#include "domain/schemes.h"
#include "domain/signups.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

enum { SIGNUPS_PAGE = 50, INVITATIONS_PAGE = 50, MY_SIGNUPS_MAX = 100 };

/* Links in mail start from --base-url; never from the Host header, which
 * a visitor can forge to send the link elsewhere. */
static const char *base_url(struct request *r)
{
  if (r->cfg->base_url[0])
    return r->cfg->base_url;
  return arena_printf(&r->arena, strchr(r->cfg->bind, ':') ? "http://[%s]:%d"
                                                          : "http://%s:%d",
                      r->cfg->bind, r->port);
}

static const char *date_of(struct request *r, int64_t t)
{
  char *s = arena_alloc(&r->arena, 20);

  clock_format(t, s, 20);
  s[10] = '\0'; /* the day is enough */
  return s;
}

static const char *topic_label(struct request *r, const char *word)
{
  char *buf = arena_alloc(&r->arena, SU_TOPIC);

  return scheme_topic_label(word, buf, SU_TOPIC);
}

static const char *preference_label(const char *word)
{
  for (int i = 0; i < SIGNUP_PREFERENCES; i++)
    if (str_eq(word, signup_preferences[i].word))
      return signup_preferences[i].label;
  return word;
}

/* Write a space-separated set of words as a comma-separated list of their
 * labels (label_of: topics or preferences); none when empty. */
static void words_list(struct request *r, const char *set, bool topics,
                       const char *none)
{
  char copy[SU_TOPICS];
  bool first = true;

  str_copy(copy, sizeof(copy), set);
  for (char *p = copy, *end; *p; p = end) {
    end = p + strcspn(p, " ");
    if (*end)
      *end++ = '\0';
    if (!*p)
      continue;
    html_printf(&r->out, "%s%s", first ? "" : ", ",
                topics ? topic_label(r, p) : preference_label(p));
    first = false;
  }
  if (first)
    html_printf(&r->out, "%s", none);
}

/* The scheme at {id} (param 0), in the arena; ERR_NOTFOUND when the visitor
 * may not see it. */
static int load_scheme(struct request *r, struct scheme_row **out)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if (!scheme_visible(r->db, r->signed_in ? &r->session.user : NULL, s))
    return ERR_NOTFOUND;
  *out = s;
  return 0;
}

/* The scheme at {id}, for one of its managers (ERR_PERM otherwise). */
static int load_managed(struct request *r, struct scheme_row **out)
{
  int rc = load_scheme(r, out);

  if (rc)
    return rc;
  return scheme_may_manage(r->db, &r->session.user, (*out)->id) ? 0
                                                                : ERR_PERM;
}

/* ------------------------------------------------------- the sign-up form */

/* What the form shows: a sign-up's answers, or what was just posted. */
struct signup_values {
  char topics[SU_TOPICS];
  char preferences[SU_PREFS];
  const char *note, *mode;
};

static void values_of_row(const struct signup_row *row,
                          struct signup_values *v)
{
  str_copy(v->topics, sizeof(v->topics), row->topics);
  str_copy(v->preferences, sizeof(v->preferences), row->preferences);
  v->note = row->note;
  v->mode = row->mode;
}

/* Read the posted form into in (its strings live in the request) and v
 * (to show it again). */
static void read_signup_form(struct request *r, struct signup_input *in,
                             struct signup_values *v)
{
  int n;

  memset(in, 0, sizeof(*in));
  memset(v, 0, sizeof(*v));
  n = kv_count(&r->form, "topics");
  for (int i = 0; i < n && in->ntopics < SIGNUP_TOPICS_MAX; i++) {
    const char *w = kv_nth(&r->form, "topics", i);

    in->topics[in->ntopics++] = w;
    if (strlen(v->topics) + strlen(w) + 2 < sizeof(v->topics) &&
        !strchr(w, ' ')) {
      if (v->topics[0])
        strncat(v->topics, " ", sizeof(v->topics) - strlen(v->topics) - 1);
      strncat(v->topics, w, sizeof(v->topics) - strlen(v->topics) - 1);
    }
  }
  n = kv_count(&r->form, "preferences");
  for (int i = 0; i < n && in->npreferences < SIGNUP_PREFERENCES; i++) {
    const char *w = kv_nth(&r->form, "preferences", i);

    in->preferences[in->npreferences++] = w;
    if (strlen(v->preferences) + strlen(w) + 2 < sizeof(v->preferences) &&
        !strchr(w, ' ')) {
      if (v->preferences[0])
        strncat(v->preferences, " ",
                sizeof(v->preferences) - strlen(v->preferences) - 1);
      strncat(v->preferences, w,
              sizeof(v->preferences) - strlen(v->preferences) - 1);
    }
  }
  in->note = v->note = form_value(r, "note");
  in->mode = v->mode = form_value(r, "mode");
}

/* The sign-up's fields (inside a form the caller opens and closes). */
static void signup_fields(struct request *r, const struct scheme_row *s,
                          const struct signup_values *v,
                          const struct err_detail *why)
{
  struct scheme_topic_lists *t = arena_alloc(&r->arena, sizeof(*t));
  static const struct {
    const char *word, *label;
  } mode_words[] = {{"online", "Online"},
                    {"face_to_face", "Face to face"},
                    {"either", "Either: I don't mind"}};
  const char *mode = v->mode && *v->mode ? v->mode : "either";

  if (signup_scheme_topics(r->db, s->id, t))
    t->nhelp = t->nrefer = 0;
  if (t->nhelp) {
    H(&r->out, "<fieldset class=\"checkboxes\" id=\"topics\"><legend>What "
               "would you like help with?</legend>\n"
               "<p class=\"hint\">Choose one or more.</p>\n");
    field_error(r, "topics", why);
    for (int i = 0; i < t->nhelp; i++)
      html_printf(&r->out,
                  "<div><input type=\"checkbox\" id=\"topic-%s\" "
                  "name=\"topics\" value=\"%s\"%s><label for=\"topic-%s\">"
                  "%s</label></div>\n",
                  t->help[i], t->help[i],
                  signup_has_word(v->topics, t->help[i]) ? " checked" : "",
                  t->help[i], topic_label(r, t->help[i]));
    H(&r->out, "</fieldset>\n");
  }
  if (t->nrefer) {
    H(&r->out, "<div class=\"notice\"><p>Mentors are students, not "
               "advisers. For these, your mentor will point you to the "
               "right place, and you can go there straight away:</p>\n"
               "<ul>\n");
    for (int i = 0; i < t->nrefer; i++)
      html_printf(&r->out, "<li>%s: %s</li>\n", topic_label(r, t->refer[i]),
                  signup_refer_where(t->refer[i]));
    H(&r->out, "</ul>\n</div>\n");
  }
  H(&r->out, "<fieldset class=\"checkboxes\" id=\"preferences\"><legend>"
             "What would you like in a mentor?</legend>\n"
             "<p class=\"hint\">The team uses these when matching you with a "
             "mentor. Choose any, or none.</p>\n");
  field_error(r, "preferences", why);
  for (int i = 0; i < SIGNUP_PREFERENCES; i++)
    html_printf(&r->out,
                "<div><input type=\"checkbox\" id=\"pref-%s\" "
                "name=\"preferences\" value=\"%s\"%s><label for=\"pref-%s\">"
                "%s</label></div>\n",
                signup_preferences[i].word, signup_preferences[i].word,
                signup_has_word(v->preferences, signup_preferences[i].word)
                    ? " checked"
                    : "",
                signup_preferences[i].word, signup_preferences[i].label);
  H(&r->out, "</fieldset>\n");
  H(&r->out, "<fieldset class=\"checkboxes\" id=\"mode\"><legend>How would "
             "you like to meet?</legend>\n");
  field_error(r, "mode", why);
  for (size_t i = 0; i < sizeof(mode_words) / sizeof(mode_words[0]); i++)
    html_printf(&r->out,
                "<div><input type=\"radio\" id=\"mode-%s\" name=\"mode\" "
                "value=\"%s\"%s><label for=\"mode-%s\">%s</label></div>\n",
                mode_words[i].word, mode_words[i].word,
                str_eq(mode, mode_words[i].word) ? " checked" : "",
                mode_words[i].word, mode_words[i].label);
  H(&r->out, "</fieldset>\n");
  field_textarea(r, "note",
                 "Anything else you would like the team to know? (optional)",
                 "At most 1,000 characters.", v->note ? v->note : "", 4, why);
}

/* ---------------------------------------------------------- a student's */

static int signup_page(struct request *r, const struct scheme_row *s,
                       const struct signup_values *posted,
                       const struct err_detail *why)
{
  struct signup_row *mine = arena_alloc(&r->arena, sizeof(*mine));
  struct signup_values *v = arena_alloc(&r->arena, sizeof(*v));
  struct err_detail closed = {"", ""};
  struct eligibility e;
  bool has, active;
  int rc;

  rc = signup_mine(r->db, &r->session.user, s->id, mine);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  has = rc == 0;
  active = has && str_eq(mine->state, "active");
  if ((rc = signup_eligibility(r->db, &r->session.user, s, NULL, &e)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Sign up: %s", s->name));
  html_printf(&r->out, "<h1>Sign up for a mentor: %s</h1>\n", s->name);
  if (s->summary[0])
    html_printf(&r->out, "<p class=\"lead\">%s</p>\n", s->summary);
  error_summary(r, why);
  html_printf(&r->out, "<div class=\"notice\" id=\"eligibility\"><p>%s</p>"
                       "</div>\n",
              e.explanation);
  if (has)
    html_printf(&r->out,
                "<p role=\"status\">%s on %s.</p>\n",
                active ? "You signed up" : "You withdrew your sign-up",
                date_of(r, active ? mine->created_at : mine->updated_at));
  if (signups_accepting(s, &closed)) {
    html_printf(&r->out, "<p>%s</p>\n", closed.msg);
  } else if (e.eligible) {
    if (posted)
      *v = *posted;
    else if (has)
      values_of_row(mine, v);
    form_begin(r, arena_printf(&r->arena, "/schemes/%lld/signup",
                               (long long)s->id));
    signup_fields(r, s, v, why);
    html_printf(&r->out, "<button type=\"submit\">%s</button>\n</form>\n",
                active ? "Save my changes" : "Sign up");
  }
  if (active)
    requests_scheme_link(r, s);
  if (active) {
    H(&r->out, "<h2>Withdraw</h2>\n<p>If you no longer want a mentor from "
               "this scheme, you can withdraw. You can sign up again while "
               "sign-ups are open.</p>\n");
    form_begin(r, arena_printf(&r->arena, "/schemes/%lld/signup/withdraw",
                               (long long)s->id));
    H(&r->out, "<button type=\"submit\" class=\"button-secondary\">Withdraw "
               "my sign-up</button>\n</form>\n");
  }
  H(&r->out, "<p><a href=\"/signups\">All your sign-ups</a></p>\n");
  return page_end(r);
}

/* GET /schemes/{id}/signup */
int page_signup(struct request *r)
{
  struct scheme_row *s;
  int rc = load_scheme(r, &s);

  return rc ? rc : signup_page(r, s, NULL, NULL);
}

/* POST /schemes/{id}/signup */
int page_signup_post(struct request *r)
{
  struct signup_values *v = arena_alloc(&r->arena, sizeof(*v));
  struct err_detail why = {"", ""};
  struct signup_input in;
  struct scheme_row *s;
  int rc = load_scheme(r, &s);

  if (rc)
    return rc;
  read_signup_form(r, &in, v);
  rc = signup_save(r->db, &r->session.user, s, &in, base_url(r), r->ip, NULL,
                   &why);
  if (rc == 0)
    return redirect(r, arena_printf(&r->arena, "/schemes/%lld/signup",
                                    (long long)s->id));
  if (rc == ERR_INPUT || rc == ERR_PERM || rc == ERR_CONFLICT) {
    r->status = rc == ERR_INPUT ? 400 : rc == ERR_PERM ? 403 : 409;
    return signup_page(r, s, v, &why);
  }
  return rc;
}

/* POST /schemes/{id}/signup/withdraw */
int page_signup_withdraw_post(struct request *r)
{
  struct scheme_row *s;
  int rc = load_scheme(r, &s);

  if (rc == 0)
    rc = signup_withdraw(r->db, &r->session.user, s->id, r->ip);
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/signup",
                                  (long long)s->id));
}

/* GET /signups: the signed-in student's sign-ups. */
int page_my_signups(struct request *r)
{
  struct signup_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * MY_SIGNUPS_MAX);
  int n = 0, rc = signups_of_user(r->db, &r->session.user, rows,
                                  MY_SIGNUPS_MAX, &n);

  if (rc)
    return rc;
  page_begin(r, "Your sign-ups");
  H(&r->out, "<h1>Your sign-ups</h1>\n");
  if (!n)
    H(&r->out, "<p>You have not signed up for a mentor yet. <a "
               "href=\"/schemes\">Find a scheme</a>.</p>\n");
  else {
    table_begin(r, "Your sign-ups");
    H(&r->out, "<thead><tr><th scope=\"col\">Scheme</th><th scope=\"col\">"
               "Help wanted</th><th scope=\"col\">State</th><th scope=\"col\">"
               "Signed up</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      html_printf(&r->out,
                  "<tr><td><a href=\"/schemes/%lld/signup\">%s</a></td><td>",
                  (long long)rows[i].scheme_id, rows[i].scheme_name);
      words_list(r, rows[i].topics, true, "–");
      html_printf(&r->out, "</td><td>%s</td><td>%s</td></tr>\n",
                  str_eq(rows[i].state, "active") ? "Signed up" : "Withdrawn",
                  date_of(r, rows[i].created_at));
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  return page_end(r);
}

/* ------------------------------------------------------------ managers' */

static void read_filter(struct request *r, struct signup_filter *f)
{
  const char *state = query_value(r, "state");

  memset(f, 0, sizeof(*f));
  if (str_eq(state, "active") || str_eq(state, "withdrawn"))
    str_copy(f->state, sizeof(f->state), state);
  str_copy(f->q, sizeof(f->q), query_value(r, "q"));
  str_trim(f->q);
  str_copy(f->topic, sizeof(f->topic), query_value(r, "topic"));
}

/* The filter as a query string (escaped for an attribute by the caller's
 * html_printf). */
static const char *filter_query(struct request *r, const struct signup_filter *f)
{
  struct buf b;
  const char *out;

  buf_init(&b, 1024);
  buf_puts(&b, "state=");
  url_encode(&b, f->state);
  buf_puts(&b, "&q=");
  url_encode(&b, f->q);
  buf_puts(&b, "&topic=");
  url_encode(&b, f->topic);
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

/* GET /schemes/{id}/signups */
int page_scheme_signups(struct request *r)
{
  struct scheme_topic_lists *t = arena_alloc(&r->arena, sizeof(*t));
  struct signup_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * SIGNUPS_PAGE);
  struct option *topics = arena_alloc(&r->arena, sizeof(*topics) *
                                                     (SIGNUP_TOPICS_MAX + 1));
  static const struct option states[] = {
      {"", "Any state"}, {"active", "Signed up"}, {"withdrawn", "Withdrawn"}};
  int page = page_number(r), n = 0, ntopics = 0, rc;
  struct signup_filter f;
  struct scheme_row *s;
  int64_t total = 0;
  const char *query;

  if ((rc = load_managed(r, &s)))
    return rc;
  read_filter(r, &f);
  if ((rc = signups_of_scheme(r->db, &r->session.user, s->id, &f, 0,
                              (page - 1) * SIGNUPS_PAGE, SIGNUPS_PAGE, rows,
                              &n, &total)) ||
      (rc = signup_scheme_topics(r->db, s->id, t)))
    return rc;
  topics[ntopics++] = (struct option){"", "Any topic"};
  for (int i = 0; i < t->nhelp; i++)
    topics[ntopics++] = (struct option){t->help[i], topic_label(r, t->help[i])};
  query = filter_query(r, &f);
  page_begin(r, arena_printf(&r->arena, "Sign-ups: %s", s->name));
  html_printf(&r->out, "<h1>Mentee sign-ups: %s</h1>\n<p><a href=\"/schemes/"
                       "%lld/invitations\">Invite incoming students</a></p>\n",
              s->name, (long long)s->id);
  html_printf(&r->out, "<form method=\"get\" action=\"/schemes/%lld/signups\" "
                       "class=\"filters\">\n",
              (long long)s->id);
  field_input(r,
              &(struct field){.name = "q", .label = "Name or email",
                              .type = "search", .value = f.q},
              NULL);
  field_select(r, "state", "State", NULL, states, 3, f.state, NULL);
  field_select(r, "topic", "Help wanted", NULL, topics, ntopics, f.topic,
               NULL);
  html_printf(&r->out, "<div><button type=\"submit\">Filter</button> <a "
                       "href=\"/schemes/%lld/signups\">Clear</a></div>\n"
                       "</form>\n",
              (long long)s->id);
  html_printf(&r->out, "<p role=\"status\">%lld %s.", (long long)total,
              plural(total, "sign-up", "sign-ups"));
  if (total)
    html_printf(&r->out, " <a href=\"/schemes/%lld/signups.csv?%s\">Download "
                         "as CSV</a>.",
                (long long)s->id, query);
  H(&r->out, "</p>\n");
  if (n) {
    table_begin(r, "Sign-ups");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Course</th><th scope=\"col\">Year</th><th scope=\"col\">Help "
               "wanted</th><th scope=\"col\">Preferences</th><th scope=\"col\">"
               "Meeting</th><th scope=\"col\">State</th><th scope=\"col\">"
               "Signed up</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      const struct signup_row *x = &rows[i];

      html_printf(&r->out, "<tr><td>%s<br><small>%s</small></td>",
                  x->user_name, x->user_email);
      if (x->student_id)
        html_printf(&r->out, "<td>%s</td><td>%d</td><td>", x->course_code,
                    x->year_of_study);
      else
        H(&r->out, "<td>No record yet (invited)</td><td>–</td><td>");
      words_list(r, x->topics, true, "–");
      H(&r->out, "</td><td>");
      words_list(r, x->preferences, false, "None");
      html_printf(&r->out, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  signup_mode_label(x->mode),
                  str_eq(x->state, "active") ? "Signed up" : "Withdrawn",
                  date_of(r, x->created_at));
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  pager(r, arena_printf(&r->arena, "/schemes/%lld/signups?%s",
                        (long long)s->id, query),
        page, SIGNUPS_PAGE, total);
  return page_end(r);
}

static void csv_row_end(struct buf *b)
{
  buf_puts(b, "\r\n");
}

/* GET /schemes/{id}/signups.csv?filter */
int page_scheme_signups_csv(struct request *r)
{
  enum { CSV_MAX = 20000 };
  struct signup_row *rows = arena_alloc(&r->arena, sizeof(*rows) * 500);
  struct signup_filter f;
  struct scheme_row *s;
  int64_t after = 0;
  int n, rc, total = 0;

  if ((rc = load_managed(r, &s)))
    return rc;
  read_filter(r, &f);
  r->content_type = "text/csv; charset=utf-8";
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena,
                               "attachment; filename=\"signups-%lld.csv\"",
                               (long long)s->id));
  buf_puts(&r->out, "name,email,student_number,course_code,year_of_study,"
                    "topics,preferences,mode,note,state,signed_up\r\n");
  do {
    if ((rc = signups_of_scheme(r->db, &r->session.user, s->id, &f, after, 0,
                                500, rows, &n, NULL)))
      return rc;
    for (int i = 0; i < n; i++) {
      const struct signup_row *x = &rows[i];
      char year[16];

      snprintf(year, sizeof(year), "%d", x->year_of_study);
      /* csv_cell_append neutralises cells a spreadsheet would run. */
      csv_cell_append(&r->out, x->user_name);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->user_email);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->student_number);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->course_code);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->student_id ? year : "");
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->topics);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->preferences);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->mode);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->note);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, x->state);
      buf_putc(&r->out, ',');
      csv_cell_append(&r->out, date_of(r, x->created_at));
      csv_row_end(&r->out);
      after = x->id;
    }
    total += n;
  } while (n == 500 && total < CSV_MAX);
  return buf_failed(&r->out) ? ERR_TOOBIG : 0;
}

/* ------------------------------------------------------------ invitations */

static const char *state_label(const char *state)
{
  if (str_eq(state, "sent"))
    return "Sent, not used yet";
  if (str_eq(state, "used"))
    return "Used: signed up";
  if (str_eq(state, "expired"))
    return "Expired";
  return "Revoked";
}

static int invitations_page(struct request *r, const struct scheme_row *s,
                            const char *emails,
                            const struct invite_report *rep, int rc_report)
{
  struct invitation_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * INVITATIONS_PAGE);
  int page = page_number(r), n = 0, rc;
  int64_t total = 0, now = clock_now();

  if ((rc = invitations_of_scheme(r->db, s->id, (page - 1) * INVITATIONS_PAGE,
                                  INVITATIONS_PAGE, rows, &n, &total)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Invitations: %s", s->name));
  html_printf(&r->out, "<h1>Invite incoming students: %s</h1>\n<p class=\""
                       "lead\">Students who have not arrived yet have no "
                       "university account. Each invitation goes to their "
                       "personal email with a link that works once, for 14 "
                       "days, to create a Tandem account and sign up.</p>\n",
              s->name);
  if (rep && rc_report == ERR_INPUT) {
    H(&r->out, "<div class=\"error-summary\" role=\"alert\" aria-labelledby"
               "=\"error-summary-title\" tabindex=\"-1\" data-autofocus>\n"
               "<h2 id=\"error-summary-title\">There is a problem</h2>\n");
    html_printf(&r->out, "<p>Nothing was sent: %d %s.</p>\n<ul>",
                rep->nerrors_total,
                plural(rep->nerrors_total, "line is wrong", "lines are wrong"));
    for (int i = 0; i < rep->nerrors; i++) {
      if (rep->errors[i].line)
        html_printf(&r->out, "<li><a href=\"#emails\">Line %d (%s): %s</a>"
                             "</li>",
                    rep->errors[i].line, rep->errors[i].text,
                    rep->errors[i].msg);
      else
        html_printf(&r->out, "<li><a href=\"#emails\">%s</a></li>",
                    rep->errors[i].msg);
    }
    H(&r->out, "</ul>\n</div>\n");
  } else if (rep) {
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>%d %s sent, %d sent "
                "again with a new link, %d already used.</p></div>\n",
                rep->sent, plural(rep->sent, "invitation", "invitations"),
                rep->renewed, rep->skipped);
  }
  if (signups_accepting(s, NULL))
    H(&r->out, "<p>This scheme is not taking sign-ups now: invitations can "
               "be sent, but the links will only work once sign-ups are "
               "open.</p>\n");
  H(&r->out, "<h2>Invite by email</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/invitations",
                             (long long)s->id));
  H(&r->out, "<input type=\"hidden\" name=\"action\" value=\"list\">");
  field_textarea(r, "emails", "Personal email addresses",
                 "One a line. Nothing is sent if any line is wrong.",
                 emails ? emails : "", 6, NULL);
  H(&r->out, "<button type=\"submit\">Send invitations</button>\n</form>\n");
  H(&r->out, "<h2>Invite every incoming student</h2>\n<p>Every incoming "
             "student of the courses this scheme serves who has a personal "
             "email in their record and no invitation yet.</p>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/invitations",
                             (long long)s->id));
  H(&r->out, "<input type=\"hidden\" name=\"action\" value=\"incoming\">"
             "<button type=\"submit\">Invite incoming students</button>\n"
             "</form>\n");
  html_printf(&r->out, "<h2>Invitations sent</h2>\n<p>%lld %s.</p>\n",
              (long long)total, plural(total, "invitation", "invitations"));
  if (n) {
    table_begin(r, "Invitations");
    H(&r->out, "<thead><tr><th scope=\"col\">Email</th><th scope=\"col\">"
               "Sent</th><th scope=\"col\">State</th><th scope=\"col\">"
               "Actions</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      const struct invitation_row *x = &rows[i];
      const char *state = invitation_state(x, now);

      html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
                  x->email, date_of(r, x->created_at), state_label(state));
      if (!x->used_at) {
        html_printf(&r->out,
                    "<form method=\"post\" action=\"/schemes/%lld/invitations"
                    "/%lld/resend\"><input type=\"hidden\" name=\"_csrf\" "
                    "value=\"%s\"><button type=\"submit\" class=\"button-"
                    "secondary\">Send a new link<span class=\"visually-hidden"
                    "\"> to %s</span></button></form>",
                    (long long)s->id, (long long)x->id, request_csrf(r),
                    x->email);
        if (str_eq(state, "sent"))
          html_printf(&r->out,
                      "<form method=\"post\" action=\"/schemes/%lld/"
                      "invitations/%lld/revoke\"><input type=\"hidden\" "
                      "name=\"_csrf\" value=\"%s\"><button type=\"submit\" "
                      "class=\"button-secondary\">Revoke<span class=\""
                      "visually-hidden\"> the link to %s</span></button>"
                      "</form>",
                      (long long)s->id, (long long)x->id, request_csrf(r),
                      x->email);
      }
      H(&r->out, "</td></tr>\n");
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  pager(r, arena_printf(&r->arena, "/schemes/%lld/invitations",
                        (long long)s->id),
        page, INVITATIONS_PAGE, total);
  html_printf(&r->out, "<p><a href=\"/schemes/%lld/signups\">The scheme's "
                       "sign-ups</a></p>\n",
              (long long)s->id);
  return page_end(r);
}

/* GET /schemes/{id}/invitations */
int page_invitations(struct request *r)
{
  struct scheme_row *s;
  int rc = load_managed(r, &s);

  return rc ? rc : invitations_page(r, s, NULL, NULL, 0);
}

/* POST /schemes/{id}/invitations: action "list" (emails) or "incoming". */
int page_invitations_post(struct request *r)
{
  struct invite_report *rep = arena_alloc(&r->arena, sizeof(*rep));
  const char *emails = form_value(r, "emails");
  struct scheme_row *s;
  int rc = load_managed(r, &s);

  if (rc)
    return rc;
  if (str_eq(form_value(r, "action"), "incoming"))
    rc = invitations_send_incoming(r->db, &r->session.user, r->ip, s,
                                   base_url(r), rep);
  else
    rc = invitations_send_list(r->db, &r->session.user, r->ip, s, emails,
                               base_url(r), rep);
  if (rc == ERR_INPUT) {
    r->status = 400;
    return invitations_page(r, s, emails, rep, rc);
  }
  if (rc)
    return rc;
  return invitations_page(r, s, NULL, rep, 0);
}

/* POST /schemes/{id}/invitations/{iid}/resend */
int page_invitation_resend_post(struct request *r)
{
  struct scheme_row *s;
  int rc = load_managed(r, &s);

  if (rc == 0)
    rc = invitation_resend(r->db, &r->session.user, r->ip, s,
                           request_param_id(r, 1), base_url(r));
  if (rc == ERR_CONFLICT)
    return http_fail(r, 409, "This invitation has been used: the student "
                             "has signed up.");
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/invitations",
                                  (long long)s->id));
}

/* POST /schemes/{id}/invitations/{iid}/revoke */
int page_invitation_revoke_post(struct request *r)
{
  struct scheme_row *s;
  int rc = load_managed(r, &s);

  if (rc == 0)
    rc = invitation_revoke(r->db, &r->session.user, r->ip, s->id,
                           request_param_id(r, 1));
  if (rc == ERR_CONFLICT)
    return http_fail(r, 409, "This invitation has been used: the student "
                             "has signed up.");
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/invitations",
                                  (long long)s->id));
}

/* ------------------------------------------------------ the invited student */

/* A dead link: unknown (404) or used, expired, revoked (410). The page
 * says the same in each case, so it tells a guesser nothing. */
static int dead_link(struct request *r, int rc)
{
  r->status = rc == ERR_NOTFOUND ? 404 : 410;
  page_begin(r, "This link no longer works");
  H(&r->out, "<h1>This link no longer works</h1>\n<p>Invitation links work "
             "once, for 14 days. If you have not signed up yet, ask the Peer "
             "Mentoring Team for a new link: they will send it to your "
             "personal email.</p>\n<p>If you have already signed up, <a "
             "href=\"/signin\">sign in</a> with the email address and "
             "password you chose.</p>\n");
  return page_end(r);
}

static int invitation_page(struct request *r, const char *token,
                           const struct invitation_row *inv,
                           const struct signup_values *posted,
                           const struct err_detail *why)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct signup_values *v = arena_alloc(&r->arena, sizeof(*v));
  struct err_detail closed = {"", ""};
  bool own = r->signed_in && str_eq(r->session.user.email, inv->email);
  int rc;

  if ((rc = scheme_get(r->db, inv->scheme_id, s)))
    return rc == ERR_NOTFOUND ? dead_link(r, rc) : rc;
  if (posted)
    *v = *posted;
  page_begin(r, arena_printf(&r->arena, "Sign up: %s", s->name));
  html_printf(&r->out, "<h1>Sign up for a mentor: %s</h1>\n", s->name);
  if (s->summary[0])
    html_printf(&r->out, "<p class=\"lead\">%s</p>\n", s->summary);
  error_summary(r, why);
  if (signups_accepting(s, &closed)) {
    html_printf(&r->out, "<p>%s Your link will work once it opens again, "
                         "until it expires.</p>\n",
                closed.msg);
    return page_end(r);
  }
  if (r->signed_in && !own) {
    H(&r->out, "<p>You are signed in with another account. Sign out, then "
               "open this link again to create the account it was sent "
               "for.</p>\n");
    return page_end(r);
  }
  form_begin(r, arena_printf(&r->arena, "/invitations/%s", token));
  if (own) {
    html_printf(&r->out, "<p>You are signed in as %s.</p>\n", inv->email);
  } else {
    H(&r->out, "<h2>Your Tandem account</h2>\n");
    field_input(r,
                &(struct field){.name = "name", .label = "Your name",
                                .type = "text",
                                .value = posted ? form_value(r, "name") : "",
                                .autocomplete = "name", .required = true},
                why);
    html_printf(&r->out,
                "<div class=\"field\"><label for=\"email\">Email address"
                "</label>\n<p class=\"hint\" id=\"email-hint\">The address "
                "this invitation was sent to: you will sign in with it."
                "</p>\n<input type=\"email\" id=\"email\" name=\"email\" "
                "value=\"%s\" readonly aria-describedby=\"email-hint\" "
                "autocomplete=\"username\"></div>\n",
                inv->email);
    new_password_fields(r, why);
    H(&r->out, "<h2>What you would like from a mentor</h2>\n");
  }
  signup_fields(r, s, v, why);
  html_printf(&r->out, "<button type=\"submit\">%s</button>\n</form>\n",
              own ? "Sign up" : "Create my account and sign up");
  return page_end(r);
}

/* GET /invitations/{token} */
int page_invitation(struct request *r)
{
  const char *token = request_param(r, 0);
  struct invitation_row inv;
  int rc = invitation_check(r->db, token, &inv);

  if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
    return dead_link(r, rc);
  if (rc)
    return rc;
  return invitation_page(r, token, &inv, NULL, NULL);
}

/* GET /signups/welcome: where an invitation's sign-up lands. */
int page_signup_welcome(struct request *r)
{
  page_begin(r, "You have signed up");
  H(&r->out, "<h1>You have signed up</h1>\n<div class=\"notice\" role=\""
             "status\"><p>Your Tandem account is ready and you are signed "
             "up for a mentor. We have sent a confirmation to your "
             "email.</p></div>\n<p><a href=\"/signups\">See your "
             "sign-up</a></p>\n");
  return page_end(r);
}

/* POST /invitations/{token} */
int page_invitation_post(struct request *r)
{
  struct signup_values *v = arena_alloc(&r->arena, sizeof(*v));
  const char *token = request_param(r, 0);
  struct session *session = arena_alloc(&r->arena, sizeof(*session));
  char cookie[TOKEN_LEN + 1];
  struct err_detail why = {"", ""};
  struct invitation_account acc = {form_value(r, "name"),
                                   form_value(r, "new_password"),
                                   form_value(r, "confirm_password")};
  struct signup_input in;
  struct invitation_row inv;
  int rc;

  read_signup_form(r, &in, v);
  rc = invitation_accept(r->db, token, r->signed_in ? &r->session.user : NULL,
                         &acc, &in, base_url(r), r->ip,
                         request_header(r, "User-Agent"), cookie, session,
                         &why);
  if (rc == 0) {
    if (cookie[0]) {
      response_cookie(r, "tandem_session", arena_strdup(&r->arena, cookie),
                      r->cfg->session_max);
    }
    /* Post, redirect, get: a refresh must not send the used link again. */
    return redirect(r, "/signups/welcome");
  }
  if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
    return dead_link(r, rc);
  if (rc != ERR_INPUT && rc != ERR_PERM && rc != ERR_AUTH)
    return rc;
  r->status = rc == ERR_INPUT ? 400 : rc == ERR_AUTH ? 409 : 403;
  if ((rc = invitation_check(r->db, token, &inv)))
    return dead_link(r, rc == ERR_CONFLICT ? rc : ERR_NOTFOUND);
  return invitation_page(r, token, &inv, v, &why);
}
