/* tandem pairings: a scheme's pairings for scripts. `list` writes one
 * tab-separated line per pairing (id, mentee, mentor, state, source,
 * score, since); `assign` pairs a mentee with a mentor under the same hard
 * rules as the coordinators' page; `places` sets a mentor's places under
 * the page's rules; both act with an administrator's authority. */
#include "base/clock.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/pairings.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: tandem pairings list --scheme ID [--state STATE] [--db PATH]\n"
    "       tandem pairings assign --scheme ID --signup N --mentor "
    "STUDENT_ID [--db PATH]\n"
    "       tandem pairings places --scheme ID --mentor STUDENT_ID --places "
    "N [--db PATH]\n";

/* A field with its tabs and line breaks made spaces, so that every line
 * stays one row of columns. */
static void field(const char *s)
{
  for (const char *p = s; *p; p++)
    putchar(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static int print_row(void *ctx, const struct pairing_row *p)
{
  char since[32];

  (void)ctx;
  clock_format(p->created_at, since, sizeof(since));
  printf("%lld\t", (long long)p->id);
  field(p->mentee_name);
  putchar('\t');
  field(p->mentor_name);
  printf("\t%s\t%s\t%d\t%s\n", p->state, p->source, p->score, since);
  return 0;
}

static bool id_opt(const struct cli_cmd *cmd, const struct cli *c,
                   const char *name, int64_t *out)
{
  const char *v = cli_opt(cmd, c, name);

  if (v && str_to_i64(v, 1, INT64_MAX, out))
    return true;
  fprintf(stderr, "tandem pairings: --%s takes an id (a number)\n", name);
  return false;
}

/* places: mentor's places in scheme_id; the exit status. */
static int set_places(struct db *db, int64_t scheme_id, int64_t mentor,
                      int places)
{
  struct pairing_actor a = {NULL, NULL, NULL};
  struct err_detail why = {"", ""};
  struct mentor_place_row m;
  int rc = pairings_set_places(db, &a, scheme_id, mentor, places, &why);

  if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem pairings: %s\n", why.msg);
    return 1;
  }
  if (rc || (rc = pairing_mentor(db, NULL, scheme_id, mentor, &m))) {
    fprintf(stderr, "tandem pairings: database error (see the log)\n");
    return 1;
  }
  printf("%lld\t", (long long)m.student_id);
  field(m.name);
  printf("\t%d places\t%d held\n", m.capacity, m.held);
  return fflush(stdout) == 0 ? 0 : 1;
}

static int run_pairings(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct scheme_row *s = NULL;
  struct err_detail why = {"", ""};
  struct pairing_actor a = {NULL, NULL, NULL};
  const char *state;
  int64_t scheme_id = 0, signup = 0, mentor = 0, id = 0, places = -1;
  bool list, set;
  struct db *db;
  struct cli c;
  int rc, status = 1;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  list = c.npos == 1 && str_eq(c.pos[0], "list");
  set = c.npos == 1 && str_eq(c.pos[0], "places");
  if (!list && !set && !(c.npos == 1 && str_eq(c.pos[0], "assign"))) {
    fputs(usage_text, stderr);
    return 2;
  }
  if (!id_opt(cmd, &c, "scheme", &scheme_id) ||
      (!list && !set && !id_opt(cmd, &c, "signup", &signup)) ||
      (!list && !id_opt(cmd, &c, "mentor", &mentor)))
    return 2;
  /* A number here; its range is the domain's to check (and say). */
  if (set &&
      !str_to_i64(cli_opt(cmd, &c, "places"), -1000000, 1000000, &places)) {
    fprintf(stderr, "tandem pairings: --places takes a whole number\n");
    return 2;
  }
  state = cli_opt(cmd, &c, "state");
  if (state && !pairing_state_valid(state)) {
    fprintf(stderr, "tandem pairings: --state is one of proposed, active, "
                    "paused, ended\n");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "pairings", NULL)))
    return 1;
  s = malloc(sizeof(*s));
  rc = scheme_get(db, scheme_id, s);
  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem pairings: there is no scheme %lld\n",
            (long long)scheme_id);
    goto out;
  }
  if (rc)
    goto fail;
  if (set) {
    status = set_places(db, scheme_id, mentor, (int)places);
    goto out;
  }
  if (list) {
    rc = pairing_list(db, NULL, scheme_id, state ? state : "", print_row, NULL);
    if (rc)
      goto fail;
    status = fflush(stdout) == 0 ? 0 : 1;
    goto out;
  }
  rc =
      pairing_assign(db, &a, scheme_id, signup, mentor, clock_now(), &id, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT || rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem pairings: %s\n",
            why.msg[0] ? why.msg : "that pair cannot be made");
    goto out;
  }
  if (rc)
    goto fail;
  printf("pairing %lld\n", (long long)id);
  status = 0;
  goto out;
fail:
  fprintf(stderr, "tandem pairings: database error (see the log)\n");
out:
  free(s);
  db_close(db);
  return status;
}

const struct cli_cmd cmd_pairings_def = {
    .name = "pairings",
    .summary = "List a scheme's pairings, pair a mentee by hand, or set a "
               "mentor's places.\n\n"
               "  tandem pairings list --scheme ID [--state STATE]\n"
               "  tandem pairings assign --scheme ID --signup N --mentor "
               "STUDENT_ID\n"
               "  tandem pairings places --scheme ID --mentor STUDENT_ID "
               "--places N\n\n"
               "list writes one tab-separated line per pairing: id, mentee, "
               "mentor, state,\nsource, score, since. assign applies the "
               "same rules as a match run (the\nmentor eligible, trained and "
               "with a place; the pair not blocked) and\nprints the new "
               "pairing's id. places sets how many mentees the mentor may\n"
               "have (" PAIRING_PLACES_RANGE ", never fewer than they have "
               "now) and prints their\nid, name, places and pairings held.",
    .usage = "pairings list|assign|places --scheme ID [--state S] [--signup "
             "N] [--mentor ID] [--places N]",
    .opts = {{"scheme", true, "the scheme's id"},
             {"state", true, "list: only pairings in this state"},
             {"signup", true, "assign: the mentee's sign-up id"},
             {"mentor", true, "assign, places: the mentor's student id"},
             {"places", true, "places: how many mentees, " PAIRING_PLACES_RANGE}},
    .run = run_pairings,
};
