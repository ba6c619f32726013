/* test_score.c: pair scores, hard rules, explanations and candidates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/candidates.h"
#include "match/score.h"
#include "match/solve.h"

static struct match_config cfg;

static void blank(struct match_person *p, uint32_t id)
{
  memset(p, 0, sizeof(*p));
  p->person = id;
  p->course = p->faculty = p->year = p->home_country = p->campus = -1;
  p->first_language = -1;
  p->eligible = p->trained = 1;
  p->capacity = 1;
}

static int setup(void **state)
{
  (void)state;
  match_config_default(&cfg);
  return 0;
}

static void test_default_weights_fit_the_file_format(void **state)
{
  (void)state;
  assert_int_equal(match_score_max(&cfg), 1000);
}

static void test_same_course_adds_its_weight(void **state)
{
  struct match_person e, m;

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  assert_int_equal(match_score(&cfg, NULL, &e, &m, NULL),
                   cfg.w[MC_MODE].weight); /* no preference: compatible */
  e.course = m.course = 7;
  assert_int_equal(match_score(&cfg, NULL, &e, &m, NULL),
                   cfg.w[MC_MODE].weight + cfg.w[MC_COURSE].weight);
}

static void test_hard_rules_exclude_the_pair(void **state)
{
  struct match_person e, m;
  struct match_explain ex;
  uint64_t bad[1], blocked[1];
  struct match_rules r = {bad, 1, blocked, 1};

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  bad[0] = match_pair_key(1, 2);
  blocked[0] = match_pair_key(1, 3);
  assert_int_equal(match_score(&cfg, &r, &e, &m, &ex), MATCH_EXCLUDED);
  assert_int_equal(ex.rule, MR_ENDED_BADLY);
  m.person = 3;
  assert_int_equal(match_score(&cfg, &r, &e, &m, &ex), MATCH_EXCLUDED);
  assert_int_equal(ex.rule, MR_BLOCKED);
  m.person = 1;
  match_score(&cfg, &r, &e, &m, &ex);
  assert_int_equal(ex.rule, MR_SAME_PERSON);
  m.person = 4;
  assert_true(match_score(&cfg, &r, &e, &m, &ex) >= 0);
  m.trained = 0;
  match_score(&cfg, &r, &e, &m, &ex);
  assert_int_equal(ex.rule, MR_NOT_TRAINED);
  m.trained = 1;
  m.eligible = 0;
  match_score(&cfg, &r, &e, &m, &ex);
  assert_int_equal(ex.rule, MR_NOT_ELIGIBLE);
  m.eligible = 1;
  m.load = 1;
  match_score(&cfg, &r, &e, &m, &ex);
  assert_int_equal(ex.rule, MR_AT_CAPACITY);
}

static void test_untrained_mentor_is_not_matchable(void **state)
{
  struct match_person e, m;
  struct match_explain ex;
  char text[200];

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  m.trained = 0;
  assert_int_equal(match_score(&cfg, NULL, &e, &m, &ex), MATCH_EXCLUDED);
  match_explain_text(&cfg, &ex, text, sizeof(text));
  assert_string_equal(
      text, "Not matchable: the mentor has not completed the required "
            "training.");
}

static void test_dealbreaker_excludes_a_pair_without_it(void **state)
{
  struct match_config c = cfg;
  struct match_person e, m;
  struct match_explain ex;
  char text[200];

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  c.w[MC_HOME_COUNTRY].dealbreaker = 1;
  e.home_country = 3;
  m.home_country = 4;
  assert_int_equal(match_score(&c, NULL, &e, &m, &ex), MATCH_EXCLUDED);
  assert_int_equal(ex.rule, MR_DEALBREAKER);
  assert_int_equal(ex.breaker, MC_HOME_COUNTRY);
  match_explain_text(&c, &ex, text, sizeof(text));
  assert_non_null(strstr(text, "same home country"));
  m.home_country = 3;
  assert_true(match_score(&c, NULL, &e, &m, NULL) >=
              c.w[MC_HOME_COUNTRY].weight);
}

static void test_first_language_weighs_more_than_a_shared_one(void **state)
{
  struct match_person e, m;
  struct match_explain ex;

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  e.languages = m.languages = 1u << 4 | 1u;
  e.first_language = 4;
  m.first_language = 0;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.part[MC_LANGUAGE], cfg.w[MC_LANGUAGE].weight / 2);
  m.first_language = 4;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.part[MC_LANGUAGE], cfg.w[MC_LANGUAGE].weight);
}

static void test_characteristics_count_only_when_both_consent(void **state)
{
  struct match_person e, m;
  struct match_explain ex;

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  e.characteristics = m.characteristics = 0x4;
  e.consent = 0x4;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.part[MC_CHARACTERISTICS], 0);
  m.consent = 0x4;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.part[MC_CHARACTERISTICS],
                   cfg.w[MC_CHARACTERISTICS].weight);
}

static void test_preferred_mentor_counts_by_rank(void **state)
{
  struct match_person e, m;
  struct match_explain ex;

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  e.preferred[0] = 9;
  e.preferred[1] = 2;
  e.n_preferred = 2;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.detail[MC_PREFERENCE], 2);
  assert_int_equal(ex.part[MC_PREFERENCE], cfg.w[MC_PREFERENCE].weight * 4 / 5);
  m.person = 9;
  match_score(&cfg, NULL, &e, &m, &ex);
  assert_int_equal(ex.part[MC_PREFERENCE], cfg.w[MC_PREFERENCE].weight);
}

static void test_explanation_lists_each_contribution(void **state)
{
  struct match_person e, m;
  struct match_explain ex;
  char text[400];
  size_t need;

  (void)state;
  blank(&e, 1);
  blank(&m, 2);
  e.course = m.course = 3;
  e.interests = 0x7;
  m.interests = 0x3;
  e.availability = m.availability = 0x3;
  int32_t s = match_score(&cfg, NULL, &e, &m, &ex);
  need = match_explain_text(&cfg, &ex, text, sizeof(text));
  assert_true(need < sizeof(text));
  assert_non_null(strstr(text, "same course (+180)"));
  assert_non_null(strstr(text, "2 shared interests (+93)"));
  assert_non_null(strstr(text, "2 shared free slots a week (+73)"));
  assert_non_null(strstr(text, "Not shared: same faculty"));
  assert_int_equal(s, ex.score);
  /* a small buffer is truncated, terminated, and the length still told */
  char small[12];
  assert_int_equal(match_explain_text(&cfg, &ex, small, sizeof(small)), need);
  assert_int_equal(strlen(small), sizeof(small) - 1);
}

/* ----------------------------------------------------------- candidates */

static uint64_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)((rng >> 33) % n);
}

static void random_person(struct match_person *p, uint32_t id, int mentor)
{
  blank(p, id);
  p->course = (int32_t)rnd(6);
  p->faculty = p->course / 3;
  p->year = mentor ? 2 + (int32_t)rnd(3) : 1;
  p->interests = (uint64_t)rnd(1u << 16);
  p->home_country = (int32_t)rnd(3);
  p->campus = (int32_t)rnd(2);
  p->availability = rnd(1u << 21);
  p->mode = (uint8_t)(1 + rnd(3));
  p->capacity = 1 + (int32_t)rnd(3);
  p->trained = rnd(10) != 0;
}

static int cmp_desc(const void *a, const void *b)
{
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x < y) - (x > y);
}

static void test_candidates_equal_naive_top_k(void **state)
{
  enum { NE = 60, NM = 40, K = 5 };
  struct match_person e[NE], m[NM];
  struct match_candidates cand;

  (void)state;
  for (uint32_t i = 0; i < NE; i++)
    random_person(&e[i], i, 0);
  for (uint32_t j = 0; j < NM; j++)
    random_person(&m[j], 1000 + j, 1);
  e[0].preferred[0] = 1000 + 7;
  e[0].n_preferred = 1;
  assert_int_equal(match_candidates_build(&cfg, NULL, e, NE, m, NM, K,
                                          MATCH_SCOPE_ALL, &cand),
                   0);
  for (uint32_t i = 0; i < NE; i++) {
    int32_t naive[NM], got[K];
    int nn = 0, ng = 0;
    for (uint32_t j = 0; j < NM; j++) {
      int32_t s = match_score(&cfg, NULL, &e[i], &m[j], NULL);
      if (s != MATCH_EXCLUDED)
        naive[nn++] = s;
    }
    for (size_t q = 0; q < cand.n_edges; q++)
      if (cand.mentee[q] == i) {
        assert_true(ng < K);
        got[ng++] = cand.score[q];
        assert_int_equal(cand.score[q], match_score(&cfg, NULL, &e[i],
                                                    &m[cand.mentor[q]], NULL));
      }
    qsort(naive, (size_t)nn, sizeof(int32_t), cmp_desc);
    qsort(got, (size_t)ng, sizeof(int32_t), cmp_desc);
    assert_int_equal(ng, nn < K ? nn : K);
    for (int q = 0; q < ng; q++)
      assert_int_equal(got[q], naive[q]);
    /* nothing left out scores above the bound */
    if (nn > K)
      assert_true(cand.left_out[i] >= naive[K]);
  }
  assert_true(cand.scored <= (uint64_t)NE * NM);
  match_candidates_free(&cand);
}

static void test_candidate_solve_reports_whether_proven_overall(void **state)
{
  enum { NE = 30, NM = 10 };
  struct match_person e[NE], m[NM];
  struct match_candidates cand;
  int32_t cap[NM];
  struct match_result r;

  (void)state;
  for (uint32_t i = 0; i < NE; i++)
    random_person(&e[i], i, 0);
  for (uint32_t j = 0; j < NM; j++) {
    random_person(&m[j], 1000 + j, 1);
    m[j].trained = 1;
    cap[j] = m[j].capacity;
  }
  for (uint32_t k = 1; k <= NM; k += NM - 1) {
    assert_int_equal(match_candidates_build(&cfg, NULL, e, NE, m, NM, k,
                                            MATCH_SCOPE_ALL, &cand),
                     0);
    struct match_problem p = {
        .n_mentees = NE,
        .n_mentors = NM,
        .capacity = cap,
        .n_edges = cand.n_edges,
        .mentee = cand.mentee,
        .mentor = cand.mentor,
        .score = cand.score,
        .objective = MATCH_TOTAL,
    };
    assert_int_equal(match_solve(&p, &r), 0);
    assert_int_equal(match_check(&p, &r), 0);
    /* with every mentor a candidate nothing is left out: proven; with one
     * candidate each, 30 mentees compete for few places: not proven */
    assert_int_equal(match_candidates_proven(&p, &cand, &r), k == NM);
    match_result_free(&r);
    match_candidates_free(&cand);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_weights_fit_the_file_format),
      cmocka_unit_test(test_same_course_adds_its_weight),
      cmocka_unit_test(test_hard_rules_exclude_the_pair),
      cmocka_unit_test(test_untrained_mentor_is_not_matchable),
      cmocka_unit_test(test_dealbreaker_excludes_a_pair_without_it),
      cmocka_unit_test(test_first_language_weighs_more_than_a_shared_one),
      cmocka_unit_test(test_characteristics_count_only_when_both_consent),
      cmocka_unit_test(test_preferred_mentor_counts_by_rank),
      cmocka_unit_test(test_explanation_lists_each_contribution),
      cmocka_unit_test(test_candidates_equal_naive_top_k),
      cmocka_unit_test(test_candidate_solve_reports_whether_proven_overall),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
