/* cmd_match_file.c: `tandem match-file`, the matching engine on a file.
 *
 * Reads an instance in the plain edge-list format (match/instance.h),
 * solves it exactly (match/solve.h), checks the certificate, and prints one
 * JSON line: {"objective": ..., "matched": ..., "read_s": ..., "solve_s":
 * ..., "optimal": true, ...}. With --out, writes "mentee mentor" lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "match/instance.h"
#include "match/solve.h"

int cmd_match_file(int argc, char **argv);

static const char usage[] =
    "usage: tandem match-file INSTANCE [--objective total|cardinality|maxmin]"
    " [--out PAIRS]\n"
    "\n"
    "Assign mentees to mentors optimally and prove it.\n"
    "\n"
    "INSTANCE is a plain edge list (0-based ids, whitespace separated):\n"
    "  n_mentees n_mentors n_edges\n"
    "  cap_0 cap_1 ... cap_{n_mentors-1}   (any number per line)\n"
    "  mentee mentor score                 (n_edges lines, score 0..1000)\n"
    "\n"
    "  --objective cardinality  most mentees matched, then best total"
    " (default)\n"
    "  --objective total        best total score; mentees may stay"
    " unmatched\n"
    "  --objective maxmin       most mentees, then best worst-off pair,"
    " then total\n"
    "  --out PAIRS              write the pairs as 'mentee mentor' lines\n"
    "\n"
    "Prints one JSON line: {\"objective\": TOTAL_SCORE, \"matched\": N,"
    " \"read_s\": ...,\n"
    "\"solve_s\": ..., \"optimal\": true, ...}. Exit status 0 on success,"
    " 2 for bad\n"
    "input or usage.\n";

static double now_s(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read and parse path into *in. Returns 0 or the exit code 2 after saying
 * why on stderr. */
static int read_instance(const char *path, struct match_instance *in)
{
  enum { CHUNK = 1 << 22 };
  struct match_parser ps;
  char *buf = NULL;
  int fd, rc = 0;

  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "tandem match-file: %s: %s\n", path, strerror(errno));
    return 2;
  }
  buf = malloc(CHUNK);
  if (!buf) {
    close(fd);
    fprintf(stderr, "tandem match-file: out of memory\n");
    return 2;
  }
  match_parser_init(&ps);
  for (;;) {
    ssize_t n = read(fd, buf, CHUNK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      fprintf(stderr, "tandem match-file: %s: %s\n", path, strerror(errno));
      rc = 2;
      break;
    }
    if (n == 0) {
      rc = match_parser_finish(&ps, in);
      break;
    }
    rc = match_parser_feed(&ps, buf, (size_t)n);
    if (rc)
      break;
  }
  if (rc && rc != 2) {
    fprintf(stderr, "tandem match-file: %s:%llu: %s\n", path,
            (unsigned long long)ps.err_line, ps.err);
    rc = 2;
  }
  if (rc)
    match_parser_free(&ps);
  free(buf);
  close(fd);
  return rc;
}

static int write_pairs(const char *path, const struct match_result *r)
{
  FILE *f = fopen(path, "w");
  int bad;

  if (!f) {
    fprintf(stderr, "tandem match-file: %s: %s\n", path, strerror(errno));
    return 2;
  }
  for (uint32_t x = 0; x < r->n_mentees; x++)
    if (r->mentor_of[x] != MATCH_NONE)
      fprintf(f, "%u %u\n", x, r->mentor_of[x]);
  bad = ferror(f);
  if (fclose(f) || bad) {
    fprintf(stderr, "tandem match-file: %s: write failed\n", path);
    return 2;
  }
  return 0;
}

int cmd_match_file(int argc, char **argv)
{
  const char *path = NULL, *out = NULL;
  enum match_objective obj = MATCH_CARDINALITY;
  struct match_instance in = {0};
  struct match_problem p;
  struct match_result r;
  double t0, t1, t2, t3;
  int rc, ok;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (!strcmp(a, "--objective") && i + 1 < argc) {
      const char *o = argv[++i];
      if (!strcmp(o, "total"))
        obj = MATCH_TOTAL;
      else if (!strcmp(o, "cardinality"))
        obj = MATCH_CARDINALITY;
      else if (!strcmp(o, "maxmin"))
        obj = MATCH_MAXMIN;
      else {
        fprintf(stderr,
                "tandem match-file: unknown objective '%s' (total, "
                "cardinality or maxmin)\n",
                o);
        return 2;
      }
    } else if (!strcmp(a, "--out") && i + 1 < argc) {
      out = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr,
              "tandem match-file: unknown or incomplete option '%s'\n%s", a,
              usage);
      return 2;
    } else if (!path) {
      path = a;
    } else {
      fprintf(stderr, "tandem match-file: one INSTANCE only\n%s", usage);
      return 2;
    }
  }
  if (!path) {
    fputs(usage, stderr);
    return 2;
  }

  t0 = now_s();
  rc = read_instance(path, &in);
  if (rc)
    return rc;
  t1 = now_s();
  memset(&p, 0, sizeof(p));
  p.n_mentees = in.n_mentees;
  p.n_mentors = in.n_mentors;
  p.capacity = in.capacity;
  p.n_edges = in.n_edges;
  p.mentee = in.mentee;
  p.mentor = in.mentor;
  p.score = in.score;
  p.min_score = 0;
  p.objective = obj;
  rc = match_solve(&p, &r);
  t2 = now_s();
  if (rc) {
    fprintf(stderr, "tandem match-file: %s: cannot solve: %s\n", path,
            rc == ERR_TOOBIG ? "the instance is too large" : "invalid input");
    match_instance_free(&in);
    return 2;
  }
  ok = match_check(&p, &r) == 0;
  t3 = now_s();
  printf("{\"objective\": %lld, \"matched\": %zu, \"read_s\": %.3f, "
         "\"solve_s\": %.3f, \"optimal\": %s, \"check_s\": %.3f, "
         "\"mode\": \"%s\", \"mentees\": %u, \"mentors\": %u, "
         "\"edges\": %zu, \"min_pair_score\": %d}\n",
         (long long)r.total, r.matched, t1 - t0, t2 - t1, ok ? "true" : "false",
         t3 - t2, match_objective_name(obj), in.n_mentees, in.n_mentors,
         in.n_edges, (int)r.min_pair_score);
  fflush(stdout);
  rc = out ? write_pairs(out, &r) : 0;
  match_result_free(&r);
  match_instance_free(&in);
  if (!ok && !rc) {
    fprintf(stderr, "tandem match-file: the certificate did not verify\n");
    rc = 1;
  }
  return rc;
}
