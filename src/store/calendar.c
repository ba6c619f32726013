/* store/calendar.c: the SQL behind store/calendar.h. */
#include "store/calendar.h"
#include "store/rows.h"

int store_calendar_feed_set(struct db *db, int64_t user_id,
                            const char *token_hash, int64_t now)
{
  return done(db_run(db,
                     "INSERT INTO calendar_feeds (user_id, token_hash,"
                     " created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id)"
                     " DO UPDATE SET token_hash = excluded.token_hash,"
                     " created_at = excluded.created_at",
                     "isi", user_id, token_hash, now));
}

int store_calendar_feed_delete(struct db *db, int64_t user_id)
{
  int rc = changed_one(db, db_run(db,
                                  "DELETE FROM calendar_feeds WHERE"
                                  " user_id = $1",
                                  "i", user_id));

  return rc == ERR_CONFLICT ? ERR_NOTFOUND : rc;
}

/* One integer column of one row. */
static int one_int(struct db_stmt *st, int64_t *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    *out = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

int store_calendar_feed_by_hash(struct db *db, const char *token_hash,
                                int64_t *user_id)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT user_id FROM calendar_feeds WHERE"
                      " token_hash = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_text(st, 1, token_hash);
  return one_int(st, user_id);
}

int store_calendar_feed_get(struct db *db, int64_t user_id,
                            int64_t *created_at)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT created_at FROM calendar_feeds WHERE"
                      " user_id = $1",
                      &st);

  if (rc)
    return rc;
  db_bind_int(st, 1, user_id);
  return one_int(st, created_at);
}
