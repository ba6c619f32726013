/* Eligibility: each rule met and unmet, with the exact sentence the
 * student reads; several unmet rules named together; the sentence for the
 * scheme's page; validation of rule values; and, on a database, rules
 * saved in one go and checked against a stored student. */
#include "base/config.h"
#include "base/str.h"
#include "domain/eligibility.h"
#include "domain/people.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static const char *const today = "2026-10-01";

/* Amara: second year of BSc Computer Science (course 7, faculty 3), one
 * progressed year, enrolled, home fee status, from GB. */
static void amara(struct student_row *s)
{
  memset(s, 0, sizeof(*s));
  s->course_id = 7;
  s->faculty_id = 3;
  str_copy(s->course_code, sizeof(s->course_code), "G400");
  str_copy(s->course_title, sizeof(s->course_title), "BSc Computer Science");
  str_copy(s->faculty_name, sizeof(s->faculty_name), "Faculty of Science");
  s->year_of_study = 2;
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->fee_status, sizeof(s->fee_status), "home");
  str_copy(s->home_country, sizeof(s->home_country), "GB");
  s->nyears = 1;
  str_copy(s->years[0].academic_year, 8, "2025/26");
  s->years[0].year_of_study = 1;
  str_copy(s->years[0].outcome, P_SHORT, "progressed");
}

static struct scheme_rule_row rule(const char *side, const char *kind,
                                   const char *value)
{
  struct scheme_rule_row r;

  memset(&r, 0, sizeof(r));
  str_copy(r.side, sizeof(r.side), side);
  str_copy(r.kind, sizeof(r.kind), kind);
  str_copy(r.value, sizeof(r.value), value);
  return r;
}

static const int64_t cs_courses[] = {7, 8};

static struct elig_facts facts(const struct student_row *s)
{
  return (struct elig_facts){
      .student = s, .course_level = "undergraduate", .courses = NULL,
      .ncourses = 0, .faculties = NULL, .nfaculties = 0, .served_phrase = ""};
}

/* One rule for mentors, checked; returns the explanation. */
static const char *check1(const struct student_row *s,
                          const struct elig_facts *f, const char *kind,
                          const char *value, bool expect)
{
  static struct eligibility out;
  struct scheme_rule_row r = rule("mentor", kind, value);

  eligibility_evaluate(&r, 1, "mentor", f, today, &out);
  (void)s;
  assert_int_equal(out.eligible, expect);
  return out.explanation;
}

/* -------------------------------------------------------------- each rule */

static void test_min_years(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "min_years", "1", true),
                      "Eligible: you have 1 completed year of study with "
                      "progression.");
  assert_string_equal(check1(&s, &f, "min_years", "2", false),
                      "Not eligible: needs two completed years of study "
                      "with progression; you have 1.");
  s.nyears = 0;
  assert_string_equal(check1(&s, &f, "min_years", "1", false),
                      "Not eligible: needs one completed year of study with "
                      "progression; you have none.");
  /* A repeated year is not a successful one. */
  s.nyears = 1;
  str_copy(s.years[0].outcome, P_SHORT, "repeated");
  assert_string_equal(check1(&s, &f, "min_years", "1", false),
                      "Not eligible: needs one completed year of study with "
                      "progression; you have none.");
  /* Zero years asks for nothing. */
  assert_string_equal(check1(&s, &f, "min_years", "0", true),
                      "Eligible: you meet every rule of this scheme.");
}

static void test_year_of_study(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "year_of_study", "2 3", true),
                      "Eligible: you are in year 2 of study.");
  assert_string_equal(check1(&s, &f, "year_of_study", "1", false),
                      "Not eligible: this scheme is for students in year 1 "
                      "of study; you are in year 2.");
  assert_string_equal(check1(&s, &f, "year_of_study", "3 4 5", false),
                      "Not eligible: this scheme is for students in year 3, "
                      "4 or 5 of study; you are in year 2.");
  s.year_of_study = 0;
  assert_string_equal(check1(&s, &f, "year_of_study", "1", false),
                      "Not eligible: this scheme is for students in year 1 "
                      "of study; your record has no year of study.");
}

static void test_level(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "level", "undergraduate", true),
                      "Eligible: you are on an undergraduate course.");
  assert_string_equal(
      check1(&s, &f, "level", "postgraduate_taught research", false),
      "Not eligible: this scheme is for students on postgraduate taught or "
      "postgraduate research courses; your course is undergraduate.");
  f.course_level = "";
  assert_string_equal(check1(&s, &f, "level", "undergraduate", false),
                      "Not eligible: this scheme is for students on "
                      "undergraduate courses; you are not on a course.");
  f.course_level = "foundation";
  assert_string_equal(check1(&s, &f, "level", "foundation", true),
                      "Eligible: you are on a foundation course.");
}

static void test_status(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "status", "enrolled", true),
                      "Eligible: you are enrolled.");
  assert_string_equal(check1(&s, &f, "status", "incoming", false),
                      "Not eligible: this scheme is for incoming students; "
                      "your status is enrolled.");
  str_copy(s.status, sizeof(s.status), "graduated");
  assert_string_equal(check1(&s, &f, "status", "enrolled graduated", true),
                      "Eligible: you have graduated.");
  str_copy(s.status, sizeof(s.status), "incoming");
  assert_string_equal(check1(&s, &f, "status", "incoming", true),
                      "Eligible: you are incoming.");
}

static void test_graduated_within(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "graduated_within", "2", false),
                      "Not eligible: this scheme is for alumni who graduated "
                      "within the last 2 years; you have not graduated.");
  str_copy(s.graduated_on, sizeof(s.graduated_on), "2025-06-30");
  assert_string_equal(check1(&s, &f, "graduated_within", "2", true),
                      "Eligible: you graduated on 2025-06-30.");
  /* Exactly N years ago counts; a day earlier does not. */
  str_copy(s.graduated_on, sizeof(s.graduated_on), "2024-10-01");
  assert_true(check1(&s, &f, "graduated_within", "2", true)[0] == 'E');
  str_copy(s.graduated_on, sizeof(s.graduated_on), "2024-09-30");
  assert_string_equal(check1(&s, &f, "graduated_within", "2", false),
                      "Not eligible: this scheme is for alumni who graduated "
                      "within the last 2 years; you graduated on "
                      "2024-09-30.");
  assert_string_equal(check1(&s, &f, "graduated_within", "1", false),
                      "Not eligible: this scheme is for alumni who graduated "
                      "within the last year; you graduated on 2024-09-30.");
}

static void test_fee_status(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "fee_status", "international", false),
                      "Not eligible: this scheme is for students with "
                      "international fee status; yours is home.");
  str_copy(s.fee_status, sizeof(s.fee_status), "international");
  assert_string_equal(check1(&s, &f, "fee_status", "international", true),
                      "Eligible: you have international fee status.");
  s.fee_status[0] = '\0';
  assert_string_equal(check1(&s, &f, "fee_status", "international", false),
                      "Not eligible: this scheme is for students with "
                      "international fee status; your record has none.");
}

static void test_home_country(void **state)
{
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  assert_string_equal(check1(&s, &f, "home_country", "CN IN NG", false),
                      "Not eligible: this scheme is for students whose home "
                      "country is CN, IN or NG; yours is GB.");
  str_copy(s.home_country, sizeof(s.home_country), "NG");
  assert_string_equal(check1(&s, &f, "home_country", "CN IN NG", true),
                      "Eligible: you have NG as your home country.");
  s.home_country[0] = '\0';
  assert_string_equal(check1(&s, &f, "home_country", "CN", false),
                      "Not eligible: this scheme is for students whose home "
                      "country is CN; your record has no home country.");
}

static void test_served(void **state)
{
  static const int64_t faculties[] = {3};
  struct student_row s;
  struct elig_facts f;

  (void)state;
  amara(&s);
  f = facts(&s);
  /* A scheme that serves nobody in particular serves everyone. */
  assert_string_equal(check1(&s, &f, "served", "", true),
                      "Eligible: you meet every rule of this scheme.");
  f.courses = cs_courses;
  f.ncourses = 2;
  f.served_phrase = "on BSc Computer Science or MEng Software Engineering";
  assert_string_equal(check1(&s, &f, "served", "", true),
                      "Eligible: you are enrolled on BSc Computer Science.");
  s.course_id = 9;
  assert_string_equal(check1(&s, &f, "served", "", false),
                      "Not eligible: this scheme is for students on BSc "
                      "Computer Science or MEng Software Engineering.");
  /* Served through the faculty. */
  f.ncourses = 0;
  f.faculties = faculties;
  f.nfaculties = 1;
  f.served_phrase = "in the Faculty of Science";
  assert_string_equal(check1(&s, &f, "served", "", true),
                      "Eligible: you study in the Faculty of Science.");
  s.faculty_id = 4;
  assert_string_equal(check1(&s, &f, "served", "", false),
                      "Not eligible: this scheme is for students in the "
                      "Faculty of Science.");
  /* No course at all. */
  s.course_id = 0;
  s.faculty_id = 0;
  assert_false(check1(&s, &f, "served", "", false)[0] == 'E');
}

/* ------------------------------------------------------- rules together */

static void test_every_unmet_rule_is_named(void **state)
{
  struct student_row s;
  struct elig_facts f;
  struct eligibility out;
  struct scheme_rule_row rules[3];

  (void)state;
  amara(&s);
  s.nyears = 0;
  s.course_id = 9;
  f = facts(&s);
  f.courses = cs_courses;
  f.ncourses = 2;
  f.served_phrase = "on BSc Computer Science or MEng Software Engineering";
  rules[0] = rule("mentor", "min_years", "1");
  rules[1] = rule("mentor", "served", "");
  rules[2] = rule("mentor", "status", "enrolled");
  eligibility_evaluate(rules, 3, "mentor", &f, today, &out);
  assert_false(out.eligible);
  assert_string_equal(out.explanation,
                      "Not eligible: needs one completed year of study with "
                      "progression; you have none. This scheme is for "
                      "students on BSc Computer Science or MEng Software "
                      "Engineering.");
}

static void test_eligible_names_what_counts(void **state)
{
  struct student_row s;
  struct elig_facts f;
  struct eligibility out;
  struct scheme_rule_row rules[4];

  (void)state;
  amara(&s);
  f = facts(&s);
  f.courses = cs_courses;
  f.ncourses = 2;
  rules[0] = rule("mentor", "min_years", "1");
  rules[1] = rule("mentor", "status", "enrolled");
  rules[2] = rule("mentor", "served", "");
  /* The other side's rules do not apply. */
  rules[3] = rule("mentee", "status", "incoming");
  eligibility_evaluate(rules, 4, "mentor", &f, today, &out);
  assert_true(out.eligible);
  assert_string_equal(out.explanation,
                      "Eligible: you have 1 completed year of study with "
                      "progression and are enrolled on BSc Computer "
                      "Science.");
  eligibility_evaluate(rules, 4, "mentee", &f, today, &out);
  assert_false(out.eligible);
  eligibility_evaluate(rules, 0, "mentee", &f, today, &out);
  assert_true(out.eligible);
  assert_string_equal(out.explanation,
                      "Eligible: this scheme is open to every student.");
}

static void test_sentence_for_the_scheme_page(void **state)
{
  struct scheme_rule_row rules[5];
  char out[ELIG_EXPLAIN];

  (void)state;
  rules[0] = rule("mentor", "status", "enrolled");
  rules[1] = rule("mentor", "min_years", "1");
  eligibility_describe(rules, 2, "mentor", "", out, sizeof(out));
  assert_string_equal(out, "Mentors: enrolled students with at least one "
                           "completed year of study with progression.");
  eligibility_describe(rules, 2, "mentee", "", out, sizeof(out));
  assert_string_equal(out, "Mentees: any student.");
  rules[2] = rule("mentee", "status", "incoming");
  rules[3] = rule("mentee", "fee_status", "international");
  rules[4] = rule("mentee", "served", "");
  eligibility_describe(rules, 5, "mentee", "on BSc Computer Science", out,
                       sizeof(out));
  assert_string_equal(out, "Mentees: incoming students with international "
                           "fee status and on BSc Computer Science.");
  rules[0] = rule("mentor", "graduated_within", "2");
  rules[1] = rule("mentor", "level", "undergraduate postgraduate_taught");
  rules[2] = rule("mentor", "year_of_study", "2 3");
  rules[3] = rule("mentor", "home_country", "CN IN");
  eligibility_describe(rules, 4, "mentor", "", out, sizeof(out));
  assert_string_equal(out, "Mentors: students who graduated within the last "
                           "2 years, on undergraduate or postgraduate taught "
                           "courses, in year 2 or 3 of study and whose home "
                           "country is CN or IN.");
  /* A sentence too long for its buffer is cut, never overflows. */
  eligibility_describe(rules, 4, "mentor", "", out, 20);
  assert_int_equal(strlen(out), 19);
}

static void test_rule_values_are_validated(void **state)
{
  struct err_detail why = {"", ""};
  struct scheme_rule_row r;

  (void)state;
  r = rule("mentor", "min_years", "9");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  assert_string_equal(why.field, "mentor_min_years");
  r = rule("mentor", "min_years", " 2 ");
  assert_int_equal(eligibility_rule_validate(&r, &why), 0);
  assert_string_equal(r.value, "2");
  r = rule("mentee", "graduated_within", "0");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentee", "year_of_study", "1, 2");
  assert_int_equal(eligibility_rule_validate(&r, &why), 0);
  assert_string_equal(r.value, "1 2");
  r = rule("mentee", "year_of_study", "first");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentor", "level", "undergraduate phd");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentor", "status", "");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentor", "fee_status", "overseas");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentee", "home_country", "cn  in");
  assert_int_equal(eligibility_rule_validate(&r, &why), 0);
  assert_string_equal(r.value, "CN IN");
  r = rule("mentee", "home_country", "UK");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  assert_string_equal(why.field, "mentee_home_country");
  r = rule("mentee", "served", "anything");
  assert_int_equal(eligibility_rule_validate(&r, &why), 0);
  assert_string_equal(r.value, "");
  r = rule("tutor", "served", "");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
  r = rule("mentor", "shoe_size", "9");
  assert_int_equal(eligibility_rule_validate(&r, &why), ERR_INPUT);
}

/* ------------------------------------------------------ with a database */

static void test_rules_saved_and_checked(void **state)
{
  struct db *db = test_db_open();
  struct config cfg;
  struct faculty_row fac = {.code = "SCI", .name = "Faculty of Science"};
  struct course_row cs = {.code = "G400", .title = "BSc Computer Science",
                          .level = "undergraduate", .years = 3,
                          .faculty_code = "SCI", .active = true};
  struct student_row s;
  struct scheme_row scheme;
  struct scheme_rule_row rules[3], got[RULES_MAX];
  struct err_detail why = {"", ""};
  struct eligibility out;
  char change, sentence[ELIG_EXPLAIN];
  int n = 0;

  (void)state;
  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(faculty_save(db, &fac, &change, NULL), 0);
  assert_int_equal(course_save(db, &cs, &change, NULL), 0);
  assert_int_equal(
      db_run(db,
             "INSERT INTO schemes (name, type, academic_year, owner_level,"
             " format, mode, matching_mode, starts_on, ends_on, created_at,"
             " updated_at) VALUES ('Peer mentors', 'course', '2026/27',"
             " 'course', 'one_to_one', 'blended', 'automatic', '2026-09-01',"
             " '2027-06-30', 0, 0)",
             ""),
      DB_DONE);
  memset(&scheme, 0, sizeof(scheme));
  scheme.id = 1;
  scheme.ncourses = 1;
  scheme.courses[0] = cs.id;
  assert_int_equal(db_run(db,
                          "INSERT INTO scheme_courses (scheme_id, course_id)"
                          " VALUES (1, $1)",
                          "i", cs.id),
                   DB_DONE);

  rules[0] = rule("mentor", "min_years", "1");
  rules[1] = rule("mentor", "served", "");
  rules[2] = rule("mentor", "min_years", "2");
  assert_int_equal(eligibility_save(db, 0, NULL, 1, rules, 3, &why),
                   ERR_CONFLICT);
  rules[2] = rule("mentee", "home_country", "xx");
  assert_int_equal(eligibility_save(db, 0, NULL, 1, rules, 3, &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "mentee_home_country");
  assert_int_equal(eligibility_rules(db, 1, NULL, got, &n), 0);
  assert_int_equal(n, 0); /* nothing of a refused save is kept */
  rules[2] = rule("mentee", "status", "incoming");
  assert_int_equal(eligibility_save(db, 0, NULL, 1, rules, 3, &why), 0);
  assert_int_equal(eligibility_rules(db, 1, "mentor", got, &n), 0);
  assert_int_equal(n, 2);
  assert_int_equal(eligibility_rules(db, 1, NULL, got, &n), 0);
  assert_int_equal(n, 3);

  amara(&s);
  s.course_id = cs.id;
  s.faculty_id = fac.id;
  assert_int_equal(eligibility_check(db, &scheme, "mentor", &s, today, &out),
                   0);
  assert_string_equal(out.explanation,
                      "Eligible: you have 1 completed year of study with "
                      "progression and are enrolled on BSc Computer "
                      "Science.");
  s.course_id = cs.id + 100;
  assert_int_equal(eligibility_check(db, &scheme, "mentor", &s, today, &out),
                   0);
  assert_string_equal(out.explanation, "Not eligible: this scheme is for "
                                       "students on BSc Computer Science.");
  assert_int_equal(eligibility_check(db, &scheme, "both", &s, today, &out),
                   ERR_INPUT);
  assert_int_equal(eligibility_sentence(db, &scheme, "mentor", sentence,
                                        sizeof(sentence)),
                   0);
  assert_string_equal(sentence, "Mentors: students with at least one "
                                "completed year of study with progression "
                                "and on BSc Computer Science.");
  /* Saving none clears them. */
  assert_int_equal(eligibility_save(db, 0, NULL, 1, rules, 0, &why), 0);
  assert_int_equal(eligibility_rules(db, 1, NULL, got, &n), 0);
  assert_int_equal(n, 0);
  test_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_min_years),
      cmocka_unit_test(test_year_of_study),
      cmocka_unit_test(test_level),
      cmocka_unit_test(test_status),
      cmocka_unit_test(test_graduated_within),
      cmocka_unit_test(test_fee_status),
      cmocka_unit_test(test_home_country),
      cmocka_unit_test(test_served),
      cmocka_unit_test(test_every_unmet_rule_is_named),
      cmocka_unit_test(test_eligible_names_what_counts),
      cmocka_unit_test(test_sentence_for_the_scheme_page),
      cmocka_unit_test(test_rule_values_are_validated),
      cmocka_unit_test(test_rules_saved_and_checked),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
