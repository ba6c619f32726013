/* tandem serve: the web application. */
#include "base/clock.h"
#include "base/log.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/accounts.h"
#include "domain/jobs.h"
#include "domain/mail.h"
#include "domain/requests.h"
#include "domain/training_reminders.h"
#include "store/accounts.h"
#include "store/session_cache.h"
#include "web/http.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static atomic_bool stopping;

/* The background worker: sends queued mail, runs queued jobs (match runs),
 * expires mentees' unanswered requests to mentors, and clears expired
 * sessions and old sign-in failures. With several nodes
 * on one database, each runs one; the outbox's and the jobs' claims keep a
 * message from going out twice and a job from running twice. */
static void *housekeeping(void *arg)
{
  const struct config *cfg = arg;
  struct db *db;
  char err[256];
  int64_t last_purge = 0, last_remind = 0, last_expiry = 0;

  if (db_open(cfg->db, &db, err, sizeof(err))) {
    log_error("housekeeping=stopped error=\"%s\"", err);
    return NULL;
  }
  while (!atomic_load(&stopping)) {
    struct timespec tick = {0, 200 * 1000 * 1000};
    int sent, ran;

    if (cfg->smtp[0] && mail_send_pending(db, cfg, 50, &sent))
      log_warn("mail=failed msg=\"will retry\"");
    if (jobs_run_pending(db, clock_now(), 4, &ran))
      log_warn("jobs=failed msg=\"will retry\"");
    /* Training reminders and refresher notices, each claimed by a guarded
     * update: several nodes never queue one twice. */
    if (clock_now() - last_remind >= 300) {
      if (training_send_reminders(db, clock_now(), cfg->base_url, NULL))
        log_warn("training_reminders=failed msg=\"will retry\"");
      last_remind = clock_now();
    }
    /* Mentees' requests to mentors not answered in time: each expires in
     * a guarded update, so once whichever node gets there first. */
    if (clock_now() - last_expiry >= 60) {
      last_expiry = clock_now();
      if (requests_expire(db, last_expiry, cfg->base_url, NULL))
        log_warn("requests=expiry_failed msg=\"will retry\"");
    }
    if (clock_now() - last_purge >= 600) {
      int64_t now = clock_now();

      store_session_purge(db, now - cfg->session_idle, now);
      store_failure_purge(db, now - 24 * 3600);
      last_purge = now;
    }
    for (int i = 0; i < 10 && !atomic_load(&stopping); i++)
      nanosleep(&tick, NULL);
  }
  db_close(db);
  return NULL;
}

static int run_serve(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct http_server *server;
  struct cli c;
  struct db *db;
  sigset_t sigs;
  pthread_t worker;
  char err[512];
  int rc, sig, applied;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (c.npos) {
    fprintf(stderr, "tandem serve: unexpected argument %s\n", c.pos[0]);
    return 2;
  }
  if (!cli_setup(&c))
    return 1;
  if (!(db = cli_open_db(&c.cfg, "serve", &applied)))
    return 1;
  db_close(db);
  /* Block the stop signals in every thread; the main thread waits for
   * them below. */
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);
  store_session_cache_start(c.cfg.db, c.cfg.session_cache);
  if (http_start(&c.cfg, &server, err, sizeof(err))) {
    fprintf(stderr, "tandem serve: %s\n", err);
    return 1;
  }
  atomic_store(&stopping, false);
  pthread_create(&worker, NULL, housekeeping, &c.cfg);
  log_info("msg=\"serving\" url=http://%s:%d db=%s mail=%s", c.cfg.bind,
           http_port(server), c.cfg.db, c.cfg.smtp[0] ? "smtp" : "outbox");
  printf("Tandem is serving http://%s:%d/ (database %s). Stop with Ctrl-C.\n",
         strchr(c.cfg.bind, ':') ? "[::1]" : c.cfg.bind, http_port(server),
         c.cfg.db);
  fflush(stdout);
  sigwait(&sigs, &sig);
  log_info("msg=\"stopping\" signal=%d", sig);
  atomic_store(&stopping, true);
  http_stop(server, 10000);
  pthread_join(worker, NULL);
  store_session_cache_stop();
  log_info("msg=\"stopped\"");
  return 0;
}

static const char *const serve_settings[] = {
    "bind",      "port",       "threads",   "base_url",
    "secure_cookies", "session_idle", "session_max", "smtp",
    "mail_from", "max_body", "max_upload", "hash_concurrency", "trust_proxy",
    "session_cache", NULL};

const struct cli_cmd cmd_serve_def = {
    .name = "serve",
    .summary = "Run the Tandem web application. The database is created and "
               "brought up to date\nfirst. Stops cleanly on SIGTERM or "
               "Ctrl-C, letting requests in flight finish.",
    .usage = "serve [--db PATH|URL] [--bind ADDRESS] [--port N] [options]",
    .settings = serve_settings,
    .run = run_serve,
};
