#include "store/migrate.h"

#include "base/clock.h"
#include "base/embedded.h"
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"

#include <stdlib.h>

/* Generated from src/store/migrations/NNNN_name.sql, in name order. */
extern const struct embedded_file store_migrations[];

static int version_of(const struct embedded_file *f)
{
  return (int)strtol(f->name, NULL, 10);
}

int store_schema_version(void)
{
  int v = 0;

  for (const struct embedded_file *f = store_migrations; f->name; f++)
    v = version_of(f);
  return v;
}

int store_migrate(struct db *db, int *applied)
{
  struct db_stmt *st;
  int64_t current = 0;
  int rc, n = 0;

  if (applied)
    *applied = 0;
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = db_migrate_lock(db)))
    goto fail;
  rc = db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL,"
                          " applied_at BIGINT NOT NULL)");
  if (rc)
    goto fail;
  if ((rc = db_prepare(db, "SELECT COALESCE(MAX(version), 0) "
                           "FROM schema_migrations",
                       &st)))
    goto fail;
  if ((rc = db_step(st)) == DB_ROW)
    current = db_col_int(st, 0);
  db_finish(st);
  if (rc < 0)
    goto fail;
  if (current > store_schema_version()) {
    log_error("schema_version=%lld binary_version=%d msg=\"the database is "
              "newer than this tandem\"",
              (long long)current, store_schema_version());
    rc = ERR_CONFLICT;
    goto fail;
  }
  for (const struct embedded_file *f = store_migrations; f->name; f++) {
    if (version_of(f) <= current)
      continue;
    /* The one dialect hook: a migration marked "postgres only" (triggers
     * for LISTEN/NOTIFY) is recorded but not run on SQLite, so both
     * engines keep the same version numbers. */
    if ((db_engine(db) == DB_POSTGRES ||
         !str_starts((const char *)f->data, "-- postgres only\n")) &&
        (rc = db_exec_script(db, (const char *)f->data)))
      goto fail;
    rc = db_run(db,
                "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES ($1, $2, $3)",
                "isi", (int64_t)version_of(f), f->name, clock_now());
    if (rc < 0)
      goto fail;
    log_info("migration=%s applied", f->name);
    n++;
  }
  if ((rc = db_commit(db)))
    return rc;
  if (applied)
    *applied = n;
  return 0;
fail:
  db_rollback(db);
  return rc < 0 ? rc : ERR_DB;
}
