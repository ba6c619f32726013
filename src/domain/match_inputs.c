/* domain/match_inputs.c: a run's inputs, their text form, and the solve. */
#include "domain/match_inputs.h"

#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/eligibility.h"
#include "domain/training.h"
#include "match/candidates.h"
#include "match/groups.h"
#include "store/matching.h"
#include "store/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ loading */

/* Words mapped to small integers in the order first seen (countries,
 * campuses, interests, languages): the engine compares integers. */
struct intern {
  char (*word)[48];
  int n, cap;
};

static int intern_id(struct intern *t, const char *w)
{
  if (!*w)
    return -1;
  for (int i = 0; i < t->n; i++)
    if (strcmp(t->word[i], w) == 0)
      return i;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 32;
    t->word = xreallocarray(t->word, (size_t)t->cap, sizeof(*t->word));
  }
  str_copy(t->word[t->n], sizeof(t->word[0]), w);
  return t->n++;
}

struct loader {
  struct mx *x;
  const struct mx_scope *scope;
  uint32_t cap_mentees, cap_mentors;
  struct intern countries, campuses, interests, languages;
  /* (student id, mentee index), sorted by student id */
  int64_t (*by_student)[2];
  /* pins as read: (sign-up, mentor student) */
  size_t n_raw_pins, cap_raw_pins;
  int64_t (*raw_pins)[2];
  size_t cap_blocked, cap_ended;
  int failed;
};

static void person_from(struct loader *l, const struct match_person_row *r,
                        struct match_person *p)
{
  memset(p, 0, sizeof(*p));
  p->course = r->course_id ? (int32_t)r->course_id : -1;
  p->faculty = r->faculty_id ? (int32_t)r->faculty_id : -1;
  p->year = r->student_id ? r->year_of_study : -1;
  p->home_country = intern_id(&l->countries, r->home_country);
  p->campus = intern_id(&l->campuses, r->campus);
  p->first_language = -1;
  p->availability = (uint32_t)r->availability & ((1u << MATCH_SLOTS) - 1);
}

static int add_mentor(void *ctx, const struct match_person_row *r)
{
  struct loader *l = ctx;
  struct mx *x = l->x;
  struct mx_mentor *m;

  if (l->scope->only_mentor && r->student_id != l->scope->only_mentor)
    return 0;
  if (x->n_mentors == l->cap_mentors) {
    l->cap_mentors = l->cap_mentors ? l->cap_mentors * 2 : 64;
    x->mentor = xreallocarray(x->mentor, l->cap_mentors, sizeof(*x->mentor));
  }
  m = &x->mentor[x->n_mentors];
  memset(m, 0, sizeof(*m));
  m->student_id = r->student_id;
  m->user_id = r->user_id;
  person_from(l, r, &m->p);
  /* A mentor without an account still needs an identity of its own. */
  m->p.person = r->user_id ? (uint32_t)r->user_id : 0x80000000u | x->n_mentors;
  m->p.capacity = r->capacity;
  m->p.load = r->held;
  m->p.eligible = m->p.trained = 1;
  x->n_mentors++;
  return 0;
}

static uint8_t mode_of(const char *mode)
{
  if (strcmp(mode, "online") == 0)
    return MATCH_ONLINE;
  if (strcmp(mode, "face_to_face") == 0)
    return MATCH_FACE_TO_FACE;
  return MATCH_EITHER;
}

/* The criteria a mentee named among their preferences. */
static uint32_t prefer_mask(const char *words)
{
  static const char *const map[][2] = {
      {"course", "course"},         {"faculty", "faculty"},
      {"interests", "interests"},   {"language", "language"},
      {"home_country", "home_country"}, {"campus", "campus"},
      {"availability", "availability"},
  };
  static const enum match_criterion k[] = {
      MC_COURSE,       MC_FACULTY, MC_INTERESTS,    MC_LANGUAGE,
      MC_HOME_COUNTRY, MC_CAMPUS,  MC_AVAILABILITY,
  };
  uint32_t mask = 0;
  char w[32];
  const char *p = words;

  while (*p) {
    size_t n = 0;
    while (*p == ' ')
      p++;
    while (*p && *p != ' ' && n + 1 < sizeof(w))
      w[n++] = *p++;
    while (*p && *p != ' ')
      p++;
    w[n] = '\0';
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
      if (n && strcmp(w, map[i][0]) == 0)
        mask |= 1u << k[i];
  }
  return mask;
}

static int add_mentee(void *ctx, const struct match_person_row *r)
{
  struct loader *l = ctx;
  struct mx *x = l->x;
  struct mx_mentee *e;

  if (l->scope->only_signup && r->signup_id != l->scope->only_signup)
    return 0;
  if (x->n_mentees == l->cap_mentees) {
    l->cap_mentees = l->cap_mentees ? l->cap_mentees * 2 : 64;
    x->mentee = xreallocarray(x->mentee, l->cap_mentees, sizeof(*x->mentee));
  }
  e = &x->mentee[x->n_mentees];
  memset(e, 0, sizeof(*e));
  e->signup_id = r->signup_id;
  e->student_id = r->student_id;
  e->user_id = r->user_id;
  e->prefer = prefer_mask(r->preferences);
  person_from(l, r, &e->p);
  e->p.person = (uint32_t)r->user_id;
  e->p.mode = mode_of(r->mode);
  x->n_mentees++;
  return 0;
}

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The mentor of student id (mentors are read in student order), or -1. */
static int64_t mentor_index(const struct mx *x, int64_t student_id)
{
  size_t lo = 0, hi = x->n_mentors;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->mentor[mid].student_id < student_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < x->n_mentors && x->mentor[lo].student_id == student_id
             ? (int64_t)lo
             : -1;
}

/* The mentee of sign-up id (mentees are read in sign-up order), or -1. */
static int64_t mentee_index(const struct mx *x, int64_t signup_id)
{
  size_t lo = 0, hi = x->n_mentees;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->mentee[mid].signup_id < signup_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < x->n_mentees && x->mentee[lo].signup_id == signup_id
             ? (int64_t)lo
             : -1;
}

/* Apply fn to the engine person of every mentor and mentee who is student
 * id (a student may be both, in principle). */
static void each_person_of(struct loader *l, int64_t student_id,
                           void (*fn)(struct loader *, struct match_person *,
                                      const char *, int),
                           const char *word, int flag)
{
  struct mx *x = l->x;
  int64_t j = mentor_index(x, student_id);
  size_t lo = 0, hi = x->n_mentees;

  if (j >= 0)
    fn(l, &x->mentor[j].p, word, flag);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->by_student[mid][0] < student_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (; lo < x->n_mentees && l->by_student[lo][0] == student_id; lo++)
    fn(l, &x->mentee[l->by_student[lo][1]].p, word, flag);
}

static void set_interest(struct loader *l, struct match_person *p,
                         const char *w, int flag)
{
  int bit = intern_id(&l->interests, w);

  (void)flag;
  if (bit >= 0 && bit < 64)
    p->interests |= 1ull << bit;
}

static void set_language(struct loader *l, struct match_person *p,
                         const char *w, int first)
{
  int bit = intern_id(&l->languages, w);

  if (bit >= 0 && bit < 64)
    p->languages |= 1ull << bit;
  if (first && bit >= 0)
    p->first_language = bit;
}

static void set_characteristic(struct loader *l, struct match_person *p,
                               const char *w, int flag)
{
  static const char *const kinds[] = {"first_in_family", "care_leaver",
                                      "commuter",        "mature",
                                      "disability",      "carer",
                                      "estranged"};

  (void)l, (void)flag;
  for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    if (strcmp(w, kinds[i]) == 0) {
      /* The row is the student's consent to hold it. */
      p->characteristics |= 1u << i;
      p->consent |= 1u << i;
    }
}

static int fact_interest(void *ctx, int64_t s, const char *w, int f)
{
  each_person_of(ctx, s, set_interest, w, f);
  return 0;
}
static int fact_language(void *ctx, int64_t s, const char *w, int f)
{
  each_person_of(ctx, s, set_language, w, f);
  return 0;
}
static int fact_characteristic(void *ctx, int64_t s, const char *w, int f)
{
  each_person_of(ctx, s, set_characteristic, w, f);
  return 0;
}

static int add_pin(void *ctx, int64_t signup_id, int64_t mentor_student_id)
{
  struct loader *l = ctx;

  if (l->n_raw_pins == l->cap_raw_pins) {
    l->cap_raw_pins = l->cap_raw_pins ? l->cap_raw_pins * 2 : 16;
    l->raw_pins = xreallocarray(l->raw_pins, l->cap_raw_pins, sizeof(*l->raw_pins));
  }
  l->raw_pins[l->n_raw_pins][0] = signup_id;
  l->raw_pins[l->n_raw_pins][1] = mentor_student_id;
  l->n_raw_pins++;
  return 0;
}

/* A rule pair (sign-up, mentor student) as an engine key, when both are
 * among the inputs. */
static int push_key(struct loader *l, int64_t signup_id, int64_t mentor,
                    uint64_t **keys, size_t *n, size_t *cap)
{
  int64_t i = mentee_index(l->x, signup_id), j = mentor_index(l->x, mentor);

  if (i < 0 || j < 0)
    return 0;
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    *keys = xreallocarray(*keys, *cap, sizeof(**keys));
  }
  (*keys)[(*n)++] =
      match_pair_key(l->x->mentee[i].p.person, l->x->mentor[j].p.person);
  return 0;
}

static int add_block(void *ctx, int64_t signup_id, int64_t mentor)
{
  struct loader *l = ctx;
  return push_key(l, signup_id, mentor, &l->x->blocked, &l->x->n_blocked,
                  &l->cap_blocked);
}

static int add_ended(void *ctx, int64_t signup_id, int64_t mentor)
{
  struct loader *l = ctx;
  return push_key(l, signup_id, mentor, &l->x->ended, &l->x->n_ended,
                  &l->cap_ended);
}

static void sort_unique(uint64_t *a, size_t *n)
{
  size_t k = 0;

  if (!*n)
    return;
  qsort(a, *n, sizeof(*a), cmp_u64);
  for (size_t i = 1; i < *n; i++)
    if (a[i] != a[k])
      a[++k] = a[i];
  *n = k + 1;
}

/* The gate: each mentor's eligibility and training, with the reason. */
static int gate(struct db *db, const struct scheme_row *scheme, int64_t now,
                struct mx *x)
{
  struct student_row *s = xmalloc(sizeof(*s));
  struct eligibility e;
  struct training_gap gaps[TRAINING_REQUIRED_MAX];
  char today[16];
  time_t t = (time_t)now;
  struct tm tm;
  int rc = 0;

  gmtime_r(&t, &tm);
  strftime(today, sizeof(today), "%Y-%m-%d", &tm);
  for (uint32_t j = 0; j < x->n_mentors && !rc; j++) {
    struct mx_mentor *m = &x->mentor[j];
    int n = 0;

    if ((rc = store_student_get(db, m->student_id, s)))
      break;
    if ((rc = eligibility_check(db, scheme, "mentor", s, today, &e)))
      break;
    if (!e.eligible) {
      m->p.eligible = 0;
      str_copy(m->why_not, sizeof(m->why_not), e.explanation);
      continue;
    }
    if (!m->user_id) {
      m->p.trained = 0;
      str_copy(m->why_not, sizeof(m->why_not),
               "No account, so no training recorded.");
      continue;
    }
    if ((rc = training_missing(db, m->user_id, scheme->id, now, gaps,
                               TRAINING_REQUIRED_MAX, &n)))
      break;
    if (n) {
      struct buf b;
      buf_init(&b, sizeof(m->why_not) - 16);
      training_missing_text(gaps, n, &b);
      m->p.trained = 0;
      snprintf(m->why_not, sizeof(m->why_not), "Needs %s.",
               b.data ? b.data : "training");
      buf_free(&b);
    }
  }
  free(s);
  return rc;
}

int mx_load(struct db *db, const struct scheme_row *scheme,
            const struct mx_scope *scope, int64_t now, struct mx *x)
{
  struct loader l;
  bool group = strcmp(scheme->format, "group") == 0;
  int cap = group && scheme->group_size > 0 ? scheme->group_size
                                            : scheme->mentor_capacity;
  int rc;

  memset(&l, 0, sizeof(l));
  l.x = x;
  l.scope = scope;
  x->groups = group;
  x->group_size = scheme->group_size > 0 ? scheme->group_size : 8;
  x->co_lead = group && strcmp(scheme->type, "pal") == 0;
  if ((rc = store_match_mentors(db, scheme->id, cap, add_mentor, &l)) ||
      (rc = store_match_mentees(db, scheme->id, scope->waiting_only,
                                add_mentee, &l)))
    goto out;
  l.by_student = xmalloc((x->n_mentees + 1) * sizeof(*l.by_student));
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    l.by_student[i][0] = x->mentee[i].student_id;
    l.by_student[i][1] = i;
  }
  qsort(l.by_student, x->n_mentees, sizeof(*l.by_student), cmp_i64);
  if ((rc = store_match_interests(db, scheme->id, fact_interest, &l)) ||
      (rc = store_match_languages(db, scheme->id, fact_language, &l)) ||
      (rc = store_match_characteristics(db, scheme->id, fact_characteristic,
                                        &l)) ||
      (rc = store_match_pins(db, scheme->id, add_pin, &l)) ||
      (rc = store_match_blocks(db, scheme->id, add_block, &l)) ||
      (rc = store_match_ended_badly(db, scheme->id, add_ended, &l)))
    goto out;
  sort_unique(x->blocked, &x->n_blocked);
  sort_unique(x->ended, &x->n_ended);
  x->pin_mentee = xmalloc((l.n_raw_pins + 1) * sizeof(*x->pin_mentee));
  x->pin_mentor = xmalloc((l.n_raw_pins + 1) * sizeof(*x->pin_mentor));
  for (size_t k = 0; k < l.n_raw_pins; k++) {
    int64_t i = mentee_index(x, l.raw_pins[k][0]);
    int64_t j = mentor_index(x, l.raw_pins[k][1]);
    if (i >= 0 && j >= 0) {
      x->pin_mentee[x->n_pins] = (uint32_t)i;
      x->pin_mentor[x->n_pins] = (uint32_t)j;
      x->n_pins++;
    }
  }
  if (scope->gate)
    rc = gate(db, scheme, now, x);
out:
  free(l.by_student);
  free(l.raw_pins);
  free(l.countries.word);
  free(l.campuses.word);
  free(l.interests.word);
  free(l.languages.word);
  if (rc)
    mx_free(x);
  return rc;
}

void mx_free(struct mx *x)
{
  free(x->mentee);
  free(x->mentor);
  free(x->pin_mentee);
  free(x->pin_mentor);
  free(x->blocked);
  free(x->ended);
  x->mentee = NULL;
  x->mentor = NULL;
  x->pin_mentee = x->pin_mentor = NULL;
  x->blocked = x->ended = NULL;
  x->n_mentees = x->n_mentors = 0;
  x->n_pins = x->n_blocked = x->n_ended = 0;
}

/* ---------------------------------------------------------------- scores */

void mx_config_for(const struct mx *x, const struct mx_mentee *e,
                   struct match_config *out)
{
  *out = x->config;
  for (int k = 0; k < MC_COUNT; k++)
    if (e->prefer & (1u << k)) {
      int32_t w = out->w[k].weight * 2;
      out->w[k].weight = w > 1000 ? 1000 : w;
    }
}

static void rules_of(const struct mx *x, struct match_rules *r)
{
  r->blocked = x->blocked;
  r->n_blocked = x->n_blocked;
  r->ended_badly = x->ended;
  r->n_ended_badly = x->n_ended;
}

static int32_t scaled(int32_t s, int32_t max)
{
  if (s < 0)
    return MATCH_EXCLUDED;
  return max > 0 ? (int32_t)((int64_t)s * 1000 / max) : 0;
}

int32_t mx_score(const struct mx *x, uint32_t i, uint32_t j,
                 struct match_explain *ex)
{
  struct match_config c;
  struct match_rules r;

  mx_config_for(x, &x->mentee[i], &c);
  rules_of(x, &r);
  return scaled(match_score(&c, &r, &x->mentee[i].p, &x->mentor[j].p, ex),
                match_score_max(&c));
}

/* ------------------------------------------------------------- text form */

static const char *objective_word(enum match_objective o)
{
  return match_objective_name(o);
}

static void write_person(struct buf *b, const struct match_person *p)
{
  buf_printf(b,
             " %u %d %d %d %d %d %llx %llx %d %x %u %x %x %u %u %d %d",
             p->person, p->course, p->faculty, p->year, p->home_country,
             p->campus, (unsigned long long)p->interests,
             (unsigned long long)p->languages, p->first_language,
             p->availability, (unsigned)p->mode, p->characteristics,
             p->consent, (unsigned)p->eligible, (unsigned)p->trained,
             p->capacity, p->load);
}

void mx_write(const struct mx *x, struct buf *b)
{
  buf_printf(b, "tandem-match-inputs 1\nobjective %s\nmin_score %d\n",
             objective_word(x->objective), x->min_score);
  buf_printf(b, "year_ahead %d %d\ngroups %d %d %d\ncriteria",
             x->config.year_ahead_min, x->config.year_ahead_max,
             x->groups ? 1 : 0, x->group_size, x->co_lead ? 1 : 0);
  for (int k = 0; k < MC_COUNT; k++)
    buf_printf(b, " %d:%d", x->config.w[k].weight,
               x->config.w[k].dealbreaker ? 1 : 0);
  buf_putc(b, '\n');
  for (uint32_t j = 0; j < x->n_mentors; j++) {
    buf_printf(b, "mentor %lld %lld", (long long)x->mentor[j].student_id,
               (long long)x->mentor[j].user_id);
    write_person(b, &x->mentor[j].p);
    buf_putc(b, '\n');
  }
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    const struct mx_mentee *e = &x->mentee[i];
    buf_printf(b, "mentee %lld %lld %lld %x", (long long)e->signup_id,
               (long long)e->student_id, (long long)e->user_id, e->prefer);
    write_person(b, &e->p);
    buf_putc(b, '\n');
  }
  for (size_t k = 0; k < x->n_pins; k++)
    buf_printf(b, "pin %u %u\n", x->pin_mentee[k], x->pin_mentor[k]);
  for (size_t k = 0; k < x->n_blocked; k++)
    buf_printf(b, "block %llx\n", (unsigned long long)x->blocked[k]);
  for (size_t k = 0; k < x->n_ended; k++)
    buf_printf(b, "ended %llx\n", (unsigned long long)x->ended[k]);
}

static int read_person(const char *s, struct match_person *p)
{
  unsigned long long in, lang;
  unsigned person, avail, mode, chars, consent, elig, trained;
  int n = 0;

  memset(p, 0, sizeof(*p));
  if (sscanf(s, " %u %d %d %d %d %d %llx %llx %d %x %u %x %x %u %u %d %d%n",
             &person, &p->course, &p->faculty, &p->year, &p->home_country,
             &p->campus, &in, &lang, &p->first_language, &avail, &mode,
             &chars, &consent, &elig, &trained, &p->capacity, &p->load,
             &n) != 17)
    return ERR_INPUT;
  p->person = person;
  p->interests = in;
  p->languages = lang;
  p->availability = avail;
  p->mode = (uint8_t)mode;
  p->characteristics = chars;
  p->consent = consent;
  p->eligible = (uint8_t)elig;
  p->trained = (uint8_t)trained;
  return 0;
}

/* Append one element to a growing array. */
#define PUSH(arr, n, cap, v)                                                   \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      (cap) = (cap) ? (cap) * 2 : 16;                                          \
      (arr) = xreallocarray((arr), (cap), sizeof(*(arr)));                       \
    }                                                                          \
    (arr)[(n)++] = (v);                                                        \
  } while (0)

static int parse_line(const char *line, struct mx *x, size_t caps[6])
{
  char word[24];
  int off = 0;

  if (sscanf(line, "%23s%n", word, &off) != 1)
    return 0;
  line += off;
  if (strcmp(word, "tandem-match-inputs") == 0)
    return 0;
  if (strcmp(word, "objective") == 0) {
    char o[16] = "";
    if (sscanf(line, "%15s", o) != 1)
      return ERR_INPUT;
    x->objective = strcmp(o, "total") == 0    ? MATCH_TOTAL
                   : strcmp(o, "maxmin") == 0 ? MATCH_MAXMIN
                                              : MATCH_CARDINALITY;
    return 0;
  }
  if (strcmp(word, "min_score") == 0)
    return sscanf(line, "%d", &x->min_score) == 1 ? 0 : ERR_INPUT;
  if (strcmp(word, "year_ahead") == 0)
    return sscanf(line, "%d %d", &x->config.year_ahead_min,
                  &x->config.year_ahead_max) == 2
               ? 0
               : ERR_INPUT;
  if (strcmp(word, "groups") == 0) {
    int g, co;
    if (sscanf(line, "%d %d %d", &g, &x->group_size, &co) != 3)
      return ERR_INPUT;
    x->groups = g != 0;
    x->co_lead = co != 0;
    return 0;
  }
  if (strcmp(word, "criteria") == 0) {
    for (int k = 0; k < MC_COUNT; k++) {
      int w, d, n = 0;
      if (sscanf(line, " %d:%d%n", &w, &d, &n) != 2)
        return ERR_INPUT;
      x->config.w[k].weight = w;
      x->config.w[k].dealbreaker = (uint8_t)(d != 0);
      line += n;
    }
    return 0;
  }
  if (strcmp(word, "mentor") == 0) {
    struct mx_mentor m;
    long long sid, uid;
    int n = 0;
    memset(&m, 0, sizeof(m));
    if (sscanf(line, " %lld %lld%n", &sid, &uid, &n) != 2 ||
        read_person(line + n, &m.p))
      return ERR_INPUT;
    m.student_id = sid;
    m.user_id = uid;
    PUSH(x->mentor, x->n_mentors, caps[0], m);
    return 0;
  }
  if (strcmp(word, "mentee") == 0) {
    struct mx_mentee e;
    long long sid, stid, uid;
    unsigned prefer;
    int n = 0;
    memset(&e, 0, sizeof(e));
    if (sscanf(line, " %lld %lld %lld %x%n", &sid, &stid, &uid, &prefer,
               &n) != 4 ||
        read_person(line + n, &e.p))
      return ERR_INPUT;
    e.signup_id = sid;
    e.student_id = stid;
    e.user_id = uid;
    e.prefer = prefer;
    PUSH(x->mentee, x->n_mentees, caps[1], e);
    return 0;
  }
  if (strcmp(word, "pin") == 0) {
    unsigned i, j;
    size_t n_before = x->n_pins;
    if (sscanf(line, "%u %u", &i, &j) != 2 || i >= x->n_mentees ||
        j >= x->n_mentors)
      return ERR_INPUT;
    PUSH(x->pin_mentee, x->n_pins, caps[2], i);
    x->n_pins = n_before;
    PUSH(x->pin_mentor, x->n_pins, caps[3], j);
    return 0;
  }
  if (strcmp(word, "block") == 0 || strcmp(word, "ended") == 0) {
    unsigned long long key;
    if (sscanf(line, "%llx", &key) != 1)
      return ERR_INPUT;
    if (word[0] == 'b')
      PUSH(x->blocked, x->n_blocked, caps[4], key);
    else
      PUSH(x->ended, x->n_ended, caps[5], key);
    return 0;
  }
  return ERR_INPUT;
}

int mx_parse(const char *text, struct mx *x)
{
  size_t caps[6] = {0};
  const char *p = text;
  char line[512];
  int rc = 0;

  memset(x, 0, sizeof(*x));
  while (*p && !rc) {
    size_t n = strcspn(p, "\n");
    if (n >= sizeof(line))
      rc = ERR_INPUT;
    else {
      memcpy(line, p, n);
      line[n] = '\0';
      rc = parse_line(line, x, caps);
    }
    p += n;
    if (*p == '\n')
      p++;
  }
  if (rc)
    mx_free(x);
  return rc;
}

/* ------------------------------------------------------------------ solve */

static void result_alloc(struct mx_result *r, uint32_t n)
{
  memset(r, 0, sizeof(*r));
  r->mentor_of = xmalloc((n + 1) * sizeof(*r->mentor_of));
  r->co_leader_of = xmalloc((n + 1) * sizeof(*r->co_leader_of));
  r->group_of = xcalloc(n + 1, sizeof(*r->group_of));
  r->score_of = xcalloc(n + 1, sizeof(*r->score_of));
  r->pinned = xcalloc(n + 1, sizeof(*r->pinned));
  r->unmatched = xcalloc(n + 1, sizeof(*r->unmatched));
  r->rules = xcalloc(n + 1, sizeof(*r->rules));
  for (uint32_t i = 0; i < n; i++)
    r->mentor_of[i] = r->co_leader_of[i] = MATCH_NONE;
}

void mx_result_free(struct mx_result *r)
{
  free(r->mentor_of);
  free(r->co_leader_of);
  free(r->group_of);
  free(r->score_of);
  free(r->pinned);
  free(r->unmatched);
  free(r->rules);
  memset(r, 0, sizeof(*r));
}

/* Growing edge lists. */
struct edges {
  size_t n, cap;
  uint32_t *a, *b;
  int32_t *s;
};

static void edge_push(struct edges *e, uint32_t a, uint32_t b, int32_t s)
{
  if (e->n == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 1024;
    e->a = xreallocarray(e->a, e->cap, sizeof(*e->a));
    e->b = xreallocarray(e->b, e->cap, sizeof(*e->b));
    e->s = xreallocarray(e->s, e->cap, sizeof(*e->s));
  }
  e->a[e->n] = a;
  e->b[e->n] = b;
  e->s[e->n] = s;
  e->n++;
}

static void edges_free(struct edges *e)
{
  free(e->a);
  free(e->b);
  free(e->s);
}

/* Per mentee while scoring: how many mentors each outcome had. */
struct tally {
  int allowed, above_min;
};

static void classify(struct mx_result *r, uint32_t i, const struct tally *t)
{
  if (t->allowed == 0)
    r->unmatched[i] = r->rules[i][MR_AT_CAPACITY] ? MXU_ALL_FULL
                                                  : MXU_NO_ELIGIBLE;
  else if (t->above_min == 0)
    r->unmatched[i] = MXU_BELOW_MIN;
  else
    r->unmatched[i] = MXU_OUTMATCHED;
}

/* Insert (mentor j, score s) into mentee's top list of at most k, kept by
 * score descending then mentor ascending; returns the score of the entry
 * left out (j itself, or the one it pushed out: its mentor in *out_j), or
 * -1 when none was. */
static int32_t top_insert(uint32_t *tj, int32_t *ts, int *n, int k,
                          uint32_t j, int32_t s, uint32_t *out_j)
{
  int32_t dropped = -1;
  int at;

  if (*n == k) {
    *out_j = j;
    if (s <= ts[k - 1])
      return s; /* not kept: later mentors lose ties */
    dropped = ts[k - 1];
    *out_j = tj[k - 1];
    (*n)--;
  }
  at = *n;
  while (at > 0 && ts[at - 1] < s) {
    tj[at] = tj[at - 1];
    ts[at] = ts[at - 1];
    at--;
  }
  tj[at] = j;
  ts[at] = s;
  (*n)++;
  return dropped;
}

/* price: add to e every pair left out of it that the duals of res do not
 * cover (u[i] + v[j] < score + bonus), and return how many. A mentee whose
 * bound on its pairs left out is covered by u[i] and the least v of any
 * mentor in a pair left out (wanted) is skipped without scoring; so is a
 * mentor without a place, which no assignment can use. When none
 * is added, the duals are feasible for every allowed pair, and res is
 * optimal over all of them, not only over the candidates (left-out scores
 * never exceed a mentee's kept ones, so the bonus still outweighs them). */
static size_t price(const struct mx *x, const struct match_rules *rules,
                    const uint8_t *is_pinned, const uint8_t *wanted,
                    const int32_t *capacity,
                    const int32_t *left_out, const struct match_result *res,
                    struct edges *e)
{
  size_t added = 0;
  int64_t v_least = -1;

  /* The cheapest mentor a pair left out could use: u[i] + v_least covers
   * every such pair of mentee i that scores no more than its bound. */
  for (uint32_t j = 0; j < x->n_mentors; j++)
    if (wanted[j] && capacity[j] > 0 && (v_least < 0 || res->v[j] < v_least))
      v_least = res->v[j];
  if (v_least < 0)
    return 0; /* no mentor any pair left out could use */
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    struct match_config c;
    struct match_explain ex;
    int32_t max;

    if (is_pinned[i] || left_out[i] < 0 || left_out[i] < res->threshold ||
        res->u[i] + v_least >= (int64_t)left_out[i] + res->bonus)
      continue;
    mx_config_for(x, &x->mentee[i], &c);
    max = match_score_max(&c);
    for (uint32_t j = 0; j < x->n_mentors; j++) {
      int32_t s;

      if (capacity[j] <= 0)
        continue;
      s = scaled(match_score(&c, rules, &x->mentee[i].p, &x->mentor[j].p,
                             &ex),
                 max);
      if (s < 0 || s < x->min_score || s < res->threshold)
        continue;
      if (res->u[i] + res->v[j] < (int64_t)s + res->bonus) {
        edge_push(e, i, j, s);
        added++;
      }
    }
  }
  return added;
}

static int solve_pairs(const struct mx *x, struct mx_result *r)
{
  struct match_rules rules;
  struct edges e = {0};
  int32_t *capacity = xmalloc((x->n_mentors + 1) * sizeof(*capacity));
  int32_t *left_out = xmalloc((x->n_mentees + 1) * sizeof(*left_out));
  uint8_t *is_pinned = xcalloc(x->n_mentees + 1, 1);
  uint8_t *wanted = xcalloc(x->n_mentors + 1, 1); /* in a pair left out */
  uint32_t tj[MX_TOP_K];
  int32_t ts[MX_TOP_K];
  struct match_problem p;
  struct match_result res;
  struct match_candidates cand;
  int rc;

  rules_of(x, &rules);
  for (size_t k = 0; k < x->n_pins; k++)
    is_pinned[x->pin_mentee[k]] = 1;
  for (uint32_t j = 0; j < x->n_mentors; j++) {
    int32_t left = x->mentor[j].p.capacity - x->mentor[j].p.load;
    capacity[j] = left > 0 ? left : 0;
  }
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    struct match_config c;
    struct match_explain ex;
    struct tally t = {0, 0};
    int32_t max, best_left = -1;
    int n = 0;

    left_out[i] = -1;
    if (is_pinned[i])
      continue;
    mx_config_for(x, &x->mentee[i], &c);
    max = match_score_max(&c);
    for (uint32_t j = 0; j < x->n_mentors; j++) {
      int32_t s = match_score(&c, &rules, &x->mentee[i].p, &x->mentor[j].p,
                              &ex);
      if (s < 0) {
        if ((unsigned)ex.rule < 8)
          r->rules[i][ex.rule]++;
        continue;
      }
      t.allowed++;
      s = scaled(s, max);
      if (s < x->min_score)
        continue;
      t.above_min++;
      uint32_t out_j;
      int32_t d = top_insert(tj, ts, &n, MX_TOP_K, j, s, &out_j);
      if (d > best_left)
        best_left = d;
      if (d >= 0)
        wanted[out_j] = 1; /* a mentor some pair left out could use */
    }
    for (int k = 0; k < n; k++)
      edge_push(&e, i, tj[k], ts[k]);
    left_out[i] = best_left;
    classify(r, i, &t);
  }
  /* Solve over the candidates; while the duals do not cover every pair
   * left out, add the pairs they miss and solve again (a few rounds at
   * most: each adds only pairs the last solution's prices favour). */
  for (int round = 0;; round++) {
    memset(&p, 0, sizeof(p));
    p.n_mentees = x->n_mentees;
    p.n_mentors = x->n_mentors;
    p.capacity = capacity;
    p.n_edges = e.n;
    p.mentee = e.a;
    p.mentor = e.b;
    p.score = e.s;
    p.min_score = x->min_score;
    p.objective = x->objective;
    p.n_fixed = x->n_pins;
    p.fixed_mentee = x->pin_mentee;
    p.fixed_mentor = x->pin_mentor;
    if ((rc = match_solve(&p, &res)))
      break;
    memset(&cand, 0, sizeof(cand));
    cand.n_edges = e.n;
    cand.mentee = e.a;
    cand.mentor = e.b;
    cand.score = e.s;
    cand.left_out = left_out;
    r->proven = match_candidates_proven(&p, &cand, &res) == 1;
    r->rounds = round + 1;
    /* MAXMIN's proof needs covers over every pair: no pricing for it. */
    if (r->proven || x->objective == MATCH_MAXMIN || round == MX_PRICE_ROUNDS)
      break;
    if (price(x, &rules, is_pinned, wanted, capacity, left_out, &res, &e) ==
        0) {
      r->proven = true;
      break;
    }
    match_result_free(&res);
  }
  if (rc == 0) {
    r->min_pair = -1;
    for (uint32_t i = 0; i < x->n_mentees; i++) {
      uint32_t j = res.mentor_of[i];
      r->mentor_of[i] = j;
      if (j == MATCH_NONE)
        continue;
      r->unmatched[i] = MXU_NONE;
      r->pinned[i] = is_pinned[i];
      /* A pinned pair's score is its own, even when no edge had it. */
      r->score_of[i] = is_pinned[i] ? mx_score(x, i, j, NULL) : res.score_of[i];
      if (r->score_of[i] < 0)
        r->score_of[i] = 0;
      r->matched++;
      r->total += r->score_of[i];
      if (r->min_pair < 0 || r->score_of[i] < r->min_pair)
        r->min_pair = r->score_of[i];
    }
    if (r->min_pair < 0)
      r->min_pair = 0;
    match_result_free(&res);
  }
  edges_free(&e);
  free(capacity);
  free(left_out);
  free(is_pinned);
  free(wanted);
  return rc;
}

/* Group schemes: each mentor leads a group (PAL: two leaders, paired in
 * the order read); a mentee's score with a group is its leaders' mean. */
static int solve_groups(const struct mx *x, struct mx_result *r)
{
  uint32_t n_groups = x->co_lead ? (x->n_mentors + 1) / 2 : x->n_mentors;
  uint32_t *lead = xmalloc((n_groups + 1) * sizeof(*lead));
  uint32_t *co = xmalloc((n_groups + 1) * sizeof(*co));
  int32_t *size = xmalloc((n_groups + 1) * sizeof(*size));
  uint32_t *group_of_mentor = xmalloc((x->n_mentors + 1) * sizeof(uint32_t));
  uint8_t *is_pinned = xcalloc(x->n_mentees + 1, 1);
  struct edges e = {0};
  struct match_group_problem p;
  struct match_group_result res;
  int rc;

  for (uint32_t g = 0; g < n_groups; g++) {
    uint32_t a = x->co_lead ? 2 * g : g;
    lead[g] = a;
    co[g] = x->co_lead && a + 1 < x->n_mentors ? a + 1 : MATCH_NONE;
    size[g] = x->mentor[a].p.capacity - x->mentor[a].p.load;
    if (size[g] < 0)
      size[g] = 0;
    group_of_mentor[a] = g;
    if (co[g] != MATCH_NONE)
      group_of_mentor[co[g]] = g;
  }
  /* Pins take their place first. */
  for (size_t k = 0; k < x->n_pins; k++) {
    uint32_t i = x->pin_mentee[k], g = group_of_mentor[x->pin_mentor[k]];
    if (is_pinned[i] || size[g] <= 0) {
      rc = ERR_CONFLICT;
      goto out;
    }
    is_pinned[i] = 1;
    size[g]--;
    r->mentor_of[i] = lead[g];
    r->co_leader_of[i] = co[g];
    r->group_of[i] = g + 1;
    r->pinned[i] = 1;
    r->score_of[i] = mx_score(x, i, lead[g], NULL);
    if (r->score_of[i] < 0)
      r->score_of[i] = 0;
  }
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    struct match_explain ex;
    struct tally t = {0, 0};

    if (is_pinned[i])
      continue;
    for (uint32_t g = 0; g < n_groups; g++) {
      int32_t s = mx_score(x, i, lead[g], &ex), s2;
      if (s >= 0 && co[g] != MATCH_NONE) {
        s2 = mx_score(x, i, co[g], &ex);
        s = s2 < 0 ? s2 : (s + s2) / 2;
      }
      if (s < 0) {
        if ((unsigned)ex.rule < 8)
          r->rules[i][ex.rule]++;
        continue;
      }
      t.allowed++;
      if (s < x->min_score || size[g] == 0)
        continue;
      t.above_min++;
      edge_push(&e, i, g, s);
    }
    classify(r, i, &t);
  }
  memset(&p, 0, sizeof(p));
  p.n_mentees = x->n_mentees;
  p.n_groups = n_groups;
  p.size = size;
  p.n_edges = e.n;
  p.mentee = e.a;
  p.group = e.b;
  p.score = e.s;
  p.objective = x->objective == MATCH_TOTAL ? MATCH_TOTAL : MATCH_CARDINALITY;
  if ((rc = match_groups(&p, &res)))
    goto out;
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    uint32_t g = res.group_of[i];
    if (is_pinned[i] || g == MATCH_NONE)
      continue;
    r->mentor_of[i] = lead[g];
    r->co_leader_of[i] = co[g];
    r->group_of[i] = g + 1;
    r->score_of[i] = res.score_of[i];
    r->unmatched[i] = MXU_NONE;
  }
  match_group_result_free(&res);
  r->proven = true; /* every edge was given: the allocation is exact */
  r->rounds = 1;
  r->min_pair = -1;
  for (uint32_t i = 0; i < x->n_mentees; i++) {
    if (r->mentor_of[i] == MATCH_NONE)
      continue;
    r->matched++;
    r->total += r->score_of[i];
    if (r->min_pair < 0 || r->score_of[i] < r->min_pair)
      r->min_pair = r->score_of[i];
  }
  if (r->min_pair < 0)
    r->min_pair = 0;
out:
  edges_free(&e);
  free(lead);
  free(co);
  free(size);
  free(group_of_mentor);
  free(is_pinned);
  return rc;
}

int mx_solve(const struct mx *x, struct mx_result *r)
{
  int rc;

  result_alloc(r, x->n_mentees);
  rc = x->groups ? solve_groups(x, r) : solve_pairs(x, r);
  if (rc)
    mx_result_free(r);
  return rc;
}
