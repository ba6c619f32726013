/* domain/accounts.c: accounts, roles, sessions, passwords and resets. */
#include "domain/accounts.h"

#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/accounts.h"
#include "store/session_cache.h"

#include <ctype.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

static const struct config *settings;
static sem_t hash_slots; /* argon2id is costly: cap how many run at once */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool sodium_ok;

static void init_globals(void)
{
  int slots = settings->hash_concurrency > 0 ? settings->hash_concurrency : 1;

  sodium_ok = sodium_init() >= 0;
  sem_init(&hash_slots, 0, (unsigned)slots);
}

int accounts_init(const struct config *cfg)
{
  settings = cfg;
  pthread_once(&init_once, init_globals);
  return sodium_ok ? 0 : ERR_INTERNAL;
}

/* ------------------------------------------------------------------ roles */

_Static_assert((int)ROLE_ADMIN == (int)STORE_ROLE_ADMIN &&
                   (int)ROLE_COORDINATOR == (int)STORE_ROLE_COORDINATOR &&
                   (int)ROLE_CHAMPION == (int)STORE_ROLE_CHAMPION &&
                   (int)ROLE_STUDENT == (int)STORE_ROLE_STUDENT,
               "roles are stored with the same bits");

static const struct {
  unsigned bit;
  const char *name, *label;
} roles[ROLE_COUNT] = {
    {ROLE_ADMIN, "admin", "Administrator"},
    {ROLE_COORDINATOR, "coordinator", "Coordinator"},
    {ROLE_CHAMPION, "champion", "Academic champion"},
    {ROLE_STUDENT, "student", "Student"},
};

const char *role_name(unsigned role)
{
  for (int i = 0; i < ROLE_COUNT; i++)
    if (roles[i].bit == role)
      return roles[i].name;
  return "";
}

const char *role_label(unsigned role)
{
  for (int i = 0; i < ROLE_COUNT; i++)
    if (roles[i].bit == role)
      return roles[i].label;
  return "";
}

unsigned role_parse(const char *name)
{
  for (int i = 0; i < ROLE_COUNT; i++)
    if (str_eq(name, roles[i].name))
      return roles[i].bit;
  return 0;
}

/* ---------------------------------------------------------------- tokens */

void random_token(char *out)
{
  unsigned char raw[32];

  randombytes_buf(raw, sizeof(raw));
  sodium_bin2base64(out, TOKEN_LEN + 1, raw, sizeof(raw),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char *out)
{
  unsigned char h[crypto_hash_sha256_BYTES];

  crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
  sodium_bin2hex(out, 65, h, sizeof(h));
}

/* ------------------------------------------------------------- passwords */

static int hash_password(const char *pw, char *out)
{
  int rc;

  sem_wait(&hash_slots);
  rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
  sem_post(&hash_slots);
  if (rc) {
    log_error("msg=\"password hashing failed (out of memory?)\"");
    return ERR_INTERNAL;
  }
  return 0;
}

static bool verify_password(const char *hash, const char *pw)
{
  int rc;

  sem_wait(&hash_slots);
  rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
  sem_post(&hash_slots);
  return rc == 0;
}

/* A hash of a password nobody knows, so that signing in to an unknown
 * account costs the same time as to a known one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
  char pw[TOKEN_LEN + 1];

  random_token(pw);
  if (hash_password(pw, dummy_hash))
    dummy_hash[0] = '\0';
}

static void spend_a_verify(const char *pw)
{
  pthread_once(&dummy_once, make_dummy);
  if (dummy_hash[0])
    verify_password(dummy_hash, pw);
}

int account_normalise_email(const char *in, char *out, struct err_detail *why)
{
  char tmp[EMAIL_MAX + 2];
  const char *at, *dot;
  char *s;

  if (!in || !*in)
    return err_set(why, ERR_INPUT, "email", "Enter an email address.");
  if (!str_copy(tmp, sizeof(tmp), in) || strlen(str_trim(tmp)) > EMAIL_MAX)
    return err_set(why, ERR_INPUT, "email",
                   "Email addresses have at most 254 characters.");
  s = str_lower(str_trim(tmp));
  at = strchr(s, '@');
  for (const char *p = s; *p; p++) {
    if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' ||
        *p == ',' || *p == ';' || *p == '\\' || (unsigned char)*p == 0x7f)
      return err_set(why, ERR_INPUT, "email",
                     "Enter an email address like name@university.ac.uk.");
  }
  dot = at ? strchr(at, '.') : NULL;
  if (!at || at == s || strchr(at + 1, '@') || !dot || dot == at + 1 ||
      !dot[1] || s[strlen(s) - 1] == '.')
    return err_set(why, ERR_INPUT, "email",
                   "Enter an email address like name@university.ac.uk.");
  str_copy(out, EMAIL_MAX + 1, s);
  return 0;
}

int password_acceptable(const char *pw, const char *email, const char *field,
                        struct err_detail *why)
{
  size_t n = pw ? strlen(pw) : 0;

  if (n == 0)
    return err_set(why, ERR_INPUT, field, "Enter a password.");
  if (n < PASSWORD_MIN)
    return err_set(why, ERR_INPUT, field,
                   "Passwords need at least 10 characters. A few words "
                   "you will remember make a strong one.");
  if (n > PASSWORD_MAX)
    return err_set(why, ERR_INPUT, field,
                   "Passwords have at most 200 characters.");
  if (!str_valid_text(pw, n))
    return err_set(why, ERR_INPUT, field,
                   "Passwords cannot hold control characters.");
  if (email && strcasecmp(pw, email) == 0)
    return err_set(why, ERR_INPUT, field,
                   "Choose a password that is not your email address.");
  return 0;
}

/* --------------------------------------------------------------- accounts */

static void user_from_row(const struct user_row *r, struct user *u)
{
  memset(u, 0, sizeof(*u));
  u->id = r->id;
  str_copy(u->email, sizeof(u->email), r->email);
  str_copy(u->name, sizeof(u->name), r->name);
  u->active = r->active;
  u->created_at = r->created_at;
  u->roles = r->roles & ROLE_ALL;
}

int account_get(struct db *db, int64_t id, struct user *out)
{
  struct user_row r;
  int rc = store_user_by_id(db, id, &r);

  if (rc == 0)
    user_from_row(&r, out);
  return rc;
}

int account_by_email(struct db *db, const char *email, struct user *out)
{
  char norm[EMAIL_MAX + 1];
  struct user_row r;
  int rc;

  if (account_normalise_email(email, norm, NULL))
    return ERR_NOTFOUND;
  if ((rc = store_user_by_email(db, norm, &r)) == 0)
    user_from_row(&r, out);
  return rc;
}

int account_list(struct db *db, int offset, int limit, struct user *rows,
                 int *n, int64_t *total)
{
  struct user_row *raw = xcalloc((size_t)limit, sizeof(*raw));
  int rc = store_user_list(db, offset, limit, raw, n, total);

  for (int i = 0; rc == 0 && i < *n; i++)
    user_from_row(&raw[i], &rows[i]);
  free(raw);
  return rc;
}

static int check_name(const char *name, char *out, struct err_detail *why)
{
  char tmp[NAME_MAX_LEN * 4 + 2];

  if (!name || !str_copy(tmp, sizeof(tmp), name))
    return err_set(why, ERR_INPUT, "name", "Names have at most 100 characters.");
  str_trim(tmp);
  if (!*tmp)
    return err_set(why, ERR_INPUT, "name", "Enter the person's name.");
  if (strlen(tmp) > NAME_MAX_LEN || !str_valid_text(tmp, strlen(tmp)) ||
      strpbrk(tmp, "\r\n\t"))
    return err_set(why, ERR_INPUT, "name",
                   "Names have at most 100 characters, on one line.");
  str_copy(out, NAME_MAX_LEN + 1, tmp);
  return 0;
}

/* Audit each role added (in `after` but not `before`) and removed. */
static int audit_roles(struct db *db, int64_t actor_id, const char *ip,
                       const char *email, unsigned before, unsigned after)
{
  int rc = 0;

  for (int i = 0; rc == 0 && i < ROLE_COUNT; i++) {
    unsigned bit = roles[i].bit;

    if ((after & bit) && !(before & bit))
      rc = audit_record(db, actor_id, "role.grant", email, roles[i].name, ip);
    else if ((before & bit) && !(after & bit))
      rc = audit_record(db, actor_id, "role.revoke", email, roles[i].name, ip);
  }
  return rc;
}

int account_password_hash(const char *pw, char *hash)
{
  _Static_assert(crypto_pwhash_STRBYTES <= ACCOUNT_HASH_MAX, "hash size");
  return hash_password(pw, hash);
}

int account_create(struct db *db, int64_t actor_id, const char *ip,
                   const char *email, const char *name, const char *password,
                   unsigned role_set, struct user *out,
                   struct err_detail *why)
{
  char norm[EMAIL_MAX + 1], hash[crypto_pwhash_STRBYTES];
  int rc;

  if ((rc = account_normalise_email(email, norm, why)) ||
      (rc = password_acceptable(password, norm, "password", why)))
    return rc;
  if ((rc = hash_password(password, hash)))
    return rc;
  return account_create_hashed(db, actor_id, ip, norm, name, hash, role_set,
                               out, why);
}

int account_create_hashed(struct db *db, int64_t actor_id, const char *ip,
                          const char *email, const char *name,
                          const char *hash, unsigned role_set,
                          struct user *out, struct err_detail *why)
{
  char norm[EMAIL_MAX + 1], clean_name[NAME_MAX_LEN + 1];
  int64_t id;
  int rc;

  if ((rc = account_normalise_email(email, norm, why)) ||
      (rc = check_name(name, clean_name, why)))
    return rc;
  if (role_set & ~(unsigned)ROLE_ALL)
    return err_set(why, ERR_INPUT, "roles", "Choose roles from the list.");
  if ((rc = db_begin(db)))
    return rc;
  rc = store_user_insert(db, norm, clean_name, hash, role_set, clock_now(),
                         &id);
  if (rc == ERR_CONFLICT)
    err_set(why, rc, "email", "There is already an account with that email.");
  if (rc == 0)
    rc = audit_record(db, actor_id, "account.create", norm, clean_name, ip);
  if (rc == 0)
    rc = audit_roles(db, actor_id, ip, norm, 0, role_set);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  if ((rc = db_commit(db)))
    return rc;
  return out ? account_get(db, id, out) : 0;
}

/* Whether taking admin rights from (or deactivating) target leaves no
 * active administrator. */
static int last_admin(struct db *db, const struct user *target, bool *is_last)
{
  int64_t admins;
  int rc;

  *is_last = false;
  if (!(target->roles & ROLE_ADMIN) || !target->active)
    return 0;
  if ((rc = store_user_count_role(db, ROLE_ADMIN, &admins)))
    return rc;
  *is_last = admins <= 1;
  return 0;
}

int account_set_roles(struct db *db, int64_t actor_id, const char *ip,
                      int64_t user_id, unsigned role_set,
                      struct err_detail *why)
{
  struct user u;
  bool is_last;
  int rc;

  if (role_set & ~(unsigned)ROLE_ALL)
    return err_set(why, ERR_INPUT, "roles", "Choose roles from the list.");
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = account_get(db, user_id, &u)))
    goto done;
  if (!(role_set & ROLE_ADMIN)) {
    if ((rc = last_admin(db, &u, &is_last)))
      goto done;
    if (is_last) {
      rc = err_set(why, ERR_CONFLICT, "roles",
                   "This is the only active administrator: make someone "
                   "else an administrator first.");
      goto done;
    }
  }
  if (role_set != u.roles) {
    rc = store_user_set_roles(db, user_id, role_set, clock_now());
    if (rc == 0)
      rc = audit_roles(db, actor_id, ip, u.email, u.roles, role_set);
  }
done:
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int account_set_active(struct db *db, int64_t actor_id, const char *ip,
                       int64_t user_id, bool active, struct err_detail *why)
{
  struct user u;
  bool is_last;
  int rc;

  if ((rc = db_begin(db)))
    return rc;
  if ((rc = account_get(db, user_id, &u)))
    goto done;
  if (u.active == active)
    goto done;
  if (!active) {
    if ((rc = last_admin(db, &u, &is_last)))
      goto done;
    if (is_last) {
      rc = err_set(why, ERR_CONFLICT, "",
                   "This is the only active administrator: it cannot be "
                   "deactivated.");
      goto done;
    }
  }
  rc = store_user_set_active(db, user_id, active, clock_now());
  if (rc == 0 && !active)
    rc = store_session_delete_user(db, user_id, NULL);
  if (rc == 0)
    rc = audit_record(db, actor_id,
                      active ? "account.activate" : "account.deactivate",
                      u.email, "", ip);
done:
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int account_set_password(struct db *db, int64_t actor_id, const char *ip,
                         int64_t user_id, const char *password,
                         struct err_detail *why)
{
  char hash[crypto_pwhash_STRBYTES];
  struct user u;
  int rc;

  if ((rc = account_get(db, user_id, &u)))
    return rc;
  if ((rc = password_acceptable(password, u.email, "password", why)) ||
      (rc = hash_password(password, hash)))
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_user_set_password(db, user_id, hash, clock_now());
  if (rc == 0)
    rc = store_session_delete_user(db, user_id, NULL);
  if (rc == 0)
    rc = audit_record(db, actor_id, "password.set", u.email, "", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

/* ---------------------------------------------------------------- sign-in */

static int start_session(struct db *db, const struct user *u, const char *ip,
                         const char *ua, char *token, struct session *out)
{
  int64_t now = clock_now();
  char ua_short[256];

  random_token(token);
  memset(out, 0, sizeof(*out));
  out->user = *u;
  token_hash(token, out->token_hash);
  random_token(out->csrf);
  str_copy(ua_short, sizeof(ua_short), ua ? ua : "");
  return store_session_insert(db, out->token_hash, u->id, out->csrf, now,
                              now + settings->session_max, ip ? ip : "",
                              ua_short);
}

static void failure_key(char *out, size_t n, const char *kind, const char *v)
{
  snprintf(out, n, "%s:%s", kind, v);
}

int account_signin(struct db *db, const char *email, const char *password,
                   const char *ip, const char *user_agent, char *token,
                   struct session *out, struct err_detail *why)
{
  char norm[EMAIL_MAX + 1], key_email[EMAIL_MAX + 16], key_ip[96];
  int64_t since = clock_now() - SIGNIN_WINDOW, n_email, n_ip;
  struct user_row r;
  struct user u;
  bool found;
  int rc;

  if (!email || !*email)
    return err_set(why, ERR_INPUT, "email", "Enter your email address.");
  if (!password || !*password)
    return err_set(why, ERR_INPUT, "password", "Enter your password.");
  if (account_normalise_email(email, norm, NULL))
    str_copy(norm, sizeof(norm), email); /* counted, never found */
  failure_key(key_email, sizeof(key_email), "email", norm);
  failure_key(key_ip, sizeof(key_ip), "ip", ip ? ip : "");
  if ((rc = store_failure_count(db, key_email, since, &n_email)) ||
      (rc = store_failure_count(db, key_ip, since, &n_ip)))
    return rc;
  if (n_email >= SIGNIN_MAX_PER_ACCOUNT || n_ip >= SIGNIN_MAX_PER_ADDRESS) {
    audit_record(db, 0, "signin.limited", norm, "", ip);
    return err_set(why, ERR_LIMIT, "",
                   "Too many failed sign-ins. Wait 15 minutes and try "
                   "again, or reset your password.");
  }
  rc = store_user_by_email(db, norm, &r);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  found = rc == 0 && r.active;
  if (!found)
    spend_a_verify(password);
  if (!found || strlen(password) > PASSWORD_MAX ||
      !verify_password(r.password_hash, password)) {
    if ((rc = store_failure_add(db, key_email, clock_now())) ||
        (rc = store_failure_add(db, key_ip, clock_now())))
      return rc;
    audit_record(db, 0, "signin.failed", norm, "", ip);
    return err_set(why, ERR_AUTH, "",
                   "The email address or password is not right. Check them "
                   "and try again.");
  }
  user_from_row(&r, &u);
  if ((rc = store_failure_clear(db, key_email)) ||
      (rc = start_session(db, &u, ip, user_agent, token, out)))
    return rc;
  audit_record(db, u.id, "signin", u.email, "", ip);
  return 0;
}

int account_session_start(struct db *db, const struct user *u, const char *ip,
                          const char *user_agent, char *token,
                          struct session *out)
{
  int rc = start_session(db, u, ip, user_agent, token, out);

  return rc ? rc : audit_record(db, u->id, "signin", u->email, "", ip);
}

static void session_from_row(const struct session_row *row,
                             struct session *out)
{
  out->user.id = row->user_id;
  str_copy(out->user.email, sizeof(out->user.email), row->email);
  str_copy(out->user.name, sizeof(out->user.name), row->name);
  out->user.roles = row->role_bits & ROLE_ALL;
  out->user.active = true;
  out->user.created_at = row->user_created_at;
  str_copy(out->csrf, sizeof(out->csrf), row->csrf);
}

int session_resolve(struct db *db, const char *token, struct session *out)
{
  struct session_row row;
  int64_t now = clock_now();
  int64_t idle = settings->session_idle;
  int64_t touch_every = idle < 240 ? idle / 4 : 60;
  uint64_t gen;
  int rc;

  if (!token || strlen(token) != TOKEN_LEN)
    return ERR_AUTH;
  memset(out, 0, sizeof(*out));
  token_hash(token, out->token_hash);
  /* A session this node read a moment ago (PostgreSQL only), when it is
   * neither due a touch nor near an end: those go to the database. */
  if (store_session_cache_get(out->token_hash, &row, &gen) && row.active &&
      now < row.expires_at && now - row.last_seen_at < touch_every) {
    session_from_row(&row, out);
    return 0;
  }
  rc = store_session_get(db, out->token_hash, &row);
  if (rc == ERR_NOTFOUND)
    return ERR_AUTH;
  if (rc)
    return rc;
  if (now >= row.expires_at || now - row.last_seen_at > idle) {
    store_session_delete(db, out->token_hash);
    return ERR_AUTH;
  }
  if (!row.active) {
    store_session_delete(db, out->token_hash);
    return ERR_AUTH;
  }
  session_from_row(&row, out);
  if (now - row.last_seen_at >= touch_every) {
    if ((rc = store_session_touch(db, out->token_hash, now)))
      return rc;
    row.last_seen_at = now;
  }
  store_session_cache_put(out->token_hash, &row, gen);
  return 0;
}

int session_end(struct db *db, const struct session *s, const char *ip)
{
  int rc = store_session_delete(db, s->token_hash);

  if (rc == 0)
    audit_record(db, s->user.id, "signout", s->user.email, "", ip);
  return rc;
}

bool session_csrf_ok(const struct session *s, const char *token)
{
  size_t n = strlen(s->csrf);

  return token && n > 0 && strlen(token) == n &&
         sodium_memcmp(s->csrf, token, n) == 0;
}

/* --------------------------------------------------------------- passwords */

static int check_new_password(const char *fresh, const char *confirm,
                              const char *email, struct err_detail *why)
{
  int rc = password_acceptable(fresh, email, "new_password", why);

  if (rc)
    return rc;
  if (!confirm || strcmp(fresh, confirm) != 0)
    return err_set(why, ERR_INPUT, "confirm_password",
                   "The two new passwords are not the same.");
  return 0;
}

int account_change_password(struct db *db, const struct session *s,
                            const char *current, const char *fresh,
                            const char *confirm, const char *ip,
                            struct err_detail *why)
{
  char hash[crypto_pwhash_STRBYTES];
  struct user_row r;
  int rc;

  if (!current || !*current)
    return err_set(why, ERR_INPUT, "current_password",
                   "Enter your current password.");
  if ((rc = store_user_by_id(db, s->user.id, &r)))
    return rc;
  if (strlen(current) > PASSWORD_MAX ||
      !verify_password(r.password_hash, current))
    return err_set(why, ERR_INPUT, "current_password",
                   "Your current password is not right.");
  if ((rc = check_new_password(fresh, confirm, r.email, why)) ||
      (rc = hash_password(fresh, hash)))
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  rc = store_user_set_password(db, r.id, hash, clock_now());
  if (rc == 0)
    rc = store_session_delete_user(db, r.id, s->token_hash);
  if (rc == 0)
    rc = audit_record(db, r.id, "password.change", r.email, "", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

enum { RESET_TTL = 3600, RESET_MAX_PER_EMAIL = 3, RESET_MAX_PER_ADDRESS = 20 };

int reset_request(struct db *db, const char *email, const char *base_url,
                  const char *ip)
{
  char norm[EMAIL_MAX + 1], key_email[EMAIL_MAX + 16], key_ip[96];
  char token[TOKEN_LEN + 1], hash[65], body[1024];
  int64_t now = clock_now(), n_email, n_ip;
  struct user_row r;
  int rc;

  if (account_normalise_email(email, norm, NULL))
    return ERR_INPUT;
  failure_key(key_email, sizeof(key_email), "reset", norm);
  failure_key(key_ip, sizeof(key_ip), "resetip", ip ? ip : "");
  if ((rc = store_failure_count(db, key_email, now - 3600, &n_email)) ||
      (rc = store_failure_count(db, key_ip, now - 3600, &n_ip)))
    return rc;
  if (n_email >= RESET_MAX_PER_EMAIL || n_ip >= RESET_MAX_PER_ADDRESS)
    return ERR_LIMIT;
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = store_failure_add(db, key_email, now)) ||
      (rc = store_failure_add(db, key_ip, now)))
    goto done;
  rc = store_user_by_email(db, norm, &r);
  if (rc == ERR_NOTFOUND || (rc == 0 && !r.active)) {
    rc = audit_record(db, 0, "password.reset.request", norm, "no account", ip);
    goto done;
  }
  if (rc)
    goto done;
  random_token(token);
  token_hash(token, hash);
  if ((rc = store_reset_insert(db, hash, r.id, now, now + RESET_TTL)))
    goto done;
  snprintf(body, sizeof(body),
           "Hello %s,\n\n"
           "Someone (we hope you) asked to reset the password of your Tandem "
           "account.\nTo choose a new password, open this link within an "
           "hour:\n\n%s/password/reset?token=%s\n\n"
           "If you did not ask for this, you can ignore this message: your "
           "password stays as it is.\n\n-- Tandem, the Peer Mentoring Team\n",
           r.name, base_url, token);
  if ((rc = mail_queue(db, r.email, "Reset your Tandem password", body)))
    goto done;
  rc = audit_record(db, r.id, "password.reset.request", r.email, "", ip);
done:
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int reset_check(struct db *db, const char *token)
{
  char hash[65];
  int64_t user_id;

  if (!token || strlen(token) != TOKEN_LEN)
    return ERR_NOTFOUND;
  token_hash(token, hash);
  return store_reset_valid(db, hash, clock_now(), &user_id);
}

int reset_complete(struct db *db, const char *token, const char *fresh,
                   const char *confirm, const char *ip,
                   struct err_detail *why)
{
  char hash[65], pw_hash[crypto_pwhash_STRBYTES];
  int64_t user_id;
  struct user_row r;
  int rc;

  if (!token || strlen(token) != TOKEN_LEN)
    return ERR_NOTFOUND;
  token_hash(token, hash);
  if ((rc = store_reset_valid(db, hash, clock_now(), &user_id)) ||
      (rc = store_user_by_id(db, user_id, &r)))
    return rc;
  if ((rc = check_new_password(fresh, confirm, r.email, why)) ||
      (rc = hash_password(fresh, pw_hash)))
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  /* Taken again inside the transaction: only one use wins a race. */
  rc = store_reset_take(db, hash, clock_now(), &user_id);
  if (rc == 0)
    rc = store_user_set_password(db, user_id, pw_hash, clock_now());
  if (rc == 0)
    rc = store_session_delete_user(db, user_id, NULL);
  if (rc == 0) {
    char key[EMAIL_MAX + 16];

    /* A new password lifts the lock that failed guesses put on the account. */
    failure_key(key, sizeof(key), "email", r.email);
    rc = store_failure_clear(db, key);
  }
  if (rc == 0)
    rc = audit_record(db, user_id, "password.reset", r.email, "", ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}
