/* pages/home.c: the home page (a dashboard once signed in), /healthz and
 * GET /api/v1/me. */
#include "domain/system.h"
#include "web/layout.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdlib.h>

static void signed_out_home(struct request *r)
{
  struct buf *o = &r->out;

  H(o, "<h1>Peer mentoring, together</h1>\n"
       "<p class=\"lead\">Tandem is where your university's Peer Mentoring "
       "Team runs its schemes: mentors and mentees, training, matching, "
       "meetings and the support around them.</p>\n"
       "<p><a class=\"button\" href=\"/signin\">Sign in</a></p>\n"
       "<h2>Students believe students</h2>\n"
       "<p>Mentors are students with at least a year of successful study "
       "behind them, trained to listen, to share what worked for them, and "
       "to know when to point you to the university's services.</p>\n");
}

static void role_cards(struct request *r)
{
  const struct user *u = &r->session.user;
  struct buf *o = &r->out;

  H(o, "<ul class=\"cards\">\n");
  if (u->roles & ROLE_ADMIN)
    H(o, "<li><h2>Administration</h2><p>Manage <a href=\"/admin/users\">"
         "accounts and roles</a>, read the <a href=\"/admin/audit\">audit "
         "log</a> and the <a href=\"/admin/outbox\">outgoing mail</a>.</p>"
         "</li>\n");
  if (u->roles & ROLE_STUDENT)
    H(o, "<li><h2>Mentoring</h2><p>Find a scheme in the <a href=\"/schemes\">"
         "catalogue</a> to be a mentor or to have one. Follow <a "
         "href=\"/applications\">your applications</a> to mentor, <a "
         "href=\"/signups\">your sign-ups</a> as a mentee, and <a "
         "href=\"/training\">your training</a>.</p></li>\n");
  requests_home_card(r);
  if (u->roles & ROLE_STUDENT)
    home_mentoring_card(r);
  if (u->roles & ROLE_STUDENT)
    H(o, "<li><h2>Your own scheme</h2><p>Have an idea for a scheme? <a "
         "href=\"/proposals/new\">Propose it</a>, and follow <a "
         "href=\"/proposals\">your proposals</a>.</p></li>\n");
  if (u->roles & (ROLE_COORDINATOR | ROLE_ADMIN))
    H(o, "<li><h2>Schemes</h2><p>Decide on <a href=\"/proposals\">schemes "
         "students propose</a>, or <a href=\"/schemes/rollover\">close the "
         "academic year</a> and copy its schemes into the next.</p></li>\n");
  H(o, "<li><h2>Your account</h2><p>See <a href=\"/account\">your details"
       "</a> or <a href=\"/account/password\">change your password</a>.</p>"
       "</li>\n</ul>\n");
}

int page_home(struct request *r)
{
  if (!r->signed_in) {
    page_begin(r, "Home");
    signed_out_home(r);
    return page_end(r);
  }
  page_begin(r, "Home");
  html_printf(&r->out, "<h1>Welcome, %s</h1>\n", r->session.user.name);
  H(&r->out, "<p class=\"lead\">You are signed in as ");
  for (unsigned bit = 1, first = 1; bit <= ROLE_STUDENT; bit <<= 1) {
    if (!(r->session.user.roles & bit))
      continue;
    html_printf(&r->out, "%s%s", first ? "" : ", ", role_label(bit));
    first = 0;
  }
  if (!r->session.user.roles)
    H(&r->out, "a member of the university");
  H(&r->out, ".</p>\n");
  role_cards(r);
  return page_end(r);
}

int page_healthz(struct request *r)
{
  struct health h;
  char *text;
  json_t *j;
  int rc;

  system_health(r->db, &h);
  j = json_pack("{s:s, s:s, s:i}", "status", h.db_ok ? "ok" : "degraded",
                "db", h.db_ok ? "ok" : "unreachable", "schema",
                h.schema_version);
  text = json_dumps(j, JSON_COMPACT);
  r->status = h.db_ok ? 200 : 503;
  rc = json_send(r, text);
  free(text);
  json_decref(j);
  return rc;
}

int api_me(struct request *r)
{
  const struct user *u = &r->session.user;
  json_t *roles = json_array(), *j;
  char *text;
  int rc;

  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    if (u->roles & bit)
      json_array_append_new(roles, json_string(role_name(bit)));
  j = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)u->id, "email",
                u->email, "name", u->name, "roles", roles);
  text = json_dumps(j, JSON_COMPACT);
  rc = json_send(r, text);
  free(text);
  json_decref(j);
  return rc;
}
