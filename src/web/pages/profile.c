/* pages/profile.c: a student's own profile (what mentors and matching
 * see), and every person's download of the data Tandem holds about them. */
#include "base/clock.h"
#include "base/str.h"
#include "domain/people.h"
#include "web/fields.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { INTERESTS_MAX = 200 };

static const char *const day_names[] = {"Monday",   "Tuesday", "Wednesday",
                                        "Thursday", "Friday",  "Saturday",
                                        "Sunday"};
static const char *const part_names[] = {"morning", "afternoon", "evening"};
static const char *const kinds[] = {"first_in_family", "care_leaver",
                                    "commuter",        "mature",
                                    "disability",      "carer",
                                    "estranged"};

/* "Who can see this" beside each part of the form. */
static void who_sees(struct request *r, const char *who)
{
  html_printf(&r->out, "<p class=\"hint\">Who can see this: %s.</p>\n", who);
}

/* The languages as the form shows them: "en, fr" with the first first. */
static const char *languages_text(struct request *r, const struct student_row *s)
{
  struct buf b;
  const char *out;

  buf_init(&b, 256);
  for (int i = 0; i < s->nlanguages; i++) {
    if (i)
      buf_puts(&b, ", ");
    buf_puts(&b, s->languages[i].code);
  }
  out = arena_strdup(&r->arena, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static bool has_interest(const struct student_row *s, int64_t id)
{
  for (int i = 0; i < s->ninterests; i++)
    if (s->interests[i] == id)
      return true;
  return false;
}

static const struct characteristic_row *
consent_of(const struct student_row *s, const char *kind)
{
  for (int i = 0; i < s->ncharacteristics; i++)
    if (strcmp(s->characteristics[i].kind, kind) == 0)
      return &s->characteristics[i];
  return NULL;
}

static int profile_form(struct request *r, const struct student_row *s,
                        const struct err_detail *why, bool saved)
{
  struct interest_row *interests =
      arena_alloc(&r->arena, sizeof(*interests) * INTERESTS_MAX);
  int ninterests = 0, rc;

  if ((rc = interests_list(r->db, interests, INTERESTS_MAX, &ninterests)))
    return rc;
  page_begin(r, "Your profile");
  H(&r->out, "<h1>Your profile</h1>\n<p class=\"lead\">What you share here "
             "helps the Peer Mentoring Team match you with a mentor or "
             "mentees. Your student record (course, year, status) comes from "
             "the university; ask the team if it is wrong.</p>\n");
  if (saved)
    H(&r->out, "<div class=\"notice\" role=\"status\"><p>Your profile has "
               "been saved.</p></div>\n");
  error_summary(r, why);
  html_printf(&r->out, "<p>%s, student number %s, %s year %d.</p>\n",
              s->legal_name, s->number,
              s->course_title[0] ? s->course_title : "no course",
              s->year_of_study);
  form_begin(r, "/profile");

  H(&r->out, "<h2>About you</h2>\n");
  who_sees(r, "the Peer Mentoring Team, and your mentor or mentees once you "
              "are matched");
  field_input(r,
              &(struct field){.name = "preferred_name",
                              .label = "Preferred name", .type = "text",
                              .value = s->preferred_name,
                              .autocomplete = "nickname"},
              why);
  field_input(r,
              &(struct field){.name = "pronouns", .label = "Pronouns",
                              .type = "text", .value = s->pronouns,
                              .hint = "For example she/her, he/him, they/them."},
              why);
  field_textarea(r, "bio", "A short bio",
                 "Up to 1,000 characters: what you study, what you enjoy, "
                 "what you would like from mentoring.",
                 s->bio, 5, why);
  field_input(r,
              &(struct field){.name = "languages", .label = "Languages you speak",
                              .type = "text", .value = languages_text(r, s),
                              .hint = "ISO codes separated by commas, your first "
                                      "language first: for example ur, en."},
              why);

  H(&r->out, "<fieldset class=\"checkboxes\" id=\"interests\"><legend>"
             "Interests</legend>\n");
  who_sees(r, "the Peer Mentoring Team and your mentor or mentees; used for "
              "matching");
  field_error(r, "interests", why);
  for (int i = 0; i < ninterests; i++)
    html_printf(&r->out,
                "<div><input type=\"checkbox\" id=\"interest-%lld\" "
                "name=\"interests\" value=\"%lld\"%s><label "
                "for=\"interest-%lld\">%s</label></div>\n",
                (long long)interests[i].id, (long long)interests[i].id,
                has_interest(s, interests[i].id) ? " checked" : "",
                (long long)interests[i].id, interests[i].name);
  if (!ninterests)
    H(&r->out, "<p>The team has not set up the list of interests yet.</p>\n");
  H(&r->out, "</fieldset>\n");

  H(&r->out, "<fieldset id=\"availability\"><legend>When you are usually "
             "free</legend>\n");
  who_sees(r, "the Peer Mentoring Team and your mentor or mentees");
  table_begin(r, "Availability");
  H(&r->out, "<thead><tr><td></td><th scope=\"col\">Morning</th><th "
             "scope=\"col\">Afternoon</th><th scope=\"col\">Evening</th>"
             "</tr></thead><tbody>\n");
  for (int d = 0; d < 7; d++) {
    html_printf(&r->out, "<tr><th scope=\"row\">%s</th>", day_names[d]);
    for (int p = 0; p < 3; p++) {
      int bit = d * 3 + p;

      html_printf(&r->out,
                  "<td><input type=\"checkbox\" id=\"slot-%d\" "
                  "name=\"availability\" value=\"%d\"%s><label "
                  "for=\"slot-%d\" class=\"visually-hidden\">%s %s</label>"
                  "</td>",
                  bit, bit, s->availability & (1u << bit) ? " checked" : "",
                  bit, day_names[d], part_names[p]);
    }
    H(&r->out, "</tr>\n");
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
  H(&r->out, "</fieldset>\n");

  H(&r->out, "<h2>Contact</h2>\n");
  who_sees(r, "the Peer Mentoring Team, and your mentor or mentees once you "
              "are matched");
  field_input(r,
              &(struct field){.name = "personal_email",
                              .label = "Personal email (optional)",
                              .type = "email", .value = s->personal_email,
                              .autocomplete = "email"},
              why);
  field_select(r, "contact_preference", "How should people contact you?", NULL,
               (const struct option[]){
                   {"university_email", "My university email"},
                   {"personal_email", "My personal email"},
                   {"tandem_messages", "Messages in Tandem"}},
               3, s->contact_preference, why);

  H(&r->out, "<h2>Things you may choose to share</h2>\n<p>Some students "
             "like to be matched with someone who shares their experience. "
             "Tick only what you are happy to share: nothing here is "
             "required, and you can untick it at any time.</p>\n");
  field_error(r, "characteristics", why);
  for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    const struct characteristic_row *c = consent_of(s, kinds[k]);

    html_printf(&r->out,
                "<fieldset class=\"consent\"><legend>%s</legend>\n"
                "<div class=\"checkboxes\"><input type=\"checkbox\" "
                "id=\"share-%s\" name=\"share\" value=\"%s\"%s><label "
                "for=\"share-%s\">I agree to share this</label></div>\n",
                characteristic_label(kinds[k]), kinds[k], kinds[k],
                c ? " checked" : "", kinds[k]);
    field_select(r, arena_printf(&r->arena, "visible-%s", kinds[k]),
                 "Who can see it", NULL,
                 (const struct option[]){
                     {"coordinators", "The Peer Mentoring Team only"},
                     {"coordinators_and_mentor",
                      "The team and my mentor or mentees"}},
                 2, c ? c->visible_to : "coordinators", NULL);
    H(&r->out, "</fieldset>\n");
  }
  H(&r->out, "<button type=\"submit\">Save your profile</button>\n</form>\n");
  if ((rc = training_record_section(r, r->session.user.id, true)))
    return rc;
  H(&r->out, "<h2>Your data</h2>\n<p><a href=\"/profile/data.json\">Download "
             "everything Tandem holds about you</a> (JSON).</p>\n");
  return page_end(r);
}

static int no_record(struct request *r)
{
  page_begin(r, "Your profile");
  H(&r->out, "<h1>Your profile</h1>\n<p>Your student record has not reached "
             "Tandem yet. The Peer Mentoring Team imports it from the student "
             "record system; ask them if you expected it to be here.</p>\n"
             "<p><a href=\"/profile/data.json\">Download the data Tandem holds "
             "about you</a> (JSON).</p>\n");
  return page_end(r);
}

int page_profile(struct request *r)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  int rc = profile_get(r->db, &r->session.user, s);

  if (rc == ERR_NOTFOUND)
    return no_record(r);
  if (rc)
    return rc;
  return profile_form(r, s, NULL, *query_value(r, "saved") != '\0');
}

/* Parse "ur, en" into languages, the first marked first. */
static int parse_languages(const char *text, struct student_row *s,
                           struct err_detail *why)
{
  char buf[256], *save = NULL;

  s->nlanguages = 0;
  if (!str_copy(buf, sizeof(buf), text))
    return err_set(why, ERR_INPUT, "languages", "List at most 8 languages.");
  for (char *tok = strtok_r(buf, ",; ", &save); tok;
       tok = strtok_r(NULL, ",; ", &save)) {
    if (s->nlanguages == P_LANGS_MAX)
      return err_set(why, ERR_INPUT, "languages", "List at most 8 languages.");
    if (strlen(tok) > 3)
      return err_set(why, ERR_INPUT, "languages",
                     "Write languages as ISO codes, like en, cy or yue.");
    str_copy(s->languages[s->nlanguages].code, 4, tok);
    s->languages[s->nlanguages].first = s->nlanguages == 0;
    s->nlanguages++;
  }
  return 0;
}

int page_profile_post(struct request *r)
{
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct err_detail why = {"", ""};
  int rc = profile_get(r->db, &r->session.user, s);
  int n;

  if (rc == ERR_NOTFOUND)
    return no_record(r);
  if (rc)
    return rc;
  str_copy(s->preferred_name, sizeof(s->preferred_name),
           form_value(r, "preferred_name"));
  str_copy(s->pronouns, sizeof(s->pronouns), form_value(r, "pronouns"));
  str_copy(s->personal_email, sizeof(s->personal_email),
           form_value(r, "personal_email"));
  if (strlen(form_value(r, "bio")) >= sizeof(s->bio))
    err_set(&why, ERR_INPUT, "bio", "The bio has at most 1,000 characters.");
  str_copy(s->bio, sizeof(s->bio), form_value(r, "bio"));
  str_copy(s->contact_preference, sizeof(s->contact_preference),
           form_value(r, "contact_preference"));
  s->availability = 0;
  n = kv_count(&r->form, "availability");
  for (int i = 0; i < n; i++) {
    int64_t bit;

    if (str_to_i64(kv_nth(&r->form, "availability", i), 0,
                   AVAILABILITY_BITS - 1, &bit))
      s->availability |= 1u << bit;
  }
  s->ninterests = 0;
  n = kv_count(&r->form, "interests");
  for (int i = 0; i < n && s->ninterests < P_INTERESTS_MAX; i++) {
    int64_t id;

    if (str_to_i64(kv_nth(&r->form, "interests", i), 1, INT64_MAX, &id))
      s->interests[s->ninterests++] = id;
  }
  if (n > P_INTERESTS_MAX)
    err_set(&why, ERR_INPUT, "interests", "Choose at most 16 interests.");
  s->ncharacteristics = 0;
  n = kv_count(&r->form, "share");
  for (int i = 0; i < n && s->ncharacteristics < P_CHARS_MAX; i++) {
    const char *kind = kv_nth(&r->form, "share", i);
    struct characteristic_row *c = &s->characteristics[s->ncharacteristics];
    const struct characteristic_row *old = consent_of(s, kind);

    str_copy(c->kind, sizeof(c->kind), kind);
    str_copy(c->visible_to, sizeof(c->visible_to),
             form_value(r, arena_printf(&r->arena, "visible-%s", kind)));
    c->consented_at = old ? old->consented_at : 0;
    s->ncharacteristics++;
  }
  if (!why.msg[0])
    parse_languages(form_value(r, "languages"), s, &why);
  if (!why.msg[0])
    rc = profile_save(r->db, &r->session.user, s, &why);
  else
    rc = ERR_INPUT;
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = 400;
    return profile_form(r, s, &why, false);
  }
  if (rc)
    return rc;
  return redirect(r, "/profile?saved=1");
}

/* ------------------------------------------------------------ data export */

static json_t *student_json(const struct student_row *s)
{
  json_t *years = json_array(), *langs = json_array(), *ints = json_array(),
         *chars = json_array();

  for (int i = 0; i < s->nyears; i++)
    json_array_append_new(years, json_pack("{s:s, s:i, s:s}", "academic_year",
                                           s->years[i].academic_year,
                                           "year_of_study",
                                           s->years[i].year_of_study, "outcome",
                                           s->years[i].outcome));
  for (int i = 0; i < s->nlanguages; i++)
    json_array_append_new(langs, json_pack("{s:s, s:b}", "code",
                                           s->languages[i].code, "first",
                                           s->languages[i].first));
  for (int i = 0; i < s->ninterests; i++)
    json_array_append_new(ints, json_integer(s->interests[i]));
  for (int i = 0; i < s->ncharacteristics; i++)
    json_array_append_new(
        chars, json_pack("{s:s, s:s, s:I}", "kind", s->characteristics[i].kind,
                         "visible_to", s->characteristics[i].visible_to,
                         "consented_at",
                         (json_int_t)s->characteristics[i].consented_at));
  return json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, "
      "s:s, s:s, s:s, s:i, s:s, s:b, s:o, s:o, s:o, s:o}",
      "student_number", s->number, "legal_name", s->legal_name,
      "preferred_name", s->preferred_name, "pronouns", s->pronouns,
      "university_email", s->university_email, "personal_email",
      s->personal_email, "course_code", s->course_code, "course_title",
      s->course_title, "year_of_study", s->year_of_study, "study_mode",
      s->study_mode, "status", s->status, "graduated_on", s->graduated_on,
      "home_country", s->home_country, "fee_status", s->fee_status, "campus",
      s->campus, "bio", s->bio, "availability", (int)s->availability,
      "contact_preference", s->contact_preference, "active", s->active,
      "completed_years", years, "languages", langs, "interest_ids", ints,
      "characteristics_shared", chars);
}

int page_my_data(struct request *r)
{
  const struct user *u = &r->session.user;
  struct student_row *s = arena_alloc(&r->arena, sizeof(*s));
  struct staff_row *st = arena_alloc(&r->arena, sizeof(*st));
  json_t *roles = json_array(), *doc;
  char *text;
  int rc;

  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    if (u->roles & bit)
      json_array_append_new(roles, json_string(role_name(bit)));
  doc = json_pack("{s:s, s:I, s:{s:s, s:s, s:o, s:I}}", "about",
                  "Everything Tandem holds about you", "generated_at",
                  (json_int_t)clock_now(), "account", "email", u->email,
                  "name", u->name, "roles", roles, "created_at",
                  (json_int_t)u->created_at);
  rc = profile_get(r->db, u, s);
  if (rc == 0)
    json_object_set_new(doc, "student_record", student_json(s));
  else if (rc != ERR_NOTFOUND)
    goto fail;
  rc = staff_of_user(r->db, u, st);
  if (rc == 0)
    json_object_set_new(doc, "staff_record",
                        json_pack("{s:s, s:s, s:s, s:s, s:s}", "staff_number",
                                  st->number, "name", st->name, "email",
                                  st->email, "job_title", st->job_title, "kind",
                                  st->kind));
  else if (rc != ERR_NOTFOUND)
    goto fail;
  text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
  json_decref(doc);
  response_header(r, "Content-Disposition",
                  "attachment; filename=\"tandem-my-data.json\"");
  rc = json_send(r, text);
  free(text);
  return rc;
fail:
  json_decref(doc);
  return rc;
}
