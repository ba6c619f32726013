/* candidates.c: top-K candidate mentors per mentee, blocked by course and
 * faculty, with bounds on what was left out. */
#include "match/candidates.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"

#define MAX_GROUP_ID 1000000

/* Mentor indices grouped by a key (course or faculty), CSR style. */
struct groups {
  uint32_t n;    /* keys 0..n-1; mentors with key -1 are in no group */
  uint32_t *off; /* [n + 1] */
  uint32_t *idx; /* mentor indices, ascending within a group */
};

static void groups_build(struct groups *g, const struct match_person *m,
                         uint32_t n, size_t key_off, uint32_t nkeys)
{
  g->n = nkeys;
  g->off = xcalloc((size_t)nkeys + 2, sizeof(uint32_t));
  g->idx = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
  for (uint32_t j = 0; j < n; j++) {
    int32_t key = *(const int32_t *)((const char *)&m[j] + key_off);
    if (key >= 0)
      g->off[key + 1]++;
  }
  for (uint32_t k = 0; k < nkeys; k++)
    g->off[k + 1] += g->off[k];
  uint32_t *fill = xmalloc(((size_t)nkeys + 1) * sizeof(uint32_t));
  memcpy(fill, g->off, (size_t)nkeys * sizeof(uint32_t));
  for (uint32_t j = 0; j < n; j++) {
    int32_t key = *(const int32_t *)((const char *)&m[j] + key_off);
    if (key >= 0)
      g->idx[fill[key]++] = j;
  }
  free(fill);
}

static void groups_free(struct groups *g)
{
  free(g->off);
  free(g->idx);
}

/* A bounded min-heap of (score, mentor): the k best so far; the root is
 * the worst kept (lowest score, then highest index). */
struct topk {
  uint32_t k, n;
  int32_t *s;
  uint32_t *j;
  int32_t dropped; /* best score that was not kept, -1 if none */
};

static int worse(int32_t s1, uint32_t j1, int32_t s2, uint32_t j2)
{
  return s1 < s2 || (s1 == s2 && j1 > j2);
}

static void topk_sift(struct topk *t, uint32_t i)
{
  for (;;) {
    uint32_t c = 2 * i + 1, m = i;
    if (c < t->n && worse(t->s[c], t->j[c], t->s[m], t->j[m]))
      m = c;
    if (c + 1 < t->n && worse(t->s[c + 1], t->j[c + 1], t->s[m], t->j[m]))
      m = c + 1;
    if (m == i)
      return;
    int32_t ts = t->s[i];
    uint32_t tj = t->j[i];
    t->s[i] = t->s[m];
    t->j[i] = t->j[m];
    t->s[m] = ts;
    t->j[m] = tj;
    i = m;
  }
}

static void topk_offer(struct topk *t, int32_t s, uint32_t j)
{
  if (t->n < t->k) {
    uint32_t i = t->n++;
    t->s[i] = s;
    t->j[i] = j;
    while (i > 0) {
      uint32_t up = (i - 1) / 2;
      if (!worse(t->s[i], t->j[i], t->s[up], t->j[up]))
        break;
      int32_t ts = t->s[i];
      uint32_t tj = t->j[i];
      t->s[i] = t->s[up];
      t->j[i] = t->j[up];
      t->s[up] = ts;
      t->j[up] = tj;
      i = up;
    }
    return;
  }
  if (!worse(t->s[0], t->j[0], s, j)) {
    if (s > t->dropped)
      t->dropped = s;
    return;
  }
  if (t->s[0] > t->dropped)
    t->dropped = t->s[0];
  t->s[0] = s;
  t->j[0] = j;
  topk_sift(t, 0);
}

/* The lowest score kept when full: nothing scoring at most this can
 * improve the list. -1 while not full. */
static int32_t topk_floor(const struct topk *t)
{
  return t->n < t->k ? -1 : t->s[0];
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

  return (x > y) - (x < y);
}

int match_candidates_build(const struct match_config *c,
                           const struct match_rules *r,
                           const struct match_person *mentees,
                           uint32_t n_mentees,
                           const struct match_person *mentors,
                           uint32_t n_mentors, uint32_t k,
                           enum match_scope scope, struct match_candidates *out)
{
  struct groups by_course = {0}, by_faculty = {0};
  struct topk t = {0};
  uint64_t *who = NULL; /* person id << 32 | mentor index, sorted */
  uint32_t *seen = NULL;
  int32_t ncourse = 0, nfaculty = 0;
  size_t cap = 0;
  int32_t max = match_score_max(c);
  int32_t w_course = c->w[MC_COURSE].weight > 0 ? c->w[MC_COURSE].weight : 0;
  int32_t w_fac = c->w[MC_FACULTY].weight > 0 ? c->w[MC_FACULTY].weight : 0;
  int32_t w_pref =
      c->w[MC_PREFERENCE].weight > 0 ? c->w[MC_PREFERENCE].weight : 0;
  int rc = 0;

  memset(out, 0, sizeof(*out));
  if (k == 0)
    return ERR_INPUT;
  for (int side = 0; side < 2; side++) {
    const struct match_person *ps = side ? mentors : mentees;
    uint32_t n = side ? n_mentors : n_mentees;
    for (uint32_t i = 0; i < n; i++) {
      if (ps[i].course < -1 || ps[i].course > MAX_GROUP_ID ||
          ps[i].faculty < -1 || ps[i].faculty > MAX_GROUP_ID)
        return ERR_INPUT;
      if (ps[i].course >= ncourse)
        ncourse = ps[i].course + 1;
      if (ps[i].faculty >= nfaculty)
        nfaculty = ps[i].faculty + 1;
    }
  }
  groups_build(&by_course, mentors, n_mentors,
               offsetof(struct match_person, course), (uint32_t)ncourse);
  groups_build(&by_faculty, mentors, n_mentors,
               offsetof(struct match_person, faculty), (uint32_t)nfaculty);
  who = xmalloc(((size_t)n_mentors + 1) * sizeof(uint64_t));
  for (uint32_t j = 0; j < n_mentors; j++)
    who[j] = (uint64_t)mentors[j].person << 32 | j;
  qsort(who, n_mentors, sizeof(uint64_t), cmp_u64);
  seen = xcalloc((size_t)n_mentors + 1, sizeof(uint32_t));
  t.k = k < n_mentors ? k : (n_mentors ? n_mentors : 1);
  t.s = xmalloc((size_t)t.k * sizeof(int32_t));
  t.j = xmalloc((size_t)t.k * sizeof(uint32_t));
  out->left_out = xmalloc(((size_t)n_mentees + 1) * sizeof(int32_t));

  for (uint32_t i = 0; i < n_mentees; i++) {
    const struct match_person *e = &mentees[i];
    uint32_t stamp = i + 1;
    int32_t bound_rest; /* bound on mentors not yet scored */
    t.n = 0;
    t.dropped = -1;

#define OFFER(J)                                                               \
  do {                                                                         \
    uint32_t j_ = (J);                                                         \
    if (seen[j_] != stamp) {                                                   \
      int32_t s_ = match_score(c, r, e, &mentors[j_], NULL);                   \
      seen[j_] = stamp;                                                        \
      out->scored++;                                                           \
      if (s_ != MATCH_EXCLUDED)                                                \
        topk_offer(&t, s_, j_);                                                \
    }                                                                          \
  } while (0)

    /* the mentee's own choices first: then nobody else gets that bonus */
    for (int p = 0; p < e->n_preferred && p < MATCH_MAX_PREFERRED; p++) {
      uint64_t key = (uint64_t)e->preferred[p] << 32;
      size_t lo = 0, hi = n_mentors;
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (who[mid] < key)
          lo = mid + 1;
        else
          hi = mid;
      }
      for (; lo < n_mentors && who[lo] >> 32 == e->preferred[p]; lo++)
        OFFER((uint32_t)who[lo]);
    }
    if (e->course >= 0)
      for (uint32_t q = by_course.off[e->course];
           q < by_course.off[e->course + 1]; q++)
        OFFER(by_course.idx[q]);
    bound_rest = max - w_course - w_pref;
    if (e->faculty >= 0 && topk_floor(&t) < bound_rest) {
      for (uint32_t q = by_faculty.off[e->faculty];
           q < by_faculty.off[e->faculty + 1]; q++)
        OFFER(by_faculty.idx[q]);
      bound_rest = max - w_course - w_fac - w_pref;
    }
    if (scope == MATCH_SCOPE_ALL && topk_floor(&t) < bound_rest) {
      for (uint32_t j = 0; j < n_mentors; j++)
        OFFER(j);
      bound_rest = -1;
    }
#undef OFFER
    /* unscored mentors may score up to bound_rest */
    out->left_out[i] = t.dropped > bound_rest ? t.dropped : bound_rest;
    if (out->n_edges + t.n > MATCH_MAX_EDGES) {
      rc = ERR_TOOBIG;
      goto done;
    }
    if (out->n_edges + t.n > cap) {
      cap = cap ? 2 * cap : 1024;
      if (cap < out->n_edges + t.n)
        cap = out->n_edges + t.n;
      out->mentee = xreallocarray(out->mentee, cap, sizeof(uint32_t));
      out->mentor = xreallocarray(out->mentor, cap, sizeof(uint32_t));
      out->score = xreallocarray(out->score, cap, sizeof(int32_t));
    }
    for (uint32_t q = 0; q < t.n; q++) {
      out->mentee[out->n_edges] = i;
      out->mentor[out->n_edges] = t.j[q];
      out->score[out->n_edges++] = t.s[q];
    }
  }
done:
  groups_free(&by_course);
  groups_free(&by_faculty);
  free(who);
  free(seen);
  free(t.s);
  free(t.j);
  if (rc)
    match_candidates_free(out);
  return rc;
}

int match_candidates_proven(const struct match_problem *p,
                            const struct match_candidates *cand,
                            const struct match_result *r)
{
  int32_t maxw = 0, most_left = -1;
  uint64_t pairs = 0, places = 0;
  uint8_t *fixed;
  int ok = 1;

  fixed = xcalloc((size_t)p->n_mentees + 1, 1);
  for (size_t i = 0; i < p->n_fixed; i++)
    fixed[p->fixed_mentee[i]] = 1;
  for (size_t i = 0; i < p->n_edges; i++)
    if (p->score[i] > maxw)
      maxw = p->score[i];
  for (uint32_t x = 0; x < p->n_mentees && ok; x++) {
    int32_t b = cand->left_out[x];
    if (fixed[x] || b < 0 || b < r->threshold)
      continue;
    pairs++;
    if (b > most_left)
      most_left = b;
    if (p->objective == MATCH_MAXMIN || r->u[x] < (int64_t)b + r->bonus)
      ok = 0;
  }
  /* the bonus must still outweigh any total difference with the pairs
   * left out, whose scores may exceed the candidates' */
  if (ok && r->bonus && most_left > maxw) {
    pairs = 0;
    for (uint32_t x = 0; x < p->n_mentees; x++)
      pairs += !fixed[x];
    for (uint32_t j = 0; j < p->n_mentors; j++)
      places += p->capacity[j] > 0 ? (uint64_t)p->capacity[j] : 0;
    if (places < pairs)
      pairs = places;
    if ((uint64_t)r->bonus <= pairs * (uint64_t)most_left)
      ok = 0;
  }
  free(fixed);
  return ok;
}

void match_candidates_free(struct match_candidates *cand)
{
  free(cand->mentee);
  free(cand->mentor);
  free(cand->score);
  free(cand->left_out);
  memset(cand, 0, sizeof(*cand));
}
