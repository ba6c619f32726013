/* cli/db_open.h: open the configured database and bring its schema up to
 * date, for every command that uses one. */
#ifndef TANDEM_CLI_DB_OPEN_H
#define TANDEM_CLI_DB_OPEN_H

#include "base/config.h"
#include "store/db.h"

/* cli_open_db: open cfg->db and apply pending migrations; print the
 * problem and return NULL on failure. *applied (may be NULL) counts the
 * migrations run. Close the result with db_close(). */
struct db *cli_open_db(const struct config *cfg, const char *cmd,
                       int *applied);

#endif
