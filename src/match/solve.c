/* solve.c: exact maximum-weight b-matching by a primal-dual method.
 *
 * The two sides of the bipartite graph are renamed A (the side whose
 * vertices start the searches: the one with less total capacity, usually
 * the mentors' places) and B. Every A vertex x and B vertex y has a
 * potential pa[x], pb[y] >= 0 with pa[x] + pb[y] >= w(x,y) on every edge,
 * equality on matched edges, and pb[y] > 0 only when y is full. An A vertex
 * with a free place and pa[x] > 0 is the root of a Dijkstra search over
 * reduced costs pa + pb - w (non-matched edges A to B, matched edges B to A
 * at cost 0). The search ends at the cheapest of: a B vertex with a free
 * place (augment: the root gains a pair), or an A vertex x reached at
 * distance d whose potential would fall to zero at d + pa[x] (x gives up
 * one pair, or the root gives up its free place). Potentials of the
 * settled vertices then move by the distance, as in the Hungarian method,
 * which keeps all invariants, so at the end they are an optimal dual
 * solution: the certificate. Searches prune every label that cannot beat
 * the best end found so far, so they stay small when free mentees abound.
 *
 * MATCH_CARDINALITY adds a bonus to every edge larger than any difference
 * of total score, which makes more pairs always better. MATCH_MAXMIN first
 * finds the maximum number of pairs (Hopcroft-Karp), then binary searches
 * the highest score threshold that keeps that number, then solves the
 * cardinality objective on the edges at or above it. */
#include "match/solve.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"

#define MATCHED 0x80000000u
#define ID_MASK 0x7fffffffu
#define INF64 INT64_MAX

/* ---------------------------------------------------------------- graph */

struct graph {
  int a_is_mentor;
  uint32_t na, nb;
  uint32_t *off;  /* [na + 1] CSR of A's edges */
  uint32_t *adj;  /* [m] B id, | MATCHED when in the matching */
  int16_t *w;     /* [m] score: 16 bits keep the graph small */
  uint32_t *capa; /* [na] effective capacity: min(capacity, degree) */
  uint32_t *capb; /* [nb] */
  uint32_t *soa;  /* [na + 1] offsets of A's places */
  uint32_t *sob;  /* [nb + 1] offsets of B's places */
  uint32_t *cnta; /* [na] pairs held */
  uint32_t *cntb; /* [nb] */
  uint32_t *sa;   /* A places: CSR position of the matched edge */
  uint32_t *sbx;  /* B places: the A vertex */
  uint32_t *sbp;  /* B places: CSR position of the edge */
  int32_t maxw;   /* highest score in the graph, 0 if none */
};

static void graph_free(struct graph *g)
{
  free(g->off);
  free(g->adj);
  free(g->w);
  free(g->capa);
  free(g->capb);
  free(g->soa);
  free(g->sob);
  free(g->cnta);
  free(g->cntb);
  free(g->sa);
  free(g->sbx);
  free(g->sbp);
  memset(g, 0, sizeof(*g));
}

/* The residual problem: which mentees are still free to match and how much
 * capacity each mentor has left after the fixed pairings. */
struct residual {
  uint8_t *fixed; /* [n_mentees] 1 when in a fixed pairing */
  int64_t *rcap;  /* [n_mentors] remaining capacity */
};

static int edge_kept(const struct match_problem *p, const struct residual *rs,
                     size_t i, int32_t lo)
{
  return p->score[i] >= lo && !rs->fixed[p->mentee[i]] &&
         rs->rcap[p->mentor[i]] > 0;
}

/* graph_build: the edges scoring at least lo, oriented from the side with
 * less capacity. Ties in the choice go to the mentors' side. */
static void graph_build(struct graph *g, const struct match_problem *p,
                        const struct residual *rs, int32_t lo)
{
  uint32_t *deg_mentee = xcalloc(p->n_mentees, sizeof(uint32_t));
  uint32_t *deg_mentor = xcalloc(p->n_mentors, sizeof(uint32_t));
  uint64_t cap_mentees = 0, cap_mentors = 0;
  uint32_t m = 0;
  size_t i;

  memset(g, 0, sizeof(*g));
  for (i = 0; i < p->n_edges; i++) {
    if (!edge_kept(p, rs, i, lo))
      continue;
    deg_mentee[p->mentee[i]]++;
    deg_mentor[p->mentor[i]]++;
    m++;
  }
  for (uint32_t x = 0; x < p->n_mentees; x++)
    cap_mentees += deg_mentee[x] > 0;
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    int64_t c = rs->rcap[j];
    cap_mentors += (uint64_t)(c < deg_mentor[j] ? c : deg_mentor[j]);
  }
  g->a_is_mentor = cap_mentors <= cap_mentees;
  g->na = g->a_is_mentor ? p->n_mentors : p->n_mentees;
  g->nb = g->a_is_mentor ? p->n_mentees : p->n_mentors;
  const uint32_t *dega = g->a_is_mentor ? deg_mentor : deg_mentee;
  const uint32_t *degb = g->a_is_mentor ? deg_mentee : deg_mentor;
  const uint32_t *ea = g->a_is_mentor ? p->mentor : p->mentee;
  const uint32_t *eb = g->a_is_mentor ? p->mentee : p->mentor;

  g->off = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  g->off[0] = 0;
  for (uint32_t x = 0; x < g->na; x++)
    g->off[x + 1] = g->off[x] + dega[x];
  g->adj = xmalloc((size_t)(m ? m : 1) * sizeof(uint32_t));
  g->w = xmalloc((size_t)(m ? m : 1) * sizeof(int16_t));
  /* cnta doubles as the fill cursor before the matching starts */
  g->cnta = xcalloc(g->na, sizeof(uint32_t));
  for (i = 0; i < p->n_edges; i++) {
    if (!edge_kept(p, rs, i, lo))
      continue;
    uint32_t x = ea[i], k = g->off[x] + g->cnta[x]++;
    g->adj[k] = eb[i];
    g->w[k] = (int16_t)p->score[i];
    if (p->score[i] > g->maxw)
      g->maxw = p->score[i];
  }
  memset(g->cnta, 0, g->na * sizeof(uint32_t));
  g->cntb = xcalloc(g->nb, sizeof(uint32_t));
  g->capa = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  g->capb = xmalloc(((size_t)g->nb + 1) * sizeof(uint32_t));
  for (uint32_t x = 0; x < g->na; x++) {
    int64_t c = g->a_is_mentor ? rs->rcap[x] : 1;
    g->capa[x] = (uint32_t)(c < dega[x] ? c : dega[x]);
  }
  for (uint32_t y = 0; y < g->nb; y++) {
    int64_t c = g->a_is_mentor ? 1 : rs->rcap[y];
    g->capb[y] = (uint32_t)(c < degb[y] ? c : degb[y]);
  }
  g->soa = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  g->sob = xmalloc(((size_t)g->nb + 1) * sizeof(uint32_t));
  g->soa[0] = g->sob[0] = 0;
  for (uint32_t x = 0; x < g->na; x++)
    g->soa[x + 1] = g->soa[x] + g->capa[x];
  for (uint32_t y = 0; y < g->nb; y++)
    g->sob[y + 1] = g->sob[y] + g->capb[y];
  g->sa = xmalloc(((size_t)g->soa[g->na] + 1) * sizeof(uint32_t));
  g->sbx = xmalloc(((size_t)g->sob[g->nb] + 1) * sizeof(uint32_t));
  g->sbp = xmalloc(((size_t)g->sob[g->nb] + 1) * sizeof(uint32_t));
  free(deg_mentee);
  free(deg_mentor);
}

static void graph_unmatch_all(struct graph *g)
{
  uint32_t m = g->off[g->na];

  for (uint32_t k = 0; k < m; k++)
    g->adj[k] &= ID_MASK;
  memset(g->cnta, 0, g->na * sizeof(uint32_t));
  memset(g->cntb, 0, g->nb * sizeof(uint32_t));
}

/* Add edge k (from A vertex x) to the matching. */
static void pair_add(struct graph *g, uint32_t x, uint32_t k)
{
  uint32_t y = g->adj[k] & ID_MASK;

  g->adj[k] |= MATCHED;
  g->sa[g->soa[x] + g->cnta[x]++] = k;
  g->sbx[g->sob[y] + g->cntb[y]] = x;
  g->sbp[g->sob[y] + g->cntb[y]++] = k;
}

/* In A vertex x's places, put edge knew where edge kold was. */
static void a_replace(struct graph *g, uint32_t x, uint32_t kold, uint32_t knew)
{
  uint32_t *s = g->sa + g->soa[x];

  for (uint32_t i = 0; i < g->cnta[x]; i++)
    if (s[i] == kold) {
      s[i] = knew;
      break;
    }
  g->adj[kold] &= ID_MASK;
  g->adj[knew] |= MATCHED;
}

/* Drop edge k from A vertex x's places (the B side is updated apart). */
static void a_remove(struct graph *g, uint32_t x, uint32_t k)
{
  uint32_t *s = g->sa + g->soa[x];
  uint32_t n = g->cnta[x];

  for (uint32_t i = 0; i < n; i++)
    if (s[i] == k) {
      s[i] = s[n - 1];
      break;
    }
  g->cnta[x] = n - 1;
  g->adj[k] &= ID_MASK;
}

/* In B vertex y's places, replace the pair with A vertex xold by (x, k). */
static void b_replace(struct graph *g, uint32_t y, uint32_t xold, uint32_t x,
                      uint32_t k)
{
  uint32_t base = g->sob[y];

  for (uint32_t i = 0; i < g->cntb[y]; i++)
    if (g->sbx[base + i] == xold) {
      g->sbx[base + i] = x;
      g->sbp[base + i] = k;
      return;
    }
}

/* ----------------------------------------------------------------- heap */

struct hnode {
  int64_t key;
  uint32_t id;
};

struct heap {
  struct hnode *a;
  size_t n, cap;
};

static int hless(const struct hnode *p, const struct hnode *q)
{
  return p->key < q->key || (p->key == q->key && p->id < q->id);
}

static void heap_push(struct heap *h, int64_t key, uint32_t id)
{
  size_t i;

  if (h->n == h->cap) {
    h->cap = h->cap ? 2 * h->cap : 1024;
    h->a = xreallocarray(h->a, h->cap, sizeof(*h->a));
  }
  i = h->n++;
  struct hnode v = {key, id};
  while (i > 0) {
    size_t up = (i - 1) / 2;
    if (!hless(&v, &h->a[up]))
      break;
    h->a[i] = h->a[up];
    i = up;
  }
  h->a[i] = v;
}

static struct hnode heap_pop(struct heap *h)
{
  struct hnode top = h->a[0], v = h->a[--h->n];
  size_t i = 0, n = h->n;

  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && hless(&h->a[c + 1], &h->a[c]))
      c++;
    if (!hless(&h->a[c], &v))
      break;
    h->a[i] = h->a[c];
    i = c;
  }
  if (n)
    h->a[i] = v;
  return top;
}

/* ------------------------------------------------- primal-dual solver */

struct ssp {
  struct graph *g;
  int64_t bonus;
  int64_t *pa, *pb;
  int64_t *da, *db;
  uint32_t *sta, *stb;   /* search stamps */
  uint32_t *preda;       /* A vertex: the B vertex it was reached from */
  uint32_t *predbx;      /* B vertex: the A vertex it was reached from */
  uint32_t *predbk;      /* B vertex: by which edge */
  uint32_t *seta, *setb; /* settled vertices of the current search */
  uint32_t nseta, nsetb;
  uint32_t stamp;
  struct heap h;
};

/* One search from root r. Returns after augmenting or after r gives up. */
static void ssp_search(struct ssp *s, uint32_t r)
{
  struct graph *g = s->g;
  int64_t best = s->pa[r];
  int term_b = 0; /* end at a free B vertex (else an A vertex) */
  uint32_t term = r, term_x = 0, term_k = 0;
  uint32_t stamp = ++s->stamp;
  uint32_t scanned = 0; /* seta[scanned..nseta) wait to be scanned */

  s->h.n = 0;
  s->nseta = s->nsetb = 0;
  s->sta[r] = stamp;
  s->da[r] = 0;
  s->seta[s->nseta++] = r;
  for (;;) {
    while (scanned < s->nseta) {
      uint32_t x = s->seta[scanned++];
      int64_t px = s->pa[x] - s->bonus + s->da[x];
      /* x's own pairs must keep their reduced cost 0 when pa[x] moves, so
       * its partners settle at its distance too (a partner of x has no
       * other partner: one of the two sides is the mentees) */
      for (uint32_t i = g->soa[x], e = i + g->cnta[x]; i < e; i++) {
        uint32_t y = g->adj[g->sa[i]] & ID_MASK;
        if (s->stb[y] == stamp && s->db[y] < 0)
          continue;
        s->stb[y] = stamp;
        s->db[y] = -1 - s->da[x];
        s->setb[s->nsetb++] = y;
      }
      for (uint32_t k = g->off[x], e = g->off[x + 1]; k < e; k++) {
        uint32_t y = g->adj[k];
        if (y & MATCHED)
          continue;
        int64_t nd = px + s->pb[y] - g->w[k];
        if (nd >= best)
          continue;
        if (g->cntb[y] < g->capb[y]) {
          best = nd;
          term_b = 1;
          term = y;
          term_x = x;
          term_k = k;
        } else if (s->stb[y] != stamp || nd < s->db[y]) {
          s->stb[y] = stamp;
          s->db[y] = nd;
          s->predbx[y] = x;
          s->predbk[y] = k;
          heap_push(&s->h, nd, y);
        }
      }
    }
    /* settle the nearest labelled B vertex and the A vertices behind it */
    uint32_t y = UINT32_MAX;
    int64_t d = 0;
    while (s->h.n) {
      struct hnode t = heap_pop(&s->h);
      if (t.key >= best)
        break;
      if (s->stb[t.id] == stamp && t.key == s->db[t.id]) {
        y = t.id;
        d = t.key;
        break;
      }
    }
    if (y == UINT32_MAX)
      break;
    s->db[y] = -1 - d; /* settled: no stale copy can match any more */
    s->setb[s->nsetb++] = y;
    for (uint32_t i = g->sob[y], e = i + g->cntb[y]; i < e; i++) {
      uint32_t z = g->sbx[i];
      if (s->sta[z] == stamp)
        continue;
      s->sta[z] = stamp;
      s->da[z] = d;
      s->preda[z] = y;
      s->seta[s->nseta++] = z;
      if (d + s->pa[z] < best) {
        best = d + s->pa[z];
        term_b = 0;
        term = z;
      }
    }
  }

  /* dual update: settled vertices move by best - distance */
  for (uint32_t i = 0; i < s->nseta; i++) {
    uint32_t z = s->seta[i];
    s->pa[z] -= best - s->da[z];
  }
  for (uint32_t i = 0; i < s->nsetb; i++) {
    uint32_t y = s->setb[i];
    s->pb[y] += best - (-1 - s->db[y]);
  }

  /* augment along the tree path back to the root */
  uint32_t cx, ck;
  if (term_b) {
    g->cntb[term]++;
    g->sbx[g->sob[term] + g->cntb[term] - 1] = term_x;
    g->sbp[g->sob[term] + g->cntb[term] - 1] = term_k;
    cx = term_x;
    ck = term_k;
  } else {
    if (term == r)
      return; /* r gives up its free place: pa[r] is now 0 */
    /* A vertex term drops its pair with the B vertex it was reached from */
    uint32_t y = s->preda[term];
    uint32_t kold = UINT32_MAX;
    for (uint32_t i = g->sob[y], e = i + g->cntb[y]; i < e; i++)
      if (g->sbx[i] == term)
        kold = g->sbp[i];
    a_remove(g, term, kold);
    b_replace(g, y, term, s->predbx[y], s->predbk[y]);
    cx = s->predbx[y];
    ck = s->predbk[y];
  }
  while (cx != r) {
    uint32_t y = s->preda[cx];
    uint32_t kold = UINT32_MAX;
    for (uint32_t i = g->sob[y], e = i + g->cntb[y]; i < e; i++)
      if (g->sbx[i] == cx)
        kold = g->sbp[i];
    a_replace(g, cx, kold, ck);
    b_replace(g, y, cx, s->predbx[y], s->predbk[y]);
    ck = s->predbk[y];
    cx = s->predbx[y];
  }
  g->adj[ck] |= MATCHED;
  g->sa[g->soa[r] + g->cnta[r]++] = ck;
}

/* Solve on g with every edge weighing w + bonus. Fills pa, pb. */
static void ssp_run(struct graph *g, int64_t bonus, int64_t *pa, int64_t *pb)
{
  struct ssp s;

  memset(&s, 0, sizeof(s));
  s.g = g;
  s.bonus = bonus;
  s.pa = pa;
  s.pb = pb;
  s.da = xmalloc(((size_t)g->na + 1) * sizeof(int64_t));
  s.db = xmalloc(((size_t)g->nb + 1) * sizeof(int64_t));
  s.sta = xcalloc((size_t)g->na + 1, sizeof(uint32_t));
  s.stb = xcalloc((size_t)g->nb + 1, sizeof(uint32_t));
  s.preda = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  s.predbx = xmalloc(((size_t)g->nb + 1) * sizeof(uint32_t));
  s.predbk = xmalloc(((size_t)g->nb + 1) * sizeof(uint32_t));
  s.seta = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  s.setb = xmalloc(((size_t)g->nb + 1) * sizeof(uint32_t));

  /* start: B potentials 0, A potentials at their best edge; take the
   * tight edges to free B vertices greedily */
  memset(pb, 0, g->nb * sizeof(int64_t));
  for (uint32_t x = 0; x < g->na; x++) {
    int32_t mw = -1;
    for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++)
      if (g->w[k] > mw)
        mw = g->w[k];
    pa[x] = g->capa[x] ? mw + bonus : 0;
    for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++) {
      uint32_t y = g->adj[k];
      if (g->cnta[x] >= g->capa[x])
        break;
      if (g->w[k] == mw && g->cntb[y] < g->capb[y])
        pair_add(g, x, k);
    }
  }
  for (uint32_t x = 0; x < g->na; x++)
    while (g->cnta[x] < g->capa[x] && pa[x] > 0)
      ssp_search(&s, x);
  /* A vertices with no place never take part: any potential >= 0 that
   * covers their edges will do, and they have none */
  free(s.da);
  free(s.db);
  free(s.sta);
  free(s.stb);
  free(s.preda);
  free(s.predbx);
  free(s.predbk);
  free(s.seta);
  free(s.setb);
  free(s.h.a);
}

/* ------------------------------------------------ maximum cardinality */

/* Hopcroft-Karp on the edges of g scoring at least t: the maximum number of
 * pairs. Leaves the matching in g. */
static uint64_t hk_run(struct graph *g, int32_t t)
{
  uint32_t *layer = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint32_t *queue = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint32_t *it = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint32_t *mi = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint32_t *stack = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint64_t total = 0;

  graph_unmatch_all(g);
  for (uint32_t x = 0; x < g->na; x++)
    for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++) {
      uint32_t y = g->adj[k];
      if (g->cnta[x] >= g->capa[x])
        break;
      if (g->w[k] >= t && g->cntb[y] < g->capb[y]) {
        pair_add(g, x, k);
        total++;
      }
    }
  for (;;) {
    uint32_t qh = 0, qt = 0, found = UINT32_MAX;
    for (uint32_t x = 0; x < g->na; x++) {
      layer[x] = UINT32_MAX;
      if (g->cnta[x] < g->capa[x]) {
        layer[x] = 0;
        queue[qt++] = x;
      }
    }
    while (qh < qt) {
      uint32_t x = queue[qh++];
      if (layer[x] >= found)
        break;
      for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++) {
        uint32_t y = g->adj[k];
        if ((y & MATCHED) || g->w[k] < t)
          continue;
        if (g->cntb[y] < g->capb[y]) {
          if (found == UINT32_MAX)
            found = layer[x];
          continue;
        }
        for (uint32_t i = g->sob[y], e = i + g->cntb[y]; i < e; i++) {
          uint32_t z = g->sbx[i];
          if (layer[z] == UINT32_MAX) {
            layer[z] = layer[x] + 1;
            queue[qt++] = z;
          }
        }
      }
    }
    if (found == UINT32_MAX)
      break;
    for (uint32_t x = 0; x < g->na; x++) {
      it[x] = g->off[x];
      mi[x] = 0;
    }
    for (uint32_t r = 0; r < g->na; r++) {
      while (layer[r] == 0 && g->cnta[r] < g->capa[r]) {
        /* iterative depth-first search along increasing layers */
        uint32_t sp = 0;
        int ok = 0;
        stack[sp++] = r;
        while (sp) {
          uint32_t x = stack[sp - 1];
          if (it[x] >= g->off[x + 1]) {
            layer[x] = UINT32_MAX; /* dead end for this phase */
            sp--;
            continue;
          }
          uint32_t k = it[x], y = g->adj[k];
          if ((y & MATCHED) || g->w[k] < t) {
            it[x]++;
            continue;
          }
          if (g->cntb[y] < g->capb[y]) {
            ok = 1;
            break;
          }
          uint32_t z = UINT32_MAX;
          while (mi[x] < g->cntb[y]) {
            uint32_t c = g->sbx[g->sob[y] + mi[x]++];
            if (layer[c] != UINT32_MAX && layer[c] == layer[x] + 1) {
              z = c;
              break;
            }
          }
          if (z == UINT32_MAX) {
            it[x]++;
            mi[x] = 0;
            continue;
          }
          stack[sp++] = z;
        }
        if (!ok) {
          layer[r] = UINT32_MAX;
          break;
        }
        /* stack[0..sp) is the path; each it[] is the edge taken. Walk
         * from the root so that no vertex ever holds more than its
         * capacity: each takes its new edge after losing its old one. */
        for (uint32_t i = 1; i < sp; i++) {
          uint32_t px = stack[i - 1], pk = it[px];
          uint32_t y = g->adj[pk] & ID_MASK;
          uint32_t kold = UINT32_MAX;
          for (uint32_t j = g->sob[y], e = j + g->cntb[y]; j < e; j++)
            if (g->sbx[j] == stack[i])
              kold = g->sbp[j];
          a_remove(g, stack[i], kold);
          b_replace(g, y, stack[i], px, pk);
          g->adj[pk] |= MATCHED;
          g->sa[g->soa[px] + g->cnta[px]++] = pk;
        }
        pair_add(g, stack[sp - 1], it[stack[sp - 1]]);
        for (uint32_t i = 0; i < sp; i++)
          mi[stack[i]] = 0;
        total++;
      }
    }
  }
  free(layer);
  free(queue);
  free(it);
  free(mi);
  free(stack);
  return total;
}

/* After hk_run at t: a minimum vertex cover of the edges scoring at least t
 * (Konig), in mentee and mentor terms. */
static void hk_cover(const struct graph *g, int32_t t, struct match_cover *c,
                     uint32_t n_mentees, uint32_t n_mentors)
{
  uint8_t *za = xcalloc((size_t)g->na + 1, 1);
  uint8_t *zb = xcalloc((size_t)g->nb + 1, 1);
  uint32_t *queue = xmalloc(((size_t)g->na + 1) * sizeof(uint32_t));
  uint32_t qh = 0, qt = 0;
  uint8_t *ca, *cb;

  for (uint32_t x = 0; x < g->na; x++)
    if (g->cnta[x] < g->capa[x]) {
      za[x] = 1;
      queue[qt++] = x;
    }
  while (qh < qt) {
    uint32_t x = queue[qh++];
    for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++) {
      uint32_t y = g->adj[k];
      if ((y & MATCHED) || g->w[k] < t || zb[y])
        continue;
      zb[y] = 1;
      for (uint32_t i = g->sob[y], e = i + g->cntb[y]; i < e; i++) {
        uint32_t z = g->sbx[i];
        if (!za[z]) {
          za[z] = 1;
          queue[qt++] = z;
        }
      }
    }
  }
  c->at = t;
  c->mentee = xcalloc((size_t)n_mentees + 1, 1);
  c->mentor = xcalloc((size_t)n_mentors + 1, 1);
  ca = g->a_is_mentor ? c->mentor : c->mentee;
  cb = g->a_is_mentor ? c->mentee : c->mentor;
  for (uint32_t x = 0; x < g->na; x++)
    if (!za[x] && g->capa[x])
      ca[x] = 1;
  for (uint32_t y = 0; y < g->nb; y++)
    if (zb[y])
      cb[y] = 1;
  /* a reachable A vertex's matched edge to an unreachable B vertex is cut
   * by the flow; cover it by its mentee end, which costs 1 like the edge.
   * Only possible when A is the mentors' side. */
  for (uint32_t x = 0; x < g->na; x++) {
    if (!za[x])
      continue;
    for (uint32_t i = 0; i < g->cnta[x]; i++) {
      uint32_t k = g->sa[g->soa[x] + i];
      uint32_t y = g->adj[k] & ID_MASK;
      if (!zb[y] && g->w[k] >= t)
        g->a_is_mentor ? (void)(c->mentee[y] = 1) : (void)(ca[x] = 1);
    }
  }
  free(za);
  free(zb);
  free(queue);
}

/* ------------------------------------------------------------ top level */

static int validate(const struct match_problem *p)
{
  if (p->n_mentees > MATCH_MAX_IDS || p->n_mentors > MATCH_MAX_IDS ||
      p->n_edges > MATCH_MAX_EDGES || p->n_fixed > MATCH_MAX_IDS)
    return ERR_TOOBIG;
  if (p->objective != MATCH_CARDINALITY && p->objective != MATCH_TOTAL &&
      p->objective != MATCH_MAXMIN)
    return ERR_INPUT;
  for (uint32_t j = 0; j < p->n_mentors; j++)
    if (p->capacity[j] < 0)
      return ERR_INPUT;
  for (size_t i = 0; i < p->n_edges; i++)
    if (p->mentee[i] >= p->n_mentees || p->mentor[i] >= p->n_mentors ||
        p->score[i] < 0 || p->score[i] > MATCH_SCORE_MAX)
      return ERR_INPUT;
  for (size_t i = 0; i < p->n_fixed; i++)
    if (p->fixed_mentee[i] >= p->n_mentees ||
        p->fixed_mentor[i] >= p->n_mentors)
      return ERR_INPUT;
  return 0;
}

/* A bonus per pair larger than any total score a matching can gain by
 * having one pair fewer: at most `pairs` pairs of at most maxw each. */
static int cardinality_bonus(uint64_t pairs, int32_t maxw, int64_t *bonus)
{
  uint64_t b = pairs * (uint64_t)maxw + 1;

  /* the whole weight, pairs * (bonus + maxw), must stay far from 2^63 */
  if (pairs && b > ((uint64_t)1 << 61) / pairs)
    return ERR_TOOBIG;
  *bonus = (int64_t)b;
  return 0;
}

/* The most pairs any assignment could make: it depends on the sizes only,
 * not on the edges, so a solve on a candidate graph and on all pairs use
 * the same bonus. */
static uint64_t pairs_bound(const struct match_problem *p,
                            const struct residual *rs)
{
  uint64_t a = 0, b = 0;

  for (uint32_t x = 0; x < p->n_mentees; x++)
    a += !rs->fixed[x];
  for (uint32_t j = 0; j < p->n_mentors; j++)
    b += rs->rcap[j] > 0 ? (uint64_t)rs->rcap[j] : 0;
  return a < b ? a : b;
}

/* Write g's matching and potentials into r (mentee and mentor terms). */
static void graph_output(const struct graph *g, const int64_t *pa,
                         const int64_t *pb, struct match_result *r)
{
  for (uint32_t x = 0; x < g->na; x++) {
    for (uint32_t i = 0; i < g->cnta[x]; i++) {
      uint32_t k = g->sa[g->soa[x] + i];
      uint32_t y = g->adj[k] & ID_MASK;
      uint32_t mentee = g->a_is_mentor ? y : x;
      uint32_t mentor = g->a_is_mentor ? x : y;
      r->mentor_of[mentee] = mentor;
      r->score_of[mentee] = g->w[k];
    }
    if (pa)
      (g->a_is_mentor ? r->v : r->u)[x] = pa[x];
  }
  if (pb)
    for (uint32_t y = 0; y < g->nb; y++)
      (g->a_is_mentor ? r->u : r->v)[y] = pb[y];
}

void match_result_free(struct match_result *r)
{
  if (!r)
    return;
  free(r->mentor_of);
  free(r->score_of);
  free(r->u);
  free(r->v);
  free(r->card_cover.mentee);
  free(r->card_cover.mentor);
  free(r->up_cover.mentee);
  free(r->up_cover.mentor);
  memset(r, 0, sizeof(*r));
}

/* The distinct scores of g's edges, ascending; *n set to their number. */
static int32_t *distinct_scores(const struct graph *g, uint32_t *n)
{
  uint8_t *seen = xcalloc((size_t)g->maxw + 1, 1);
  int32_t *v;
  uint32_t m = g->off[g->na], c = 0;

  for (uint32_t k = 0; k < m; k++)
    seen[g->w[k]] = 1;
  for (int32_t s = 0; s <= g->maxw; s++)
    c += seen[s];
  v = xmalloc((size_t)(c ? c : 1) * sizeof(int32_t));
  c = 0;
  for (int32_t s = 0; s <= g->maxw; s++)
    if (seen[s])
      v[c++] = s;
  free(seen);
  *n = c;
  return v;
}

int match_solve(const struct match_problem *p, struct match_result *r)
{
  struct residual rs = {0};
  struct graph g = {0};
  int64_t *pa = NULL, *pb = NULL;
  int32_t lo = p->min_score;
  int rc;

  memset(r, 0, sizeof(*r));
  rc = validate(p);
  if (rc)
    return rc;
  rs.fixed = xcalloc((size_t)p->n_mentees + 1, 1);
  rs.rcap = xmalloc(((size_t)p->n_mentors + 1) * sizeof(int64_t));
  for (uint32_t j = 0; j < p->n_mentors; j++)
    rs.rcap[j] = p->capacity[j];
  for (size_t i = 0; i < p->n_fixed; i++) {
    uint32_t x = p->fixed_mentee[i], j = p->fixed_mentor[i];
    if (rs.fixed[x] || rs.rcap[j] <= 0) {
      rc = ERR_CONFLICT;
      goto done;
    }
    rs.fixed[x] = 1;
    rs.rcap[j]--;
  }

  r->n_mentees = p->n_mentees;
  r->n_mentors = p->n_mentors;
  r->mentor_of = xmalloc(((size_t)p->n_mentees + 1) * sizeof(uint32_t));
  r->score_of = xcalloc((size_t)p->n_mentees + 1, sizeof(int32_t));
  r->u = xcalloc((size_t)p->n_mentees + 1, sizeof(int64_t));
  r->v = xcalloc((size_t)p->n_mentors + 1, sizeof(int64_t));
  for (uint32_t x = 0; x < p->n_mentees; x++)
    r->mentor_of[x] = MATCH_NONE;

  if (p->objective == MATCH_TOTAL && lo < 1)
    lo = 1; /* a pair scoring 0 never adds to the total */
  graph_build(&g, p, &rs, lo);
  r->threshold = lo;
  if (p->objective == MATCH_MAXMIN) {
    uint32_t nd, low, high;
    uint64_t k_all = hk_run(&g, lo);
    int32_t *ds = distinct_scores(&g, &nd);

    hk_cover(&g, lo, &r->card_cover, p->n_mentees, p->n_mentors);
    /* ds[low] keeps k_all pairs; ds[high] (or beyond the end) does not */
    low = 0;
    high = nd;
    while (k_all && high - low > 1) {
      uint32_t mid = low + (high - low) / 2;
      if (hk_run(&g, ds[mid]) == k_all)
        low = mid;
      else
        high = mid;
    }
    if (k_all && high < nd) {
      hk_run(&g, ds[high]);
      hk_cover(&g, ds[high], &r->up_cover, p->n_mentees, p->n_mentors);
      r->has_up_cover = 1;
    }
    if (k_all && ds[low] > lo) {
      lo = ds[low];
      graph_free(&g);
      graph_build(&g, p, &rs, lo);
    }
    graph_unmatch_all(&g);
    r->threshold = lo;
    free(ds);
  }
  if (p->objective != MATCH_TOTAL) {
    rc = cardinality_bonus(pairs_bound(p, &rs), g.maxw, &r->bonus);
    if (rc)
      goto done;
  }
  pa = xmalloc(((size_t)g.na + 1) * sizeof(int64_t));
  pb = xmalloc(((size_t)g.nb + 1) * sizeof(int64_t));
  ssp_run(&g, r->bonus, pa, pb);
  graph_output(&g, pa, pb, r);

  /* Duals in the terms of the certified problem, whose capacities are the
   * remaining ones rather than the effective min(capacity, degree). */
  {
    int64_t top = 0;
    for (size_t i = 0; i < p->n_edges; i++)
      if (p->score[i] > top)
        top = p->score[i];
    top += r->bonus;
    uint32_t *held = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
    for (uint32_t x = 0; x < p->n_mentees; x++)
      if (r->mentor_of[x] != MATCH_NONE)
        held[r->mentor_of[x]]++;
    for (uint32_t j = 0; j < p->n_mentors; j++) {
      if (rs.rcap[j] <= 0)
        r->v[j] = top; /* no place left: costs nothing in the dual */
      else if (r->v[j] > 0 && held[j] < rs.rcap[j])
        held[j] = UINT32_MAX; /* full only because every edge is taken */
    }
    /* move such a mentor's potential onto its mentees, who are all of its
     * neighbours */
    for (uint32_t x = 0; x < p->n_mentees; x++)
      if (r->mentor_of[x] != MATCH_NONE && held[r->mentor_of[x]] == UINT32_MAX)
        r->u[x] += r->v[r->mentor_of[x]];
    for (uint32_t j = 0; j < p->n_mentors; j++)
      if (held[j] == UINT32_MAX)
        r->v[j] = 0;
    free(held);
  }

  for (size_t i = 0; i < p->n_fixed; i++) {
    uint32_t x = p->fixed_mentee[i];
    r->mentor_of[x] = p->fixed_mentor[i];
    r->score_of[x] = 0;
  }
  for (size_t i = 0; i < p->n_edges; i++) {
    uint32_t x = p->mentee[i];
    if (rs.fixed[x] && r->mentor_of[x] == p->mentor[i] &&
        p->score[i] > r->score_of[x])
      r->score_of[x] = p->score[i];
  }
  /* the worst pair the solver made, or else the worst fixed one */
  for (int pass = 0; pass < 2 && !r->matched; pass++)
    for (uint32_t x = 0; x < p->n_mentees; x++) {
      if (r->mentor_of[x] == MATCH_NONE || (pass == 0 && rs.fixed[x]))
        continue;
      if (!r->matched || r->score_of[x] < r->min_pair_score)
        r->min_pair_score = r->score_of[x];
      r->matched++;
    }
  r->matched = 0;
  for (uint32_t x = 0; x < p->n_mentees; x++) {
    if (r->mentor_of[x] == MATCH_NONE)
      continue;
    r->matched++;
    r->matched_free += !rs.fixed[x];
    r->total += r->score_of[x];
  }
  rc = 0;
done:
  free(pa);
  free(pb);
  graph_free(&g);
  free(rs.fixed);
  free(rs.rcap);
  if (rc)
    match_result_free(r);
  return rc;
}

/* ------------------------------------------------------------- checking */

const char *match_objective_name(enum match_objective o)
{
  switch (o) {
  case MATCH_CARDINALITY:
    return "cardinality";
  case MATCH_TOTAL:
    return "total";
  case MATCH_MAXMIN:
    return "maxmin";
  }
  return "unknown";
}

/* Size of cover c over the certified edges scoring at least c->at, or -1
 * when some such edge has no covered end. */
static int64_t cover_size(const struct match_problem *p, const uint8_t *fixed,
                          const int64_t *rcap, const struct match_cover *c)
{
  uint32_t *deg;
  int64_t size = 0;

  if (!c->mentee || !c->mentor)
    return -1;
  deg = xcalloc((size_t)p->n_mentors + 1, sizeof(uint32_t));
  for (size_t i = 0; i < p->n_edges; i++) {
    uint32_t x = p->mentee[i], j = p->mentor[i];
    if (fixed[x] || rcap[j] <= 0 || p->score[i] < c->at)
      continue;
    if (!c->mentee[x] && !c->mentor[j]) {
      free(deg);
      return -1;
    }
    deg[j]++;
  }
  for (uint32_t x = 0; x < p->n_mentees; x++)
    size += c->mentee[x] != 0;
  for (uint32_t j = 0; j < p->n_mentors; j++)
    if (c->mentor[j] && rcap[j] > 0)
      size += rcap[j] < deg[j] ? rcap[j] : deg[j];
  free(deg);
  return size;
}

int match_check(const struct match_problem *p, const struct match_result *r)
{
  uint8_t *fixed = NULL;
  int64_t *rcap = NULL, *held = NULL;
  int64_t primal = 0, dual = 0, total = 0;
  size_t matched = 0, matched_free = 0;
  int32_t cert_lo;
  int rc = ERR_INPUT;

  if (validate(p) || !r->mentor_of || !r->score_of || !r->u || !r->v ||
      r->n_mentees != p->n_mentees || r->n_mentors != p->n_mentors)
    return ERR_INPUT;
  fixed = xcalloc((size_t)p->n_mentees + 1, 1);
  rcap = xmalloc(((size_t)p->n_mentors + 1) * sizeof(int64_t));
  held = xcalloc((size_t)p->n_mentors + 1, sizeof(int64_t));
  for (uint32_t j = 0; j < p->n_mentors; j++)
    rcap[j] = p->capacity[j];
  for (size_t i = 0; i < p->n_fixed; i++) {
    uint32_t x = p->fixed_mentee[i], j = p->fixed_mentor[i];
    if (fixed[x] || r->mentor_of[x] != j)
      goto done;
    fixed[x] = 1;
    rcap[j]--;
  }

  /* primal: every solver pair is an edge of the certified problem with the
   * reported score, within capacity */
  for (uint32_t x = 0; x < p->n_mentees; x++) {
    uint32_t j = r->mentor_of[x];
    if (j == MATCH_NONE) {
      if (r->score_of[x] != 0)
        goto done;
      continue;
    }
    if (j >= p->n_mentors)
      goto done;
    matched++;
    total += r->score_of[x];
    if (fixed[x])
      continue;
    matched_free++;
    if (++held[j] > rcap[j] || r->score_of[x] < r->threshold)
      goto done;
  }
  {
    /* each solver pair must be backed by an edge with its exact score */
    uint8_t *backed = xcalloc((size_t)p->n_mentees + 1, 1);
    size_t nbacked = 0;
    for (size_t i = 0; i < p->n_edges; i++) {
      uint32_t x = p->mentee[i];
      if (!fixed[x] && !backed[x] && r->mentor_of[x] == p->mentor[i] &&
          r->score_of[x] == p->score[i]) {
        backed[x] = 1;
        nbacked++;
      }
    }
    free(backed);
    if (nbacked != matched_free)
      goto done;
  }
  if (matched != r->matched || matched_free != r->matched_free ||
      total != r->total)
    goto done;

  rc = ERR_CONFLICT;
  if (r->threshold < p->min_score || r->bonus < 0 ||
      (p->objective == MATCH_TOTAL && r->bonus != 0) ||
      (p->objective != MATCH_TOTAL && r->bonus == 0) ||
      (p->objective == MATCH_CARDINALITY && r->threshold != p->min_score))
    goto done;
  /* dual feasibility on every certified edge; for the total objective the
   * edges below the threshold may only be those scoring 0 or less */
  cert_lo = p->objective == MATCH_TOTAL ? p->min_score : r->threshold;
  for (uint32_t x = 0; x < p->n_mentees; x++)
    if (r->u[x] < 0)
      goto done;
  for (uint32_t j = 0; j < p->n_mentors; j++)
    if (r->v[j] < 0)
      goto done;
  for (size_t i = 0; i < p->n_edges; i++) {
    uint32_t x = p->mentee[i], j = p->mentor[i];
    int64_t lhs;
    if (fixed[x] || p->score[i] < cert_lo)
      continue;
    if (__builtin_add_overflow(r->u[x], r->v[j], &lhs) ||
        lhs < p->score[i] + r->bonus)
      goto done;
  }
  /* equal values: primal weight = dual objective */
  for (uint32_t x = 0; x < p->n_mentees; x++) {
    if (fixed[x])
      continue;
    if (r->mentor_of[x] != MATCH_NONE &&
        __builtin_add_overflow(primal, r->score_of[x] + r->bonus, &primal))
      goto done;
    if (__builtin_add_overflow(dual, r->u[x], &dual))
      goto done;
  }
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    int64_t t;
    if (rcap[j] <= 0)
      continue;
    if (__builtin_mul_overflow(rcap[j], r->v[j], &t) ||
        __builtin_add_overflow(dual, t, &dual))
      goto done;
  }
  if (primal != dual)
    goto done;

  if (p->objective == MATCH_MAXMIN) {
    int64_t size;
    if (r->card_cover.at != p->min_score)
      goto done;
    size = cover_size(p, fixed, rcap, &r->card_cover);
    if (size < 0 || size > (int64_t)matched_free)
      goto done;
    if (r->has_up_cover) {
      if (r->up_cover.at <= r->threshold)
        goto done;
      for (size_t i = 0; i < p->n_edges; i++)
        if (!fixed[p->mentee[i]] && rcap[p->mentor[i]] > 0 &&
            p->score[i] > r->threshold && p->score[i] < r->up_cover.at)
          goto done;
      size = cover_size(p, fixed, rcap, &r->up_cover);
      if (size < 0 || size >= (int64_t)matched_free)
        goto done;
    } else if (matched_free > 0) {
      for (size_t i = 0; i < p->n_edges; i++)
        if (!fixed[p->mentee[i]] && rcap[p->mentor[i]] > 0 &&
            p->score[i] > r->threshold)
          goto done;
    }
  }
  rc = 0;
done:
  free(fixed);
  free(rcap);
  free(held);
  return rc;
}
