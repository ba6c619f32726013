/* score.c: pair scores from weighted criteria, hard rules, explanations. */
#include "match/score.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const names[MC_COUNT] = {
    "same course",      "same faculty",      "year ahead",
    "shared interests", "shared language",   "same home country",
    "same campus",      "shared free time",  "meeting mode",
    "mentee's choice",  "shared background",
};

const char *match_criterion_name(enum match_criterion k)
{
  return (unsigned)k < MC_COUNT ? names[k] : "unknown";
}

const char *match_rule_text(enum match_rule r)
{
  switch (r) {
  case MR_NONE:
    return "no rule applies";
  case MR_NOT_ELIGIBLE:
    return "the mentor does not meet this scheme's eligibility rules";
  case MR_NOT_TRAINED:
    return "the mentor has not completed the required training";
  case MR_AT_CAPACITY:
    return "the mentor has no place left";
  case MR_SAME_PERSON:
    return "the mentor and the mentee are the same person";
  case MR_ENDED_BADLY:
    return "they were paired before and it ended badly";
  case MR_BLOCKED:
    return "a coordinator blocked this pair";
  case MR_DEALBREAKER:
    return "a deal-breaker is not met";
  }
  return "unknown rule";
}

void match_config_default(struct match_config *c)
{
  static const int32_t w[MC_COUNT] = {180, 70,  50, 140, 90, 110,
                                      50,  110, 40, 120, 40};

  memset(c, 0, sizeof(*c));
  for (int k = 0; k < MC_COUNT; k++)
    c->w[k].weight = w[k];
  c->year_ahead_min = 1;
  c->year_ahead_max = 3;
}

int32_t match_score_max(const struct match_config *c)
{
  int32_t s = 0;

  for (int k = 0; k < MC_COUNT; k++)
    s += c->w[k].weight > 0 ? c->w[k].weight : 0;
  return s;
}

static int in_sorted(const uint64_t *a, size_t n, uint64_t key)
{
  size_t lo = 0, hi = n;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && a[lo] == key;
}

static enum match_rule hard_rule(const struct match_rules *r,
                                 const struct match_person *e,
                                 const struct match_person *m)
{
  if (m->person == e->person)
    return MR_SAME_PERSON;
  if (!m->eligible)
    return MR_NOT_ELIGIBLE;
  if (!m->trained)
    return MR_NOT_TRAINED;
  if (m->load >= m->capacity)
    return MR_AT_CAPACITY;
  if (r) {
    uint64_t key = match_pair_key(e->person, m->person);
    if (r->n_ended_badly && in_sorted(r->ended_badly, r->n_ended_badly, key))
      return MR_ENDED_BADLY;
    if (r->n_blocked && in_sorted(r->blocked, r->n_blocked, key))
      return MR_BLOCKED;
  }
  return MR_NONE;
}

static int same(int32_t a, int32_t b)
{
  return a >= 0 && a == b;
}

int32_t match_score(const struct match_config *c, const struct match_rules *r,
                    const struct match_person *e, const struct match_person *m,
                    struct match_explain *ex)
{
  struct match_explain local;
  struct match_explain *x = ex ? ex : &local;
  int32_t part[MC_COUNT], detail[MC_COUNT];
  uint8_t met[MC_COUNT];
  int32_t total = 0;
  enum match_rule rule = hard_rule(r, e, m);

  memset(x, 0, sizeof(*x));
  if (rule != MR_NONE) {
    x->score = MATCH_EXCLUDED;
    x->rule = rule;
    return MATCH_EXCLUDED;
  }

  /* each criterion: met (at all), contribution scaled by how well */
  met[MC_COURSE] = same(e->course, m->course);
  part[MC_COURSE] = met[MC_COURSE] ? c->w[MC_COURSE].weight : 0;
  detail[MC_COURSE] = 0;

  met[MC_FACULTY] = same(e->faculty, m->faculty);
  part[MC_FACULTY] = met[MC_FACULTY] ? c->w[MC_FACULTY].weight : 0;
  detail[MC_FACULTY] = 0;

  detail[MC_YEAR_AHEAD] = m->year - e->year;
  met[MC_YEAR_AHEAD] = e->year >= 0 && m->year >= 0 &&
                       detail[MC_YEAR_AHEAD] >= c->year_ahead_min &&
                       detail[MC_YEAR_AHEAD] <= c->year_ahead_max;
  part[MC_YEAR_AHEAD] = met[MC_YEAR_AHEAD] ? c->w[MC_YEAR_AHEAD].weight : 0;

  {
    int both = __builtin_popcountll(e->interests & m->interests);
    int any = __builtin_popcountll(e->interests | m->interests);
    detail[MC_INTERESTS] = both;
    met[MC_INTERESTS] = both > 0;
    part[MC_INTERESTS] = any ? c->w[MC_INTERESTS].weight * both / any : 0;
  }

  if (same(e->first_language, m->first_language)) {
    detail[MC_LANGUAGE] = 2;
    part[MC_LANGUAGE] = c->w[MC_LANGUAGE].weight;
  } else if (e->languages & m->languages) {
    detail[MC_LANGUAGE] = 1;
    part[MC_LANGUAGE] = c->w[MC_LANGUAGE].weight / 2;
  } else {
    detail[MC_LANGUAGE] = 0;
    part[MC_LANGUAGE] = 0;
  }
  met[MC_LANGUAGE] = detail[MC_LANGUAGE] > 0;

  met[MC_HOME_COUNTRY] = same(e->home_country, m->home_country);
  part[MC_HOME_COUNTRY] =
      met[MC_HOME_COUNTRY] ? c->w[MC_HOME_COUNTRY].weight : 0;
  detail[MC_HOME_COUNTRY] = 0;

  met[MC_CAMPUS] = same(e->campus, m->campus);
  part[MC_CAMPUS] = met[MC_CAMPUS] ? c->w[MC_CAMPUS].weight : 0;
  detail[MC_CAMPUS] = 0;

  {
    /* three shared slots a week are as good as more */
    int both = __builtin_popcount(e->availability & m->availability &
                                  ((1u << MATCH_SLOTS) - 1));
    detail[MC_AVAILABILITY] = both;
    met[MC_AVAILABILITY] = both > 0;
    part[MC_AVAILABILITY] =
        c->w[MC_AVAILABILITY].weight * (both < 3 ? both : 3) / 3;
  }

  met[MC_MODE] = !e->mode || !m->mode || (e->mode & m->mode);
  part[MC_MODE] = met[MC_MODE] ? c->w[MC_MODE].weight : 0;
  detail[MC_MODE] = 0;

  detail[MC_PREFERENCE] = 0;
  for (int i = 0; i < e->n_preferred && i < MATCH_MAX_PREFERRED; i++)
    if (e->preferred[i] == m->person) {
      detail[MC_PREFERENCE] = i + 1;
      break;
    }
  met[MC_PREFERENCE] = detail[MC_PREFERENCE] > 0;
  part[MC_PREFERENCE] =
      met[MC_PREFERENCE]
          ? c->w[MC_PREFERENCE].weight *
                (MATCH_MAX_PREFERRED + 1 - detail[MC_PREFERENCE]) /
                MATCH_MAX_PREFERRED
          : 0;

  {
    uint32_t shared =
        e->characteristics & m->characteristics & e->consent & m->consent;
    detail[MC_CHARACTERISTICS] = __builtin_popcount(shared);
    met[MC_CHARACTERISTICS] = shared != 0;
    part[MC_CHARACTERISTICS] =
        met[MC_CHARACTERISTICS] ? c->w[MC_CHARACTERISTICS].weight : 0;
  }

  for (int k = 0; k < MC_COUNT; k++) {
    if (c->w[k].dealbreaker && !met[k]) {
      x->score = MATCH_EXCLUDED;
      x->rule = MR_DEALBREAKER;
      x->breaker = (enum match_criterion)k;
      return MATCH_EXCLUDED;
    }
    if (part[k] < 0)
      part[k] = 0;
    total += part[k];
  }
  if (ex) {
    memcpy(x->part, part, sizeof(part));
    memcpy(x->detail, detail, sizeof(detail));
  }
  x->score = total;
  return total;
}

/* ------------------------------------------------------------ in words */

struct out {
  char *buf;
  size_t n, len;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o,
                                                      const char *fmt, ...)
{
  va_list ap;
  int k;
  size_t room = o->len < o->n ? o->n - o->len : 0;

  va_start(ap, fmt);
  k = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
  va_end(ap);
  if (k > 0)
    o->len += (size_t)k;
}

static void reason(struct out *o, const struct match_explain *ex, int k)
{
  int d = ex->detail[k];

  switch (k) {
  case MC_YEAR_AHEAD:
    put(o, "mentor %d year%s ahead", d, d == 1 || d == -1 ? "" : "s");
    break;
  case MC_INTERESTS:
    put(o, "%d shared interest%s", d, d == 1 ? "" : "s");
    break;
  case MC_LANGUAGE:
    put(o, "%s", d == 2 ? "same first language" : "a shared language");
    break;
  case MC_AVAILABILITY:
    put(o, "%d shared free slot%s a week", d, d == 1 ? "" : "s");
    break;
  case MC_PREFERENCE:
    put(o, "the mentee's choice number %d", d);
    break;
  case MC_CHARACTERISTICS:
    put(o, "shared background, both consenting");
    break;
  case MC_MODE:
    put(o, "compatible meeting mode");
    break;
  default:
    put(o, "%s", names[k]);
  }
}

size_t match_explain_text(const struct match_config *c,
                          const struct match_explain *ex, char *buf, size_t n)
{
  struct out o = {buf, n, 0};
  int first = 1;

  if (n)
    buf[0] = '\0';
  if (ex->score == MATCH_EXCLUDED) {
    if (ex->rule == MR_DEALBREAKER)
      put(&o, "Not matchable: the deal-breaker \"%s\" is not met.",
          match_criterion_name(ex->breaker));
    else
      put(&o, "Not matchable: %s.", match_rule_text(ex->rule));
    return o.len;
  }
  put(&o, "Score %d of %d", (int)ex->score, (int)match_score_max(c));
  for (int k = 0; k < MC_COUNT; k++) {
    if (ex->part[k] <= 0)
      continue;
    put(&o, first ? ": " : "; ");
    reason(&o, ex, k);
    put(&o, " (+%d)", (int)ex->part[k]);
    first = 0;
  }
  first = 1;
  for (int k = 0; k < MC_COUNT; k++) {
    if (ex->part[k] > 0 || c->w[k].weight <= 0)
      continue;
    put(&o, first ? ". Not shared: " : ", ");
    put(&o, "%s", names[k]);
    first = 0;
  }
  put(&o, ".");
  return o.len;
}
