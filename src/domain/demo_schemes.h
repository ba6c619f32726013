/* domain/demo_schemes.h: the demo university's schemes for 2026/27. */
#ifndef TANDEM_DOMAIN_DEMO_SCHEMES_H
#define TANDEM_DOMAIN_DEMO_SCHEMES_H

#include "base/err.h"
#include "store/db.h"

/* demo_schemes: create the demo's schemes that do not exist yet (by name
 * and year), with their staff: a published Computer Science pastoral
 * scheme recruiting mentors and mentees (coordinator@ its coordinator,
 * champion@ its champion), a published pre-arrival scheme open for
 * sign-up, a PAL scheme sponsored by the champion, an international
 * scheme whose mentees choose their mentor, a draft final-year scheme,
 * and "First-year peer mentoring", a central pastoral scheme for every
 * first year (the matching benchmark's). Schemes that exist are left as
 * they are, so a second run changes nothing. Run after the organisation,
 * the staff and the accounts exist; inside demo_build's transaction. */
int demo_schemes(struct db *db, struct err_detail *why);

#endif
