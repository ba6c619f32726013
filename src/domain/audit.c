#include "domain/audit.h"

#include "base/clock.h"
#include "base/log.h"

int audit_record(struct db *db, int64_t actor_id, const char *action,
                 const char *subject, const char *detail, const char *ip)
{
  int rc = store_audit_add(db, clock_now(), actor_id, action, subject, detail,
                           ip);

  if (rc)
    log_error("audit=%s rc=%d msg=\"could not record\"", action, rc);
  return rc;
}

int audit_list(struct db *db, const char *action_prefix, int offset, int limit,
               struct audit_row *rows, int *n, int64_t *total)
{
  return store_audit_list(db, action_prefix ? action_prefix : "", offset,
                          limit, rows, n, total);
}
