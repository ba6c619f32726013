/* domain/demo_schemes.c: the demo's schemes, through scheme_create so that
 * they get their type's topics and eligibility rules like any other. */
#include "domain/demo_schemes.h"

#include "base/str.h"
#include "domain/people.h"
#include "domain/schemes.h"

#include <string.h>

#define YEAR "2026/27"

struct demo_scheme {
  const char *name, *type, *status;
  bool applications_open, signups_open;
  const char *starts_on, *ends_on;
  const char *term;    /* a term's name, or NULL */
  const char *courses; /* course codes it serves, space-separated */
  const char *summary, *description;
};

static const struct demo_scheme schemes[] = {
    {"Computer Science peer mentoring", "pastoral", "published", true, true,
     "2026-09-21", "2027-06-11", NULL, "G400 G400-PY G400-INT G600 CMS-FY",
     "Second and third years help first years settle into Computer "
     "Science.",
     "Starting university is a lot to take in. **Computer Science peer "
     "mentoring** pairs every first-year student who wants one with a "
     "student a year or two ahead on the same course.\n\n"
     "## What mentors do\n\n"
     "- meet their mentees every couple of weeks, on campus or online\n"
     "- share how they organised their time, found their way round the "
     "labs and got through the first assessments\n"
     "- know when to point someone to the university's services\n\n"
     "## What mentors don't do\n\n"
     "Mentors don't teach, check or write coursework. Questions about "
     "visas, money or anything serious go to the right service: see the "
     "[student support pages](https://www.example.ac.uk/support).\n\n"
     "Mentors get training in October and a certificate at the end of the "
     "year."},
    {"Welcome before you arrive", "pre_arrival", "published", false, true,
     "2026-07-01", "2026-10-16", "Welcome Week 2026/27", NULL,
     "Message a current student before you start.",
     "Got an offer? Ask a current student anything about life here before "
     "you arrive: accommodation, what to bring, what the first week is "
     "like. Everything happens by message, in Tandem."},
    {"PAL: Programming Fundamentals", "pal", "published", true, false,
     "2026-09-21", "2027-01-22", "Semester 1 2026/27", "G400",
     "Weekly group study sessions for the first-year programming module.",
     "Peer Assisted Learning sessions are led by paid second-year students "
     "who did well in the module. Leaders guide the group through problems "
     "together; they do not re-teach lectures or check assessed work."},
    {"International student mentoring", "international", "published", true,
     true, "2026-09-21", "2027-06-11", NULL, NULL,
     "A mentor from your part of the world who has settled in here.",
     "International students are matched with a mentor who knows their "
     "home country, and can help with settling in, culture and everyday "
     "life in the UK. Visa questions go to the International Student "
     "Advice team."},
    {"Final-year mentoring by alumni", "final_year", "draft", false, false,
     "2026-10-01", "2027-05-28", NULL, NULL,
     "Recent graduates support students through their final year.",
     "Being set up: graduates of the last three years mentor final-year "
     "students on their dissertation and what comes next."},
    {"First-year peer mentoring", "pastoral", "published", true, true,
     "2026-09-21", "2027-06-11", NULL, NULL,
     "Every first year who wants one gets a mentor further on in their "
     "studies.",
     "The university-wide peer mentoring scheme: any first-year student can "
     "sign up, and is matched with a trained mentor in their second year or "
     "later, ideally on the same course or in the same faculty, sharing "
     "interests, a language or a home country.\n\n"
     "Mentors take up to three mentees and meet each about once a "
     "fortnight."},
};

static int term_named(struct db *db, const char *name, int64_t *id)
{
  struct term_row terms[32];
  int n, rc = store_term_list(db, terms, 32, &n);

  *id = 0;
  for (int i = 0; rc == 0 && name && i < n; i++)
    if (strcmp(terms[i].name, name) == 0)
      *id = terms[i].id;
  return rc;
}

static void add_courses(struct db *db, const char *codes,
                        struct scheme_row *row)
{
  const char *p = codes;

  while (p && *p && row->ncourses < S_SERVED_MAX) {
    char code[P_CODE];
    size_t len = strcspn(p, " ");
    struct course_row c;

    if (len < sizeof(code)) {
      memcpy(code, p, len);
      code[len] = '\0';
      if (store_course_by_code(db, code, &c) == 0)
        row->courses[row->ncourses++] = c.id;
    }
    p += len;
    p += strspn(p, " ");
  }
}

/* The demo account email as role, when the accounts were made (they are,
 * by `tandem demo`; a bare demo_build may have none). */
static int add_staff(struct db *db, int64_t id, const char *email,
                     const char *role)
{
  struct err_detail ignored;
  int rc = scheme_staff_add(db, 0, "cli", id, email, role, &ignored);

  return rc == ERR_INPUT ? 0 : rc;
}

static int one_scheme(struct db *db, const struct demo_scheme *d,
                      int64_t sponsor, struct err_detail *why)
{
  static struct scheme_row row; /* large: not on the stack */
  int64_t id;
  int rc = store_scheme_by_name(db, d->name, YEAR, &id);

  if (rc != ERR_NOTFOUND)
    return rc; /* 0: there already */
  if ((rc = scheme_defaults(d->type, &row)))
    return rc;
  str_copy(row.name, sizeof(row.name), d->name);
  str_copy(row.academic_year, sizeof(row.academic_year), YEAR);
  str_copy(row.status, sizeof(row.status), d->status);
  str_copy(row.starts_on, sizeof(row.starts_on), d->starts_on);
  str_copy(row.ends_on, sizeof(row.ends_on), d->ends_on);
  str_copy(row.summary, sizeof(row.summary), d->summary);
  str_copy(row.description, sizeof(row.description), d->description);
  if (strcmp(d->type, "international") == 0) /* mentees choose: the demo */
    str_copy(row.matching_mode, sizeof(row.matching_mode), "mentee_chooses");
  row.applications_open = d->applications_open;
  row.signups_open = d->signups_open;
  if ((rc = term_named(db, d->term, &row.term_id)))
    return rc;
  add_courses(db, d->courses, &row);
  str_copy(row.owner_level, sizeof(row.owner_level),
           row.ncourses ? "course" : "central");
  if (strcmp(d->type, "pal") == 0)
    row.sponsor_staff_id = sponsor;
  if ((rc = scheme_create(db, 0, "cli", &row, &id, why)))
    return rc;
  if ((rc = add_staff(db, id, "coordinator@demo.ac.uk", "coordinator")))
    return rc;
  return row.ncourses ? add_staff(db, id, "champion@demo.ac.uk", "champion")
                      : 0;
}

int demo_schemes(struct db *db, struct err_detail *why)
{
  struct staff_row champion;
  int rc = store_staff_by_number(db, "1000001", &champion);

  if (rc)
    return rc;
  for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
    if ((rc = one_scheme(db, &schemes[i], champion.id, why)))
      return rc;
  return 0;
}
