/* domain/copy.h: moving a whole installation from one database to
 * another (SQLite to PostgreSQL when a university outgrows one machine,
 * or back), verified table by table with row counts and checksums. */
#ifndef TANDEM_DOMAIN_COPY_H
#define TANDEM_DOMAIN_COPY_H

#include "base/err.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum { COPY_TABLES_MAX = 64 };

struct copy_table_report {
  char name[48];
  int64_t rows;          /* copied */
  char checksum[17];     /* of the source's rows, hex (first 8 bytes) */
  bool verified;         /* the target read back with the same count and sum */
};

struct copy_report {
  int ntables;
  struct copy_table_report tables[COPY_TABLES_MAX];
};

/* copy_installation: copy every row of every table from `from` into `to`,
 * whose schema must be at the same version and empty, in one transaction
 * on `to`; read each table back inside it and commit only if every count
 * and checksum agrees. ERR_CONFLICT (why says which) if `to` holds data or
 * a table is unknown to this tandem; ERR_INTERNAL if verification fails
 * (nothing is committed). */
int copy_installation(struct db *from, struct db *to, struct copy_report *rep,
                      struct err_detail *why);

#endif
