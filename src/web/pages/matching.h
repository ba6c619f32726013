/* web/pages/matching.h: what the matching pages and the matching API
 * share: a scheme's settings read from a form or a query string (the same
 * names in both, so the criteria page's script sends its form as the
 * preview's query), and the checks before a preview. */
#ifndef TANDEM_WEB_PAGES_MATCHING_H
#define TANDEM_WEB_PAGES_MATCHING_H

#include "domain/matching.h"
#include "web/request.h"

#include <stdbool.h>

/* matching_settings_read: s (filled beforehand with the saved settings)
 * updated from r's form, or its query string when from_query: each
 * criterion's weight under "w_<word>" ("w_course=180", the field the
 * domain names in why) and its deal-breaker under "d_<word>=1" (read only
 * when the weight is given, as an unticked checkbox is not sent),
 * "objective", "min_score",
 * "year_ahead_min", "year_ahead_max", "request_days", "max_requests".
 * Absent values keep s's. ERR_INPUT with why (the field's name) for a
 * value that is not a number or an unknown objective. */
int matching_settings_read(struct request *r, bool from_query,
                           struct matching_settings *s, struct err_detail *why);

/* matching_criterion_label: the criterion's English name with a capital
 * ("Same course"), in r's arena. */
const char *matching_criterion_label(struct request *r, enum match_criterion k);

#endif
