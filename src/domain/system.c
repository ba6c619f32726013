#include "domain/system.h"

#include "store/migrate.h"

void system_health(struct db *db, struct health *h)
{
  h->db_ok = db && db_ping(db) == 0;
  h->schema_version = store_schema_version();
}

int system_prepare(struct db *db, int *applied)
{
  return store_migrate(db, applied);
}

int schema_version(void)
{
  return store_schema_version();
}
