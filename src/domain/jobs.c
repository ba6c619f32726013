/* domain/jobs.c: claiming and running background jobs. */
#include "domain/jobs.h"

#include "base/log.h"
#include "domain/matching.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *jobs_node(void)
{
  static _Thread_local char node[JOB_NODE];

  if (!node[0]) {
    char host[40] = "";
    gethostname(host, sizeof(host) - 1);
    snprintf(node, sizeof(node), "%s:%ld", host[0] ? host : "node",
             (long)getpid());
  }
  return node;
}

int jobs_enqueue(struct db *db, const char *kind, int64_t ref_id, int64_t now,
                 int64_t *id)
{
  return store_job_insert(db, kind, ref_id, now, id);
}

/* Run a claimed job by its kind and record the outcome. */
static int run(struct db *db, int64_t id, const char *kind, int64_t ref_id,
               int64_t now)
{
  const char *error = NULL;
  int rc;

  if (strcmp(kind, "match_run") == 0)
    rc = matching_run_solve(db, ref_id, now);
  else
    rc = ERR_INPUT;
  if (rc) {
    error = rc == ERR_INPUT ? "unknown kind of job" : err_str(rc);
    log_warn("job=%lld kind=%s error=\"%s\"", (long long)id, kind, error);
  }
  return store_job_finish(db, id, error, now);
}

int jobs_take(struct db *db, int64_t id, int64_t now, bool *taken)
{
  struct job_row job;
  int rc = store_job_claim_id(db, id, jobs_node(), now);

  *taken = false;
  if (rc == ERR_CONFLICT)
    return 0;
  if (rc || (rc = store_job_get(db, id, &job)))
    return rc;
  *taken = true;
  return run(db, id, job.kind, job.ref_id, now);
}

int jobs_run_pending(struct db *db, int64_t now, int max, int *ran)
{
  struct job_row job;
  int stale, rc;

  *ran = 0;
  if ((rc = store_job_requeue_stale(db, now - 3600, &stale)))
    return rc;
  while (*ran < max) {
    rc = store_job_claim(db, jobs_node(), now, &job);
    if (rc == ERR_NOTFOUND)
      return 0;
    if (rc)
      return rc;
    (*ran)++;
    if ((rc = run(db, job.id, job.kind, job.ref_id, now)))
      return rc;
  }
  return 0;
}

int jobs_list(struct db *db, struct job_row *rows, int max, int *n)
{
  return store_job_list(db, rows, max, n);
}
