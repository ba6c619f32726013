/* pages/signin.c: sign in, sign out, and resetting a forgotten password. */
#include "base/str.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/pages.h"

#include <string.h>

/* A "next" address is followed only if it is a path on this site. */
static const char *safe_next(const char *next)
{
  if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
      strpbrk(next, "\r\n\t") || strlen(next) > 512)
    return "/";
  return next;
}

static int signin_form(struct request *r, const char *email,
                       const struct err_detail *why)
{
  const char *next = query_value(r, "next");

  if (!*next)
    next = form_value(r, "next");
  page_begin(r, "Sign in");
  H(&r->out, "<h1>Sign in</h1>\n");
  error_summary(r, why);
  form_begin(r, "/signin");
  html_printf(&r->out, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
              safe_next(next));
  field_input(r,
              &(struct field){.name = "email", .label = "Email address",
                              .type = "email", .value = email,
                              .autocomplete = "username", .required = true},
              why);
  field_input(r,
              &(struct field){.name = "password", .label = "Password",
                              .type = "password",
                              .autocomplete = "current-password",
                              .required = true},
              why);
  H(&r->out, "<button type=\"submit\">Sign in</button>\n</form>\n"
             "<p><a href=\"/password/forgot\">Forgotten your password?</a>"
             "</p>\n");
  return page_end(r);
}

int page_signin(struct request *r)
{
  if (r->signed_in)
    return redirect(r, safe_next(query_value(r, "next")));
  return signin_form(r, "", NULL);
}

int page_signin_post(struct request *r)
{
  const char *email = form_value(r, "email");
  struct err_detail why = {"", ""};
  char token[TOKEN_LEN + 1];
  struct session s;
  int rc;

  rc = account_signin(r->db, email, form_value(r, "password"), r->ip,
                      request_header(r, "User-Agent"), token, &s, &why);
  if (rc == 0) {
    response_cookie(r, "tandem_session", arena_strdup(&r->arena, token),
                    r->cfg->session_max);
    return redirect(r, safe_next(form_value(r, "next")));
  }
  if (rc != ERR_INPUT && rc != ERR_AUTH && rc != ERR_LIMIT)
    return rc;
  r->status = rc == ERR_INPUT ? 400 : rc == ERR_AUTH ? 401 : 429;
  return signin_form(r, email, &why);
}

int page_signout_post(struct request *r)
{
  int rc = session_end(r->db, &r->session, r->ip);

  if (rc)
    return rc;
  response_cookie(r, "tandem_session", "", 0);
  return redirect(r, "/");
}

/* ------------------------------------------------------ forgotten password */

static int forgot_form(struct request *r, const char *email,
                       const struct err_detail *why)
{
  page_begin(r, "Reset your password");
  H(&r->out, "<h1>Reset your password</h1>\n"
             "<p>Enter the email address of your Tandem account. We will "
             "send it a link to choose a new password.</p>\n");
  error_summary(r, why);
  form_begin(r, "/password/forgot");
  field_input(r,
              &(struct field){.name = "email", .label = "Email address",
                              .type = "email", .value = email,
                              .autocomplete = "username", .required = true},
              why);
  H(&r->out, "<button type=\"submit\">Send the link</button>\n</form>\n");
  return page_end(r);
}

int page_forgot(struct request *r)
{
  return forgot_form(r, "", NULL);
}

static const char *base_url(struct request *r)
{
  if (r->cfg->base_url[0])
    return r->cfg->base_url;
  /* Never from the Host header: a forged Host would send the link away. */
  return arena_printf(&r->arena, strchr(r->cfg->bind, ':') ? "http://[%s]:%d"
                                                          : "http://%s:%d",
                      r->cfg->bind, r->port);
}

int page_forgot_post(struct request *r)
{
  const char *email = form_value(r, "email");
  struct err_detail why = {"", ""};
  int rc = reset_request(r->db, email, base_url(r), r->ip);

  if (rc == ERR_INPUT) {
    r->status = 400;
    account_normalise_email(email, (char[EMAIL_MAX + 1]){0}, &why);
    return forgot_form(r, email, &why);
  }
  if (rc == ERR_LIMIT) {
    r->status = 429;
    err_set(&why, rc, "", "Too many reset requests. Wait an hour and try "
                          "again, or ask the Peer Mentoring Team.");
    return forgot_form(r, email, &why);
  }
  if (rc)
    return rc;
  page_begin(r, "Check your email");
  html_printf(&r->out,
              "<h1>Check your email</h1>\n<p>If %s has a Tandem account, "
              "we have sent it a link to reset the password. The link "
              "works for an hour.</p>\n<p><a href=\"/signin\">Back to sign "
              "in</a></p>\n",
              email);
  return page_end(r);
}

static int reset_form(struct request *r, const char *token,
                      const struct err_detail *why)
{
  page_begin(r, "Choose a new password");
  H(&r->out, "<h1>Choose a new password</h1>\n");
  error_summary(r, why);
  form_begin(r, "/password/reset");
  html_printf(&r->out, "<input type=\"hidden\" name=\"token\" value=\"%s\">",
              token);
  new_password_fields(r, why);
  H(&r->out, "<button type=\"submit\">Set the new password</button>\n"
             "</form>\n");
  return page_end(r);
}

static int link_expired(struct request *r)
{
  r->status = 400;
  page_begin(r, "Link expired");
  H(&r->out, "<h1>This link has expired</h1>\n<p>Reset links work once, "
             "for an hour. <a href=\"/password/forgot\">Ask for a new "
             "link</a>.</p>\n");
  return page_end(r);
}

int page_reset(struct request *r)
{
  const char *token = query_value(r, "token");
  int rc = reset_check(r->db, token);

  if (rc == ERR_NOTFOUND)
    return link_expired(r);
  if (rc)
    return rc;
  return reset_form(r, token, NULL);
}

int page_reset_post(struct request *r)
{
  const char *token = form_value(r, "token");
  struct err_detail why = {"", ""};
  int rc = reset_complete(r->db, token, form_value(r, "new_password"),
                          form_value(r, "confirm_password"), r->ip, &why);

  if (rc == ERR_NOTFOUND)
    return link_expired(r);
  if (rc == ERR_INPUT) {
    r->status = 400;
    return reset_form(r, token, &why);
  }
  if (rc)
    return rc;
  page_begin(r, "Password changed");
  H(&r->out, "<h1>Your password has been changed</h1>\n<p>You can now "
             "<a href=\"/signin\">sign in</a> with your new password.</p>\n");
  return page_end(r);
}
