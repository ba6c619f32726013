/* tandem: one binary, with subcommands. */
#include "base/str.h"
#include "cli/commands.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

static const struct cli_cmd *const commands[] = {
    &cmd_serve_def, &cmd_init_def, &cmd_demo_def, &cmd_user_def,
    &cmd_copy_def, &cmd_import_def, &cmd_export_def,
    &cmd_apikey_def, &cmd_year_def, &cmd_applications_def,
    &cmd_scheme_def, &cmd_training_def, &cmd_pairings_def, &cmd_match_def,
    &cmd_jobs_def,
    NULL};

static void usage(FILE *out)
{
  fprintf(out,
          "Tandem: the peer-mentoring service of a university.\n\n"
          "Usage: tandem COMMAND [options]\n\nCommands:\n");
  for (int i = 0; commands[i]; i++)
    fprintf(out, "  %-13s %.*s\n", commands[i]->name,
            (int)strcspn(commands[i]->summary, ".\n"), commands[i]->summary);
  fprintf(out, "  %-13s %s\n  %-13s %s\n\n", "match-file",
          "Solve a matching instance given as an edge-list file",
          "version", "Print the version");
  fprintf(out, "Every command takes --db PATH (a SQLite file, default "
               "tandem.db) and --help.\n");
}

int main(int argc, char **argv)
{
  int rc = 2;

  if (argc < 2 || str_eq(argv[1], "help") || str_eq(argv[1], "--help") ||
      str_eq(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (str_eq(argv[1], "version") || str_eq(argv[1], "--version")) {
    printf("tandem %s\n", TANDEM_VERSION);
    return 0;
  }
  if (str_eq(argv[1], "match-file"))
    return cmd_match_file(argc - 1, argv + 1);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  for (int i = 0; commands[i]; i++) {
    if (str_eq(argv[1], commands[i]->name)) {
      rc = commands[i]->run(commands[i], argc - 1, argv + 1);
      curl_global_cleanup();
      return rc;
    }
  }
  curl_global_cleanup();
  fprintf(stderr, "tandem: unknown command \"%s\"\n\n", argv[1]);
  usage(stderr);
  return 2;
}
