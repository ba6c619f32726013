/* domain/apikeys.h: keys for the JSON API, made by administrators for
 * their scripts. A key reads "tdm_<prefix>_<secret>": the prefix (public,
 * shown in lists) finds the row, the SHA-256 of the whole key is all that
 * is stored, and the key itself is shown once, when it is made. A key's
 * scope is "read" or "write" (which includes reading). */
#ifndef TANDEM_DOMAIN_APIKEYS_H
#define TANDEM_DOMAIN_APIKEYS_H

#include "base/err.h"
#include "store/apikeys.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  APIKEY_PREFIX_LEN = 12, /* hex characters */
  APIKEY_SECRET_LEN = 43, /* base64url of 32 random bytes */
  APIKEY_LEN = 4 + APIKEY_PREFIX_LEN + 1 + APIKEY_SECRET_LEN,
  APIKEY_NAME_MAX = 100,
  APIKEY_TOUCH_EVERY = 60, /* seconds between last_used_at updates */
};

/* apikey_create: a new key called name with scope "read" or "write",
 * made by actor_id (0 from the command line). Writes the key's text
 * (APIKEY_LEN + 1 bytes) into key, the only time it exists outside the
 * caller, and the stored row into out (may be NULL). ERR_INPUT with why
 * naming the field ("name" or "scope"). Audited. */
int apikey_create(struct db *db, int64_t actor_id, const char *ip,
                  const char *name, const char *scope, char *key,
                  struct apikey_row *out, struct err_detail *why);
/* apikey_parse: the prefix of an "Authorization: Bearer tdm_..." header
 * value into prefix (APIKEY_PREFIX_LEN + 1 bytes) and *key pointing at the
 * key's text inside header. false when it is not a well-formed key. Pure. */
bool apikey_parse(const char *header, char *prefix, const char **key);
/* apikey_resolve: the live key an Authorization header value names, its
 * hash compared in constant time; last_used_at is brought up to date at
 * most once a minute. ERR_AUTH for a malformed, unknown or revoked key. */
int apikey_resolve(struct db *db, const char *header, struct apikey_row *out);
/* apikey_revoke: revoke key id (for good). ERR_NOTFOUND when there is no
 * such live key. Audited. */
int apikey_revoke(struct db *db, int64_t actor_id, const char *ip,
                  int64_t id);
/* apikey_list: up to limit keys, newest first, from offset. */
int apikey_list(struct db *db, int offset, int limit, struct apikey_row *rows,
                int *n);
int apikey_get(struct db *db, int64_t id, struct apikey_row *out);

#endif
