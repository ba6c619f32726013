/* domain/demo.c: the demo university, drawn from the tables in
 * demo_data.c with a seeded splitmix64 generator. Every record has its own
 * stream (the seed, its kind, its index), so records do not depend on each
 * other's draws or on how many students are asked for. */
#include "domain/demo.h"

#include "base/mem.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/demo_data.h"
#include "domain/demo_schemes.h"
#include "domain/demo_matching.h"
#include "domain/demo_training.h"
#include "domain/signups.h"
#include "domain/applications.h"
#include "domain/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- accounts */

const struct demo_account demo_accounts[] = {
    {"admin@demo.ac.uk", "Alex Morgan", ROLE_ADMIN, "Head of Student Systems"},
    {"coordinator@demo.ac.uk", "Priya Raman", ROLE_COORDINATOR,
     "Peer Mentoring Coordinator, every student"},
    {"champion@demo.ac.uk", "Dr Tomasz Nowak", ROLE_CHAMPION,
     "Senior Lecturer, teaches the Computer Science courses"},
    {"student@demo.ac.uk", "Amara Okafor", ROLE_STUDENT,
     "second year, BSc Computer Science"},
    {"first-year@demo.ac.uk", "Jiayi Chen", ROLE_STUDENT,
     "first year, BSc Computer Science, from China"},
};
const int demo_naccounts = sizeof(demo_accounts) / sizeof(demo_accounts[0]);

int demo_create_accounts(struct db *db, int *created, struct err_detail *why)
{
  *created = 0;
  for (int i = 0; i < demo_naccounts; i++) {
    struct user u;
    int rc;

    if (account_by_email(db, demo_accounts[i].email, &u) == 0)
      continue; /* already there: demo is safe to run again */
    rc = account_create(db, 0, "cli", demo_accounts[i].email,
                        demo_accounts[i].name, DEMO_PASSWORD,
                        demo_accounts[i].roles, NULL, why);
    if (rc)
      return rc;
    (*created)++;
  }
  return 0;
}

/* ------------------------------------------------------------- randomness */

struct rng {
  uint64_t s;
};

static uint64_t next(struct rng *r)
{
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* The stream of record index of kind: independent of every other one. */
static struct rng stream(uint64_t seed, uint64_t kind, uint64_t index)
{
  struct rng r = {seed};

  r.s = next(&r) ^ (kind * 0xd1342543de82ef95ULL);
  r.s = next(&r) ^ index;
  next(&r);
  return r;
}

/* A number in [0, n). */
static int below(struct rng *r, int n)
{
  return (int)(((next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per_mille / 1000. */
static bool chance(struct rng *r, int per_mille)
{
  return below(r, 1000) < per_mille;
}

static int count(const char *const *list)
{
  int n = 0;

  while (list[n])
    n++;
  return n;
}

static const char *pick(struct rng *r, const char *const *list)
{
  return list[below(r, count(list))];
}

/* An index by weight. */
static int pick_weight(struct rng *r, const int *w, int n)
{
  int total = 0, x;

  for (int i = 0; i < n; i++)
    total += w[i];
  x = below(r, total);
  for (int i = 0; i < n; i++)
    if ((x -= w[i]) < 0)
      return i;
  return n - 1;
}

/* One word of a space-separated list into out (at most 3 letters). */
static void pick_word(struct rng *r, const char *list, char out[4])
{
  int words = 0, k;
  const char *p = list;

  for (const char *q = list; *q; q++)
    words += (q == list || q[-1] == ' ') && *q != ' ';
  k = below(r, words);
  while (*p == ' ')
    p++;
  while (k--) {
    p = strchr(p, ' ');
    while (*p == ' ')
      p++;
  }
  size_t n = strcspn(p, " ");
  if (n > 3)
    n = 3;
  memcpy(out, p, n);
  out[n] = '\0';
}

/* --------------------------------------------------------------- emails */

/* ASCII for U+00C0..U+017F, then what the Romanian commas fold to. */
static const char fold_latin[] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnoooooxouuuuyty"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/* A name as an email's part: ASCII lower case, spaces and hyphens as one
 * '-', apostrophes dropped. */
static void email_part(const char *name, char *out, size_t n)
{
  size_t j = 0;

  for (const unsigned char *p = (const unsigned char *)name; *p && j + 1 < n;
       p++) {
    char c = 0;

    if (*p < 0x80) {
      if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
        c = (char)*p;
      else if (*p >= 'A' && *p <= 'Z')
        c = (char)(*p + 32);
      else if ((*p == ' ' || *p == '-') && j && out[j - 1] != '-')
        c = '-';
    } else if (p[1] && (*p & 0xe0) == 0xc0) {
      unsigned cp = ((unsigned)(*p & 0x1f) << 6) | (p[1] & 0x3f);

      if (cp >= 0xc0 && cp < 0x180)
        c = fold_latin[cp - 0xc0];
      else if (cp == 0x218 || cp == 0x219)
        c = 's';
      else if (cp == 0x21a || cp == 0x21b)
        c = 't';
      if (c >= 'A' && c <= 'Z')
        c = (char)(c + 32);
      if (c == 'x') /* the multiplication sign */
        c = 0;
      p++;
    } else {
      while ((p[1] & 0xc0) == 0x80)
        p++;
    }
    if (c)
      out[j++] = c;
  }
  while (j && out[j - 1] == '-')
    j--;
  out[j] = '\0';
}

/* A set of strings with a number each: emails taken (how many times) and
 * accounts by email (their id). Open addressing; grows. */
struct table {
  char **keys;
  int64_t *vals;
  size_t cap, n;
};

static uint64_t hash(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;

  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return h;
}

static size_t slot(const struct table *t, const char *key)
{
  size_t i = hash(key) & (t->cap - 1);

  while (t->keys[i] && strcmp(t->keys[i], key))
    i = (i + 1) & (t->cap - 1);
  return i;
}

static void table_grow(struct table *t)
{
  struct table g = {xcalloc(t->cap ? t->cap * 2 : 1024, sizeof(char *)),
                    xcalloc(t->cap ? t->cap * 2 : 1024, sizeof(int64_t)),
                    t->cap ? t->cap * 2 : 1024, t->n};

  for (size_t i = 0; i < t->cap; i++)
    if (t->keys[i]) {
      size_t k = slot(&g, t->keys[i]);

      g.keys[k] = t->keys[i];
      g.vals[k] = t->vals[i];
    }
  free(t->keys);
  free(t->vals);
  *t = g;
}

/* The value stored under key, creating it as 0. */
static int64_t *table_at(struct table *t, const char *key)
{
  size_t i;

  if ((t->n + 1) * 2 > t->cap)
    table_grow(t);
  i = slot(t, key);
  if (!t->keys[i]) {
    t->keys[i] = xstrdup(key);
    t->vals[i] = 0;
    t->n++;
  }
  return &t->vals[i];
}

static const int64_t *table_get(const struct table *t, const char *key)
{
  size_t i;

  if (!t->cap)
    return NULL;
  i = slot(t, key);
  return t->keys[i] ? &t->vals[i] : NULL;
}

static void table_free(struct table *t)
{
  for (size_t i = 0; i < t->cap; i++)
    free(t->keys[i]);
  free(t->keys);
  free(t->vals);
  memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------------- the model */

enum level { LV_FOUNDATION, LV_UG, LV_PGT, LV_RESEARCH, LV_COUNT };
static const char *const level_names[] = {"foundation", "undergraduate",
                                          "postgraduate_taught", "research"};

struct course {
  char code[P_CODE], title[P_TITLE];
  int faculty;
  enum level level;
  int years, weight;
  const char *campus, *subject;
  int64_t id;
};

struct demo {
  struct db *db;
  uint64_t seed;
  struct course *courses;
  int ncourses;
  int by_level[LV_COUNT][256], nby_level[LV_COUNT];
  int64_t faculty_id[16];
  int64_t interest_id[64];
  int ninterests;
  struct table emails, accounts;
  int next_staff;
  struct demo_report *report;
  struct err_detail *why;
};

enum { KIND_COURSE = 1, KIND_STAFF, KIND_STUDENT };
enum { THIS_YEAR = 2026 }; /* the current academic year is 2026/27 */

static void tally(struct demo_tally *t, char change)
{
  if (change == 'c')
    t->created++;
  else if (change == 'u')
    t->updated++;
  else
    t->unchanged++;
}

static void add_course(struct demo *d, const char *code, const char *title,
                       int faculty, enum level lv, int years,
                       const char *campus, const char *subject)
{
  struct course *c;

  if (d->ncourses % 64 == 0)
    d->courses = xreallocarray(d->courses, (size_t)d->ncourses + 64,
                               sizeof(*d->courses));
  c = &d->courses[d->ncourses++];
  memset(c, 0, sizeof(*c));
  str_copy(c->code, sizeof(c->code), code);
  str_copy(c->title, sizeof(c->title), title);
  c->faculty = faculty;
  c->level = lv;
  c->years = years;
  c->campus = campus;
  c->subject = subject;
}

/* Every course, in a fixed order: per faculty its foundation year, each
 * subject's degrees, its doctorate. */
static void plan_courses(struct demo *d)
{
  char code[P_CODE], title[P_TITLE];

  for (int f = 0; f < demo_nfaculties; f++) {
    const struct demo_faculty *fa = &demo_faculties[f];

    snprintf(code, sizeof(code), "%s-FY", fa->code);
    add_course(d, code, fa->foundation, f, LV_FOUNDATION, 1, fa->campus,
               fa->subject);
    for (int i = 0; i < demo_nsubjects; i++) {
      const struct demo_subject *s = &demo_subjects[i];
      const char *campus = s->campus ? s->campus : fa->campus;

      if (s->faculty != f)
        continue;
      if (s->ug)
        add_course(d, s->ucas, s->ug, f, LV_UG, s->ug_years, campus, s->name);
      if (s->ug && s->placement) {
        snprintf(code, sizeof(code), "%s-PY", s->ucas);
        snprintf(title, sizeof(title), "%s with Placement Year", s->ug);
        add_course(d, code, title, f, LV_UG, s->ug_years + 1, campus, s->name);
      }
      if (s->integrated) {
        snprintf(code, sizeof(code), "%s-INT", s->ucas);
        add_course(d, code, s->integrated, f, LV_UG, s->ug_years + 1, campus,
                   s->name);
      }
      if (s->pgt) {
        snprintf(code, sizeof(code), "%s-PGT", s->ucas);
        add_course(d, code, s->pgt, f, LV_PGT, s->pgt_years ? s->pgt_years : 1,
                   campus, s->name);
      }
    }
    snprintf(code, sizeof(code), "%s-PHD", fa->code);
    add_course(d, code, fa->research, f, LV_RESEARCH, 4, fa->campus,
               fa->subject);
  }
  for (int i = 0; i < d->ncourses; i++) {
    struct course *c = &d->courses[i];
    struct rng r = stream(d->seed, KIND_COURSE, (uint64_t)i);
    enum level lv = c->level;

    c->weight = 3 + below(&r, 8);
    if (d->nby_level[lv] < 256)
      d->by_level[lv][d->nby_level[lv]++] = i;
  }
}

static int find_course(const struct demo *d, const char *code)
{
  for (int i = 0; i < d->ncourses; i++)
    if (strcmp(d->courses[i].code, code) == 0)
      return i;
  return -1;
}

static int64_t interest_named(const struct demo *d, const char *name)
{
  for (int i = 0; i < d->ninterests; i++)
    if (strcmp(demo_interests[i], name) == 0)
      return d->interest_id[i];
  return 0;
}

/* ------------------------------------------------------- the organisation */

static int save_organisation(struct demo *d)
{
  struct institution_row inst = {"Demo University", "2026-09-21", "2027-06-11"};
  static const struct term_row terms[] = {
      {0, "Welcome Week 2026/27", "2026-09-14", "2026-09-18"},
      {0, "Semester 1 2026/27", "2026-09-21", "2027-01-22"},
      {0, "Semester 2 2026/27", "2027-01-25", "2027-06-11"},
  };
  int rc;

  if ((rc = store_institution_set(d->db, &inst)))
    return rc;
  for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
    if ((rc = store_term_upsert(d->db, &terms[i])))
      return rc;
    d->report->terms++;
  }
  for (int i = 0; demo_interests[i] && i < 64; i++) {
    if ((rc = store_interest_add(d->db, demo_interests[i], &d->interest_id[i])))
      return rc;
    d->ninterests = i + 1;
  }
  d->report->interests = d->ninterests;
  for (int f = 0; f < demo_nfaculties; f++) {
    struct faculty_row row = {0};
    char change = 'n';

    str_copy(row.code, sizeof(row.code), demo_faculties[f].code);
    str_copy(row.name, sizeof(row.name), demo_faculties[f].name);
    if ((rc = faculty_save(d->db, &row, &change, d->why)))
      return rc;
    d->faculty_id[f] = row.id;
    tally(&d->report->faculties, change);
  }
  for (int i = 0; i < d->ncourses; i++) {
    struct course *c = &d->courses[i];
    struct course_row row = {0};
    char change = 'n';

    str_copy(row.code, sizeof(row.code), c->code);
    str_copy(row.title, sizeof(row.title), c->title);
    row.faculty_id = d->faculty_id[c->faculty];
    str_copy(row.level, sizeof(row.level), level_names[c->level]);
    row.years = c->years;
    str_copy(row.campus, sizeof(row.campus), c->campus);
    row.active = true;
    if ((rc = course_save(d->db, &row, &change, d->why)))
      return rc;
    c->id = row.id;
    tally(&d->report->courses, change);
  }
  return 0;
}

/* ---------------------------------------------------------------- people */

struct person {
  int culture;
  bool female;
  const char *given, *family;
};

static void draw_person(struct rng *r, int culture, struct person *p)
{
  const struct demo_culture *c = &demo_cultures[culture];

  p->culture = culture;
  p->female = chance(r, 540);
  p->given = pick(r, p->female ? c->female : c->male);
  p->family = pick(r, c->family);
}

/* The next free first.last(n)@demo.ac.uk for p. */
static void university_email(struct demo *d, const struct person *p, char *out,
                             size_t n)
{
  char given[64], family[64], local[130];
  int64_t *seen;

  email_part(p->given, given, sizeof(given));
  email_part(p->family, family, sizeof(family));
  snprintf(local, sizeof(local), "%s.%s", given, family);
  seen = table_at(&d->emails, local);
  ++*seen;
  if (*seen == 1)
    snprintf(out, n, "%s@demo.ac.uk", local);
  else
    snprintf(out, n, "%s%lld@demo.ac.uk", local, (long long)*seen);
}

/* The account with this email, or 0. */
static int64_t account_for(const struct demo *d, const char *email)
{
  const int64_t *id = table_get(&d->accounts, email);

  return id ? *id : 0;
}

static int load_accounts(struct demo *d)
{
  struct user *rows = xcalloc(100, sizeof(*rows));
  int64_t total = 0;
  int n, rc;

  for (int offset = 0;; offset += n) {
    if ((rc = account_list(d->db, offset, 100, rows, &n, &total)))
      break;
    for (int i = 0; i < n; i++)
      *table_at(&d->accounts, rows[i].email) = rows[i].id;
    if (n < 100)
      break;
  }
  free(rows);
  return rc;
}

/* ----------------------------------------------------------------- staff */

static int save_staff(struct demo *d, struct staff_row *s)
{
  char change = 'n';
  int rc;

  s->user_id = account_for(d, s->email);
  s->active = true;
  if ((rc = staff_save(d->db, s, &change, d->why)))
    return rc;
  tally(&d->report->staff, change);
  return 0;
}

static void staff_number(struct demo *d, struct staff_row *s)
{
  snprintf(s->number, sizeof(s->number), "%d", d->next_staff++);
}

/* The demo accounts' staff records. */
static int save_named_staff(struct demo *d)
{
  static const char *const taught[] = {"G400",     "G400-PY", "G400-INT",
                                       "G400-PGT", "G600",    "CMS-FY"};
  static struct staff_row s;
  int rc;

  memset(&s, 0, sizeof(s));
  str_copy(s.number, sizeof(s.number), "1000001");
  str_copy(s.name, sizeof(s.name), "Dr Tomasz Nowak");
  str_copy(s.email, sizeof(s.email), "champion@demo.ac.uk");
  str_copy(s.job_title, sizeof(s.job_title),
           "Senior Lecturer in Computer Science and Academic Champion for "
           "Peer Mentoring");
  str_copy(s.kind, sizeof(s.kind), "academic");
  s.faculty_id = d->faculty_id[5]; /* CMS */
  for (size_t i = 0; i < sizeof(taught) / sizeof(taught[0]); i++) {
    int c = find_course(d, taught[i]);

    if (c >= 0)
      s.courses[s.ncourses++] = d->courses[c].id;
  }
  if ((rc = save_staff(d, &s)))
    return rc;

  memset(&s, 0, sizeof(s));
  str_copy(s.number, sizeof(s.number), "1000002");
  str_copy(s.name, sizeof(s.name), "Priya Raman");
  str_copy(s.email, sizeof(s.email), "coordinator@demo.ac.uk");
  str_copy(s.job_title, sizeof(s.job_title),
           "Peer Mentoring Coordinator, Student Success");
  str_copy(s.kind, sizeof(s.kind), "professional");
  if ((rc = save_staff(d, &s)))
    return rc;

  memset(&s, 0, sizeof(s));
  str_copy(s.number, sizeof(s.number), "1000003");
  str_copy(s.name, sizeof(s.name), "Alex Morgan");
  str_copy(s.email, sizeof(s.email), "admin@demo.ac.uk");
  str_copy(s.job_title, sizeof(s.job_title), "Head of Student Systems");
  str_copy(s.kind, sizeof(s.kind), "professional");
  return save_staff(d, &s);
}

static int staff_culture(struct rng *r)
{
  return chance(r, 550) ? DC_BRITISH : below(r, demo_ncultures);
}

/* Academics: one for each course of a faculty, teaching it and one to
 * three more of the faculty's; one champion per faculty. Then the
 * faculty's professional staff, then the central services'. */
/* A professional staff member with the job title role, drawn from the
 * index-th staff stream; faculty_id 0 for a central service. */
static int save_professional(struct demo *d, int index, const char *role,
                             int64_t faculty_id)
{
  static struct staff_row s;
  struct rng r = stream(d->seed, KIND_STAFF, (uint64_t)index);
  struct person p;

  memset(&s, 0, sizeof(s));
  draw_person(&r, staff_culture(&r), &p);
  staff_number(d, &s);
  snprintf(s.name, sizeof(s.name), "%s %s", p.given, p.family);
  university_email(d, &p, s.email, sizeof(s.email));
  str_copy(s.job_title, sizeof(s.job_title), role);
  str_copy(s.kind, sizeof(s.kind), "professional");
  s.faculty_id = faculty_id;
  return save_staff(d, &s);
}

static int save_generated_staff(struct demo *d)
{
  static struct staff_row s;
  int index = 0, rc;

  for (int f = 0; f < demo_nfaculties; f++) {
    int fc[64], nfc = 0;

    for (int i = 0; i < d->ncourses && nfc < 64; i++)
      if (d->courses[i].faculty == f)
        fc[nfc++] = i;
    for (int j = 0; j < nfc; j++) {
      struct rng r = stream(d->seed, KIND_STAFF, (uint64_t)index++);
      const struct course *home = &d->courses[fc[j]];
      struct person p;
      int t = pick_weight(&r, demo_academic_title_weight,
                          count(demo_academic_titles));
      const char *title = demo_academic_titles[t];
      int more = 1 + below(&r, 3);

      memset(&s, 0, sizeof(s));
      draw_person(&r, staff_culture(&r), &p);
      staff_number(d, &s);
      snprintf(s.name, sizeof(s.name), "%s%s %s",
               strncmp(title, "Professor", 9) == 0            ? "Professor "
               : strstr(title, "Teaching") && chance(&r, 500) ? ""
                                                              : "Dr ",
               p.given, p.family);
      university_email(d, &p, s.email, sizeof(s.email));
      snprintf(s.job_title, sizeof(s.job_title), "%s %s%s", title,
               home->subject,
               j == 1 ? " and Academic Champion for Peer Mentoring" : "");
      str_copy(s.kind, sizeof(s.kind), "academic");
      s.faculty_id = d->faculty_id[f];
      s.courses[s.ncourses++] = home->id;
      for (int k = 0; k < more && s.ncourses < P_COURSES_MAX; k++) {
        int64_t id = d->courses[fc[below(&r, nfc)]].id;
        bool dup = false;

        for (int m = 0; m < s.ncourses; m++)
          dup |= s.courses[m] == id;
        if (!dup)
          s.courses[s.ncourses++] = id;
      }
      if ((rc = save_staff(d, &s)))
        return rc;
    }
    for (int j = 0; demo_faculty_roles[j]; j++)
      if ((rc = save_professional(d, index++, demo_faculty_roles[j],
                                  d->faculty_id[f])))
        return rc;
  }
  for (int j = 0; demo_central_roles[j]; j++) {
    if ((rc = save_professional(d, index++, demo_central_roles[j], 0)))
      return rc;
  }
  return 0;
}

/* -------------------------------------------------------------- students */

static void add_language(struct student_row *s, const char *code, bool first)
{
  for (int i = 0; i < s->nlanguages; i++)
    if (strcmp(s->languages[i].code, code) == 0)
      return;
  if (s->nlanguages < P_LANGS_MAX) {
    str_copy(s->languages[s->nlanguages].code, 4, code);
    s->languages[s->nlanguages++].first = first;
  }
}

static void add_year(struct student_row *s, int year, const char *outcome)
{
  if (s->nyears < P_YEARS_MAX) {
    s->years[s->nyears].year_of_study = year;
    str_copy(s->years[s->nyears].outcome, P_SHORT, outcome);
    s->nyears++;
  }
}

/* Number the completed years backwards from the one ending in last_end
 * (2026 for 2025/26); returns the year of entry. */
static int date_years(struct student_row *s, int last_end)
{
  for (int i = 0; i < s->nyears; i++) {
    unsigned start = (unsigned)(last_end - s->nyears + i);

    snprintf(s->years[i].academic_year, sizeof(s->years[i].academic_year),
             "%04u/%02u", start % 10000u, (start + 1) % 100u);
  }
  return last_end - s->nyears;
}

/* Years of study up to (not including) year, mostly progressed first
 * time; a few repeated or failed and taken again. */
static void past_years(struct rng *r, struct student_row *s, int from, int year)
{
  for (int k = from; k < year; k++) {
    if (chance(r, 50))
      add_year(s, k, chance(r, 300) ? "failed" : "repeated");
    add_year(s, k, "progressed");
  }
}

static int pick_course(struct demo *d, struct rng *r, enum level lv)
{
  int w[256], n = d->nby_level[lv];

  for (int i = 0; i < n; i++)
    w[i] = d->courses[d->by_level[lv][i]].weight;
  return d->by_level[lv][pick_weight(r, w, n)];
}

static void pick_pronouns(struct rng *r, const struct person *p,
                          struct student_row *s)
{
  if (!chance(r, 350))
    return;
  str_copy(s->pronouns, sizeof(s->pronouns),
           chance(r, 50) ? "they/them"
           : p->female   ? (chance(r, 60) ? "she/they" : "she/her")
                         : "he/him");
}

static void pick_preferred(struct rng *r, const struct person *p,
                           struct student_row *s)
{
  const struct demo_culture *c = &demo_cultures[p->culture];
  const char *const *pref = p->female ? c->pref_female : c->pref_male;

  if (pref && chance(r, 350)) {
    snprintf(s->preferred_name, sizeof(s->preferred_name), "%s %s",
             pick(r, pref), p->family);
    return;
  }
  for (int i = 0; demo_nicknames[i][0]; i++)
    if (strcmp(demo_nicknames[i][0], p->given) == 0) {
      if (chance(r, 400))
        snprintf(s->preferred_name, sizeof(s->preferred_name), "%s %s",
                 demo_nicknames[i][1], p->family);
      return;
    }
}

static void pick_languages(struct rng *r, const struct person *p,
                           const struct demo_country *home, bool international,
                           struct student_row *s)
{
  char code[4];
  const char *heritage = demo_cultures[p->culture].heritage;

  if (international || strcmp(home->code, "GB")) {
    pick_word(r, home->languages, code);
    add_language(s, code, true);
    add_language(s, "en", false);
    if (chance(r, 150)) {
      pick_word(r, demo_extra_languages, code);
      add_language(s, code, false);
    }
    return;
  }
  if (!*heritage) {
    add_language(s, "en", true);
    if (chance(r, 40)) {
      pick_word(r, "fr es de", code);
      add_language(s, code, false);
    }
    return;
  }
  pick_word(r, heritage, code);
  if (p->culture == DC_IRISH) {
    add_language(s, "en", true);
    if (chance(r, 150))
      add_language(s, code, false);
  } else if (chance(r, p->culture == DC_WELSH ? 200 : 250)) {
    add_language(s, code, true);
    add_language(s, "en", false);
  } else {
    add_language(s, "en", true);
    if (chance(r, 450))
      add_language(s, code, false);
  }
}

static void pick_profile(struct demo *d, struct rng *r, struct student_row *s,
                         const struct course *c, enum level lv, bool home)
{
  if (chance(r, 650))
    for (int b = 0; b < AVAILABILITY_BITS; b++) {
      int day = b / 3, part = b % 3;
      int p = part == 2 ? 400 : part == 1 ? 300 : 150;

      if (day >= 5)
        p /= 2;
      if (chance(r, p))
        s->availability |= 1u << b;
    }
  if (chance(r, 750)) {
    int want = 1 + below(r, 5);

    for (int k = 0; k < want * 3 && s->ninterests < want; k++) {
      int64_t id = d->interest_id[below(r, d->ninterests)];
      bool dup = false;

      for (int m = 0; m < s->ninterests; m++)
        dup |= s->interests[m] == id;
      if (!dup)
        s->interests[s->ninterests++] = id;
    }
  }
  if (chance(r, 150))
    snprintf(s->bio, sizeof(s->bio), "%s student. %s", c->subject,
             pick(r, demo_bios));
  if (home && lv != LV_RESEARCH) {
    static const struct {
      const char *kind;
      int per_mille;
    } kinds[] = {
        {"first_in_family", 150}, {"commuter", 100}, {"mature", 70},
        {"disability", 60},       {"carer", 25},     {"care_leaver", 10},
        {"estranged", 10}};

    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
      struct characteristic_row *ch;

      if (!chance(r, kinds[k].per_mille) || s->ncharacteristics >= P_CHARS_MAX)
        continue;
      ch = &s->characteristics[s->ncharacteristics++];
      str_copy(ch->kind, sizeof(ch->kind), kinds[k].kind);
      str_copy(ch->visible_to, sizeof(ch->visible_to),
               chance(r, 400) ? "coordinators_and_mentor" : "coordinators");
      ch->consented_at = 1785542400 + below(r, 86400 * 50); /* Aug 2026 */
    }
  }
}

/* Student i of the seed: every field from its own stream. */
static void make_student(struct demo *d, int i, struct student_row *s)
{
  struct rng r = stream(d->seed, KIND_STUDENT, (uint64_t)i);
  int u = below(&r, 1000), lvu = below(&r, 1000);
  enum { INCOMING, ENROLLED, INTERRUPTED, WITHDRAWN, GRADUATED } st;
  enum level lv;
  const struct course *c;
  const struct demo_country *home;
  bool international;
  struct person p;
  int year = 1, entry, grad = 0;
  char local[64];

  st = u < 80    ? INCOMING
       : u < 150 ? GRADUATED
       : u < 170 ? INTERRUPTED
       : u < 190 ? WITHDRAWN
                 : ENROLLED;
  lv = lvu < 20    ? LV_FOUNDATION
       : lvu < 770 ? LV_UG
       : lvu < 960 ? LV_PGT
                   : LV_RESEARCH;
  if (st == GRADUATED && (lv == LV_FOUNDATION || lv == LV_RESEARCH))
    lv = LV_UG;
  c = &d->courses[pick_course(d, &r, lv)];

  static const int intl_per_mille[] = {100, 150, 520, 400};
  international = chance(&r, intl_per_mille[lv]);
  if (international) {
    int w[64];

    for (int k = 0; k < demo_ncountries; k++)
      w[k] = demo_countries[k].weight;
    home = &demo_countries[pick_weight(&r, w, demo_ncountries)];
  } else {
    int w[16];

    for (int k = 0; k < demo_nhome_countries; k++)
      w[k] = demo_home_countries[k].weight;
    home = &demo_home_countries[pick_weight(&r, w, demo_nhome_countries)];
  }
  draw_person(&r,
              home->culture >= 0
                  ? home->culture
                  : pick_weight(&r, demo_home_culture_weight, demo_ncultures),
              &p);

  memset(s, 0, sizeof(*s));
  str_copy(s->study_mode, sizeof(s->study_mode),
           chance(&r, lv == LV_UG         ? 20
                      : lv == LV_PGT      ? 100
                      : lv == LV_RESEARCH ? 150
                                          : 0)
               ? "part_time"
               : "full_time");
  bool part_time = s->study_mode[0] == 'p';

  /* The year of study and the years completed before it. */
  switch (st) {
  case INCOMING:
    year = lv == LV_FOUNDATION ? 0 : 1;
    break;
  case GRADUATED:
    year = c->years;
    past_years(&r, s, 1, c->years + 1);
    grad = lv == LV_PGT ? 2023 + below(&r, 3) : 2024 + below(&r, 3);
    snprintf(s->graduated_on, sizeof(s->graduated_on), "%04u-%s-%02u",
             (unsigned)grad % 10000u, lv == LV_PGT ? "12" : "07",
             (unsigned)(8 + below(&r, 12)) % 100u);
    break;
  default:
    if (lv == LV_FOUNDATION) {
      year = 0;
    } else if (lv == LV_PGT) {
      year = c->years > 1 || part_time ? 1 + below(&r, 2) : 1;
      past_years(&r, s, 1, year);
    } else {
      static const int w[] = {118, 100, 95, 90, 90};

      year = lv == LV_RESEARCH ? 1 + below(&r, 4)
                               : 1 + pick_weight(&r, w, c->years);
      if (lv == LV_UG && chance(&r, 50))
        add_year(s, 0, "progressed"); /* came through a foundation year */
      past_years(&r, s, 1, year);
      if (chance(&r, 30))
        add_year(s, year, "repeated"); /* taking this year again */
    }
    if (st == WITHDRAWN && chance(&r, 500))
      add_year(s, year, "failed");
  }
  entry = grad        ? date_years(s, grad)
          : s->nyears ? date_years(s, THIS_YEAR)
                      : THIS_YEAR;
  snprintf(s->number, sizeof(s->number), "%02d%06d", entry % 100, i + 1);
  snprintf(s->legal_name, sizeof(s->legal_name), "%s %s", p.given, p.family);
  pick_preferred(&r, &p, s);
  pick_pronouns(&r, &p, s);
  university_email(d, &p, s->university_email, sizeof(s->university_email));
  if (chance(&r, 300)) {
    char given[64], family[64];

    email_part(p.given, given, sizeof(given));
    email_part(p.family, family, sizeof(family));
    snprintf(local, sizeof(local), "%.30s%.30s", given, family);
    snprintf(s->personal_email, sizeof(s->personal_email), "%s%02d@%s", local,
             below(&r, 100),
             pick(&r, (const char *const[]){"example.com", "example.org",
                                            "example.net", NULL}));
  }
  str_copy(s->contact_preference, sizeof(s->contact_preference),
           s->personal_email[0] && chance(&r, 250) ? "personal_email"
           : chance(&r, 100)                       ? "tandem_messages"
                                                   : "university_email");
  s->course_id = c->id;
  s->faculty_id = d->faculty_id[c->faculty];
  str_copy(s->course_code, sizeof(s->course_code), c->code);
  s->year_of_study = year;
  static const char *const statuses[] = {"incoming", "enrolled", "interrupted",
                                         "withdrawn", "graduated"};
  str_copy(s->status, sizeof(s->status), statuses[st]);
  str_copy(s->home_country, sizeof(s->home_country), home->code);
  str_copy(s->fee_status, sizeof(s->fee_status),
           international ? "international" : "home");
  str_copy(s->campus, sizeof(s->campus), c->campus);
  pick_languages(&r, &p, home, international, s);
  pick_profile(d, &r, s, c, lv, !international);
  s->active = true;
  s->user_id = account_for(d, s->university_email);
}

static int save_student(struct demo *d, struct student_row *s)
{
  char change = 'n';
  int rc = student_save(d->db, s, &change, d->why);

  if (rc)
    return rc;
  tally(&d->report->students, change);
  d->report->international += strcmp(s->fee_status, "international") == 0;
  d->report->incoming += strcmp(s->status, "incoming") == 0;
  d->report->graduated += strcmp(s->status, "graduated") == 0;
  return 0;
}

/* The demo accounts' student records: a second year and a first year of
 * the champion's Computer Science. */
static int save_named_students(struct demo *d, struct student_row *s)
{
  int g400 = find_course(d, "G400"), rc;
  const struct course *c = g400 >= 0 ? &d->courses[g400] : &d->courses[0];

  memset(s, 0, sizeof(*s));
  str_copy(s->number, sizeof(s->number), "25000000");
  str_copy(s->legal_name, sizeof(s->legal_name), "Amara Okafor");
  str_copy(s->pronouns, sizeof(s->pronouns), "she/her");
  str_copy(s->university_email, sizeof(s->university_email),
           "student@demo.ac.uk");
  s->course_id = c->id;
  s->year_of_study = 2;
  str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->home_country, sizeof(s->home_country), "GB");
  str_copy(s->fee_status, sizeof(s->fee_status), "home");
  str_copy(s->campus, sizeof(s->campus), c->campus);
  str_copy(s->bio, sizeof(s->bio),
           "Second-year Computer Science student. I remember how big "
           "everything felt in first year and I am happy to help.");
  s->availability = (1u << 2) | (1u << 5) | (1u << 8) | (1u << 10);
  str_copy(s->contact_preference, sizeof(s->contact_preference),
           "university_email");
  s->active = true;
  add_year(s, 1, "progressed");
  date_years(s, THIS_YEAR);
  add_language(s, "en", true);
  add_language(s, "ig", false);
  s->interests[s->ninterests++] = interest_named(d, "Coding");
  s->interests[s->ninterests++] = interest_named(d, "Music");
  s->interests[s->ninterests++] = interest_named(d, "Volunteering");
  str_copy(s->characteristics[0].kind, P_SHORT, "first_in_family");
  str_copy(s->characteristics[0].visible_to, P_SHORT,
           "coordinators_and_mentor");
  s->characteristics[0].consented_at = 1785542400;
  s->ncharacteristics = 1;
  s->user_id = account_for(d, s->university_email);
  if ((rc = save_student(d, s)))
    return rc;

  memset(s, 0, sizeof(*s));
  str_copy(s->number, sizeof(s->number), "26000000");
  str_copy(s->legal_name, sizeof(s->legal_name), "Jiayi Chen");
  str_copy(s->preferred_name, sizeof(s->preferred_name), "Joy Chen");
  str_copy(s->pronouns, sizeof(s->pronouns), "she/her");
  str_copy(s->university_email, sizeof(s->university_email),
           "first-year@demo.ac.uk");
  s->course_id = c->id;
  s->year_of_study = 1;
  str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->home_country, sizeof(s->home_country), "CN");
  str_copy(s->fee_status, sizeof(s->fee_status), "international");
  str_copy(s->campus, sizeof(s->campus), c->campus);
  s->availability = (1u << 5) | (1u << 11) | (1u << 14);
  str_copy(s->contact_preference, sizeof(s->contact_preference),
           "tandem_messages");
  s->active = true;
  add_language(s, "zh", true);
  add_language(s, "en", false);
  s->interests[s->ninterests++] = interest_named(d, "Board games");
  s->interests[s->ninterests++] = interest_named(d, "Photography");
  s->interests[s->ninterests++] = interest_named(d, "Cooking");
  s->user_id = account_for(d, s->university_email);
  return save_student(d, s);
}

/* ------------------------------------------------------------------ build */

int demo_build(struct db *db, int students, uint64_t seed,
               struct demo_report *out, struct err_detail *why)
{
  struct demo d = {0};
  struct student_row *s = NULL;
  int rc;

  memset(out, 0, sizeof(*out));
  if (students < 1 || students > DEMO_STUDENTS_MAX)
    return err_set(why, ERR_INPUT, "students",
                   "The demo has from 1 to 500,000 students.");
  d.db = db;
  d.seed = seed;
  d.report = out;
  d.why = why;
  d.next_staff = 1000101;
  plan_courses(&d);
  s = xmalloc(sizeof(*s));
  if ((rc = db_begin(db)))
    goto done;
  /* The demo accounts' own addresses are taken before anyone is named. */
  for (int i = 0; i < demo_naccounts; i++) {
    char local[64];

    str_copy(local, sizeof(local), demo_accounts[i].email);
    local[strcspn(local, "@")] = '\0';
    ++*table_at(&d.emails, local);
  }
  if ((rc = load_accounts(&d)) || (rc = save_organisation(&d)) ||
      (rc = save_named_staff(&d)) || (rc = save_generated_staff(&d)) ||
      (rc = save_named_students(&d, s)))
    goto fail;
  if ((rc = demo_schemes(db, why)) || (rc = signups_demo(db)))
    goto fail;
  for (int i = 0; i < students; i++) {
    make_student(&d, i, s);
    if ((rc = save_student(&d, s)))
      goto fail;
  }
  if ((rc = applications_demo(db)) || (rc = demo_training(db, why)) ||
      (rc = demo_matching(db, students, seed, NULL, why)))
    goto fail;
  rc = db_commit(db);
  goto done;
fail:
  db_rollback(db);
done:
  free(s);
  free(d.courses);
  table_free(&d.emails);
  table_free(&d.accounts);
  return rc;
}
