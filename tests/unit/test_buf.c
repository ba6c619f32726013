#include "base/buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void test_append_grows_and_terminates(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 1 << 20);
  assert_string_equal(buf_cstr(&b), "");
  for (int i = 0; i < 1000; i++)
    buf_puts(&b, "abc");
  assert_int_equal(b.len, 3000);
  assert_int_equal(strlen(buf_cstr(&b)), 3000);
  assert_false(buf_failed(&b));
  buf_free(&b);
}

static void test_cap_is_sticky(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 8);
  buf_puts(&b, "12345");
  buf_puts(&b, "6789"); /* past the cap: dropped, marked */
  assert_true(buf_failed(&b));
  buf_puts(&b, "x"); /* would fit, but the error sticks */
  assert_string_equal(buf_cstr(&b), "12345");
  buf_reset(&b);
  assert_false(buf_failed(&b));
  buf_printf(&b, "%d-%s", 42, "ok");
  assert_string_equal(buf_cstr(&b), "42-ok");
  buf_free(&b);
}

static void test_printf_exactly_at_cap(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 4);
  buf_printf(&b, "%s", "abcd");
  assert_false(buf_failed(&b));
  assert_string_equal(buf_cstr(&b), "abcd");
  buf_printf(&b, "%s", "e");
  assert_true(buf_failed(&b));
  buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_append_grows_and_terminates),
      cmocka_unit_test(test_cap_is_sticky),
      cmocka_unit_test(test_printf_exactly_at_cap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
