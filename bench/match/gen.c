/* gen.c: deterministic, realistic matching instances for the benchmark.
 *
 *   gen S|M|L|XL OUT [SEED]
 *
 * People are drawn from a fixed-seed generator: faculties and courses,
 * years, interests (correlated with the course), languages and home
 * countries (mostly home students), campuses (by faculty), weekly
 * availability, meeting mode, ranked preferred mentors, consented
 * characteristics; mentors with capacities 1-5, some not eligible, not
 * trained or already full; a few blocked and badly ended pairs. Pairs are
 * scored by src/match/score.c with the default configuration. S and M keep
 * every feasible pair; L and XL each mentee's top 50 / 20 candidates by
 * src/match/candidates.c (blocked by course and faculty). Prints timings
 * and the candidate graph's coverage on stderr. Benchmark-only code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/candidates.h"
#include "match/score.h"

static uint64_t rs = 88172645463325252ull;

static uint64_t rnd64(void)
{
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}

static uint32_t rnd(uint32_t n)
{
  return n ? (uint32_t)(rnd64() % n) : 0;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct size {
  const char *name;
  uint32_t mentees, mentors, faculties, courses_per_faculty, k;
};

static const struct size sizes[] = {
    {"S", 1000, 300, 5, 4, 0},
    {"M", 5000, 1500, 8, 6, 0},
    {"L", 100000, 20000, 12, 12, 50},
    {"XL", 1000000, 200000, 400, 8, 20},
};

/* A person of course `course` (faculty = course / cpf). */
static void person(struct match_person *p, uint32_t id, uint32_t course,
                   uint32_t cpf, uint32_t ncampus, int mentor)
{
  memset(p, 0, sizeof(*p));
  p->person = id;
  p->course = (int32_t)course;
  p->faculty = (int32_t)(course / cpf);
  p->campus = (int32_t)((p->faculty + (rnd(10) == 0)) % ncampus);
  p->year = mentor ? 2 + (int32_t)rnd(3) : 1;
  /* interests: half from the course's 8 typical ones, half anywhere */
  int n = 3 + (int)rnd(4);
  for (int i = 0; i < n; i++)
    p->interests |= 1ull << (rnd(2) ? (course * 5 + rnd(8)) % 64 : rnd(64));
  /* 75% home students; others from 40 countries, skewed */
  if (rnd(4))
    p->home_country = 0;
  else
    p->home_country = 1 + (int32_t)(rnd(40) * rnd(40) / 40);
  p->first_language = p->home_country == 0 ? 0 : 1 + p->home_country % 25;
  p->languages = 1ull << p->first_language | (rnd(10) < 9 ? 1ull : 0);
  if (rnd(5) == 0)
    p->languages |= 1ull << rnd(30);
  for (int i = 0; i < 8; i++)
    p->availability |= 1u << rnd(21);
  p->mode = (uint8_t)(1 + rnd(3));
  p->characteristics = (uint32_t)rnd64() & 0xff;
  p->consent = rnd(2) ? 0xff : 0;
  if (mentor) {
    static const uint8_t caps[20] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2,
                                     2, 3, 3, 3, 3, 3, 4, 4, 5, 5};
    p->eligible = rnd(100) >= 4;
    p->trained = rnd(100) >= 6;
    p->capacity = caps[rnd(20)];
    p->load = rnd(10) == 0 ? (int32_t)rnd((uint32_t)p->capacity + 1) : 0;
  }
}

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  const struct size *z = NULL;
  struct match_config cfg;
  struct match_rules rules = {0};
  struct match_person *e, *m;
  uint32_t *course_mentors, *course_off;
  FILE *f;
  double t0, t1;
  size_t n_edges = 0;

  if (argc < 3) {
    fprintf(stderr, "usage: gen S|M|L|XL OUT [SEED]\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    if (!strcmp(argv[1], sizes[i].name))
      z = &sizes[i];
  if (!z) {
    fprintf(stderr, "gen: unknown size %s\n", argv[1]);
    return 2;
  }
  if (argc > 3)
    rs ^= strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ull;
  match_config_default(&cfg);

  uint32_t ncourse = z->faculties * z->courses_per_faculty;
  uint32_t ncampus = z->faculties < 3 ? z->faculties : 3;
  if (z->faculties > 50)
    ncampus = z->faculties / 4; /* a national scheme: many campuses */
  e = calloc(z->mentees, sizeof(*e));
  m = calloc(z->mentors, sizeof(*m));
  /* course sizes are skewed: some courses are much bigger */
  uint32_t *weight = malloc(ncourse * sizeof(uint32_t));
  uint64_t wsum = 0;
  for (uint32_t c = 0; c < ncourse; c++)
    wsum += weight[c] = 1 + rnd(10) + (rnd(5) == 0) * 20;
  for (uint32_t i = 0; i < z->mentees + z->mentors; i++) {
    uint64_t t = rnd64() % wsum;
    uint32_t c = 0;
    while (t >= weight[c])
      t -= weight[c++];
    if (i < z->mentees)
      person(&e[i], i, c, z->courses_per_faculty, ncampus, 0);
    else
      person(&m[i - z->mentees], i, c, z->courses_per_faculty, ncampus, 1);
  }
  /* 30% of mentees rank 1-3 mentors of their course */
  course_off = calloc(ncourse + 1, sizeof(uint32_t));
  course_mentors = malloc(z->mentors * sizeof(uint32_t));
  for (uint32_t j = 0; j < z->mentors; j++)
    course_off[m[j].course + 1]++;
  for (uint32_t c = 0; c < ncourse; c++)
    course_off[c + 1] += course_off[c];
  {
    uint32_t *fill = malloc(ncourse * sizeof(uint32_t));
    memcpy(fill, course_off, ncourse * sizeof(uint32_t));
    for (uint32_t j = 0; j < z->mentors; j++)
      course_mentors[fill[m[j].course]++] = j;
    free(fill);
  }
  for (uint32_t i = 0; i < z->mentees; i++) {
    uint32_t c = (uint32_t)e[i].course;
    uint32_t nc = course_off[c + 1] - course_off[c];
    if (rnd(10) >= 3 || nc == 0)
      continue;
    e[i].n_preferred = (uint8_t)(1 + rnd(3));
    for (int p = 0; p < e[i].n_preferred; p++)
      e[i].preferred[p] = m[course_mentors[course_off[c] + rnd(nc)]].person;
  }
  /* hard rules: a few badly ended and blocked pairs */
  size_t nbad = z->mentees / 200 + 1, nblk = z->mentees / 200 + 1;
  uint64_t *bad = malloc(nbad * sizeof(uint64_t));
  uint64_t *blk = malloc(nblk * sizeof(uint64_t));
  for (size_t i = 0; i < nbad; i++) {
    uint32_t x = rnd(z->mentees), c = (uint32_t)e[x].course;
    uint32_t nc = course_off[c + 1] - course_off[c];
    uint32_t j = nc ? course_mentors[course_off[c] + rnd(nc)] : rnd(z->mentors);
    bad[i] = match_pair_key(e[x].person, m[j].person);
    blk[i % nblk] =
        match_pair_key(e[rnd(z->mentees)].person, m[rnd(z->mentors)].person);
  }
  qsort(bad, nbad, sizeof(uint64_t), cmp_u64);
  qsort(blk, nblk, sizeof(uint64_t), cmp_u64);
  rules.ended_badly = bad;
  rules.n_ended_badly = nbad;
  rules.blocked = blk;
  rules.n_blocked = nblk;

  f = fopen(argv[2], "w");
  if (!f) {
    perror(argv[2]);
    return 1;
  }
  setvbuf(f, NULL, _IOFBF, 1 << 22);
  t0 = now();
  if (z->k == 0) {
    /* all feasible pairs: count first (the header needs the number) */
    int32_t *sc = malloc((size_t)z->mentees * z->mentors * sizeof(int32_t));
    for (uint32_t i = 0; i < z->mentees; i++)
      for (uint32_t j = 0; j < z->mentors; j++) {
        int32_t s = match_score(&cfg, &rules, &e[i], &m[j], NULL);
        sc[(size_t)i * z->mentors + j] = s;
        n_edges += s != MATCH_EXCLUDED;
      }
    t1 = now();
    fprintf(stderr, "gen %s: scored all %llu pairs in %.3f s (%.1f ns/pair)\n",
            z->name, (unsigned long long)z->mentees * z->mentors, t1 - t0,
            (t1 - t0) * 1e9 / ((double)z->mentees * z->mentors));
    fprintf(f, "%u %u %zu\n", z->mentees, z->mentors, n_edges);
    for (uint32_t j = 0; j < z->mentors; j++)
      fprintf(f, "%d%c", m[j].capacity - m[j].load,
              j + 1 == z->mentors || j % 20 == 19 ? '\n' : ' ');
    for (uint32_t i = 0; i < z->mentees; i++)
      for (uint32_t j = 0; j < z->mentors; j++) {
        int32_t s = sc[(size_t)i * z->mentors + j];
        if (s != MATCH_EXCLUDED)
          fprintf(f, "%u %u %d\n", i, j, s);
      }
    free(sc);
  } else {
    struct match_candidates cand;
    int rc = match_candidates_build(&cfg, &rules, e, z->mentees, m, z->mentors,
                                    z->k, MATCH_SCOPE_FACULTY, &cand);
    if (rc) {
      fprintf(stderr, "gen: candidates failed (%d)\n", rc);
      return 1;
    }
    t1 = now();
    n_edges = cand.n_edges;
    fprintf(stderr,
            "gen %s: top %u candidates: scored %llu of %llu pairs (%.2f%%) "
            "in %.3f s\n",
            z->name, z->k, (unsigned long long)cand.scored,
            (unsigned long long)z->mentees * z->mentors,
            100.0 * (double)cand.scored / ((double)z->mentees * z->mentors),
            t1 - t0);
    fprintf(f, "%u %u %zu\n", z->mentees, z->mentors, n_edges);
    for (uint32_t j = 0; j < z->mentors; j++)
      fprintf(f, "%d%c", m[j].capacity - m[j].load,
              j + 1 == z->mentors || j % 20 == 19 ? '\n' : ' ');
    for (size_t q = 0; q < cand.n_edges; q++)
      fprintf(f, "%u %u %d\n", cand.mentee[q], cand.mentor[q], cand.score[q]);
    match_candidates_free(&cand);
  }
  if (fclose(f)) {
    perror(argv[2]);
    return 1;
  }
  fprintf(stderr, "gen %s: %u mentees, %u mentors, %zu edges -> %s\n", z->name,
          z->mentees, z->mentors, n_edges, argv[2]);
  free(e);
  free(m);
  free(weight);
  free(course_off);
  free(course_mentors);
  free(bad);
  free(blk);
  return 0;
}
