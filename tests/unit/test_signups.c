/* Mentee sign-up and invitations: validation of a sign-up against the
 * scheme's topics, pasted addresses all or nothing, an invitation's link
 * that works once and expires, and the merge of an invited student's
 * account with their record on enrolment, including the ambiguous cases
 * that must merge nothing. Runs on a fresh database (SQLite, or
 * PostgreSQL with TANDEM_TEST_DB). */
#include "base/clock.h"
#include "base/config.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "domain/signups.h"
#include "store/people.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static struct config cfg;
static struct scheme_row scheme;
static const char *BASE = "https://mentoring.example.ac.uk";

static int setup(void **state)
{
  struct db *db = test_db_open();
  struct faculty_row f = {.code = "FSE", .name = "Science and Engineering"};
  struct course_row c = {.code = "CS101", .title = "Computer Science",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "FSE", .active = true};
  struct err_detail why = {"", ""};
  int64_t id;
  char change;

  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(faculty_save(db, &f, &change, NULL), 0);
  assert_int_equal(course_save(db, &c, &change, NULL), 0);
  assert_int_equal(scheme_defaults("pastoral", &scheme), 0);
  str_copy(scheme.name, sizeof(scheme.name), "Computer Science mentoring");
  str_copy(scheme.academic_year, sizeof(scheme.academic_year), "2026/27");
  str_copy(scheme.starts_on, sizeof(scheme.starts_on), "2026-09-21");
  str_copy(scheme.ends_on, sizeof(scheme.ends_on), "2027-06-11");
  str_copy(scheme.status, sizeof(scheme.status), "published");
  scheme.signups_open = true;
  scheme.ncourses = 1;
  scheme.courses[0] = c.id;
  assert_int_equal(scheme_create(db, 0, NULL, &scheme, &id, &why), 0);
  assert_int_equal(scheme_get(db, id, &scheme), 0);
  /* Whatever create kept, the tests need it open. */
  str_copy(scheme.status, sizeof(scheme.status), "published");
  scheme.signups_open = true;
  assert_int_equal(scheme_save(db, 0, NULL, &scheme, &why), 0);
  assert_int_equal(scheme_get(db, id, &scheme), 0);
  assert_string_equal(scheme.status, "published");
  assert_true(scheme.signups_open);
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  clock_set_fake(0);
  test_db_close(*state);
  return 0;
}

/* The token of the newest invitation mailed to email. */
static void token_mailed_to(struct db *db, const char *email, char *token)
{
  struct outbox_row *rows = calloc(1, sizeof(*rows));
  const char *p;
  int64_t total;
  int n;

  assert_int_equal(mail_list(db, email, 0, 1, rows, &n, &total), 0);
  assert_int_equal(n, 1);
  p = strstr(rows[0].body, "https://mentoring.example.ac.uk/invitations/");
  assert_non_null(p);
  p += strlen("https://mentoring.example.ac.uk/invitations/");
  memcpy(token, p, TOKEN_LEN);
  token[TOKEN_LEN] = '\0';
  free(rows);
}

static int64_t count_audit(struct db *db, const char *action)
{
  struct audit_row rows[1];
  int64_t total;
  int n;

  assert_int_equal(audit_list(db, action, 0, 1, rows, &n, &total), 0);
  return total;
}

static void an_answer(struct signup_input *in)
{
  memset(in, 0, sizeof(*in));
  in->topics[in->ntopics++] = "settling_in";
  in->preferences[in->npreferences++] = "course";
  in->preferences[in->npreferences++] = "language";
  in->mode = "either";
  in->note = "  I would like help with timetables.  ";
}

static void invite(struct db *db, const char *emails)
{
  struct invite_report rep;

  assert_int_equal(invitations_send_list(db, NULL, NULL, &scheme, emails,
                                         BASE, &rep),
                   0);
}

/* Accept the newest invitation to email, creating an account. */
static int accept(struct db *db, const char *token, struct session *s)
{
  struct invitation_account acc = {"Wei Zhang", "a long new password",
                                   "a long new password"};
  struct err_detail why = {"", ""};
  struct signup_input in;
  char cookie[TOKEN_LEN + 1];

  an_answer(&in);
  return invitation_accept(db, token, NULL, &acc, &in, BASE, "127.0.0.1",
                           "test", cookie, s, &why);
}

static void an_enrolled_student(struct student_row *s, const char *number,
                                const char *personal)
{
  memset(s, 0, sizeof(*s));
  str_copy(s->number, sizeof(s->number), number);
  str_copy(s->legal_name, sizeof(s->legal_name), "Wei Zhang");
  snprintf(s->university_email, sizeof(s->university_email),
           "%s@uni.ac.uk", number);
  str_copy(s->personal_email, sizeof(s->personal_email), personal);
  str_copy(s->course_code, sizeof(s->course_code), "CS101");
  s->year_of_study = 1;
  str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->fee_status, sizeof(s->fee_status), "international");
  str_copy(s->home_country, sizeof(s->home_country), "CN");
  s->active = true;
}

/* ------------------------------------------------------------------ tests */

static void test_signup_is_validated_against_the_scheme(void **state)
{
  struct signup_row row = {.scheme_id = scheme.id};
  struct err_detail why = {"", ""};
  struct signup_input in;

  an_answer(&in);
  assert_int_equal(signup_validate(*state, &in, &row, &why), 0);
  assert_string_equal(row.topics, "settling_in");
  assert_string_equal(row.preferences, "course language");
  assert_string_equal(row.note, "I would like help with timetables.");

  in.topics[0] = "visa"; /* mentors must refer it: not help on offer */
  assert_int_equal(signup_validate(*state, &in, &row, &why), ERR_INPUT);
  assert_string_equal(why.field, "topics");
  an_answer(&in);
  in.ntopics = 0;
  assert_int_equal(signup_validate(*state, &in, &row, &why), ERR_INPUT);
  assert_string_equal(why.field, "topics");
  an_answer(&in);
  in.preferences[0] = "height";
  assert_int_equal(signup_validate(*state, &in, &row, &why), ERR_INPUT);
  assert_string_equal(why.field, "preferences");
  an_answer(&in);
  in.mode = "carrier_pigeon";
  assert_int_equal(signup_validate(*state, &in, &row, &why), ERR_INPUT);
  assert_string_equal(why.field, "mode");
  an_answer(&in);
  {
    char *long_note = malloc(1002);

    memset(long_note, 'x', 1001);
    long_note[1001] = '\0';
    in.note = long_note;
    assert_int_equal(signup_validate(*state, &in, &row, &why), ERR_INPUT);
    assert_string_equal(why.field, "note");
    long_note[1000] = '\0'; /* exactly the cap */
    assert_int_equal(signup_validate(*state, &in, &row, &why), 0);
    free(long_note);
  }
}

static void test_pasted_addresses_are_all_or_nothing(void **state)
{
  struct invite_report rep;
  struct invitation_row rows[4];
  int64_t total;
  int n;

  assert_int_equal(invitations_send_list(*state, NULL, NULL, &scheme,
                                         "ok.one@example.com\r\nnot-an-email"
                                         "\n\n  ok.two@example.com \nx@y",
                                         BASE, &rep),
                   ERR_INPUT);
  assert_int_equal(rep.nerrors_total, 2);
  assert_int_equal(rep.errors[0].line, 2);
  assert_int_equal(rep.errors[1].line, 5);
  assert_int_equal(invitations_of_scheme(*state, scheme.id, 0, 4, rows, &n,
                                         &total),
                   0);
  assert_int_equal(total, 0);

  assert_int_equal(invitations_send_list(*state, NULL, NULL, &scheme,
                                         "OK.One@Example.com\nok.one@example"
                                         ".com\n\nok.two@example.com\n",
                                         BASE, &rep),
                   0);
  assert_int_equal(rep.sent, 2); /* the repeat once */
  assert_int_equal(invitations_of_scheme(*state, scheme.id, 0, 4, rows, &n,
                                         &total),
                   0);
  assert_int_equal(total, 2);
  assert_string_equal(invitation_state(&rows[0], clock_now()), "sent");
  assert_true(rows[0].expires_at - rows[0].created_at == 14 * 86400);
  /* Sending again renews the link rather than adding an invitation. */
  assert_int_equal(invitations_send_list(*state, NULL, NULL, &scheme,
                                         "ok.one@example.com", BASE, &rep),
                   0);
  assert_int_equal(rep.sent, 0);
  assert_int_equal(rep.renewed, 1);
  assert_int_equal(invitations_of_scheme(*state, scheme.id, 0, 4, rows, &n,
                                         &total),
                   0);
  assert_int_equal(total, 2);
}

static void test_an_invitation_works_once(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1], renewed[TOKEN_LEN + 1];
  struct invitation_row inv;
  struct signup_row mine;
  struct session s;
  struct user u;

  invite(db, "wei.zhang@example.com");
  token_mailed_to(db, "wei.zhang@example.com", token);
  /* A new link (re-send) kills the old one. */
  invite(db, "wei.zhang@example.com");
  token_mailed_to(db, "wei.zhang@example.com", renewed);
  assert_string_not_equal(token, renewed);
  assert_int_equal(invitation_check(db, token, &inv), ERR_NOTFOUND);
  assert_int_equal(invitation_check(db, renewed, &inv), 0);

  assert_int_equal(accept(db, renewed, &s), 0);
  assert_string_equal(s.user.email, "wei.zhang@example.com");
  assert_int_equal(account_by_email(db, "wei.zhang@example.com", &u), 0);
  assert_true(u.roles == ROLE_STUDENT);
  assert_int_equal(signup_mine(db, &u, scheme.id, &mine), 0);
  assert_string_equal(mine.state, "active");
  assert_true(mine.invitation_id > 0);
  assert_int_equal(mine.student_id, 0); /* no record yet */

  assert_int_equal(invitation_check(db, renewed, &inv), ERR_CONFLICT);
  assert_string_equal(invitation_state(&inv, clock_now()), "used");
  assert_int_equal(inv.user_id, u.id);
  assert_int_equal(accept(db, renewed, &s), ERR_CONFLICT);
  assert_int_equal(invitation_check(db, "not-a-token", &inv), ERR_NOTFOUND);
  /* A used invitation is not sent again. */
  {
    struct invite_report rep;

    assert_int_equal(invitations_send_list(db, NULL, NULL, &scheme,
                                           "wei.zhang@example.com", BASE,
                                           &rep),
                     0);
    assert_int_equal(rep.skipped, 1);
    assert_int_equal(rep.sent + rep.renewed, 0);
  }
}

static void test_an_invitation_expires_after_14_days(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct invitation_row inv;
  struct session s;
  int64_t now = clock_now();

  clock_set_fake(now);
  invite(db, "late@example.com");
  token_mailed_to(db, "late@example.com", token);
  clock_set_fake(now + 14 * 86400 - 1);
  assert_int_equal(invitation_check(db, token, &inv), 0);
  clock_set_fake(now + 14 * 86400);
  assert_int_equal(invitation_check(db, token, &inv), ERR_CONFLICT);
  assert_string_equal(invitation_state(&inv, clock_now()), "expired");
  assert_int_equal(accept(db, token, &s), ERR_CONFLICT);
  clock_set_fake(0);
}

static void test_a_revoked_invitation_is_dead(void **state)
{
  struct db *db = *state;
  char token[TOKEN_LEN + 1];
  struct invitation_row inv;

  invite(db, "revoked@example.com");
  token_mailed_to(db, "revoked@example.com", token);
  assert_int_equal(invitation_check(db, token, &inv), 0);
  assert_int_equal(invitation_revoke(db, NULL, NULL, scheme.id, inv.id), 0);
  assert_int_equal(invitation_check(db, token, &inv), ERR_CONFLICT);
  assert_string_equal(invitation_state(&inv, clock_now()), "revoked");
}

static void test_enrolment_merges_the_invited_account(void **state)
{
  struct db *db = *state;
  struct student_row *st = calloc(1, sizeof(*st));
  char token[TOKEN_LEN + 1], change;
  struct err_detail why = {"", ""};
  struct signup_row mine;
  struct session s;
  int64_t merged;

  invite(db, "merge.me@example.com");
  token_mailed_to(db, "merge.me@example.com", token);
  assert_int_equal(accept(db, token, &s), 0);
  merged = count_audit(db, "signup.merged");

  /* Incoming: not yet. */
  an_enrolled_student(st, "M0001", "Merge.Me@example.com");
  str_copy(st->status, sizeof(st->status), "incoming");
  assert_int_equal(student_save(db, st, &change, &why), 0);
  assert_int_equal(signup_mine(db, &s.user, scheme.id, &mine), 0);
  assert_int_equal(mine.student_id, 0);

  /* Enrolled: the record and the sign-up are linked to the account. */
  str_copy(st->status, sizeof(st->status), "enrolled");
  assert_int_equal(student_save(db, st, &change, &why), 0);
  assert_int_equal(change, 'u');
  assert_int_equal(signup_mine(db, &s.user, scheme.id, &mine), 0);
  assert_int_equal(mine.student_id, st->id);
  assert_int_equal(profile_get(db, &s.user, st), 0);
  assert_string_equal(st->number, "M0001");
  assert_int_equal(count_audit(db, "signup.merged"), merged + 1);

  /* Idempotent: saving again merges nothing more. */
  assert_int_equal(student_save(db, st, &change, &why), 0);
  assert_int_equal(signups_merge_student(db, st->id), 0);
  assert_int_equal(count_audit(db, "signup.merged"), merged + 1);
  free(st);
}

static void test_two_students_with_one_personal_email_merge_neither(
    void **state)
{
  struct db *db = *state;
  struct student_row *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
  char token[TOKEN_LEN + 1], change;
  struct err_detail why = {"", ""};
  struct signup_row mine;
  struct session s;
  int64_t skipped = count_audit(db, "signup.merge_skipped");

  invite(db, "shared@example.com");
  token_mailed_to(db, "shared@example.com", token);
  assert_int_equal(accept(db, token, &s), 0);
  an_enrolled_student(a, "T0001", "shared@example.com");
  an_enrolled_student(b, "T0002", "shared@example.com");
  str_copy(b->legal_name, sizeof(b->legal_name), "Someone Else");
  str_copy(a->status, sizeof(a->status), "incoming");
  str_copy(b->status, sizeof(b->status), "incoming");
  assert_int_equal(student_save(db, a, &change, &why), 0);
  assert_int_equal(student_save(db, b, &change, &why), 0);
  str_copy(a->status, sizeof(a->status), "enrolled");
  str_copy(b->status, sizeof(b->status), "enrolled");
  assert_int_equal(student_save(db, a, &change, &why), 0);
  assert_int_equal(student_save(db, b, &change, &why), 0);
  assert_int_equal(count_audit(db, "signup.merge_skipped"), skipped + 2);
  assert_int_equal(signups_merge_student(db, a->id), 0);
  assert_int_equal(store_student_get(db, a->id, a), 0);
  assert_int_equal(store_student_get(db, b->id, b), 0);
  assert_int_equal(a->user_id, 0);
  assert_int_equal(b->user_id, 0);
  assert_int_equal(signup_mine(db, &s.user, scheme.id, &mine), 0);
  assert_int_equal(mine.student_id, 0);
  free(a);
  free(b);
}

static void test_two_accounts_for_one_student_merge_neither(void **state)
{
  struct db *db = *state;
  struct student_row *st = calloc(1, sizeof(*st));
  char token[TOKEN_LEN + 1], change;
  struct err_detail why = {"", ""};
  struct invitation_row inv;
  struct signup_row mine;
  struct session s1, s2;

  /* An incoming record with a personal email: invitations name it. */
  an_enrolled_student(st, "D0001", "first@example.com");
  str_copy(st->status, sizeof(st->status), "incoming");
  assert_int_equal(student_save(db, st, &change, &why), 0);
  invite(db, "first@example.com");
  token_mailed_to(db, "first@example.com", token);
  assert_int_equal(invitation_check(db, token, &inv), 0);
  assert_int_equal(inv.student_id, st->id);
  assert_int_equal(accept(db, token, &s1), 0);
  assert_int_equal(signup_mine(db, &s1.user, scheme.id, &mine), 0);
  assert_int_equal(mine.student_id, st->id); /* named by the invitation */

  /* The record's personal email changes; another account signs up with
   * the new address. */
  str_copy(st->personal_email, sizeof(st->personal_email),
           "second@example.com");
  assert_int_equal(student_save(db, st, &change, &why), 0);
  invite(db, "second@example.com");
  token_mailed_to(db, "second@example.com", token);
  assert_int_equal(accept(db, token, &s2), 0);

  str_copy(st->status, sizeof(st->status), "enrolled");
  assert_int_equal(student_save(db, st, &change, &why), 0);
  assert_int_equal(store_student_get(db, st->id, st), 0);
  assert_int_equal(st->user_id, 0);
  /* Neither account becomes the record's: each sign-up keeps only the
   * record its own invitation named. */
  assert_int_equal(signup_mine(db, &s2.user, scheme.id, &mine), 0);
  assert_int_equal(mine.student_id, st->id);
  assert_int_equal(count_audit(db, "signup.merged"), 0);
  free(st);
}

static void test_signup_needs_a_record_and_an_open_scheme(void **state)
{
  struct db *db = *state;
  struct err_detail why = {"", ""};
  struct signup_input in;
  struct scheme_row closed = scheme;
  struct eligibility e;
  struct user u;

  assert_int_equal(account_create(db, 0, NULL, "norecord@uni.ac.uk",
                                  "No Record", "a long new password",
                                  ROLE_STUDENT, &u, &why),
                   0);
  assert_int_equal(signup_eligibility(db, &u, &scheme, NULL, &e), 0);
  assert_false(e.eligible);
  assert_non_null(strstr(e.explanation, "no student record"));
  an_answer(&in);
  assert_int_equal(signup_save(db, &u, &scheme, &in, BASE, NULL, NULL, &why),
                   ERR_PERM);
  closed.signups_open = false;
  assert_int_equal(signup_save(db, &u, &closed, &in, BASE, NULL, NULL, &why),
                   ERR_CONFLICT);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_signup_is_validated_against_the_scheme, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_pasted_addresses_are_all_or_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_an_invitation_works_once, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          test_an_invitation_expires_after_14_days, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_revoked_invitation_is_dead,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_enrolment_merges_the_invited_account, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_two_students_with_one_personal_email_merge_neither, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          test_two_accounts_for_one_student_merge_neither, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_signup_needs_a_record_and_an_open_scheme, setup, teardown),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
