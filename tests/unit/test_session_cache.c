/* A node's cache of sessions (store/session_cache.c): off on SQLite; on
 * PostgreSQL, a read that raced a change is not kept, a change made here
 * is forgotten at its commit (not before, not on a rollback), a change
 * made by another connection arrives as a notification, and nothing is
 * kept longer than the time limit. Other test processes share the
 * database's notification channel, so a check that something is kept
 * retries until no stranger's notification came between. */
#include "base/str.h"
#include "store/accounts.h"
#include "store/migrate.h"
#include "store/session_cache.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka needs the three above first. */
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char hash[] =
    "5f1c0e8a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";

static int ran;

static void count_run(void)
{
  ran++;
}

/* db_after_commit, which the cache's forgetting rides on: at once outside
 * a transaction, once at the outermost commit, never on a rollback. */
static void test_after_commit(void **state)
{
  struct db *db = test_db_open();

  (void)state;
  ran = 0;
  db_after_commit(db, count_run);
  assert_int_equal(ran, 1);
  assert_int_equal(db_begin(db), 0);
  db_after_commit(db, count_run);
  assert_int_equal(db_begin(db), 0);
  db_after_commit(db, count_run);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(ran, 1);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(ran, 2);
  assert_int_equal(db_begin(db), 0);
  db_after_commit(db, count_run);
  db_rollback(db);
  assert_int_equal(db_begin(db), 0);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(ran, 2);
  test_db_close(db);
}

static bool on_pg(void)
{
  const char *url = getenv("TANDEM_TEST_DB");

  return url && strncmp(url, "postgres", 8) == 0;
}

static void pause_ms(int ms)
{
  struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};

  nanosleep(&t, NULL);
}

/* kept: put the row and read it back until it is there (at most 5 s: the
 * listener connects, strangers notify). */
static void keep(const struct session_row *row)
{
  struct session_row got;
  uint64_t gen;

  for (int i = 0; i < 500; i++) {
    store_session_cache_get(hash, &got, &gen);
    store_session_cache_put(hash, row, gen);
    if (store_session_cache_get(hash, &got, &gen)) {
      assert_int_equal(got.user_id, row->user_id);
      assert_string_equal(got.email, row->email);
      return;
    }
    pause_ms(10);
  }
  fail_msg("the cache never kept the session");
}

static bool held(void)
{
  struct session_row got;
  uint64_t gen;

  return store_session_cache_get(hash, &got, &gen);
}

static void test_the_cache(void **state)
{
  struct db *db = test_db_open(), *other;
  const char *url = getenv("TANDEM_TEST_DB");
  struct session_row row = {.user_id = 7, .role_bits = 1};
  int64_t id;
  uint64_t gen;
  char err[256];

  (void)state;
  assert_int_equal(store_migrate(db, NULL), 0);
  str_copy(row.email, sizeof(row.email), "kept@example.ac.uk");
  store_session_cache_start(url && *url ? url : "tandem.db", 60);
  if (!on_pg()) {
    /* SQLite: never on, so every request reads its session. */
    store_session_cache_get(hash, &row, &gen);
    store_session_cache_put(hash, &row, gen);
    assert_false(held());
    store_session_cache_stop();
    test_db_close(db);
    return;
  }
  keep(&row);

  /* A read that began before a change is not kept after it. */
  store_session_cache_forget();
  store_session_cache_get(hash, &row, &gen);
  store_session_cache_forget();
  store_session_cache_put(hash, &row, gen);
  assert_false(held());

  /* A change in a transaction is forgotten at its commit. */
  assert_int_equal(store_user_insert(db, "cache@example.ac.uk", "Cache Test",
                                     "x", 1, 1, &id),
                   0);
  keep(&row);
  assert_int_equal(db_begin(db), 0);
  assert_int_equal(store_user_set_roles(db, id, 2, 2), 0);
  assert_int_equal(db_commit(db), 0);
  assert_false(held());

  /* The writer returns only once this node has heard its change: by then
   * PostgreSQL has sent it to every node, before the user has an answer. */
  keep(&row);
  {
    uint64_t before = store_session_cache_heard();

    assert_int_equal(store_user_set_roles(db, id, 1, 3), 0);
    assert_true(store_session_cache_heard() > before);
    assert_false(held());
  }

  /* A change made by another connection, through no Tandem code at all,
   * reaches the cache as a notification (migration 0007's trigger). */
  assert_int_equal(db_open(url, &other, err, sizeof(err)), 0);
  snprintf(err, sizeof(err), "SET search_path TO unit_%d", (int)getpid());
  assert_int_equal(db_exec_script(other, err), 0);
  keep(&row);
  assert_int_equal(
      db_run(other, "UPDATE users SET name = 'By Hand' WHERE id = $1", "i", id),
      DB_DONE);
  for (int i = 0; i < 500 && held(); i++)
    pause_ms(10);
  assert_false(held());
  db_close(other);

  /* Nothing is kept past the time limit. */
  store_session_cache_stop();
  assert_false(held());
  store_session_cache_start(url, 1);
  keep(&row);
  pause_ms(1100);
  assert_false(held());
  store_session_cache_stop();
  test_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_after_commit),
      cmocka_unit_test(test_the_cache),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
