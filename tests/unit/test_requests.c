/* Mentees who choose their mentor, on the demo university's International
 * scheme (mentee_chooses): the limit of waiting requests and their ranks,
 * asking twice, a message too long; no choosing in an automatic scheme or
 * without a sign-up; expiry (as read, then recorded with mail to the
 * mentee) and an expired request that cannot be accepted; accepting pairs
 * and closes the mentee's other requests; only the mentor answers and
 * only the mentee withdraws; leaving the scheme withdraws them all. Runs on a fresh database (SQLite, or
 * PostgreSQL with TANDEM_TEST_DB). */
#include "base/config.h"
#include "base/str.h"
#include "domain/demo.h"
#include "domain/mail.h"
#include "domain/requests.h"
#include "domain/signups.h"
#include "store/matching.h"
#include "store/migrate.h"
#include "store/schemes.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

enum { NOW = 1790000000, DAY = 86400, PEOPLE = 16 };

struct world {
  struct db *db;
  int64_t intl, cs;
  int nmentors, nmentees;
  int64_t mentor_student[PEOPLE];
  struct user mentor[PEOPLE], mentee[PEOPLE];
  int64_t signup[PEOPLE];
};

static int collect_mentor(void *ctx, const struct match_person_row *r)
{
  struct world *w = ctx;

  if (w->nmentors < PEOPLE && r->user_id) {
    w->mentor_student[w->nmentors] = r->student_id;
    assert_int_equal(account_get(w->db, r->user_id, &w->mentor[w->nmentors]),
                     0);
    w->nmentors++;
  }
  return 0;
}

static int collect_mentee(void *ctx, const struct match_person_row *r)
{
  struct world *w = ctx;

  if (w->nmentees < PEOPLE) {
    w->signup[w->nmentees] = r->signup_id;
    assert_int_equal(account_get(w->db, r->user_id, &w->mentee[w->nmentees]),
                     0);
    w->nmentees++;
  }
  return 0;
}

static int setup(void **state)
{
  struct world *w = calloc(1, sizeof(*w));
  struct err_detail why = {"", ""};
  struct demo_report rep;
  int created;

  w->db = test_db_open();
  assert_int_equal(store_migrate(w->db, NULL), 0);
  assert_int_equal(demo_create_accounts(w->db, &created, &why), 0);
  assert_int_equal(demo_build(w->db, 300, DEMO_SEED_DEFAULT, &rep, &why), 0);
  assert_int_equal(store_scheme_by_name(w->db,
                                        "International student mentoring",
                                        "2026/27", &w->intl),
                   0);
  assert_int_equal(store_scheme_by_name(w->db,
                                        "Computer Science peer mentoring",
                                        "2026/27", &w->cs),
                   0);
  assert_int_equal(store_match_mentors(w->db, w->intl, 3, collect_mentor, w),
                   0);
  assert_int_equal(store_match_mentees(w->db, w->intl, true, collect_mentee, w),
                   0);
  assert_true(w->nmentors >= 4);
  assert_true(w->nmentees >= 6);
  *state = w;
  return 0;
}

static int teardown(void **state)
{
  struct world *w = *state;

  test_db_close(w->db);
  free(w);
  return 0;
}

static struct requests_actor as(const struct user *u)
{
  return (struct requests_actor){u, "127.0.0.1", "https://tandem.test"};
}

static int64_t ask(struct world *w, int mentee, int mentor, int64_t now,
                   int expect, struct err_detail *why)
{
  struct requests_actor a = as(&w->mentee[mentee]);
  int64_t id = 0;

  assert_int_equal(requests_make(w->db, &a, w->intl, w->mentor_student[mentor],
                                 "Hello", now, &id, why),
                   expect);
  return id;
}

static struct mreq_row *get(struct world *w, int64_t id)
{
  static struct mreq_row row;

  assert_int_equal(store_mreq_get(w->db, id, &row), 0);
  return &row;
}

static void test_words(void **state)
{
  struct mreq_row r = {.state = "pending", .expires_at = NOW};

  (void)state;
  assert_true(requests_waiting(&r, NOW - 1));
  assert_false(requests_waiting(&r, NOW));
  assert_string_equal(requests_state_at(&r, NOW - 1), "pending");
  assert_string_equal(requests_state_at(&r, NOW), "expired");
  str_copy(r.state, sizeof(r.state), "closed");
  assert_string_equal(requests_state_at(&r, 0), "closed");
  assert_string_equal(requests_state_label("pending"), "Waiting for an answer");
  assert_string_equal(requests_state_label("declined"), "Declined");
}

static void test_limit_and_ranks(void **state)
{
  struct world *w = *state;
  struct requests_actor me = as(&w->mentee[0]);
  struct err_detail why = {"", ""};
  struct match_candidate *c = calloc(50, sizeof(*c));
  char *long_message = malloc(1100);
  int64_t ids[4];
  int n = 0;

  /* The candidates: allowed, with a place, best first. */
  assert_int_equal(
      requests_candidates(w->db, &w->mentee[0], w->intl, NOW, c, 50, &n, &why),
      0);
  assert_int_equal(n, w->nmentors);
  for (int i = 0; i < n; i++) {
    assert_true(c[i].score >= 0 && c[i].places_left > 0);
    assert_true(c[i].explanation[0] != '\0');
    if (i)
      assert_true(c[i - 1].score >= c[i].score);
  }
  for (int i = 0; i < 3; i++) {
    ids[i] = ask(w, 0, i, NOW, 0, &why);
    assert_int_equal(get(w, ids[i])->rank, i + 1);
    assert_int_equal(get(w, ids[i])->expires_at, NOW + 7 * DAY);
  }
  /* Three waiting is the scheme's limit. */
  ask(w, 0, 3, NOW, ERR_CONFLICT, &why);
  assert_non_null(strstr(why.msg, "at most 3 requests waiting"));
  /* Not the same mentor twice. */
  ask(w, 0, 1, NOW, ERR_CONFLICT, &why);
  assert_string_equal(why.msg, "You have already asked this mentor.");
  /* Withdrawing the first moves the others up and makes room. */
  assert_int_equal(requests_withdraw(w->db, &me, ids[0], NOW, &why), 0);
  assert_string_equal(get(w, ids[0])->state, "withdrawn");
  assert_int_equal(get(w, ids[1])->rank, 1);
  assert_int_equal(get(w, ids[2])->rank, 2);
  assert_int_equal(requests_withdraw(w->db, &me, ids[0], NOW, &why),
                   ERR_CONFLICT);
  memset(long_message, 'x', 1001);
  long_message[1001] = '\0';
  assert_int_equal(requests_make(w->db, &me, w->intl, w->mentor_student[3],
                                 long_message, NOW, &ids[3], &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "message");
  ids[3] = ask(w, 0, 3, NOW, 0, &why);
  assert_int_equal(get(w, ids[3])->rank, 3);
  /* Someone not a mentor of the scheme. */
  assert_int_equal(
      requests_make(w->db, &me, w->intl, 999999, "", NOW, NULL, &why),
      ERR_INPUT);
  assert_string_equal(why.field, "mentor_student_id");
  free(c);
  free(long_message);
}

static void test_not_in_a_choice_scheme(void **state)
{
  struct world *w = *state;
  struct err_detail why = {"", ""};
  struct match_candidate c[4];
  struct user jiayi = {0};
  struct requests_actor a = as(&jiayi);
  int n = 0;

  /* Jiayi signed up to Computer Science peer mentoring: automatic. */
  assert_int_equal(account_by_email(w->db, "first-year@demo.ac.uk", &jiayi), 0);
  assert_int_equal(requests_make(w->db, &a, w->cs, w->mentor_student[0], "",
                                 NOW, NULL, &why),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "the team matches mentees with mentors"));
  assert_int_equal(
      requests_candidates(w->db, &jiayi, w->cs, NOW, c, 4, &n, &why),
      ERR_CONFLICT);
  /* Nor in International without a sign-up there (she has none). */
  assert_int_equal(requests_make(w->db, &a, w->intl, w->mentor_student[0], "",
                                 NOW, NULL, &why),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "Sign up to the scheme as a mentee first"));
  assert_int_equal(
      requests_candidates(w->db, &jiayi, 999999, NOW, c, 4, &n, &why),
      ERR_NOTFOUND);
}

static void test_expiry(void **state)
{
  struct world *w = *state;
  struct requests_actor mentor = as(&w->mentor[0]);
  struct err_detail why = {"", ""};
  struct outbox_row *mail = calloc(10, sizeof(*mail));
  int64_t id = ask(w, 1, 0, NOW, 0, &why), total = 0, pairing = 0;
  int expired = -1, n = 0;

  /* Not yet. */
  assert_int_equal(requests_expire(w->db, NOW + 7 * DAY - 1, "", &expired), 0);
  assert_int_equal(expired, 0);
  assert_string_equal(get(w, id)->state, "pending");
  /* Overdue reads as expired before it is recorded, and cannot be
   * accepted. */
  assert_string_equal(requests_state_at(get(w, id), NOW + 7 * DAY), "expired");
  assert_int_equal(
      requests_accept(w->db, &mentor, id, NOW + 7 * DAY, &pairing, &why),
      ERR_CONFLICT);
  assert_string_equal(why.msg, "This request has expired.");
  assert_int_equal(requests_expire(w->db, NOW + 7 * DAY, "", &expired), 0);
  assert_int_equal(expired, 1);
  assert_string_equal(get(w, id)->state, "expired");
  assert_int_equal(get(w, id)->decided_at, NOW + 7 * DAY);
  assert_int_equal(requests_expire(w->db, NOW + 8 * DAY, "", &expired), 0);
  assert_int_equal(expired, 0);
  assert_int_equal(requests_accept(w->db, &mentor, id, NOW, &pairing, &why),
                   ERR_CONFLICT);
  assert_int_equal(
      mail_list(w->db, w->mentee[1].email, 0, 10, mail, &n, &total), 0);
  assert_true(n >= 1);
  assert_non_null(strstr(mail[0].subject, "has expired"));
  /* Asked again, it is renewed from now. */
  assert_int_equal(ask(w, 1, 0, NOW + 8 * DAY, 0, &why), id);
  assert_int_equal(get(w, id)->expires_at, NOW + 15 * DAY);
  free(mail);
}

static void test_accept_pairs_and_closes_the_rest(void **state)
{
  struct world *w = *state;
  struct requests_actor first = as(&w->mentor[1]), second = as(&w->mentor[2]);
  struct requests_actor stranger = as(&w->mentor[3]);
  struct requests_actor mentee = as(&w->mentee[2]);
  struct err_detail why = {"", ""};
  int64_t a = ask(w, 2, 1, NOW, 0, &why), b = ask(w, 2, 2, NOW, 0, &why);
  int64_t pairing = 0, waiting = 0, c;
  bool paired = false;

  assert_int_equal(requests_waiting_count(w->db, &w->mentor[2], NOW, &waiting),
                   0);
  assert_true(waiting >= 1);
  /* Only the mentor asked answers; only the mentee withdraws. */
  assert_int_equal(requests_accept(w->db, &stranger, a, NOW, &pairing, &why),
                   ERR_PERM);
  assert_int_equal(requests_decline(w->db, &mentee, a, "", NOW, &why),
                   ERR_PERM);
  assert_int_equal(requests_withdraw(w->db, &first, a, NOW, &why), ERR_PERM);
  assert_int_equal(requests_accept(w->db, &first, a, NOW, &pairing, &why), 0);
  assert_true(pairing > 0);
  assert_string_equal(get(w, a)->state, "accepted");
  assert_string_equal(get(w, b)->state, "closed");
  assert_int_equal(store_mreq_signup_paired(w->db, w->signup[2], &paired), 0);
  assert_true(paired);
  assert_int_equal(requests_accept(w->db, &second, b, NOW, &pairing, &why),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "already been paired"));
  /* Paired: no more asking in the scheme. */
  ask(w, 2, 3, NOW, ERR_CONFLICT, &why);
  assert_string_equal(why.msg, "You already have a mentor in this scheme.");
  /* A decline is final for the pair. */
  c = ask(w, 3, 3, NOW, 0, &why);
  assert_int_equal(requests_decline(w->db, &stranger, c, "Sorry", NOW, &why),
                   0);
  assert_string_equal(get(w, c)->state, "declined");
  ask(w, 3, 3, NOW, ERR_CONFLICT, &why);
  assert_non_null(strstr(why.msg, "has declined your request"));
}

/* A mentee who withdraws from the scheme withdraws their requests: the
 * mentors are no longer asked, and an accept says why. */
static void test_withdrawing_the_signup_withdraws_requests(void **state)
{
  struct world *w = *state;
  struct requests_actor mentor = as(&w->mentor[1]);
  struct err_detail why = {"", ""};
  int64_t a = ask(w, 4, 1, NOW, 0, &why), b = ask(w, 4, 2, NOW, 0, &why);
  int64_t pairing = 0, waiting = -1, before = 0;

  assert_int_equal(requests_waiting_count(w->db, &w->mentor[1], NOW, &before),
                   0);
  assert_int_equal(signup_withdraw(w->db, &w->mentee[4], w->intl, "127.0.0.1"),
                   0);
  assert_string_equal(get(w, a)->state, "withdrawn");
  assert_string_equal(get(w, b)->state, "withdrawn");
  assert_int_equal(requests_waiting_count(w->db, &w->mentor[1], NOW, &waiting),
                   0);
  assert_int_equal(waiting, before - 1);
  assert_int_equal(requests_accept(w->db, &mentor, a, NOW, &pairing, &why),
                   ERR_CONFLICT);
  assert_string_equal(why.msg, "The mentee has withdrawn this request.");
}

int main(void)
{
  const struct CMUnitTest pure[] = {cmocka_unit_test(test_words)};
  const struct CMUnitTest db[] = {
      cmocka_unit_test_setup_teardown(test_limit_and_ranks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_in_a_choice_scheme, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
      cmocka_unit_test_setup_teardown(test_accept_pairs_and_closes_the_rest,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_withdrawing_the_signup_withdraws_requests, setup, teardown),
  };
  static struct config cfg;
  int failed = cmocka_run_group_tests(pure, NULL, NULL);

  config_defaults(&cfg);
  if (accounts_init(&cfg))
    return 1;
  return failed + cmocka_run_group_tests(db, NULL, NULL);
}
