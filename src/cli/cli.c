#include "cli/cli.h"

#include "base/log.h"
#include "base/str.h"
#include "domain/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool takes_setting(const struct cli_cmd *cmd, const char *key)
{
  if (str_eq(key, "db") || str_eq(key, "log_level"))
    return true; /* every command */
  for (const char *const *s = cmd->settings; s && *s; s++)
    if (str_eq(*s, key))
      return true;
  return false;
}

void cli_help(const struct cli_cmd *cmd)
{
  printf("Usage: tandem %s\n\n%s\n\nOptions:\n", cmd->usage, cmd->summary);
  for (int i = 0; i < CLI_OPTS_MAX && cmd->opts[i].name; i++)
    printf("  --%s%s\n      %s\n", cmd->opts[i].name,
           cmd->opts[i].has_arg ? " VALUE" : "", cmd->opts[i].help);
  for (const struct config_key *k = config_keys; k->name; k++) {
    char flag[64];

    if (!takes_setting(cmd, k->name))
      continue;
    str_copy(flag, sizeof(flag), k->name);
    for (char *p = flag; *p; p++)
      if (*p == '_')
        *p = '-';
    printf("  --%s%s\n      %s\n", flag, k->type == 'b' ? "" : " VALUE",
           k->help);
  }
  printf("  --config FILE\n      read settings from FILE (\"key = value\" "
         "lines)\n  -h, --help\n      show this help\n\n"
         "Every setting can also come from a TANDEM_<SETTING> environment "
         "variable\n(TANDEM_DB, TANDEM_PORT, ...); flags win over the "
         "environment, which wins\nover the config file.\n");
}

static int own_opt(const struct cli_cmd *cmd, const char *name)
{
  for (int i = 0; i < CLI_OPTS_MAX && cmd->opts[i].name; i++)
    if (str_eq(cmd->opts[i].name, name))
      return i;
  return -1;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli *c)
{
  const char *config_file = getenv("TANDEM_CONFIG");
  char err[512];
  int i;

  memset(c, 0, sizeof(*c));
  config_defaults(&c->cfg);
  for (i = 1; i < argc; i++) {
    if (str_eq(argv[i], "-h") || str_eq(argv[i], "--help")) {
      cli_help(cmd);
      return 1;
    }
    if (str_eq(argv[i], "--config") && i + 1 < argc)
      config_file = argv[++i];
    else if (str_starts(argv[i], "--config="))
      config_file = argv[i] + strlen("--config=");
  }
  if (config_file && config_load_file(&c->cfg, config_file, err, sizeof(err))) {
    fprintf(stderr, "tandem %s: %s\n", cmd->name, err);
    return 2;
  }
  if (config_load_env(&c->cfg, err, sizeof(err))) {
    fprintf(stderr, "tandem %s: %s\n", cmd->name, err);
    return 2;
  }
  for (i = 1; i < argc; i++) {
    char name[64];
    const char *arg = argv[i], *eq, *value = NULL;
    const struct config_key *k;
    int o;

    if (!str_starts(arg, "--") || str_eq(arg, "--")) {
      if (str_eq(arg, "--") && i + 1 < argc)
        arg = argv[++i];
      if (c->npos >= CLI_POS_MAX) {
        fprintf(stderr, "tandem %s: too many arguments\n", cmd->name);
        return 2;
      }
      c->pos[c->npos++] = argv[i];
      continue;
    }
    eq = strchr(arg, '=');
    str_copy(name, sizeof(name), arg + 2);
    if (eq) {
      name[eq - arg - 2 < (long)sizeof(name) ? eq - arg - 2 : 0] = '\0';
      value = eq + 1;
    }
    if (str_eq(name, "config")) {
      i += !eq;
      continue;
    }
    k = config_find(name);
    o = own_opt(cmd, name);
    if (k && takes_setting(cmd, k->name)) {
      if (!value && k->type == 'b')
        value = "true";
      if (!value && i + 1 >= argc) {
        fprintf(stderr, "tandem %s: --%s needs a value\n", cmd->name, name);
        return 2;
      }
      if (!value)
        value = argv[++i];
      if (config_set(&c->cfg, k, value, err, sizeof(err))) {
        fprintf(stderr, "tandem %s: --%s\n", cmd->name, err);
        return 2;
      }
    } else if (o >= 0) {
      if (cmd->opts[o].has_arg && !value) {
        if (i + 1 >= argc) {
          fprintf(stderr, "tandem %s: --%s needs a value\n", cmd->name, name);
          return 2;
        }
        value = argv[++i];
      }
      if (c->nopt[o] >= CLI_REPEAT_MAX) {
        fprintf(stderr, "tandem %s: --%s given too often\n", cmd->name, name);
        return 2;
      }
      c->opt[o][c->nopt[o]++] = value ? value : "";
    } else {
      fprintf(stderr, "tandem %s: unknown option --%s (see tandem %s --help)\n",
              cmd->name, name, cmd->name);
      return 2;
    }
  }
  return 0;
}

const char *cli_opt(const struct cli_cmd *cmd, const struct cli *c,
                    const char *name)
{
  int o = own_opt(cmd, name);

  return o >= 0 && c->nopt[o] ? c->opt[o][0] : NULL;
}

bool cli_setup(const struct cli *c)
{
  int level = log_parse_level(c->cfg.log_level);

  if (level < 0) {
    fprintf(stderr, "tandem: --log-level must be debug, info, warn or "
                    "error\n");
    return false;
  }
  log_set_level((enum log_level)level);
  if (accounts_init(&c->cfg)) {
    fprintf(stderr, "tandem: libsodium could not start\n");
    return false;
  }
  return true;
}
