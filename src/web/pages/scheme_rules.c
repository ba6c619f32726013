/* pages/scheme_rules.c: a scheme's eligibility rules, edited by those who
 * manage the scheme (GET/POST /schemes/{id}/rules), and a student's own
 * answer to "Can I be a mentor / a mentee here?" (GET
 * /schemes/{id}/eligibility). */
#include "base/clock.h"
#include "base/str.h"
#include "domain/eligibility.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "web/fields.h"
#include "web/pages.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const sides[] = {"mentor", "mentee"};

/* The choices of the kinds that take words from a list. */
static const struct option level_choices[] = {
    {"foundation", "Foundation"},
    {"undergraduate", "Undergraduate"},
    {"postgraduate_taught", "Postgraduate taught"},
    {"research", "Postgraduate research"},
};
static const struct option status_choices[] = {
    {"enrolled", "Enrolled"},
    {"incoming", "Incoming (offer holders)"},
    {"graduated", "Graduated (alumni)"},
    {"interrupted", "Interrupted"},
};
static const struct option fee_choices[] = {
    {"home", "Home"},
    {"international", "International"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void today(char out[S_DATE])
{
  time_t now = (time_t)clock_now();
  struct tm tm;

  gmtime_r(&now, &tm);
  strftime(out, S_DATE, "%Y-%m-%d", &tm);
}

/* The scheme of the path, if u may manage it: 0, or a response sent. */
static int managed_scheme(struct request *r, struct scheme_row *s, bool *ok)
{
  int64_t id = request_param_id(r, 0);
  int rc;

  *ok = false;
  if (!id)
    return http_fail(r, 404, NULL);
  rc = scheme_get(r->db, id, s);
  if (rc == ERR_NOTFOUND)
    return http_fail(r, 404, "There is no such scheme.");
  if (rc)
    return rc;
  if (!scheme_may_manage(r->db, &r->session.user, id))
    return http_fail(r, 403, "Only the people who run this scheme may "
                             "change who is eligible for it.");
  *ok = true;
  return 0;
}

static const struct scheme_rule_row *
find_rule(const struct scheme_rule_row *rules, int n, const char *side,
          const char *kind)
{
  for (int i = 0; i < n; i++)
    if (strcmp(rules[i].side, side) == 0 && strcmp(rules[i].kind, kind) == 0)
      return &rules[i];
  return NULL;
}

/* The field's value: what was posted when re-rendering, else the stored
 * rule's value ("" when it is off). */
static const char *value_of(struct request *r, bool posted, const char *name,
                            const struct scheme_rule_row *rule)
{
  if (posted)
    return form_value(r, name);
  return rule ? rule->value : "";
}

static bool word_in(const char *value, const char *word)
{
  size_t n = strlen(word);

  for (const char *p = value; (p = strstr(p, word)); p += n)
    if ((p == value || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return true;
  return false;
}

static bool posted_has(struct request *r, const char *name, const char *value)
{
  int n = kv_count(&r->form, name);

  for (int i = 0; i < n; i++)
    if (strcmp(kv_nth(&r->form, name, i), value) == 0)
      return true;
  return false;
}

static void checkboxes(struct request *r, bool posted, const char *name,
                       const char *legend, const char *hint,
                       const struct option *choices, int n,
                       const struct scheme_rule_row *rule,
                       const struct err_detail *why)
{
  bool bad = why && why->msg[0] && strcmp(why->field, name) == 0;

  html_printf(&r->out,
              "<fieldset class=\"checkboxes%s\" id=\"%s\"><legend>%s"
              "</legend>\n<p class=\"hint\">%s</p>\n",
              bad ? " field-error" : "", name, legend, hint);
  field_error(r, name, why);
  for (int i = 0; i < n; i++) {
    bool on = posted ? posted_has(r, name, choices[i].value)
                     : rule && word_in(rule->value, choices[i].value);

    html_printf(&r->out,
                "<div><input type=\"checkbox\" name=\"%s\" id=\"%s-%s\" "
                "value=\"%s\"%s><label for=\"%s-%s\">%s</label></div>\n",
                name, name, choices[i].value, choices[i].value,
                on ? " checked" : "", name, choices[i].value,
                choices[i].label);
  }
  H(&r->out, "</fieldset>\n");
}

static void text_rule(struct request *r, bool posted, const char *name,
                      const char *label, const char *type, const char *hint,
                      const struct scheme_rule_row *rule,
                      const struct err_detail *why)
{
  field_input(r,
              &(struct field){.name = name, .label = label, .type = type,
                              .value = value_of(r, posted, name, rule),
                              .hint = hint, .autocomplete = "off"},
              why);
}

static void side_fields(struct request *r, bool posted, const char *side,
                        const struct scheme_rule_row *rules, int n,
                        const struct err_detail *why)
{
  char name[32];
  const struct scheme_rule_row *rule;
  bool served;

#define NAME(kind) (snprintf(name, sizeof(name), "%s_%s", side, kind), name)
#define RULE(kind) find_rule(rules, n, side, kind)
  html_printf(&r->out, "<fieldset class=\"rules\"><legend>%s</legend>\n",
              strcmp(side, "mentor") == 0 ? "Mentors" : "Mentees");
  text_rule(r, posted, NAME("min_years"),
            "Completed years of study with progression, at least", "text",
            "A number from 0 to 8. Leave empty for no such rule.",
            RULE("min_years"), why);
  text_rule(r, posted, NAME("year_of_study"), "Years of study", "text",
            "Numbers separated by spaces, such as 2 3. Leave empty for any "
            "year.",
            RULE("year_of_study"), why);
  checkboxes(r, posted, NAME("level"), "Levels of course",
             "Tick none for any level.", level_choices, COUNT(level_choices),
             RULE("level"), why);
  checkboxes(r, posted, NAME("status"), "Status",
             "Tick none for any status.", status_choices,
             COUNT(status_choices), RULE("status"), why);
  text_rule(r, posted, NAME("graduated_within"),
            "Graduated within this many years", "text",
            "For alumni: a number from 1 to 8. Leave empty for no such "
            "rule.",
            RULE("graduated_within"), why);
  checkboxes(r, posted, NAME("fee_status"), "Fee status",
             "Tick none for any fee status.", fee_choices,
             COUNT(fee_choices), RULE("fee_status"), why);
  text_rule(r, posted, NAME("home_country"), "Home countries", "text",
            "Two-letter ISO codes separated by spaces, such as CN IN NG. "
            "Leave empty for any country.",
            RULE("home_country"), why);
  rule = RULE("served");
  NAME("served");
  served = posted ? strcmp(form_value(r, name), "1") == 0 : rule != NULL;
  html_printf(&r->out,
              "<div class=\"field checkboxes\"><input type=\"checkbox\" "
              "name=\"%s\" id=\"%s\" value=\"1\"%s><label for=\"%s\">Only "
              "students on the courses, or in the faculties, this scheme "
              "serves</label></div>\n",
              name, name, served ? " checked" : "", name);
  H(&r->out, "</fieldset>\n");
#undef NAME
#undef RULE
}

static int rules_page(struct request *r, const struct scheme_row *s,
                      bool posted, const struct err_detail *why)
{
  struct scheme_rule_row rules[RULES_MAX];
  char sentence[ELIG_EXPLAIN];
  int n = 0, rc;

  if (!posted && (rc = eligibility_rules(r->db, s->id, NULL, rules, &n)))
    return rc;
  page_begin(r, arena_printf(&r->arena, "Eligibility: %s", s->name));
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">Back to %s</a></p>\n"
              "<h1>Who is eligible for %s</h1>\n",
              (long long)s->id, s->name, s->name);
  if (*query_value(r, "saved"))
    H(&r->out, "<div class=\"notice\" role=\"status\"><p>The rules have "
               "been saved.</p></div>\n");
  error_summary(r, why);
  H(&r->out, "<h2>As students read them</h2>\n<ul class=\"rules-now\">\n");
  for (int i = 0; i < 2; i++) {
    if ((rc = eligibility_sentence(r->db, s, sides[i], sentence,
                                   sizeof(sentence))))
      return rc;
    html_printf(&r->out, "<li>%s</li>\n", sentence);
  }
  H(&r->out, "</ul>\n<h2>Change the rules</h2>\n<p>A student must meet "
             "every rule given for their side. Each rule left empty does "
             "not apply.</p>\n");
  form_begin(r, arena_printf(&r->arena, "/schemes/%lld/rules",
                             (long long)s->id));
  for (int i = 0; i < 2; i++)
    side_fields(r, posted, sides[i], rules, n, why);
  H(&r->out, "<button type=\"submit\">Save the rules</button>\n</form>\n");
  return page_end(r);
}

int page_scheme_rules(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  bool ok;
  int rc = managed_scheme(r, s, &ok);

  if (rc || !ok)
    return rc;
  return rules_page(r, s, false, NULL);
}

/* The rules a form gives: for each side and kind, a value or nothing; in
 * the order the rules read best in an explanation. */
static int rules_from_form(struct request *r, struct scheme_rule_row *rules)
{
  static const struct {
    const char *kind;
    char shape; /* 't'ext, 'l'ist of checkboxes, 's'erved */
  } kinds[] = {{"min_years", 't'},  {"year_of_study", 't'},
               {"level", 'l'},      {"status", 'l'},
               {"graduated_within", 't'}, {"fee_status", 'l'},
               {"home_country", 't'}, {"served", 's'}};
  int n = 0;

  for (int i = 0; i < 2; i++)
    for (int k = 0; k < COUNT(kinds) && n < RULES_MAX; k++) {
      struct scheme_rule_row *rule = &rules[n];
      char name[32], value[RULE_VALUE];
      int count;

      snprintf(name, sizeof(name), "%s_%s", sides[i], kinds[k].kind);
      memset(rule, 0, sizeof(*rule));
      str_copy(rule->side, sizeof(rule->side), sides[i]);
      str_copy(rule->kind, sizeof(rule->kind), kinds[k].kind);
      switch (kinds[k].shape) {
      case 's':
        n += strcmp(form_value(r, name), "1") == 0;
        break;
      case 'l':
        count = kv_count(&r->form, name);
        for (int j = 0; j < count; j++) {
          size_t len = strlen(rule->value);

          snprintf(rule->value + len, sizeof(rule->value) - len, "%s%s",
                   j ? " " : "", kv_nth(&r->form, name, j));
        }
        n += count > 0;
        break;
      default:
        str_copy(value, sizeof(value), form_value(r, name));
        str_copy(rule->value, sizeof(rule->value), str_trim(value));
        n += rule->value[0] != '\0';
      }
    }
  return n;
}

int page_scheme_rules_post(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct scheme_rule_row rules[RULES_MAX];
  struct err_detail why = {"", ""};
  bool ok;
  int n, rc = managed_scheme(r, s, &ok);

  if (rc || !ok)
    return rc;
  n = rules_from_form(r, rules);
  rc = eligibility_save(r->db, r->session.user.id, r->ip, s->id, rules, n,
                        &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return rules_page(r, s, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/rules?saved=1",
                                  (long long)s->id));
}

/* ------------------------------------------------ a student's own answer */

int page_scheme_eligibility(struct request *r)
{
  struct scheme_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct student_row *st = arena_alloc(&r->arena, sizeof(*st));
  int64_t id = request_param_id(r, 0);
  char day[S_DATE], sentence[ELIG_EXPLAIN];
  int rc;

  if (!id)
    return http_fail(r, 404, NULL);
  rc = scheme_get(r->db, id, s);
  if (rc == ERR_NOTFOUND ||
      (rc == 0 && strcmp(s->status, "published") != 0 &&
       !scheme_may_manage(r->db, &r->session.user, id)))
    return http_fail(r, 404, "There is no such scheme.");
  if (rc)
    return rc;
  rc = profile_get(r->db, &r->session.user, st);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  page_begin(r, arena_printf(&r->arena, "Can I take part in %s?", s->name));
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">Back to %s</a></p>\n"
              "<h1>Can I take part in %s?</h1>\n",
              (long long)s->id, s->name, s->name);
  if (rc == ERR_NOTFOUND) {
    H(&r->out, "<p>We cannot check yet: there is no student record for "
               "your account. Records come from the university's student "
               "system; if you have just enrolled, yours may not have "
               "arrived. The Peer Mentoring Team can help.</p>\n");
    return page_end(r);
  }
  today(day);
  for (int i = 0; i < 2; i++) {
    struct eligibility e;

    if ((rc = eligibility_check(r->db, s, sides[i], st, day, &e)) ||
        (rc = eligibility_sentence(r->db, s, sides[i], sentence,
                                   sizeof(sentence))))
      return rc;
    html_printf(&r->out,
                "<section class=\"eligibility %s\" aria-labelledby=\"%s-h\">"
                "<h2 id=\"%s-h\">Can I be a %s here?</h2>\n"
                "<p><strong>%s</strong></p>\n<p class=\"hint\">%s</p>\n"
                "</section>\n",
                e.eligible ? "eligible" : "not-eligible", sides[i], sides[i],
                sides[i], e.explanation, sentence);
  }
  return page_end(r);
}
