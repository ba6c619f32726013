#include "base/config.h"
#include "base/err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/tandem-config-XXXXXX";

static void write_file(const char *text)
{
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");

  fputs(text, f);
  fclose(f);
}

static void test_defaults(void **state)
{
  struct config c;

  (void)state;
  config_defaults(&c);
  assert_string_equal(c.db, "tandem.db");
  assert_string_equal(c.bind, "127.0.0.1");
  assert_int_equal(c.port, 8080);
  assert_false(c.secure_cookies);
}

static void test_environment_wins_over_file(void **state)
{
  struct config c;
  char err[256];

  (void)state;
  config_defaults(&c);
  write_file("# comment\nport = 9000\ndb = from-file.db\nsecure-cookies = yes\n");
  assert_int_equal(config_load_file(&c, path, err, sizeof(err)), 0);
  unlink(path);
  assert_int_equal(c.port, 9000);
  assert_true(c.secure_cookies);
  setenv("TANDEM_DB", "from-env.db", 1);
  assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
  unsetenv("TANDEM_DB");
  assert_string_equal(c.db, "from-env.db");
  assert_int_equal(c.port, 9000);
}

static void test_bad_file_names_the_line(void **state)
{
  struct config c;
  char err[256];

  (void)state;
  config_defaults(&c);
  memcpy(path, "/tmp/tandem-config-XXXXXX", sizeof(path));
  write_file("port = 9000\n\nport = many\n");
  assert_int_equal(config_load_file(&c, path, err, sizeof(err)), ERR_INPUT);
  unlink(path);
  assert_non_null(strstr(err, ":3:"));
  assert_non_null(strstr(err, "whole number"));
}

static void test_unknown_key_and_bad_env(void **state)
{
  struct config c;
  char err[256];

  (void)state;
  config_defaults(&c);
  assert_null(config_find("no-such-thing"));
  assert_non_null(config_find("session-idle"));
  setenv("TANDEM_PORT", "eighty", 1);
  assert_int_equal(config_load_env(&c, err, sizeof(err)), ERR_INPUT);
  unsetenv("TANDEM_PORT");
  assert_non_null(strstr(err, "TANDEM_PORT"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_environment_wins_over_file),
      cmocka_unit_test(test_bad_file_names_the_line),
      cmocka_unit_test(test_unknown_key_and_bad_env),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
