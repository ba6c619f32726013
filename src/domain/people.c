/* domain/people.c: validation and saving of the organisation's records. */
#include "domain/people.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/signups.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- vocabularies */

struct word {
  const char *value, *label;
};

static const struct word levels[] = {
    {"foundation", "Foundation"},
    {"undergraduate", "Undergraduate"},
    {"postgraduate_taught", "Postgraduate taught"},
    {"research", "Postgraduate research"},
    {NULL, NULL}};
static const struct word statuses[] = {
    {"incoming", "Incoming (offer holder)"},
    {"enrolled", "Enrolled"},
    {"interrupted", "Interrupted"},
    {"withdrawn", "Withdrawn"},
    {"graduated", "Graduated (alumni)"},
    {NULL, NULL}};
static const struct word characteristics[] = {
    {"first_in_family", "First in family at university"},
    {"care_leaver", "Care leaver"},
    {"commuter", "Commuter student"},
    {"mature", "Mature student"},
    {"disability", "Disability"},
    {"carer", "Carer"},
    {"estranged", "Estranged from family"},
    {NULL, NULL}};

static const struct word *find_word(const struct word *w, const char *s)
{
  for (; s && w->value; w++)
    if (strcmp(w->value, s) == 0)
      return w;
  return NULL;
}

static bool one_of(const char *s, const char *const *list)
{
  for (; s && *list; list++)
    if (strcmp(s, *list) == 0)
      return true;
  return false;
}

bool level_valid(const char *s)
{
  return find_word(levels, s) != NULL;
}

bool status_valid(const char *s)
{
  return find_word(statuses, s) != NULL;
}

bool characteristic_valid(const char *s)
{
  return find_word(characteristics, s) != NULL;
}

bool study_mode_valid(const char *s)
{
  return one_of(s, (const char *const[]){"full_time", "part_time", NULL});
}

bool fee_status_valid(const char *s)
{
  return one_of(s, (const char *const[]){"home", "international", NULL});
}

bool outcome_valid(const char *s)
{
  return one_of(s,
                (const char *const[]){"progressed", "repeated", "failed", NULL});
}

bool visibility_valid(const char *s)
{
  return one_of(s, (const char *const[]){"coordinators",
                                         "coordinators_and_mentor", NULL});
}

bool contact_preference_valid(const char *s)
{
  return one_of(s, (const char *const[]){"university_email", "personal_email",
                                         "tandem_messages", NULL});
}

const char *level_label(const char *level)
{
  const struct word *w = find_word(levels, level);

  return w ? w->label : level;
}

const char *status_label(const char *status)
{
  const struct word *w = find_word(statuses, status);

  return w ? w->label : status;
}

const char *characteristic_label(const char *kind)
{
  const struct word *w = find_word(characteristics, kind);

  return w ? w->label : kind;
}

/* ISO 3166-1 alpha-2, the 249 officially assigned codes. */
static const char countries[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI "
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN "
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

/* ISO 639-1 two-letter language codes. */
static const char languages[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch "
    "co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy "
    "ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it "
    "iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo "
    "lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny "
    "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty "
    "ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/* Whether the two-letter code is in list: codes separated by one space. */
static bool in_list(const char *list, const char *code)
{
  for (const char *p = list;; p += 3) {
    if (p[0] == code[0] && p[1] == code[1])
      return true;
    if (!p[2])
      return false;
  }
}

bool country_valid(const char *code)
{
  return code && strlen(code) == 2 && isupper((unsigned char)code[0]) &&
         isupper((unsigned char)code[1]) && in_list(countries, code);
}

bool language_valid(const char *code)
{
  size_t n = code ? strlen(code) : 0;

  for (size_t i = 0; i < n; i++)
    if (!islower((unsigned char)code[i]))
      return false;
  return (n == 2 && in_list(languages, code)) || n == 3;
}

bool date_valid(const char *s)
{
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d;

  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
      return false;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0';
  m = (s[5] - '0') * 10 + s[6] - '0';
  d = (s[8] - '0') * 10 + s[9] - '0';
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
    return false;
  return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

bool academic_year_valid(const char *s)
{
  int y;

  if (!s || strlen(s) != 7 || s[4] != '/')
    return false;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !isdigit((unsigned char)s[i]))
      return false;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0';
  return y >= 1950 && (s[5] - '0') * 10 + (s[6] - '0') == (y + 1) % 100;
}

/* -------------------------------------------------------------- checks */

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

/* Trim s in place; false if it is longer than max or not one line of text. */
static bool clean_line(char *s, size_t max)
{
  char *t = str_trim(s);

  if (t != s)
    memmove(s, t, strlen(t) + 1);
  return strlen(s) <= max && str_valid_text(s, strlen(s)) &&
         !strpbrk(s, "\r\n\t");
}

/* A code from the record system: letters, digits, '-', '_', '/', '.'. */
static bool code_ok(char *s, size_t max)
{
  if (!clean_line(s, max) || !*s)
    return false;
  for (const char *p = s; *p; p++)
    if (!isalnum((unsigned char)*p) && !strchr("-_/.", *p))
      return false;
  return true;
}

int faculty_validate(struct faculty_row *f, struct err_detail *why)
{
  if (!code_ok(f->code, 16))
    return bad(why, "code",
               "Give the faculty a code of up to 16 letters and digits%s.", "");
  if (!clean_line(f->name, 100) || !f->name[0])
    return bad(why, "name", "Give the faculty a name of up to 100 characters%s.",
               "");
  return 0;
}

int faculty_save(struct db *db, struct faculty_row *f, char *change,
                 struct err_detail *why)
{
  int rc = faculty_validate(f, why);

  return rc ? rc : store_faculty_upsert(db, f->code, f->name, &f->id, change);
}

/* The id of the faculty with code, for a record naming it in field. */
static int faculty_id_of(struct db *db, const char *code, const char *field,
                         int64_t *id, struct err_detail *why)
{
  struct faculty_row f;
  int rc = store_faculty_by_code(db, code, &f);

  if (rc == ERR_NOTFOUND)
    return bad(why, field,
               "There is no faculty with the code \"%.40s\": import the "
               "faculty first.",
               code);
  if (rc == 0)
    *id = f.id;
  return rc;
}

int course_validate(struct db *db, struct course_row *c,
                    struct err_detail *why)
{
  if (!code_ok(c->code, 20))
    return bad(why, "code",
               "Give the course code of up to 20 letters and digits, as in the "
               "student record%s.",
               "");
  if (!clean_line(c->title, 150) || !c->title[0])
    return bad(why, "title", "Give the course a title of up to 150 characters%s.",
               "");
  if (!level_valid(c->level))
    return bad(why, "level",
               "The level \"%.40s\" is not one of foundation, undergraduate, "
               "postgraduate_taught or research.",
               c->level);
  if (c->years < 1 || c->years > 8)
    return bad(why, "years", "A course lasts from 1 to 8 years%s.", "");
  if (!clean_line(c->campus, 60))
    return bad(why, "campus", "Campus names have at most 60 characters%s.", "");
  if (!c->faculty_id)
    return faculty_id_of(db, c->faculty_code, "faculty", &c->faculty_id, why);
  return 0;
}

int course_save(struct db *db, struct course_row *c, char *change,
                struct err_detail *why)
{
  int rc = course_validate(db, c, why);

  return rc ? rc : store_course_upsert(db, c, &c->id, change);
}

static int email_field(char *email, const char *field, bool required,
                       struct err_detail *why)
{
  char norm[EMAIL_MAX + 1];
  struct err_detail inner;

  str_trim(email);
  if (!*email && !required)
    return 0;
  if (account_normalise_email(email, norm, &inner)) {
    err_set(why, ERR_INPUT, field, inner.msg);
    return ERR_INPUT;
  }
  str_copy(email, P_EMAIL, norm);
  return 0;
}

static int check_years(struct student_row *s, struct err_detail *why)
{
  for (int i = 0; i < s->nyears; i++) {
    struct year_row *y = &s->years[i];

    if (!academic_year_valid(y->academic_year))
      return bad(why, "completed_years",
                 "\"%.20s\" is not an academic year: write it like 2024/25.",
                 y->academic_year);
    if (y->year_of_study < 0 || y->year_of_study > 8)
      return bad(why, "completed_years",
                 "In %s the year of study must be from 0 to 8.",
                 y->academic_year);
    if (!outcome_valid(y->outcome))
      return bad(why, "completed_years",
                 "The outcome \"%.30s\" is not one of progressed, repeated or "
                 "failed.",
                 y->outcome);
    for (int j = 0; j < i; j++)
      if (strcmp(s->years[j].academic_year, y->academic_year) == 0)
        return bad(why, "completed_years",
                   "The year %s is given twice.", y->academic_year);
  }
  return 0;
}

static int check_languages(struct student_row *s, struct err_detail *why)
{
  int firsts = 0;

  for (int i = 0; i < s->nlanguages; i++) {
    str_lower(s->languages[i].code);
    if (!language_valid(s->languages[i].code))
      return bad(why, "languages",
                 "\"%.8s\" is not an ISO 639 language code (such as en, cy, "
                 "zh or yue).",
                 s->languages[i].code);
    for (int j = 0; j < i; j++)
      if (strcmp(s->languages[j].code, s->languages[i].code) == 0)
        return bad(why, "languages", "The language %s is given twice.",
                   s->languages[i].code);
    firsts += s->languages[i].first;
  }
  if (firsts > 1)
    return bad(why, "languages", "Mark one first language at most%s.", "");
  return 0;
}

int student_validate(struct db *db, struct student_row *s,
                     struct err_detail *why)
{
  int rc;

  if (!code_ok(s->number, 20))
    return bad(why, "student_number",
               "Give the student number, up to 20 letters and digits%s.", "");
  if (!clean_line(s->legal_name, 100) || !s->legal_name[0])
    return bad(why, "legal_name",
               "Give the legal name, up to 100 characters on one line%s.", "");
  if (!clean_line(s->preferred_name, 100))
    return bad(why, "preferred_name",
               "Preferred names have at most 100 characters on one line%s.", "");
  if (!clean_line(s->pronouns, 30))
    return bad(why, "pronouns", "Pronouns have at most 30 characters%s.", "");
  if ((rc = email_field(s->university_email, "university_email", true, why)) ||
      (rc = email_field(s->personal_email, "personal_email", false, why)))
    return rc;
  if (!status_valid(s->status))
    return bad(why, "status",
               "The status \"%.30s\" is not one of incoming, enrolled, "
               "interrupted, withdrawn or graduated.",
               s->status);
  if (!study_mode_valid(s->study_mode))
    return bad(why, "study_mode",
               "The study mode \"%.30s\" is not full_time or part_time.",
               s->study_mode);
  if (!fee_status_valid(s->fee_status))
    return bad(why, "fee_status",
               "The fee status \"%.30s\" is not home or international.",
               s->fee_status);
  str_trim(s->home_country);
  for (char *p = s->home_country; *p; p++)
    *p = (char)toupper((unsigned char)*p);
  if (s->home_country[0] && !country_valid(s->home_country))
    return bad(why, "home_country",
               "\"%.8s\" is not an ISO 3166 country code (such as GB, NG or "
               "CN).",
               s->home_country);
  if (!clean_line(s->campus, 60))
    return bad(why, "campus", "Campus names have at most 60 characters%s.", "");
  if (s->graduated_on[0] && !date_valid(s->graduated_on))
    return bad(why, "graduated_on",
               "\"%.12s\" is not a date: write it like 2025-07-15.",
               s->graduated_on);
  if (!s->course_id && s->course_code[0]) {
    struct course_row c;

    rc = store_course_by_code(db, s->course_code, &c);
    if (rc == ERR_NOTFOUND)
      return bad(why, "course_code",
                 "There is no course with the code \"%.24s\": import the "
                 "course first.",
                 s->course_code);
    if (rc)
      return rc;
    s->course_id = c.id;
    s->faculty_id = c.faculty_id;
  }
  if (!s->course_id && strcmp(s->status, "enrolled") == 0)
    return bad(why, "course_code", "An enrolled student needs a course%s.", "");
  if (s->year_of_study < 0 || s->year_of_study > 8)
    return bad(why, "year_of_study", "The year of study is from 0 to 8%s.", "");
  if (strlen(s->bio) > 1000 || !str_valid_text(s->bio, strlen(s->bio)))
    return bad(why, "bio", "The bio has at most 1,000 characters%s.", "");
  if (s->availability >> AVAILABILITY_BITS)
    return bad(why, "availability", "Choose availability from the grid%s.", "");
  if (!s->contact_preference[0])
    str_copy(s->contact_preference, P_SHORT, "university_email");
  if (!contact_preference_valid(s->contact_preference))
    return bad(why, "contact_preference", "Choose how to be contacted%s.", "");
  if (strcmp(s->contact_preference, "personal_email") == 0 &&
      !s->personal_email[0])
    return bad(why, "personal_email",
               "Give a personal email to be contacted there%s.", "");
  for (int i = 0; i < s->ncharacteristics; i++)
    if (!characteristic_valid(s->characteristics[i].kind) ||
        !visibility_valid(s->characteristics[i].visible_to))
      return bad(why, "characteristics",
                 "\"%.30s\" is not a characteristic Tandem records.",
                 s->characteristics[i].kind);
  if ((rc = check_years(s, why)) || (rc = check_languages(s, why)))
    return rc;
  return 0;
}

/* Whether two students' records are the same, fields and sub-records. */
static bool student_same(const struct student_row *a,
                         const struct student_row *b)
{
#define SAME(f) (strcmp(a->f, b->f) == 0)
  if (!SAME(number) || !SAME(legal_name) || !SAME(preferred_name) ||
      !SAME(pronouns) || !SAME(university_email) || !SAME(personal_email) ||
      a->course_id != b->course_id || a->year_of_study != b->year_of_study ||
      !SAME(study_mode) || !SAME(status) || !SAME(graduated_on) ||
      !SAME(home_country) || !SAME(fee_status) || !SAME(campus) || !SAME(bio) ||
      a->availability != b->availability || !SAME(contact_preference) ||
      a->active != b->active || a->user_id != b->user_id ||
      a->nyears != b->nyears || a->nlanguages != b->nlanguages ||
      a->ninterests != b->ninterests ||
      a->ncharacteristics != b->ncharacteristics)
    return false;
#undef SAME
  for (int i = 0; i < a->nyears; i++)
    if (strcmp(a->years[i].academic_year, b->years[i].academic_year) ||
        a->years[i].year_of_study != b->years[i].year_of_study ||
        strcmp(a->years[i].outcome, b->years[i].outcome))
      return false;
  for (int i = 0; i < a->nlanguages; i++)
    if (strcmp(a->languages[i].code, b->languages[i].code) ||
        a->languages[i].first != b->languages[i].first)
      return false;
  for (int i = 0; i < a->ninterests; i++)
    if (a->interests[i] != b->interests[i])
      return false;
  for (int i = 0; i < a->ncharacteristics; i++)
    if (strcmp(a->characteristics[i].kind, b->characteristics[i].kind) ||
        strcmp(a->characteristics[i].visible_to,
               b->characteristics[i].visible_to))
      return false;
  return true;
}

/* Sub-records in the order the store returns them, so comparisons hold. */
static void sort_parts(struct student_row *s)
{
  for (int i = 1; i < s->nyears; i++)
    for (int j = i; j > 0 && strcmp(s->years[j - 1].academic_year,
                                    s->years[j].academic_year) > 0;
         j--) {
      struct year_row t = s->years[j];

      s->years[j] = s->years[j - 1];
      s->years[j - 1] = t;
    }
  for (int i = 1; i < s->nlanguages; i++)
    for (int j = i; j > 0; j--) {
      struct language_row *p = &s->languages[j - 1], *q = &s->languages[j];
      bool swap = p->first != q->first ? q->first
                                       : strcmp(p->code, q->code) > 0;
      struct language_row t;

      if (!swap)
        break;
      t = *q;
      *q = *p;
      *p = t;
    }
  for (int i = 1; i < s->ninterests; i++)
    for (int j = i; j > 0 && s->interests[j - 1] > s->interests[j]; j--) {
      int64_t t = s->interests[j];

      s->interests[j] = s->interests[j - 1];
      s->interests[j - 1] = t;
    }
  for (int i = 1; i < s->ncharacteristics; i++)
    for (int j = i; j > 0 && strcmp(s->characteristics[j - 1].kind,
                                    s->characteristics[j].kind) > 0;
         j--) {
      struct characteristic_row t = s->characteristics[j];

      s->characteristics[j] = s->characteristics[j - 1];
      s->characteristics[j - 1] = t;
    }
}

/* After a save: an enrolled student may be an incoming student who signed
 * up through an invitation before their record arrived; link that account
 * and its sign-ups to the record (domain/signups.c: idempotent, and it
 * merges nothing when the match is ambiguous). Two indexed look-ups when
 * there is nothing to merge, so imports stay fast. Runs in the caller's
 * transaction, so a failed import merges nothing either. */
static int merge_signups(struct db *db, const struct student_row *s, int rc)
{
  if (rc || !str_eq(s->status, "enrolled"))
    return rc;
  return signups_merge_row(db, s);
}

int student_save(struct db *db, struct student_row *s, char *change,
                 struct err_detail *why)
{
  static _Thread_local struct student_row old; /* large: not on the stack */
  int rc;

  if ((rc = student_validate(db, s, why)))
    return rc;
  sort_parts(s);
  rc = store_student_by_number(db, s->number, &old);
  if (rc == ERR_NOTFOUND) {
    if (change)
      *change = 'c';
    rc = store_student_insert(db, s, clock_now(), &s->id);
    if (rc == ERR_CONFLICT)
      err_set(why, rc, "user_id", "That account is linked to another student.");
    return merge_signups(db, s, rc);
  }
  if (rc)
    return rc;
  if (s->id && s->id != old.id)
    return err_set(why, ERR_CONFLICT, "student_number",
                   "Another student already has that student number.");
  s->id = old.id;
  if (student_same(&old, s)) {
    if (change)
      *change = 'n';
    return merge_signups(db, s, 0);
  }
  if (change)
    *change = 'u';
  return merge_signups(db, s, store_student_update(db, s, clock_now()));
}

int student_successful_years(const struct student_row *s)
{
  int n = 0;

  for (int i = 0; i < s->nyears; i++)
    n += strcmp(s->years[i].outcome, "progressed") == 0;
  return n;
}

const char *student_display_name(const struct student_row *s)
{
  return s->preferred_name[0] ? s->preferred_name : s->legal_name;
}

int staff_validate(struct db *db, struct staff_row *s, struct err_detail *why)
{
  int rc;

  if (!code_ok(s->number, 20))
    return bad(why, "staff_number",
               "Give the staff number, up to 20 letters and digits%s.", "");
  if (!clean_line(s->name, 100) || !s->name[0])
    return bad(why, "name", "Give the name, up to 100 characters%s.", "");
  if ((rc = email_field(s->email, "email", true, why)))
    return rc;
  if (!clean_line(s->job_title, 150))
    return bad(why, "job_title", "Job titles have at most 150 characters%s.",
               "");
  if (!one_of(s->kind, (const char *const[]){"academic", "professional", NULL}))
    return bad(why, "kind",
               "The kind \"%.30s\" is not academic or professional.", s->kind);
  if (!s->faculty_id && s->faculty_code[0])
    return faculty_id_of(db, s->faculty_code, "faculty_code", &s->faculty_id,
                         why);
  return 0;
}

int staff_save(struct db *db, struct staff_row *s, char *change,
               struct err_detail *why)
{
  static _Thread_local struct staff_row old;
  int rc;

  if ((rc = staff_validate(db, s, why)))
    return rc;
  for (int i = 1; i < s->ncourses; i++)
    for (int j = i; j > 0 && s->courses[j - 1] > s->courses[j]; j--) {
      int64_t t = s->courses[j];

      s->courses[j] = s->courses[j - 1];
      s->courses[j - 1] = t;
    }
  rc = store_staff_by_number(db, s->number, &old);
  if (rc == ERR_NOTFOUND) {
    if (change)
      *change = 'c';
    return store_staff_insert(db, s, clock_now(), &s->id);
  }
  if (rc)
    return rc;
  s->id = old.id;
  bool same = strcmp(old.name, s->name) == 0 &&
              strcmp(old.email, s->email) == 0 &&
              strcmp(old.job_title, s->job_title) == 0 &&
              strcmp(old.kind, s->kind) == 0 &&
              old.faculty_id == s->faculty_id && old.active == s->active &&
              old.user_id == s->user_id && old.ncourses == s->ncourses &&
              memcmp(old.courses, s->courses,
                     sizeof(int64_t) * (size_t)s->ncourses) == 0;
  if (change)
    *change = same ? 'n' : 'u';
  return same ? 0 : store_staff_update(db, s, clock_now());
}

/* ------------------------------------------------------------------ scope */

int people_scope(struct db *db, const struct user *u, int64_t *staff_scope)
{
  struct staff_row st;
  int rc;

  *staff_scope = -1;
  if (u->roles & (ROLE_ADMIN | ROLE_COORDINATOR)) {
    *staff_scope = 0;
    return 0;
  }
  if (!(u->roles & ROLE_CHAMPION))
    return ERR_PERM;
  rc = store_staff_by_user(db, u->id, u->email, &st);
  if (rc == 0)
    *staff_scope = st.id;
  return rc == ERR_NOTFOUND ? 0 : rc;
}

int people_may_see(struct db *db, const struct user *u,
                   const struct student_row *s)
{
  int64_t scope;
  bool teaches = false;
  int rc;

  if (s->user_id && s->user_id == u->id)
    return 0;
  rc = people_scope(db, u, &scope);
  if (rc)
    return rc;
  if (scope == 0)
    return 0;
  if (scope < 0 || !s->course_id)
    return ERR_PERM;
  if ((rc = store_staff_teaches(db, scope, s->course_id, &teaches)))
    return rc;
  return teaches ? 0 : ERR_PERM;
}

/* ------------------------------------------------ operations for the pages */

int people_search(struct db *db, const struct student_filter *f,
                  int64_t after_id, int offset, int limit,
                  struct student_brief *rows, int *n, int64_t *total)
{
  if (f->staff_scope_id < 0) { /* a champion without a staff record */
    *n = 0;
    if (total)
      *total = 0;
    return 0;
  }
  return store_student_search(db, f, after_id, offset, limit, rows, n, total);
}

int people_get(struct db *db, const struct user *u, int64_t id,
               struct student_row *out)
{
  int rc = store_student_get(db, id, out);

  return rc ? rc : people_may_see(db, u, out);
}

int people_edit_record(struct db *db, int64_t actor_id, const char *ip,
                       struct student_row *s, struct err_detail *why)
{
  static _Thread_local struct student_row old;
  char change = 'n';
  int rc;

  if ((rc = store_student_get(db, s->id, &old)))
    return rc;
  if (old.erased_at)
    return err_set(why, ERR_CONFLICT, "", "This person's data was erased.");
  /* The profile stays the student's. */
  s->user_id = old.user_id;
  str_copy(s->bio, sizeof(s->bio), old.bio);
  s->availability = old.availability;
  str_copy(s->contact_preference, sizeof(s->contact_preference),
           old.contact_preference);
  s->active = old.active;
  s->ninterests = old.ninterests;
  memcpy(s->interests, old.interests, sizeof(s->interests));
  s->ncharacteristics = old.ncharacteristics;
  memcpy(s->characteristics, old.characteristics, sizeof(s->characteristics));
  if ((rc = db_begin(db)))
    return rc;
  rc = student_save(db, s, &change, why);
  if (rc == 0 && change != 'n')
    rc = audit_record(db, actor_id, "person.edit", s->number, "", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int people_set_active(struct db *db, int64_t actor_id, const char *ip,
                      int64_t id, bool active)
{
  struct student_row *s = &(struct student_row){0};
  int rc;

  if ((rc = store_student_get(db, id, s)))
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_student_set_active(db, id, active, clock_now());
  if (rc == 0)
    rc = audit_record(db, actor_id,
                      active ? "person.activate" : "person.deactivate",
                      s->number, "", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int people_bulk_set_active(struct db *db, int64_t actor_id, const char *ip,
                           const struct student_filter *f, bool active,
                           int *count)
{
  enum { BULK_MAX = 200000 };
  int64_t *ids;
  char detail[64];
  int rc, n;

  *count = 0;
  if (f->staff_scope_id < 0)
    return 0;
  ids = xcalloc(BULK_MAX, sizeof(*ids));
  if ((rc = db_begin(db))) {
    free(ids);
    return rc;
  }
  rc = store_student_ids(db, f, ids, BULK_MAX, &n);
  for (int i = 0; rc == 0 && i < n; i++)
    rc = store_student_set_active(db, ids[i], active, clock_now());
  snprintf(detail, sizeof(detail), "%d people", n);
  if (rc == 0)
    rc = audit_record(db, actor_id,
                      active ? "person.bulk.activate" : "person.bulk.deactivate",
                      f->q, detail, ip);
  free(ids);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if ((rc = db_commit(db)) == 0)
    *count = n;
  return rc;
}

int people_erase(struct db *db, int64_t actor_id, const char *ip, int64_t id)
{
  struct student_row *s = &(struct student_row){0};
  int rc;

  if ((rc = store_student_get(db, id, s)))
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_student_erase(db, id, clock_now());
  /* The audit names the number that was erased, not the person. */
  if (rc == 0)
    rc = audit_record(db, actor_id, "person.erase", s->number,
                      "personal data removed", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int profile_get(struct db *db, const struct user *u, struct student_row *out)
{
  return store_student_by_user(db, u->id, u->email, out);
}

int profile_save(struct db *db, const struct user *u,
                 const struct student_row *changes, struct err_detail *why)
{
  static _Thread_local struct student_row s;
  char change;
  int rc;

  if ((rc = profile_get(db, u, &s)))
    return rc;
  str_copy(s.preferred_name, sizeof(s.preferred_name), changes->preferred_name);
  str_copy(s.pronouns, sizeof(s.pronouns), changes->pronouns);
  str_copy(s.personal_email, sizeof(s.personal_email), changes->personal_email);
  str_copy(s.bio, sizeof(s.bio), changes->bio);
  str_copy(s.contact_preference, sizeof(s.contact_preference),
           changes->contact_preference);
  s.availability = changes->availability;
  s.nlanguages = changes->nlanguages;
  memcpy(s.languages, changes->languages, sizeof(s.languages));
  s.ninterests = changes->ninterests;
  memcpy(s.interests, changes->interests, sizeof(s.interests));
  s.ncharacteristics = changes->ncharacteristics;
  memcpy(s.characteristics, changes->characteristics,
         sizeof(s.characteristics));
  for (int i = 0; i < s.ncharacteristics; i++)
    if (!s.characteristics[i].consented_at)
      s.characteristics[i].consented_at = clock_now();
  return student_save(db, &s, &change, why);
}

int interests_list(struct db *db, struct interest_row *rows, int max, int *n)
{
  return store_interest_list(db, rows, max, n);
}

int courses_list(struct db *db, int64_t faculty_id, int64_t after_id,
                 int limit, struct course_row *rows, int *n)
{
  return store_course_list(db, faculty_id, after_id, limit, rows, n);
}

int faculties_list(struct db *db, struct faculty_row *rows, int max, int *n)
{
  return store_faculty_list(db, 0, max, rows, n);
}

int course_by_code(struct db *db, const char *code, struct course_row *out)
{
  return store_course_by_code(db, code, out);
}

int faculty_by_code(struct db *db, const char *code, struct faculty_row *out)
{
  return store_faculty_by_code(db, code, out);
}

int staff_of_user(struct db *db, const struct user *u, struct staff_row *out)
{
  return store_staff_by_user(db, u->id, u->email, out);
}
