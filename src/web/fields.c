#include "web/fields.h"

#include <string.h>

static bool is_about(const struct err_detail *why, const char *name)
{
  return why && why->msg[0] && strcmp(why->field, name) == 0;
}

void field_error(struct request *r, const char *name,
                 const struct err_detail *why)
{
  if (is_about(why, name))
    html_printf(&r->out,
                "<p class=\"error-message\" id=\"%s-error\"><span "
                "class=\"visually-hidden\">Error:</span> %s</p>\n",
                name, why->msg);
}

static void open_field(struct request *r, const char *name, const char *label,
                       const char *hint, const struct err_detail *why)
{
  bool bad = is_about(why, name);

  if (bad)
    html_printf(&r->out, "<div class=\"field field-error\">\n");
  else
    H(&r->out, "<div class=\"field\">\n");
  html_printf(&r->out, "<label for=\"%s\">%s</label>\n", name, label);
  if (hint)
    html_printf(&r->out, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", name,
                hint);
  field_error(r, name, why);
}

static void describedby(struct request *r, const char *name, const char *hint,
                        const struct err_detail *why)
{
  bool bad = is_about(why, name);

  if (hint && bad)
    html_printf(&r->out, " aria-describedby=\"%s-hint %s-error\" "
                         "aria-invalid=\"true\"",
                name, name);
  else if (hint)
    html_printf(&r->out, " aria-describedby=\"%s-hint\"", name);
  else if (bad)
    html_printf(&r->out, " aria-describedby=\"%s-error\" aria-invalid=\"true\"",
                name);
}

void field_select(struct request *r, const char *name, const char *label,
                  const char *hint, const struct option *options, int n,
                  const char *selected, const struct err_detail *why)
{
  open_field(r, name, label, hint, why);
  html_printf(&r->out, "<select id=\"%s\" name=\"%s\"", name, name);
  describedby(r, name, hint, why);
  H(&r->out, ">\n");
  for (int i = 0; i < n; i++) {
    if (selected && strcmp(selected, options[i].value) == 0)
      html_printf(&r->out, "<option value=\"%s\" selected>%s</option>\n",
                  options[i].value, options[i].label);
    else
      html_printf(&r->out, "<option value=\"%s\">%s</option>\n",
                  options[i].value, options[i].label);
  }
  H(&r->out, "</select>\n</div>\n");
}

void field_textarea(struct request *r, const char *name, const char *label,
                    const char *hint, const char *value, int rows,
                    const struct err_detail *why)
{
  open_field(r, name, label, hint, why);
  html_printf(&r->out, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"", name,
              name, rows);
  describedby(r, name, hint, why);
  html_printf(&r->out, ">%s</textarea>\n</div>\n", value ? value : "");
}

void new_password_fields(struct request *r, const struct err_detail *why)
{
  field_input(r,
              &(struct field){.name = "new_password", .label = "New password",
                              .type = "password",
                              .hint = "At least 10 characters.",
                              .autocomplete = "new-password",
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "confirm_password",
                              .label = "New password again",
                              .type = "password",
                              .autocomplete = "new-password",
                              .required = true},
              why);
}
