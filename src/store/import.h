/* store/import.h: what the bulk import asks of the store beyond the
 * people rows of store/people.h. */
#ifndef TANDEM_STORE_IMPORT_H
#define TANDEM_STORE_IMPORT_H

#include "store/db.h"

/* store_import_tune: prepare this connection for one large transaction:
 * on SQLite a page cache of 64 MiB, so a 100,000-row import does not spill
 * pages to disk mid-transaction; nothing on PostgreSQL. 0 or ERR_DB. */
int store_import_tune(struct db *db);

#endif
