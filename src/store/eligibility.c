/* store/eligibility.c: the SQL behind store/eligibility.h. */
#include "store/eligibility.h"
#include "store/rows.h"

#include "base/err.h"
#include "base/str.h"

#include <string.h>

int store_rules_list(struct db *db, int64_t scheme_id, const char *side,
                     struct scheme_rule_row *rows, int max, int *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db,
                      "SELECT side, kind, value FROM scheme_rules"
                      " WHERE scheme_id = $1 AND (CAST($2 AS TEXT) = ''"
                      " OR side = CAST($2 AS TEXT))"
                      " ORDER BY side, id",
                      &st);

  *n = 0;
  if (rc)
    return rc;
  db_bind_int(st, 1, scheme_id);
  db_bind_text(st, 2, side ? side : "");
  while (*n < max && (rc = db_step(st)) == DB_ROW) {
    struct scheme_rule_row *r = &rows[(*n)++];

    str_copy(r->side, sizeof(r->side), text_or_empty(st, 0));
    str_copy(r->kind, sizeof(r->kind), text_or_empty(st, 1));
    str_copy(r->value, sizeof(r->value), text_or_empty(st, 2));
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_rules_replace(struct db *db, int64_t scheme_id,
                        const struct scheme_rule_row *rows, int n)
{
  int rc = db_run(db, "DELETE FROM scheme_rules WHERE scheme_id = $1", "i",
                  scheme_id);

  for (int i = 0; rc >= 0 && i < n; i++)
    rc = db_run(db,
                "INSERT INTO scheme_rules (scheme_id, side, kind, value)"
                " VALUES ($1, $2, $3, $4)",
                "isss", scheme_id, rows[i].side, rows[i].kind, rows[i].value);
  return rc < 0 ? rc : 0;
}
