/* domain/demo_matching.c: the demo's mentors and mentees
 * (domain/demo_matching.h). Every enrolled student is read once; each
 * scheme's people are the first by a hash of the seed and their student
 * number among those who fit, so the choice does not depend on the
 * database's ids or on what ran before. */
#include "domain/demo_matching.h"

#include "base/mem.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/applications.h"
#include "domain/demo.h"
#include "domain/eligibility.h"
#include "domain/schemes.h"
#include "domain/training.h"
#include "store/applications.h"
#include "store/demo_matching.h"
#include "store/people.h"
#include "store/schemes.h"
#include "store/signups.h"
#include "store/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR "2026/27"

enum {
  DAY = 86400,
  /* Fixed times, so that the data is the same on every run: applications
   * from 1 June 2026, sign-ups from 21 September, and the mentors'
   * training day on 3 October 2026 at 10:00 UTC (one more day for every
   * TRAINING_DAY_PLACES people). */
  APPLIED_FROM = 1780272000,
  SIGNED_UP_FROM = 1789948800,
  TRAINING_DAY = 1791021600,
  TRAINING_DAY_PLACES = 500,
};

static const char training_place[] = "Great Hall (mentor training day)";
static const char cs_courses[] = " G400 G400-PY G400-INT G600 CMS-FY ";
static const char *const preference_words[] = {
    "course",       "faculty", "interests",   "language",
    "home_country", "campus",  "availability"};

struct person {
  struct demo_student_row row;
  uint64_t hash;
  bool taken; /* a mentor or a mentee already */
};

/* A past training day for one module: its session now, and the next day's
 * when it is full. */
struct training_day {
  int64_t module_id, session_id;
  int day;
};

struct ctx {
  struct db *db;
  struct person *people;
  size_t n, cap;
  char hash[ACCOUNT_HASH_MAX]; /* DEMO_PASSWORD's, made once */
  bool hashed;
  int64_t trainer;
  struct training_day days[16];
  int ndays;
  int64_t skip_student; /* the demo's sample applicant */
  struct scheme_row *scheme;
  struct student_row *student;
  struct signup_row *signup;
  struct application_row *app;
  struct demo_matching_report *report;
  struct err_detail *why;
};

static uint64_t mix(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t hash_of(uint64_t seed, const char *number)
{
  uint64_t h = 0xcbf29ce484222325ULL;

  for (const char *p = number; *p; p++)
    h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
  return mix(h ^ mix(seed + 0x9e3779b97f4a7c15ULL));
}

static int collect(void *vctx, const struct demo_student_row *r)
{
  struct ctx *c = vctx;

  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 1024;
    c->people = xreallocarray(c->people, c->cap, sizeof(*c->people));
  }
  memset(&c->people[c->n], 0, sizeof(c->people[0]));
  c->people[c->n++].row = *r;
  return 0;
}

static int by_hash(const void *a, const void *b)
{
  const struct person *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return strcmp(x->row.number, y->row.number);
}

static bool is_demo_account(const char *email)
{
  for (int i = 0; i < demo_naccounts; i++)
    if (str_eq(demo_accounts[i].email, email))
      return true;
  return false;
}

static bool on_cs_course(const struct person *p)
{
  char code[DM_CODE + 2];

  if (!p->row.course[0])
    return false;
  snprintf(code, sizeof(code), " %s ", p->row.course);
  return strstr(cs_courses, code) != NULL;
}

/* ------------------------------------------------------------- accounts */

/* The account of p's university email, made (and linked to the student
 * record) when there is none. */
static int account_of(struct ctx *c, struct person *p)
{
  struct user u;
  int rc;

  if (p->row.user_id)
    return 0;
  rc = account_by_email(c->db, p->row.email, &u);
  if (rc == ERR_NOTFOUND) {
    if (!c->hashed) {
      if ((rc = account_password_hash(DEMO_PASSWORD, c->hash)))
        return rc;
      c->hashed = true;
    }
    rc = account_create_hashed(c->db, 0, "cli", p->row.email, p->row.name,
                               c->hash, ROLE_STUDENT, &u, c->why);
    if (rc == 0 && c->report)
      c->report->accounts++;
  }
  if (rc)
    return rc;
  p->row.user_id = u.id;
  return store_demo_link(c->db, p->row.id, u.id);
}

/* -------------------------------------------------------------- mentors */

/* The session of the training day for module m with a free place, and the
 * place's position. */
static int training_seat(struct ctx *c, const struct module_row *m,
                         int64_t *session_id, int64_t *position,
                         int64_t *starts_at)
{
  struct training_day *t = NULL;
  int rc;

  for (int i = 0; i < c->ndays; i++)
    if (c->days[i].module_id == m->id)
      t = &c->days[i];
  if (!t) {
    if (c->ndays == (int)(sizeof(c->days) / sizeof(c->days[0])))
      return ERR_INTERNAL;
    t = &c->days[c->ndays++];
    memset(t, 0, sizeof(*t));
    t->module_id = m->id;
  }
  for (;;) {
    int64_t start = TRAINING_DAY + (int64_t)t->day * DAY;

    if (!t->session_id) {
      rc = store_demo_session_find(c->db, m->id, start, training_place,
                                   &t->session_id);
      if (rc == ERR_NOTFOUND) {
        struct tsession_row s;

        memset(&s, 0, sizeof(s));
        s.module_id = m->id;
        s.starts_at = start;
        s.minutes = m->minutes;
        s.capacity = TRAINING_DAY_PLACES;
        s.trainer_user_id = c->trainer;
        str_copy(s.place, sizeof(s.place), training_place);
        rc = store_tsession_insert(c->db, &s, start - 30 * DAY, &t->session_id);
      }
      if (rc)
        return rc;
    }
    if ((rc = store_tsession_lock(c->db, t->session_id, position)))
      return rc;
    if (*position <= TRAINING_DAY_PLACES) {
      *session_id = t->session_id;
      *starts_at = start;
      return 0;
    }
    t->day++;
    t->session_id = 0;
  }
}

/* p attended a training day for every module scheme_id requires that they
 * have not completed. */
static int train(struct ctx *c, struct person *p, int64_t scheme_id)
{
  struct requirement_row req[16];
  struct module_row m;
  int n, rc = store_requirements(c->db, p->row.user_id, scheme_id, req, 16, &n);
  bool any = false;

  for (int i = 0; rc == 0 && i < n; i++) {
    struct completion_row done;
    int64_t session_id, position, starts_at, booking;

    if (req[i].completed)
      continue;
    if ((rc = store_module_get(c->db, req[i].module_id, &m)))
      break;
    if (str_eq(m.delivery, "self_paced"))
      continue; /* a quiz, not a training day */
    if ((rc = training_seat(c, &m, &session_id, &position, &starts_at)) ||
        (rc = store_demo_attended(c->db, session_id, p->row.user_id, position,
                                  starts_at - 14 * DAY, &booking)))
      break;
    memset(&done, 0, sizeof(done));
    done.user_id = p->row.user_id;
    done.module_id = m.id;
    done.completed_at = starts_at + (int64_t)m.minutes * 60;
    done.expires_at = training_expiry(done.completed_at, m.validity_months);
    str_copy(done.how, sizeof(done.how), "attendance");
    done.source_id = booking;
    rc = store_completion_add(c->db, &done, NULL);
    any = true;
  }
  if (rc == 0 && any && c->report)
    c->report->trained++;
  return rc;
}

/* p accepted as a mentor of the scheme in c->scheme (with the role
 * agreement), trained unless not. false in *added when p is not eligible
 * (they are left alone). */
static int mentor(struct ctx *c, struct person *p, bool trained, bool *added)
{
  const struct scheme_row *s = c->scheme;
  struct eligibility e;
  char today[11];
  int64_t id, at;
  int rc;

  *added = false;
  rc = store_application_find(c->db, s->id, p->row.id, c->app);
  if (rc == 0 && !str_eq(c->app->state, "accepted"))
    return 0; /* someone else's story: leave it */
  if (rc == ERR_NOTFOUND) {
    applications_today(today);
    if ((rc = store_student_get(c->db, p->row.id, c->student)) ||
        (rc = eligibility_check(c->db, s, "mentor", c->student, today, &e)))
      return rc;
    if (!e.eligible)
      return 0;
    if ((rc = account_of(c, p)))
      return rc;
    at = APPLIED_FROM + (int64_t)(p->hash % 30) * DAY + 10 * 3600;
    if ((rc = store_application_insert(c->db, s->id, p->row.id, e.explanation,
                                       false, at, &id)) ||
        (rc = store_app_event_add(c->db, id, at, 0, "", "submitted", "")) ||
        (rc = store_application_move(c->db, id, "submitted", 1, "offered", NULL,
                                     NULL, 0, at + 7 * DAY)) ||
        (rc = store_app_event_add(c->db, id, at + 7 * DAY, c->trainer,
                                  "submitted", "offered", "")) ||
        (rc = store_application_move(c->db, id, "offered", 2, "accepted", NULL,
                                     NULL, at + 9 * DAY, at + 9 * DAY)) ||
        (rc = store_app_event_add(c->db, id, at + 9 * DAY, 0, "offered",
                                  "accepted", "")))
      return rc;
    if (c->report)
      c->report->mentors++;
  } else if (rc) {
    return rc;
  } else if ((rc = account_of(c, p))) {
    return rc;
  }
  *added = true;
  p->taken = true;
  return trained ? train(c, p, s->id) : 0;
}

/* -------------------------------------------------------------- mentees */

/* The help topics of a scheme, space-separated. */
static int help_topics(struct ctx *c, int64_t scheme_id, char *out, size_t n)
{
  struct scheme_topic_row rows[S_TOPICS_MAX];
  int k, rc = store_scheme_topics(c->db, scheme_id, rows, S_TOPICS_MAX, &k);
  size_t used = 0;

  out[0] = '\0';
  for (int i = 0; rc == 0 && i < k; i++)
    if (str_eq(rows[i].kind, "help") && used + strlen(rows[i].topic) + 2 < n)
      used += (size_t)snprintf(out + used, n - used, "%s%s", used ? " " : "",
                               rows[i].topic);
  return rc;
}

/* Some of the words of list (space-separated), at least one, chosen by
 * the bits of h. */
static void some_words(const char *list, uint64_t h, char *out, size_t n)
{
  size_t used = 0;
  const char *p = list;
  int i = 0;

  out[0] = '\0';
  while (*p) {
    size_t len = strcspn(p, " ");

    if (len && ((h >> (i % 60)) & 3) == 0 && used + len + 2 < n) {
      used += (size_t)snprintf(out + used, n - used, "%s%.*s", used ? " " : "",
                               (int)len, p);
    }
    i += 2;
    p += len;
    p += strspn(p, " ");
  }
  if (!used && list[0])
    snprintf(out, n, "%.*s", (int)strcspn(list, " "), list);
}

/* p signed up as a mentee of the scheme in c->scheme. */
static int mentee(struct ctx *c, struct person *p, const char *topics)
{
  struct signup_row *row = c->signup;
  uint64_t h = mix(p->hash);
  char prefs[SU_PREFS];
  size_t used = 0;
  int rc;

  p->taken = true;
  if ((rc = account_of(c, p)))
    return rc;
  rc = store_signup_of_user(c->db, c->scheme->id, p->row.user_id, row);
  if (rc != ERR_NOTFOUND)
    return rc; /* there already (0), or an error */
  prefs[0] = '\0';
  for (size_t i = 0; i < sizeof(preference_words) / sizeof(*preference_words);
       i++)
    if ((h >> (3 * i)) % 5 < 2)
      used += (size_t)snprintf(prefs + used, sizeof(prefs) - used, "%s%s",
                               used ? " " : "", preference_words[i]);
  memset(row, 0, sizeof(*row));
  row->scheme_id = c->scheme->id;
  row->user_id = p->row.user_id;
  row->student_id = p->row.id;
  some_words(topics, h >> 24, row->topics, sizeof(row->topics));
  str_copy(row->preferences, sizeof(row->preferences), prefs);
  str_copy(row->mode, sizeof(row->mode),
           (h >> 40) % 10 < 2   ? "online"
           : (h >> 40) % 10 < 5 ? "face_to_face"
                                : "either");
  if ((rc = store_signup_upsert(
           c->db, row, SIGNED_UP_FROM + (int64_t)((h >> 48) % (14 * 24)) * 3600,
           NULL)))
    return rc;
  if (c->report)
    c->report->signups++;
  return 0;
}

/* --------------------------------------------------------------- schemes */

enum side { MENTOR, MENTEE };

/* Who fits a scheme's side in the demo. */
struct want {
  enum side side;
  bool cs;            /* on a Computer Science course */
  bool g400;          /* on G400 itself (PAL) */
  bool international; /* international fee status */
};

static bool fits(const struct person *p, const struct want *w)
{
  int y = p->row.year_of_study;

  if (p->taken || is_demo_account(p->row.email))
    return false;
  if (w->side == MENTOR ? y < 2 || y > 4 : y != 1)
    return false;
  if (w->cs && !on_cs_course(p))
    return false;
  if (w->g400 && !str_eq(p->row.course, "G400"))
    return false;
  if (w->international && !str_eq(p->row.fee_status, "international"))
    return false;
  return true;
}

/* Up to count people who fit w become the scheme's mentors or mentees;
 * every untrained_in-th mentor (0: none) is left untrained. */
static int fill(struct ctx *c, const struct want *w, int count,
                int untrained_in, const char *topics)
{
  int made = 0, rc = 0;

  for (size_t i = 0; rc == 0 && made < count && i < c->n; i++) {
    struct person *p = &c->people[i];
    bool added = true;

    if (!fits(p, w) || p->row.id == c->skip_student)
      continue;
    if (w->side == MENTOR)
      rc =
          mentor(c, p, !untrained_in || made % untrained_in != untrained_in - 1,
                 &added);
    else
      rc = mentee(c, p, topics);
    made += added;
  }
  return rc;
}

/* The scheme called name, into c->scheme; ERR_NOTFOUND when the demo has
 * none. */
static int scheme_named(struct ctx *c, const char *name)
{
  int64_t id;
  int rc = store_scheme_by_name(c->db, name, YEAR, &id);

  return rc ? rc : scheme_get(c->db, id, c->scheme);
}

/* One of the demo accounts' people, by email. */
static struct person *named(struct ctx *c, const char *email)
{
  for (size_t i = 0; i < c->n; i++)
    if (str_eq(c->people[i].row.email, email))
      return &c->people[i];
  return NULL;
}

struct plan {
  const char *scheme;
  struct want mentors;
  int nmentors, untrained_in;
  struct want mentees;
  int nmentees;
  const char *mentor_email, *mentee_email; /* demo accounts, or NULL */
};

static int one_scheme(struct ctx *c, const struct plan *pl)
{
  char topics[1024];
  struct person *p;
  bool added;
  int rc = scheme_named(c, pl->scheme);

  if (rc == ERR_NOTFOUND)
    return 0;
  if (rc || (rc = help_topics(c, c->scheme->id, topics, sizeof(topics))))
    return rc;
  if (pl->mentor_email && (p = named(c, pl->mentor_email)) &&
      (rc = mentor(c, p, true, &added)))
    return rc;
  if (pl->mentee_email && (p = named(c, pl->mentee_email)) &&
      (rc = mentee(c, p, topics)))
    return rc;
  if ((rc = fill(c, &pl->mentors, pl->nmentors, pl->untrained_in, topics)))
    return rc;
  return fill(c, &pl->mentees, pl->nmentees, 0, topics);
}

int demo_matching(struct db *db, int students, uint64_t seed,
                  struct demo_matching_report *out, struct err_detail *why)
{
  struct ctx c = {0};
  struct user coordinator;
  int big_mentors = students / 30 > 0 ? students / 30 : 1;
  int big_mentees = students / 10 > 0 ? students / 10 : 1;
  /* PAL first: it takes only G400's students, the Computer Science scheme
   * any of its courses'. */
  const struct plan plans[] = {
      {"PAL: Programming Fundamentals",
       {MENTOR, false, true, false},
       3,
       0,
       {MENTEE, false, true, false},
       20,
       NULL,
       NULL},
      {"Computer Science peer mentoring",
       {MENTOR, true, false, false},
       6,
       0,
       {MENTEE, true, false, false},
       12,
       "student@demo.ac.uk",
       "first-year@demo.ac.uk"},
      {"International student mentoring",
       {MENTOR, false, false, true},
       5,
       0,
       {MENTEE, false, false, true},
       12,
       NULL,
       NULL},
      {"First-year peer mentoring",
       {MENTOR, false, false, false},
       big_mentors,
       10,
       {MENTEE, false, false, false},
       big_mentees,
       NULL,
       NULL},
  };
  int rc;

  if (out)
    memset(out, 0, sizeof(*out));
  c.db = db;
  c.report = out;
  c.why = why;
  c.scheme = xmalloc(sizeof(*c.scheme));
  c.student = xmalloc(sizeof(*c.student));
  c.signup = xmalloc(sizeof(*c.signup));
  c.app = xmalloc(sizeof(*c.app));
  rc = account_by_email(db, "coordinator@demo.ac.uk", &coordinator);
  c.trainer = rc == 0 ? coordinator.id : 0;
  if (rc && rc != ERR_NOTFOUND)
    goto done;
  /* The sample applicant of applications_demo stays an applicant. */
  rc = store_demo_applicant(db, &c.skip_student);
  if (rc && rc != ERR_NOTFOUND)
    goto done;
  if ((rc = store_demo_enrolled(db, collect, &c)))
    goto done;
  for (size_t i = 0; i < c.n; i++)
    c.people[i].hash = hash_of(seed, c.people[i].row.number);
  if (c.n)
    qsort(c.people, c.n, sizeof(*c.people), by_hash);
  for (size_t i = 0; i < sizeof(plans) / sizeof(plans[0]); i++)
    if ((rc = one_scheme(&c, &plans[i])))
      break;
done:
  free(c.people);
  free(c.scheme);
  free(c.student);
  free(c.signup);
  free(c.app);
  return rc;
}
