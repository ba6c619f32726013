/* multipart/form-data: the boundary from the Content-Type, fields and
 * files with their names, bodies that hold CRLF and the boundary's
 * prefix, and the malformed bodies and caps that must fail. */
#include "web/multipart.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void test_the_boundary_comes_from_the_content_type(void **state)
{
  char b[80];

  (void)state;
  assert_true(multipart_boundary("multipart/form-data; boundary=abc", b,
                                 sizeof(b)));
  assert_string_equal(b, "abc");
  assert_true(multipart_boundary(
      "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", b, sizeof(b)));
  assert_string_equal(b, "a b");
  assert_false(multipart_boundary("multipart/form-data", b, sizeof(b)));
  assert_false(multipart_boundary("multipart/form-data; boundary=", b,
                                  sizeof(b)));
  assert_false(multipart_boundary("multipart/form-data; boundary=\"abc", b,
                                  sizeof(b)));
  assert_false(multipart_boundary("text/plain; boundary=abc", b, sizeof(b)));
  assert_false(multipart_boundary(NULL, b, sizeof(b)));
}

#define B "----x1"
static const char body[] =
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
    "tok\r\n"
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a b.csv\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "x,y\r\n1,2\r\n--" B "x not a boundary\r\n"
    "--" B "\r\n"
    "Content-Disposition: form-data; filename=\"noname\"\r\n\r\n"
    "dropped\r\n"
    "--" B "--\r\n";

static void test_fields_and_files_are_split(void **state)
{
  struct arena a;
  struct multipart_part parts[8];
  int n;

  (void)state;
  arena_init(&a);
  assert_int_equal(multipart_parse(&a, body, sizeof(body) - 1, B, parts, 8,
                                   &n),
                   MULTIPART_OK);
  assert_int_equal(n, 2);
  assert_string_equal(parts[0].name, "_csrf");
  assert_null(parts[0].filename);
  assert_int_equal(parts[0].len, 3);
  assert_memory_equal(parts[0].data, "tok", 3);
  assert_string_equal(parts[1].name, "file");
  assert_string_equal(parts[1].filename, "a b.csv");
  assert_string_equal(parts[1].content_type, "text/csv");
  assert_int_equal(parts[1].len,
                   strlen("x,y\r\n1,2\r\n--" B "x not a boundary"));
  arena_free(&a);
}

static void test_malformed_bodies_and_caps_fail(void **state)
{
  struct arena a;
  struct multipart_part parts[1];
  int n;
  const char *unclosed = "--" B "\r\nContent-Disposition: form-data; "
                         "name=\"a\"\r\n\r\nvalue";
  const char *noheaders = "--" B "\r\nContent-Disposition: form-data; "
                          "name=\"a\"\r\nvalue\r\n--" B "--";

  (void)state;
  arena_init(&a);
  assert_int_equal(multipart_parse(&a, "", 0, B, parts, 1, &n),
                   MULTIPART_BAD);
  assert_int_equal(multipart_parse(&a, unclosed, strlen(unclosed), B, parts,
                                   1, &n),
                   MULTIPART_BAD);
  assert_int_equal(multipart_parse(&a, noheaders, strlen(noheaders), B,
                                   parts, 1, &n),
                   MULTIPART_BAD);
  assert_int_equal(multipart_parse(&a, body, sizeof(body) - 1, B, parts, 1,
                                   &n),
                   MULTIPART_TOO_MANY);
  assert_int_equal(multipart_parse(&a, body, sizeof(body) - 1, "", parts, 1,
                                   &n),
                   MULTIPART_BAD);
  arena_free(&a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_the_boundary_comes_from_the_content_type),
      cmocka_unit_test(test_fields_and_files_are_split),
      cmocka_unit_test(test_malformed_bodies_and_caps_fail),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
