/* tandem training: training from the command line, for administrators'
 * scripts. remind sends what is due once (the day-before reminders and
 * the refresher notices: for cron, beside or instead of tandem serve's
 * worker); report prints who is trained, per scheme or per module, as a
 * table or as CSV. */
#include "base/clock.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/applications.h"
#include "domain/schemes.h"
#include "domain/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_stdout(void *ctx, const void *bytes, size_t n)
{
  return fwrite(bytes, 1, n, ctx) == n ? 0 : -1;
}

static void date_of(int64_t t, char *out, size_t size)
{
  char s[32];

  clock_format(t, s, sizeof(s));
  s[10] = '\0';
  str_copy(out, size, s);
}

/* tandem training remind [--at TIME] */
static int remind(const struct cli_cmd *cmd, struct cli *c, struct db *db)
{
  const char *at = cli_opt(cmd, c, "at");
  struct training_reminders sent;
  int64_t now = clock_now();
  int rc;

  if (at && !interview_time_parse(at, &now) &&
      !str_to_i64(at, 1, INT64_MAX, &now)) {
    fprintf(stderr, "tandem training remind: --at is a time like "
                    "2026-10-05T14:00 (UTC) or Unix seconds\n");
    return 2;
  }
  rc = training_send_reminders(db, now, c->cfg.base_url, &sent);
  if (rc) {
    fprintf(stderr, "tandem training remind: database error (see the "
                    "log)\n");
    return 1;
  }
  printf("%d %s, %d refresher %s queued\n", sent.reminders,
         sent.reminders == 1 ? "reminder" : "reminders", sent.refreshers,
         sent.refreshers == 1 ? "notice" : "notices");
  return 0;
}

static int report_scheme(int64_t id, bool csv, struct db *db)
{
  struct training_report_mentor *rows =
      calloc(TRAINING_REPORT_MAX, sizeof(*rows));
  struct requirement_row *req = calloc(TRAINING_REQUIRED_MAX, sizeof(*req));
  struct scheme_row *s = calloc(1, sizeof(*s));
  int n, nreq, trained = 0, rc = scheme_get(db, id, s);

  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem training report: there is no scheme %lld\n",
            (long long)id);
    goto out;
  }
  if (!rc && csv)
    rc = training_report_scheme_csv(db, id, clock_now(), write_stdout,
                                    stdout);
  else if (!rc)
    rc = training_report_scheme(db, id, clock_now(), rows,
                                TRAINING_REPORT_MAX, &n, req, &nreq);
  if (rc || csv)
    goto out;
  for (int i = 0; i < n; i++)
    trained += rows[i].nmissing == 0;
  printf("%s: %d of %d accepted %s trained\nRequired:", s->name, trained, n,
         n == 1 ? "mentor" : "mentors");
  for (int i = 0; i < nreq; i++)
    printf("%s %s", i ? "," : "", req[i].title);
  printf("%s\n", nreq ? "" : " nothing");
  for (int i = 0; i < n; i++) {
    const struct training_report_mentor *m = &rows[i];

    printf("%-12s %-32s %s", m->who.student_number, m->who.legal_name,
           m->nmissing ? "not yet trained: needs" : "trained");
    for (int k = 0; k < m->nmissing; k++) {
      const char *title = "";

      for (int q = 0; q < nreq; q++)
        if (req[q].module_id == m->missing[k].module_id)
          title = req[q].title;
      printf("%s %s", k ? "," : "", title);
      if (m->missing[k].expired_at) {
        char when[32];

        date_of(m->missing[k].expired_at, when, sizeof(when));
        printf(" (expired on %s)", when);
      }
    }
    printf("\n");
  }
out:
  free(rows);
  free(req);
  free(s);
  return rc;
}

static int report_module(int64_t id, bool csv, struct db *db)
{
  struct module_holder_row *rows = calloc(TRAINING_REPORT_MAX, sizeof(*rows));
  struct module_row *m = calloc(1, sizeof(*m));
  int64_t now = clock_now();
  int n, rc = store_module_get(db, id, m);

  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem training report: there is no module %lld\n",
            (long long)id);
    goto out;
  }
  if (!rc && csv)
    rc = training_report_module_csv(db, id, now, write_stdout, stdout);
  else if (!rc)
    rc = training_report_module(db, id, rows, TRAINING_REPORT_MAX, &n);
  if (rc || csv)
    goto out;
  printf("%s: completed by %d\n", m->title, n);
  for (int i = 0; i < n; i++) {
    char done[32], until[32] = "never";

    date_of(rows[i].completed_at, done, sizeof(done));
    if (rows[i].expires_at)
      date_of(rows[i].expires_at, until, sizeof(until));
    printf("%-32s %-36s completed %s, expires %-10s %s\n", rows[i].name,
           rows[i].email, done, until,
           training_holder_status(&rows[i], now));
  }
out:
  free(rows);
  free(m);
  return rc;
}

/* tandem training report --scheme ID | --module ID [--csv] */
static int report(const struct cli_cmd *cmd, struct cli *c, struct db *db)
{
  const char *scheme = cli_opt(cmd, c, "scheme");
  const char *module = cli_opt(cmd, c, "module");
  bool csv = cli_opt(cmd, c, "csv") != NULL;
  int64_t id;
  int rc;

  if (!scheme == !module ||
      !str_to_i64(scheme ? scheme : module, 1, INT64_MAX, &id)) {
    fprintf(stderr, "usage: tandem training report --scheme ID | --module "
                    "ID [--csv]\n");
    return 2;
  }
  rc = scheme ? report_scheme(id, csv, db) : report_module(id, csv, db);
  if (fflush(stdout) != 0)
    rc = rc ? rc : ERR_IO;
  if (rc == ERR_NOTFOUND)
    return 1;
  if (rc) {
    fprintf(stderr, "tandem training report: %s\n",
            rc == ERR_IO ? "cannot write the output"
                         : "database error (see the log)");
    return 1;
  }
  return 0;
}

static int run_training(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct db *db;
  struct cli c;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos != 1 ||
      (!str_eq(c.pos[0], "remind") && !str_eq(c.pos[0], "report"))) {
    fprintf(stderr, "usage: tandem %s\n", cmd->usage);
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "training", NULL)))
    return 1;
  rc = str_eq(c.pos[0], "remind") ? remind(cmd, &c, db) : report(cmd, &c, db);
  db_close(db);
  return rc;
}

static const char *const training_settings[] = {"base_url", NULL};

const struct cli_cmd cmd_training_def = {
    .name = "training",
    .summary =
        "Training reminders and reports.\n\n"
        "  tandem training remind [--at TIME]\n"
        "      queue what is due, once: a reminder the day before each "
        "booked session,\n      and a notice when a completion falls due for "
        "a refresher (within 30\n      days). tandem serve does this itself "
        "every few minutes; run it from\n      cron when no server runs. "
        "Running it again sends nothing twice.\n"
        "  tandem training report --scheme ID | --module ID [--csv]\n"
        "      who is trained: a scheme's accepted mentors and the required "
        "modules\n      each lacks, or everyone who completed a module and "
        "when it expires.",
    .usage = "training remind [--at TIME] | training report --scheme ID | "
             "--module ID [--csv]",
    .settings = training_settings,
    .opts = {{"at", true, "remind: as if it were TIME (UTC, like "
                          "2026-10-05T14:00), for tests"},
             {"scheme", true, "report: the scheme's id"},
             {"module", true, "report: the module's id"},
             {"csv", false, "report: CSV on standard output"}},
    .run = run_training,
};
