/* tandem applications export: a scheme's mentor applications as CSV on
 * standard output, one row per application with the answers as columns
 * (formula cells neutralised, as every Tandem export does). */
#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/applications.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_stdout(void *ctx, const void *bytes, size_t n)
{
  return fwrite(bytes, 1, n, ctx) == n ? 0 : -1;
}

static int run_applications(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct scheme_row *s;
  const char *scheme, *state, *format;
  int64_t scheme_id;
  struct db *db;
  struct cli c;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  scheme = cli_opt(cmd, &c, "scheme");
  state = cli_opt(cmd, &c, "state");
  format = cli_opt(cmd, &c, "format");
  if (c.npos != 1 || !str_eq(c.pos[0], "export") || !scheme) {
    fprintf(stderr, "usage: tandem applications export --scheme ID "
                    "[--state STATE] [--format csv] [--db PATH]\n");
    return 2;
  }
  if (!str_to_i64(scheme, 1, INT64_MAX, &scheme_id)) {
    fprintf(stderr, "tandem applications: --scheme takes a scheme's id "
                    "(a number)\n");
    return 2;
  }
  if (state && !application_state_valid(state)) {
    fprintf(stderr, "tandem applications: --state is one of submitted, "
                    "under_review, interview, offered, accepted, rejected, "
                    "withdrawn\n");
    return 2;
  }
  if (format && !str_eq(format, "csv")) {
    fprintf(stderr, "tandem applications: the only format is csv\n");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "applications", NULL)))
    return 1;
  s = malloc(sizeof(*s));
  rc = scheme_get(db, scheme_id, s);
  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem applications: there is no scheme %lld\n",
            (long long)scheme_id);
    free(s);
    db_close(db);
    return 1;
  }
  if (rc == 0)
    rc = applications_export_csv(db, scheme_id, state ? state : "",
                                 write_stdout, stdout);
  free(s);
  db_close(db);
  if (fflush(stdout) != 0)
    rc = rc ? rc : ERR_IO;
  if (rc) {
    fprintf(stderr, "tandem applications: %s\n",
            rc == ERR_IO ? "cannot write the output"
                         : "database error (see the log)");
    return 1;
  }
  return 0;
}

const struct cli_cmd cmd_applications_def = {
    .name = "applications",
    .summary = "Export a scheme's mentor applications as CSV.\n\n"
               "  tandem applications export --scheme ID [--state STATE] "
               "[--format csv]\n\n"
               "One row per application, with the answers to the scheme's "
               "questions as\ncolumns, written to standard output.",
    .usage = "applications export --scheme ID [--state STATE] [--format csv]",
    .opts = {{"scheme", true, "the scheme's id"},
             {"state", true, "only applications in this state"},
             {"format", true, "csv (the only format)"}},
    .run = run_applications,
};
