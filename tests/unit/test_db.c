/* The store facade on SQLite: migrations, placeholders, the statement
 * cache, constraint errors and nested transactions. */
#include "base/err.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/tables.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int open_db(void **state)
{
  *state = test_db_open();
  return 0;
}

static int close_db(void **state)
{
  test_db_close(*state);
  return 0;
}

static void test_migrations_apply_once(void **state)
{
  struct db *db = *state;
  int applied;

  assert_int_equal(store_migrate(db, &applied), 0);
  assert_int_equal(applied, store_schema_version());
  assert_int_equal(store_migrate(db, &applied), 0);
  assert_int_equal(applied, 0);
}

/* tandem copy moves only the tables it knows: a migration that adds a
 * table must add it to store/tables.c too. */
static void test_every_table_is_known_to_copy(void **state)
{
  struct db *db = *state;
  char unlisted[64];

  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(store_table_unlisted(db, unlisted, sizeof(unlisted)), 0);
  assert_string_equal(unlisted, "");
  for (const struct store_table *t = store_tables; t->name; t++) {
    int64_t n;

    assert_int_equal(store_table_count(db, t, &n), 0);
    assert_int_equal(n, 0);
  }
}

static void test_placeholders_bind_by_number(void **state)
{
  struct db *db = *state;
  struct db_stmt *st;

  assert_int_equal(db_exec_script(db, "CREATE TABLE t (id {{id}}, a TEXT, "
                                      "b BIGINT)"),
                   0);
  /* $2 before $1, and a '$1' inside a string literal that must stay. */
  assert_int_equal(db_run(db,
                          "INSERT INTO t (b, a) VALUES ($2, CAST($1 AS TEXT)"
                          " || '$1')",
                          "si", "x", (int64_t)7),
                   DB_DONE);
  assert_int_equal(db_prepare(db, "SELECT id, a, b FROM t WHERE b = $1", &st),
                   0);
  db_bind_int(st, 1, 7);
  assert_int_equal(db_step(st), DB_ROW);
  assert_int_equal(db_col_int(st, 0), 1);
  assert_string_equal(db_col_text(st, 1), "x$1");
  assert_int_equal(db_step(st), DB_DONE);
  db_finish(st);
}

static void test_statement_cache_returns_same_handle(void **state)
{
  struct db *db = *state;
  struct db_stmt *a, *b;
  static const char sql[] = "SELECT 1";

  assert_int_equal(db_prepare(db, sql, &a), 0);
  db_finish(a);
  assert_int_equal(db_prepare(db, sql, &b), 0);
  db_finish(b);
  assert_ptr_equal(a, b);
  /* Bad SQL fails at prepare (SQLite) or at the first step (PostgreSQL). */
  if (db_prepare(db, "SELEC nonsense", &a) == 0) {
    assert_int_equal(db_step(a), ERR_DB);
    db_finish(a);
  }
}

static void test_unique_violation_is_conflict(void **state)
{
  struct db *db = *state;

  assert_int_equal(db_exec_script(db, "CREATE TABLE u (k TEXT UNIQUE)"), 0);
  assert_int_equal(db_run(db, "INSERT INTO u (k) VALUES ($1)", "s", "a"),
                   DB_DONE);
  assert_int_equal(db_run(db, "INSERT INTO u (k) VALUES ($1)", "s", "a"),
                   ERR_CONFLICT);
}

static void test_inner_rollback_rolls_back_outer(void **state)
{
  struct db *db = *state;
  struct db_stmt *st;

  assert_int_equal(db_exec_script(db, "CREATE TABLE v (k TEXT)"), 0);
  assert_int_equal(db_begin(db), 0);
  db_run(db, "INSERT INTO v (k) VALUES ('outer')", "");
  assert_int_equal(db_begin(db), 0);
  db_run(db, "INSERT INTO v (k) VALUES ('inner')", "");
  db_rollback(db);
  assert_int_equal(db_commit(db), ERR_CONFLICT);
  assert_int_equal(db_prepare(db, "SELECT COUNT(*) FROM v", &st), 0);
  assert_int_equal(db_step(st), DB_ROW);
  assert_int_equal(db_col_int(st, 0), 0);
  db_finish(st);
  assert_int_equal(db_ping(db), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_migrations_apply_once, open_db,
                                      close_db),
      cmocka_unit_test_setup_teardown(test_every_table_is_known_to_copy,
                                      open_db, close_db),
      cmocka_unit_test_setup_teardown(test_placeholders_bind_by_number,
                                      open_db, close_db),
      cmocka_unit_test_setup_teardown(test_statement_cache_returns_same_handle,
                                      open_db, close_db),
      cmocka_unit_test_setup_teardown(test_unique_violation_is_conflict,
                                      open_db, close_db),
      cmocka_unit_test_setup_teardown(test_inner_rollback_rolls_back_outer,
                                      open_db, close_db),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
