/* store/audit.h: SQL for the audit log of sensitive actions. */
#ifndef TANDEM_STORE_AUDIT_H
#define TANDEM_STORE_AUDIT_H

#include "store/db.h"

#include <stdint.h>

struct audit_row {
  int64_t id, at, actor_id;
  char actor_email[255];
  char action[48];
  char subject[255];
  char detail[512];
  char ip[64];
};

/* store_audit_add: record an action; actor_id 0 for nobody signed in. */
int store_audit_add(struct db *db, int64_t now, int64_t actor_id,
                    const char *action, const char *subject,
                    const char *detail, const char *ip);
/* store_audit_list: newest first; action_prefix "" for all, else only
 * actions starting with it. *n rows written, *total matching. */
int store_audit_list(struct db *db, const char *action_prefix, int offset,
                     int limit, struct audit_row *rows, int *n,
                     int64_t *total);

#endif
