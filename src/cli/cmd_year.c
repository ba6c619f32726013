/* tandem year close: the academic-year rollover from the command line
 * (domain/rollover.h): close a year's schemes, tell open applicants and
 * mentees, copy the published schemes into the next year as drafts. With
 * --dry-run it prints the plan and changes nothing. */
#include "base/err.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/rollover.h"

#include <stdio.h>
#include <string.h>

static void print_result(const struct rollover_result *res)
{
  bool dry = res->dry_run;

  printf("%s %s into %s%s\n", dry ? "Plan: close" : "Closed", res->from,
         res->to, dry ? " (dry run: nothing changed)" : "");
  for (int i = 0; i < res->nitems; i++) {
    const struct rollover_item *it = &res->items[i];

    printf("  scheme %lld  %-9s  %s", (long long)it->scheme.id,
           it->scheme.status, it->scheme.name);
    printf("\n      %s", rollover_action_label(it->action, dry));
    if (it->action == ROLL_COPY && it->new_id)
      printf(": scheme %lld, %s to %s", (long long)it->new_id,
             it->new_starts_on, it->new_ends_on);
    else if (it->action == ROLL_COPY)
      printf(": %s to %s", it->new_starts_on, it->new_ends_on);
    else if (it->action == ROLL_HAS_COPY)
      printf(": scheme %lld", (long long)it->new_id);
    printf("\n");
  }
  printf("%s: %d closed, %d copied, %d not copied again, %d notices "
         "(%d to applicants, %d to mentees)\n",
         dry ? "Would do" : "Done", res->nclosed, res->ncopied,
         res->nskipped, res->nnotices, res->napplications, res->nsignups);
  if (res->institution_moves)
    printf("Institution's academic year: %s..%s %s %s..%s\n",
           res->year_starts_on, res->year_ends_on,
           dry ? "would become" : "is now", res->next_starts_on,
           res->next_ends_on);
  else
    printf("Institution's academic year: not %s, left as it is\n",
           res->from);
}

static int run_year(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct err_detail why = {"", ""};
  struct rollover_result res;
  const char *from, *to;
  bool dry;
  struct db *db;
  struct cli c;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  from = cli_opt(cmd, &c, "from");
  to = cli_opt(cmd, &c, "to");
  dry = cli_opt(cmd, &c, "dry-run") != NULL;
  if (c.npos != 1 || strcmp(c.pos[0], "close") != 0 || !from || !to) {
    fprintf(stderr, "usage: tandem year close --from 2026/27 --to 2027/28 "
                    "[--dry-run]\n");
    return 2;
  }
  if (!cli_setup(&c))
    return 1;
  if (!(db = cli_open_db(&c.cfg, "year", NULL)))
    return 1;
  rc = rollover_run(db, 0, "cli", from, to, dry, &res, &why);
  db_close(db);
  if (rc) {
    fprintf(stderr, "tandem year close: %s\n",
            why.msg[0] ? why.msg : "database error (see the log)");
    rollover_result_free(&res);
    return rc == ERR_INPUT || rc == ERR_NOTFOUND ? 2 : 1;
  }
  print_result(&res);
  rollover_result_free(&res);
  return 0;
}

const struct cli_cmd cmd_year_def = {
    .name = "year",
    .summary = "Close an academic year: its schemes close, applicants and "
               "mentees are told by\nemail, and its published schemes are "
               "copied into the next year as drafts\n(with their courses, "
               "staff, rules, topics, materials, questions and rubric).\n"
               "The institution's academic year moves on. --dry-run prints "
               "the plan only.",
    .usage = "year close --from 2026/27 --to 2027/28 [--dry-run]",
    .opts = {{"from", true, "The year to close, such as 2026/27."},
             {"to", true, "The next year, such as 2027/28."},
             {"dry-run", false, "Print what would be done; change nothing."}},
    .run = run_year,
};
