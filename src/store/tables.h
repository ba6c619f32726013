/* store/tables.h: every table of the schema, in an order where each table
 * comes after those it refers to, with the SQL to read all its rows in a
 * fixed order and to write one back. `tandem copy` moves an installation
 * between engines with it. A migration that adds a table adds it here; the
 * copy refuses to run while the schema has a table this list lacks. */
#ifndef TANDEM_STORE_TABLES_H
#define TANDEM_STORE_TABLES_H

#include "store/db.h"

struct store_table {
  const char *name;
  int ncols;
  const char *select_sql; /* every column, ordered by the primary key */
  const char *insert_sql; /* the same columns, $1..$ncols */
  const char *count_sql;
  /* PostgreSQL: move the identity sequence past the copied ids; NULL for
   * a table without a generated key. */
  const char *pg_sequence_sql;
};

/* store_tables: the list, ended by a NULL name. */
extern const struct store_table store_tables[];

/* store_table_unlisted: the first table of db's schema that is not in
 * store_tables (nor schema_migrations), into name (size bytes); "" when
 * every table is listed. */
int store_table_unlisted(struct db *db, char *name, size_t size);

/* store_table_rows: call fn(ctx, values) for every row of t, in its fixed
 * order; values[i] is column i as text, NULL for NULL. Stops at the first
 * non-zero return of fn and returns it. */
int store_table_rows(struct db *db, const struct store_table *t,
                     int (*fn)(void *ctx, const char *const *values),
                     void *ctx);
/* store_table_insert: write one row of t given as text (NULL for NULL). */
int store_table_insert(struct db *db, const struct store_table *t,
                       const char *const *values);
/* store_table_count: how many rows t has. */
int store_table_count(struct db *db, const struct store_table *t, int64_t *n);
/* store_table_after_copy: what the engine needs once t's rows are copied
 * in with their ids (PostgreSQL: move the identity sequence past them). */
int store_table_after_copy(struct db *db, const struct store_table *t);

enum { STORE_TABLE_COLS_MAX = 32 };

#endif
