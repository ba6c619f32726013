/* The rules of accounts: email and password checks, sign-in with its rate
 * limits, session expiry, CSRF, password change and reset, and the last
 * administrator. Runs the real domain and store code on a temporary
 * SQLite database, with a fake clock. */
#include "base/clock.h"
#include "base/config.h"
#include "domain/access.h"
#include "domain/accounts.h"
#include "domain/mail.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct config cfg;
static const char *const PW = "correct horse battery";
static const int64_t T0 = 1800000000;

static int setup(void **state)
{
  struct db *db;

  config_defaults(&cfg);
  cfg.session_idle = 600;
  cfg.session_max = 3600;
  assert_int_equal(accounts_init(&cfg), 0);
  db = test_db_open();
  assert_int_equal(store_migrate(db, NULL), 0);
  clock_set_fake(T0);
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  test_db_close(*state);
  clock_set_fake(0);
  return 0;
}

static struct user make(struct db *db, const char *email, unsigned roles)
{
  struct user u;
  struct err_detail why = {"", ""};

  assert_int_equal(account_create(db, 0, "test", email, "Test Person", PW,
                                  roles, &u, &why),
                   0);
  return u;
}

static void test_email_is_normalised_and_checked(void **state)
{
  char out[EMAIL_MAX + 1];
  struct err_detail why;

  (void)state;
  assert_int_equal(account_normalise_email("  Ana@Uni.AC.uk ", out, &why), 0);
  assert_string_equal(out, "ana@uni.ac.uk");
  assert_int_equal(account_normalise_email("no-at-sign", out, &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "email");
  assert_int_equal(account_normalise_email("a@b", out, &why), ERR_INPUT);
  assert_int_equal(account_normalise_email("a b@c.uk", out, &why), ERR_INPUT);
  assert_int_equal(account_normalise_email("@c.uk", out, &why), ERR_INPUT);
}

static void test_password_rules(void **state)
{
  struct err_detail why;

  (void)state;
  assert_int_equal(password_acceptable("short", NULL, "p", &why), ERR_INPUT);
  assert_non_null(strstr(why.msg, "10 characters"));
  assert_int_equal(password_acceptable("a@b.ac.uk1", "A@B.ac.uk1", "p", &why),
                   ERR_INPUT);
  assert_int_equal(password_acceptable(PW, "a@b.ac.uk", "p", &why), 0);
}

static void test_duplicate_email_is_a_conflict(void **state)
{
  struct db *db = *state;
  struct err_detail why;

  make(db, "dup@uni.ac.uk", ROLE_STUDENT);
  assert_int_equal(account_create(db, 0, "", "DUP@uni.ac.uk", "Other", PW,
                                  ROLE_STUDENT, NULL, &why),
                   ERR_CONFLICT);
  assert_string_equal(why.field, "email");
}

static void test_signin_starts_a_session_that_resolves(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct session s, again;

  make(db, "mentor@uni.ac.uk", ROLE_STUDENT | ROLE_CHAMPION);
  assert_int_equal(account_signin(db, "Mentor@uni.ac.uk", PW, "1.2.3.4", "ua",
                                  token, &s, NULL),
                   0);
  assert_int_equal(strlen(token), TOKEN_LEN);
  assert_int_equal(session_resolve(db, token, &again), 0);
  assert_string_equal(again.user.email, "mentor@uni.ac.uk");
  assert_int_equal(again.user.roles, ROLE_STUDENT | ROLE_CHAMPION);
  assert_true(session_csrf_ok(&again, s.csrf));
  assert_false(session_csrf_ok(&again, "forged"));
  assert_false(session_csrf_ok(&again, NULL));
  assert_int_equal(session_resolve(db, "not-a-token", &again), ERR_AUTH);
}

static void test_wrong_password_and_unknown_account_look_the_same(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct session s;
  struct err_detail a, b;

  make(db, "known@uni.ac.uk", ROLE_STUDENT);
  assert_int_equal(account_signin(db, "known@uni.ac.uk", "wrong password!",
                                  "9.9.9.9", "", token, &s, &a),
                   ERR_AUTH);
  assert_int_equal(account_signin(db, "nobody@uni.ac.uk", "wrong password!",
                                  "9.9.9.9", "", token, &s, &b),
                   ERR_AUTH);
  assert_string_equal(a.msg, b.msg);
}

static void test_signin_is_rate_limited_per_account(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct session s;
  struct err_detail why;

  make(db, "target@uni.ac.uk", ROLE_STUDENT);
  for (int i = 0; i < SIGNIN_MAX_PER_ACCOUNT; i++)
    assert_int_equal(account_signin(db, "target@uni.ac.uk", "guess guess",
                                    "5.5.5.5", "", token, &s, &why),
                     ERR_AUTH);
  /* Even the right password is refused while the limit holds... */
  assert_int_equal(account_signin(db, "target@uni.ac.uk", PW, "5.5.5.6", "",
                                  token, &s, &why),
                   ERR_LIMIT);
  assert_non_null(strstr(why.msg, "15 minutes"));
  /* ...and accepted once the window has passed. */
  clock_set_fake(T0 + SIGNIN_WINDOW + 1);
  assert_int_equal(account_signin(db, "target@uni.ac.uk", PW, "5.5.5.6", "",
                                  token, &s, &why),
                   0);
}

static void test_signin_is_rate_limited_per_address(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1], email[64];
  struct session s;

  make(db, "victim@uni.ac.uk", ROLE_STUDENT);
  for (int i = 0; i < SIGNIN_MAX_PER_ADDRESS; i++) {
    snprintf(email, sizeof(email), "spray%d@uni.ac.uk", i);
    account_signin(db, email, "guess guess", "6.6.6.6", "", token, &s, NULL);
  }
  assert_int_equal(account_signin(db, "victim@uni.ac.uk", PW, "6.6.6.6", "",
                                  token, &s, NULL),
                   ERR_LIMIT);
  assert_int_equal(account_signin(db, "victim@uni.ac.uk", PW, "7.7.7.7", "",
                                  token, &s, NULL),
                   0);
}

static void test_session_expires_when_idle_and_at_its_limit(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct session s;

  make(db, "idle@uni.ac.uk", ROLE_STUDENT);
  assert_int_equal(account_signin(db, "idle@uni.ac.uk", PW, "", "", token, &s,
                                  NULL),
                   0);
  clock_set_fake(T0 + 500);
  assert_int_equal(session_resolve(db, token, &s), 0); /* touches it */
  clock_set_fake(T0 + 1000);
  assert_int_equal(session_resolve(db, token, &s), 0);
  clock_set_fake(T0 + 1000 + cfg.session_idle + 1);
  assert_int_equal(session_resolve(db, token, &s), ERR_AUTH);

  clock_set_fake(T0);
  assert_int_equal(account_signin(db, "idle@uni.ac.uk", PW, "", "", token, &s,
                                  NULL),
                   0);
  for (int64_t t = T0; t < T0 + cfg.session_max; t += 300) {
    clock_set_fake(t);
    assert_int_equal(session_resolve(db, token, &s), 0);
  }
  clock_set_fake(T0 + cfg.session_max);
  assert_int_equal(session_resolve(db, token, &s), ERR_AUTH);
}

static void test_deactivated_account_loses_its_sessions(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct session s;
  struct user admin = make(db, "admin@uni.ac.uk", ROLE_ADMIN);
  struct user u = make(db, "leaver@uni.ac.uk", ROLE_STUDENT);

  assert_int_equal(account_signin(db, "leaver@uni.ac.uk", PW, "", "", token,
                                  &s, NULL),
                   0);
  assert_int_equal(account_set_active(db, admin.id, "", u.id, false, NULL), 0);
  assert_int_equal(session_resolve(db, token, &s), ERR_AUTH);
  assert_int_equal(account_signin(db, "leaver@uni.ac.uk", PW, "", "", token,
                                  &s, NULL),
                   ERR_AUTH);
}

static void test_last_admin_cannot_be_removed(void **state)
{
  struct db *db = *state;
  struct err_detail why;
  struct user a = make(db, "only@uni.ac.uk", ROLE_ADMIN);
  struct user b;

  assert_int_equal(account_set_roles(db, a.id, "", a.id, ROLE_STUDENT, &why),
                   ERR_CONFLICT);
  assert_int_equal(account_set_active(db, a.id, "", a.id, false, &why),
                   ERR_CONFLICT);
  b = make(db, "second@uni.ac.uk", ROLE_ADMIN);
  assert_int_equal(account_set_roles(db, b.id, "", a.id, ROLE_STUDENT, &why),
                   0);
  assert_int_equal(account_get(db, a.id, &a), 0);
  assert_int_equal(a.roles, ROLE_STUDENT);
}

static void test_change_password_keeps_this_session_only(void **state)
{
  struct db *db = *state;
  char t1[TOKEN_LEN + 1], t2[TOKEN_LEN + 1];
  struct session s1, s2;
  struct err_detail why;
  const char *fresh = "a much newer passphrase";

  make(db, "change@uni.ac.uk", ROLE_STUDENT);
  assert_int_equal(account_signin(db, "change@uni.ac.uk", PW, "", "", t1, &s1,
                                  NULL), 0);
  assert_int_equal(account_signin(db, "change@uni.ac.uk", PW, "", "", t2, &s2,
                                  NULL), 0);
  assert_int_equal(account_change_password(db, &s1, "wrong one!!", fresh,
                                           fresh, "", &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "current_password");
  assert_int_equal(account_change_password(db, &s1, PW, fresh, "different",
                                           "", &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "confirm_password");
  assert_int_equal(account_change_password(db, &s1, PW, fresh, fresh, "",
                                           &why),
                   0);
  assert_int_equal(session_resolve(db, t1, &s1), 0);
  assert_int_equal(session_resolve(db, t2, &s2), ERR_AUTH);
  assert_int_equal(account_signin(db, "change@uni.ac.uk", fresh, "", "", t2,
                                  &s2, NULL), 0);
}

/* The token is only in the mail: read it back from the outbox. */
static void token_from_outbox(struct db *db, char *token)
{
  struct outbox_row row;
  int64_t total;
  int n;
  const char *p;

  assert_int_equal(mail_list(db, "reset@uni.ac.uk", 0, 1, &row, &n, &total),
                   0);
  assert_int_equal(n, 1);
  p = strstr(row.body, "token=");
  assert_non_null(p);
  memcpy(token, p + 6, TOKEN_LEN);
  token[TOKEN_LEN] = '\0';
}

static void test_reset_link_works_once_and_expires(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1], st[TOKEN_LEN + 1];
  struct session s;
  struct err_detail why;
  const char *fresh = "reset to something new";

  make(db, "reset@uni.ac.uk", ROLE_STUDENT);
  assert_int_equal(reset_request(db, "nobody@uni.ac.uk", "http://x", ""), 0);
  assert_int_equal(reset_request(db, "reset@uni.ac.uk", "http://x", ""), 0);
  token_from_outbox(db, token);
  assert_int_equal(reset_check(db, token), 0);
  assert_int_equal(reset_complete(db, token, "short", "short", "", &why),
                   ERR_INPUT);
  assert_int_equal(reset_check(db, token), 0); /* still usable */
  assert_int_equal(reset_complete(db, token, fresh, fresh, "", &why), 0);
  assert_int_equal(reset_complete(db, token, fresh, fresh, "", &why),
                   ERR_NOTFOUND);
  assert_int_equal(account_signin(db, "reset@uni.ac.uk", fresh, "", "", st,
                                  &s, NULL), 0);

  assert_int_equal(reset_request(db, "reset@uni.ac.uk", "http://x", ""), 0);
  token_from_outbox(db, token);
  clock_set_fake(T0 + 3601);
  assert_int_equal(reset_check(db, token), ERR_NOTFOUND);
}

static void test_reset_requests_are_limited(void **state)
{
  struct db *db = *state;

  make(db, "spam@uni.ac.uk", ROLE_STUDENT);
  for (int i = 0; i < 3; i++)
    assert_int_equal(reset_request(db, "spam@uni.ac.uk", "http://x", "1.1.1.1"),
                     0);
  assert_int_equal(reset_request(db, "spam@uni.ac.uk", "http://x", "1.1.1.1"),
                   ERR_LIMIT);
}

static void test_scope_self_or_role(void **state)
{
  struct user student = {.id = 5, .roles = ROLE_STUDENT, .active = true};
  struct user coord = {.id = 6, .roles = ROLE_COORDINATOR, .active = true};
  struct user gone = {.id = 7, .roles = ROLE_ADMIN, .active = false};

  (void)state;
  assert_int_equal(access_check(&student, ROLE_COORDINATOR,
                                (struct scope){SCOPE_SELF, 5}),
                   0);
  assert_int_equal(access_check(&student, ROLE_COORDINATOR,
                                (struct scope){SCOPE_SELF, 6}),
                   ERR_PERM);
  assert_int_equal(access_check(&coord, ROLE_COORDINATOR,
                                (struct scope){SCOPE_SELF, 5}),
                   0);
  assert_int_equal(access_check(&gone, ROLE_ADMIN,
                                (struct scope){SCOPE_ANY, 0}),
                   ERR_PERM);
  assert_true(access_has_role(&student, 0));
  assert_false(access_has_role(&student, ROLE_ADMIN | ROLE_COORDINATOR));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_email_is_normalised_and_checked),
      T(test_password_rules),
      T(test_duplicate_email_is_a_conflict),
      T(test_signin_starts_a_session_that_resolves),
      T(test_wrong_password_and_unknown_account_look_the_same),
      T(test_signin_is_rate_limited_per_account),
      T(test_signin_is_rate_limited_per_address),
      T(test_session_expires_when_idle_and_at_its_limit),
      T(test_deactivated_account_loses_its_sessions),
      T(test_last_admin_cannot_be_removed),
      T(test_change_password_keeps_this_session_only),
      T(test_reset_link_works_once_and_expires),
      T(test_reset_requests_are_limited),
      T(test_scope_self_or_role),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
