/* domain/access.h: who may do what, to what. The router checks the role
 * before a handler runs; the handler checks the scope here (a person's own
 * account; later a champion's own schemes, a mentor's own mentees). */
#ifndef TANDEM_DOMAIN_ACCESS_H
#define TANDEM_DOMAIN_ACCESS_H

#include "domain/accounts.h"

#include <stdbool.h>
#include <stdint.h>

enum scope_kind {
  SCOPE_ANY,  /* the whole service: the role is enough */
  SCOPE_SELF, /* one person's own data: id is that person's account */
};

struct scope {
  enum scope_kind kind;
  int64_t id;
};

/* access_has_role: whether u holds any of the roles in mask (0: anyone
 * signed in). */
bool access_has_role(const struct user *u, unsigned mask);
/* access_check: 0 if u may act on scope with one of the roles in mask, or
 * (for SCOPE_SELF) as the person themselves; ERR_PERM otherwise. */
int access_check(const struct user *u, unsigned mask, struct scope scope);

#endif
