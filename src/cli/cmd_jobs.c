/* tandem jobs: the background jobs queue (domain/jobs.h), for an
 * administrator to see what every node has taken and done; --run takes and
 * runs the queued jobs here once (for an installation without a serving
 * node, or from cron). */
#include "base/clock.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/jobs.h"

#include <stdio.h>
#include <stdlib.h>

enum { JOBS_SHOWN = 100 };

static int run_jobs(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct job_row *rows;
  struct db *db;
  struct cli c;
  int rc, n = 0, status = 1;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos != 0) {
    fprintf(stderr, "usage: tandem %s\n", cmd->usage);
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "jobs", NULL)))
    return 1;
  if (cli_opt(cmd, &c, "run")) {
    int ran = 0;
    if (jobs_run_pending(db, clock_now(), 1000, &ran)) {
      fprintf(stderr, "tandem jobs: database error (see the log)\n");
      db_close(db);
      return 1;
    }
    printf("Ran %d job%s.\n", ran, ran == 1 ? "" : "s");
  }
  rows = calloc(JOBS_SHOWN, sizeof(*rows));
  if (!rows || jobs_list(db, rows, JOBS_SHOWN, &n)) {
    fprintf(stderr, "tandem jobs: database error (see the log)\n");
    goto out;
  }
  printf("id\tkind\tref\tstate\tattempts\tnode\terror\n");
  for (int i = 0; i < n; i++)
    printf("%lld\t%s\t%lld\t%s\t%d\t%s\t%s\n", (long long)rows[i].id,
           rows[i].kind, (long long)rows[i].ref_id, rows[i].state,
           rows[i].attempts, rows[i].node, rows[i].error);
  status = fflush(stdout) == 0 ? 0 : 1;
out:
  free(rows);
  db_close(db);
  return status;
}

const struct cli_cmd cmd_jobs_def = {
    .name = "jobs",
    .summary = "List the background jobs (match runs) and who took them.\n\n"
               "Prints the newest 100 jobs, tab-separated: id, kind, what it "
               "works on,\nstate (queued, running, done, failed), attempts, "
               "the node that took it and\nthe error if it failed. --run "
               "first takes and runs every queued job here.",
    .usage = "jobs [--run]",
    .opts = {{"run", false, "run the queued jobs here first"}},
    .run = run_jobs,
};
