/* pages/apikeys.c: administrators' API keys: the list, making one (its
 * text shown once, on the page that answers the form), revoking one. The
 * router admits administrators only. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/apikeys.h"
#include "web/layout.h"
#include "web/pages.h"

#include <sodium.h>
#include <string.h>

enum { KEYS_PAGE = 200 };

static void when(struct request *r, int64_t t, const char *never)
{
  char s[32];

  if (!t) {
    html_printf(&r->out, "<td>%s</td>", never);
    return;
  }
  clock_format(t, s, sizeof(s));
  html_printf(&r->out, "<td>%s UTC</td>", s);
}

static void scope_radios(struct request *r, const char *checked,
                         const struct err_detail *why)
{
  static const struct {
    const char *value, *label;
  } scopes[] = {{"read", "Read only"}, {"write", "Read and write"}};
  bool bad = why && strcmp(why->field, "scope") == 0;

  html_printf(&r->out, "<fieldset class=\"checkboxes%s\" id=\"scope\">"
                       "<legend>What the key may do</legend>\n",
              bad ? " field-error" : "");
  if (bad)
    html_printf(&r->out, "<p class=\"error-message\">%s</p>\n", why->msg);
  for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
    html_printf(&r->out,
                "<div><input type=\"radio\" name=\"scope\" id=\"scope-%s\" "
                "value=\"%s\"%s><label for=\"scope-%s\">%s</label></div>\n",
                scopes[i].value, scopes[i].value,
                str_eq(checked, scopes[i].value) ? " checked" : "",
                scopes[i].value, scopes[i].label);
  H(&r->out, "</fieldset>\n");
}

static int keys_page(struct request *r, const char *notice,
                     const struct err_detail *why)
{
  struct apikey_row *rows = arena_alloc(&r->arena, sizeof(*rows) * KEYS_PAGE);
  int n, rc = apikey_list(r->db, 0, KEYS_PAGE, rows, &n);

  if (rc)
    return rc;
  page_begin(r, "API keys");
  H(&r->out, "<h1>API keys</h1>\n<p>Scripts call the JSON API at "
             "<code>/api/v1</code> with a key in the header "
             "<code>Authorization: Bearer tdm_…</code>. See the "
             "<a href=\"/api/v1/openapi.json\">OpenAPI description</a>.</p>\n");
  if (notice)
    html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                         "</div>\n", notice);
  error_summary(r, why);
  if (n == 0) {
    H(&r->out, "<p>There are no API keys yet.</p>\n");
  } else {
    table_begin(r, "API keys");
    H(&r->out, "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
               "Prefix</th><th scope=\"col\">Scope</th><th scope=\"col\">"
               "Created</th><th scope=\"col\">Last used</th>"
               "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
      struct apikey_row *k = &rows[i];

      html_printf(&r->out, "<tr><td>%s</td><td><code>tdm_%s_…</code></td>"
                           "<td>%s</td>",
                  k->name, k->prefix,
                  str_eq(k->scope, "write") ? "Read and write" : "Read only");
      when(r, k->created_at, "");
      when(r, k->last_used_at, "Never");
      if (k->revoked_at) {
        char s[32];

        clock_format(k->revoked_at, s, sizeof(s));
        html_printf(&r->out, "<td>Revoked %s UTC</td></tr>\n", s);
        continue;
      }
      html_printf(&r->out,
                  "<td><form method=\"post\" "
                  "action=\"/admin/api-keys/%lld/revoke\" data-confirm=\"%s\">"
                  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
                  "<button type=\"submit\" aria-label=\"Revoke %s\">Revoke"
                  "</button></form></td></tr>\n",
                  (long long)k->id,
                  "Revoke this key? Scripts using it stop working at once.",
                  request_csrf(r), k->name);
    }
    H(&r->out, "</tbody>\n");
    table_end(r);
  }
  H(&r->out, "<h2>Create a key</h2>\n");
  form_begin(r, "/admin/api-keys");
  field_input(r,
              &(struct field){.name = "name", .label = "Name",
                              .type = "text", .value = form_value(r, "name"),
                              .hint = "What uses the key, for example "
                                      "\"Student record sync\".",
                              .autocomplete = "off", .required = true},
              why);
  scope_radios(r, form_value(r, "scope"), why);
  H(&r->out, "<button type=\"submit\">Create the key</button>\n</form>\n");
  return page_end(r);
}

int page_apikeys(struct request *r)
{
  return keys_page(r, *query_value(r, "revoked") ? "The key has been revoked."
                                                 : NULL,
                   NULL);
}

int page_apikeys_post(struct request *r)
{
  struct err_detail why = {"", ""};
  char key[APIKEY_LEN + 1];
  struct apikey_row k;
  int rc = apikey_create(r->db, r->session.user.id, r->ip,
                         form_value(r, "name"), form_value(r, "scope"), key,
                         &k, &why);

  if (rc == ERR_INPUT) {
    r->status = 400;
    return keys_page(r, NULL, &why);
  }
  if (rc)
    return rc;
  page_begin(r, "Your new API key");
  html_printf(&r->out,
              "<h1>Your new API key</h1>\n"
              "<div class=\"notice\" role=\"status\"><p><strong>Copy the key "
              "now: it will not be shown again.</strong> Tandem keeps only a "
              "hash of it. If it is lost, revoke it and create another.</p>"
              "</div>\n"
              "<dl class=\"summary\"><dt>Name</dt><dd>%s</dd>"
              "<dt>Scope</dt><dd>%s</dd><dt>Key</dt>"
              "<dd><code id=\"new-key\">%s</code></dd></dl>\n"
              "<p>Send it as <code>Authorization: Bearer %s</code>.</p>\n"
              "<p><a href=\"/admin/api-keys\">All API keys</a></p>\n",
              k.name, str_eq(k.scope, "write") ? "Read and write" : "Read only",
              key, key);
  sodium_memzero(key, sizeof(key));
  return page_end(r);
}

int page_apikey_revoke_post(struct request *r)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  rc = apikey_revoke(r->db, r->session.user.id, r->ip, id);
  if (rc)
    return rc;
  return redirect(r, "/admin/api-keys?revoked=1");
}
