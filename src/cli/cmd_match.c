/* tandem match: a scheme's match run from the command line
 * (domain/matching.h), acting as an administrator (the first active one,
 * or --as EMAIL, who must manage the scheme). It solves, keeps the draft
 * and prints its summary; --dry-run then discards the draft, --publish
 * makes its pairs pairings (domain/pairings.h). `--run ID --reproduce`
 * solves a run's stored inputs again and says whether the pairs are the
 * same (exit 1 when they are not). */
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/accounts.h"
#include "domain/matching.h"
#include "domain/pairings.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: tandem match --scheme ID [--dry-run | --publish | --queue] "
    "[--as EMAIL] "
    "[--db PATH]\n"
    "       tandem match --run ID --reproduce [--db PATH]\n";

/* The unmatched mentees counted by reason, in the engine's order. */
static const char *const reasons[] = {"no_eligible_mentor", "all_full",
                                      "below_minimum", "outmatched"};
enum { NREASONS = sizeof(reasons) / sizeof(reasons[0]) };

struct summary {
  int unmatched[NREASONS + 1]; /* the last: any other word */
  int total_unmatched;
  bool has_worst;
  struct run_pair_row worst; /* the lowest score, first by the list's order */
};

static int count_unmatched(void *ctx, const struct run_unmatched_row *u)
{
  struct summary *s = ctx;
  int k = 0;

  while (k < NREASONS && !str_eq(reasons[k], u->reason))
    k++;
  s->unmatched[k]++;
  s->total_unmatched++;
  return 0;
}

static int find_worst(void *ctx, const struct run_pair_row *p)
{
  struct summary *s = ctx;

  if (!s->has_worst || p->score < s->worst.score) {
    s->worst = *p;
    s->has_worst = true;
  }
  return 0;
}

static void print_summary(const struct run_row *r, const char *scheme_name,
                          const struct summary *s)
{
  printf("Run %lld of scheme %lld (%s): %s\n", (long long)r->id,
         (long long)r->scheme_id, scheme_name, r->state);
  printf("  mentees waiting      %d\n", r->mentees);
  printf("  mentors with places  %d\n", r->mentors);
  printf("  matched              %d\n", r->matched);
  printf("  unmatched            %d", s->total_unmatched);
  for (int k = 0, first = 1; k <= NREASONS; k++) {
    if (!s->unmatched[k])
      continue;
    printf("%s %d %s", first ? ":" : ",", s->unmatched[k],
           k < NREASONS ? matching_unmatched_label(reasons[k]) : "other");
    first = 0;
  }
  printf("\n  total score          %lld", (long long)r->total);
  if (r->matched)
    printf(" (mean %.1f)", (double)r->total / r->matched);
  printf("\n");
  if (s->has_worst)
    printf("  worst pair           %d: %s with %s\n", s->worst.score,
           s->worst.mentee_name, s->worst.mentor_name);
  else
    printf("  worst pair           none\n");
  printf("  optimal              %s\n",
         r->proven ? "proven optimal over every pair" : "not proven");
  printf("  solve time           %d ms\n", r->solve_ms);
  printf("  run id               %lld\n", (long long)r->id);
}

/* The account the command acts as: email's, or the first active
 * administrator's (by email). ERR_NOTFOUND when there is none. */
static int acting_user(struct db *db, const char *email, struct user *out)
{
  struct user *rows;
  int64_t total;
  int n, rc;

  if (email)
    return account_by_email(db, email, out);
  rows = xcalloc(100, sizeof(*rows));
  for (int offset = 0;; offset += n) {
    if ((rc = account_list(db, offset, 100, rows, &n, &total)))
      break;
    rc = ERR_NOTFOUND;
    for (int i = 0; i < n; i++)
      if (rows[i].active && (rows[i].roles & ROLE_ADMIN)) {
        *out = rows[i];
        rc = 0;
        break;
      }
    if (rc == 0 || n < 100)
      break;
  }
  free(rows);
  return rc;
}

static int reproduce(struct db *db, int64_t run_id)
{
  struct run_row r;
  bool same;
  int rc = matching_run_get(db, run_id, &r);

  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem match: there is no run %lld\n", (long long)run_id);
    return 2;
  }
  if (rc == 0 && !r.solved_at) {
    fprintf(stderr, "tandem match: run %lld has not been solved (%s)\n",
            (long long)run_id, r.state);
    return 2;
  }
  if (rc == 0)
    rc = matching_reproduce(db, run_id, &same);
  if (rc) {
    fprintf(stderr,
            "tandem match: cannot solve run %lld's inputs again "
            "(see the log)\n",
            (long long)run_id);
    return 1;
  }
  if (same) {
    printf("same\n");
    return 0;
  }
  printf("different: solving run %lld's stored inputs again does not give "
         "its %d pairs with the same scores\n",
         (long long)run_id, r.matched);
  return 1;
}

static int run_match(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct err_detail why = {"", ""};
  struct scheme_row *scheme = NULL;
  struct summary *sum = NULL;
  const char *scheme_opt, *run_opt, *as;
  bool dry, publish, again, queue;
  int64_t scheme_id = 0, run_id = 0;
  struct run_row r;
  struct user u;
  struct db *db;
  struct cli c;
  int rc, status = 1;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  scheme_opt = cli_opt(cmd, &c, "scheme");
  run_opt = cli_opt(cmd, &c, "run");
  as = cli_opt(cmd, &c, "as");
  dry = cli_opt(cmd, &c, "dry-run") != NULL;
  publish = cli_opt(cmd, &c, "publish") != NULL;
  again = cli_opt(cmd, &c, "reproduce") != NULL;
  queue = cli_opt(cmd, &c, "queue") != NULL;
  if (c.npos != 0 || (dry && publish) || (queue && (dry || publish)) ||
      (run_opt ? !again || scheme_opt || dry || publish
               : !scheme_opt || again)) {
    fputs(usage_text, stderr);
    return 2;
  }
  if ((scheme_opt && !str_to_i64(scheme_opt, 1, INT64_MAX, &scheme_id)) ||
      (run_opt && !str_to_i64(run_opt, 1, INT64_MAX, &run_id))) {
    fprintf(stderr, "tandem match: --%s takes an id (a number)\n",
            scheme_opt ? "scheme" : "run");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "match", NULL)))
    return 1;
  if (run_opt) {
    status = reproduce(db, run_id);
    db_close(db);
    return status;
  }

  scheme = xmalloc(sizeof(*scheme));
  sum = xcalloc(1, sizeof(*sum));
  rc = scheme_get(db, scheme_id, scheme);
  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem match: there is no scheme %lld\n",
            (long long)scheme_id);
    status = 2;
    goto out;
  }
  if (rc)
    goto fail;
  rc = acting_user(db, as, &u);
  if (rc == ERR_NOTFOUND ||
      (rc == 0 && !scheme_may_manage(db, &u, scheme_id))) {
    fprintf(stderr, "tandem match: %s\n",
            as ? "that account does not manage the scheme"
               : "there is no active administrator to act as");
    status = 2;
    goto out;
  }
  if (rc)
    goto fail;

  struct matching_actor a = {&u, "cli"};
  if (queue) {
    int64_t job_id = 0;
    rc = matching_run_queue(db, &a, scheme_id, clock_now(), &run_id, &job_id,
                            &why);
    if (rc == 0) {
      printf("Queued run %lld (job %lld): a running `tandem serve` solves "
             "it.\n",
             (long long)run_id, (long long)job_id);
      status = fflush(stdout) == 0 ? 0 : 1;
      goto out;
    }
  } else
    rc = matching_run(db, &a, scheme_id, clock_now(), &run_id, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_PERM) {
    fprintf(stderr, "tandem match: %s\n",
            why.msg[0] ? why.msg : "the scheme cannot be matched now");
    status = rc == ERR_CONFLICT ? 1 : 2;
    goto out;
  }
  if (rc || (rc = matching_run_get(db, run_id, &r)) ||
      (rc = matching_run_unmatched(db, run_id, count_unmatched, sum)) ||
      (rc = matching_run_pairs(db, run_id, find_worst, sum)))
    goto fail;
  print_summary(&r, scheme->name, sum);

  if (dry) {
    if ((rc = matching_run_discard(db, &a, run_id, clock_now())))
      goto fail;
    printf("Dry run: run %lld discarded, nothing published.\n",
           (long long)run_id);
  } else if (publish) {
    struct pairing_actor pa = {&u, "cli", NULL};
    int created = 0;

    rc = pairing_publish_run(db, &pa, run_id, clock_now(), &created, &why);
    if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_PERM) {
      fprintf(stderr, "tandem match: not published: %s\n",
              why.msg[0] ? why.msg : "the draft can no longer be published");
      goto out;
    }
    if (rc)
      goto fail;
    printf("Published: %d pairing%s made.\n", created, created == 1 ? "" : "s");
  } else {
    printf("Draft kept: review and publish it at /runs/%lld.\n",
           (long long)run_id);
  }
  status = fflush(stdout) == 0 ? 0 : 1;
  goto out;
fail:
  fprintf(stderr, "tandem match: database error (see the log)\n");
  status = 1;
out:
  free(scheme);
  free(sum);
  db_close(db);
  return status;
}

const struct cli_cmd cmd_match_def = {
    .name = "match",
    .summary = "Run matching on a scheme and print the draft's summary.\n\n"
               "  tandem match --scheme ID [--dry-run | --publish] "
               "[--as EMAIL]\n"
               "  tandem match --run ID --reproduce\n\n"
               "Solves the scheme's waiting mentees and mentors with places "
               "as a coordinator's\n'Run matching' does, keeps the result as "
               "a draft run and prints mentees\nwaiting, mentors with places, "
               "matched, unmatched by reason, total and mean\nscore, the "
               "worst pair, whether the result is proven optimal, the solve "
               "time\nand the run's id. --dry-run discards the draft "
               "afterwards; --publish makes\nits pairs pairings and tells "
               "both sides. It acts as the first active\nadministrator, or "
               "as --as EMAIL (who must manage the scheme).\n\n"
               "--queue only queues the run: any running `tandem serve` "
               "solves it.\n\n"
               "--run ID --reproduce solves a run's stored inputs again and "
               "prints \"same\",\nor the difference and exits 1.",
    .usage = "match --scheme ID [--dry-run|--publish] [--as EMAIL] | "
             "--run ID --reproduce",
    .opts = {{"scheme", true, "the scheme's id"},
             {"dry-run", false, "discard the draft after printing it"},
             {"publish", false, "publish the draft's pairs as pairings"},
             {"as", true, "act as this account (default: an administrator)"},
             {"run", true, "with --reproduce: the run's id"},
             {"reproduce", false, "solve the run's stored inputs again"},
             {"queue", false, "queue the run for a serving node to solve"}},
    .run = run_match,
};
