/* test_stable.c: deferred acceptance with capacities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "match/solve.h"
#include "match/stable.h"

enum { MAXE = 7, MAXM = 4 };

struct inst {
  uint32_t ne, nm;
  int32_t cap[MAXM];
  uint32_t eoff[MAXE + 1], epref[MAXE * MAXM];
  uint32_t moff[MAXM + 1], mpref[MAXE * MAXM];
};

static struct match_stable_problem problem_of(const struct inst *in)
{
  struct match_stable_problem p = {in->ne,    in->nm,   in->cap,  in->eoff,
                                   in->epref, in->moff, in->mpref};
  return p;
}

static uint64_t rng = 4242;

static uint32_t rnd(uint32_t n)
{
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)((rng >> 33) % n);
}

/* A random permutation of a random subset of 0..n-1 into out. */
static uint32_t random_list(uint32_t n, uint32_t *out)
{
  uint32_t perm[MAXE], len = 0;

  for (uint32_t i = 0; i < n; i++)
    perm[i] = i;
  for (uint32_t i = n; i > 1; i--) {
    uint32_t k = rnd(i), t = perm[i - 1];
    perm[i - 1] = perm[k];
    perm[k] = t;
  }
  for (uint32_t i = 0; i < n; i++)
    if (rnd(4))
      out[len++] = perm[i];
  return len;
}

static void random_inst(struct inst *in)
{
  memset(in, 0, sizeof(*in));
  in->ne = 1 + rnd(MAXE);
  in->nm = 1 + rnd(MAXM);
  for (uint32_t j = 0; j < in->nm; j++)
    in->cap[j] = (int32_t)rnd(3);
  for (uint32_t i = 0; i < in->ne; i++)
    in->eoff[i + 1] =
        in->eoff[i] + random_list(in->nm, in->epref + in->eoff[i]);
  for (uint32_t j = 0; j < in->nm; j++)
    in->moff[j + 1] =
        in->moff[j] + random_list(in->ne, in->mpref + in->moff[j]);
}

static uint32_t rank_in(const uint32_t *list, uint32_t len, uint32_t who)
{
  for (uint32_t q = 0; q < len; q++)
    if (list[q] == who)
      return q;
  return UINT32_MAX;
}

/* Every stable matching by brute force: check none gives any mentee a
 * better mentor than deferred acceptance did. */
static uint32_t bf_assign[MAXE];
static int bf_better_found;

static void brute(const struct inst *in, const uint32_t *da, uint32_t x,
                  int32_t *left)
{
  if (x == in->ne) {
    struct match_stable_problem p = problem_of(in);
    uint32_t a, b;
    if (match_stable_blocking_pair(&p, bf_assign, &a, &b) != 0)
      return;
    for (uint32_t i = 0; i < in->ne; i++) {
      const uint32_t *l = in->epref + in->eoff[i];
      uint32_t len = in->eoff[i + 1] - in->eoff[i];
      uint32_t mine = da[i] == MATCH_NONE ? UINT32_MAX : rank_in(l, len, da[i]);
      uint32_t other = bf_assign[i] == MATCH_NONE
                           ? UINT32_MAX
                           : rank_in(l, len, bf_assign[i]);
      if (other < mine)
        bf_better_found = 1;
    }
    return;
  }
  bf_assign[x] = MATCH_NONE;
  brute(in, da, x + 1, left);
  for (uint32_t q = in->eoff[x]; q < in->eoff[x + 1]; q++) {
    uint32_t j = in->epref[q];
    if (left[j] <= 0 || rank_in(in->mpref + in->moff[j],
                                in->moff[j + 1] - in->moff[j], x) == UINT32_MAX)
      continue;
    left[j]--;
    bf_assign[x] = j;
    brute(in, da, x + 1, left);
    left[j]++;
  }
  bf_assign[x] = MATCH_NONE;
}

static void test_deferred_acceptance_leaves_no_blocking_pair(void **state)
{
  (void)state;
  for (int t = 0; t < 2000; t++) {
    struct inst in;
    uint32_t da[MAXE], a, b;
    int32_t left[MAXM];
    random_inst(&in);
    struct match_stable_problem p = problem_of(&in);
    assert_int_equal(match_stable(&p, da), 0);
    assert_int_equal(match_stable_blocking_pair(&p, da, &a, &b), 0);
    memcpy(left, in.cap, sizeof(left));
    bf_better_found = 0;
    brute(&in, da, 0, left);
    assert_false(bf_better_found); /* mentee-optimal */
  }
}

static void test_blocking_pair_is_found(void **state)
{
  /* both rank each other first, but the assignment keeps them apart */
  struct inst in = {.ne = 2, .nm = 2, .cap = {1, 1}};
  uint32_t asg[2] = {1, 0}, a = 9, b = 9;

  (void)state;
  in.eoff[1] = 2;
  in.eoff[2] = 4;
  in.epref[0] = 0, in.epref[1] = 1, in.epref[2] = 0, in.epref[3] = 1;
  in.moff[1] = 2;
  in.moff[2] = 4;
  in.mpref[0] = 0, in.mpref[1] = 1, in.mpref[2] = 0, in.mpref[3] = 1;
  struct match_stable_problem p = problem_of(&in);
  assert_int_equal(match_stable_blocking_pair(&p, asg, &a, &b), 1);
  assert_int_equal(a, 0);
  assert_int_equal(b, 0);
  assert_int_equal(match_stable(&p, asg), 0);
  assert_int_equal(asg[0], 0);
  assert_int_equal(asg[1], 1);
}

static void test_capacity_lets_a_mentor_take_several(void **state)
{
  struct inst in = {.ne = 3, .nm = 1, .cap = {2}};
  uint32_t asg[3];

  (void)state;
  for (uint32_t i = 0; i < 3; i++) {
    in.eoff[i + 1] = i + 1;
    in.epref[i] = 0;
  }
  in.moff[1] = 3;
  in.mpref[0] = 2, in.mpref[1] = 0, in.mpref[2] = 1;
  struct match_stable_problem p = problem_of(&in);
  assert_int_equal(match_stable(&p, asg), 0);
  assert_int_equal(asg[2], 0);
  assert_int_equal(asg[0], 0);
  assert_int_equal(asg[1], MATCH_NONE);
}

static void test_bad_rank_lists_are_rejected(void **state)
{
  struct inst in = {.ne = 1, .nm = 1, .cap = {1}};
  uint32_t asg[1];

  (void)state;
  in.eoff[1] = 2;
  in.epref[0] = 0, in.epref[1] = 0; /* names the mentor twice */
  in.moff[1] = 1;
  struct match_stable_problem p = problem_of(&in);
  assert_int_equal(match_stable(&p, asg), ERR_INPUT);
  in.eoff[1] = 1;
  in.epref[0] = 3; /* no such mentor */
  assert_int_equal(match_stable(&p, asg), ERR_INPUT);
  in.epref[0] = 0;
  in.cap[0] = -1;
  assert_int_equal(match_stable(&p, asg), ERR_INPUT);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_deferred_acceptance_leaves_no_blocking_pair),
      cmocka_unit_test(test_blocking_pair_is_found),
      cmocka_unit_test(test_capacity_lets_a_mentor_take_several),
      cmocka_unit_test(test_bad_rank_lists_are_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
