/* store/rows.h: small helpers every store file uses to read rows and to
 * turn a step's result into an error. Private to src/store/. */
#ifndef TANDEM_STORE_ROWS_H
#define TANDEM_STORE_ROWS_H

#include "base/err.h"
#include "base/str.h"
#include "store/db.h"

/* Column i as text, "" for NULL. */
static inline const char *text_or_empty(struct db_stmt *st, int i)
{
  const char *s = db_col_text(st, i);

  return s ? s : "";
}

/* Copy column i into a char array, truncating at its size. */
#define COPY(dst, st, i) str_copy((dst), sizeof(dst), text_or_empty((st), (i)))

/* A statement that returns no rows: its error, or 0. */
static inline int done(int rc)
{
  return rc < 0 ? rc : 0;
}

/* A guarded write: ERR_CONFLICT when it changed no row. */
static inline int changed_one(struct db *db, int rc)
{
  if (rc < 0)
    return rc;
  return db_changes(db) == 1 ? 0 : ERR_CONFLICT;
}

/* Step an INSERT ... RETURNING id (id may be NULL) and finish it. */
static inline int returning_id(struct db_stmt *st, int64_t *id)
{
  int rc = db_step(st);

  if (rc == DB_ROW && id)
    *id = db_col_int(st, 0);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_DB;
}

/* Step a statement expected to return one row through read(), and finish
 * it: ERR_NOTFOUND when there is no row. */
static inline int one_row(struct db_stmt *st,
                          void (*read)(struct db_stmt *, void *), void *out)
{
  int rc = db_step(st);

  if (rc == DB_ROW)
    read(st, out);
  db_finish(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOTFOUND : rc;
}

#endif
