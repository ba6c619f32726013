/* Student-led proposals and the academic-year rollover, on a fresh
 * database (SQLite, or PostgreSQL with TANDEM_TEST_DB): validation of a
 * proposal; approval creating the scheme with the student as lead, once;
 * a decline needing a reason; dates and years a year on; a rollover that
 * copies a published scheme with its children, closes the year, tells the
 * mentees, and copies nothing twice; a dry run that changes nothing. */
#include "base/config.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/eligibility.h"
#include "domain/people.h"
#include "domain/proposals.h"
#include "domain/rollover.h"
#include "domain/schemes.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static struct config cfg;
static struct user student, coordinator;
static int64_t course_id;

static int64_t count(struct db *db, const char *sql_count_literal, int64_t id)
{
  struct db_stmt *st;
  int64_t n = -1;

  assert_int_equal(db_prepare(db, sql_count_literal, &st), 0);
  db_bind_int(st, 1, id);
  if (db_step(st) == DB_ROW)
    n = db_col_int(st, 0);
  db_finish(st);
  return n;
}

static int setup(void **state)
{
  struct db *db = test_db_open();
  struct faculty_row f = {.code = "SCI", .name = "Faculty of Science"};
  struct course_row c = {.code = "G400", .title = "BSc Computer Science",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "SCI", .active = true};
  struct institution_row inst = {"Test University", "2026-09-21",
                                 "2027-06-11"};
  struct err_detail why = {"", ""};
  char change;

  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(faculty_save(db, &f, &change, NULL), 0);
  assert_int_equal(course_save(db, &c, &change, NULL), 0);
  course_id = c.id;
  assert_int_equal(store_institution_set(db, &inst), 0);
  assert_int_equal(account_create(db, 0, NULL, "amara@uni.ac.uk",
                                  "Amara Okafor", "a-long-password-1",
                                  ROLE_STUDENT, &student, &why),
                   0);
  assert_int_equal(account_create(db, 0, NULL, "priya@uni.ac.uk",
                                  "Priya Raman", "a-long-password-2",
                                  ROLE_COORDINATOR, &coordinator, &why),
                   0);
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  test_db_close(*state);
  return 0;
}

static void a_proposal(struct proposal_row *p, const char *name)
{
  memset(p, 0, sizeof(*p));
  str_copy(p->name, sizeof(p->name), name);
  str_copy(p->purpose, sizeof(p->purpose),
           "First years practise coding with second years.\nWeekly.");
  p->course_id = course_id;
  p->expected_mentors = 4;
  p->expected_mentees = 8;
}

/* ----------------------------------------------------------- proposals */

static void test_proposal_validation(void **state)
{
  struct db *db = *state;
  struct proposal_row *p = malloc(sizeof(*p));
  struct err_detail why = {"", ""};
  int64_t id;

  a_proposal(p, "  ");
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  assert_string_equal(why.field, "name");
  a_proposal(p, "Two\nlines");
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  a_proposal(p, "Buddies");
  p->purpose[0] = '\0';
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  assert_string_equal(why.field, "purpose");
  a_proposal(p, "Buddies");
  p->course_id = 9999;
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  assert_string_equal(why.field, "course_id");
  a_proposal(p, "Buddies");
  p->expected_mentees = 1001;
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  assert_string_equal(why.field, "expected_mentees");
  a_proposal(p, "Buddies");
  p->supporter_staff_id = 12345;
  assert_int_equal(proposal_validate(db, p, &why), ERR_INPUT);
  assert_string_equal(why.field, "supporter_staff_id");
  /* Only students propose. */
  a_proposal(p, "Buddies");
  assert_int_equal(proposal_create(db, &coordinator, NULL, p, &id, &why),
                   ERR_PERM);
  free(p);
}

static void test_approval_creates_the_scheme_once(void **state)
{
  struct db *db = *state;
  struct proposal_row *p = malloc(sizeof(*p));
  struct scheme_row *s = malloc(sizeof(*s));
  struct err_detail why = {"", ""};
  int64_t id, scheme_id = 0, again = 0;

  a_proposal(p, "  Coding buddies ");
  assert_int_equal(proposal_create(db, &student, NULL, p, &id, &why), 0);
  assert_int_equal(proposal_approve(db, &student, NULL, id, &scheme_id,
                                    &why),
                   ERR_PERM);
  assert_int_equal(proposal_approve(db, &coordinator, NULL, id, &scheme_id,
                                    &why),
                   0);
  assert_int_equal(proposal_get(db, &student, id, p), 0);
  assert_string_equal(p->status, "approved");
  assert_int_equal(p->scheme_id, scheme_id);
  assert_string_equal(p->decider_name, "Priya Raman");
  assert_int_equal(scheme_get(db, scheme_id, s), 0);
  assert_string_equal(s->name, "Coding buddies");
  assert_string_equal(s->type, "custom");
  assert_string_equal(s->status, "draft");
  assert_string_equal(s->academic_year, "2026/27");
  assert_string_equal(s->owner_level, "course");
  assert_string_equal(s->summary,
                      "First years practise coding with second years.");
  assert_int_equal(s->ncourses, 1);
  assert_int_equal(s->courses[0], course_id);
  assert_true(scheme_may_manage(db, &student, scheme_id));
  /* Decided once. */
  assert_int_equal(proposal_decline(db, &coordinator, NULL, id, "No", &why),
                   ERR_CONFLICT);
  assert_string_equal(why.msg, "This proposal has already been approved.");
  assert_int_equal(proposal_approve(db, &coordinator, NULL, id, &again,
                                    &why),
                   ERR_CONFLICT);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM schemes WHERE id >= $1",
                         scheme_id),
                   1);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox WHERE id >= $1", 0),
                   1);
  free(p);
  free(s);
}

static void test_decline_needs_a_reason(void **state)
{
  struct db *db = *state;
  struct proposal_row *p = malloc(sizeof(*p));
  struct err_detail why = {"", ""};
  struct user other = student;
  int64_t id;

  a_proposal(p, "Night owls");
  p->course_id = 0;
  assert_int_equal(proposal_create(db, &student, NULL, p, &id, &why), 0);
  assert_int_equal(proposal_decline(db, &coordinator, NULL, id, " \n ",
                                    &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "reason");
  assert_int_equal(proposal_decline(db, &coordinator, NULL, id,
                                    "  Join the library's group. ", &why),
                   0);
  assert_int_equal(proposal_get(db, &student, id, p), 0);
  assert_string_equal(p->status, "declined");
  assert_string_equal(p->reason, "Join the library's group.");
  assert_int_equal(p->scheme_id, 0);
  /* Another student may not read it. */
  other.id = student.id + 100;
  assert_int_equal(proposal_get(db, &other, id, p), ERR_PERM);
  free(p);
}

/* ------------------------------------------------------------- rollover */

static void test_years_and_dates_move_on(void **state)
{
  char out[S_DATE];

  (void)state;
  assert_true(rollover_next_year("2026/27", out));
  assert_string_equal(out, "2027/28");
  assert_true(rollover_next_year("2099/00", out));
  assert_string_equal(out, "2100/01");
  assert_false(rollover_next_year("2026-27", out));
  rollover_shift_date("2026-09-21", out);
  assert_string_equal(out, "2027-09-21");
  rollover_shift_date("2028-02-29", out);
  assert_string_equal(out, "2029-02-28");
}

static void test_rollover_copies_closes_and_tells(void **state)
{
  struct db *db = *state;
  struct scheme_row *s = malloc(sizeof(*s));
  struct scheme_rule_row rule = {"mentor", "min_years", "1"};
  struct rollover_result res;
  struct err_detail why = {"", ""};
  int64_t published, draft, copy = 0;
  char year[S_YEAR];

  assert_int_equal(scheme_defaults("pastoral", s), 0);
  str_copy(s->name, sizeof(s->name), "Peer mentoring");
  str_copy(s->academic_year, sizeof(s->academic_year), "2026/27");
  str_copy(s->starts_on, sizeof(s->starts_on), "2026-09-21");
  str_copy(s->ends_on, sizeof(s->ends_on), "2027-06-11");
  s->ncourses = 1;
  s->courses[0] = course_id;
  assert_int_equal(scheme_create(db, 0, NULL, s, &published, &why), 0);
  assert_int_equal(scheme_get(db, published, s), 0);
  str_copy(s->status, sizeof(s->status), "published");
  s->signups_open = true;
  assert_int_equal(scheme_save(db, 0, NULL, s, &why), 0);
  assert_int_equal(eligibility_save(db, 0, NULL, published, &rule, 1, &why),
                   0);
  assert_int_equal(db_run(db,
                          "INSERT INTO mentee_signups (scheme_id, user_id,"
                          " created_at, updated_at) VALUES ($1, $2, 0, 0)",
                          "ii", published, student.id),
                   DB_DONE);
  assert_int_equal(scheme_defaults("buddy", s), 0);
  str_copy(s->name, sizeof(s->name), "Not ready");
  str_copy(s->academic_year, sizeof(s->academic_year), "2026/27");
  str_copy(s->starts_on, sizeof(s->starts_on), "2026-09-21");
  str_copy(s->ends_on, sizeof(s->ends_on), "2027-06-11");
  assert_int_equal(scheme_create(db, 0, NULL, s, &draft, &why), 0);

  /* A dry run plans and changes nothing. */
  assert_int_equal(rollover_run(db, 0, NULL, "2026/27", "2027/28", true, &res,
                                &why),
                   0);
  /* Ours, and the draft an approved proposal made earlier. */
  assert_int_equal(res.nitems, 3);
  assert_int_equal(res.ncopied, 1);
  assert_int_equal(res.nclosed, 3);
  assert_int_equal(res.nsignups, 1);
  assert_true(res.institution_moves);
  rollover_result_free(&res);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM schemes WHERE status ="
                             " 'closed' AND id > $1",
                         0),
                   0);

  assert_int_equal(rollover_run(db, 0, NULL, "2026/27", "2027/28", false,
                                &res, &why),
                   0);
  assert_int_equal(res.ncopied, 1);
  for (int i = 0; i < res.nitems; i++)
    if (res.items[i].scheme.id == published)
      copy = res.items[i].new_id;
  assert_true(copy > 0);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM scheme_rules WHERE"
                             " scheme_id = $1",
                         copy),
                   count(db, "SELECT COUNT(*) FROM scheme_rules WHERE"
                             " scheme_id = $1",
                         published));
  assert_int_equal(count(db, "SELECT COUNT(*) FROM scheme_courses WHERE"
                             " scheme_id = $1",
                         copy),
                   1);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM mentee_signups WHERE"
                             " scheme_id = $1",
                         copy),
                   0);
  assert_int_equal(count(db, "SELECT COUNT(*) FROM outbox WHERE to_addr ="
                             " 'amara@uni.ac.uk' AND id > $1",
                         0),
                   3); /* approved, declined earlier; this notice */
  assert_int_equal(count(db, "SELECT COUNT(*) FROM schemes WHERE status <>"
                             " 'closed' AND academic_year = '2026/27'"
                             " AND id > $1",
                         0),
                   0);
  assert_int_equal(rollover_current_year(db, year), 0);
  assert_string_equal(year, "2027/28");
  rollover_result_free(&res);

  /* Again: nothing left to close or copy. */
  assert_int_equal(rollover_run(db, 0, NULL, "2026/27", "2027/28", false,
                                &res, &why),
                   0);
  assert_int_equal(res.ncopied + res.nclosed + res.nnotices, 0);
  rollover_result_free(&res);
  assert_int_equal(rollover_run(db, 0, NULL, "2026/27", "2028/29", true, &res,
                                &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "to");
  rollover_result_free(&res);
  free(s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proposal_validation),
      cmocka_unit_test(test_approval_creates_the_scheme_once),
      cmocka_unit_test(test_decline_needs_a_reason),
      cmocka_unit_test(test_years_and_dates_move_on),
      cmocka_unit_test(test_rollover_copies_closes_and_tells),
  };

  return cmocka_run_group_tests(tests, setup, teardown);
}
