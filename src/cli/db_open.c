#include "cli/db_open.h"

#include "domain/system.h"

#include <stdio.h>

struct db *cli_open_db(const struct config *cfg, const char *cmd,
                       int *applied)
{
  struct db *db;
  char err[512];
  int rc;

  if (db_open(cfg->db, &db, err, sizeof(err))) {
    fprintf(stderr, "tandem %s: %s\n", cmd, err);
    return NULL;
  }
  if ((rc = system_prepare(db, applied))) {
    fprintf(stderr, "tandem %s: cannot bring the database %s up to date "
                    "(%s); see the log above\n",
            cmd, cfg->db, rc == -4 ? "it is newer than this tandem"
                                   : "migration failed");
    db_close(db);
    return NULL;
  }
  return db;
}
