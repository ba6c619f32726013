/* tandem import: faculties, courses, staff or students from a CSV file. */
#include "base/err.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/import.h"

#include <stdio.h>
#include <string.h>

static int run_import(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct import_report rep;
  enum import_kind kind;
  struct db *db;
  struct cli c;
  FILE *f;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos != 2 || !import_kind_parse(c.pos[0], &kind)) {
    fprintf(stderr, "usage: tandem import students|staff|courses|faculties "
                    "FILE.csv [--db PATH]\n");
    return 2;
  }
  if (!cli_setup(&c))
    return 1;
  f = strcmp(c.pos[1], "-") == 0 ? stdin : fopen(c.pos[1], "rb");
  if (!f) {
    fprintf(stderr, "tandem import: cannot read %s\n", c.pos[1]);
    return 1;
  }
  if (!(db = cli_open_db(&c.cfg, "import", NULL))) {
    if (f != stdin)
      fclose(f);
    return 1;
  }
  rc = import_stream(db, kind, f, &rep);
  if (f != stdin)
    fclose(f);
  db_close(db);
  if (rc == ERR_INPUT) {
    for (int i = 0; i < rep.nerrors; i++)
      fprintf(stderr, "%s:%lld:%s%s %s\n", c.pos[1],
              (long long)rep.errors[i].line, rep.errors[i].column,
              rep.errors[i].column[0] ? ":" : "", rep.errors[i].msg);
    if (rep.nerrors_total > rep.nerrors)
      fprintf(stderr, "... and %lld more errors.\n",
              (long long)(rep.nerrors_total - rep.nerrors));
    fprintf(stderr,
            "tandem import: %lld %s in %lld rows; nothing was imported.\n",
            (long long)rep.nerrors_total,
            rep.nerrors_total == 1 ? "error" : "errors", (long long)rep.rows);
    import_report_free(&rep);
    return 2;
  }
  if (rc) {
    fprintf(stderr, "tandem import: %s; nothing was imported (see the "
                    "log).\n",
            rc == ERR_IO ? "the file could not be read" : "database error");
    import_report_free(&rep);
    return 1;
  }
  printf("Imported %lld %s from %s: %lld created, %lld updated, %lld "
         "unchanged.\n",
         (long long)rep.rows, import_kind_name(kind), c.pos[1],
         (long long)rep.created, (long long)rep.updated,
         (long long)rep.unchanged);
  import_report_free(&rep);
  return 0;
}

const struct cli_cmd cmd_import_def = {
    .name = "import",
    .summary = "Import students, staff, courses or faculties from a CSV file "
               "(docs/import-format.md).\nAll or nothing: every bad row is "
               "listed with its line and column, and then nothing\nis "
               "written. Records are matched by number or code; importing "
               "the same file again\nchanges nothing. FILE may be - for "
               "standard input. Exit status 2 when rows are bad.",
    .usage = "import students|staff|courses|faculties FILE.csv",
    .run = run_import,
};
