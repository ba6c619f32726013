/* A match run's inputs and solve, without a database: pairs with their
 * reasons for the unmatched, pins, blocks, the minimum score, groups, a
 * mentee's own preferences, and the text form (written, read back, solved
 * again: the same pairs). */
#include "base/buf.h"
#include "base/err.h"
#include "domain/match_inputs.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

/* A world of n mentees and m mentors: mentee i on course 10 + i % 2, mentor
 * j on course 10 + j % 2, all in year 1 and 2, capacity 1. */
static void world(struct mx *x, uint32_t n, uint32_t m)
{
  memset(x, 0, sizeof(*x));
  match_config_default(&x->config);
  x->objective = MATCH_CARDINALITY;
  x->n_mentees = n;
  x->n_mentors = m;
  x->mentee = calloc(n + 1, sizeof(*x->mentee));
  x->mentor = calloc(m + 1, sizeof(*x->mentor));
  for (uint32_t i = 0; i < n; i++) {
    struct match_person *p = &x->mentee[i].p;
    x->mentee[i].signup_id = 100 + i;
    x->mentee[i].user_id = 1000 + i;
    p->person = 1000 + i;
    p->course = 10 + (int)(i % 2);
    p->faculty = 1;
    p->year = 1;
    p->home_country = p->campus = p->first_language = -1;
    p->mode = MATCH_EITHER;
  }
  for (uint32_t j = 0; j < m; j++) {
    struct match_person *p = &x->mentor[j].p;
    x->mentor[j].student_id = 500 + j;
    x->mentor[j].user_id = 2000 + j;
    p->person = 2000 + j;
    p->course = 10 + (int)(j % 2);
    p->faculty = 1;
    p->year = 2;
    p->home_country = p->campus = p->first_language = -1;
    p->eligible = p->trained = 1;
    p->capacity = 1;
  }
}

static void pins(struct mx *x, size_t n, const uint32_t *e, const uint32_t *m)
{
  x->n_pins = n;
  x->pin_mentee = calloc(n + 1, sizeof(uint32_t));
  x->pin_mentor = calloc(n + 1, sizeof(uint32_t));
  memcpy(x->pin_mentee, e, n * sizeof(uint32_t));
  memcpy(x->pin_mentor, m, n * sizeof(uint32_t));
}

static void pairs_by_course(void **state)
{
  struct mx x;
  struct mx_result r;

  (void)state;
  world(&x, 3, 2);
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, 2);
  /* mentee 0 (course 10) with mentor 0 (course 10), mentee 1 with 1 */
  assert_int_equal(r.mentor_of[0], 0);
  assert_int_equal(r.mentor_of[1], 1);
  assert_int_equal(r.mentor_of[2], MATCH_NONE);
  assert_int_equal(r.unmatched[2], MXU_OUTMATCHED);
  assert_true(r.proven);
  assert_true(r.score_of[0] > 0 && r.score_of[0] <= 1000);
  mx_result_free(&r);
  mx_free(&x);
}

/* The solver sees each mentee's best MX_TOP_K mentors; a mentor further
 * down a list is priced in when the solution's duals do not cover it. Here
 * every mentee's best 64 are the same 64 mentors, for 65 mentees: the 65th
 * place is with a worse-scoring mentor no mentee kept, and still it is
 * used, and the result is proven over every pair. */
static void pairs_left_out_are_priced_in(void **state)
{
  struct mx x;
  struct mx_result r;
  int32_t good, worse;

  (void)state;
  world(&x, MX_TOP_K + 1, MX_TOP_K + 1);
  for (uint32_t i = 0; i < x.n_mentees; i++)
    x.mentee[i].p.course = 10;
  for (uint32_t j = 0; j < x.n_mentors; j++)
    x.mentor[j].p.course = j < MX_TOP_K ? 10 : 11;
  good = mx_score(&x, 0, 0, NULL);
  worse = mx_score(&x, 0, MX_TOP_K, NULL);
  assert_true(worse >= 0 && worse < good);
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, MX_TOP_K + 1);
  assert_true(r.proven);
  assert_true(r.rounds > 1);
  assert_int_equal(r.total, (int64_t)MX_TOP_K * good + worse);
  mx_result_free(&r);
  mx_free(&x);
}

/* Random worlds larger than MX_TOP_K: the run's result weighs exactly as
 * much as a solve given every allowed pair, for each objective that prices
 * (a wrong proof would show as a lighter result called proven). */
static void priced_result_equals_the_full_solve(void **state)
{
  uint64_t seed = 2026;

  (void)state;
  for (int world_no = 0; world_no < 12; world_no++) {
    struct mx x;
    struct mx_result r;
    struct match_problem p = {0};
    struct match_result full;
    uint32_t n = 150, m = 70 + (uint32_t)world_no * 3;
    size_t cap = (size_t)n * m, k = 0;
    uint32_t *ea = calloc(cap, sizeof(*ea)), *eb = calloc(cap, sizeof(*eb));
    int32_t *es = calloc(cap, sizeof(*es));
    int32_t *places = calloc(m, sizeof(*places));

    world(&x, n, m);
    x.objective = world_no % 2 ? MATCH_TOTAL : MATCH_CARDINALITY;
    x.min_score = world_no % 3 == 0 ? 300 : 0;
    for (uint32_t i = 0; i < n + m; i++) {
      struct match_person *q = i < n ? &x.mentee[i].p : &x.mentor[i - n].p;

      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      q->course = 10 + (int32_t)(seed >> 33) % 4;
      q->faculty = 1 + (int32_t)(seed >> 40) % 2;
      q->home_country = (int32_t)(seed >> 45) % 5;
      q->campus = (int32_t)(seed >> 50) % 2;
      q->first_language = (int32_t)(seed >> 55) % 3;
      q->interests = (seed >> 20) & 0xff;
      if (i >= n)
        q->capacity = 1 + (int32_t)(seed >> 60) % 2;
    }
    for (uint32_t i = 0; i < n; i++)
      for (uint32_t j = 0; j < m; j++) {
        int32_t sc = mx_score(&x, i, j, NULL);
        if (sc >= 0 && sc >= x.min_score) {
          ea[k] = i;
          eb[k] = j;
          es[k++] = sc;
        }
      }
    for (uint32_t j = 0; j < m; j++)
      places[j] = x.mentor[j].p.capacity;
    p.n_mentees = n;
    p.n_mentors = m;
    p.capacity = places;
    p.n_edges = k;
    p.mentee = ea;
    p.mentor = eb;
    p.score = es;
    p.min_score = x.min_score;
    p.objective = x.objective;
    assert_int_equal(match_solve(&p, &full), 0);
    assert_int_equal(mx_solve(&x, &r), 0);
    assert_true(r.proven);
    assert_int_equal(r.matched, full.matched);
    assert_int_equal(r.total, full.total);
    match_result_free(&full);
    mx_result_free(&r);
    mx_free(&x);
    free(ea);
    free(eb);
    free(es);
    free(places);
  }
}

static void untrained_mentor_is_no_eligible(void **state)
{
  struct mx x;
  struct mx_result r;

  (void)state;
  world(&x, 1, 2);
  x.mentor[0].p.trained = 0;
  x.mentor[1].p.eligible = 0;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, 0);
  assert_int_equal(r.unmatched[0], MXU_NO_ELIGIBLE);
  assert_int_equal(r.rules[0][MR_NOT_TRAINED], 1);
  assert_int_equal(r.rules[0][MR_NOT_ELIGIBLE], 1);
  mx_result_free(&r);
  mx_free(&x);
}

static void full_mentors_are_all_full(void **state)
{
  struct mx x;
  struct mx_result r;

  (void)state;
  world(&x, 1, 1);
  x.mentor[0].p.load = 1;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.unmatched[0], MXU_ALL_FULL);
  mx_result_free(&r);
  mx_free(&x);
}

static void below_minimum(void **state)
{
  struct mx x;
  struct mx_result r;

  (void)state;
  world(&x, 1, 1);
  x.min_score = 1000; /* nobody is perfect */
  x.mentor[0].p.course = 99;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, 0);
  assert_int_equal(r.unmatched[0], MXU_BELOW_MIN);
  mx_result_free(&r);
  mx_free(&x);
}

static void pins_hold_and_blocks_exclude(void **state)
{
  struct mx x;
  struct mx_result r;
  uint32_t e[] = {0}, m[] = {1};
  uint64_t key;

  (void)state;
  world(&x, 2, 2);
  pins(&x, 1, e, m); /* against the course: mentee 0 with mentor 1 */
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.mentor_of[0], 1);
  assert_true(r.pinned[0]);
  assert_int_equal(r.mentor_of[1], 0);
  assert_false(r.pinned[1]);
  mx_result_free(&r);
  mx_free(&x);

  world(&x, 1, 2);
  key = match_pair_key(x.mentee[0].p.person, x.mentor[0].p.person);
  x.blocked = calloc(1, sizeof(uint64_t));
  x.blocked[0] = key;
  x.n_blocked = 1;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.mentor_of[0], 1); /* the better mentor is blocked */
  assert_int_equal(mx_score(&x, 0, 0, NULL), MATCH_EXCLUDED);
  mx_result_free(&r);
  mx_free(&x);
}

static void pins_that_overfill_conflict(void **state)
{
  struct mx x;
  struct mx_result r;
  uint32_t e[] = {0, 1}, m[] = {0, 0};

  (void)state;
  world(&x, 2, 1);
  pins(&x, 2, e, m);
  assert_int_equal(mx_solve(&x, &r), ERR_CONFLICT);
  mx_free(&x);
}

static void preferences_count_double(void **state)
{
  struct mx x;
  struct match_config c;

  (void)state;
  world(&x, 1, 1);
  x.mentee[0].prefer = 1u << MC_COURSE;
  mx_config_for(&x, &x.mentee[0], &c);
  assert_int_equal(c.w[MC_COURSE].weight, 2 * x.config.w[MC_COURSE].weight);
  assert_int_equal(c.w[MC_FACULTY].weight, x.config.w[MC_FACULTY].weight);
  mx_free(&x);
}

static void groups_fill_and_co_lead(void **state)
{
  struct mx x;
  struct mx_result r;

  (void)state;
  world(&x, 5, 2);
  x.groups = true;
  x.group_size = 2;
  x.mentor[0].p.capacity = x.mentor[1].p.capacity = 2;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, 4);
  for (uint32_t i = 0; i < 5; i++)
    if (r.mentor_of[i] != MATCH_NONE)
      assert_true(r.group_of[i] >= 1 && r.group_of[i] <= 2);
  mx_result_free(&r);
  mx_free(&x);

  world(&x, 3, 2);
  x.groups = x.co_lead = true;
  x.group_size = 3;
  x.mentor[0].p.capacity = 3;
  assert_int_equal(mx_solve(&x, &r), 0);
  assert_int_equal(r.matched, 3);
  for (uint32_t i = 0; i < 3; i++) {
    assert_int_equal(r.mentor_of[i], 0);
    assert_int_equal(r.co_leader_of[i], 1);
    assert_int_equal(r.group_of[i], 1);
  }
  mx_result_free(&r);
  mx_free(&x);
}

static void text_round_trip(void **state)
{
  struct mx x, y;
  struct mx_result r1, r2;
  struct buf a, b;
  uint32_t e[] = {3}, m[] = {2};

  (void)state;
  world(&x, 40, 12);
  for (uint32_t i = 0; i < 40; i++) {
    x.mentee[i].p.interests = (uint64_t)i * 2654435761u;
    x.mentee[i].p.availability = i * 7919u & 0x1fffff;
    x.mentee[i].prefer = i % 3 ? 1u << MC_INTERESTS : 0;
  }
  for (uint32_t j = 0; j < 12; j++) {
    x.mentor[j].p.interests = (uint64_t)j * 40503u;
    x.mentor[j].p.capacity = 3;
    x.mentor[j].p.languages = 1;
  }
  x.config.w[MC_CAMPUS].dealbreaker = 1;
  x.config.w[MC_CAMPUS].weight = 0;
  pins(&x, 1, e, m);
  buf_init(&a, 1 << 20);
  buf_init(&b, 1 << 20);
  mx_write(&x, &a);
  assert_int_equal(mx_parse(a.data, &y), 0);
  mx_write(&y, &b);
  assert_string_equal(a.data, b.data);
  assert_int_equal(mx_solve(&x, &r1), 0);
  assert_int_equal(mx_solve(&y, &r2), 0);
  assert_int_equal(r1.matched, r2.matched);
  assert_int_equal(r1.total, r2.total);
  assert_memory_equal(r1.mentor_of, r2.mentor_of, 40 * sizeof(uint32_t));
  {
    struct mx z;
    assert_int_equal(mx_parse("mentor 1 2 3\n", &z), ERR_INPUT);
    assert_int_equal(mx_parse("nonsense\n", &z), ERR_INPUT);
  }
  mx_result_free(&r1);
  mx_result_free(&r2);
  mx_free(&x);
  mx_free(&y);
  buf_free(&a);
  buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(pairs_by_course),
      cmocka_unit_test(pairs_left_out_are_priced_in),
      cmocka_unit_test(priced_result_equals_the_full_solve),
      cmocka_unit_test(untrained_mentor_is_no_eligible),
      cmocka_unit_test(full_mentors_are_all_full),
      cmocka_unit_test(below_minimum),
      cmocka_unit_test(pins_hold_and_blocks_exclude),
      cmocka_unit_test(pins_that_overfill_conflict),
      cmocka_unit_test(preferences_count_double),
      cmocka_unit_test(groups_fill_and_co_lead),
      cmocka_unit_test(text_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
