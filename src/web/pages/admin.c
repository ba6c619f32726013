/* pages/admin.c: administrators' pages: accounts and roles, the audit log
 * and the mail outbox. The router admits administrators only. */
#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

enum { USERS_PAGE = 50, AUDIT_PAGE = 50, OUTBOX_PAGE = 20 };

static void role_tags(struct request *r, unsigned roles)
{
  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    if (roles & bit)
      html_printf(&r->out, "<span class=\"tag\">%s</span>", role_label(bit));
}

/* The roles ticked in a form ("roles" repeated). */
static unsigned roles_from_form(struct request *r)
{
  unsigned set = 0;
  int n = kv_count(&r->form, "roles");

  for (int i = 0; i < n; i++)
    set |= role_parse(kv_nth(&r->form, "roles", i));
  return set;
}

static void role_checkboxes(struct request *r, unsigned checked,
                            const struct err_detail *why)
{
  bool bad = why && strcmp(why->field, "roles") == 0;

  html_printf(&r->out, "<fieldset class=\"checkboxes%s\" id=\"roles\">"
                       "<legend>Roles</legend>\n",
              bad ? " field-error" : "");
  if (bad)
    html_printf(&r->out, "<p class=\"error-message\">%s</p>\n", why->msg);
  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    html_printf(&r->out,
                "<div><input type=\"checkbox\" name=\"roles\" id=\"role-%s\" "
                "value=\"%s\"%s><label for=\"role-%s\">%s</label></div>\n",
                role_name(bit), role_name(bit),
                checked & bit ? " checked" : "", role_name(bit),
                role_label(bit));
  H(&r->out, "</fieldset>\n");
}

/* ------------------------------------------------------------- accounts */

int page_users(struct request *r)
{
  int page = page_number(r), n;
  struct user *rows = arena_alloc(&r->arena, sizeof(*rows) * USERS_PAGE);
  int64_t total;
  int rc = account_list(r->db, (page - 1) * USERS_PAGE, USERS_PAGE, rows, &n,
                        &total);

  if (rc)
    return rc;
  page_begin(r, "Accounts");
  html_printf(&r->out, "<h1>Accounts</h1>\n<p>%lld %s. "
                       "<a class=\"button\" href=\"/admin/users/new\">Add an "
                       "account</a></p>\n",
              (long long)total, plural(total, "account", "accounts"));
  table_begin(r, "Accounts");
  H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email"
             "</th><th scope=\"col\">Roles</th><th scope=\"col\">Status</th>"
             "</tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    html_printf(&r->out,
                "<tr><td><a href=\"/admin/users/%lld\">%s</a></td><td>%s</td>"
                "<td>",
                (long long)rows[i].id, rows[i].name, rows[i].email);
    role_tags(r, rows[i].roles);
    html_printf(&r->out, "</td><td>%s</td></tr>\n",
                rows[i].active ? "Active" : "Deactivated");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  pager(r, "/admin/users", page, USERS_PAGE, total);
  return page_end(r);
}

static int user_new_form(struct request *r, const struct err_detail *why)
{
  page_begin(r, "Add an account");
  H(&r->out, "<h1>Add an account</h1>\n");
  error_summary(r, why);
  form_begin(r, "/admin/users/new");
  field_input(r,
              &(struct field){.name = "name", .label = "Full name",
                              .type = "text", .value = form_value(r, "name"),
                              .autocomplete = "off", .required = true},
              why);
  field_input(r,
              &(struct field){.name = "email", .label = "Email address",
                              .type = "email", .value = form_value(r, "email"),
                              .autocomplete = "off", .required = true},
              why);
  field_input(r,
              &(struct field){.name = "password", .label = "First password",
                              .type = "password",
                              .hint = "At least 10 characters. Tell the "
                                      "person to change it, or let them "
                                      "reset it by email.",
                              .autocomplete = "new-password",
                              .required = true},
              why);
  role_checkboxes(r, roles_from_form(r), why);
  H(&r->out, "<button type=\"submit\">Add the account</button>\n</form>\n");
  return page_end(r);
}

int page_user_new(struct request *r)
{
  return user_new_form(r, NULL);
}

int page_user_new_post(struct request *r)
{
  struct err_detail why = {"", ""};
  struct user u;
  int rc = account_create(r->db, r->session.user.id, r->ip,
                          form_value(r, "email"), form_value(r, "name"),
                          form_value(r, "password"), roles_from_form(r), &u,
                          &why);

  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_INPUT ? 400 : 409;
    return user_new_form(r, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/admin/users/%lld?created=1",
                                  (long long)u.id));
}

static int user_page(struct request *r, int64_t id, const char *notice,
                     const struct err_detail *why)
{
  struct user u;
  char since[32];
  int rc = account_get(r->db, id, &u);

  if (rc)
    return rc;
  clock_format(u.created_at, since, sizeof(since));
  page_begin(r, u.name);
  html_printf(&r->out, "<h1>%s</h1>\n", u.name);
  if (notice)
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", notice);
  error_summary(r, why);
  html_printf(&r->out, "<dl class=\"summary\"><dt>Email</dt><dd>%s</dd>"
                       "<dt>Status</dt><dd>%s</dd><dt>Account since</dt>"
                       "<dd>%s UTC</dd></dl>\n",
              u.email, u.active ? "Active" : "Deactivated", since);
  H(&r->out, "<h2>Roles</h2>\n");
  form_begin(r, arena_printf(&r->arena, "/admin/users/%lld/roles",
                             (long long)u.id));
  role_checkboxes(r, u.roles, why);
  H(&r->out, "<button type=\"submit\">Save roles</button>\n</form>\n");
  H(&r->out, "<h2>Access</h2>\n");
  html_printf(&r->out,
              "<form method=\"post\" action=\"/admin/users/%lld/active\" "
              "data-confirm=\"%s\">"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
              "<input type=\"hidden\" name=\"active\" value=\"%d\">"
              "<button type=\"submit\">%s</button></form>\n",
              (long long)u.id,
              u.active ? "Deactivate this account? The person is signed out "
                         "everywhere."
                       : "Reactivate this account?",
              request_csrf(r), u.active ? 0 : 1,
              u.active ? "Deactivate the account" : "Reactivate the account");
  H(&r->out, "<p><a href=\"/admin/users\">All accounts</a></p>\n");
  return page_end(r);
}

int page_user(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  if (!id)
    return ERR_NOTFOUND;
  return user_page(r, id,
                   *query_value(r, "created") ? "The account has been added."
                                              : NULL,
                   NULL);
}

int page_user_roles_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct err_detail why = {"", ""};
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = account_set_roles(r->db, r->session.user.id, r->ip, id,
                         roles_from_form(r), &why);
  if (rc == ERR_CONFLICT || rc == ERR_INPUT) {
    r->status = 409;
    return user_page(r, id, NULL, &why);
  }
  if (rc)
    return rc;
  return user_page(r, id, "Roles saved.", NULL);
}

int page_user_active_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  struct err_detail why = {"", ""};
  bool active = str_eq(form_value(r, "active"), "1");
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = account_set_active(r->db, r->session.user.id, r->ip, id, active, &why);
  if (rc == ERR_CONFLICT) {
    r->status = 409;
    return user_page(r, id, NULL, &why);
  }
  if (rc)
    return rc;
  return user_page(r, id,
                   active ? "The account is active again."
                          : "The account has been deactivated.",
                   NULL);
}

/* -------------------------------------------------------------- audit log */

int page_audit(struct request *r)
{
  static const char *const filters[][2] = {
      {"", "All actions"},           {"signin", "Sign-ins"},
      {"password", "Passwords"},     {"role", "Role changes"},
      {"account", "Account changes"},
  };
  const char *action = query_value(r, "action");
  int page = page_number(r), n;
  struct audit_row *rows = arena_alloc(&r->arena, sizeof(*rows) * AUDIT_PAGE);
  int64_t total;
  int rc = audit_list(r->db, action, (page - 1) * AUDIT_PAGE, AUDIT_PAGE, rows,
                      &n, &total);

  if (rc)
    return rc;
  page_begin(r, "Audit log");
  H(&r->out, "<h1>Audit log</h1>\n<form method=\"get\" action=\"/admin/audit\">"
             "<div class=\"field\"><label for=\"action\">Show</label>"
             "<select id=\"action\" name=\"action\">");
  for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
    html_printf(&r->out, "<option value=\"%s\"%s>%s</option>", filters[i][0],
                str_eq(action, filters[i][0]) ? " selected" : "",
                filters[i][1]);
  H(&r->out, "</select></div><button type=\"submit\">Filter</button></form>\n");
  html_printf(&r->out, "<p>%lld %s.</p>\n", (long long)total,
              plural(total, "entry", "entries"));
  table_begin(r, "Audit log, newest first");
  H(&r->out, "<thead><tr><th scope=\"col\">When (UTC)</th>"
             "<th scope=\"col\">Who</th><th scope=\"col\">Action</th>"
             "<th scope=\"col\">About</th><th scope=\"col\">Detail</th>"
             "<th scope=\"col\">Address</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++) {
    char when[32];

    clock_format(rows[i].at, when, sizeof(when));
    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                "<td>%s</td></tr>\n",
                when, rows[i].actor_email[0] ? rows[i].actor_email : "—",
                rows[i].action, rows[i].subject, rows[i].detail, rows[i].ip);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  if (action[0]) {
    struct buf base;

    buf_init(&base, 1024);
    buf_puts(&base, "/admin/audit?action=");
    url_encode(&base, action);
    pager(r, buf_cstr(&base), page, AUDIT_PAGE, total);
    buf_free(&base);
  } else {
    pager(r, "/admin/audit", page, AUDIT_PAGE, total);
  }
  return page_end(r);
}

/* ----------------------------------------------------------------- outbox */

int page_outbox(struct request *r)
{
  const char *to = query_value(r, "to");
  int page = page_number(r), n;
  struct outbox_row *rows = xcalloc(OUTBOX_PAGE, sizeof(*rows));
  int64_t total;
  int rc = mail_list(r->db, to, (page - 1) * OUTBOX_PAGE, OUTBOX_PAGE, rows,
                     &n, &total);

  if (rc) {
    free(rows);
    return rc;
  }
  page_begin(r, "Outbox");
  H(&r->out, "<h1>Outbox</h1>\n<p>Mail Tandem has sent or will send. "
             "Without an SMTP server configured, messages wait here.</p>\n"
             "<form method=\"get\" action=\"/admin/outbox\">");
  field_input(r,
              &(struct field){.name = "to", .label = "To address",
                              .type = "email", .value = to},
              NULL);
  H(&r->out, "<button type=\"submit\">Filter</button></form>\n");
  html_printf(&r->out, "<p>%lld %s.</p>\n", (long long)total,
              plural(total, "message", "messages"));
  for (int i = 0; i < n; i++) {
    const struct outbox_row *m = &rows[i];
    char when[32], sent[32] = "";

    clock_format(m->created_at, when, sizeof(when));
    if (m->sent_at)
      clock_format(m->sent_at, sent, sizeof(sent));
    html_printf(&r->out,
                "<article class=\"mail\"><h2>%s</h2>\n<dl class=\"summary\">"
                "<dt>To</dt><dd>%s</dd><dt>Queued</dt><dd>%s UTC</dd>"
                "<dt>Status</dt><dd>%s%s%s</dd></dl>\n<pre class=\"mail\">%s"
                "</pre>",
                m->subject, m->to_addr, when, m->sent_at ? "Sent " : "Waiting",
                sent, m->last_error[0] ? " (last attempt failed)" : "",
                m->body);
    if (m->attachment_name[0])
      html_printf(&r->out,
                  "<details><summary>Attachment: %s (%s)</summary>"
                  "<pre class=\"mail\">%s</pre></details>",
                  m->attachment_name, m->attachment_type, m->attachment);
    H(&r->out, "</article>\n");
  }
  free(rows);
  pager(r, "/admin/outbox", page, OUTBOX_PAGE, total);
  return page_end(r);
}
