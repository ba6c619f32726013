/* store/accounts.h: SQL for users, roles, sessions, failed sign-ins and
 * password resets. Plain rows in, plain rows out; the rules are in
 * domain/accounts.c. Every function returns 0 or a negative enum err;
 * look-ups return ERR_NOTFOUND when there is no such row. */
#ifndef TANDEM_STORE_ACCOUNTS_H
#define TANDEM_STORE_ACCOUNTS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum { STORE_EMAIL_MAX = 255, STORE_NAME_MAX = 128, STORE_HASH_MAX = 160 };

/* The bits roles are stored as (domain/accounts.h's enum role has the
 * same values). */
enum { STORE_ROLE_ADMIN = 1, STORE_ROLE_COORDINATOR = 2,
       STORE_ROLE_CHAMPION = 4, STORE_ROLE_STUDENT = 8 };

struct user_row {
  int64_t id;
  char email[STORE_EMAIL_MAX];
  char name[STORE_NAME_MAX];
  char password_hash[STORE_HASH_MAX];
  bool active;
  int64_t created_at;
  unsigned roles; /* STORE_ROLE_* bits */
};

/* Users. store_user_insert returns ERR_CONFLICT when the email is taken. */
int store_user_insert(struct db *db, const char *email, const char *name,
                      const char *password_hash, unsigned roles, int64_t now,
                      int64_t *id);
int store_user_by_email(struct db *db, const char *email,
                        struct user_row *out);
int store_user_by_id(struct db *db, int64_t id, struct user_row *out);
int store_user_set_password(struct db *db, int64_t id, const char *hash,
                            int64_t now);
int store_user_set_active(struct db *db, int64_t id, bool active, int64_t now);
/* store_user_list: up to limit users ordered by email from offset; *n
 * rows written; *total users in all. */
int store_user_list(struct db *db, int offset, int limit,
                    struct user_row *rows, int *n, int64_t *total);
/* store_user_count_role: how many active users hold the role bit. */
int store_user_count_role(struct db *db, unsigned role_bit, int64_t *n);
/* store_user_set_roles: make a user's roles exactly the bits given. */
int store_user_set_roles(struct db *db, int64_t id, unsigned roles,
                         int64_t now);

/* Sessions, keyed by the token's SHA-256 in hex. store_session_get reads
 * the session with its account in one query: it runs on every request. */
struct session_row {
  int64_t user_id;
  char csrf[64];
  int64_t created_at, last_seen_at, expires_at;
  char email[STORE_EMAIL_MAX];
  char name[STORE_NAME_MAX];
  bool active;
  int64_t user_created_at;
  unsigned role_bits;
};
int store_session_insert(struct db *db, const char *token_hash,
                         int64_t user_id, const char *csrf, int64_t now,
                         int64_t expires_at, const char *ip, const char *ua);
int store_session_get(struct db *db, const char *token_hash,
                      struct session_row *out);
int store_session_touch(struct db *db, const char *token_hash, int64_t now);
int store_session_delete(struct db *db, const char *token_hash);
/* store_session_delete_user: end every session of a user except keep
 * (a token hash, or NULL for none). */
int store_session_delete_user(struct db *db, int64_t user_id,
                              const char *keep);
/* store_session_purge: delete sessions idle since before idle_before or
 * past their absolute expiry at now. */
int store_session_purge(struct db *db, int64_t idle_before, int64_t now);

/* Failed sign-ins, counted per key ("email:..." or "ip:..."). */
int store_failure_add(struct db *db, const char *key, int64_t now);
int store_failure_count(struct db *db, const char *key, int64_t since,
                        int64_t *n);
int store_failure_clear(struct db *db, const char *key);
int store_failure_purge(struct db *db, int64_t before);

/* Password resets: one-time tokens, keyed by their SHA-256 in hex. */
int store_reset_insert(struct db *db, const char *token_hash, int64_t user_id,
                       int64_t now, int64_t expires_at);
/* store_reset_valid: the user of an unused, unexpired token. */
int store_reset_valid(struct db *db, const char *token_hash, int64_t now,
                      int64_t *user_id);
/* store_reset_take: mark the token used, atomically, and return its user;
 * ERR_NOTFOUND if it was used, expired or never existed. */
int store_reset_take(struct db *db, const char *token_hash, int64_t now,
                     int64_t *user_id);

#endif
