/* web/route_access.c: who may call a route, as a pure function of the
 * route's `who` and the caller's credentials (web/router.h). */
#include "web/router.h"

int route_allows(unsigned who, int key, bool signed_in, unsigned roles)
{
  unsigned mask = who & ROLE_ALL;

  if (who == ANYONE)
    return 0;
  if (key) {
    if (key == 'w' && (who & (API_READ | API_WRITE)))
      return 0;
    if (key == 'r' && (who & API_READ))
      return 0;
    return who & (API_READ | API_WRITE) ? 403 : 401;
  }
  if (!signed_in)
    return 401;
  if (who & SIGNED_IN)
    return 0;
  return roles & mask ? 0 : 403;
}
