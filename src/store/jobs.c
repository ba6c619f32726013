/* store/jobs.c: the SQL behind store/jobs.h. */
#include "store/jobs.h"
#include "store/rows.h"

#include <string.h>

#define JOB_COLUMNS                                                            \
  "id, kind, ref_id, state, attempts, node, error, created_at,"                \
  " COALESCE(claimed_at, 0), COALESCE(finished_at, 0)"

static void read_job(struct db_stmt *st, void *p)
{
  struct job_row *r = p;

  memset(r, 0, sizeof(*r));
  r->id = db_col_int(st, 0);
  COPY(r->kind, st, 1);
  r->ref_id = db_col_int(st, 2);
  COPY(r->state, st, 3);
  r->attempts = (int)db_col_int(st, 4);
  COPY(r->node, st, 5);
  COPY(r->error, st, 6);
  r->created_at = db_col_int(st, 7);
  r->claimed_at = db_col_int(st, 8);
  r->finished_at = db_col_int(st, 9);
}

int store_job_insert(struct db *db, const char *kind, int64_t ref_id,
                     int64_t now, int64_t *id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "INSERT INTO jobs (kind, ref_id, created_at)"
                      " VALUES ($1, $2, $3) RETURNING id",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, kind);
  db_bind_int(st, 2, ref_id);
  db_bind_int(st, 3, now);
  return returning_id(st, id);
}

/* The same claim in each engine's words: SQLite's write transaction
 * already excludes every other writer. */
static const char claim_pg[] =
    "UPDATE jobs SET state = 'running', node = $1, claimed_at = $2,"
    " attempts = attempts + 1 WHERE id = (SELECT id FROM jobs"
    " WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING " JOB_COLUMNS;
static const char claim_sqlite[] =
    "UPDATE jobs SET state = 'running', node = $1, claimed_at = $2,"
    " attempts = attempts + 1 WHERE id = (SELECT id FROM jobs"
    " WHERE state = 'queued' ORDER BY id LIMIT 1)"
    " RETURNING " JOB_COLUMNS;

int store_job_claim(struct db *db, const char *node, int64_t now,
                    struct job_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, db_engine(db) == DB_POSTGRES ? claim_pg : claim_sqlite,
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, node);
  db_bind_int(st, 2, now);
  return one_row(st, read_job, out);
}

int store_job_claim_id(struct db *db, int64_t id, const char *node,
                       int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE jobs SET state = 'running', node = $2,"
                                " claimed_at = $3, attempts = attempts + 1"
                                " WHERE id = $1 AND state = 'queued'",
                                "isi", id, node, now));
}

int store_job_finish(struct db *db, int64_t id, const char *error,
                     int64_t now)
{
  return changed_one(db, db_run(db,
                                "UPDATE jobs SET state = $2, error = $3,"
                                " finished_at = $4"
                                " WHERE id = $1 AND state = 'running'",
                                "issi", id, error ? "failed" : "done",
                                error ? error : "", now));
}

int store_job_requeue_stale(struct db *db, int64_t before, int *n)
{
  int rc = db_run(db,
                  "UPDATE jobs SET state = 'queued' WHERE state = 'running'"
                  " AND claimed_at < $1",
                  "i", before);

  *n = rc < 0 ? 0 : (int)db_changes(db);
  return done(rc);
}

int store_job_get(struct db *db, int64_t id, struct job_row *out)
{
  struct db_stmt *st;
  int rc = db_prepare(db, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, id);
  return one_row(st, read_job, out);
}

int store_job_list(struct db *db, struct job_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT " JOB_COLUMNS " FROM jobs ORDER BY id DESC"
                      " LIMIT $1",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, max);
  while (*n < max && (rc = db_step(st)) == DB_ROW)
    read_job(st, &rows[(*n)++]);
  db_finish(st);
  return done(rc);
}
