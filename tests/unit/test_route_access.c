/* Who may call a route: the router's role check as a pure function. */
#include "web/router.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void test_anyone_needs_nothing(void **state)
{
  (void)state;
  assert_int_equal(route_allows(ANYONE, 0, false, 0), 0);
}

static void test_pages_need_a_session_with_the_role(void **state)
{
  (void)state;
  assert_int_equal(route_allows(SIGNED_IN, 0, false, 0), 401);
  assert_int_equal(route_allows(SIGNED_IN, 0, true, ROLE_STUDENT), 0);
  assert_int_equal(route_allows(ADMIN, 0, true, ROLE_STUDENT), 403);
  assert_int_equal(route_allows(STAFF, 0, true, ROLE_CHAMPION), 0);
}

static void test_a_key_counts_only_on_api_routes(void **state)
{
  (void)state;
  assert_int_equal(route_allows(ADMIN, 'w', false, 0), 401);
  assert_int_equal(route_allows(SIGNED_IN, 'r', false, 0), 401);
}

static void test_a_read_key_reads_and_cannot_write(void **state)
{
  (void)state;
  assert_int_equal(route_allows(API_READ | STAFF, 'r', false, 0), 0);
  assert_int_equal(route_allows(API_WRITE, 'r', false, 0), 403);
}

static void test_a_write_key_reads_and_writes(void **state)
{
  (void)state;
  assert_int_equal(route_allows(API_READ | STAFF, 'w', false, 0), 0);
  assert_int_equal(route_allows(API_WRITE, 'w', false, 0), 0);
}

static void test_key_only_routes_refuse_sessions(void **state)
{
  (void)state;
  assert_int_equal(route_allows(API_WRITE, 0, true, ROLE_ALL), 403);
  assert_int_equal(route_allows(API_WRITE, 0, false, 0), 401);
}

static void test_api_reads_take_a_session_with_the_role(void **state)
{
  (void)state;
  assert_int_equal(route_allows(API_READ | STAFF, 0, true, ROLE_COORDINATOR),
                   0);
  assert_int_equal(route_allows(API_READ | STAFF, 0, true, ROLE_STUDENT), 403);
  assert_int_equal(route_allows(API_READ | STAFF, 0, false, 0), 401);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_anyone_needs_nothing),
      cmocka_unit_test(test_pages_need_a_session_with_the_role),
      cmocka_unit_test(test_a_key_counts_only_on_api_routes),
      cmocka_unit_test(test_a_read_key_reads_and_cannot_write),
      cmocka_unit_test(test_a_write_key_reads_and_writes),
      cmocka_unit_test(test_key_only_routes_refuse_sessions),
      cmocka_unit_test(test_api_reads_take_a_session_with_the_role),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
