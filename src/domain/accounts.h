/* domain/accounts.h: people who can sign in, their roles, sessions,
 * passwords and password resets; the rules of sign-in (rate limits, expiry,
 * one-time reset links). No SQL here (store/accounts.c) and no HTTP. */
#ifndef TANDEM_DOMAIN_ACCOUNTS_H
#define TANDEM_DOMAIN_ACCOUNTS_H

#include "base/config.h"
#include "base/err.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Roles are a bit set: a person may hold several. Mentor and mentee are
 * not roles but per-scheme participations. */
enum role {
  ROLE_ADMIN = 1 << 0,       /* IT: accounts, configuration, audit */
  ROLE_COORDINATOR = 1 << 1, /* the central Peer Mentoring Team */
  ROLE_CHAMPION = 1 << 2,    /* academic champion (staff) */
  ROLE_STUDENT = 1 << 3,
};
enum { ROLE_COUNT = 4, ROLE_ALL = 15 };

/* role_name: "admin", "coordinator", "champion", "student" (for storage,
 * the CLI and the API); role_label: the words a person reads. */
const char *role_name(unsigned role);
const char *role_label(unsigned role);
/* role_parse: the role called name, or 0. */
unsigned role_parse(const char *name);

enum { EMAIL_MAX = 254, NAME_MAX_LEN = 100, PASSWORD_MIN = 10,
       PASSWORD_MAX = 200, TOKEN_LEN = 43 /* base64url of 32 bytes */ };

struct user {
  int64_t id;
  char email[EMAIL_MAX + 1];
  char name[NAME_MAX_LEN + 28];
  unsigned roles;
  bool active;
  int64_t created_at;
};

/* A signed-in visitor. */
struct session {
  struct user user;
  char csrf[64];        /* the token every form of this session carries */
  char token_hash[65];  /* SHA-256 of the cookie's token, hex */
};

/* accounts_init: ready libsodium and the limit on concurrent password
 * hashing (cfg->hash_concurrency); keeps cfg for session lifetimes. Call
 * once at start; cfg must outlive every other call. ERR_INTERNAL if
 * libsodium cannot start. */
int accounts_init(const struct config *cfg);

/* account_normalise_email: trimmed, lowercased copy of in into out
 * (EMAIL_MAX + 1 bytes); ERR_INPUT with a reason if it is not an email. */
int account_normalise_email(const char *in, char *out, struct err_detail *why);
/* password_acceptable: ERR_INPUT with a reason when pw is too short, too
 * long, or the same as the email. field names the form field. */
int password_acceptable(const char *pw, const char *email, const char *field,
                        struct err_detail *why);

/* account_create: a new active account with roles. actor_id 0 when done
 * from the command line. ERR_INPUT (why says which field), ERR_CONFLICT if
 * the email is taken. Audited. */
int account_create(struct db *db, int64_t actor_id, const char *ip,
                   const char *email, const char *name, const char *password,
                   unsigned roles, struct user *out, struct err_detail *why);
/* account_password_hash: the argon2id hash of pw (at most
 * --hash-concurrency at once) into hash (ACCOUNT_HASH_MAX bytes), for a
 * caller that must not hash inside a transaction. ERR_INTERNAL if it
 * cannot. */
enum { ACCOUNT_HASH_MAX = 128 };
int account_password_hash(const char *pw, char *hash);
/* account_create_hashed: account_create with the password already
 * checked (password_acceptable) and hashed (account_password_hash). */
int account_create_hashed(struct db *db, int64_t actor_id, const char *ip,
                          const char *email, const char *name,
                          const char *hash, unsigned roles, struct user *out,
                          struct err_detail *why);
int account_get(struct db *db, int64_t id, struct user *out);
int account_by_email(struct db *db, const char *email, struct user *out);
/* account_list: a page of accounts ordered by email. rows has limit
 * entries; *n are filled; *total is the number of accounts. */
int account_list(struct db *db, int offset, int limit, struct user *rows,
                 int *n, int64_t *total);
/* account_set_roles: make user_id's roles exactly roles, auditing each
 * grant and revoke. ERR_CONFLICT when it would leave no active admin. */
int account_set_roles(struct db *db, int64_t actor_id, const char *ip,
                      int64_t user_id, unsigned roles,
                      struct err_detail *why);
/* account_set_active: deactivate (ending every session) or reactivate.
 * ERR_CONFLICT when it would leave no active admin. */
int account_set_active(struct db *db, int64_t actor_id, const char *ip,
                       int64_t user_id, bool active, struct err_detail *why);
/* account_set_password: set a new password (an administrator's command);
 * ends every session of the account. */
int account_set_password(struct db *db, int64_t actor_id, const char *ip,
                         int64_t user_id, const char *password,
                         struct err_detail *why);

/* Sign-in ------------------------------------------------------------- */

enum { SIGNIN_WINDOW = 15 * 60, SIGNIN_MAX_PER_ACCOUNT = 5,
       SIGNIN_MAX_PER_ADDRESS = 30 };

/* account_signin: check the password and start a session. On success
 * writes the cookie's token (TOKEN_LEN + 1 bytes) and the session. Fails
 * with ERR_INPUT (a field is empty), ERR_AUTH (the same for a wrong
 * password, an unknown email and a deactivated account), or ERR_LIMIT
 * after too many failures for this email or this address. Audited. */
int account_signin(struct db *db, const char *email, const char *password,
                   const char *ip, const char *user_agent, char *token,
                   struct session *out, struct err_detail *why);
/* account_session_start: start a session for u, who has just proved who
 * they are another way (an invitation link, with the password they chose
 * on it). Writes the cookie's token (TOKEN_LEN + 1 bytes) and the session.
 * Audited ("signin"). */
int account_session_start(struct db *db, const struct user *u, const char *ip,
                          const char *user_agent, char *token,
                          struct session *out);
/* session_resolve: the live session of a cookie token; ERR_AUTH when there
 * is none, or it has passed its idle or absolute expiry (then it is also
 * deleted), or the account was deactivated. */
int session_resolve(struct db *db, const char *token, struct session *out);
/* session_end: sign out. */
int session_end(struct db *db, const struct session *s, const char *ip);
/* session_csrf_ok: whether a form's token is this session's, compared in
 * constant time. */
bool session_csrf_ok(const struct session *s, const char *token);

/* Passwords ----------------------------------------------------------- */

/* account_change_password: the signed-in person changes their password,
 * giving the current one. Other sessions end; this one stays. */
int account_change_password(struct db *db, const struct session *s,
                            const char *current, const char *fresh,
                            const char *confirm, const char *ip,
                            struct err_detail *why);
/* reset_request: if email belongs to an active account, mail it a one-time
 * link (valid an hour) to base_url/password/reset?token=... Returns 0 either
 * way, so the caller cannot tell whether the account exists; ERR_LIMIT
 * after too many requests for one email or address. */
int reset_request(struct db *db, const char *email, const char *base_url,
                  const char *ip);
/* reset_check: whether a reset token is valid now. */
int reset_check(struct db *db, const char *token);
/* reset_complete: set a new password with a reset token; the token is used
 * up and every session of the account ends. ERR_NOTFOUND for a used,
 * expired or unknown token. */
int reset_complete(struct db *db, const char *token, const char *fresh,
                   const char *confirm, const char *ip,
                   struct err_detail *why);

/* random_token: TOKEN_LEN characters of base64url from 32 random bytes,
 * NUL-terminated, into out (TOKEN_LEN + 1 bytes). */
void random_token(char *out);
/* token_hash: SHA-256 of token in hex into out (65 bytes). */
void token_hash(const char *token, char *out);

#endif
