/* The CSV import and export: every bad row reported with its line and
 * column and nothing written; a good file created, then unchanged on a
 * second import; quoted commas and newlines, a byte-order mark and CRLF;
 * fields a student edits survive an import; the header's columns; the
 * error cap; spreadsheet neutralisation that still round-trips. Runs on a
 * fresh database (SQLite, or PostgreSQL with TANDEM_TEST_DB). */
#include "base/buf.h"
#include "base/config.h"
#include "base/str.h"
#include "domain/import.h"
#include "domain/people.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static struct config cfg;

static const char courses_csv[] =
    "code,title,faculty_code,faculty_name,level,years,campus\n"
    "BSC-CS,BSc Computer Science,FSE,Science and Engineering,undergraduate,"
    "3,City\n"
    "MSC-DS,MSc Data Science,FSE,Science and Engineering,"
    "postgraduate_taught,1,\n";

static int setup(void **state)
{
  struct db *db = test_db_open();
  struct import_report rep;

  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(import_buffer(db, IMPORT_COURSES, courses_csv,
                                 strlen(courses_csv), false, &rep),
                   0);
  assert_int_equal(rep.created, 2);
  import_report_free(&rep);
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  test_db_close(*state);
  return 0;
}

static int run(struct db *db, enum import_kind kind, const char *csv,
               struct import_report *rep)
{
  return import_buffer(db, kind, csv, strlen(csv), false, rep);
}

static bool has_error(const struct import_report *rep, int64_t line,
                      const char *column)
{
  for (int i = 0; i < rep->nerrors; i++)
    if (rep->errors[i].line == line &&
        strcmp(rep->errors[i].column, column) == 0)
      return true;
  return false;
}

static bool student_exists(struct db *db, const char *number)
{
  static struct student_row s;

  return store_student_by_number(db, number, &s) == 0;
}

#define HEADER                                                                 \
  "student_number,legal_name,preferred_name,university_email,course_code,"    \
  "year_of_study,status,home_country,fee_status,languages,completed_years\n"

static void test_every_bad_row_is_reported_and_nothing_is_imported(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  const char *csv =
      HEADER
      "1001,Ada Obi,,ada@uni.ac.uk,BSC-CS,2,enrolled,NG,international,"
      "en*;yo,2023/24:1:progressed\n"                                    /* 2 */
      "1002,Bo Li,,not-an-email,BSC-CS,2,enrolled,CN,international,,\n"  /* 3 */
      "1003,Cy Rees,,cy@uni.ac.uk,NOPE,1,enrolled,GB,home,,\n"           /* 4 */
      "1004,Di Roy,,di@uni.ac.uk,BSC-CS,nine,enrolled,GB,home,,\n"       /* 5 */
      "1005,Ed Kay,,ed@uni.ac.uk,BSC-CS,1,dancing,GB,home,,\n"           /* 6 */
      "1001,Ada Again,,ada2@uni.ac.uk,BSC-CS,1,enrolled,GB,home,,\n"     /* 7 */
      "1006,Fi Lam,,fi@uni.ac.uk,BSC-CS,1,enrolled,GB,home,,2023-24\n"   /* 8 */
      "1007,Gus Tan,,gus@uni.ac.uk,BSC-CS,1,enrolled,ZZ,home,,\n"        /* 9 */
      "1008,Hal Ng,,hal@uni.ac.uk,BSC-CS,1,enrolled\n"                   /* 10 */
      "1009,Ivy Po,,ivy@uni.ac.uk,MSC-DS,1,enrolled,GB,home,en*;fr*,\n"; /* 11 */

  assert_int_equal(run(db, IMPORT_STUDENTS, csv, &rep), ERR_INPUT);
  assert_int_equal(rep.rows, 10);
  assert_int_equal(rep.nerrors_total, 9);
  assert_true(has_error(&rep, 3, "university_email"));
  assert_true(has_error(&rep, 4, "course_code"));
  assert_true(has_error(&rep, 5, "year_of_study"));
  assert_true(has_error(&rep, 6, "status"));
  assert_true(has_error(&rep, 7, "student_number"));
  assert_true(has_error(&rep, 8, "completed_years"));
  assert_true(has_error(&rep, 9, "home_country"));
  assert_true(has_error(&rep, 10, ""));
  assert_true(has_error(&rep, 11, "languages"));
  assert_int_equal(rep.created + rep.updated + rep.unchanged, 0);
  assert_false(student_exists(db, "1001"));
  import_report_free(&rep);
}

static void test_a_good_file_then_the_same_file_again_changes_nothing(
    void **state)
{
  struct db *db = *state;
  struct import_report rep;
  static struct student_row s;
  const char *csv =
      HEADER
      "1001,Ada Obi,Ada,ada@uni.ac.uk,BSC-CS,2,enrolled,NG,international,"
      "en*;yo,2023/24:1:progressed\n"
      "1002,Bo Li,,bo@uni.ac.uk,MSC-DS,1,incoming,CN,international,zh*,\n";

  assert_int_equal(run(db, IMPORT_STUDENTS, csv, &rep), 0);
  assert_int_equal(rep.created, 2);
  import_report_free(&rep);
  assert_int_equal(store_student_by_number(db, "1001", &s), 0);
  assert_string_equal(s.course_code, "BSC-CS");
  assert_int_equal(s.nlanguages, 2);
  assert_true(s.languages[0].first);
  assert_string_equal(s.languages[0].code, "en");
  assert_int_equal(student_successful_years(&s), 1);

  assert_int_equal(run(db, IMPORT_STUDENTS, csv, &rep), 0);
  assert_int_equal(rep.rows, 2);
  assert_int_equal(rep.unchanged, 2);
  assert_int_equal(rep.created + rep.updated, 0);
  import_report_free(&rep);
}

static void test_an_import_keeps_what_the_student_edits(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  static struct student_row s;
  char change;
  const char *v1 = "student_number,legal_name,university_email,status,"
                   "course_code\n1001,Ada Obi,ada@uni.ac.uk,enrolled,BSC-CS\n";
  const char *v2 = "student_number,legal_name,university_email,status,"
                   "course_code\n1001,Ada Obi,ada@uni.ac.uk,enrolled,MSC-DS\n";

  assert_int_equal(run(db, IMPORT_STUDENTS, v1, &rep), 0);
  import_report_free(&rep);
  assert_int_equal(store_student_by_number(db, "1001", &s), 0);
  str_copy(s.bio, sizeof(s.bio), "I like chess.");
  s.availability = 5;
  str_copy(s.contact_preference, sizeof(s.contact_preference),
           "tandem_messages");
  assert_int_equal(student_save(db, &s, &change, NULL), 0);

  assert_int_equal(run(db, IMPORT_STUDENTS, v1, &rep), 0);
  assert_int_equal(rep.unchanged, 1);
  import_report_free(&rep);
  assert_int_equal(run(db, IMPORT_STUDENTS, v2, &rep), 0);
  assert_int_equal(rep.updated, 1);
  import_report_free(&rep);
  assert_int_equal(store_student_by_number(db, "1001", &s), 0);
  assert_string_equal(s.course_code, "MSC-DS");
  assert_string_equal(s.bio, "I like chess.");
  assert_int_equal(s.availability, 5);
  assert_string_equal(s.contact_preference, "tandem_messages");
}

static void test_quoted_commas_and_newlines_bom_and_crlf(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  static struct student_row s;
  const char *csv =
      "\xef\xbb\xbf"
      "student_number,legal_name,university_email,status,pronouns\r\n"
      "1001,\"Obi, Ada\",ada@uni.ac.uk,incoming,\"she/her\"\r\n"
      "1002,\"Line\r\nbreak\",bo@uni.ac.uk,incoming,\r\n" /* lines 3-4 */
      "1003,\"Said \"\"Hi\"\"\",cy@uni.ac.uk,incoming,\r\n"  /* line 5 */
      "1004,Bad,bad,incoming,\r\n";                       /* line 6 */

  assert_int_equal(run(db, IMPORT_STUDENTS, csv, &rep), ERR_INPUT);
  assert_int_equal(rep.nerrors_total, 2);
  assert_true(has_error(&rep, 3, "legal_name")); /* one line of text */
  assert_true(has_error(&rep, 6, "university_email"));
  import_report_free(&rep);

  csv = "\xef\xbb\xbf"
        "student_number,legal_name,university_email,status\r\n"
        "1001,\"Obi, Ada\",ada@uni.ac.uk,incoming\r\n"
        "1003,\"Said \"\"Hi\"\"\",cy@uni.ac.uk,incoming";
  assert_int_equal(run(db, IMPORT_STUDENTS, csv, &rep), 0);
  assert_int_equal(rep.created, 2);
  import_report_free(&rep);
  assert_int_equal(store_student_by_number(db, "1001", &s), 0);
  assert_string_equal(s.legal_name, "Obi, Ada");
  assert_int_equal(store_student_by_number(db, "1003", &s), 0);
  assert_string_equal(s.legal_name, "Said \"Hi\"");
}

static void test_the_header_names_known_and_required_columns(void **state)
{
  struct db *db = *state;
  struct import_report rep;

  assert_int_equal(run(db, IMPORT_STUDENTS,
                       "student_number,legal_name,shoe_size,status,status\n"
                       "1,A,42,enrolled,enrolled\n",
                       &rep),
                   ERR_INPUT);
  assert_true(has_error(&rep, 1, "shoe_size"));
  assert_true(has_error(&rep, 1, "status"));           /* twice */
  assert_true(has_error(&rep, 1, "university_email")); /* missing */
  assert_int_equal(rep.nerrors_total, 3);
  import_report_free(&rep);
  assert_int_equal(run(db, IMPORT_STUDENTS, "", &rep), ERR_INPUT);
  assert_int_equal(rep.nerrors_total, 1);
  import_report_free(&rep);
}

static void test_a_quote_left_open_stops_with_its_line(void **state)
{
  struct db *db = *state;
  struct import_report rep;

  assert_int_equal(run(db, IMPORT_STUDENTS,
                       "student_number,legal_name,university_email,status\n"
                       "1,A,a@uni.ac.uk,incoming\n"
                       "2,\"B,b@uni.ac.uk,incoming\n",
                       &rep),
                   ERR_INPUT);
  assert_true(rep.stopped);
  assert_true(has_error(&rep, 3, ""));
  assert_false(student_exists(db, "1"));
  import_report_free(&rep);
}

static void test_the_error_report_is_capped(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  struct buf b;

  buf_init(&b, 1 << 20);
  buf_puts(&b, "student_number,legal_name,university_email,status\n");
  for (int i = 0; i < 1500; i++)
    buf_printf(&b, "%d,Name,x%d@uni.ac.uk,nonsense\n", i + 1, i);
  assert_int_equal(import_buffer(db, IMPORT_STUDENTS, b.data, b.len, false,
                                 &rep),
                   ERR_INPUT);
  assert_int_equal(rep.nerrors_total, 1500);
  assert_int_equal(rep.nerrors, IMPORT_ERRORS_MAX);
  assert_int_equal(rep.errors[999].line, 1001);
  import_report_free(&rep);
  buf_free(&b);
}

static void test_neutralised_cells_round_trip(void **state)
{
  const char *values[] = {"=SUM(A1)", "+44", "-x", "@me", "'=x", "''+y",
                          "'plain", "plain", "a,b", "say \"hi\"", ""};
  struct buf b;

  (void)state;
  buf_init(&b, 4096);
  for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
    char got[64];

    buf_reset(&b);
    csv_cell_append(&b, values[i]);
    if (i < 6) /* the formula-like ones gain a quote */
      assert_true(b.data[0] == '\'' && b.data[1] == values[i][0]);
    else
      assert_true(b.data[0] != '\'' || values[i][0] == '\'');
    /* Undo the CSV quoting by hand for these simple values. */
    if (b.data[0] == '"') {
      size_t j = 0;

      for (size_t k = 1; k + 1 < b.len; k++) {
        if (b.data[k] == '"')
          k++;
        got[j++] = b.data[k];
      }
      got[j] = '\0';
    } else {
      str_copy(got, sizeof(got), buf_cstr(&b));
    }
    csv_cell_unneutralise(got);
    assert_string_equal(got, values[i]);
  }
  buf_free(&b);
}

static int to_buf(void *ctx, const void *bytes, size_t n)
{
  buf_append(ctx, bytes, n);
  return 0;
}

static void test_export_then_import_into_an_empty_database_is_exact(
    void **state)
{
  struct db *db = *state, *fresh;
  struct import_report rep;
  struct buf out[3];
  const enum import_kind kinds[3] = {IMPORT_COURSES, IMPORT_STAFF,
                                     IMPORT_STUDENTS};
  const char *staff = "staff_number,name,email,job_title,kind,faculty_code,"
                      "courses\nS1,Dr Ada,ada@uni.ac.uk,=Lecturer,academic,"
                      "FSE,BSC-CS;MSC-DS\n";
  const char *students =
      HEADER "1001,Ada Obi,@ada,ada@uni.ac.uk,BSC-CS,2,enrolled,NG,"
             "international,en*;yo,2023/24:1:progressed;2024/25:2:repeated\n";

  assert_int_equal(run(db, IMPORT_STAFF, staff, &rep), 0);
  import_report_free(&rep);
  assert_int_equal(run(db, IMPORT_STUDENTS, students, &rep), 0);
  import_report_free(&rep);
  for (int i = 0; i < 3; i++) {
    buf_init(&out[i], 1 << 20);
    assert_int_equal(export_csv(db, kinds[i], to_buf, &out[i]), 0);
  }
  assert_non_null(strstr(out[2].data, ",'@ada,"));
  assert_non_null(strstr(out[1].data, ",'=Lecturer,"));

  /* Into an empty database (a second one beside the test's). */
  test_db_close(db);
  fresh = test_db_open();
  *state = fresh;
  assert_int_equal(store_migrate(fresh, NULL), 0);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(import_buffer(fresh, kinds[i], out[i].data, out[i].len,
                                   false, &rep),
                     0);
    assert_int_equal(rep.created, rep.rows);
    import_report_free(&rep);
  }
  for (int i = 0; i < 3; i++) {
    struct buf again;

    buf_init(&again, 1 << 20);
    assert_int_equal(export_csv(fresh, kinds[i], to_buf, &again), 0);
    assert_string_equal(again.data, out[i].data);
    assert_int_equal(import_buffer(fresh, kinds[i], again.data, again.len,
                                   false, &rep),
                     0);
    assert_int_equal(rep.unchanged, rep.rows);
    import_report_free(&rep);
    buf_free(&again);
    buf_free(&out[i]);
  }
}

static void test_staff_rows_name_their_courses(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  static struct staff_row s;

  assert_int_equal(run(db, IMPORT_STAFF,
                       "staff_number,name,email,kind,courses\n"
                       "S1,Dr Ada,ada@uni.ac.uk,academic,BSC-CS;NOPE\n"
                       "S2,Bo,bo@uni.ac.uk,wizard,\n",
                       &rep),
                   ERR_INPUT);
  assert_true(has_error(&rep, 2, "courses"));
  assert_true(has_error(&rep, 3, "kind"));
  import_report_free(&rep);
  assert_int_equal(run(db, IMPORT_STAFF,
                       "staff_number,name,email,kind,courses\n"
                       "S1,Dr Ada,ada@uni.ac.uk,academic,BSC-CS;MSC-DS\n",
                       &rep),
                   0);
  import_report_free(&rep);
  assert_int_equal(store_staff_by_number(db, "S1", &s), 0);
  assert_int_equal(s.ncourses, 2);
}

static void test_templates_import_cleanly(void **state)
{
  struct db *db = *state;
  struct import_report rep;
  const enum import_kind order[] = {IMPORT_FACULTIES, IMPORT_COURSES,
                                    IMPORT_STAFF, IMPORT_STUDENTS};

  for (int i = 0; i < 4; i++) {
    const char *t = import_template(order[i]);

    if (order[i] == IMPORT_STUDENTS) /* the template's course is BSC-CS */
      assert_non_null(strstr(t, "BSC-CS"));
    assert_int_equal(import_buffer(db, order[i], t, strlen(t), false, &rep),
                     0);
    assert_int_equal(rep.rows, 1);
    import_report_free(&rep);
  }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_every_bad_row_is_reported_and_nothing_is_imported),
      T(test_a_good_file_then_the_same_file_again_changes_nothing),
      T(test_an_import_keeps_what_the_student_edits),
      T(test_quoted_commas_and_newlines_bom_and_crlf),
      T(test_the_header_names_known_and_required_columns),
      T(test_a_quote_left_open_stops_with_its_line),
      T(test_the_error_report_is_capped),
      T(test_neutralised_cells_round_trip),
      T(test_export_then_import_into_an_empty_database_is_exact),
      T(test_staff_rows_name_their_courses),
      T(test_templates_import_cleanly),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
