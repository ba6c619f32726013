/* pages/requests.c: mentees who choose their mentor. A signed-up mentee
 * in a mentee-choice scheme sees the mentors they may ask, best match
 * first with why, asks one (or several, in order), and follows or
 * withdraws their requests (/schemes/{id}/mentors); a mentor answers the
 * requests they receive in every scheme (/requests). The scheme page,
 * the sign-up page and home link here through the two helpers at the
 * end. */
#include "domain/requests.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/schemes.h"
#include "domain/signups.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

enum { CANDIDATES_MAX = 200 };

/* Links in mail start from --base-url; never from the Host header, which
 * a visitor can forge. */
static const char *base_url(struct request *r)
{
  if (r->cfg->base_url[0])
    return r->cfg->base_url;
  return arena_printf(
      &r->arena, strchr(r->cfg->bind, ':') ? "http://[%s]:%d" : "http://%s:%d",
      r->cfg->bind, r->port);
}

static struct requests_actor actor_of(struct request *r)
{
  return (struct requests_actor){&r->session.user, r->ip, base_url(r)};
}

static const char *when(struct request *r, int64_t t)
{
  char *b = arena_alloc(&r->arena, 32);

  clock_format(t, b, 32);
  return b;
}

static const char *ordinal(struct request *r, int n)
{
  static const char *const words[] = {"", "1st", "2nd", "3rd", "4th", "5th"};

  if (n >= 1 && n <= 5)
    return words[n];
  return arena_printf(&r->arena, "%dth", n);
}

static void notice(struct request *r, const char *text)
{
  html_printf(&r->out,
              "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", text);
}

/* "Computer Science, year 2"; "" when the record says nothing. */
static const char *course_year(struct request *r, const char *course, int year)
{
  if (course[0] && year)
    return arena_printf(&r->arena, "%s, year %d", course, year);
  if (course[0])
    return course;
  if (year)
    return arena_printf(&r->arena, "Year %d", year);
  return "";
}

/* The scheme at {id} (param 0) as the visitor may see it. */
static int load_scheme(struct request *r, struct scheme_row **out)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  if (!scheme_visible(r->db, &r->session.user, s))
    return ERR_NOTFOUND;
  *out = s;
  return 0;
}

static int status_of(int rc)
{
  return rc == ERR_INPUT ? 400 : rc == ERR_PERM ? 403 : 409;
}

/* ------------------------------------------------------ the mentee's page */

/* What a failed request post shows again. */
struct ask_values {
  int64_t mentor_student_id;
  const char *message;
};

static void my_requests(struct request *r, const struct mreq_row *rows, int n,
                        int64_t now)
{
  H(&r->out, "<h2>Your requests</h2>\n");
  if (!n) {
    H(&r->out, "<p>You have not asked a mentor yet.</p>\n");
    return;
  }
  table_begin(r, "Your requests");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentor</th><th scope=\"col\">"
             "Your choice</th><th scope=\"col\">Asked</th><th scope=\"col\">"
             "Answer by</th><th scope=\"col\">State</th><th scope=\"col\">"
             "<span class=\"visually-hidden\">Action</span></th></tr>"
             "</thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    const struct mreq_row *x = &rows[i];
    bool waiting = requests_waiting(x, now);

    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>",
                x->mentor_name, waiting ? ordinal(r, x->rank) : "–",
                when(r, x->created_at), waiting ? when(r, x->expires_at) : "–",
                requests_state_label(requests_state_at(x, now)));
    if (waiting) {
      form_begin(r, arena_printf(&r->arena, "/requests/%lld/withdraw",
                                 (long long)x->id));
      html_printf(&r->out,
                  "<button type=\"submit\" class=\"button-secondary\">"
                  "Withdraw <span class=\"visually-hidden\">your request to "
                  "%s</span></button></form>",
                  x->mentor_name);
    }
    H(&r->out, "</td></tr>\n");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

/* One mentor the mentee may ask. */
static void candidate_card(struct request *r, const struct scheme_row *s,
                           const struct match_candidate *c,
                           const struct mreq_row *asked, bool may_ask,
                           const struct ask_values *posted,
                           const struct err_detail *why)
{
  long long mid = (long long)c->mentor_student_id;
  bool this_one = posted && posted->mentor_student_id == c->mentor_student_id;
  bool bad = this_one && why && why->msg[0];
  const char *facts = course_year(r, c->course, c->year_of_study);

  html_printf(&r->out, "<li id=\"mentor-%lld\"><h3>%s</h3>\n", mid,
              c->mentor_name);
  if (facts[0])
    html_printf(&r->out, "<p>%s</p>\n", facts);
  html_printf(&r->out,
              "<p>Match: <strong>%d</strong> of 1000 &middot; %d %s left</p>\n",
              c->score, c->places_left,
              plural(c->places_left, "place", "places"));
  html_printf(&r->out,
              "<details><summary>Why %s matches you</summary><p>%s</p>"
              "</details>\n",
              c->mentor_name, c->explanation);
  if (asked) {
    html_printf(&r->out,
                "<p><strong>You have asked %s</strong> (your %s "
                "choice).</p>\n",
                c->mentor_name, ordinal(r, asked->rank));
  } else if (may_ask) {
    form_begin(
        r, arena_printf(&r->arena, "/schemes/%lld/mentors", (long long)s->id));
    html_printf(&r->out,
                "<input type=\"hidden\" name=\"mentor_student_id\" "
                "value=\"%lld\">\n",
                mid);
    if (bad)
      H(&r->out, "<div class=\"field field-error\">\n");
    else
      H(&r->out, "<div class=\"field\">\n");
    html_printf(&r->out,
                "<label for=\"message-%lld\">A message for %s (optional)"
                "</label>\n<p class=\"hint\" id=\"message-%lld-hint\">Say "
                "what you would like help with. At most 1,000 characters."
                "</p>\n",
                mid, c->mentor_name, mid);
    if (bad)
      html_printf(&r->out,
                  "<p class=\"error-message\" id=\"message-%lld-error\">"
                  "<span class=\"visually-hidden\">Error:</span> %s</p>\n"
                  "<textarea id=\"message-%lld\" name=\"message\" "
                  "rows=\"3\" aria-describedby=\"message-%lld-hint "
                  "message-%lld-error\" aria-invalid=\"true\">",
                  mid, why->msg, mid, mid, mid);
    else
      html_printf(&r->out,
                  "<textarea id=\"message-%lld\" name=\"message\" "
                  "rows=\"3\" aria-describedby=\"message-%lld-hint\">",
                  mid, mid);
    html_printf(&r->out,
                "%s</textarea>\n</div>\n<button type=\"submit\">Ask %s to "
                "be your mentor</button>\n</form>\n",
                this_one && posted->message ? posted->message : "",
                c->mentor_name);
  }
  H(&r->out, "</li>\n");
}

static int mentors_page(struct request *r, const struct scheme_row *s,
                        const struct ask_values *posted, struct err_detail *why)
{
  struct match_candidate *cands =
      arena_alloc(&r->arena, sizeof(*cands) * CANDIDATES_MAX);
  struct mreq_row *mine =
      arena_alloc(&r->arena, sizeof(*mine) * REQUESTS_LIST_MAX);
  struct signup_row *su = arena_alloc(&r->arena, sizeof(*su));
  struct err_detail closed = {"", ""};
  struct matching_settings set;
  int64_t now = clock_now();
  int ncands = 0, nmine = 0, waiting = 0, rc;
  bool paired = false;

  page_begin(r, arena_printf(&r->arena, "Choose your mentor: %s", s->name));
  html_printf(&r->out, "<h1>Choose your mentor: %s</h1>\n", s->name);
  rc = requests_signup(r->db, &r->session.user, s->id, su, &closed);
  if (rc == ERR_CONFLICT) {
    html_printf(&r->out, "<div class=\"notice\"><p>%s</p></div>\n", closed.msg);
    html_printf(&r->out, "<p><a href=\"/schemes/%lld\">Back to %s</a></p>\n",
                (long long)s->id, s->name);
    return page_end(r);
  }
  if (rc)
    return rc;
  if (*query_value(r, "requested"))
    notice(r, "Your request was sent. The mentor will answer by email; you "
              "can follow it here.");
  if (*query_value(r, "withdrawn"))
    notice(r, "Your request was withdrawn.");
  if (why && why->msg[0] && posted) {
    /* Point the summary at the field on this mentor's card. */
    if (str_eq(why->field, "message"))
      snprintf(why->field, sizeof(why->field), "message-%lld",
               (long long)posted->mentor_student_id);
    else if (why->field[0])
      snprintf(why->field, sizeof(why->field), "mentor-%lld",
               (long long)posted->mentor_student_id);
  }
  error_summary(r, why);
  if ((rc = requests_of_signup(r->db, su->id, mine, REQUESTS_LIST_MAX,
                               &nmine)) ||
      (rc = matching_settings_get(r->db, s->id, &set)))
    return rc;
  if ((rc = requests_has_mentor(r->db, su->id, &paired)))
    return rc;
  for (int i = 0; i < nmine; i++)
    waiting += requests_waiting(&mine[i], now);
  my_requests(r, mine, nmine, now);
  if (paired) {
    H(&r->out, "<h2>Your mentor</h2>\n<p>You have a mentor in this scheme: "
               "you will find them on your <a href=\"/\">home page</a>.</p>"
               "\n");
    return page_end(r);
  }
  rc = requests_candidates(r->db, &r->session.user, s->id, now, cands,
                           CANDIDATES_MAX, &ncands, &closed);
  if (rc)
    return rc;
  H(&r->out, "<h2>Mentors you can ask</h2>\n");
  html_printf(&r->out,
              "<p>The best match for you comes first. You can ask up to %d "
              "%s at once, in your order of preference; each has %d %s to "
              "answer. When one accepts, your other requests close.</p>\n",
              set.max_requests, plural(set.max_requests, "mentor", "mentors"),
              set.request_days, plural(set.request_days, "day", "days"));
  if (waiting >= set.max_requests)
    html_printf(&r->out,
                "<div class=\"notice\"><p>You have %d %s waiting for an "
                "answer, the most you can have at once. Withdraw one to ask "
                "another mentor.</p></div>\n",
                waiting, plural(waiting, "request", "requests"));
  if (!ncands) {
    H(&r->out, "<p>No mentor has a place for you just now. Please look "
               "again later.</p>\n");
    return page_end(r);
  }
  H(&r->out, "<ul class=\"cards\">\n");
  for (int i = 0; i < ncands; i++) {
    const struct mreq_row *asked = NULL;

    for (int k = 0; k < nmine; k++)
      if (mine[k].mentor_student_id == cands[i].mentor_student_id &&
          requests_waiting(&mine[k], now))
        asked = &mine[k];
    candidate_card(r, s, &cands[i], asked, waiting < set.max_requests, posted,
                   why);
  }
  H(&r->out, "</ul>\n");
  return page_end(r);
}

/* GET /schemes/{id}/mentors */
int page_scheme_mentors(struct request *r)
{
  struct scheme_row *s;
  int rc = load_scheme(r, &s);

  return rc ? rc : mentors_page(r, s, NULL, NULL);
}

/* POST /schemes/{id}/mentors: ask a mentor. */
int page_scheme_mentors_post(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct ask_values v = {0, form_value(r, "message")};
  struct scheme_row *s;
  int64_t id;
  int rc = load_scheme(r, &s);

  if (rc)
    return rc;
  if (!str_to_i64(form_value(r, "mentor_student_id"), 1, INT64_MAX,
                  &v.mentor_student_id))
    return ERR_INPUT;
  rc = requests_make(r->db, &a, s->id, v.mentor_student_id, v.message,
                     clock_now(), &id, &why);
  if (rc == 0)
    return redirect(r,
                    arena_printf(&r->arena, "/schemes/%lld/mentors?requested=1",
                                 (long long)s->id));
  if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_PERM) {
    r->status = status_of(rc);
    return mentors_page(r, s, &v, &why);
  }
  return rc;
}

/* POST /requests/{id}/withdraw */
int page_request_withdraw_post(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct mreq_row *row = arena_alloc(&r->arena, sizeof(*row));
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = requests_get(r->db, &r->session.user, id, row)))
    return rc;
  if (row->mentee_user_id != r->session.user.id)
    return ERR_PERM;
  rc = requests_withdraw(r->db, &a, id, clock_now(), &why);
  if (rc == 0)
    return redirect(r,
                    arena_printf(&r->arena, "/schemes/%lld/mentors?withdrawn=1",
                                 (long long)row->scheme_id));
  if (rc != ERR_CONFLICT || (rc = scheme_get(r->db, row->scheme_id, s)))
    return rc;
  r->status = 409;
  return mentors_page(r, s, NULL, &why);
}

/* ------------------------------------------------------ the mentor's page */

/* What a failed decline shows again. */
struct answer_values {
  int64_t request_id;
  const char *note;
};

static void waiting_card(struct request *r, const struct mreq_row *x,
                         int64_t now, const struct answer_values *posted,
                         const struct err_detail *why)
{
  struct match_candidate *c = arena_alloc(&r->arena, sizeof(*c));
  long long id = (long long)x->id;
  bool this_one = posted && posted->request_id == x->id;
  bool bad = this_one && why && why->msg[0] && str_eq(why->field, "note");
  const char *facts = course_year(r, x->mentee_course, x->mentee_year);

  html_printf(&r->out, "<li id=\"request-%lld\"><h3>%s</h3>\n", id,
              x->mentee_name);
  if (facts[0])
    html_printf(&r->out, "<p>%s</p>\n", facts);
  html_printf(&r->out,
              "<p>%s &middot; you are their %s choice &middot; answer by "
              "%s</p>\n",
              x->scheme_name, ordinal(r, x->rank), when(r, x->expires_at));
  if (requests_explain(r->db, x, now, c) == 0) {
    if (c->score >= 0)
      html_printf(&r->out, "<p>Match: <strong>%d</strong> of 1000</p>\n",
                  c->score);
    html_printf(&r->out,
                "<details><summary>Why %s matches you</summary><p>%s</p>"
                "</details>\n",
                x->mentee_name, c->explanation);
  } else {
    html_printf(&r->out, "<p>Match: <strong>%d</strong> of 1000</p>\n",
                x->score);
  }
  if (x->message[0])
    html_printf(&r->out,
                "<p>Their message:</p>\n<blockquote><p>%s</p></blockquote>\n",
                x->message);
  form_begin(r, arena_printf(&r->arena, "/requests/%lld/accept", id));
  html_printf(&r->out, "<button type=\"submit\">Accept %s</button>\n</form>\n",
              x->mentee_name);
  form_begin(r, arena_printf(&r->arena, "/requests/%lld/decline", id));
  if (bad)
    H(&r->out, "<div class=\"field field-error\">\n");
  else
    H(&r->out, "<div class=\"field\">\n");
  html_printf(&r->out,
              "<label for=\"note-%lld\">A note for %s if you decline "
              "(optional)</label>\n",
              id, x->mentee_name);
  if (bad)
    html_printf(&r->out,
                "<p class=\"error-message\" id=\"note-%lld-error\"><span "
                "class=\"visually-hidden\">Error:</span> %s</p>\n<textarea "
                "id=\"note-%lld\" name=\"note\" rows=\"2\" "
                "aria-describedby=\"note-%lld-error\" aria-invalid=\"true\">",
                id, why->msg, id, id);
  else
    html_printf(&r->out, "<textarea id=\"note-%lld\" name=\"note\" rows=\"2\">",
                id);
  html_printf(&r->out,
              "%s</textarea>\n</div>\n<button type=\"submit\" "
              "class=\"button-secondary\">Decline %s</button>\n</form>\n"
              "</li>\n",
              this_one && posted->note ? posted->note : "", x->mentee_name);
}

static const char *mentor_state_label(const char *state)
{
  if (str_eq(state, "closed"))
    return "Closed: paired with another mentor";
  if (str_eq(state, "withdrawn"))
    return "Withdrawn by the mentee";
  return requests_state_label(state);
}

static int requests_page(struct request *r, const struct answer_values *posted,
                         struct err_detail *why)
{
  struct mreq_row *rows =
      arena_alloc(&r->arena, sizeof(*rows) * REQUESTS_LIST_MAX);
  int64_t now = clock_now(), accepted;
  int n = 0, nwaiting = 0, rc;

  if ((rc = requests_incoming(r->db, &r->session.user, now, rows,
                              REQUESTS_LIST_MAX, &n)))
    return rc;
  for (int i = 0; i < n; i++)
    nwaiting += requests_waiting(&rows[i], now);
  page_begin(r, "Requests from mentees");
  H(&r->out, "<h1>Requests from mentees</h1>\n");
  accepted = 0;
  if (str_to_i64(query_value(r, "accepted"), 1, INT64_MAX, &accepted))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>You accepted the "
                "request: <a href=\"/pairings/%lld\">see your new pairing"
                "</a>.</p></div>\n",
                (long long)accepted);
  if (*query_value(r, "declined"))
    notice(r, "You declined the request. The mentee has been told.");
  if (why && why->msg[0] && posted && why->field[0])
    snprintf(why->field, sizeof(why->field), "%s-%lld",
             str_eq(why->field, "note") ? "note" : "request",
             (long long)posted->request_id);
  error_summary(r, why);
  H(&r->out, "<h2>Waiting for your answer</h2>\n");
  if (!nwaiting) {
    H(&r->out, "<p>No request is waiting for your answer.</p>\n");
  } else {
    H(&r->out, "<p>Mentees in schemes where they choose their mentor have "
               "asked you. Accepting pairs you at once, if you have a place "
               "left.</p>\n<ul class=\"cards\">\n");
    for (int i = 0; i < n; i++)
      if (requests_waiting(&rows[i], now))
        waiting_card(r, &rows[i], now, posted, why);
    H(&r->out, "</ul>\n");
  }
  if (n > nwaiting) {
    H(&r->out, "<h2>Earlier requests</h2>\n");
    table_begin(r, "Earlier requests");
    H(&r->out, "<thead><tr><th scope=\"col\">Mentee</th><th scope=\"col\">"
               "Scheme</th><th scope=\"col\">Asked</th><th scope=\"col\">"
               "State</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++)
      if (!requests_waiting(&rows[i], now))
        html_printf(&r->out,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                    rows[i].mentee_name, rows[i].scheme_name,
                    when(r, rows[i].created_at),
                    mentor_state_label(requests_state_at(&rows[i], now)));
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  return page_end(r);
}

/* GET /requests */
int page_requests(struct request *r)
{
  return requests_page(r, NULL, NULL);
}

/* POST /requests/{id}/accept */
int page_request_accept_post(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct answer_values v = {request_param_id(r, 0), NULL};
  int64_t pairing = 0;
  int rc;

  if (!v.request_id)
    return ERR_NOTFOUND;
  rc = requests_accept(r->db, &a, v.request_id, clock_now(), &pairing, &why);
  if (rc == 0)
    return redirect(r, arena_printf(&r->arena, "/requests?accepted=%lld",
                                    (long long)pairing));
  if (rc == ERR_CONFLICT || rc == ERR_INPUT) {
    r->status = status_of(rc);
    return requests_page(r, &v, &why);
  }
  return rc;
}

/* POST /requests/{id}/decline */
int page_request_decline_post(struct request *r)
{
  struct requests_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct answer_values v = {request_param_id(r, 0), form_value(r, "note")};
  int rc;

  if (!v.request_id)
    return ERR_NOTFOUND;
  rc = requests_decline(r->db, &a, v.request_id, v.note, clock_now(), &why);
  if (rc == 0)
    return redirect(r, "/requests?declined=1");
  if (rc == ERR_CONFLICT || rc == ERR_INPUT) {
    r->status = status_of(rc);
    return requests_page(r, &v, &why);
  }
  return rc;
}

/* ----------------------------------------------------- links from others */

void requests_scheme_link(struct request *r, const struct scheme_row *s)
{
  struct signup_row *su;
  struct err_detail why;

  if (!r->signed_in || !(r->session.user.roles & ROLE_STUDENT) ||
      !str_eq(s->matching_mode, "mentee_chooses") ||
      !str_eq(s->status, "published"))
    return;
  su = arena_alloc(&r->arena, sizeof(*su));
  if (requests_signup(r->db, &r->session.user, s->id, su, &why))
    return;
  html_printf(&r->out,
              "<p><a class=\"button\" href=\"/schemes/%lld/mentors\">Choose "
              "your mentor</a></p>\n",
              (long long)s->id);
}

void requests_home_card(struct request *r)
{
  int64_t n = 0;

  if (!(r->session.user.roles & ROLE_STUDENT) ||
      requests_waiting_count(r->db, &r->session.user, clock_now(), &n) || !n)
    return;
  html_printf(&r->out,
              "<li><h2>Requests from mentees</h2><p>You have <a "
              "href=\"/requests\">%lld %s</a> waiting for your answer.</p>"
              "</li>\n",
              (long long)n,
              plural(n, "request from a mentee", "requests from mentees"));
}
