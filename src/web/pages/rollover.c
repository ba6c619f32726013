/* pages/rollover.c: the academic-year rollover for coordinators and
 * administrators (GET/POST /schemes/rollover): preview what closing a year
 * does, then do it. */
#include "base/str.h"
#include "domain/rollover.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>

static void results(struct request *r, const struct rollover_result *res)
{
  bool dry = res->dry_run;

  if (dry)
    html_printf(&r->out,
                "<h2>What closing %s would do</h2>\n<p>Nothing has changed "
                "yet.</p>\n",
                res->from);
  else
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>%s is closed and "
                "its schemes are copied into %s.</p></div>\n<h2>What was "
                "done</h2>\n",
                res->from, res->to);
  html_printf(&r->out,
              "<ul>\n<li>%d %s %s closed.</li>\n"
              "<li>%d %s %s copied into %s as %s.</li>\n",
              res->nclosed, plural(res->nclosed, "scheme", "schemes"),
              dry ? "would be" : (res->nclosed == 1 ? "was" : "were"),
              res->ncopied, plural(res->ncopied, "scheme", "schemes"),
              dry ? "would be" : (res->ncopied == 1 ? "was" : "were"),
              res->to, plural(res->ncopied, "a draft", "drafts"));
  if (res->nskipped)
    html_printf(&r->out,
                "<li>%d %s already %s a copy in %s and %s not copied "
                "again.</li>\n",
                res->nskipped, plural(res->nskipped, "scheme", "schemes"),
                res->nskipped == 1 ? "has" : "have", res->to,
                dry ? "would be" : (res->nskipped == 1 ? "was" : "were"));
  html_printf(&r->out,
              "<li>%d %s %s: %d to applicants whose application was still "
              "open, %d to mentees.</li>\n",
              res->nnotices, plural(res->nnotices, "email", "emails"),
              dry ? "would be sent" : "queued", res->napplications,
              res->nsignups);
  if (res->institution_moves)
    html_printf(&r->out,
                "<li>The institution's academic year %s from %s – %s to %s "
                "– %s.</li>\n",
                dry ? "would move" : "moved", res->year_starts_on,
                res->year_ends_on, res->next_starts_on, res->next_ends_on);
  else
    html_printf(&r->out,
                "<li>The institution's academic year is not %s, so it "
                "%s.</li>\n",
                res->from, dry ? "would not change" : "did not change");
  H(&r->out, "</ul>\n");
  table_begin(r, "Schemes of the year");
  H(&r->out, "<thead><tr><th scope=\"col\">Scheme</th><th scope=\"col\">"
             "Status</th><th scope=\"col\">What happens</th><th scope=\"col\">"
             "The copy</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < res->nitems; i++) {
    const struct rollover_item *it = &res->items[i];

    html_printf(&r->out,
                "<tr><td><a href=\"/schemes/%lld\">%s</a></td><td>%s</td>"
                "<td>%s</td><td>",
                (long long)it->scheme.id, it->scheme.name, it->scheme.status,
                rollover_action_label(it->action, dry));
    if (it->new_id)
      html_printf(&r->out, "<a href=\"/schemes/%lld\">%s, %s to %s</a>",
                  (long long)it->new_id, res->to, it->new_starts_on,
                  it->new_ends_on);
    else if (it->action == ROLL_COPY)
      html_printf(&r->out, "%s, %s to %s", res->to, it->new_starts_on,
                  it->new_ends_on);
    H(&r->out, "</td></tr>\n");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

static int rollover_page(struct request *r, const char *from, const char *to,
                         const struct rollover_result *res,
                         const struct err_detail *why)
{
  page_begin(r, "Close an academic year");
  H(&r->out,
    "<p><a href=\"/schemes\">Schemes</a></p>\n<h1>Close an academic year"
    "</h1>\n<p>Closing a year closes every scheme of it: applications and "
    "sign-ups stop, and applicants whose application is still open and "
    "mentees who signed up are told by email. Each published scheme is "
    "copied into the next year as a draft, with its courses, staff, rules, "
    "topics, materials, questions and rubric, but not its applications or "
    "sign-ups. Preview first: it changes nothing.</p>\n");
  error_summary(r, why);
  if (res)
    results(r, res);
  form_begin(r, "/schemes/rollover");
  field_input(r,
              &(struct field){.name = "from", .label = "Year to close",
                              .type = "text", .value = from,
                              .hint = "Such as 2026/27.",
                              .autocomplete = "off", .required = true},
              why);
  field_input(r,
              &(struct field){.name = "to", .label = "Next year",
                              .type = "text", .value = to,
                              .hint = "The year straight after.",
                              .autocomplete = "off", .required = true},
              why);
  H(&r->out, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
             "value=\"preview\">Preview</button> <button type=\"submit\" "
             "name=\"action\" value=\"run\" class=\"warning\">Close the year "
             "and copy its schemes</button></div>\n</form>\n");
  return page_end(r);
}

int page_rollover(struct request *r)
{
  char from[S_YEAR] = "", to[S_YEAR] = "";
  int rc = rollover_current_year(r->db, from);

  if (rc)
    return rc;
  if (from[0] && !rollover_next_year(from, to))
    to[0] = '\0';
  return rollover_page(r, from, to, NULL, NULL);
}

int page_rollover_post(struct request *r)
{
  struct rollover_result res;
  struct err_detail why = {"", ""};
  const char *from = form_value(r, "from"), *to = form_value(r, "to");
  bool dry = strcmp(form_value(r, "action"), "run") != 0;
  char f[S_YEAR * 2], t[S_YEAR * 2];
  int rc;

  str_copy(f, sizeof(f), from);
  str_copy(t, sizeof(t), to);
  rc = rollover_run(r->db, r->session.user.id, r->ip, str_trim(f),
                    str_trim(t), dry, &res, &why);
  if (rc == ERR_INPUT || rc == ERR_NOTFOUND) {
    r->status = 400;
    rollover_result_free(&res);
    return rollover_page(r, from, to, NULL, &why);
  }
  if (rc) {
    rollover_result_free(&res);
    return rc;
  }
  rc = rollover_page(r, from, to, &res, NULL);
  rollover_result_free(&res);
  return rc;
}
