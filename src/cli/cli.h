/* cli/cli.h: what every subcommand shares: its description for --help,
 * and the parsing of flags over TANDEM_* variables over a config file. */
#ifndef TANDEM_CLI_CLI_H
#define TANDEM_CLI_CLI_H

#include "base/config.h"

#include <stdbool.h>

enum { CLI_OPTS_MAX = 8, CLI_POS_MAX = 16, CLI_REPEAT_MAX = 8 };

/* An option of one command that is not a setting (e.g. user add --role). */
struct cli_opt {
  const char *name; /* without the dashes */
  bool has_arg;
  const char *help;
};

struct cli_cmd {
  const char *name, *summary, *usage;
  const char *const *settings; /* config keys the command takes, NULL-ended */
  struct cli_opt opts[CLI_OPTS_MAX];
  int (*run)(struct cli_cmd const *cmd, int argc, char **argv);
};

/* A parsed command line. */
struct cli {
  struct config cfg;
  /* Values of the command's own options; an option may repeat. */
  const char *opt[CLI_OPTS_MAX][CLI_REPEAT_MAX];
  int nopt[CLI_OPTS_MAX];
  char *pos[CLI_POS_MAX];
  int npos;
};

/* cli_parse: build c from defaults, the config file (--config or
 * TANDEM_CONFIG), the environment and argv (argv[0] is the command).
 * Prints the help and returns 1 for --help; prints a message and returns
 * 2 for a bad command line; 0 otherwise. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli *c);
/* cli_opt: the first value of the command's option name, or NULL. */
const char *cli_opt(const struct cli_cmd *cmd, const struct cli *c,
                    const char *name);
/* cli_help: print a command's help to stdout. */
void cli_help(const struct cli_cmd *cmd);
/* cli_setup: set the log level from c and start the domain (libsodium).
 * Prints the problem and returns false if that fails. */
bool cli_setup(const struct cli *c);

#endif
