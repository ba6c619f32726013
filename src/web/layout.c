#include "web/layout.h"

#include "base/str.h"
#include "domain/access.h"

#include <jansson.h>
#include <string.h>

struct nav_item {
  unsigned who; /* roles that see it; 0: everyone signed in */
  const char *href, *label;
};

static const struct nav_item nav[] = {
    {0, "/", "Home"},
    {0, "/schemes", "Schemes"},
    {0, "/training", "Training"},
    {ROLE_ADMIN | ROLE_COORDINATOR | ROLE_CHAMPION, "/people", "People"},
    {ROLE_ADMIN | ROLE_COORDINATOR | ROLE_CHAMPION, "/organisation",
     "Organisation"},
    {ROLE_STUDENT, "/profile", "Your profile"},
    {ROLE_ADMIN, "/admin/users", "Accounts"},
    {ROLE_ADMIN, "/admin/audit", "Audit log"},
    {ROLE_ADMIN, "/admin/outbox", "Outbox"},
    {ROLE_ADMIN, "/admin/api-keys", "API keys"},
    {0, "/account", "Your account"},
};

static void nav_link(struct request *r, const char *href, const char *label)
{
  bool here = strcmp(r->path, href) == 0 ||
              (strcmp(href, "/") != 0 && str_starts(r->path, href));

  if (here)
    html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"page\">%s</a>"
                         "</li>", href, label);
  else
    html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", href, label);
}

void page_begin(struct request *r, const char *title)
{
  struct buf *o = &r->out;

  r->content_type = "text/html; charset=utf-8";
  H(o, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
       "<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, "
       "initial-scale=1\">\n");
  html_printf(o, "<title>%s – Tandem</title>\n", title);
  H(o, "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
       "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n"
       "<script src=\"/static/app.js\" defer></script>\n"
       "</head>\n<body>\n"
       "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
       "<header class=\"site-header\">\n"
       "<a class=\"brand\" href=\"/\"><img src=\"/static/icon.svg\" alt=\"\" "
       "width=\"28\" height=\"28\"> Tandem</a>\n"
       "<nav aria-label=\"Main\"><ul>\n");
  if (r->signed_in) {
    for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
      if (access_has_role(&r->session.user, nav[i].who))
        nav_link(r, nav[i].href, nav[i].label);
  } else {
    nav_link(r, "/", "Home");
    nav_link(r, "/schemes", "Schemes");
    nav_link(r, "/signin", "Sign in");
  }
  H(o, "</ul></nav>\n");
  if (r->signed_in) {
    html_printf(o, "<div class=\"whoami\"><span>%s</span>",
                r->session.user.name);
    form_begin(r, "/signout");
    H(o, "<button type=\"submit\" class=\"link-button\">Sign out</button>"
         "</form></div>\n");
  }
  H(o, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

int page_end(struct request *r)
{
  H(&r->out, "</main>\n<footer class=\"site-footer\"><p>Tandem – peer "
             "mentoring for universities</p></footer>\n</body>\n</html>\n");
  return buf_failed(&r->out) ? ERR_TOOBIG : 0;
}

static const char *status_title(int status)
{
  switch (status) {
  case 400: return "Bad request";
  case 401: return "Sign in needed";
  case 403: return "Not allowed";
  case 404: return "Page not found";
  case 405: return "Method not allowed";
  case 409: return "Conflict";
  case 413: return "Too large";
  case 414: return "Address too long";
  case 429: return "Too many requests";
  case 503: return "Service unavailable";
  default: return "Something went wrong";
  }
}

static const char *status_message(int status)
{
  switch (status) {
  case 400: return "The request could not be understood. Go back and try "
                   "again.";
  case 401: return "You need to sign in to see this.";
  case 403: return "Your account is not allowed to see this page. If you "
                   "think it should be, ask the Peer Mentoring Team.";
  case 404: return "There is no page at this address. Check the address, or "
                   "start again from the home page.";
  case 405: return "This address does not accept that kind of request.";
  case 409: return "That change conflicts with the current state. Reload "
                   "the page and try again.";
  case 413: return "What you sent is larger than Tandem accepts.";
  case 414: return "The address is longer than Tandem accepts.";
  case 429: return "Too many requests. Wait a while and try again.";
  default: return "Something went wrong on our side. It has been logged; "
                  "please try again in a moment.";
  }
}

int http_fail(struct request *r, int status, const char *message)
{
  const char *title = status_title(status);

  if (!message)
    message = status_message(status);
  buf_reset(&r->out);
  r->status = status;
  if (is_api(r)) {
    json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank",
                          "title", title, "status", status, "detail",
                          message);
    char *text = json_dumps(p, JSON_COMPACT);

    buf_puts(&r->out, text);
    free(text);
    json_decref(p);
    r->content_type = "application/problem+json";
    return 0;
  }
  page_begin(r, title);
  html_printf(&r->out, "<h1>%s</h1>\n<p>%s</p>\n", title, message);
  if (status == 401)
    H(&r->out, "<p><a href=\"/signin\">Sign in</a></p>\n");
  else
    H(&r->out, "<p><a href=\"/\">Go to the home page</a></p>\n");
  page_end(r);
  return 0;
}

int json_send(struct request *r, const char *json)
{
  r->content_type = "application/json";
  buf_puts(&r->out, json);
  return buf_failed(&r->out) ? ERR_TOOBIG : 0;
}

void form_begin(struct request *r, const char *action)
{
  html_printf(&r->out,
              "<form method=\"post\" action=\"%s\" novalidate>"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
              action, request_csrf(r));
}

void error_summary(struct request *r, const struct err_detail *why)
{
  if (!why || !why->msg[0])
    return;
  H(&r->out, "<div class=\"error-summary\" role=\"alert\" "
             "aria-labelledby=\"error-summary-title\" tabindex=\"-1\" "
             "data-autofocus>\n<h2 id=\"error-summary-title\">There is a "
             "problem</h2>\n<ul>");
  if (why->field[0])
    html_printf(&r->out, "<li><a href=\"#%s\">%s</a></li>", why->field,
                why->msg);
  else
    html_printf(&r->out, "<li>%s</li>", why->msg);
  H(&r->out, "</ul>\n</div>\n");
}

void field_input(struct request *r, const struct field *f,
                 const struct err_detail *why)
{
  bool bad = why && why->msg[0] && strcmp(why->field, f->name) == 0;
  struct buf *o = &r->out;

  html_printf(o, "<div class=\"field%s\">\n<label for=\"%s\">%s</label>\n",
              bad ? " field-error" : "", f->name, f->label);
  if (f->hint)
    html_printf(o, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", f->name,
                f->hint);
  if (bad)
    html_printf(o, "<p class=\"error-message\" id=\"%s-error\">"
                   "<span class=\"visually-hidden\">Error:</span> %s</p>\n",
                f->name, why->msg);
  html_printf(o, "<input id=\"%s\" name=\"%s\" type=\"%s\"", f->name, f->name,
              f->type);
  if (f->value && strcmp(f->type, "password") != 0)
    html_printf(o, " value=\"%s\"", f->value);
  if (f->autocomplete)
    html_printf(o, " autocomplete=\"%s\"", f->autocomplete);
  if (f->required)
    H(o, " required");
  if (bad)
    H(o, " aria-invalid=\"true\"");
  if (f->hint || bad)
    html_printf(o, " aria-describedby=\"%s%s%s\"",
                f->hint ? arena_printf(&r->arena, "%s-hint", f->name) : "",
                f->hint && bad ? " " : "",
                bad ? arena_printf(&r->arena, "%s-error", f->name) : "");
  H(o, ">\n</div>\n");
}

int page_number(struct request *r)
{
  int64_t p;

  return str_to_i64(query_value(r, "page"), 1, 1000000, &p) ? (int)p : 1;
}

void pager(struct request *r, const char *base, int page, int page_size,
           int64_t total)
{
  int64_t pages = (total + page_size - 1) / page_size;
  const char *sep = strchr(base, '?') ? "&" : "?";

  if (page > 1 && page > pages) {
    /* Past the end (an old link, a hand-edited URL): say so, and lead
     * back to the last page rather than print "Page 12 of 11". */
    int64_t last = pages > 0 ? pages : 1;

    H(&r->out, "<nav class=\"pager\" aria-label=\"Pages\"><ul>");
    html_printf(&r->out,
                "<li>There is no page %d; the last is page %lld.</li>"
                "<li><a href=\"%s%spage=%lld\" rel=\"prev\">Go to page %lld"
                "</a></li></ul></nav>\n",
                page, (long long)last, base, sep, (long long)last,
                (long long)last);
    return;
  }
  if (pages <= 1)
    return;
  H(&r->out, "<nav class=\"pager\" aria-label=\"Pages\"><ul>");
  if (page > 1)
    html_printf(&r->out, "<li><a href=\"%s%spage=%d\" rel=\"prev\">"
                         "Previous</a></li>", base, sep, page - 1);
  html_printf(&r->out, "<li>Page %d of %lld</li>", page, (long long)pages);
  if (page < pages)
    html_printf(&r->out, "<li><a href=\"%s%spage=%d\" rel=\"next\">Next"
                         "</a></li>", base, sep, page + 1);
  H(&r->out, "</ul></nav>\n");
}

void table_begin(struct request *r, const char *caption)
{
  html_printf(&r->out,
              "<div class=\"table-scroll\" role=\"region\" "
              "aria-label=\"%s\" tabindex=\"0\">\n<table>\n"
              "<caption class=\"visually-hidden\">%s</caption>\n",
              caption, caption);
}

void table_end(struct request *r)
{
  H(&r->out, "</table>\n</div>\n");
}
