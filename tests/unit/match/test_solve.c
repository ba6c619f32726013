/* test_solve.c: the optimal assignment and its certificate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "match/solve.h"

/* ------------------------------------------------ a deterministic RNG */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return n ? (uint32_t)((rng_state >> 33) % n) : 0;
}

/* ------------------------------------------------------- an instance */

struct inst {
  uint32_t n_mentees, n_mentors;
  int32_t cap[64];
  size_t n_edges;
  uint32_t mentee[4096], mentor[4096];
  int32_t score[4096];
  size_t n_fixed;
  uint32_t fmentee[16], fmentor[16];
};

static struct match_problem problem_of(const struct inst *in,
                                       enum match_objective o, int32_t lo)
{
  struct match_problem p = {
      .n_mentees = in->n_mentees,
      .n_mentors = in->n_mentors,
      .capacity = in->cap,
      .n_edges = in->n_edges,
      .mentee = in->mentee,
      .mentor = in->mentor,
      .score = in->score,
      .min_score = lo,
      .objective = o,
      .n_fixed = in->n_fixed,
      .fixed_mentee = in->fmentee,
      .fixed_mentor = in->fmentor,
  };
  return p;
}

static void edge(struct inst *in, uint32_t x, uint32_t j, int32_t s)
{
  in->mentee[in->n_edges] = x;
  in->mentor[in->n_edges] = j;
  in->score[in->n_edges++] = s;
}

/* ------------------------------------- an independent certificate check
 *
 * Written apart from match_check, from the definitions only: the
 * assignment is feasible, u and v are a feasible dual of the certified
 * problem, and the two objective values are equal. For maxmin, the covers
 * are checked by brute force over the edges. */

static int64_t cover_weight(const struct match_problem *p, const uint8_t *fixed,
                            const int64_t *rcap, const struct match_cover *c)
{
  int64_t w = 0;

  for (size_t i = 0; i < p->n_edges; i++) {
    if (fixed[p->mentee[i]] || rcap[p->mentor[i]] <= 0 || p->score[i] < c->at)
      continue;
    if (!c->mentee[p->mentee[i]] && !c->mentor[p->mentor[i]])
      return -1;
  }
  for (uint32_t x = 0; x < p->n_mentees; x++)
    w += c->mentee[x];
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    int64_t deg = 0;
    if (!c->mentor[j] || rcap[j] <= 0)
      continue;
    for (size_t i = 0; i < p->n_edges; i++)
      deg += p->mentor[i] == j && !fixed[p->mentee[i]] && p->score[i] >= c->at;
    w += deg < rcap[j] ? deg : rcap[j];
  }
  return w;
}

static int verify_certificate(const struct match_problem *p,
                              const struct match_result *r)
{
  uint8_t fixed[4096] = {0};
  int64_t rcap[64], held[64] = {0};
  int64_t primal = 0, dual = 0;
  int64_t npairs = 0;
  int32_t lo = p->objective == MATCH_TOTAL ? p->min_score : r->threshold;

  for (uint32_t j = 0; j < p->n_mentors; j++)
    rcap[j] = p->capacity[j];
  for (size_t i = 0; i < p->n_fixed; i++) {
    fixed[p->fixed_mentee[i]] = 1;
    rcap[p->fixed_mentor[i]]--;
    if (r->mentor_of[p->fixed_mentee[i]] != p->fixed_mentor[i])
      return 0;
  }
  for (uint32_t x = 0; x < p->n_mentees; x++) {
    uint32_t j = r->mentor_of[x];
    int found = 0;
    if (j == MATCH_NONE || fixed[x])
      continue;
    for (size_t i = 0; i < p->n_edges; i++)
      found |= p->mentee[i] == x && p->mentor[i] == j &&
               p->score[i] == r->score_of[x] && p->score[i] >= r->threshold &&
               p->score[i] >= p->min_score;
    if (!found || ++held[j] > rcap[j])
      return 0;
    primal += r->score_of[x] + r->bonus;
    npairs++;
  }
  for (uint32_t x = 0; x < p->n_mentees; x++) {
    if (r->u[x] < 0)
      return 0;
    if (!fixed[x])
      dual += r->u[x];
  }
  for (uint32_t j = 0; j < p->n_mentors; j++) {
    if (r->v[j] < 0)
      return 0;
    if (rcap[j] > 0)
      dual += rcap[j] * r->v[j];
  }
  for (size_t i = 0; i < p->n_edges; i++) {
    uint32_t x = p->mentee[i], j = p->mentor[i];
    if (!fixed[x] && p->score[i] >= lo &&
        r->u[x] + r->v[j] < p->score[i] + r->bonus)
      return 0;
  }
  if (primal != dual)
    return 0;
  if (p->objective == MATCH_TOTAL && r->bonus != 0)
    return 0;
  if (p->objective == MATCH_MAXMIN) {
    int64_t w = cover_weight(p, fixed, rcap, &r->card_cover);
    if (r->card_cover.at != p->min_score || w < 0 || w > npairs)
      return 0;
    if (r->has_up_cover) {
      w = cover_weight(p, fixed, rcap, &r->up_cover);
      if (w < 0 || w >= npairs || r->up_cover.at <= r->threshold)
        return 0;
      for (size_t i = 0; i < p->n_edges; i++)
        if (!fixed[p->mentee[i]] && rcap[p->mentor[i]] > 0 &&
            p->score[i] > r->threshold && p->score[i] < r->up_cover.at)
          return 0;
    }
  }
  return 1;
}

/* --------------------------------------------------------- brute force */

struct best {
  int64_t count, minimum, total;
};

static struct best bf_best;
static int64_t bf_held[64];
static int32_t bf_choice[16];

static int better(enum match_objective o, struct best a, struct best b)
{
  if (o == MATCH_TOTAL)
    return a.total > b.total;
  if (a.count != b.count)
    return a.count > b.count;
  if (o == MATCH_MAXMIN && a.minimum != b.minimum)
    return a.minimum > b.minimum;
  return a.total > b.total;
}

/* best[x][j]: the best score of an allowed pair, or -1 */
static void brute(const struct inst *in, int32_t (*bs)[64], const int64_t *rcap,
                  const uint8_t *fixed, enum match_objective o, uint32_t x)
{
  if (x == in->n_mentees) {
    struct best b = {0, 0, 0};
    for (uint32_t k = 0; k < in->n_mentees; k++) {
      if (bf_choice[k] < 0)
        continue;
      int32_t s = bs[k][bf_choice[k]];
      if (b.count == 0 || s < b.minimum)
        b.minimum = s;
      b.count++;
      b.total += s;
    }
    if (better(o, b, bf_best))
      bf_best = b;
    return;
  }
  bf_choice[x] = -1;
  brute(in, bs, rcap, fixed, o, x + 1);
  if (fixed[x])
    return;
  for (uint32_t j = 0; j < in->n_mentors; j++) {
    if (bs[x][j] < 0 || bf_held[j] >= rcap[j])
      continue;
    bf_held[j]++;
    bf_choice[x] = (int32_t)j;
    brute(in, bs, rcap, fixed, o, x + 1);
    bf_held[j]--;
    bf_choice[x] = -1;
  }
}

static struct best brute_force(const struct inst *in, enum match_objective o,
                               int32_t lo)
{
  int32_t bs[16][64];
  int64_t rcap[64];
  uint8_t fixed[16] = {0};

  for (uint32_t x = 0; x < in->n_mentees; x++)
    for (uint32_t j = 0; j < in->n_mentors; j++)
      bs[x][j] = -1;
  for (size_t i = 0; i < in->n_edges; i++)
    if (in->score[i] >= lo && in->score[i] > bs[in->mentee[i]][in->mentor[i]])
      bs[in->mentee[i]][in->mentor[i]] = in->score[i];
  for (uint32_t j = 0; j < in->n_mentors; j++)
    rcap[j] = in->cap[j];
  for (size_t i = 0; i < in->n_fixed; i++) {
    fixed[in->fmentee[i]] = 1;
    rcap[in->fmentor[i]]--;
  }
  memset(bf_held, 0, sizeof(bf_held));
  bf_best.count = -1;
  bf_best.minimum = -1;
  bf_best.total = INT64_MIN;
  brute(in, bs, rcap, fixed, o, 0);
  return bf_best;
}

/* ------------------------------------------------------------- tests */

static void test_optimal_beats_greedy_on_two_by_two(void **state)
{
  struct inst in = {.n_mentees = 2, .n_mentors = 2, .cap = {1, 1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 9);
  edge(&in, 0, 1, 8);
  edge(&in, 1, 0, 8);
  edge(&in, 1, 1, 1);
  for (int o = 0; o < 3; o++) {
    p = problem_of(&in, (enum match_objective)o, 0);
    assert_int_equal(match_solve(&p, &r), 0);
    assert_int_equal(r.total, 16);
    assert_int_equal(r.matched, 2);
    assert_int_equal(r.mentor_of[0], 1);
    assert_int_equal(r.mentor_of[1], 0);
    assert_true(verify_certificate(&p, &r));
    assert_int_equal(match_check(&p, &r), 0);
    match_result_free(&r);
  }
}

static void test_cardinality_leaves_nobody_out_to_raise_total(void **state)
{
  /* mentee 0 likes both mentors; mentee 1 only fits mentor 0, poorly */
  struct inst in = {.n_mentees = 2, .n_mentors = 2, .cap = {1, 1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 100);
  edge(&in, 0, 1, 1);
  edge(&in, 1, 0, 2);
  p = problem_of(&in, MATCH_TOTAL, 0);
  assert_int_equal(match_solve(&p, &r), 0);
  assert_int_equal(r.total, 100);
  assert_int_equal(r.matched, 1);
  assert_true(verify_certificate(&p, &r));
  match_result_free(&r);
  p = problem_of(&in, MATCH_CARDINALITY, 0);
  assert_int_equal(match_solve(&p, &r), 0);
  assert_int_equal(r.matched, 2);
  assert_int_equal(r.total, 3);
  assert_true(verify_certificate(&p, &r));
  match_result_free(&r);
}

static void test_maxmin_raises_the_worst_off_mentee(void **state)
{
  /* total prefers 10 + 1; maxmin prefers 5 + 5 */
  struct inst in = {.n_mentees = 2, .n_mentors = 2, .cap = {1, 1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 10);
  edge(&in, 1, 1, 1);
  edge(&in, 0, 1, 5);
  edge(&in, 1, 0, 5);
  p = problem_of(&in, MATCH_MAXMIN, 0);
  assert_int_equal(match_solve(&p, &r), 0);
  assert_int_equal(r.min_pair_score, 5);
  assert_int_equal(r.total, 10);
  assert_int_equal(r.threshold, 5);
  assert_true(r.has_up_cover);
  assert_true(verify_certificate(&p, &r));
  assert_int_equal(match_check(&p, &r), 0);
  match_result_free(&r);
}

static void test_pairs_below_min_score_are_never_made(void **state)
{
  struct inst in = {.n_mentees = 2, .n_mentors = 1, .cap = {2}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 3);
  edge(&in, 1, 0, 7);
  p = problem_of(&in, MATCH_CARDINALITY, 5);
  assert_int_equal(match_solve(&p, &r), 0);
  assert_int_equal(r.mentor_of[0], MATCH_NONE);
  assert_int_equal(r.mentor_of[1], 0);
  assert_int_equal(r.matched, 1);
  assert_true(verify_certificate(&p, &r));
  match_result_free(&r);
}

static void test_fixed_pairings_are_kept_and_use_capacity(void **state)
{
  struct inst in = {.n_mentees = 3, .n_mentors = 2, .cap = {1, 1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 9);
  edge(&in, 1, 0, 8);
  edge(&in, 1, 1, 2);
  edge(&in, 2, 1, 3);
  in.n_fixed = 1;
  in.fmentee[0] = 2;
  in.fmentor[0] = 0; /* not an edge: a coordinator's override */
  p = problem_of(&in, MATCH_CARDINALITY, 0);
  assert_int_equal(match_solve(&p, &r), 0);
  assert_int_equal(r.mentor_of[2], 0);
  assert_int_equal(r.score_of[2], 0);
  assert_int_equal(r.mentor_of[1], 1); /* mentor 0 is full */
  assert_int_equal(r.mentor_of[0], MATCH_NONE);
  assert_int_equal(r.matched, 2);
  assert_int_equal(r.matched_free, 1);
  assert_true(verify_certificate(&p, &r));
  assert_int_equal(match_check(&p, &r), 0);
  match_result_free(&r);
}

static void test_fixed_pairings_beyond_capacity_conflict(void **state)
{
  struct inst in = {.n_mentees = 2, .n_mentors = 1, .cap = {1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  in.n_fixed = 2;
  in.fmentee[0] = 0;
  in.fmentee[1] = 1;
  p = problem_of(&in, MATCH_TOTAL, 0);
  assert_int_equal(match_solve(&p, &r), ERR_CONFLICT);
  in.n_fixed = 2;
  in.fmentee[1] = 0;
  in.cap[0] = 2;
  p = problem_of(&in, MATCH_TOTAL, 0);
  assert_int_equal(match_solve(&p, &r), ERR_CONFLICT);
}

static void test_bad_input_is_rejected(void **state)
{
  struct inst in = {.n_mentees = 1, .n_mentors = 1, .cap = {1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 1, 5); /* mentor out of range */
  p = problem_of(&in, MATCH_TOTAL, 0);
  assert_int_equal(match_solve(&p, &r), ERR_INPUT);
  in.mentor[0] = 0;
  in.score[0] = -1;
  assert_int_equal(match_solve(&p, &r), ERR_INPUT);
  in.score[0] = 1;
  in.cap[0] = -1;
  assert_int_equal(match_solve(&p, &r), ERR_INPUT);
  in.cap[0] = 1;
  p.objective = (enum match_objective)7;
  assert_int_equal(match_solve(&p, &r), ERR_INPUT);
}

static void test_empty_problem_is_solved(void **state)
{
  struct inst in = {.n_mentees = 0, .n_mentors = 0};
  struct match_problem p;
  struct match_result r;

  (void)state;
  for (int o = 0; o < 3; o++) {
    p = problem_of(&in, (enum match_objective)o, 0);
    assert_int_equal(match_solve(&p, &r), 0);
    assert_int_equal(r.matched, 0);
    assert_int_equal(match_check(&p, &r), 0);
    match_result_free(&r);
  }
}

static void random_small(struct inst *in)
{
  memset(in, 0, sizeof(*in));
  in->n_mentees = 1 + rnd(7);
  in->n_mentors = 1 + rnd(4);
  for (uint32_t j = 0; j < in->n_mentors; j++)
    in->cap[j] = (int32_t)rnd(3);
  for (uint32_t x = 0; x < in->n_mentees; x++)
    for (uint32_t j = 0; j < in->n_mentors; j++) {
      if (rnd(3) == 0)
        continue;
      edge(in, x, j, (int32_t)rnd(rnd(2) ? 10 : 1000));
      if (rnd(8) == 0)
        edge(in, x, j, (int32_t)rnd(10)); /* a duplicate pair */
    }
  if (rnd(3) == 0) {
    uint32_t x = rnd(in->n_mentees), j = rnd(in->n_mentors);
    if (in->cap[j] > 0) {
      in->fmentee[0] = x;
      in->fmentor[0] = j;
      in->n_fixed = 1;
    }
  }
}

static void test_brute_force_agrees_on_small_random_instances(void **state)
{
  (void)state;
  rng_state = 20240601;
  for (int t = 0; t < 1500; t++) {
    struct inst in;
    random_small(&in);
    for (int o = 0; o < 3; o++) {
      int32_t lo = rnd(4) == 0 ? (int32_t)rnd(5) : 0;
      struct match_problem p = problem_of(&in, (enum match_objective)o, lo);
      struct match_result r;
      struct best b = brute_force(&in, (enum match_objective)o, lo);
      int64_t fixed_total = 0;

      assert_int_equal(match_solve(&p, &r), 0);
      for (size_t i = 0; i < in.n_fixed; i++)
        fixed_total += r.score_of[in.fmentee[i]];
      assert_int_equal(r.total - fixed_total, b.total);
      if (o != MATCH_TOTAL)
        assert_int_equal((int64_t)r.matched_free, b.count);
      if (o == MATCH_MAXMIN && b.count > 0 && in.n_fixed == 0)
        assert_int_equal(r.min_pair_score, b.minimum);
      assert_true(verify_certificate(&p, &r));
      assert_int_equal(match_check(&p, &r), 0);
      match_result_free(&r);
    }
  }
}

static void random_large(struct inst *in, int scarce_mentors)
{
  memset(in, 0, sizeof(*in));
  in->n_mentees = 200;
  in->n_mentors = scarce_mentors ? 40 : 60;
  for (uint32_t j = 0; j < in->n_mentors; j++)
    in->cap[j] = (int32_t)(scarce_mentors ? 1 + rnd(5) : 3 + rnd(5));
  while (in->n_edges < 4000) {
    uint32_t x = rnd(in->n_mentees), j = rnd(in->n_mentors);
    edge(in, x, j, (int32_t)(rnd(2) ? 500 + rnd(20) : rnd(1001)));
  }
}

static void test_certificate_holds_on_larger_random_instances(void **state)
{
  (void)state;
  rng_state = 7;
  for (int t = 0; t < 12; t++) {
    static struct inst in;
    random_large(&in, t % 2);
    for (int o = 0; o < 3; o++) {
      struct match_problem p =
          problem_of(&in, (enum match_objective)o, (int32_t)rnd(300));
      struct match_result r;
      assert_int_equal(match_solve(&p, &r), 0);
      assert_true(verify_certificate(&p, &r));
      assert_int_equal(match_check(&p, &r), 0);
      match_result_free(&r);
    }
  }
}

static void test_check_rejects_a_suboptimal_assignment(void **state)
{
  struct inst in = {.n_mentees = 2, .n_mentors = 2, .cap = {1, 1}};
  struct match_problem p;
  struct match_result r;

  (void)state;
  edge(&in, 0, 0, 9);
  edge(&in, 0, 1, 8);
  edge(&in, 1, 0, 8);
  edge(&in, 1, 1, 1);
  p = problem_of(&in, MATCH_TOTAL, 0);
  assert_int_equal(match_solve(&p, &r), 0);
  /* swap to the greedy answer: feasible, but the duals no longer match */
  r.mentor_of[0] = 0;
  r.score_of[0] = 9;
  r.mentor_of[1] = 1;
  r.score_of[1] = 1;
  r.total = 10;
  assert_int_equal(match_check(&p, &r), ERR_CONFLICT);
  assert_false(verify_certificate(&p, &r));
  /* and an infeasible one: both mentees on mentor 0 */
  r.mentor_of[1] = 0;
  r.score_of[1] = 8;
  r.total = 17;
  assert_int_equal(match_check(&p, &r), ERR_INPUT);
  match_result_free(&r);
}

static void test_same_input_gives_same_assignment(void **state)
{
  static struct inst in;
  struct match_result a, b;

  (void)state;
  rng_state = 99;
  random_large(&in, 1);
  for (size_t i = 0; i < in.n_edges; i++)
    in.score[i] = (int32_t)(in.score[i] / 100); /* many ties */
  struct match_problem p = problem_of(&in, MATCH_CARDINALITY, 0);
  assert_int_equal(match_solve(&p, &a), 0);
  assert_int_equal(match_solve(&p, &b), 0);
  assert_memory_equal(a.mentor_of, b.mentor_of,
                      in.n_mentees * sizeof(uint32_t));
  assert_memory_equal(a.u, b.u, in.n_mentees * sizeof(int64_t));
  match_result_free(&a);
  match_result_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_optimal_beats_greedy_on_two_by_two),
      cmocka_unit_test(test_cardinality_leaves_nobody_out_to_raise_total),
      cmocka_unit_test(test_maxmin_raises_the_worst_off_mentee),
      cmocka_unit_test(test_pairs_below_min_score_are_never_made),
      cmocka_unit_test(test_fixed_pairings_are_kept_and_use_capacity),
      cmocka_unit_test(test_fixed_pairings_beyond_capacity_conflict),
      cmocka_unit_test(test_bad_input_is_rejected),
      cmocka_unit_test(test_empty_problem_is_solved),
      cmocka_unit_test(test_brute_force_agrees_on_small_random_instances),
      cmocka_unit_test(test_certificate_holds_on_larger_random_instances),
      cmocka_unit_test(test_check_rejects_a_suboptimal_assignment),
      cmocka_unit_test(test_same_input_gives_same_assignment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
