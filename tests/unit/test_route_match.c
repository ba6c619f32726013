#include "web/router.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static int h_list(struct request *r) { (void)r; return 0; }
static int h_show(struct request *r) { (void)r; return 0; }
static int h_post(struct request *r) { (void)r; return 0; }

const struct route routes[] = {
    {"GET", "/admin/users", ADMIN, h_list, 0},
    {"GET", "/admin/users/{id}", ADMIN, h_show, 0},
    {"POST", "/admin/users/{id}/roles", ADMIN, h_post, 0},
    {NULL, NULL, 0, NULL, 0},
};

static void test_captures_parameters(void **state)
{
  struct arena a;
  const char *params[ROUTE_PARAMS_MAX];
  int n;
  bool known;
  const struct route *rt;

  (void)state;
  arena_init(&a);
  rt = router_match(routes, &a, "GET", "/admin/users/42", params, &n, &known);
  assert_ptr_equal(rt, &routes[1]);
  assert_int_equal(n, 1);
  assert_string_equal(params[0], "42");
  rt = router_match(routes, &a, "HEAD", "/admin/users", params, &n, &known);
  assert_ptr_equal(rt, &routes[0]);
  arena_free(&a);
}

static void test_wrong_method_is_known_path(void **state)
{
  struct arena a;
  const char *params[ROUTE_PARAMS_MAX];
  int n;
  bool known;

  (void)state;
  arena_init(&a);
  assert_null(router_match(routes, &a, "GET", "/admin/users/4/roles", params,
                           &n, &known));
  assert_true(known);
  assert_null(router_match(routes, &a, "GET", "/admin/users/", params, &n,
                           &known));
  assert_false(known);
  assert_null(router_match(routes, &a, "GET", "/admin/users/4/", params, &n,
                           &known));
  assert_null(router_match(routes, &a, "GET", "/admin", params, &n, &known));
  arena_free(&a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_captures_parameters),
      cmocka_unit_test(test_wrong_method_is_known_path),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
