#include "web/html.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_every_string_argument_is_escaped(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 4096);
  html_printf(&b, "<p title=\"%s\">%s</p>", "a\"b", "<script>&'");
  assert_string_equal(buf_cstr(&b), "<p title=\"a&quot;b\">&lt;script&gt;"
                                    "&amp;&#39;</p>");
  buf_free(&b);
}

static void test_numbers_and_precision(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 4096);
  html_printf(&b, "%d %5d|%-3u|%lld %zu %x %.3s %.*s %c %%", -7, 42, 3u,
              (long long)INT64_MAX, (size_t)9, 255u, "<abcdef", 2, "xyz",
              '<');
  assert_string_equal(buf_cstr(&b), "-7    42|3  |9223372036854775807 9 ff "
                                    "&lt;ab xy &lt; %");
  buf_free(&b);
}

static void test_null_string_prints_nothing(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 64);
  html_escape(&b, NULL);
  assert_string_equal(buf_cstr(&b), "");
  buf_free(&b);
}

static void test_url_encode(void **state)
{
  struct buf b;

  (void)state;
  buf_init(&b, 64);
  url_encode(&b, "/a b?c=d&e");
  assert_string_equal(buf_cstr(&b), "%2Fa%20b%3Fc%3Dd%26e");
  buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_string_argument_is_escaped),
      cmocka_unit_test(test_numbers_and_precision),
      cmocka_unit_test(test_null_string_prints_nothing),
      cmocka_unit_test(test_url_encode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
