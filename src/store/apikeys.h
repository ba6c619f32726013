/* store/apikeys.h: SQL for the JSON API's keys. A key is stored only as
 * the SHA-256 of its text (hex) beside a short public prefix that finds
 * it; the rules are in domain/apikeys.c. Functions return 0 or a negative
 * enum err; look-ups return ERR_NOTFOUND when there is no row. */
#ifndef TANDEM_STORE_APIKEYS_H
#define TANDEM_STORE_APIKEYS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct apikey_row {
  int64_t id;
  char name[128];
  char prefix[24];
  char key_hash[65];
  char scope[8]; /* "read" or "write" */
  int64_t created_by; /* 0: from the command line, or account deleted */
  char created_by_email[255];
  int64_t created_at, last_used_at, revoked_at; /* 0: never */
};

/* store_apikey_insert: a new key; created_by 0 stores NULL. ERR_CONFLICT
 * when the prefix or hash is taken. */
int store_apikey_insert(struct db *db, const char *name, const char *prefix,
                        const char *key_hash, const char *scope,
                        int64_t created_by, int64_t now, int64_t *id);
/* store_apikey_by_prefix: the key with that prefix (revoked or not). */
int store_apikey_by_prefix(struct db *db, const char *prefix,
                           struct apikey_row *out);
int store_apikey_get(struct db *db, int64_t id, struct apikey_row *out);
/* store_apikey_list: newest first from offset; *n rows written. */
int store_apikey_list(struct db *db, int offset, int limit,
                      struct apikey_row *rows, int *n);
/* store_apikey_touch: last_used_at = now unless it is already later than
 * before (so concurrent requests write at most once per interval). */
int store_apikey_touch(struct db *db, int64_t id, int64_t now,
                       int64_t before);
/* store_apikey_revoke: revoked_at = now if not yet revoked; ERR_NOTFOUND
 * when there is no such key or it was already revoked. */
int store_apikey_revoke(struct db *db, int64_t id, int64_t now);

#endif
