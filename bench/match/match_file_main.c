/* match_file_main.c: `tandem match-file` as a stand-alone program, so the
 * benchmark builds without Meson. Benchmark-only. */
int cmd_match_file(int argc, char **argv);

int main(int argc, char **argv)
{
  argv[0] = "match-file";
  return cmd_match_file(argc, argv);
}
