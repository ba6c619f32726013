#include "web/form.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static struct arena a;

static int setup(void **state)
{
  (void)state;
  arena_init(&a);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  arena_free(&a);
  return 0;
}

static void test_form_decodes_fields(void **state)
{
  struct kvlist l = {0};
  const char *body = "email=a%40b.ac.uk&name=Ana+Mar%C3%ADa&empty=&flag&"
                     "roles=admin&roles=student";

  (void)state;
  assert_int_equal(form_parse(&a, body, strlen(body), &l), FORM_OK);
  assert_string_equal(kv_get(&l, "email"), "a@b.ac.uk");
  assert_string_equal(kv_get(&l, "name"), "Ana Mar\xc3\xad" "a");
  assert_string_equal(kv_get(&l, "empty"), "");
  assert_string_equal(kv_get(&l, "flag"), "");
  assert_int_equal(kv_count(&l, "roles"), 2);
  assert_string_equal(kv_nth(&l, "roles", 1), "student");
  assert_null(kv_get(&l, "missing"));
}

static void test_form_rejects_bad_escapes_and_nul(void **state)
{
  struct kvlist l = {0};

  (void)state;
  assert_int_equal(form_parse(&a, "a=%zz", 5, &l), FORM_BAD_ENCODING);
  assert_int_equal(form_parse(&a, "a=%4", 4, &l), FORM_BAD_ENCODING);
  assert_int_equal(form_parse(&a, "a=%00", 5, &l), FORM_BAD_ENCODING);
  assert_int_equal(form_parse(&a, "a=%ff", 5, &l), FORM_BAD_ENCODING);
}

static void test_form_caps_fields_and_lengths(void **state)
{
  struct kvlist l = {0};
  size_t n = (FORM_FIELDS_MAX + 1) * 4;
  char *many = malloc(n + 1), *big;

  (void)state;
  for (size_t i = 0; i < FORM_FIELDS_MAX + 1; i++)
    memcpy(many + i * 4, "a=1&", 4);
  many[n] = '\0';
  assert_int_equal(form_parse(&a, many, n, &l), FORM_TOO_MANY);
  free(many);
  n = FORM_VALUE_MAX + 3;
  big = malloc(n);
  memset(big, 'x', n);
  memcpy(big, "v=", 2);
  l = (struct kvlist){0};
  assert_int_equal(form_parse(&a, big, n, &l), FORM_TOO_LONG);
  free(big);
}

static void test_cookies_split_and_unquote(void **state)
{
  struct kvlist l = {0};

  (void)state;
  cookie_parse(&a, "tandem_session=abc; theme=\"dark\";junk; =x; n=",
               &l);
  assert_string_equal(kv_get(&l, "tandem_session"), "abc");
  assert_string_equal(kv_get(&l, "theme"), "dark");
  assert_string_equal(kv_get(&l, "n"), "");
  assert_null(kv_get(&l, "junk"));
  cookie_parse(&a, NULL, &l); /* no header: nothing, no crash */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_form_decodes_fields),
      cmocka_unit_test(test_form_rejects_bad_escapes_and_nul),
      cmocka_unit_test(test_form_caps_fields_and_lengths),
      cmocka_unit_test(test_cookies_split_and_unquote),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
