/* web/people_filter.h: the people filter as a query string, shared by the
 * people list, its CSV and Excel exports, bulk actions and the API:
 *   q        part of a name, student number or email
 *   course   a course code        faculty  a faculty code
 *   year     year of study 1..8   status   incoming|enrolled|interrupted|
 *                                          withdrawn|graduated
 *   inactive 1 to include deactivated people
 * The visitor's scope is applied too: a champion sees only the students
 * of the courses they teach; a call with an API key sees everyone. */
#ifndef TANDEM_WEB_PEOPLE_FILTER_H
#define TANDEM_WEB_PEOPLE_FILTER_H

#include "store/people.h"
#include "web/request.h"

/* people_filter_parse: fill f from r's query and the visitor's scope.
 * Unknown course or faculty codes, and bad years or statuses, give
 * ERR_INPUT with a message in why (the page shows it; nothing matches).
 * ERR_PERM if the visitor may not list people at all. */
int people_filter_parse(struct request *r, struct student_filter *f,
                        struct err_detail *why);
/* people_filter_query: the filter's query string (without '?', escaped
 * for a URL, not for HTML), for links to pages, exports and bulk actions. */
const char *people_filter_query(struct request *r);

#endif
