/* db_backend.h: what a storage engine implements for db.c. Only db.c and
 * the back ends (db_sqlite.c, db_pg.c) include this. */
#ifndef TANDEM_STORE_DB_BACKEND_H
#define TANDEM_STORE_DB_BACKEND_H

#include "store/db.h"

struct db_ops {
  const char *name;
  void (*close)(struct db *db);
  int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
  void (*bind_int)(struct db_stmt *st, int i, int64_t v);
  void (*bind_text)(struct db_stmt *st, int i, const char *s);
  void (*bind_null)(struct db_stmt *st, int i);
  int (*step)(struct db_stmt *st);
  int64_t (*col_int)(struct db_stmt *st, int i);
  const char *(*col_text)(struct db_stmt *st, int i);
  bool (*col_null)(struct db_stmt *st, int i);
  void (*finish)(struct db_stmt *st);
  int64_t (*changes)(struct db *db);
  /* exec: run sql, a script of statements without parameters. */
  int (*exec)(struct db *db, const char *sql);
  const char *begin_sql; /* how this engine starts a write transaction */
  const char *id_column; /* what {{id}} becomes in a migration */
  /* run first in the migration transaction, to serialise nodes migrating
   * at once; NULL when begin_sql already does (SQLite). */
  const char *migrate_lock_sql;
  /* settle: reset statements left running, and end a transaction the
   * engine still has open; the number found. */
  int (*settle)(struct db *db);
  /* wait_notify: as db_wait_notify; NULL when the engine has none. */
  int (*wait_notify)(struct db *db, int timeout_ms);
  int (*notify_fd)(struct db *db);
};

/* The common head of every engine's connection. */
struct db {
  const struct db_ops *ops;
  enum db_engine engine;
  int tx_depth;
  bool tx_failed;
  void (*after_commit[4])(void); /* db_after_commit's, until COMMIT */
};

int db_pg_open(const char *url, struct db **out, char *err, size_t errsize);
int db_sqlite_open(const char *path, struct db **out, char *err,
                   size_t errsize);

#endif
