/* domain/eligibility.c: a scheme's eligibility rules checked against a
 * student record, and said in plain English: to the student ("Not
 * eligible: needs one completed year of study with progression; you have
 * none.") and on the scheme's page ("Mentors: enrolled students with at
 * least one completed year of study with progression."). The evaluation is
 * pure (arrays in, sentence out) so every rule is unit-tested without a
 * database; eligibility_check loads what it needs and calls it. */
#include "domain/eligibility.h"

#include "domain/audit.h"
#include "domain/people.h"
#include "store/people.h"

#include "base/mem.h"
#include "base/str.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WORDS_MAX = 32, PHRASE = 400 };

/* ------------------------------------------------------------- sentences */

/* A sentence being written into a fixed array: appends past the end are
 * cut, never overflow. */
struct text {
  char *s;
  size_t size, len;
};

static void text_init(struct text *t, char *s, size_t size)
{
  t->s = s;
  t->size = size;
  t->len = 0;
  if (size)
    s[0] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...)
{
  va_list ap;
  int k;

  if (t->len + 1 >= t->size)
    return;
  va_start(ap, fmt);
  k = vsnprintf(t->s + t->len, t->size - t->len, fmt, ap);
  va_end(ap);
  if (k > 0)
    t->len += (size_t)k < t->size - t->len ? (size_t)k : t->size - t->len - 1;
}

/* The words of a space-separated value, split in place in copy. */
static int split_words(const char *value, char *copy, size_t size,
                       const char **words)
{
  int n = 0;
  char *p = copy;

  str_copy(copy, size, value);
  while (*p && n < WORDS_MAX) {
    while (*p == ' ')
      *p++ = '\0';
    if (!*p)
      break;
    words[n++] = p;
    while (*p && *p != ' ')
      p++;
  }
  return n;
}

static bool has_word(const char *value, const char *word)
{
  char copy[RULE_VALUE];
  const char *w[WORDS_MAX];
  int n = split_words(value, copy, sizeof(copy), w);

  for (int i = 0; word && i < n; i++)
    if (strcmp(w[i], word) == 0)
      return true;
  return false;
}

/* "a", "a or b", "a, b or c": each word of value through label(). */
static void join_words(struct text *t, const char *value, const char *conj,
                       const char *(*label)(const char *))
{
  char copy[RULE_VALUE];
  const char *w[WORDS_MAX];
  int n = split_words(value, copy, sizeof(copy), w);

  for (int i = 0; i < n; i++)
    text_printf(t, "%s%s", i == 0 ? "" : i == n - 1 ? conj : ", ",
                label ? label(w[i]) : w[i]);
}

static const char *number_word(int n)
{
  static const char *const words[] = {"no",   "one", "two",   "three",
                                      "four", "five", "six",  "seven",
                                      "eight"};

  return n >= 0 && n <= 8 ? words[n] : NULL;
}

/* A level as it reads inside a sentence: "postgraduate taught". */
static const char *level_words(const char *level)
{
  static const struct {
    const char *value, *words;
  } levels[] = {{"foundation", "foundation"},
                {"undergraduate", "undergraduate"},
                {"postgraduate_taught", "postgraduate taught"},
                {"research", "postgraduate research"}};

  for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
    if (strcmp(levels[i].value, level) == 0)
      return levels[i].words;
  return level;
}

static const char *status_words(const char *status)
{
  static const struct {
    const char *value, *words;
  } statuses[] = {{"incoming", "incoming"},   {"enrolled", "enrolled"},
                  {"interrupted", "interrupted"}, {"withdrawn", "withdrawn"},
                  {"graduated", "graduated"}};

  for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
    if (strcmp(statuses[i].value, status) == 0)
      return statuses[i].words;
  return status;
}

static const char *fee_words(const char *fee)
{
  return fee;
}

static int rule_number(const struct scheme_rule_row *r)
{
  int64_t v = 0;

  return str_to_i64(r->value, 0, 8, &v) ? (int)v : 0;
}

/* "1 completed year", "2 completed years". */
static const char *years_noun(int n)
{
  return n == 1 ? "completed year" : "completed years";
}

/* The first day an alumnus may have graduated on: today, n years ago. */
static void years_before(const char *today, int n, char *out, size_t size)
{
  int64_t year = 0;
  char y[5];

  memcpy(y, today, 4);
  y[4] = '\0';
  if (strlen(today) != 10 || !str_to_i64(y, 0, 9999, &year)) {
    str_copy(out, size, today);
    return;
  }
  snprintf(out, size, "%04d%s", (int)year - n, today + 4);
}

/* ------------------------------------------------------- each rule's test */

static bool is_served(const struct elig_facts *f)
{
  const struct student_row *s = f->student;

  if (f->ncourses == 0 && f->nfaculties == 0)
    return true;
  for (int i = 0; i < f->ncourses; i++)
    if (s->course_id && s->course_id == f->courses[i])
      return true;
  for (int i = 0; i < f->nfaculties; i++)
    if (s->faculty_id && s->faculty_id == f->faculties[i])
      return true;
  return false;
}

static bool served_by_course(const struct elig_facts *f)
{
  for (int i = 0; i < f->ncourses; i++)
    if (f->student->course_id && f->student->course_id == f->courses[i])
      return true;
  return false;
}

/* "the Faculty of Science": names of faculties read with an article. */
static void faculty_words(struct text *t, const char *name)
{
  bool the = str_starts(name, "Faculty") || str_starts(name, "School") ||
             str_starts(name, "College") || str_starts(name, "Department") ||
             str_starts(name, "Institute");

  text_printf(t, "%s%s", the ? "the " : "", name);
}

/* Whether rule r holds for f; when not, why (a clause, no full stop) in
 * unmet; when it does, what the student has that it asks for in met (""
 * when there is nothing worth saying). */
static bool rule_holds(const struct scheme_rule_row *r,
                       const struct elig_facts *f, const char *today,
                       bool served_said, char *unmet, char *met)
{
  const struct student_row *s = f->student;
  struct text u, m;

  text_init(&u, unmet, PHRASE);
  text_init(&m, met, PHRASE);
  if (strcmp(r->kind, "min_years") == 0) {
    int need = rule_number(r), have = student_successful_years(s);

    if (have >= need) {
      if (need > 0)
        text_printf(&m, "have %d %s of study with progression", have,
                    years_noun(have));
      return true;
    }
    text_printf(&u, "needs %s %s of study with progression; you have ",
                number_word(need), years_noun(need));
    if (have == 0)
      text_printf(&u, "none");
    else
      text_printf(&u, "%d", have);
    return false;
  }
  if (strcmp(r->kind, "year_of_study") == 0) {
    char y[8];

    snprintf(y, sizeof(y), "%d", s->year_of_study);
    if (s->year_of_study > 0 && has_word(r->value, y)) {
      text_printf(&m, "are in year %d of study", s->year_of_study);
      return true;
    }
    text_printf(&u, "this scheme is for students in year ");
    join_words(&u, r->value, " or ", NULL);
    if (s->year_of_study > 0)
      text_printf(&u, " of study; you are in year %d", s->year_of_study);
    else
      text_printf(&u, " of study; your record has no year of study");
    return false;
  }
  if (strcmp(r->kind, "level") == 0) {
    const char *level = f->course_level ? f->course_level : "";

    if (level[0] && has_word(r->value, level)) {
      const char *w = level_words(level);

      text_printf(&m, "are on %s %s course",
                  strchr("aeiou", w[0]) ? "an" : "a", w);
      return true;
    }
    text_printf(&u, "this scheme is for students on ");
    join_words(&u, r->value, " or ", level_words);
    if (level[0])
      text_printf(&u, " courses; your course is %s", level_words(level));
    else
      text_printf(&u, " courses; you are not on a course");
    return false;
  }
  if (strcmp(r->kind, "status") == 0) {
    if (s->status[0] && has_word(r->value, s->status)) {
      if (strcmp(s->status, "graduated") == 0)
        text_printf(&m, "have graduated");
      else if (!(served_said && strcmp(s->status, "enrolled") == 0))
        text_printf(&m, "are %s", status_words(s->status));
      return true;
    }
    text_printf(&u, "this scheme is for ");
    join_words(&u, r->value, " or ", status_words);
    text_printf(&u, " students; your status is %s",
                s->status[0] ? status_words(s->status) : "not recorded");
    return false;
  }
  if (strcmp(r->kind, "graduated_within") == 0) {
    int n = rule_number(r);
    char since[S_DATE];

    years_before(today, n, since, sizeof(since));
    if (s->graduated_on[0] && strcmp(s->graduated_on, since) >= 0) {
      text_printf(&m, "graduated on %s", s->graduated_on);
      return true;
    }
    if (n == 1)
      text_printf(&u, "this scheme is for alumni who graduated within the "
                      "last year");
    else
      text_printf(&u, "this scheme is for alumni who graduated within the "
                      "last %d years", n);
    if (s->graduated_on[0])
      text_printf(&u, "; you graduated on %s", s->graduated_on);
    else
      text_printf(&u, "; you have not graduated");
    return false;
  }
  if (strcmp(r->kind, "fee_status") == 0) {
    if (s->fee_status[0] && has_word(r->value, s->fee_status)) {
      text_printf(&m, "have %s fee status", s->fee_status);
      return true;
    }
    text_printf(&u, "this scheme is for students with ");
    join_words(&u, r->value, " or ", fee_words);
    if (s->fee_status[0])
      text_printf(&u, " fee status; yours is %s", s->fee_status);
    else
      text_printf(&u, " fee status; your record has none");
    return false;
  }
  if (strcmp(r->kind, "home_country") == 0) {
    if (s->home_country[0] && has_word(r->value, s->home_country)) {
      text_printf(&m, "have %s as your home country", s->home_country);
      return true;
    }
    text_printf(&u, "this scheme is for students whose home country is ");
    join_words(&u, r->value, " or ", NULL);
    if (s->home_country[0])
      text_printf(&u, "; yours is %s", s->home_country);
    else
      text_printf(&u, "; your record has no home country");
    return false;
  }
  if (strcmp(r->kind, "served") == 0) {
    if (is_served(f)) {
      if (f->ncourses == 0 && f->nfaculties == 0)
        return true; /* everyone: nothing worth saying */
      if (served_by_course(f))
        text_printf(&m, "are %s %s",
                    strcmp(s->status, "enrolled") == 0 ? "enrolled on" : "on",
                    s->course_title[0] ? s->course_title : s->course_code);
      else {
        text_printf(&m, "study in ");
        faculty_words(&m, s->faculty_name);
      }
      return true;
    }
    text_printf(&u, "this scheme is for students %s",
                f->served_phrase && f->served_phrase[0] ? f->served_phrase
                                                        : "on other courses");
    return false;
  }
  /* An unknown kind cannot be stored (the table's CHECK); should one
   * appear, nobody is let in on a rule nobody can read. */
  text_printf(&u, "this scheme has a rule Tandem does not know (%s)",
              r->kind);
  return false;
}

void eligibility_evaluate(const struct scheme_rule_row *rules, int n,
                          const char *side, const struct elig_facts *f,
                          const char *today, struct eligibility *out)
{
  char unmet[PHRASE], met[PHRASE];
  char (*mets)[PHRASE] = xcalloc((size_t)(n > 0 ? n : 1), PHRASE);
  int nmet = 0, nunmet = 0, nrules = 0;
  bool served_said = false;
  struct text t, reasons;
  char why[ELIG_EXPLAIN];

  /* The served rule's "enrolled on BSc ..." says the status too. */
  for (int i = 0; i < n; i++)
    if (strcmp(rules[i].side, side) == 0 &&
        strcmp(rules[i].kind, "served") == 0 && served_by_course(f))
      served_said = true;
  text_init(&reasons, why, sizeof(why));
  for (int i = 0; i < n; i++) {
    if (strcmp(rules[i].side, side) != 0)
      continue;
    nrules++;
    if (rule_holds(&rules[i], f, today, served_said, unmet, met)) {
      if (met[0])
        str_copy(mets[nmet++], PHRASE, met);
      continue;
    }
    /* The first reason follows "Not eligible: "; each further one is a
     * sentence of its own. */
    if (nunmet++ > 0) {
      unmet[0] = (char)toupper((unsigned char)unmet[0]);
      text_printf(&reasons, " ");
    }
    text_printf(&reasons, "%s.", unmet);
  }
  out->eligible = nunmet == 0;
  text_init(&t, out->explanation, sizeof(out->explanation));
  if (nunmet)
    text_printf(&t, "Not eligible: %s", why);
  else if (nrules == 0)
    text_printf(&t, "Eligible: this scheme is open to every student.");
  else if (nmet == 0)
    text_printf(&t, "Eligible: you meet every rule of this scheme.");
  else {
    text_printf(&t, "Eligible: you ");
    for (int i = 0; i < nmet; i++)
      text_printf(&t, "%s%s", i == 0 ? "" : i == nmet - 1 ? " and " : ", ",
                  mets[i]);
    text_printf(&t, ".");
  }
  free(mets);
}

/* ---------------------------------------------------- the scheme's page */

void eligibility_describe(const struct scheme_rule_row *rules, int n,
                          const char *side, const char *served_phrase,
                          char *out, size_t size)
{
  char quals[RULES_MAX][PHRASE];
  int nq = 0;
  const char *status = NULL;
  struct text t;

  for (int i = 0; i < n; i++) {
    const struct scheme_rule_row *r = &rules[i];
    struct text q;
    int num = rule_number(r);

    if (strcmp(r->side, side) != 0)
      continue;
    if (strcmp(r->kind, "status") == 0) {
      status = r->value;
      continue;
    }
    if (nq >= RULES_MAX)
      break;
    text_init(&q, quals[nq], PHRASE);
    if (strcmp(r->kind, "min_years") == 0 && num > 0)
      text_printf(&q, "with at least %s %s of study with progression",
                  number_word(num), years_noun(num));
    else if (strcmp(r->kind, "year_of_study") == 0) {
      text_printf(&q, "in year ");
      join_words(&q, r->value, " or ", NULL);
      text_printf(&q, " of study");
    } else if (strcmp(r->kind, "level") == 0) {
      text_printf(&q, "on ");
      join_words(&q, r->value, " or ", level_words);
      text_printf(&q, " courses");
    } else if (strcmp(r->kind, "graduated_within") == 0) {
      if (num == 1)
        text_printf(&q, "who graduated within the last year");
      else
        text_printf(&q, "who graduated within the last %d years", num);
    } else if (strcmp(r->kind, "fee_status") == 0) {
      text_printf(&q, "with ");
      join_words(&q, r->value, " or ", fee_words);
      text_printf(&q, " fee status");
    } else if (strcmp(r->kind, "home_country") == 0) {
      text_printf(&q, "whose home country is ");
      join_words(&q, r->value, " or ", NULL);
    } else if (strcmp(r->kind, "served") == 0 && served_phrase &&
               served_phrase[0])
      text_printf(&q, "%s", served_phrase);
    if (quals[nq][0])
      nq++;
  }
  text_init(&t, out, size);
  text_printf(&t, "%s: ", strcmp(side, "mentor") == 0 ? "Mentors" : "Mentees");
  if (!status && nq == 0) {
    text_printf(&t, "any student.");
    return;
  }
  if (status) {
    join_words(&t, status, " or ", status_words);
    text_printf(&t, " ");
  }
  text_printf(&t, "students");
  for (int i = 0; i < nq; i++)
    text_printf(&t, "%s%s", i == 0 ? " " : i == nq - 1 ? " and " : ", ",
                quals[i]);
  text_printf(&t, ".");
}

/* ------------------------------------------------------------ validation */

static bool side_valid(const char *side)
{
  return side && (strcmp(side, "mentor") == 0 || strcmp(side, "mentee") == 0);
}

static bool year_word_valid(const char *w)
{
  int64_t v;

  return str_to_i64(w, 1, 8, &v);
}

static bool country_word_valid(const char *w)
{
  return country_valid(w);
}

/* Every word of r->value passes ok(); at least one word. */
static bool words_valid(const char *value, bool (*ok)(const char *))
{
  char copy[RULE_VALUE];
  const char *w[WORDS_MAX];
  int n = split_words(value, copy, sizeof(copy), w);

  if (n == 0)
    return false;
  for (int i = 0; i < n; i++)
    if (!ok(w[i]))
      return false;
  return true;
}

/* The value trimmed, with commas read as spaces and single spaces between
 * words. */
static void normalise_value(char *value, bool upper)
{
  char copy[RULE_VALUE];
  const char *w[WORDS_MAX];
  int n;
  struct text t;

  for (char *p = value; *p; p++) {
    if (*p == ',' || *p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
    if (upper)
      *p = (char)toupper((unsigned char)*p);
  }
  n = split_words(value, copy, sizeof(copy), w);
  text_init(&t, value, RULE_VALUE);
  for (int i = 0; i < n; i++)
    text_printf(&t, "%s%s", i ? " " : "", w[i]);
}

int eligibility_rule_validate(struct scheme_rule_row *r,
                              struct err_detail *why)
{
  char field[sizeof(why->field)];
  int64_t v;

  if (!side_valid(r->side))
    return err_set(why, ERR_INPUT, "", "A rule is for mentors or mentees.");
  snprintf(field, sizeof(field), "%s_%s", r->side, r->kind);
  normalise_value(r->value, strcmp(r->kind, "home_country") == 0);
  if (strcmp(r->kind, "min_years") == 0) {
    if (!str_to_i64(r->value, 0, 8, &v))
      return err_set(why, ERR_INPUT, field,
                     "Enter a number of completed years from 0 to 8.");
  } else if (strcmp(r->kind, "graduated_within") == 0) {
    if (!str_to_i64(r->value, 1, 8, &v))
      return err_set(why, ERR_INPUT, field,
                     "Enter a number of years since graduation from 1 to 8.");
  } else if (strcmp(r->kind, "year_of_study") == 0) {
    if (!words_valid(r->value, year_word_valid))
      return err_set(why, ERR_INPUT, field,
                     "Enter years of study as numbers from 1 to 8, "
                     "separated by spaces.");
  } else if (strcmp(r->kind, "level") == 0) {
    if (!words_valid(r->value, level_valid))
      return err_set(why, ERR_INPUT, field, "Choose at least one level.");
  } else if (strcmp(r->kind, "status") == 0) {
    if (!words_valid(r->value, status_valid))
      return err_set(why, ERR_INPUT, field, "Choose at least one status.");
  } else if (strcmp(r->kind, "fee_status") == 0) {
    if (!words_valid(r->value, fee_status_valid))
      return err_set(why, ERR_INPUT, field,
                     "Choose at least one fee status.");
  } else if (strcmp(r->kind, "home_country") == 0) {
    if (!words_valid(r->value, country_word_valid))
      return err_set(why, ERR_INPUT, field,
                     "Enter countries as two-letter ISO codes separated by "
                     "spaces, such as CN IN NG.");
  } else if (strcmp(r->kind, "served") == 0) {
    r->value[0] = '\0';
  } else {
    return err_set(why, ERR_INPUT, "", "That is not a kind of rule.");
  }
  return 0;
}

/* ---------------------------------------------------- with the database */

int eligibility_rules(struct db *db, int64_t scheme_id, const char *side,
                      struct scheme_rule_row *rows, int *n)
{
  return store_rules_list(db, scheme_id, side, rows, RULES_MAX, n);
}

int eligibility_served_phrase(struct db *db, const struct scheme_row *scheme,
                              char *out, size_t size)
{
  struct text t;
  int rc;

  text_init(&t, out, size);
  if (scheme->ncourses) {
    text_printf(&t, "on ");
    for (int i = 0; i < scheme->ncourses; i++) {
      struct course_row c;

      if ((rc = store_course_get(db, scheme->courses[i], &c)))
        return rc == ERR_NOTFOUND ? 0 : rc;
      text_printf(&t, "%s%s",
                  i == 0 ? "" : i == scheme->ncourses - 1 ? " or " : ", ",
                  c.title);
    }
  }
  if (scheme->nfaculties) {
    text_printf(&t, "%s", scheme->ncourses ? ", or in " : "in ");
    for (int i = 0; i < scheme->nfaculties; i++) {
      struct faculty_row f;

      if ((rc = store_faculty_get(db, scheme->faculties[i], &f)))
        return rc == ERR_NOTFOUND ? 0 : rc;
      text_printf(&t, "%s",
                  i == 0 ? "" : i == scheme->nfaculties - 1 ? " or " : ", ");
      faculty_words(&t, f.name);
    }
  }
  return 0;
}

static bool has_served_rule(const struct scheme_rule_row *rules, int n)
{
  for (int i = 0; i < n; i++)
    if (strcmp(rules[i].kind, "served") == 0)
      return true;
  return false;
}

int eligibility_check(struct db *db, const struct scheme_row *scheme,
                      const char *side, const struct student_row *s,
                      const char *today, struct eligibility *out)
{
  struct scheme_rule_row rules[RULES_MAX];
  char served[ELIG_EXPLAIN] = "";
  struct course_row course = {0};
  struct elig_facts f = {0};
  int n = 0, rc;

  if (!side_valid(side))
    return ERR_INPUT;
  if ((rc = store_rules_list(db, scheme->id, side, rules, RULES_MAX, &n)))
    return rc;
  if (s->course_id && (rc = store_course_get(db, s->course_id, &course)) &&
      rc != ERR_NOTFOUND)
    return rc;
  if (has_served_rule(rules, n) &&
      (rc = eligibility_served_phrase(db, scheme, served, sizeof(served))))
    return rc;
  f.student = s;
  f.course_level = course.level;
  f.courses = scheme->courses;
  f.ncourses = scheme->ncourses;
  f.faculties = scheme->faculties;
  f.nfaculties = scheme->nfaculties;
  f.served_phrase = served;
  eligibility_evaluate(rules, n, side, &f, today, out);
  return 0;
}

int eligibility_sentence(struct db *db, const struct scheme_row *scheme,
                         const char *side, char *out, size_t size)
{
  struct scheme_rule_row rules[RULES_MAX];
  char served[ELIG_EXPLAIN] = "";
  int n = 0, rc;

  if (!side_valid(side))
    return ERR_INPUT;
  if ((rc = store_rules_list(db, scheme->id, side, rules, RULES_MAX, &n)))
    return rc;
  if (has_served_rule(rules, n) &&
      (rc = eligibility_served_phrase(db, scheme, served, sizeof(served))))
    return rc;
  eligibility_describe(rules, n, side, served, out, size);
  return 0;
}

int eligibility_save(struct db *db, int64_t actor_id, const char *ip,
                     int64_t scheme_id, struct scheme_rule_row *rows, int n,
                     struct err_detail *why)
{
  char detail[RULES_MAX * (RULE_KIND + RULE_VALUE + 16)];
  struct text t;
  char subject[32];
  int rc;

  if (n > RULES_MAX)
    return err_set(why, ERR_INPUT, "", "A scheme has at most 16 rules.");
  for (int i = 0; i < n; i++) {
    if ((rc = eligibility_rule_validate(&rows[i], why)))
      return rc;
    for (int j = 0; j < i; j++)
      if (strcmp(rows[i].side, rows[j].side) == 0 &&
          strcmp(rows[i].kind, rows[j].kind) == 0)
        return err_set(why, ERR_CONFLICT, "",
                       "Each kind of rule may be given once for each side.");
  }
  text_init(&t, detail, sizeof(detail));
  for (int i = 0; i < n; i++)
    text_printf(&t, "%s%s %s=%s", i ? "; " : "", rows[i].side, rows[i].kind,
                rows[i].value);
  if (n == 0)
    text_printf(&t, "no rules");
  snprintf(subject, sizeof(subject), "scheme:%lld", (long long)scheme_id);
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = store_rules_replace(db, scheme_id, rows, n)) ||
      (rc = audit_record(db, actor_id, "scheme.rules", subject, detail, ip))) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}
