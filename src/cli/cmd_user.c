/* tandem user: accounts from the command line, for administrators'
 * scripts: add, list, roles, password, activate, deactivate. */
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The roles given by --role (repeatable, or comma-separated). 0 with a
 * message when one is unknown. */
static bool parse_roles(const struct cli *c, int opt, unsigned *out)
{
  *out = 0;
  for (int i = 0; i < c->nopt[opt]; i++) {
    char list[128], *save = NULL;

    str_copy(list, sizeof(list), c->opt[opt][i]);
    for (char *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      unsigned r = role_parse(str_trim(tok));

      if (!r) {
        fprintf(stderr, "tandem user: unknown role \"%s\" (use admin, "
                        "coordinator, champion or student)\n",
                tok);
        return false;
      }
      *out |= r;
    }
  }
  return true;
}

/* The password to set: from standard input with --password-stdin, from
 * TANDEM_PASSWORD, or a new random one that is printed. */
static bool get_password(const struct cli_cmd *cmd, const struct cli *c,
                         char *out, size_t n, bool *generated)
{
  const char *env = getenv("TANDEM_PASSWORD");

  *generated = false;
  if (cli_opt(cmd, c, "password-stdin")) {
    if (!fgets(out, (int)n, stdin)) {
      fprintf(stderr, "tandem user: no password on standard input\n");
      return false;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return true;
  }
  if (env && *env)
    return str_copy(out, n, env);
  random_token(out);
  out[20] = '\0'; /* 120 random bits: plenty, and easier to type */
  *generated = true;
  return true;
}

static void print_user(const struct user *u)
{
  printf("%-6lld %-32s %-24s %s", (long long)u->id, u->email, u->name,
         u->active ? "" : "(deactivated) ");
  for (unsigned bit = 1; bit <= ROLE_STUDENT; bit <<= 1)
    if (u->roles & bit)
      printf("%s ", role_name(bit));
  printf("\n");
}

static int user_add(const struct cli_cmd *cmd, struct cli *c, struct db *db)
{
  struct err_detail why = {"", ""};
  char password[PASSWORD_MAX + 2];
  const char *name = cli_opt(cmd, c, "name");
  bool generated;
  unsigned roles;
  struct user u;
  int rc;

  if (c->npos != 2) {
    fprintf(stderr, "usage: tandem user add --role ROLE [--name NAME] EMAIL\n");
    return 2;
  }
  if (!parse_roles(c, 0, &roles))
    return 2;
  if (!roles) {
    fprintf(stderr, "tandem user add: give at least one --role\n");
    return 2;
  }
  if (!get_password(cmd, c, password, sizeof(password), &generated))
    return 2;
  if (!name) {
    static char local[EMAIL_MAX + 1];

    str_copy(local, sizeof(local), c->pos[1]);
    local[strcspn(local, "@")] = '\0';
    name = local;
  }
  rc = account_create(db, 0, "cli", c->pos[1], name, password, roles, &u,
                      &why);
  if (rc) {
    fprintf(stderr, "tandem user add: %s\n",
            why.msg[0] ? why.msg : "database error (see the log)");
    return rc == ERR_INPUT || rc == ERR_CONFLICT ? 2 : 1;
  }
  print_user(&u);
  if (generated)
    printf("password: %s\n", password);
  return 0;
}

static int user_list(struct db *db)
{
  enum { PAGE = 200 };
  struct user *rows = calloc(PAGE, sizeof(*rows));
  int64_t total;
  int n, rc = 0;

  for (int off = 0;; off += PAGE) {
    if ((rc = account_list(db, off, PAGE, rows, &n, &total)))
      break;
    for (int i = 0; i < n; i++)
      print_user(&rows[i]);
    if (n < PAGE)
      break;
  }
  free(rows);
  return rc ? 1 : 0;
}

static int find(struct db *db, const char *email, struct user *u)
{
  int rc = account_by_email(db, email, u);

  if (rc == ERR_NOTFOUND)
    fprintf(stderr, "tandem user: no account with email %s\n", email);
  else if (rc)
    fprintf(stderr, "tandem user: database error (see the log)\n");
  return rc;
}

static int user_change(const struct cli_cmd *cmd, struct cli *c,
                       struct db *db)
{
  const char *verb = c->pos[0];
  struct err_detail why = {"", ""};
  struct user u;
  int rc;

  if (c->npos != 2) {
    fprintf(stderr, "usage: tandem user %s EMAIL\n", verb);
    return 2;
  }
  if (find(db, c->pos[1], &u))
    return 1;
  if (str_eq(verb, "roles")) {
    unsigned roles;

    if (!parse_roles(c, 0, &roles))
      return 2;
    rc = account_set_roles(db, 0, "cli", u.id, roles, &why);
  } else if (str_eq(verb, "password")) {
    char password[PASSWORD_MAX + 2];
    bool generated;

    if (!get_password(cmd, c, password, sizeof(password), &generated))
      return 2;
    rc = account_set_password(db, 0, "cli", u.id, password, &why);
    if (rc == 0 && generated)
      printf("password: %s\n", password);
  } else {
    rc = account_set_active(db, 0, "cli", u.id, str_eq(verb, "activate"),
                            &why);
  }
  if (rc) {
    fprintf(stderr, "tandem user %s: %s\n", verb,
            why.msg[0] ? why.msg : "database error (see the log)");
    return rc == ERR_INPUT || rc == ERR_CONFLICT ? 2 : 1;
  }
  if (account_get(db, u.id, &u) == 0)
    print_user(&u);
  return 0;
}

static int run_user(const struct cli_cmd *cmd, int argc, char **argv)
{
  static const char *const verbs[] = {"add",    "list",     "roles",
                                      "password", "activate", "deactivate"};
  struct cli c;
  struct db *db;
  bool known = false;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  for (size_t i = 0; c.npos && i < sizeof(verbs) / sizeof(verbs[0]); i++)
    known |= str_eq(c.pos[0], verbs[i]);
  if (!known) {
    fprintf(stderr, "tandem user: say what to do: add, list, roles, password, "
                    "activate or deactivate\n(see tandem user --help)\n");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "user", NULL)))
    return 1;
  if (str_eq(c.pos[0], "add"))
    rc = user_add(cmd, &c, db);
  else if (str_eq(c.pos[0], "list"))
    rc = user_list(db);
  else
    rc = user_change(cmd, &c, db);
  db_close(db);
  return rc;
}

const struct cli_cmd cmd_user_def = {
    .name = "user",
    .summary =
        "Manage accounts.\n\n"
        "  tandem user add --role ROLE [--role ROLE] [--name NAME] EMAIL\n"
        "  tandem user list\n"
        "  tandem user roles --role ROLE[,ROLE...] EMAIL   (exactly these)\n"
        "  tandem user password EMAIL\n"
        "  tandem user activate EMAIL | deactivate EMAIL\n\n"
        "Roles: admin, coordinator, champion, student. A new password comes "
        "from\n--password-stdin, else TANDEM_PASSWORD, else a random one is "
        "printed.",
    .usage = "user add|list|roles|password|activate|deactivate [options] "
             "[EMAIL]",
    .opts = {{"role", true, "a role: admin, coordinator, champion, student "
                            "(repeatable, or comma-separated)"},
             {"name", true, "the person's full name (user add)"},
             {"password-stdin", false,
              "read the password from the first line of standard input"}},
    .run = run_user,
};
