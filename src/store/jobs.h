/* store/jobs.h: SQL for the jobs table (migration 0005): work that any
 * node may take. A claim is one UPDATE of a queued row to running; on
 * PostgreSQL its sub-select takes the row with FOR UPDATE SKIP LOCKED, so
 * nodes claiming at once pass over each other's rows instead of waiting,
 * and each job is claimed by exactly one. Functions return 0 or a negative
 * enum err; ERR_NOTFOUND when there is nothing to claim. */
#ifndef TANDEM_STORE_JOBS_H
#define TANDEM_STORE_JOBS_H

#include "store/db.h"

#include <stdint.h>

enum { JOB_WORD = 32, JOB_NODE = 64, JOB_ERROR = 300 };

struct job_row {
  int64_t id;
  char kind[JOB_WORD];
  int64_t ref_id;
  char state[JOB_WORD]; /* queued running done failed */
  int attempts;
  char node[JOB_NODE];
  char error[JOB_ERROR];
  int64_t created_at, claimed_at, finished_at;
};

int store_job_insert(struct db *db, const char *kind, int64_t ref_id,
                     int64_t now, int64_t *id);
/* store_job_claim: the oldest queued job, now running on node. */
int store_job_claim(struct db *db, const char *node, int64_t now,
                    struct job_row *out);
/* store_job_claim_id: job id if it is still queued (ERR_CONFLICT if not). */
int store_job_claim_id(struct db *db, int64_t id, const char *node,
                       int64_t now);
/* store_job_finish: a running job is done (error NULL) or failed. */
int store_job_finish(struct db *db, int64_t id, const char *error,
                     int64_t now);
/* store_job_requeue_stale: running jobs claimed before `before` (their
 * node died) are queued again; *n how many. */
int store_job_requeue_stale(struct db *db, int64_t before, int *n);
int store_job_get(struct db *db, int64_t id, struct job_row *out);
/* store_job_list: the newest jobs, up to max. */
int store_job_list(struct db *db, struct job_row *rows, int max, int *n);

#endif
