/* domain/apikeys.c: making, checking and revoking API keys. */
#include "domain/apikeys.h"

#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>

static bool name_ok(const char *s)
{
  size_t n = strlen(s);

  return n > 0 && n <= APIKEY_NAME_MAX && str_valid_text(s, n) &&
         !strpbrk(s, "\r\n\t");
}

int apikey_create(struct db *db, int64_t actor_id, const char *ip,
                  const char *name, const char *scope, char *key,
                  struct apikey_row *out, struct err_detail *why)
{
  char clean[APIKEY_NAME_MAX * 4 + 1], hash[65], secret[TOKEN_LEN + 1];
  char prefix[APIKEY_PREFIX_LEN + 1], detail[512];
  unsigned char raw[APIKEY_PREFIX_LEN / 2];
  int64_t id = 0;
  int rc = ERR_CONFLICT;

  if (!str_copy(clean, sizeof(clean), name ? name : ""))
    return err_set(why, ERR_INPUT, "name", "Give the key a name of up to 100 "
                                           "characters.");
  str_trim(clean);
  if (!name_ok(clean))
    return err_set(why, ERR_INPUT, "name", "Give the key a name of up to 100 "
                                           "characters, saying what uses it.");
  if (!scope || !(str_eq(scope, "read") || str_eq(scope, "write")))
    return err_set(why, ERR_INPUT, "scope", "Choose whether the key may only "
                                            "read, or read and write.");
  /* A clash of 48 random bits is all but impossible; try again if so. */
  for (int attempt = 0; attempt < 3 && rc == ERR_CONFLICT; attempt++) {
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(prefix, sizeof(prefix), raw, sizeof(raw));
    random_token(secret);
    str_copy(key, APIKEY_LEN + 1, "tdm_");
    memcpy(key + 4, prefix, APIKEY_PREFIX_LEN);
    key[4 + APIKEY_PREFIX_LEN] = '_';
    memcpy(key + 5 + APIKEY_PREFIX_LEN, secret, APIKEY_SECRET_LEN + 1);
    token_hash(key, hash);
    rc = store_apikey_insert(db, clean, prefix, hash, scope, actor_id,
                             clock_now(), &id);
  }
  sodium_memzero(secret, sizeof(secret));
  if (rc) {
    sodium_memzero(key, APIKEY_LEN + 1);
    return rc;
  }
  snprintf(detail, sizeof(detail), "%s key \"%s\"", scope, clean);
  audit_record(db, actor_id, "apikey.create", prefix, detail, ip);
  if (out)
    rc = store_apikey_get(db, id, out);
  return rc;
}

bool apikey_parse(const char *header, char *prefix, const char **key)
{
  const char *k;

  if (!header || strncasecmp(header, "Bearer ", 7) != 0)
    return false;
  k = header + 7;
  while (*k == ' ')
    k++;
  if (strlen(k) != APIKEY_LEN || strncmp(k, "tdm_", 4) != 0 ||
      k[4 + APIKEY_PREFIX_LEN] != '_')
    return false;
  for (int i = 0; i < APIKEY_PREFIX_LEN; i++) {
    char c = k[4 + i];

    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  }
  memcpy(prefix, k + 4, APIKEY_PREFIX_LEN);
  prefix[APIKEY_PREFIX_LEN] = '\0';
  *key = k;
  return true;
}

int apikey_resolve(struct db *db, const char *header, struct apikey_row *out)
{
  char prefix[APIKEY_PREFIX_LEN + 1], hash[65];
  const char *key;
  int64_t now;
  int rc;

  if (!apikey_parse(header, prefix, &key))
    return ERR_AUTH;
  rc = store_apikey_by_prefix(db, prefix, out);
  if (rc == ERR_NOTFOUND)
    return ERR_AUTH;
  if (rc)
    return rc;
  token_hash(key, hash);
  if (strlen(out->key_hash) != 64 || sodium_memcmp(hash, out->key_hash, 64))
    return ERR_AUTH;
  if (out->revoked_at)
    return ERR_AUTH;
  now = clock_now();
  if (now - out->last_used_at >= APIKEY_TOUCH_EVERY) {
    /* A failure here must not refuse the call: log it and go on. */
    if ((rc = store_apikey_touch(db, out->id, now, now - APIKEY_TOUCH_EVERY)))
      log_error("apikey_touch=%d id=%lld", rc, (long long)out->id);
    else
      out->last_used_at = now;
  }
  return 0;
}

int apikey_revoke(struct db *db, int64_t actor_id, const char *ip, int64_t id)
{
  struct apikey_row k;
  int rc = store_apikey_get(db, id, &k);

  if (rc)
    return rc;
  if ((rc = store_apikey_revoke(db, id, clock_now())))
    return rc;
  return audit_record(db, actor_id, "apikey.revoke", k.prefix, k.name, ip);
}

int apikey_list(struct db *db, int offset, int limit, struct apikey_row *rows,
                int *n)
{
  return store_apikey_list(db, offset, limit, rows, n);
}

int apikey_get(struct db *db, int64_t id, struct apikey_row *out)
{
  return store_apikey_get(db, id, out);
}
