/* tandem apikey: API keys from the command line, for administrators'
 * scripts: add (the key is printed once), list, revoke. */
#include "base/clock.h"
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/apikeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_key(const struct apikey_row *k)
{
  char made[32], used[32] = "never";

  clock_format(k->created_at, made, sizeof(made));
  if (k->last_used_at)
    clock_format(k->last_used_at, used, sizeof(used));
  printf("%-6lld tdm_%s_...  %-5s  %-30s created %s  last used %s%s\n",
         (long long)k->id, k->prefix, k->scope, k->name, made, used,
         k->revoked_at ? "  (revoked)" : "");
}

static int apikey_add(const struct cli_cmd *cmd, struct cli *c, struct db *db)
{
  struct err_detail why = {"", ""};
  const char *name = cli_opt(cmd, c, "name");
  const char *scope = cli_opt(cmd, c, "scope");
  char key[APIKEY_LEN + 1];
  struct apikey_row k;
  int rc;

  if (!name || !scope) {
    fprintf(stderr,
            "usage: tandem apikey add --name NAME --scope read|write\n");
    return 2;
  }
  rc = apikey_create(db, 0, "cli", name, scope, key, &k, &why);
  if (rc) {
    fprintf(stderr, "tandem apikey add: %s\n",
            why.msg[0] ? why.msg : "database error (see the log)");
    return rc == ERR_INPUT ? 2 : 1;
  }
  print_key(&k);
  printf("key: %s\n(shown only now: Tandem keeps only its hash)\n", key);
  return 0;
}

static int apikey_list_all(struct db *db)
{
  enum { PAGE = 200 };
  struct apikey_row *rows = calloc(PAGE, sizeof(*rows));
  int n, rc = 0;

  for (int off = 0;; off += PAGE) {
    if ((rc = apikey_list(db, off, PAGE, rows, &n)))
      break;
    for (int i = 0; i < n; i++)
      print_key(&rows[i]);
    if (n < PAGE)
      break;
  }
  free(rows);
  return rc ? 1 : 0;
}

static int apikey_revoke_one(struct cli *c, struct db *db)
{
  struct apikey_row k;
  int64_t id;
  int rc;

  if (c->npos != 2 || !str_to_i64(c->pos[1], 1, INT64_MAX, &id)) {
    fprintf(stderr, "usage: tandem apikey revoke ID\n");
    return 2;
  }
  rc = apikey_revoke(db, 0, "cli", id);
  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem apikey revoke: no live key with id %s\n",
            c->pos[1]);
    return 1;
  }
  if (rc) {
    fprintf(stderr, "tandem apikey revoke: database error (see the log)\n");
    return 1;
  }
  if (apikey_get(db, id, &k) == 0)
    print_key(&k);
  return 0;
}

static int run_apikey(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct cli c;
  struct db *db;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (!c.npos || !(str_eq(c.pos[0], "add") || str_eq(c.pos[0], "list") ||
                   str_eq(c.pos[0], "revoke"))) {
    fprintf(stderr, "tandem apikey: say what to do: add, list or revoke\n"
                    "(see tandem apikey --help)\n");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "apikey", NULL)))
    return 1;
  if (str_eq(c.pos[0], "add"))
    rc = apikey_add(cmd, &c, db);
  else if (str_eq(c.pos[0], "list"))
    rc = apikey_list_all(db);
  else
    rc = apikey_revoke_one(&c, db);
  db_close(db);
  return rc;
}

const struct cli_cmd cmd_apikey_def = {
    .name = "apikey",
    .summary = "Manage keys for the JSON API.\n\n"
               "  tandem apikey add --name NAME --scope read|write\n"
               "  tandem apikey list\n"
               "  tandem apikey revoke ID\n\n"
               "The new key is printed once; Tandem keeps only its hash.",
    .usage = "apikey add|list|revoke [options] [ID]",
    .opts = {{"name", true, "what uses the key (apikey add)"},
             {"scope", true, "read, or write (which includes read)"}},
    .run = run_apikey,
};
