/* cli/commands.h: every subcommand of tandem. */
#ifndef TANDEM_CLI_COMMANDS_H
#define TANDEM_CLI_COMMANDS_H

#include "cli/cli.h"

extern const struct cli_cmd cmd_serve_def, cmd_init_def, cmd_demo_def,
    cmd_user_def, cmd_copy_def, cmd_apikey_def;
extern const struct cli_cmd cmd_import_def, cmd_export_def;
extern const struct cli_cmd cmd_year_def;
extern const struct cli_cmd cmd_scheme_def;
extern const struct cli_cmd cmd_applications_def;
extern const struct cli_cmd cmd_pairings_def;
extern const struct cli_cmd cmd_training_def;
extern const struct cli_cmd cmd_match_def;
extern const struct cli_cmd cmd_jobs_def;

/* tandem match-file: solve a matching instance read from a file
 * (cli/cmd_match_file.c). argv[0] is "match-file"; returns the exit code. */
int cmd_match_file(int argc, char **argv);

#endif
