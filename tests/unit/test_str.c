#include "base/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void test_to_i64_accepts_only_whole_numbers_in_range(void **state)
{
  int64_t v;

  (void)state;
  assert_true(str_to_i64("42", 0, 100, &v));
  assert_int_equal(v, 42);
  assert_true(str_to_i64("-5", -10, 10, &v));
  assert_false(str_to_i64("", 0, 100, &v));
  assert_false(str_to_i64(" 4", 0, 100, &v));
  assert_false(str_to_i64("4x", 0, 100, &v));
  assert_false(str_to_i64("101", 0, 100, &v));
  assert_false(str_to_i64("99999999999999999999", 0, INT64_MAX, &v));
  assert_false(str_to_i64(NULL, 0, 1, &v));
}

static void test_copy_truncates_and_says_so(void **state)
{
  char small[4];

  (void)state;
  assert_true(str_copy(small, sizeof(small), "abc"));
  assert_false(str_copy(small, sizeof(small), "abcd"));
  assert_string_equal(small, "abc");
}

static void test_trim_and_lower(void **state)
{
  char s[] = "  Hello World \n";

  (void)state;
  assert_string_equal(str_lower(str_trim(s)), "hello world");
}

static void test_valid_text_rejects_bad_utf8_and_controls(void **state)
{
  (void)state;
  assert_true(str_valid_text("plain", 5));
  assert_true(str_valid_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
  assert_true(str_valid_text("line\r\nbreak\t", 12));
  assert_false(str_valid_text("\xc3", 1));          /* truncated */
  assert_false(str_valid_text("\xc0\xaf", 2));      /* overlong */
  assert_false(str_valid_text("\xed\xa0\x80", 3));  /* surrogate */
  assert_false(str_valid_text("a\x01", 2));         /* control */
  assert_false(str_valid_text("a\0b", 3));          /* NUL */
  assert_false(str_valid_text("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_to_i64_accepts_only_whole_numbers_in_range),
      cmocka_unit_test(test_copy_truncates_and_says_so),
      cmocka_unit_test(test_trim_and_lower),
      cmocka_unit_test(test_valid_text_rejects_bad_utf8_and_controls),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
