/* web/api/api.h: what every /api/v1 resource shares: JSON responses,
 * RFC 9457 problem documents (with an `errors` member naming the fields
 * at fault), JSON bodies parsed with jansson and read field by field with
 * their types checked, and cursor paging (`limit`, `cursor`). */
#ifndef TANDEM_WEB_API_API_H
#define TANDEM_WEB_API_API_H

#include "base/err.h"
#include "web/request.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum { API_LIMIT_DEFAULT = 50, API_LIMIT_MAX = 200 };

/* api_send: send doc as JSON with status (200 when 0); takes doc's
 * reference. 0, or ERR_TOOBIG past the response cap. */
int api_send(struct request *r, int status, json_t *doc);
/* api_problem: send a problem document; errors (may be NULL) is an array
 * of {"field", "detail"} and its reference is taken. 0. */
int api_problem(struct request *r, int status, const char *detail,
                json_t *errors);
/* api_invalid: a 422 problem for a domain's why (ERR_INPUT) or a 409 for
 * ERR_CONFLICT; other codes are returned for the router. */
int api_invalid(struct request *r, int rc, const struct err_detail *why);

/* api_page: read `limit` (1..API_LIMIT_MAX, default API_LIMIT_DEFAULT) and
 * `cursor` (the last id of the previous page). false after sending a 400
 * problem. */
bool api_page(struct request *r, int *limit, int64_t *after);
/* api_list: {"items": items, "next_cursor": "<id>" or null}; takes items. */
json_t *api_list(json_t *items, int64_t next);

/* A JSON object being read: fields are copied out with their types
 * checked; every mistake is added to errors, and fields not read are
 * reported as unknown by api_in_done. */
struct api_in {
  json_t *obj;
  json_t *errors; /* [{"field", "detail"}] */
  const char *seen[48];
  int nseen;
};

/* api_in_begin: parse r's body as a JSON object into in. false after
 * sending a 400 (malformed JSON, with where) or 415 problem. */
bool api_in_begin(struct request *r, struct api_in *in);
/* api_in_has: whether key is present (and marks it read). */
bool api_in_has(struct api_in *in, const char *key);
/* Copy a present field (absent: dst untouched). A string must fit n bytes
 * (null is ""); an integer must be in [min, max]. */
void api_in_str(struct api_in *in, const char *key, char *dst, size_t n);
void api_in_int(struct api_in *in, const char *key, int64_t min, int64_t max,
                int *dst);
void api_in_bool(struct api_in *in, const char *key, bool *dst);
/* api_in_fail: record a mistake with field key. */
void api_in_fail(struct api_in *in, const char *key, const char *detail);
/* api_in_done: report unknown fields; if anything was wrong send a 422
 * problem and return false. Frees in either way. */
bool api_in_done(struct request *r, struct api_in *in);
/* api_in_free: free in without answering. */
void api_in_free(struct api_in *in);

/* api_by_key: whether the call was made with an API key (which sees
 * everything) rather than a session (which has its scope). */
static inline bool api_by_key(const struct request *r)
{
  return r->api_key_id != 0;
}

#endif
