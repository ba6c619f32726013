/* stable.c: mentee-proposing deferred acceptance with capacities. */
#include "match/stable.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"
#include "match/solve.h"

/* Each mentor's ranking as (mentee << 32 | rank) sorted by mentee, so the
 * rank of a mentee is a binary search away. */
struct ranks {
  uint64_t *key;
};

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

  return (x > y) - (x < y);
}

/* Rank of mentee x in mentor j's list, or UINT32_MAX when not listed. */
static uint32_t rank_of(const struct match_stable_problem *p,
                        const struct ranks *r, uint32_t j, uint32_t x)
{
  size_t lo = p->mentor_off[j], hi = p->mentor_off[j + 1];

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((r->key[mid] >> 32) < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < p->mentor_off[j + 1] && (r->key[lo] >> 32) == x)
    return (uint32_t)r->key[lo];
  return UINT32_MAX;
}

/* Validate p and build the rank index. */
static int prepare(const struct match_stable_problem *p, struct ranks *r)
{
  uint32_t *seen;
  int rc = 0;

  r->key = NULL;
  if (p->n_mentees > MATCH_MAX_IDS || p->n_mentors > MATCH_MAX_IDS)
    return ERR_TOOBIG;
  for (uint32_t j = 0; j < p->n_mentors; j++)
    if (p->capacity[j] < 0 || p->mentor_off[j + 1] < p->mentor_off[j])
      return ERR_INPUT;
  for (uint32_t i = 0; i < p->n_mentees; i++)
    if (p->mentee_off[i + 1] < p->mentee_off[i])
      return ERR_INPUT;
  seen = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
  for (uint32_t i = 0; i < p->n_mentees && !rc; i++)
    for (uint32_t q = p->mentee_off[i]; q < p->mentee_off[i + 1]; q++) {
      uint32_t j = p->mentee_pref[q];
      if (j >= p->n_mentors || seen[j] == i + 1) {
        rc = ERR_INPUT;
        break;
      }
      seen[j] = i + 1;
    }
  free(seen);
  if (rc)
    return rc;
  r->key =
      xmalloc(((size_t)p->mentor_off[p->n_mentors] + 1) * sizeof(uint64_t));
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    uint32_t b = p->mentor_off[j], e = p->mentor_off[j + 1];
    for (uint32_t q = b; q < e; q++) {
      if (p->mentor_pref[q] >= p->n_mentees) {
        free(r->key);
        r->key = NULL;
        return ERR_INPUT;
      }
      r->key[q] = (uint64_t)p->mentor_pref[q] << 32 | (q - b);
    }
    qsort(r->key + b, e - b, sizeof(uint64_t), cmp_u64);
    for (uint32_t q = b + 1; q < e; q++)
      if (r->key[q] >> 32 == r->key[q - 1] >> 32) {
        free(r->key);
        r->key = NULL;
        return ERR_INPUT;
      }
  }
  return 0;
}

int match_stable(const struct match_stable_problem *p, uint32_t *mentor_of)
{
  struct ranks r;
  uint32_t *next, *stack, *held, *hoff, *hcnt, *hrank;
  uint32_t sp = 0;
  uint64_t places = 0;
  int rc = prepare(p, &r);

  if (rc)
    return rc;
  next = xcalloc((size_t)p->n_mentees + 1, sizeof(uint32_t));
  stack = xmalloc(((size_t)p->n_mentees + 1) * sizeof(uint32_t));
  hoff = xmalloc(((size_t)p->n_mentors + 1) * sizeof(uint32_t));
  hcnt = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
  /* a mentor never holds more than it listed */
  hoff[0] = 0;
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    uint32_t len = p->mentor_off[j + 1] - p->mentor_off[j];
    uint32_t c =
        (uint32_t)p->capacity[j] < len ? (uint32_t)p->capacity[j] : len;
    places += c;
    hoff[j + 1] = hoff[j] + c;
  }
  held = xmalloc((places + 1) * sizeof(uint32_t));
  hrank = xmalloc((places + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < p->n_mentees; i++) {
    mentor_of[i] = MATCH_NONE;
    stack[sp++] = p->n_mentees - 1 - i; /* propose in id order */
  }
  while (sp) {
    uint32_t x = stack[--sp];
    while (next[x] < p->mentee_off[x + 1] - p->mentee_off[x]) {
      uint32_t j = p->mentee_pref[p->mentee_off[x] + next[x]++];
      uint32_t rk = rank_of(p, &r, j, x);
      uint32_t cap = hoff[j + 1] - hoff[j], *h = held + hoff[j];
      uint32_t *hr = hrank + hoff[j];
      if (rk == UINT32_MAX || cap == 0)
        continue;
      if (hcnt[j] < cap) {
        h[hcnt[j]] = x;
        hr[hcnt[j]++] = rk;
        mentor_of[x] = j;
        break;
      }
      /* full: displace the worst held mentee if x ranks better */
      uint32_t worst = 0;
      for (uint32_t q = 1; q < cap; q++)
        if (hr[q] > hr[worst])
          worst = q;
      if (hr[worst] < rk)
        continue;
      mentor_of[h[worst]] = MATCH_NONE;
      stack[sp++] = h[worst];
      h[worst] = x;
      hr[worst] = rk;
      mentor_of[x] = j;
      break;
    }
  }
  free(r.key);
  free(next);
  free(stack);
  free(hoff);
  free(hcnt);
  free(held);
  free(hrank);
  return 0;
}

int match_stable_blocking_pair(const struct match_stable_problem *p,
                               const uint32_t *mentor_of, uint32_t *mentee,
                               uint32_t *mentor)
{
  struct ranks r;
  uint32_t *cnt, *worst;
  int rc = prepare(p, &r), found = 0;

  if (rc)
    return rc;
  cnt = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
  worst = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
  for (uint32_t x = 0; x < p->n_mentees && !rc; x++) {
    uint32_t j = mentor_of[x], rk;
    if (j == MATCH_NONE)
      continue;
    if (j >= p->n_mentors || (rk = rank_of(p, &r, j, x)) == UINT32_MAX ||
        ++cnt[j] > (uint32_t)p->capacity[j]) {
      rc = ERR_INPUT;
      break;
    }
    if (rk + 1 > worst[j])
      worst[j] = rk + 1; /* 1 + rank of the worst held */
  }
  for (uint32_t x = 0; x < p->n_mentees && !rc && !found; x++) {
    /* every mentor x prefers to its own */
    for (uint32_t q = p->mentee_off[x]; q < p->mentee_off[x + 1]; q++) {
      uint32_t j = p->mentee_pref[q];
      if (j == mentor_of[x])
        break;
      uint32_t rk = rank_of(p, &r, j, x);
      if (rk == UINT32_MAX)
        continue;
      if (cnt[j] < (uint32_t)p->capacity[j] || rk + 1 < worst[j]) {
        *mentee = x;
        *mentor = j;
        found = 1;
        break;
      }
    }
  }
  free(r.key);
  free(cnt);
  free(worst);
  return rc ? rc : found;
}
