/* domain/jobs.h: background work that any node may do (a match run is the
 * first kind). A job is queued in the database and claimed by one node
 * (store/jobs.h); the housekeeping thread of every `tandem serve` runs
 * jobs_run_pending, and a request that queued a job may take it at once
 * itself with jobs_take, so the person waiting sees the result without a
 * round trip through the queue. */
#ifndef TANDEM_DOMAIN_JOBS_H
#define TANDEM_DOMAIN_JOBS_H

#include "base/err.h"
#include "store/jobs.h"

#include <stdbool.h>

/* jobs_node: this process's name in claims ("host:pid"); static. */
const char *jobs_node(void);

int jobs_enqueue(struct db *db, const char *kind, int64_t ref_id, int64_t now,
                 int64_t *id);

/* jobs_take: claim job id if it is still queued and run it now; *taken is
 * false when another node had claimed it first (it runs there). The job's
 * own failure is recorded on the job, not returned. */
int jobs_take(struct db *db, int64_t id, int64_t now, bool *taken);

/* jobs_run_pending: claim and run queued jobs, up to max; *ran how many.
 * Jobs left running for more than an hour (their node died) are queued
 * again first. */
int jobs_run_pending(struct db *db, int64_t now, int max, int *ran);

/* jobs_list: the newest jobs, up to max. */
int jobs_list(struct db *db, struct job_row *rows, int max, int *n);

#endif
