/* pages/account.c: a person's own account and password. */
#include "base/clock.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/pages.h"

int page_account(struct request *r)
{
  const struct user *u = &r->session.user;
  char since[32];

  clock_format(u->created_at, since, sizeof(since));
  page_begin(r, "Your account");
  H(&r->out, "<h1>Your account</h1>\n<dl class=\"summary\">\n");
  html_printf(&r->out, "<dt>Name</dt><dd>%s</dd>\n<dt>Email</dt><dd>%s</dd>\n"
                       "<dt>Roles</dt><dd>",
              u->name, u->email);
  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    if (u->roles & bit)
      html_printf(&r->out, "<span class=\"tag\">%s</span>", role_label(bit));
  html_printf(&r->out, "</dd>\n<dt>Account since</dt><dd>%s UTC</dd>\n</dl>\n",
              since);
  H(&r->out, "<p><a class=\"button\" href=\"/account/password\">Change your "
             "password</a></p>\n");
  return page_end(r);
}

static int password_form(struct request *r, const struct err_detail *why,
                         bool done)
{
  page_begin(r, "Change your password");
  H(&r->out, "<h1>Change your password</h1>\n");
  if (done)
    H(&r->out, "<div class=\"notice\" role=\"status\"><p>Your password has "
               "been changed. Your other sessions have been signed out.</p>"
               "</div>\n");
  error_summary(r, why);
  form_begin(r, "/account/password");
  field_input(r,
              &(struct field){.name = "current_password",
                              .label = "Current password", .type = "password",
                              .autocomplete = "current-password",
                              .required = true},
              why);
  new_password_fields(r, why);
  H(&r->out, "<button type=\"submit\">Change password</button>\n</form>\n");
  return page_end(r);
}

int page_password(struct request *r)
{
  return password_form(r, NULL, false);
}

int page_password_post(struct request *r)
{
  struct err_detail why = {"", ""};
  int rc = account_change_password(
      r->db, &r->session, form_value(r, "current_password"),
      form_value(r, "new_password"), form_value(r, "confirm_password"), r->ip,
      &why);

  if (rc == ERR_INPUT) {
    r->status = 400;
    return password_form(r, &why, false);
  }
  if (rc)
    return rc;
  return password_form(r, NULL, true);
}
