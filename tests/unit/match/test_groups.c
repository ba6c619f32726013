/* test_groups.c: group allocation with the balance rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "match/groups.h"

enum { NE = 7, NG = 3 };

struct inst {
  uint32_t ne, ng;
  int32_t size[NG], course[NE];
  int32_t num, den;
  size_t n;
  uint32_t mentee[NE * NG], group[NE * NG];
  int32_t score[NE * NG];
};

static struct match_group_problem problem_of(const struct inst *in,
                                             enum match_objective o)
{
  struct match_group_problem p = {in->ne,    in->ng,    in->size, in->course,
                                  in->num,   in->den,   in->n,    in->mentee,
                                  in->group, in->score, o};
  return p;
}

static uint64_t rng = 777;

static uint32_t rnd(uint32_t n)
{
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)((rng >> 33) % n);
}

static int32_t limit(const struct inst *in, uint32_t g)
{
  int32_t l = in->size[g] * in->num / in->den;
  return l < 1 ? 1 : l;
}

/* brute force: best (count, total) or total over all valid allocations */
static int64_t best_count, best_total;
static uint32_t asg[NE];

static int valid(const struct inst *in)
{
  for (uint32_t g = 0; g < in->ng; g++) {
    int32_t n = 0, per[8] = {0};
    for (uint32_t x = 0; x < in->ne; x++)
      if (asg[x] == g) {
        n++;
        if (in->course[x] >= 0 && ++per[in->course[x]] > limit(in, g))
          return 0;
      }
    if (n > in->size[g])
      return 0;
  }
  return 1;
}

static void brute(const struct inst *in, enum match_objective o, uint32_t x,
                  int64_t count, int64_t total)
{
  if (x == in->ne) {
    if (!valid(in))
      return;
    if (o == MATCH_TOTAL ? total > best_total
                         : count > best_count ||
                               (count == best_count && total > best_total)) {
      best_count = count;
      best_total = total;
    }
    return;
  }
  asg[x] = MATCH_NONE;
  brute(in, o, x + 1, count, total);
  for (size_t i = 0; i < in->n; i++)
    if (in->mentee[i] == x) {
      asg[x] = in->group[i];
      brute(in, o, x + 1, count + 1, total + in->score[i]);
    }
  asg[x] = MATCH_NONE;
}

static void test_groups_agree_with_brute_force_under_balance(void **state)
{
  (void)state;
  for (int t = 0; t < 400; t++) {
    struct inst in;
    memset(&in, 0, sizeof(in));
    in.ne = 1 + rnd(NE);
    in.ng = 1 + rnd(NG);
    in.num = 1;
    in.den = 1 + rnd(3);
    for (uint32_t g = 0; g < in.ng; g++)
      in.size[g] = (int32_t)rnd(5);
    for (uint32_t x = 0; x < in.ne; x++) {
      in.course[x] = (int32_t)rnd(4) - 1;
      for (uint32_t g = 0; g < in.ng; g++)
        if (rnd(4)) {
          in.mentee[in.n] = x;
          in.group[in.n] = g;
          in.score[in.n++] = (int32_t)rnd(20);
        }
    }
    for (int o = 0; o < 2; o++) {
      struct match_group_problem p = problem_of(&in, (enum match_objective)o);
      struct match_group_result r;
      assert_int_equal(match_groups(&p, &r), 0);
      memcpy(asg, r.group_of, sizeof(uint32_t) * in.ne);
      assert_true(valid(&in));
      best_count = -1;
      best_total = -1;
      brute(&in, (enum match_objective)o, 0, 0, 0);
      assert_int_equal(r.total, best_total);
      if (o == MATCH_CARDINALITY)
        assert_int_equal((int64_t)r.matched, best_count);
      match_group_result_free(&r);
    }
  }
}

static void test_at_most_half_a_group_from_one_course(void **state)
{
  /* four mentees of course 0 love the group of 4; two of course 1 less */
  struct inst in = {.ne = 6, .ng = 1, .size = {4}, .num = 1, .den = 2};
  struct match_group_result r;

  (void)state;
  for (uint32_t x = 0; x < 6; x++) {
    in.course[x] = x < 4 ? 0 : 1;
    in.mentee[in.n] = x;
    in.group[in.n] = 0;
    in.score[in.n++] = x < 4 ? 90 : 10;
  }
  struct match_group_problem p = problem_of(&in, MATCH_TOTAL);
  assert_int_equal(match_groups(&p, &r), 0);
  assert_int_equal(r.matched, 4);
  assert_int_equal(r.total, 90 + 90 + 10 + 10);
  assert_int_equal(r.group_of[4], 0);
  assert_int_equal(r.group_of[5], 0);
  match_group_result_free(&r);
  /* without the rule the four of course 0 fill it */
  in.den = 0;
  p = problem_of(&in, MATCH_TOTAL);
  assert_int_equal(match_groups(&p, &r), 0);
  assert_int_equal(r.total, 360);
  match_group_result_free(&r);
}

static void test_bad_group_problems_are_rejected(void **state)
{
  struct inst in = {.ne = 1, .ng = 1, .size = {2}, .num = 3, .den = 2};
  struct match_group_result r;

  (void)state;
  struct match_group_problem p = problem_of(&in, MATCH_TOTAL);
  assert_int_equal(match_groups(&p, &r), ERR_INPUT); /* share over 1 */
  in.num = 1;
  p = problem_of(&in, MATCH_MAXMIN);
  assert_int_equal(match_groups(&p, &r), ERR_INPUT);
  in.size[0] = -1;
  p = problem_of(&in, MATCH_TOTAL);
  assert_int_equal(match_groups(&p, &r), ERR_INPUT);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_groups_agree_with_brute_force_under_balance),
      cmocka_unit_test(test_at_most_half_a_group_from_one_course),
      cmocka_unit_test(test_bad_group_problems_are_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
