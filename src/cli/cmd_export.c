/* tandem export: faculties, courses, staff or students as CSV, in exactly
 * the format tandem import reads. */
#include "base/err.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/import.h"

#include <stdio.h>
#include <string.h>

static int write_file(void *ctx, const void *bytes, size_t n)
{
  return fwrite(bytes, 1, n, ctx) == n ? 0 : -1;
}

static int run_export(const struct cli_cmd *cmd, int argc, char **argv)
{
  enum import_kind kind;
  struct db *db;
  struct cli c;
  FILE *f;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos != 2 || !import_kind_parse(c.pos[0], &kind)) {
    fprintf(stderr, "usage: tandem export students|staff|courses|faculties "
                    "FILE.csv [--db PATH]\n");
    return 2;
  }
  if (!cli_setup(&c))
    return 1;
  if (!(db = cli_open_db(&c.cfg, "export", NULL)))
    return 1;
  f = strcmp(c.pos[1], "-") == 0 ? stdout : fopen(c.pos[1], "wb");
  if (!f) {
    fprintf(stderr, "tandem export: cannot write %s\n", c.pos[1]);
    db_close(db);
    return 1;
  }
  rc = export_csv(db, kind, write_file, f);
  db_close(db);
  if ((f != stdout && fclose(f) != 0) || (f == stdout && fflush(f) != 0))
    rc = rc ? rc : ERR_IO;
  if (rc) {
    fprintf(stderr, "tandem export: %s\n",
            rc == ERR_IO ? "cannot write the file" : "database error (see "
                                                     "the log)");
    if (f != stdout)
      remove(c.pos[1]);
    return 1;
  }
  return 0;
}

const struct cli_cmd cmd_export_def = {
    .name = "export",
    .summary = "Export students, staff, courses or faculties as CSV in the "
               "format tandem import\nreads (docs/import-format.md), so "
               "export then import into an empty database\nreproduces the "
               "data. FILE may be - for standard output.",
    .usage = "export students|staff|courses|faculties FILE.csv",
    .run = run_export,
};
