/* tandem init and tandem demo: create a database; fill it with the demo
 * university and its accounts. */
#include "cli/commands.h"
#include "cli/db_open.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/demo.h"
#include "domain/system.h"

#include <stdint.h>
#include <stdio.h>

static int run_init(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct cli c;
  struct db *db;
  int rc, applied;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos) {
    fprintf(stderr, "tandem init: unexpected argument %s\n", c.pos[0]);
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "init", &applied)))
    return 1;
  db_close(db);
  if (applied)
    printf("%s: schema brought to version %d (%d migration%s applied).\n",
           c.cfg.db, schema_version(), applied,
           applied == 1 ? "" : "s");
  else
    printf("%s: already up to date (schema version %d).\n", c.cfg.db,
           schema_version());
  return 0;
}

const struct cli_cmd cmd_init_def = {
    .name = "init",
    .summary = "Create an empty Tandem database, or bring an existing one up "
               "to date.",
    .usage = "init --db PATH|URL",
    .run = run_init,
};

/* ------------------------------------------------------------------- demo */

/* A number option of demo, or def when absent; -1 (after a message) when
 * it is not a whole number from min to max. */
static int64_t number_opt(const struct cli_cmd *cmd, const struct cli *c,
                          const char *name, int64_t min, int64_t max,
                          int64_t def)
{
  const char *v = cli_opt(cmd, c, name);
  int64_t n;

  if (!v)
    return def;
  if (!str_to_i64(v, min, max, &n)) {
    fprintf(stderr,
            "tandem demo: --%s must be a whole number from %lld to %lld\n",
            name, (long long)min, (long long)max);
    return -1;
  }
  return n;
}

static void print_tally(const char *what, int n, const struct demo_tally *t)
{
  printf("  %-10s %6d  (%d created, %d updated, %d unchanged)\n", what, n,
         t->created, t->updated, t->unchanged);
}

static int run_demo(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct cli c;
  struct db *db;
  struct err_detail why = {"", ""};
  struct demo_report rep;
  int64_t students, seed, t0;
  int rc, made = 0;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos) {
    fprintf(stderr, "tandem demo: unexpected argument %s\n", c.pos[0]);
    return 2;
  }
  students = number_opt(cmd, &c, "students", 1, DEMO_STUDENTS_MAX,
                        DEMO_STUDENTS_DEFAULT);
  seed = number_opt(cmd, &c, "seed", 0, INT64_MAX, DEMO_SEED_DEFAULT);
  if (students < 0 || seed < 0)
    return 2;
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "demo", NULL)))
    return 1;
  if ((rc = demo_create_accounts(db, &made, &why))) {
    fprintf(stderr, "tandem demo: cannot create the demo accounts: %s\n",
            why.msg[0] ? why.msg : err_str(rc));
    db_close(db);
    return 1;
  }
  t0 = clock_us();
  rc = demo_build(db, (int)students, (uint64_t)seed, &rep, &why);
  db_close(db);
  if (rc) {
    fprintf(stderr, "tandem demo: cannot build the demo university: %s%s%s\n",
            why.field[0] ? why.field : "", why.field[0] ? ": " : "",
            why.msg[0] ? why.msg : err_str(rc));
    return 1;
  }
  printf("Demo database %s: %d account%s created.\n", c.cfg.db, made,
         made == 1 ? "" : "s");
  printf("Demo University, seed %lld, built in %.1f s:\n", (long long)seed,
         (double)(clock_us() - t0) / 1e6);
  print_tally("faculties", rep.faculties.created + rep.faculties.updated +
                               rep.faculties.unchanged,
              &rep.faculties);
  print_tally("courses", rep.courses.created + rep.courses.updated +
                             rep.courses.unchanged,
              &rep.courses);
  print_tally("staff",
              rep.staff.created + rep.staff.updated + rep.staff.unchanged,
              &rep.staff);
  print_tally("students", rep.students.created + rep.students.updated +
                              rep.students.unchanged,
              &rep.students);
  printf("  %d international, %d offer holders, %d alumni; %d interests, "
         "%d terms.\n",
         rep.international, rep.incoming, rep.graduated, rep.interests,
         rep.terms);
  printf("\nSign in with any of these (password \"%s\"):\n", DEMO_PASSWORD);
  for (int i = 0; i < demo_naccounts; i++)
    printf("  %-26s %-18s %s: %s\n", demo_accounts[i].email,
           role_label(demo_accounts[i].roles), demo_accounts[i].name,
           demo_accounts[i].about);
  return 0;
}

const struct cli_cmd cmd_demo_def = {
    .name = "demo",
    .summary = "Create a demo database: a university with faculties, courses, "
               "staff and students,\nand an account for each role. Prints "
               "their sign-ins and is safe to run again.",
    .usage = "demo [--db PATH|URL] [--students N] [--seed S]",
    .opts = {{"students", true,
              "how many students (default 300; make run asks for 30000)"},
             {"seed", true,
              "the random seed: the same seed and number give the same "
              "university (default 2026)"}},
    .run = run_demo,
};
