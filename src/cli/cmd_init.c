/* tandem init and tandem demo: create a database; fill it with demo
 * accounts. */
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/accounts.h"
#include "domain/system.h"

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

#define DEMO_PASSWORD "mentoring-demo"

static const struct {
  const char *email, *name;
  unsigned roles;
} demo_people[] = {
    {"admin@demo.ac.uk", "Alex Morgan", ROLE_ADMIN},
    {"coordinator@demo.ac.uk", "Priya Raman", ROLE_COORDINATOR},
    {"champion@demo.ac.uk", "Dr Tomasz Nowak", ROLE_CHAMPION},
    {"student@demo.ac.uk", "Amara Okafor", ROLE_STUDENT},
};

static int run_demo(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct cli c;
  struct db *db;
  int rc, made = 0;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos) {
    fprintf(stderr, "tandem demo: unexpected argument %s\n", c.pos[0]);
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "demo", NULL)))
    return 1;
  for (size_t i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]); i++) {
    struct err_detail why = {"", ""};
    struct user u;

    if (account_by_email(db, demo_people[i].email, &u) == 0)
      continue; /* already there: demo is safe to run again */
    rc = account_create(db, 0, "cli", demo_people[i].email,
                        demo_people[i].name, DEMO_PASSWORD,
                        demo_people[i].roles, NULL, &why);
    if (rc) {
      fprintf(stderr, "tandem demo: cannot create %s: %s\n",
              demo_people[i].email, why.msg[0] ? why.msg : "database error");
      db_close(db);
      return 1;
    }
    made++;
  }
  db_close(db);
  printf("Demo database %s: %d account%s created.\n\nSign in with any of "
         "these (password \"%s\"):\n",
         c.cfg.db, made, made == 1 ? "" : "s", DEMO_PASSWORD);
  for (size_t i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]); i++)
    printf("  %-26s %s\n", demo_people[i].email,
           role_label(demo_people[i].roles));
  return 0;
}

const struct cli_cmd cmd_demo_def = {
    .name = "demo",
    .summary = "Create a demo database, with an account for each role. "
               "Prints their sign-ins\nand is safe to run again.",
    .usage = "demo [--db PATH|URL]",
    .run = run_demo,
};
