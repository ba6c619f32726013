/* domain/system.h: the state of the service as a whole, for /healthz and
 * `tandem init`. */
#ifndef TANDEM_DOMAIN_SYSTEM_H
#define TANDEM_DOMAIN_SYSTEM_H

#include "store/db.h"

#include <stdbool.h>

struct health {
  bool db_ok;
  int schema_version; /* what this binary's migrations reach */
};

/* system_health: whether the database answers. Never fails: a failure is
 * reported in h->db_ok. */
void system_health(struct db *db, struct health *h);
/* schema_version: the newest schema this binary knows. */
int schema_version(void);
/* system_prepare: bring the database's schema up to date (migrations).
 * *applied (may be NULL) counts the migrations run. */
int system_prepare(struct db *db, int *applied);

#endif
