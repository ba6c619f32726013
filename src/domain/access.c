#include "domain/access.h"

#include "base/err.h"

bool access_has_role(const struct user *u, unsigned mask)
{
  if (!u || !u->active)
    return false;
  return mask == 0 || (u->roles & mask) != 0;
}

int access_check(const struct user *u, unsigned mask, struct scope scope)
{
  if (!u || !u->active)
    return ERR_PERM;
  switch (scope.kind) {
  case SCOPE_ANY:
    return access_has_role(u, mask) ? 0 : ERR_PERM;
  case SCOPE_SELF:
    return u->id == scope.id || (mask && access_has_role(u, mask)) ? 0
                                                                   : ERR_PERM;
  }
  return ERR_PERM;
}
