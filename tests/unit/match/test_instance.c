/* test_instance.c: the edge-list file parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "match/instance.h"

static const char good[] = "3 2 4\n"
                           "1 2\n"
                           "0 0 9\n"
                           "0 1 8\n"
                           "\n"
                           "1 0 8\r\n"
                           "2 1 1000";

static void test_good_file_is_read_whole(void **state)
{
  struct match_instance in;
  char err[160];
  uint64_t line = 0;

  (void)state;
  assert_int_equal(
      match_instance_parse(good, strlen(good), &in, &line, err, sizeof(err)),
      0);
  assert_int_equal(in.n_mentees, 3);
  assert_int_equal(in.n_mentors, 2);
  assert_int_equal(in.n_edges, 4);
  assert_int_equal(in.capacity[0], 1);
  assert_int_equal(in.capacity[1], 2);
  assert_int_equal(in.mentee[3], 2);
  assert_int_equal(in.mentor[3], 1);
  assert_int_equal(in.score[3], 1000);
  assert_int_equal(in.score[2], 8);
  match_instance_free(&in);
}

static void test_file_split_anywhere_parses_the_same(void **state)
{
  size_t n = strlen(good);

  (void)state;
  for (size_t cut = 0; cut <= n; cut++) {
    struct match_parser ps;
    struct match_instance in;
    match_parser_init(&ps);
    assert_int_equal(match_parser_feed(&ps, good, cut), 0);
    assert_int_equal(match_parser_feed(&ps, good + cut, n - cut), 0);
    assert_int_equal(match_parser_finish(&ps, &in), 0);
    assert_int_equal(in.n_edges, 4);
    assert_int_equal(in.mentee[1], 0);
    assert_int_equal(in.mentor[1], 1);
    assert_int_equal(in.score[1], 8);
    assert_int_equal(in.score[3], 1000);
    match_instance_free(&in);
  }
}

static void test_capacities_may_span_lines(void **state)
{
  static const char f[] = "1 3 1\n2\n0 5\n0 2 7\n";
  struct match_instance in;

  (void)state;
  assert_int_equal(match_instance_parse(f, strlen(f), &in, NULL, NULL, 0), 0);
  assert_int_equal(in.capacity[0], 2);
  assert_int_equal(in.capacity[2], 5);
  assert_int_equal(in.mentor[0], 2);
  match_instance_free(&in);
}

static void test_empty_instance_is_fine(void **state)
{
  static const char f[] = "0 0 0\n";
  struct match_instance in;

  (void)state;
  assert_int_equal(match_instance_parse(f, strlen(f), &in, NULL, NULL, 0), 0);
  assert_int_equal(in.n_edges, 0);
  match_instance_free(&in);
}

struct bad {
  const char *text;
  int rc;
  uint64_t line;
  const char *reason; /* a fragment of the message */
};

static const struct bad bad_files[] = {
    {"", ERR_INPUT, 1, "empty"},
    {"\n\n", ERR_INPUT, 3, "empty"},
    {"2 1\n1\n", ERR_INPUT, 1, "found 2"},
    {"2 1 1 7\n1\n0 0 1\n", ERR_INPUT, 1, "found more"},
    {"2 x 1\n", ERR_INPUT, 1, "n_mentors is not a whole number"},
    {"-2 1 1\n", ERR_INPUT, 1, "n_mentees is negative"},
    {"2 2 1\n1 -1\n0 0 5\n", ERR_INPUT, 2, "capacity of mentor 1 is negative"},
    {"2 2 1\n1 two\n0 0 5\n", ERR_INPUT, 2, "not a whole number"},
    {"2 2 1\n1\n", ERR_INPUT, 3, "after 1 of 2 capacities"},
    {"2 2 1\n1 1 1\n0 0 5\n", ERR_INPUT, 2, "more capacities"},
    {"2 1 2\n1\n0 0 5\n", ERR_INPUT, 4, "after 1 of 2 edges"},
    {"2 1 2\n1\n0 0 5\n1 0", ERR_INPUT, 4, "found 2"},
    {"2 1 1\n1\n0 0 5\n1 0 3\n", ERR_INPUT, 4,
     "more edges than the header's 1"},
    {"2 1 1\n1\n2 0 5\n", ERR_INPUT, 3, "mentee 2 is not in 0..1"},
    {"2 1 1\n1\n0 1 5\n", ERR_INPUT, 3, "mentor 1 is not in 0..0"},
    {"2 1 1\n1\n0 0 1001\n", ERR_INPUT, 3, "score 1001 is not in 0..1000"},
    {"2 1 1\n1\n0 0 -5\n", ERR_INPUT, 3, "score -5 is negative"},
    {"2 1 1\n1\n0 0 5 6\n", ERR_INPUT, 3, "found more"},
    {"2 1 1\n1\n0 0\n", ERR_INPUT, 3, "found 2"},
    {"2 1 1\n1\n0 0 5x\n", ERR_INPUT, 3, "score is not a whole number"},
    {"2 1 1\n1\n0 0 5.5\n", ERR_INPUT, 3, "not a whole number"},
    {"2 1 1\n1\n0 0 -\n", ERR_INPUT, 3, "not a whole number"},
    {"2 1 1\n1\n0 0 99999999999999999999999\n", ERR_INPUT, 3, "too large"},
    {"2 1 1\n1\n0\x01 0 5\n", ERR_INPUT, 3, "mentee is not a whole number"},
    {"2 1 1\n2000000\n0 0 5\n", ERR_INPUT, 2, "over"},
    {"2 1 9999999999\n", ERR_TOOBIG, 1, "edges"},
    {"9999999999 1 1\n", ERR_TOOBIG, 1, "mentees"},
    {"1 1 0\n1\n0 0 1\n", ERR_INPUT, 3, "more edges than the header's 0"},
};

static void test_bad_files_are_rejected_with_line_and_reason(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
    const struct bad *b = &bad_files[i];
    struct match_instance in;
    char err[160] = "";
    uint64_t line = 0;
    int rc = match_instance_parse(b->text, strlen(b->text), &in, &line, err,
                                  sizeof(err));
    if (rc != b->rc || line != b->line || !strstr(err, b->reason))
      fail_msg("file %zu: got rc %d line %llu '%s', want rc %d line %llu "
               "'%s'",
               i, rc, (unsigned long long)line, err, b->rc,
               (unsigned long long)b->line, b->reason);
  }
}

static void test_feeding_after_an_error_keeps_failing(void **state)
{
  struct match_parser ps;
  struct match_instance in;

  (void)state;
  match_parser_init(&ps);
  assert_int_equal(match_parser_feed(&ps, "1 1 x\n", 6), ERR_INPUT);
  assert_int_equal(match_parser_feed(&ps, "1\n", 2), ERR_INPUT);
  assert_int_equal(match_parser_finish(&ps, &in), ERR_INPUT);
  assert_int_equal(ps.err_line, 1);
  match_parser_free(&ps);
  match_parser_free(&ps);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_file_is_read_whole),
      cmocka_unit_test(test_file_split_anywhere_parses_the_same),
      cmocka_unit_test(test_capacities_may_span_lines),
      cmocka_unit_test(test_empty_instance_is_fine),
      cmocka_unit_test(test_bad_files_are_rejected_with_line_and_reason),
      cmocka_unit_test(test_feeding_after_an_error_keeps_failing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
