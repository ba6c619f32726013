#include "base/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void test_allocations_are_zeroed_and_aligned(void **state)
{
  struct arena a;

  (void)state;
  arena_init(&a);
  for (int i = 1; i < 500; i++) {
    unsigned char *p = arena_alloc(&a, (size_t)i);

    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    for (int j = 0; j < i; j++)
      assert_int_equal(p[j], 0);
    memset(p, 0xab, (size_t)i);
  }
  arena_free(&a);
}

static void test_large_allocation_and_strings(void **state)
{
  struct arena a;
  char *big, *s;

  (void)state;
  arena_init(&a);
  s = arena_strdup(&a, "before");
  big = arena_alloc(&a, 100000);
  memset(big, 1, 100000);
  assert_string_equal(s, "before");
  assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
  assert_string_equal(arena_printf(&a, "%s=%d", "n", 7), "n=7");
  arena_free(&a);
  assert_null(a.head);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_allocations_are_zeroed_and_aligned),
      cmocka_unit_test(test_large_allocation_and_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
