/* migrate.h: the schema's versioned migrations, built into the binary. */
#ifndef TANDEM_STORE_MIGRATE_H
#define TANDEM_STORE_MIGRATE_H

#include "store/db.h"

/* store_migrate: apply every migration newer than the database's version,
 * all in one transaction. Sets *applied to how many ran (may be NULL).
 * ERR_DB on failure (nothing applied); ERR_CONFLICT if the database is
 * newer than this binary. */
int store_migrate(struct db *db, int *applied);
/* store_schema_version: the newest migration this binary knows. */
int store_schema_version(void);

#endif
