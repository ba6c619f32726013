/* groups.c: group allocation as a min-cost flow (see groups.h). */
#include "match/groups.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"

void match_group_result_free(struct match_group_result *r)
{
  free(r->group_of);
  free(r->score_of);
  memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------ min-cost flow */

struct arc {
  uint32_t to;
  int32_t cap;
  int64_t cost;
};

struct flow {
  uint32_t n;    /* nodes */
  struct arc *a; /* arcs in pairs: a[k ^ 1] is k's reverse */
  size_t m, mcap;
  uint32_t *first; /* [n] CSR of arcs by tail, built after adding */
  uint32_t *list;
  uint32_t *tail; /* [m] */
};

static size_t arc_add(struct flow *f, uint32_t u, uint32_t v, int32_t cap,
                      int64_t cost)
{
  if (f->m + 2 > f->mcap) {
    f->mcap = f->mcap ? 2 * f->mcap : 256;
    f->a = xreallocarray(f->a, f->mcap, sizeof(*f->a));
    f->tail = xreallocarray(f->tail, f->mcap, sizeof(*f->tail));
  }
  f->a[f->m] = (struct arc){v, cap, cost};
  f->tail[f->m] = u;
  f->a[f->m + 1] = (struct arc){u, 0, -cost};
  f->tail[f->m + 1] = v;
  f->m += 2;
  return f->m - 2;
}

static void flow_index(struct flow *f)
{
  f->first = xcalloc((size_t)f->n + 2, sizeof(uint32_t));
  f->list = xmalloc((f->m + 1) * sizeof(uint32_t));
  for (size_t k = 0; k < f->m; k++)
    f->first[f->tail[k] + 1]++;
  for (uint32_t u = 0; u < f->n; u++)
    f->first[u + 1] += f->first[u];
  uint32_t *fill = xmalloc(((size_t)f->n + 1) * sizeof(uint32_t));
  memcpy(fill, f->first, (size_t)f->n * sizeof(uint32_t));
  for (size_t k = 0; k < f->m; k++)
    f->list[fill[f->tail[k]]++] = (uint32_t)k;
  free(fill);
}

/* Successive shortest paths from s to t with Bellman-Ford (queue based):
 * costs may be negative, there is no negative cycle at any step. Augments
 * while the cheapest path costs less than 0. */
static void flow_run(struct flow *f, uint32_t s, uint32_t t)
{
  int64_t *dist = xmalloc(((size_t)f->n + 1) * sizeof(int64_t));
  uint32_t *pred = xmalloc(((size_t)f->n + 1) * sizeof(uint32_t));
  uint32_t *queue = xmalloc(((size_t)f->n + 1) * sizeof(uint32_t));
  uint8_t *inq = xmalloc((size_t)f->n + 1);

  for (;;) {
    uint32_t qh = 0, qt = 0, qn = 0;
    for (uint32_t u = 0; u < f->n; u++) {
      dist[u] = INT64_MAX;
      inq[u] = 0;
    }
    dist[s] = 0;
    queue[qt++] = s;
    inq[s] = 1;
    qn = 1;
    while (qn) {
      uint32_t u = queue[qh];
      qh = (qh + 1) % f->n;
      qn--;
      inq[u] = 0;
      for (uint32_t q = f->first[u]; q < f->first[u + 1]; q++) {
        uint32_t k = f->list[q];
        struct arc *a = &f->a[k];
        if (a->cap <= 0 || dist[u] + a->cost >= dist[a->to])
          continue;
        dist[a->to] = dist[u] + a->cost;
        pred[a->to] = k;
        if (!inq[a->to]) {
          inq[a->to] = 1;
          queue[qt] = a->to;
          qt = (qt + 1) % f->n;
          qn++;
        }
      }
    }
    if (dist[t] == INT64_MAX || dist[t] >= 0)
      break;
    int32_t push = INT32_MAX;
    for (uint32_t v = t; v != s; v = f->tail[pred[v]])
      if (f->a[pred[v]].cap < push)
        push = f->a[pred[v]].cap;
    for (uint32_t v = t; v != s; v = f->tail[pred[v]]) {
      f->a[pred[v]].cap -= push;
      f->a[pred[v] ^ 1].cap += push;
    }
  }
  free(dist);
  free(pred);
  free(queue);
  free(inq);
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

  return (x > y) - (x < y);
}

int match_groups(const struct match_group_problem *p,
                 struct match_group_result *r)
{
  int rc = 0;

  memset(r, 0, sizeof(*r));
  if (p->n_mentees > MATCH_MAX_IDS || p->n_groups > MATCH_MAX_IDS ||
      p->n_edges > MATCH_MAX_EDGES)
    return ERR_TOOBIG;
  if ((p->objective != MATCH_CARDINALITY && p->objective != MATCH_TOTAL) ||
      p->share_num < 0 || p->share_den < 0 ||
      (p->share_den && p->share_num > p->share_den))
    return ERR_INPUT;
  for (uint32_t g = 0; g < p->n_groups; g++)
    if (p->size[g] < 0)
      return ERR_INPUT;
  for (size_t i = 0; i < p->n_edges; i++)
    if (p->mentee[i] >= p->n_mentees || p->group[i] >= p->n_groups ||
        p->score[i] < 0 || p->score[i] > MATCH_SCORE_MAX)
      return ERR_INPUT;

  r->n_mentees = p->n_mentees;
  r->group_of = xmalloc(((size_t)p->n_mentees + 1) * sizeof(uint32_t));
  r->score_of = xcalloc((size_t)p->n_mentees + 1, sizeof(int32_t));
  for (uint32_t x = 0; x < p->n_mentees; x++)
    r->group_of[x] = MATCH_NONE;

  if (p->share_den == 0) {
    /* no balance rule: a plain b-matching */
    struct match_problem mp = {
        .n_mentees = p->n_mentees,
        .n_mentors = p->n_groups,
        .capacity = p->size,
        .n_edges = p->n_edges,
        .mentee = p->mentee,
        .mentor = p->group,
        .score = p->score,
        .objective = p->objective,
    };
    struct match_result mr;
    rc = match_solve(&mp, &mr);
    if (rc) {
      match_group_result_free(r);
      return rc;
    }
    memcpy(r->group_of, mr.mentor_of, p->n_mentees * sizeof(uint32_t));
    memcpy(r->score_of, mr.score_of, p->n_mentees * sizeof(int32_t));
    match_result_free(&mr);
  } else {
    /* nodes: s, t, mentees, groups, then one per (group, course) used */
    struct flow f = {0};
    uint64_t *gc = xmalloc((p->n_edges + 1) * sizeof(uint64_t));
    size_t ngc = 0, *edge_arc;
    uint32_t s = 0, t = 1, base_e = 2, base_g = 2 + p->n_mentees;
    uint32_t base_gc = base_g + p->n_groups;
    uint64_t places = 0;
    int64_t bonus = 0;
    int32_t maxw = 0;

    for (size_t i = 0; i < p->n_edges; i++) {
      int32_t c = p->course[p->mentee[i]];
      if (c >= 0)
        gc[ngc++] = (uint64_t)p->group[i] << 32 | (uint32_t)c;
      if (p->score[i] > maxw)
        maxw = p->score[i];
    }
    qsort(gc, ngc, sizeof(uint64_t), cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < ngc; i++)
      if (i == 0 || gc[i] != gc[i - 1])
        gc[u++] = gc[i];
    ngc = u;
    for (uint32_t g = 0; g < p->n_groups; g++)
      places += (uint64_t)p->size[g];
    if (p->objective == MATCH_CARDINALITY) {
      uint64_t k = places < p->n_mentees ? places : p->n_mentees;
      bonus = (int64_t)(k * (uint64_t)maxw + 1);
    }
    f.n = base_gc + (uint32_t)ngc;
    for (uint32_t x = 0; x < p->n_mentees; x++)
      arc_add(&f, s, base_e + x, 1, 0);
    for (uint32_t g = 0; g < p->n_groups; g++)
      arc_add(&f, base_g + g, t, p->size[g], 0);
    for (size_t i = 0; i < ngc; i++) {
      uint32_t g = (uint32_t)(gc[i] >> 32);
      int64_t lim = (int64_t)p->size[g] * p->share_num / p->share_den;
      arc_add(&f, base_gc + (uint32_t)i, base_g + g,
              (int32_t)(lim < 1 ? 1 : lim), 0);
    }
    edge_arc = xmalloc((p->n_edges + 1) * sizeof(size_t));
    for (size_t i = 0; i < p->n_edges; i++) {
      uint32_t x = p->mentee[i], g = p->group[i], to = base_g + g;
      int32_t c = p->course[x];
      int64_t cost = -(p->score[i] + bonus);
      if (p->objective == MATCH_TOTAL && p->score[i] == 0)
        cost = 0; /* never improves the total; kept for the structure */
      if (c >= 0) {
        uint64_t key = (uint64_t)g << 32 | (uint32_t)c;
        size_t lo = 0, hi = ngc;
        while (lo < hi) {
          size_t mid = lo + (hi - lo) / 2;
          if (gc[mid] < key)
            lo = mid + 1;
          else
            hi = mid;
        }
        to = base_gc + (uint32_t)lo;
      }
      edge_arc[i] = arc_add(&f, base_e + x, to, 1, cost);
    }
    flow_index(&f);
    flow_run(&f, s, t);
    for (size_t i = 0; i < p->n_edges; i++) {
      uint32_t x = p->mentee[i];
      if (f.a[edge_arc[i]].cap == 0 && r->group_of[x] == MATCH_NONE) {
        r->group_of[x] = p->group[i];
        r->score_of[x] = p->score[i];
      }
    }
    free(gc);
    free(edge_arc);
    free(f.a);
    free(f.tail);
    free(f.first);
    free(f.list);
  }
  for (uint32_t x = 0; x < p->n_mentees; x++)
    if (r->group_of[x] != MATCH_NONE) {
      r->matched++;
      r->total += r->score_of[x];
    }
  return 0;
}
