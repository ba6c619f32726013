/* The rules of the organisation's records: codes, emails, academic years,
 * outcomes, languages and countries; saves that say created, updated or
 * unchanged; successful years; and who may see which student. Runs on a
 * fresh database (SQLite, or PostgreSQL with TANDEM_TEST_DB). */
#include "base/config.h"
#include "base/str.h"
#include "domain/people.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static struct config cfg;

static int setup(void **state)
{
  struct db *db = test_db_open();
  struct faculty_row f = {.code = "FSE", .name = "Science and Engineering"};
  struct course_row c = {.code = "CS101", .title = "Computer Science",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "FSE", .active = true};
  struct course_row h = {.code = "HIS1", .title = "History",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "FSE", .active = true};
  char change;

  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(faculty_save(db, &f, &change, NULL), 0);
  assert_int_equal(course_save(db, &c, &change, NULL), 0);
  assert_int_equal(course_save(db, &h, &change, NULL), 0);
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  test_db_close(*state);
  return 0;
}

static void a_student(struct student_row *s, const char *number)
{
  memset(s, 0, sizeof(*s));
  str_copy(s->number, sizeof(s->number), number);
  str_copy(s->legal_name, sizeof(s->legal_name), "Chidi Okeke");
  str_copy(s->university_email, sizeof(s->university_email),
           "C.Okeke@Uni.ac.uk");
  str_copy(s->course_code, sizeof(s->course_code), "CS101");
  s->year_of_study = 2;
  str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->fee_status, sizeof(s->fee_status), "international");
  str_copy(s->home_country, sizeof(s->home_country), "ng");
  s->nyears = 1;
  str_copy(s->years[0].academic_year, 8, "2024/25");
  s->years[0].year_of_study = 1;
  str_copy(s->years[0].outcome, P_SHORT, "progressed");
  s->nlanguages = 2;
  str_copy(s->languages[0].code, 4, "EN");
  str_copy(s->languages[1].code, 4, "ig");
  s->languages[1].first = true;
  s->active = true;
}

static void test_codes_and_dates(void **state)
{
  (void)state;
  assert_true(country_valid("GB"));
  assert_true(country_valid("NG"));
  assert_false(country_valid("UK")); /* not ISO 3166: GB */
  assert_false(country_valid("gb"));
  assert_true(language_valid("en"));
  assert_true(language_valid("yue"));
  assert_false(language_valid("english"));
  assert_false(language_valid("xx"));
  assert_true(date_valid("2024-02-29"));
  assert_false(date_valid("2023-02-29"));
  assert_false(date_valid("2024-13-01"));
  assert_false(date_valid("15/07/2025"));
  assert_true(academic_year_valid("2024/25"));
  assert_true(academic_year_valid("1999/00"));
  assert_false(academic_year_valid("2024/26"));
  assert_false(academic_year_valid("2024-25"));
  assert_true(status_valid("incoming"));
  assert_false(status_valid("alumni"));
  assert_true(outcome_valid("repeated"));
  assert_false(outcome_valid("passed"));
}

static void test_student_is_normalised_and_saved_once(void **state)
{
  struct db *db = *state;
  struct student_row s, again, back;
  struct err_detail why;
  char change;

  a_student(&s, "24000001");
  assert_int_equal(student_save(db, &s, &change, &why), 0);
  assert_int_equal(change, 'c');
  assert_int_equal(store_student_get(db, s.id, &back), 0);
  assert_string_equal(back.university_email, "c.okeke@uni.ac.uk");
  assert_string_equal(back.home_country, "NG");
  assert_string_equal(back.faculty_code, "FSE");
  assert_int_equal(back.nlanguages, 2);
  assert_string_equal(back.languages[0].code, "ig"); /* first language first */
  assert_true(back.languages[0].first);
  assert_int_equal(student_successful_years(&back), 1);

  a_student(&again, "24000001");
  assert_int_equal(student_save(db, &again, &change, &why), 0);
  assert_int_equal(change, 'n');
  str_copy(again.legal_name, sizeof(again.legal_name), "Chidi A. Okeke");
  assert_int_equal(student_save(db, &again, &change, &why), 0);
  assert_int_equal(change, 'u');
  assert_int_equal(again.id, s.id);
}

static void expect_bad(struct db *db, struct student_row *s, const char *field)
{
  struct err_detail why = {"", ""};

  assert_int_equal(student_save(db, s, NULL, &why), ERR_INPUT);
  assert_string_equal(why.field, field);
  assert_true(strlen(why.msg) > 10);
}

static void test_every_student_rule_names_its_field(void **state)
{
  struct db *db = *state;
  struct student_row s;

  a_student(&s, "");
  expect_bad(db, &s, "student_number");
  a_student(&s, "2400 0002");
  expect_bad(db, &s, "student_number");
  a_student(&s, "24000002");
  s.legal_name[0] = '\0';
  expect_bad(db, &s, "legal_name");
  a_student(&s, "24000002");
  str_copy(s.university_email, sizeof(s.university_email), "nobody");
  expect_bad(db, &s, "university_email");
  a_student(&s, "24000002");
  str_copy(s.status, sizeof(s.status), "alumni");
  expect_bad(db, &s, "status");
  a_student(&s, "24000002");
  str_copy(s.course_code, sizeof(s.course_code), "NOPE");
  expect_bad(db, &s, "course_code");
  a_student(&s, "24000002");
  s.course_code[0] = '\0';
  expect_bad(db, &s, "course_code"); /* enrolled needs a course */
  a_student(&s, "24000002");
  str_copy(s.home_country, sizeof(s.home_country), "XX");
  expect_bad(db, &s, "home_country");
  a_student(&s, "24000002");
  str_copy(s.years[0].academic_year, 8, "2024/26");
  expect_bad(db, &s, "completed_years");
  a_student(&s, "24000002");
  str_copy(s.years[0].outcome, P_SHORT, "passed");
  expect_bad(db, &s, "completed_years");
  a_student(&s, "24000002");
  s.languages[0].first = true; /* two first languages */
  expect_bad(db, &s, "languages");
  a_student(&s, "24000002");
  str_copy(s.graduated_on, sizeof(s.graduated_on), "2025-02-30");
  expect_bad(db, &s, "graduated_on");
  a_student(&s, "24000002");
  str_copy(s.fee_status, sizeof(s.fee_status), "overseas");
  expect_bad(db, &s, "fee_status");
  a_student(&s, "24000002");
  str_copy(s.contact_preference, sizeof(s.contact_preference),
           "personal_email");
  expect_bad(db, &s, "personal_email");
}

static void test_course_and_faculty_rules(void **state)
{
  struct db *db = *state;
  struct course_row c = {.code = "X1", .title = "X", .level = "masters",
                         .years = 1, .faculty_code = "FSE"};
  struct err_detail why;
  char change;

  assert_int_equal(course_save(db, &c, &change, &why), ERR_INPUT);
  assert_string_equal(why.field, "level");
  str_copy(c.level, sizeof(c.level), "postgraduate_taught");
  str_copy(c.faculty_code, sizeof(c.faculty_code), "NONE");
  assert_int_equal(course_save(db, &c, &change, &why), ERR_INPUT);
  assert_string_equal(why.field, "faculty");
  str_copy(c.faculty_code, sizeof(c.faculty_code), "FSE");
  c.years = 9;
  assert_int_equal(course_save(db, &c, &change, &why), ERR_INPUT);
  assert_string_equal(why.field, "years");
}

static void test_a_champion_sees_only_their_courses(void **state)
{
  struct db *db = *state;
  struct student_row cs, his;
  struct staff_row st;
  struct course_row c;
  struct user champion = {.id = 0, .roles = ROLE_CHAMPION, .active = true};
  struct user coordinator = {.id = 99, .roles = ROLE_COORDINATOR,
                             .active = true};
  struct student_filter f = {0};
  struct student_brief rows[4];
  struct err_detail why;
  int64_t scope, total;
  int n;
  char change;

  assert_int_equal(account_create(db, 0, "", "t.nowak@uni.ac.uk", "Dr Nowak",
                                  "a long password", ROLE_CHAMPION, &champion,
                                  &why),
                   0);
  a_student(&cs, "24000010");
  assert_int_equal(student_save(db, &cs, &change, &why), 0);
  a_student(&his, "24000011");
  str_copy(his.course_code, sizeof(his.course_code), "HIS1");
  assert_int_equal(student_save(db, &his, &change, &why), 0);
  /* Without a staff record the champion sees nobody. */
  assert_int_equal(people_scope(db, &champion, &scope), 0);
  assert_int_equal(scope, -1);
  assert_int_equal(people_may_see(db, &champion, &cs), ERR_PERM);
  memset(&st, 0, sizeof(st));
  str_copy(st.number, sizeof(st.number), "S100");
  str_copy(st.name, sizeof(st.name), "Dr Nowak");
  str_copy(st.email, sizeof(st.email), "T.Nowak@uni.ac.uk");
  str_copy(st.kind, sizeof(st.kind), "academic");
  st.active = true;
  assert_int_equal(course_by_code(db, "CS101", &c), 0);
  st.ncourses = 1;
  st.courses[0] = c.id;
  assert_int_equal(staff_save(db, &st, &change, &why), 0);
  assert_int_equal(people_scope(db, &champion, &scope), 0); /* linked by email */
  assert_int_equal(scope, st.id);
  assert_int_equal(people_may_see(db, &champion, &cs), 0);
  assert_int_equal(people_may_see(db, &champion, &his), ERR_PERM);
  f.staff_scope_id = scope;
  assert_int_equal(people_search(db, &f, 0, 0, 4, rows, &n, &total), 0);
  assert_int_equal(total, 1);
  assert_string_equal(rows[0].number, "24000010");
  assert_int_equal(people_may_see(db, &coordinator, &his), 0);
}

static void test_search_filters_and_escapes(void **state)
{
  struct db *db = *state;
  struct student_row s;
  struct student_filter f = {0};
  struct student_brief rows[4];
  int64_t total;
  int n;
  char change;

  a_student(&s, "24000020");
  str_copy(s.legal_name, sizeof(s.legal_name), "Zoë 100% Real");
  assert_int_equal(student_save(db, &s, &change, NULL), 0);
  a_student(&s, "24000021");
  str_copy(s.legal_name, sizeof(s.legal_name), "Zoe Other");
  s.year_of_study = 3;
  assert_int_equal(student_save(db, &s, &change, NULL), 0);
  str_copy(f.q, sizeof(f.q), "100%");
  assert_int_equal(people_search(db, &f, 0, 0, 4, rows, &n, &total), 0);
  assert_int_equal(total, 1); /* % is a character, not a wildcard */
  str_copy(f.q, sizeof(f.q), "ZO");
  f.year_of_study = 3;
  assert_int_equal(people_search(db, &f, -1, 0, 4, rows, &n, &total), 0);
  assert_int_equal(total, 1);
  assert_string_equal(rows[0].number, "24000021");
}

static void test_erasure_keeps_counts_not_people(void **state)
{
  struct db *db = *state;
  struct student_row s, back;
  struct student_filter f = {0};
  struct student_brief rows[4];
  int64_t total;
  int n;
  char change;

  a_student(&s, "24000030");
  assert_int_equal(student_save(db, &s, &change, NULL), 0);
  assert_int_equal(people_erase(db, 0, "", s.id), 0);
  assert_int_equal(store_student_get(db, s.id, &back), 0);
  assert_string_equal(back.legal_name, "");
  assert_string_equal(back.university_email, "");
  assert_int_equal(back.nlanguages, 0);
  assert_int_equal(back.nyears, 1); /* aggregates stay */
  assert_string_equal(back.course_code, "CS101");
  assert_true(back.erased_at > 0);
  f.include_inactive = true;
  assert_int_equal(people_search(db, &f, 0, 0, 4, rows, &n, &total), 0);
  assert_int_equal(total, 1);
  str_copy(f.q, sizeof(f.q), "okeke");
  assert_int_equal(people_search(db, &f, 0, 0, 4, rows, &n, &total), 0);
  assert_int_equal(total, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_codes_and_dates),
      T(test_student_is_normalised_and_saved_once),
      T(test_every_student_rule_names_its_field),
      T(test_course_and_faculty_rules),
      T(test_a_champion_sees_only_their_courses),
      T(test_search_filters_and_escapes),
      T(test_erasure_keeps_counts_not_people),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
