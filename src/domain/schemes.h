/* domain/schemes.h: the scheme catalogue's rules: the types and the
 * defaults each brings, validation of a scheme, who may manage one, and the
 * operations the pages, the API and the CLI share. */
#ifndef TANDEM_DOMAIN_SCHEMES_H
#define TANDEM_DOMAIN_SCHEMES_H

#include "base/err.h"
#include "domain/accounts.h"
#include "store/schemes.h"

#include <stdbool.h>

/* scheme_get: scheme id with the courses and faculties it serves;
 * ERR_NOTFOUND when there is none. Anyone may read a published scheme;
 * callers showing a draft check scheme_may_manage first. */
int scheme_get(struct db *db, int64_t id, struct scheme_row *out);

/* scheme_may_manage: true for administrators and coordinators (every
 * scheme), and for the scheme's own coordinators, academic champions and
 * student leads (scheme_staff). */
bool scheme_may_manage(struct db *db, const struct user *u, int64_t scheme_id);

/* scheme_type_label: "Peer Assisted Learning" for "pal", and so on; the
 * word itself for an unknown type. */
const char *scheme_type_label(const char *type);

#endif
