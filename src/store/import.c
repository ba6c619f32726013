/* store/import.c: the SQL behind store/import.h. */
#include "store/import.h"

int store_import_tune(struct db *db)
{
  if (db_engine(db) != DB_SQLITE)
    return 0;
  return db_exec_script(db, "PRAGMA cache_size = -65536");
}
