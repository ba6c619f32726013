/* domain/schemes.c: the scheme catalogue's rules: types and their defaults,
 * validation, who may manage a scheme, topics, staff and materials. */
#include "domain/schemes.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/people.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- vocabulary */

struct word {
  const char *value, *label;
};

static const struct word types[] = {
    {"pastoral", "Pastoral peer mentoring"},
    {"pre_arrival", "Pre-arrival mentoring"},
    {"transition", "Transition mentoring"},
    {"course", "Course mentors"},
    {"pal", "Peer Assisted Learning"},
    {"it_support", "IT and software support"},
    {"placement", "Placement mentoring"},
    {"international", "International student mentoring"},
    {"final_year", "Final-year mentoring by alumni"},
    {"buddy", "Buddy scheme"},
    {"custom", "Custom scheme"},
    {NULL, NULL}};

static const struct word blurbs[] = {
    {"pastoral", "Students further on in their studies support newer ones, "
                 "one to one, online or in person."},
    {"pre_arrival", "Current students answer incoming students' questions by "
                    "message before they arrive."},
    {"transition", "Help first-year students with the move into university "
                   "study."},
    {"course", "Mentors from the same course help with its modules, "
               "assessments and choices."},
    {"pal", "Paid student leaders run group study sessions for a module; an "
            "academic sponsor is required."},
    {"it_support", "Students help others with university systems, software "
                   "and devices."},
    {"placement", "Students back from a placement help those looking for "
                  "one."},
    {"international", "Mentors are matched to international students from "
                      "their home country."},
    {"final_year", "Recent graduates mentor students in their final year."},
    {"buddy", "An informal buddy to show a new student around."},
    {"custom", "Start from plain defaults and set everything yourself."},
    {NULL, NULL}};

static const struct word owners[] = {{"central", "Central (whole university)"},
                                     {"faculty", "Faculty"},
                                     {"course", "Course"},
                                     {NULL, NULL}};
static const struct word formats[] = {{"one_to_one", "One to one"},
                                      {"group", "Group"},
                                      {NULL, NULL}};
static const struct word modes[] = {{"online", "Online"},
                                    {"face_to_face", "Face to face"},
                                    {"blended", "Blended"},
                                    {NULL, NULL}};
static const struct word contacts[] = {{"meetings", "Meetings"},
                                       {"messages", "Messages"},
                                       {NULL, NULL}};
static const struct word matchings[] = {
    {"automatic", "Automatic matching"},
    {"mentee_chooses", "Mentees choose their mentor"},
    {"coordinator_assigns", "The coordinator assigns"},
    {NULL, NULL}};
static const struct word periods[] = {{"year", "The academic year"},
                                      {"term", "A term"},
                                      {"semester", "A semester"},
                                      {NULL, NULL}};
static const struct word statuses[] = {{"draft", "Draft"},
                                       {"published", "Published"},
                                       {"closed", "Closed"},
                                       {NULL, NULL}};
static const struct word topics[] = {
    {"tutoring", "Tutoring"},
    {"proofreading", "Proofreading"},
    {"visa", "Visa and immigration"},
    {"finance", "Money and finance"},
    {"careers_advice", "Careers advice"},
    {"wellbeing_crisis", "Wellbeing concerns and crisis"},
    {"settling_in", "Settling in"},
    {"study_skills", "Study skills"},
    {"time_management", "Time management"},
    {"campus_life", "Campus life"},
    {"societies", "Clubs and societies"},
    {"accommodation", "Accommodation"},
    {"what_to_expect", "What to expect"},
    {"university_systems", "University systems"},
    {"software", "Software"},
    {"devices", "Devices and Wi-Fi"},
    {"course_content", "Discussing course content"},
    {"exam_preparation", "Exam preparation"},
    {"assessments", "Assessments and deadlines"},
    {"module_choices", "Module choices"},
    {"independent_learning", "Independent learning"},
    {"finding_placements", "Finding a placement"},
    {"workplace", "The workplace"},
    {"culture", "Culture and everyday life"},
    {"language_practice", "Language practice"},
    {"dissertation", "Dissertation and final project"},
    {"life_after_university", "Life after university"},
    {NULL, NULL}};

static const struct word *find_word(const struct word *w, const char *s)
{
  for (; s && w->value; w++)
    if (strcmp(w->value, s) == 0)
      return w;
  return NULL;
}

static const char *label_of(const struct word *w, const char *s)
{
  const struct word *f = find_word(w, s);

  return f ? f->label : s ? s : "";
}

const char *scheme_type_at(int i)
{
  return i >= 0 && i < (int)(sizeof(types) / sizeof(types[0])) - 1
             ? types[i].value
             : NULL;
}

bool scheme_type_valid(const char *type)
{
  return find_word(types, type) != NULL;
}

const char *scheme_type_label(const char *type)
{
  return label_of(types, type);
}

const char *scheme_type_blurb(const char *type)
{
  return find_word(blurbs, type) ? find_word(blurbs, type)->label : "";
}

const char *scheme_owner_label(const char *s)
{
  return label_of(owners, s);
}

const char *scheme_format_label(const char *s)
{
  return label_of(formats, s);
}

const char *scheme_mode_label(const char *s)
{
  return label_of(modes, s);
}

const char *scheme_contact_label(const char *s)
{
  return label_of(contacts, s);
}

const char *scheme_matching_label(const char *s)
{
  return label_of(matchings, s);
}

const char *scheme_period_label(const char *s)
{
  return label_of(periods, s);
}

const char *scheme_status_label(const char *s)
{
  return label_of(statuses, s);
}

const char *scheme_topic_label(const char *topic, char *buf, size_t size)
{
  const struct word *w = find_word(topics, topic);
  size_t i;

  if (w)
    return w->label;
  str_copy(buf, size, topic ? topic : "");
  for (i = 0; buf[i]; i++)
    if (buf[i] == '_')
      buf[i] = ' ';
  if (buf[0])
    buf[0] = (char)toupper((unsigned char)buf[0]);
  return buf;
}

const char *scheme_topic_at(int i)
{
  return i >= 0 && i < (int)(sizeof(topics) / sizeof(topics[0])) - 1
             ? topics[i].value
             : NULL;
}

/* --------------------------------------------------------------- defaults */

struct type_defaults {
  const char *type;
  const char *owner, *format;
  int group_size;
  const char *mode, *contact, *matching;
  int capacity;
  const char *period;
  bool paid;
  int rate_pence;
  const char *commitment, *summary;
  const char *help;  /* topic words, space-separated */
  const char *refer; /* the same */
  struct scheme_rule_default rules[SCHEME_RULES_MAX];
};

/* What every mentor must refer on, whatever the scheme: the things peers
 * are not qualified to give. */
#define REFER_ALL "tutoring proofreading visa finance careers_advice " \
                  "wellbeing_crisis"
#define MENTOR_ONE_YEAR                                                        \
  {"mentor", "min_years", "1"}, { "mentor", "status", "enrolled" }

static const struct type_defaults defaults[] = {
    {"pastoral", "central", "one_to_one", 0, "blended", "meetings",
     "automatic", 3, "year", false, 0,
     "About an hour every two weeks through the year",
     "A student further on in their studies to talk to about university "
     "life.",
     "settling_in study_skills time_management campus_life societies",
     REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"}, {"mentee", "served",
                                                          ""}}},
    {"pre_arrival", "central", "one_to_one", 0, "online", "messages",
     "mentee_chooses", 5, "term", false, 0,
     "A few messages a week over the summer",
     "Ask a current student anything before you arrive.",
     "settling_in what_to_expect accommodation campus_life", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "incoming"}}},
    {"transition", "faculty", "one_to_one", 0, "blended", "meetings",
     "automatic", 3, "term", false, 0, "Weekly for the first six weeks",
     "Support with the move into university study.",
     "settling_in study_skills independent_learning time_management",
     REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"},
      {"mentee", "year_of_study", "1"}, {"mentee", "served", ""}}},
    {"course", "course", "one_to_one", 0, "face_to_face", "meetings",
     "automatic", 3, "year", false, 0, "An hour a fortnight",
     "A mentor from your own course.",
     "module_choices assessments study_skills", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentor", "served", ""}, {"mentee", "status",
                                                   "enrolled"},
      {"mentee", "served", ""}}},
    {"pal", "course", "group", 8, "face_to_face", "meetings",
     "coordinator_assigns", 1, "semester", true, 1250,
     "One hour-long session a week for one semester, plus preparation",
     "Weekly group study sessions led by students who have taken the "
     "module.",
     "course_content study_skills exam_preparation", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentor", "served", ""}, {"mentee", "status",
                                                   "enrolled"},
      {"mentee", "served", ""}}},
    {"it_support", "central", "one_to_one", 0, "blended", "meetings",
     "coordinator_assigns", 10, "year", false, 0, "Drop-in hours as needed",
     "Help with university systems, software and devices.",
     "university_systems software devices", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"}}},
    {"placement", "faculty", "one_to_one", 0, "online", "meetings",
     "automatic", 3, "year", false, 0, "An hour a month",
     "Advice from students back from a placement.",
     "finding_placements workplace", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"},
      {"mentee", "served", ""}}},
    {"international", "central", "one_to_one", 0, "blended", "meetings",
     "automatic", 3, "year", false, 0, "An hour every two weeks",
     "A mentor who knows your home country and has settled in here.",
     "settling_in culture language_practice campus_life", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"},
      {"mentee", "fee_status", "international"}}},
    {"final_year", "central", "one_to_one", 0, "online", "meetings",
     "mentee_chooses", 2, "year", false, 0, "An hour a month",
     "A recent graduate to help you through your final year.",
     "dissertation life_after_university time_management", REFER_ALL,
     {{"mentor", "status", "graduated"}, {"mentor", "graduated_within", "3"},
      {"mentee", "status", "enrolled"}}},
    {"buddy", "central", "one_to_one", 0, "face_to_face", "meetings",
     "automatic", 2, "term", false, 0, "Whenever suits you both",
     "A friendly face to show you around.",
     "settling_in campus_life societies", REFER_ALL,
     {MENTOR_ONE_YEAR, {"mentee", "status", "enrolled"}}},
    {"custom", "central", "one_to_one", 0, "blended", "meetings",
     "coordinator_assigns", 1, "year", false, 0, "", "", "settling_in",
     REFER_ALL,
     {{"mentor", "status", "enrolled"}, {"mentee", "status", "enrolled"}}},
};

static const struct type_defaults *defaults_of(const char *type)
{
  for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
    if (type && strcmp(defaults[i].type, type) == 0)
      return &defaults[i];
  return NULL;
}

#define SET(field, value) str_copy((field), sizeof(field), (value))

int scheme_defaults(const char *type, struct scheme_row *row)
{
  const struct type_defaults *d = defaults_of(type);

  if (!d)
    return ERR_INPUT;
  memset(row, 0, sizeof(*row));
  SET(row->type, d->type);
  SET(row->owner_level, d->owner);
  SET(row->format, d->format);
  row->group_size = d->group_size;
  SET(row->mode, d->mode);
  SET(row->contact, d->contact);
  SET(row->matching_mode, d->matching);
  row->mentor_capacity = d->capacity;
  SET(row->period, d->period);
  row->paid = d->paid;
  row->rate_pence = d->rate_pence;
  SET(row->commitment, d->commitment);
  SET(row->summary, d->summary);
  SET(row->status, "draft");
  return 0;
}

/* Add each word of list as a topic of kind. */
static void add_topics(const char *list, const char *kind,
                       struct scheme_topic_row *rows, int max, int *n)
{
  const char *p = list;

  while (*p && *n < max) {
    size_t len = strcspn(p, " ");

    if (len && len < sizeof(rows[*n].topic)) {
      memcpy(rows[*n].topic, p, len);
      rows[*n].topic[len] = '\0';
      SET(rows[*n].kind, kind);
      (*n)++;
    }
    p += len;
    p += strspn(p, " ");
  }
}

int scheme_default_topics(const char *type, struct scheme_topic_row *rows,
                          int max, int *n)
{
  const struct type_defaults *d = defaults_of(type);

  *n = 0;
  if (!d)
    return ERR_INPUT;
  add_topics(d->help, "help", rows, max, n);
  add_topics(d->refer, "refer", rows, max, n);
  return 0;
}

int scheme_default_rules(const char *type, struct scheme_rule_default *rows,
                         int *n)
{
  const struct type_defaults *d = defaults_of(type);

  *n = 0;
  if (!d)
    return ERR_INPUT;
  for (int i = 0; i < SCHEME_RULES_MAX && d->rules[i].side; i++)
    rows[(*n)++] = d->rules[i];
  return 0;
}

/* ------------------------------------------------------------- validation */

static int bad(struct err_detail *why, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct err_detail *why, const char *field, const char *fmt, ...)
{
  char msg[256];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  return err_set(why, ERR_INPUT, field, msg);
}

/* Trim s in place; false if longer than max bytes or not one line. */
static bool clean_line(char *s, size_t max)
{
  char *t = str_trim(s);

  if (t != s)
    memmove(s, t, strlen(t) + 1);
  return strlen(s) <= max && str_valid_text(s, strlen(s)) &&
         !strpbrk(s, "\r\n\t");
}

static int check_word(const struct word *w, char *s, const char *field,
                      const char *what, struct err_detail *why)
{
  str_copy(s, S_WORD, str_trim(s));
  if (!find_word(w, s))
    return bad(why, field, "Choose %s from the list.", what);
  return 0;
}

static bool term_exists(struct db *db, int64_t id)
{
  struct term_row terms[64];
  int n;

  if (store_term_list(db, terms, 64, &n))
    return false;
  for (int i = 0; i < n; i++)
    if (terms[i].id == id)
      return true;
  return false;
}

int scheme_validate(struct db *db, struct scheme_row *r,
                    struct err_detail *why)
{
  int rc;

  if (!clean_line(r->name, 150) || !r->name[0])
    return bad(why, "name", "Give the scheme a name of up to 150 characters.");
  str_copy(r->type, S_WORD, str_trim(r->type));
  if (!scheme_type_valid(r->type))
    return bad(why, "type", "Choose the type of scheme from the list.");
  str_copy(r->academic_year, S_YEAR, str_trim(r->academic_year));
  if (!academic_year_valid(r->academic_year))
    return bad(why, "academic_year",
               "Enter the academic year like 2026/27.");
  if (!clean_line(r->summary, 280))
    return bad(why, "summary",
               "Keep the summary to one line of up to 280 characters.");
  if (strlen(r->description) > 10000 ||
      !str_valid_text(r->description, strlen(r->description)))
    return bad(why, "description",
               "Keep the description to 10,000 characters of plain text.");
  if ((rc = check_word(owners, r->owner_level, "owner_level",
                       "who runs the scheme", why)) ||
      (rc = check_word(formats, r->format, "format", "the format", why)) ||
      (rc = check_word(modes, r->mode, "mode", "online, face to face or "
                       "blended", why)) ||
      (rc = check_word(contacts, r->contact, "contact", "how they keep in "
                       "touch", why)) ||
      (rc = check_word(matchings, r->matching_mode, "matching_mode",
                       "how mentors and mentees are matched", why)) ||
      (rc = check_word(periods, r->period, "period", "how long it runs",
                       why)) ||
      (rc = check_word(statuses, r->status, "status", "the status", why)))
    return rc;
  if (strcmp(r->format, "group") == 0) {
    if (r->group_size < 2 || r->group_size > 100)
      return bad(why, "group_size",
                 "Enter how many mentees are in a group, from 2 to 100.");
  } else {
    r->group_size = 0; /* meaningless one to one: kept empty */
  }
  if (r->mentor_capacity < 1 || r->mentor_capacity > 100)
    return bad(why, "mentor_capacity",
               "Enter how many mentees a mentor takes, from 1 to 100.");
  if (r->term_id && !term_exists(db, r->term_id))
    return bad(why, "term_id", "Choose a term from the list.");
  str_copy(r->starts_on, S_DATE, str_trim(r->starts_on));
  str_copy(r->ends_on, S_DATE, str_trim(r->ends_on));
  if (!date_valid(r->starts_on))
    return bad(why, "starts_on",
               "Enter the start date as a real date, for example 2026-09-21.");
  if (!date_valid(r->ends_on))
    return bad(why, "ends_on",
               "Enter the end date as a real date, for example 2027-06-11.");
  if (strcmp(r->starts_on, r->ends_on) > 0)
    return bad(why, "ends_on", "The end date must not be before the start "
                               "date.");
  if (r->paid && (r->rate_pence <= 0 || r->rate_pence > 100000))
    return bad(why, "rate",
               "Enter the hourly rate in pounds, for example 12.50.");
  if (!r->paid && r->rate_pence)
    return bad(why, "rate",
               "Only a paid scheme has a rate: remove it, or tick Paid.");
  if (!clean_line(r->commitment, 190))
    return bad(why, "commitment",
               "Keep the time commitment to one line of up to 190 "
               "characters.");
  if (r->sponsor_staff_id) {
    struct staff_row s;

    rc = store_staff_get(db, r->sponsor_staff_id, &s);
    if (rc == ERR_NOTFOUND || (rc == 0 && (strcmp(s.kind, "academic") != 0 ||
                                           !s.active)))
      return bad(why, "sponsor_staff_id",
                 "The sponsor must be a current member of academic staff.");
    if (rc)
      return rc;
  } else if (strcmp(r->type, "pal") == 0) {
    return bad(why, "sponsor_staff_id",
               "Peer Assisted Learning needs an academic sponsor: choose "
               "one.");
  }
  if (r->ncourses < 0 || r->ncourses > S_SERVED_MAX)
    return bad(why, "courses", "Choose at most %d courses.", S_SERVED_MAX);
  if (r->nfaculties < 0 || r->nfaculties > S_SERVED_MAX)
    return bad(why, "faculties", "Choose at most %d faculties.",
               S_SERVED_MAX);
  for (int i = 0; i < r->ncourses; i++) {
    struct course_row c;

    rc = store_course_get(db, r->courses[i], &c);
    if (rc == ERR_NOTFOUND)
      return bad(why, "courses", "Choose the courses from the list.");
    if (rc)
      return rc;
  }
  for (int i = 0; i < r->nfaculties; i++) {
    struct faculty_row f;

    rc = store_faculty_get(db, r->faculties[i], &f);
    if (rc == ERR_NOTFOUND)
      return bad(why, "faculties", "Choose the faculties from the list.");
    if (rc)
      return rc;
  }
  if (strcmp(r->owner_level, "course") == 0 && r->ncourses == 0)
    return bad(why, "courses",
               "A course's scheme serves at least one course: choose it.");
  if (strcmp(r->owner_level, "faculty") == 0 && r->nfaculties == 0 &&
      r->ncourses == 0)
    return bad(why, "faculties",
               "A faculty's scheme serves at least one faculty or course: "
               "choose it.");
  return 0;
}

/* --------------------------------------------------------- create, save */

int scheme_create(struct db *db, int64_t actor_id, const char *ip,
                  struct scheme_row *row, int64_t *id, struct err_detail *why)
{
  struct scheme_topic_row t[S_TOPICS_MAX];
  struct scheme_rule_default rules[SCHEME_RULES_MAX];
  char subject[48];
  int nt, nr, rc = scheme_validate(db, row, why);

  if (rc)
    return rc;
  row->created_by = actor_id;
  scheme_default_topics(row->type, t, S_TOPICS_MAX, &nt);
  scheme_default_rules(row->type, rules, &nr);
  if ((rc = db_begin(db)))
    return rc;
  rc = store_scheme_insert(db, row, clock_now(), id);
  for (int i = 0; rc == 0 && i < nr; i++)
    rc = store_scheme_add_rule(db, *id, rules[i].side, rules[i].kind,
                               rules[i].value);
  if (rc == 0)
    rc = store_scheme_topics_set(db, *id, t, nt);
  if (rc == 0) {
    snprintf(subject, sizeof(subject), "scheme %lld", (long long)*id);
    rc = audit_record(db, actor_id, "scheme.create", subject, row->name, ip);
  }
  if (rc) {
    db_rollback(db);
    return rc;
  }
  row->id = *id;
  return db_commit(db);
}

int scheme_save(struct db *db, int64_t actor_id, const char *ip,
                struct scheme_row *row, struct err_detail *why)
{
  char subject[48], detail[80];
  int rc = scheme_validate(db, row, why);

  if (rc)
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_scheme_update(db, row, clock_now());
  if (rc == 0) {
    snprintf(subject, sizeof(subject), "scheme %lld", (long long)row->id);
    snprintf(detail, sizeof(detail), "status %s", row->status);
    rc = audit_record(db, actor_id, "scheme.edit", subject, detail, ip);
  }
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

/* ---------------------------------------------------------------- reading */

int scheme_get(struct db *db, int64_t id, struct scheme_row *out)
{
  return store_scheme_get(db, id, out);
}

bool scheme_may_manage(struct db *db, const struct user *u, int64_t scheme_id)
{
  bool yes = false;

  if (!u || !u->id || !u->active)
    return false;
  if (u->roles & (ROLE_ADMIN | ROLE_COORDINATOR))
    return true;
  if (store_scheme_staff_has(db, scheme_id, u->id, &yes))
    return false;
  return yes;
}

bool scheme_visible(struct db *db, const struct user *u,
                    const struct scheme_row *s)
{
  return strcmp(s->status, "draft") != 0 || scheme_may_manage(db, u, s->id);
}

int scheme_list(struct db *db, const struct user *u, struct scheme_filter *f,
                int offset, int limit, struct scheme_brief *rows, int *n,
                int64_t *total)
{
  f->all_statuses =
      u && u->active && (u->roles & (ROLE_ADMIN | ROLE_COORDINATOR));
  f->viewer_id = u && u->active ? u->id : 0;
  return store_scheme_list(db, f, offset, limit, rows, n, total);
}

int scheme_list_all(struct db *db, struct scheme_filter *f, int offset,
                    int limit, struct scheme_brief *rows, int *n,
                    int64_t *total)
{
  f->all_statuses = true;
  f->viewer_id = 0;
  return store_scheme_list(db, f, offset, limit, rows, n, total);
}

/* --------------------------------------------------------- topics, staff */

int scheme_topics(struct db *db, int64_t id, struct scheme_topic_row *rows,
                  int max, int *n)
{
  return store_scheme_topics(db, id, rows, max, n);
}

static bool topic_word_ok(const char *s)
{
  size_t n = strlen(s);

  if (n < 1 || n > 40)
    return false;
  for (; *s; s++)
    if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
        *s != '_')
      return false;
  return true;
}

int scheme_topics_save(struct db *db, int64_t actor_id, const char *ip,
                       int64_t id, struct scheme_topic_row *rows, int n,
                       struct err_detail *why)
{
  char subject[48];
  int rc;

  if (n > S_TOPICS_MAX)
    return bad(why, "help_topics", "Choose at most %d topics.", S_TOPICS_MAX);
  for (int i = 0; i < n; i++) {
    bool refer = strcmp(rows[i].kind, "refer") == 0;

    if (!refer && strcmp(rows[i].kind, "help") != 0)
      return bad(why, "help_topics", "A topic is to help with or to refer.");
    str_lower(str_trim(rows[i].topic));
    if (!topic_word_ok(str_trim(rows[i].topic)))
      return bad(why, refer ? "refer_topics" : "help_topics",
                 "Write each topic as one word of letters, digits and _, "
                 "like study_skills.");
    for (int j = 0; j < i; j++)
      if (strcmp(rows[j].topic, rows[i].topic) == 0)
        return bad(why, "refer_topics",
                   "\"%.40s\" cannot be both a topic to help with and one to "
                   "refer.",
                   rows[i].topic);
  }
  if ((rc = db_begin(db)))
    return rc;
  rc = store_scheme_topics_set(db, id, rows, n);
  if (rc == 0) {
    snprintf(subject, sizeof(subject), "scheme %lld", (long long)id);
    rc = audit_record(db, actor_id, "scheme.topics", subject, NULL, ip);
  }
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int scheme_staff(struct db *db, int64_t id, struct scheme_staff_row *rows,
                 int max, int *n)
{
  return store_scheme_staff_list(db, id, rows, max, n);
}

static bool staff_role_ok(const char *role)
{
  return role && (strcmp(role, "coordinator") == 0 ||
                  strcmp(role, "champion") == 0 || strcmp(role, "lead") == 0);
}

int scheme_staff_add(struct db *db, int64_t actor_id, const char *ip,
                     int64_t id, const char *email, const char *role,
                     struct err_detail *why)
{
  char norm[EMAIL_MAX + 1], subject[48], detail[300];
  struct user u;
  int rc;

  if (!staff_role_ok(role))
    return bad(why, "role", "Choose coordinator, champion or student lead.");
  if ((rc = account_normalise_email(email, norm, why))) {
    if (why)
      str_copy(why->field, sizeof(why->field), "email");
    return rc;
  }
  rc = account_by_email(db, norm, &u);
  if (rc == ERR_NOTFOUND || (rc == 0 && !u.active))
    return bad(why, "email",
               "There is no active account with that email: create it "
               "first.");
  if (rc)
    return rc;
  if (strcmp(role, "lead") == 0 ? !(u.roles & ROLE_STUDENT)
                                : !(u.roles & (ROLE_COORDINATOR |
                                               ROLE_CHAMPION | ROLE_ADMIN)))
    return bad(why, "email",
               strcmp(role, "lead") == 0
                   ? "A student lead must have a student account."
                   : "A coordinator or champion must have a staff account "
                     "(coordinator or champion).");
  if ((rc = store_scheme_staff_add(db, id, u.id, role)))
    return rc;
  snprintf(subject, sizeof(subject), "scheme %lld", (long long)id);
  snprintf(detail, sizeof(detail), "add %s %s", role, norm);
  return audit_record(db, actor_id, "scheme.staff", subject, detail, ip);
}

int scheme_staff_remove(struct db *db, int64_t actor_id, const char *ip,
                        int64_t id, int64_t user_id, const char *role)
{
  char subject[48], detail[80];
  int rc;

  if (!staff_role_ok(role))
    return ERR_INPUT;
  if ((rc = store_scheme_staff_remove(db, id, user_id, role)))
    return rc;
  snprintf(subject, sizeof(subject), "scheme %lld", (long long)id);
  snprintf(detail, sizeof(detail), "remove %s user %lld", role,
           (long long)user_id);
  return audit_record(db, actor_id, "scheme.staff", subject, detail, ip);
}

/* -------------------------------------------------------------- materials */

const char *scheme_material_type(const unsigned char *d, size_t n)
{
  if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
    return "application/pdf";
  if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    return "image/jpeg";
  if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
    return "image/gif";
  if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
    return "image/webp";
  return NULL;
}

static const char *extension_of(const char *content_type)
{
  static const struct word ext[] = {{"application/pdf", ".pdf"},
                                    {"image/png", ".png"},
                                    {"image/jpeg", ".jpg"},
                                    {"image/gif", ".gif"},
                                    {"image/webp", ".webp"},
                                    {NULL, NULL}};
  const struct word *w = find_word(ext, content_type);

  return w ? w->label : "";
}

void scheme_material_filename(const char *client, const char *content_type,
                              char *out)
{
  const char *ext = extension_of(content_type), *base = client ? client : "";
  const char *slash;
  size_t j = 0, elen = strlen(ext);

  /* Browsers may send a path; only its last part names the file. */
  if ((slash = strrchr(base, '/')))
    base = slash + 1;
  if ((slash = strrchr(base, '\\')))
    base = slash + 1;
  for (const char *p = base; *p && j < 100 - elen; p++) {
    unsigned char c = (unsigned char)*p;

    if (isalnum(c) || c == '-' || c == '_' || c == '.')
      out[j++] = (char)c;
    else if (j && out[j - 1] != '_')
      out[j++] = '_';
  }
  out[j] = '\0';
  while (out[0] == '.' || out[0] == '_')
    memmove(out, out + 1, strlen(out));
  /* Drop any extension the client gave; ours says what the bytes are. */
  if (strrchr(out, '.') && strlen(strrchr(out, '.')) <= 5)
    *strrchr(out, '.') = '\0';
  if (!out[0])
    str_copy(out, S_FILENAME, "material");
  j = strlen(out);
  str_copy(out + j, S_FILENAME - j, ext);
}

int scheme_material_add(struct db *db, int64_t actor_id, const char *ip,
                        int64_t id, char *title, const char *filename,
                        const unsigned char *data, size_t len, int64_t *mid,
                        struct err_detail *why)
{
  struct scheme_material_row m = {0};
  unsigned char hash[crypto_hash_sha256_BYTES];
  const char *type;
  char subject[48], *b64;
  size_t b64len;
  int rc;

  if (!len)
    return bad(why, "file", "Choose a file to upload.");
  if (len > SCHEME_MATERIAL_MAX)
    return err_set(why, ERR_TOOBIG, "file",
                   "The file is larger than 5 MB: make it smaller.");
  if (!(type = scheme_material_type(data, len)))
    return bad(why, "file",
               "Upload a PDF or an image (PNG, JPEG, GIF or WebP): this file "
               "is neither.");
  if (!clean_line(title, 150))
    return bad(why, "title", "Keep the title to one line of up to 150 "
                             "characters.");
  m.scheme_id = id;
  str_copy(m.content_type, sizeof(m.content_type), type);
  scheme_material_filename(filename, type, m.filename);
  str_copy(m.title, sizeof(m.title), title[0] ? title : m.filename);
  m.size_bytes = (int64_t)len;
  crypto_hash_sha256(hash, data, len);
  sodium_bin2hex(m.sha256, sizeof(m.sha256), hash, sizeof(hash));
  m.uploaded_by = actor_id;
  m.uploaded_at = clock_now();
  b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
  b64 = xmalloc(b64len);
  sodium_bin2base64(b64, b64len, data, len, sodium_base64_VARIANT_ORIGINAL);
  rc = store_material_insert(db, &m, b64, mid);
  free(b64);
  if (rc)
    return rc;
  snprintf(subject, sizeof(subject), "scheme %lld", (long long)id);
  return audit_record(db, actor_id, "scheme.material", subject, m.filename,
                      ip);
}

int scheme_materials(struct db *db, int64_t id,
                     struct scheme_material_row *rows, int max, int *n)
{
  return store_material_list(db, id, rows, max, n);
}

int scheme_material_get(struct db *db, int64_t id, int64_t mid,
                        struct scheme_material_row *out, unsigned char **data,
                        size_t *len)
{
  char *b64;
  size_t cap;
  int rc = store_material_get(db, id, mid, out, &b64);

  *data = NULL;
  *len = 0;
  if (rc)
    return rc;
  cap = strlen(b64) / 4 * 3 + 3;
  *data = xmalloc(cap);
  if (sodium_base642bin(*data, cap, b64, strlen(b64), NULL, len, NULL,
                        sodium_base64_VARIANT_ORIGINAL)) {
    free(b64);
    free(*data);
    *data = NULL;
    return ERR_INTERNAL;
  }
  free(b64);
  return 0;
}

int scheme_material_delete(struct db *db, int64_t actor_id, const char *ip,
                           int64_t id, int64_t mid)
{
  char subject[48], detail[48];
  int rc = store_material_delete(db, id, mid);

  if (rc)
    return rc;
  snprintf(subject, sizeof(subject), "scheme %lld", (long long)id);
  snprintf(detail, sizeof(detail), "delete material %lld", (long long)mid);
  return audit_record(db, actor_id, "scheme.material", subject, detail, ip);
}
