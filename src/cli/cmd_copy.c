/* tandem copy: move a whole installation between databases. */
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/copy.h"

#include <stdio.h>

static int run_copy(const struct cli_cmd *cmd, int argc, char **argv)
{
  const char *from_url, *to_url;
  struct err_detail why = {"", ""};
  struct copy_report rep;
  struct db *from, *to;
  struct cli c;
  int64_t total = 0;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  from_url = cli_opt(cmd, &c, "from");
  to_url = cli_opt(cmd, &c, "to");
  if (!from_url || !to_url || c.npos) {
    fprintf(stderr, "usage: tandem copy --from SOURCE --to TARGET\n");
    return 2;
  }
  if (!cli_setup(&c))
    return 1;
  /* Both are brought to this tandem's schema first. */
  struct config src = c.cfg, dst = c.cfg;
  snprintf(src.db, sizeof(src.db), "%s", from_url);
  snprintf(dst.db, sizeof(dst.db), "%s", to_url);
  if (!(from = cli_open_db(&src, "copy", NULL)))
    return 1;
  if (!(to = cli_open_db(&dst, "copy", NULL))) {
    db_close(from);
    return 1;
  }
  rc = copy_installation(from, to, &rep, &why);
  for (int i = 0; i < rep.ntables; i++) {
    printf("%-20s %10lld rows  checksum %s  %s\n", rep.tables[i].name,
           (long long)rep.tables[i].rows, rep.tables[i].checksum,
           rep.tables[i].verified ? "verified" : "DIFFERENT");
    total += rep.tables[i].rows;
  }
  db_close(from);
  db_close(to);
  if (rc) {
    fprintf(stderr, "tandem copy: %s\n",
            why.msg[0] ? why.msg : "database error (see the log); nothing "
                                   "was copied");
    return rc == ERR_CONFLICT ? 2 : 1;
  }
  printf("Copied %lld rows in %d tables from %s to %s; every table "
         "verified.\n",
         (long long)total, rep.ntables, from_url, to_url);
  return 0;
}

const struct cli_cmd cmd_copy_def = {
    .name = "copy",
    .summary = "Copy a whole installation into an empty database, verified by "
               "row counts and\nchecksums: for example from SQLite to "
               "PostgreSQL when a university outgrows\none machine. Nothing is "
               "written unless every table reads back the same.",
    .usage = "copy --from sqlite:tandem.db --to postgres://user@host/tandem",
    .opts = {{"from", true, "the database to copy (a SQLite path, "
                            "sqlite:PATH, or a postgres:// URL)"},
             {"to", true, "the empty database to copy into"}},
    .run = run_copy,
};
