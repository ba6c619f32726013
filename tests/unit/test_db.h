/* test_db.h: a fresh, empty database for a unit test: a new SQLite file,
 * or, when TANDEM_TEST_DB names a postgres:// database, a new schema of
 * this process's own in it (so test binaries may run at once). The store
 * and domain tests run unchanged on both engines. */
#ifndef TANDEM_TEST_DB_H
#define TANDEM_TEST_DB_H

#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char test_db_path[96];

static inline struct db *test_db_open(void)
{
  const char *url = getenv("TANDEM_TEST_DB");
  char err[256];
  struct db *db;

  if (url && *url) {
    if (db_open(url, &db, err, sizeof(err))) {
      fprintf(stderr, "test_db_open: %s\n", err);
      abort();
    }
    snprintf(err, sizeof(err),
             "DROP SCHEMA IF EXISTS unit_%d CASCADE; CREATE SCHEMA unit_%d;"
             " SET search_path TO unit_%d",
             (int)getpid(), (int)getpid(), (int)getpid());
    if (db_exec_script(db, err))
      abort();
    return db;
  }
  snprintf(test_db_path, sizeof(test_db_path), "/tmp/tandem-unit-%d.db",
           (int)getpid());
  unlink(test_db_path);
  if (db_open(test_db_path, &db, err, sizeof(err))) {
    fprintf(stderr, "test_db_open: %s\n", err);
    abort();
  }
  return db;
}

static inline void test_db_close(struct db *db)
{
  char f[128];

  if (!test_db_path[0]) {
    snprintf(f, sizeof(f), "DROP SCHEMA unit_%d CASCADE", (int)getpid());
    db_exec_script(db, f);
    db_close(db);
    return;
  }
  db_close(db);
  unlink(test_db_path);
  snprintf(f, sizeof(f), "%s-wal", test_db_path);
  unlink(f);
  snprintf(f, sizeof(f), "%s-shm", test_db_path);
  unlink(f);
}

#endif
