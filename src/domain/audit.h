/* domain/audit.h: the audit log of sensitive actions (sign-ins, failed
 * sign-ins, role and account changes), readable by administrators. */
#ifndef TANDEM_DOMAIN_AUDIT_H
#define TANDEM_DOMAIN_AUDIT_H

#include "store/audit.h"

/* audit_record: append an entry now. actor_id 0 when nobody is signed in;
 * subject, detail and ip may be NULL. A failure is logged and returned. */
int audit_record(struct db *db, int64_t actor_id, const char *action,
                 const char *subject, const char *detail, const char *ip);
/* audit_list: newest first, filtered by action prefix ("" for all). */
int audit_list(struct db *db, const char *action_prefix, int offset, int limit,
               struct audit_row *rows, int *n, int64_t *total);

#endif
