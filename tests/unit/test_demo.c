/* The demo university: the same seed and size give the same data, another
 * seed other data; the students look like a UK university's; every record
 * passes the rules; a second run changes nothing; the demo accounts' own
 * records are linked to them. Runs on SQLite or PostgreSQL (test_db.h). */
#include "base/config.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/demo.h"
#include "domain/people.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka needs the three above first. */
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct config cfg;

static struct db *fresh(void)
{
  struct db *db = test_db_open();

  assert_int_equal(store_migrate(db, NULL), 0);
  return db;
}

static struct db *build(int students, uint64_t seed, struct demo_report *rep)
{
  struct db *db = fresh();
  struct err_detail why = {"", ""};

  assert_int_equal(demo_build(db, students, seed, rep, &why), 0);
  return db;
}

/* Every student id, in order. */
static int64_t *student_ids(struct db *db, int *n)
{
  struct student_filter f = {.include_inactive = true};
  int64_t *ids = malloc(sizeof(int64_t) * 600000);

  assert_non_null(ids);
  assert_int_equal(store_student_ids(db, &f, ids, 600000, n), 0);
  return ids;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
  const unsigned char *b = p;

  for (size_t i = 0; i < n; i++)
    h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

#define MIX_S(h, s) ((h) = fnv(fnv((h), (s), strlen(s)), "|", 1))
#define MIX_I(h, v)                                                            \
  do {                                                                         \
    int64_t v_ = (v);                                                          \
    (h) = fnv((h), &v_, sizeof(v_));                                           \
  } while (0)

/* A digest of every student, staff member and course, ignoring only the
 * times rows were written. */
static uint64_t digest(struct db *db)
{
  static struct student_row s;
  static struct staff_row st[50];
  static struct course_row c[50];
  uint64_t h = 0xcbf29ce484222325ULL;
  int n, got;
  int64_t *ids = student_ids(db, &n), after = 0;

  for (int i = 0; i < n; i++) {
    assert_int_equal(store_student_get(db, ids[i], &s), 0);
    MIX_I(h, s.id);
    MIX_S(h, s.number);
    MIX_S(h, s.legal_name);
    MIX_S(h, s.preferred_name);
    MIX_S(h, s.pronouns);
    MIX_S(h, s.university_email);
    MIX_S(h, s.personal_email);
    MIX_I(h, s.course_id);
    MIX_I(h, s.year_of_study);
    MIX_S(h, s.study_mode);
    MIX_S(h, s.status);
    MIX_S(h, s.graduated_on);
    MIX_S(h, s.home_country);
    MIX_S(h, s.fee_status);
    MIX_S(h, s.campus);
    MIX_S(h, s.bio);
    MIX_I(h, s.availability);
    MIX_S(h, s.contact_preference);
    for (int k = 0; k < s.nyears; k++) {
      MIX_S(h, s.years[k].academic_year);
      MIX_I(h, s.years[k].year_of_study);
      MIX_S(h, s.years[k].outcome);
    }
    for (int k = 0; k < s.nlanguages; k++) {
      MIX_S(h, s.languages[k].code);
      MIX_I(h, s.languages[k].first);
    }
    for (int k = 0; k < s.ninterests; k++)
      MIX_I(h, s.interests[k]);
    for (int k = 0; k < s.ncharacteristics; k++) {
      MIX_S(h, s.characteristics[k].kind);
      MIX_S(h, s.characteristics[k].visible_to);
      MIX_I(h, s.characteristics[k].consented_at);
    }
  }
  free(ids);
  do {
    assert_int_equal(store_staff_list(db, "", after, 50, st, &got), 0);
    for (int i = 0; i < got; i++) {
      MIX_S(h, st[i].number);
      MIX_S(h, st[i].name);
      MIX_S(h, st[i].email);
      MIX_S(h, st[i].job_title);
      for (int k = 0; k < st[i].ncourses; k++)
        MIX_I(h, st[i].courses[k]);
      after = st[i].id;
    }
  } while (got == 50);
  after = 0;
  do {
    assert_int_equal(store_course_list(db, 0, after, 50, c, &got), 0);
    for (int i = 0; i < got; i++) {
      MIX_S(h, c[i].code);
      MIX_S(h, c[i].title);
      MIX_S(h, c[i].level);
      MIX_I(h, c[i].years);
      after = c[i].id;
    }
  } while (got == 50);
  return h;
}

static void test_same_seed_gives_the_same_university(void **state)
{
  struct demo_report rep;
  struct db *db;
  uint64_t a, b, c;

  (void)state;
  db = build(400, 7, &rep);
  a = digest(db);
  test_db_close(db);
  db = build(400, 7, &rep);
  b = digest(db);
  test_db_close(db);
  db = build(400, 8, &rep);
  c = digest(db);
  test_db_close(db);
  assert_true(a == b);
  assert_true(a != c);
}

static void test_students_look_like_a_uk_university(void **state)
{
  static struct student_row s;
  struct demo_report rep;
  struct db *db = build(1500, 3, &rep);
  int n, international = 0, by_year[9] = {0}, ug = 0, incoming = 0;
  int alumni = 0, countries = 0, firsts_ok = 0;
  char seen[64][4];
  int64_t *ids = student_ids(db, &n);

  (void)state;
  assert_int_equal(n, 1502); /* and the demo accounts' two */
  assert_true(rep.faculties.created >= 8 && rep.faculties.created <= 12);
  assert_true(rep.courses.created >= 150 && rep.courses.created <= 250);
  for (int i = 0; i < n; i++) {
    struct err_detail why = {"", ""};
    int firsts = 0;
    bool known = false;

    assert_int_equal(store_student_get(db, ids[i], &s), 0);
    if (student_validate(db, &s, &why))
      fail_msg("student %s: %s: %s", s.number, why.field, why.msg);
    if (strcmp(s.fee_status, "international") == 0) {
      bool english = false;

      international++;
      assert_string_not_equal(s.home_country, "GB");
      for (int k = 0; k < s.nlanguages; k++)
        english |= strcmp(s.languages[k].code, "en") == 0;
      assert_true(english);
    }
    for (int k = 0; k < s.nlanguages; k++)
      firsts += s.languages[k].first;
    firsts_ok += firsts == 1;
    for (int k = 0; k < countries && !known; k++)
      known = strcmp(seen[k], s.home_country) == 0;
    if (!known && countries < 64)
      str_copy(seen[countries++], 4, s.home_country);
    if (strcmp(s.status, "incoming") == 0) {
      incoming++;
      assert_int_equal(s.nyears, 0);
      assert_true(s.year_of_study <= 1);
    } else if (strcmp(s.status, "graduated") == 0) {
      alumni++;
      assert_true(date_valid(s.graduated_on));
      assert_true(s.nyears >= 1);
      assert_true(student_successful_years(&s) >= s.year_of_study);
    } else if (strcmp(s.status, "enrolled") == 0 &&
               strcmp(s.course_code, "") != 0) {
      /* Each year before this one was passed once. */
      assert_true(student_successful_years(&s) >= s.year_of_study - 1);
      if (s.year_of_study >= 0 && s.year_of_study < 9)
        by_year[s.year_of_study]++;
      ug++;
    }
    assert_true(strstr(s.university_email, "@demo.ac.uk") != NULL);
  }
  free(ids);
  /* About a fifth to a quarter international, from many countries. */
  assert_true(international * 100 >= n * 15);
  assert_true(international * 100 <= n * 32);
  assert_true(countries >= 20);
  assert_int_equal(firsts_ok, n);
  /* Offer holders and alumni, some of each. */
  assert_true(incoming * 100 >= n * 4 && incoming * 100 <= n * 12);
  assert_true(alumni * 100 >= n * 4 && alumni * 100 <= n * 12);
  /* Years 1-4 all present; the first the largest; fewer in year 4. */
  for (int y = 1; y <= 4; y++)
    assert_true(by_year[y] > 0);
  assert_true(by_year[1] > by_year[2] && by_year[2] > by_year[4]);
  assert_true(by_year[3] * 100 >= ug * 10);
  test_db_close(db);
}

static void test_a_second_run_changes_nothing(void **state)
{
  struct demo_report rep;
  struct err_detail why = {"", ""};
  struct db *db = build(300, 11, &rep);
  uint64_t before = digest(db);

  (void)state;
  assert_int_equal(rep.students.created, 302);
  assert_int_equal(demo_build(db, 300, 11, &rep, &why), 0);
  assert_int_equal(rep.students.created + rep.students.updated, 0);
  assert_int_equal(rep.students.unchanged, 302);
  assert_int_equal(rep.staff.created + rep.staff.updated, 0);
  assert_int_equal(rep.courses.created + rep.courses.updated, 0);
  assert_int_equal(rep.faculties.created + rep.faculties.updated, 0);
  assert_true(digest(db) == before);
  /* More students: the first ones stay as they were. */
  assert_int_equal(demo_build(db, 350, 11, &rep, &why), 0);
  assert_int_equal(rep.students.created, 50);
  assert_int_equal(rep.students.unchanged, 302);
  assert_int_equal(rep.students.updated, 0);
  assert_int_equal(demo_build(db, 0, 11, &rep, &why), ERR_INPUT);
  test_db_close(db);
}

static void test_demo_accounts_have_their_records(void **state)
{
  static struct student_row s;
  static struct staff_row st;
  struct demo_report rep;
  struct err_detail why = {"", ""};
  struct db *db = fresh();
  struct user u;
  int made;
  bool teaches = false;

  (void)state;
  assert_int_equal(demo_create_accounts(db, &made, &why), 0);
  assert_int_equal(made, demo_naccounts);
  assert_int_equal(demo_create_accounts(db, &made, &why), 0);
  assert_int_equal(made, 0);
  assert_int_equal(demo_build(db, 50, 1, &rep, &why), 0);

  assert_int_equal(account_by_email(db, "student@demo.ac.uk", &u), 0);
  assert_string_equal(u.name, "Amara Okafor");
  assert_int_equal(store_student_by_user(db, u.id, u.email, &s), 0);
  assert_int_equal(s.year_of_study, 2);
  assert_int_equal(student_successful_years(&s), 1);
  assert_int_equal(account_by_email(db, "first-year@demo.ac.uk", &u), 0);
  assert_int_equal(store_student_by_user(db, u.id, u.email, &s), 0);
  assert_int_equal(s.year_of_study, 1);
  assert_int_equal(s.nyears, 0);
  assert_string_equal(s.course_code, "G400");

  assert_int_equal(account_by_email(db, "champion@demo.ac.uk", &u), 0);
  assert_string_equal(u.name, "Dr Tomasz Nowak");
  assert_int_equal(store_staff_by_user(db, u.id, u.email, &st), 0);
  assert_true(st.ncourses >= 3);
  assert_int_equal(store_staff_teaches(db, st.id, s.course_id, &teaches), 0);
  assert_true(teaches);
  assert_int_equal(account_by_email(db, "coordinator@demo.ac.uk", &u), 0);
  assert_true(u.roles & ROLE_COORDINATOR);
  assert_int_equal(account_by_email(db, "admin@demo.ac.uk", &u), 0);
  assert_true(u.roles & ROLE_ADMIN);

  /* Linked records stay linked, and unchanged, on a second run. */
  assert_int_equal(demo_build(db, 50, 1, &rep, &why), 0);
  assert_int_equal(rep.students.updated + rep.staff.updated, 0);
  test_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_same_seed_gives_the_same_university),
      cmocka_unit_test(test_students_look_like_a_uk_university),
      cmocka_unit_test(test_a_second_run_changes_nothing),
      cmocka_unit_test(test_demo_accounts_have_their_records),
  };

  config_defaults(&cfg);
  if (accounts_init(&cfg))
    return 1;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
