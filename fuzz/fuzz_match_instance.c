/* fuzz_match_instance: libFuzzer target for the edge-list parser of
 * `tandem match-file`. The input is fed in two pieces split at a point
 * its first byte chooses, since a piece may end inside a number. A parsed
 * instance must be consistent with its header. */
#include "match/instance.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct match_parser ps;
  struct match_instance in;
  size_t cut;

  if (size < 1)
    return 0;
  cut = size > 1 ? data[0] % size : 0;
  data++, size--;
  if (cut > size)
    cut = size;
  match_parser_init(&ps);
  if (match_parser_feed(&ps, (const char *)data, cut) == 0 &&
      match_parser_feed(&ps, (const char *)data + cut, size - cut) == 0 &&
      match_parser_finish(&ps, &in) == 0) {
    for (size_t i = 0; i < in.n_edges; i++)
      if (in.mentee[i] >= in.n_mentees || in.mentor[i] >= in.n_mentors ||
          in.score[i] < 0 || in.score[i] > MATCH_FILE_SCORE_MAX)
        __builtin_trap();
    for (uint32_t m = 0; m < in.n_mentors; m++)
      if (in.capacity[m] < 0)
        __builtin_trap();
    match_instance_free(&in);
  }
  match_parser_free(&ps);
  return 0;
}
