/* Mentor applications: the pipeline's table, every legal and illegal pair
 * of states; who may make which move; guarded moves (a stale decision
 * loses); the event, audit entry and email of each move; questions and
 * answers; interview slots taken once. Runs on a fresh database (SQLite,
 * or PostgreSQL with TANDEM_TEST_DB). */
#include "base/config.h"
#include "base/str.h"
#include "domain/applications.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the table */

/* The pipeline, written out independently of the code's table. */
static const char *const legal_pairs[] = {
    "submitted>under_review", "submitted>rejected",     "submitted>withdrawn",
    "under_review>interview", "under_review>rejected",  "under_review>withdrawn",
    "interview>offered",      "interview>rejected",     "interview>withdrawn",
    "offered>accepted",       "offered>rejected",       "offered>withdrawn",
    NULL};

static bool expected_legal(const char *from, const char *to)
{
  char pair[64];

  snprintf(pair, sizeof(pair), "%s>%s", from, to);
  for (int i = 0; legal_pairs[i]; i++)
    if (strcmp(legal_pairs[i], pair) == 0)
      return true;
  return false;
}

static void test_every_pair_of_states(void **state)
{
  int legal = 0;

  (void)state;
  for (int f = 0; application_states[f]; f++)
    for (int t = 0; application_states[t]; t++) {
      const char *from = application_states[f], *to = application_states[t];
      bool want = expected_legal(from, to);

      if (want != application_transition_legal(from, to))
        fail_msg("%s -> %s should be %s", from, to,
                 want ? "legal" : "illegal");
      legal += want;
    }
  assert_int_equal(legal, 12);
  /* Unknown words are never legal, either way round. */
  assert_false(application_transition_legal("submitted", "approved"));
  assert_false(application_transition_legal("draft", "submitted"));
  assert_false(application_transition_legal(NULL, "rejected"));
  assert_false(application_transition_legal("offered", NULL));
}

static void test_final_states_lead_nowhere(void **state)
{
  const char *next[APP_STATES];

  (void)state;
  assert_true(application_state_final("accepted"));
  assert_true(application_state_final("rejected"));
  assert_true(application_state_final("withdrawn"));
  assert_false(application_state_final("offered"));
  assert_int_equal(application_next_states("accepted", next), 0);
  assert_int_equal(application_next_states("rejected", next), 0);
  assert_int_equal(application_next_states("withdrawn", next), 0);
  assert_int_equal(application_next_states("interview", next), 3);
  assert_string_equal(next[0], "offered");
  assert_string_equal(next[1], "rejected");
  assert_string_equal(next[2], "withdrawn");
  assert_int_equal(application_next_states("submitted", next), 3);
  assert_string_equal(next[0], "under_review");
}

static void test_who_moves(void **state)
{
  (void)state;
  assert_true(application_by_applicant("accepted"));
  assert_true(application_by_applicant("withdrawn"));
  assert_false(application_by_applicant("offered"));
  assert_false(application_by_applicant("rejected"));
  assert_false(application_by_applicant("under_review"));
  assert_string_equal(application_state_label("interview"),
                      "Invited to interview");
  assert_string_equal(application_state_label("under_review"),
                      "Under review");
}

static void test_choices_and_times(void **state)
{
  int64_t t;

  (void)state;
  assert_int_equal(question_choice_count("Yes\n\n  No \r\nMaybe"), 3);
  assert_true(question_has_choice("Yes\n  No \nMaybe", "No"));
  assert_false(question_has_choice("Yes\nNo", "no"));
  assert_false(question_has_choice("Yes\nNo", ""));
  assert_true(interview_time_parse("1970-01-02T01:01", &t));
  assert_int_equal(t, 86400 + 3600 + 60);
  assert_true(interview_time_parse("2026-10-05 14:00", &t));
  assert_int_equal(t, 1791208800);
  assert_false(interview_time_parse("2026-02-30T14:00", &t));
  assert_false(interview_time_parse("2026-10-05T24:00", &t));
  assert_false(interview_time_parse("2026-10-05", &t));
}

/* -------------------------------------------------------- on a database */

static struct config cfg;

struct world {
  struct db *db;
  struct user coordinator, amara, ben;
  int64_t scheme_id;
};

static void make_student(struct db *db, const char *number, const char *name,
                         const char *email)
{
  struct student_row *s = calloc(1, sizeof(*s));
  char change;

  str_copy(s->number, sizeof(s->number), number);
  str_copy(s->legal_name, sizeof(s->legal_name), name);
  str_copy(s->university_email, sizeof(s->university_email), email);
  str_copy(s->course_code, sizeof(s->course_code), "CS101");
  s->year_of_study = 2;
  str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  str_copy(s->status, sizeof(s->status), "enrolled");
  str_copy(s->fee_status, sizeof(s->fee_status), "home");
  str_copy(s->home_country, sizeof(s->home_country), "GB");
  s->nyears = 1;
  str_copy(s->years[0].academic_year, 8, "2025/26");
  s->years[0].year_of_study = 1;
  str_copy(s->years[0].outcome, P_SHORT, "progressed");
  assert_int_equal(student_save(db, s, &change, NULL), 0);
  free(s);
}

static int setup(void **state)
{
  struct world *w = calloc(1, sizeof(*w));
  struct faculty_row f = {.code = "FSE", .name = "Science and Engineering"};
  struct course_row c = {.code = "CS101", .title = "Computer Science",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "FSE", .active = true};
  char change;

  w->db = test_db_open();
  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(w->db, NULL), 0);
  assert_int_equal(faculty_save(w->db, &f, &change, NULL), 0);
  assert_int_equal(course_save(w->db, &c, &change, NULL), 0);
  make_student(w->db, "S1", "Amara Okafor", "amara@uni.ac.uk");
  make_student(w->db, "S2", "Ben Hughes", "ben@uni.ac.uk");
  assert_int_equal(account_create(w->db, 0, "", "coord@uni.ac.uk", "Priya",
                                  "a long password 1", ROLE_COORDINATOR,
                                  &w->coordinator, NULL),
                   0);
  assert_int_equal(account_create(w->db, 0, "", "amara@uni.ac.uk", "Amara",
                                  "a long password 2", ROLE_STUDENT, &w->amara,
                                  NULL),
                   0);
  assert_int_equal(account_create(w->db, 0, "", "ben@uni.ac.uk", "Ben",
                                  "a long password 3", ROLE_STUDENT, &w->ben,
                                  NULL),
                   0);
  assert_int_equal(
      db_run(w->db,
             "INSERT INTO schemes (name, type, academic_year, owner_level,"
             " format, mode, matching_mode, starts_on, ends_on, status,"
             " applications_open, created_at, updated_at) VALUES"
             " ('Peer mentors', 'pastoral', '2026/27', 'central',"
             " 'one_to_one', 'blended', 'automatic', '2026-09-01',"
             " '2027-06-30', 'published', 1, 0, 0)",
             ""),
      DB_DONE);
  w->scheme_id = 1;
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

static int64_t apply_as(struct world *w, const struct user *u,
                        const char *const *answers, int n, int expect,
                        struct err_detail *why)
{
  struct scheme_row *s = calloc(1, sizeof(*s));
  struct app_actor a = {u, "127.0.0.1", "https://tandem.test"};
  int64_t id = 0;

  assert_int_equal(scheme_get(w->db, w->scheme_id, s), 0);
  assert_int_equal(
      application_apply(w->db, &a, s, "2026-10-01", answers, n, &id, why),
      expect);
  free(s);
  return id;
}

static int64_t count_audit(struct db *db, const char *action)
{
  struct audit_row *rows = calloc(50, sizeof(*rows));
  int n = 0;
  int64_t total = 0;

  assert_int_equal(audit_list(db, action, 0, 50, rows, &n, &total), 0);
  free(rows);
  return total;
}

static void test_apply_then_move_through_the_pipeline(void **state)
{
  struct world *w = *state;
  struct app_actor coord = {&w->coordinator, "", ""};
  struct app_actor amara = {&w->amara, "", ""};
  struct err_detail why = {"", ""};
  const char *answers[] = {"I liked my own mentor."};
  struct application_row *app = calloc(1, sizeof(*app));
  char now[A_WORD];
  int64_t id, events;

  /* No questions: the one every scheme needs is asked, and kept. */
  id = apply_as(w, &w->amara, NULL, 0, ERR_INPUT, &why);
  assert_string_equal(why.field, "q0");
  id = apply_as(w, &w->amara, answers, 1, 0, &why);
  assert_true(id > 0);
  assert_int_equal(apply_as(w, &w->amara, answers, 1, ERR_CONFLICT, &why), id);
  assert_int_equal(application_get(w->db, &w->amara, id, app, NULL), 0);
  assert_string_equal(app->state, "submitted");
  assert_int_equal(app->version, 1);
  assert_false(app->returning_mentor);
  assert_int_equal(application_get(w->db, &w->ben, id, app, NULL), ERR_PERM);

  /* The applicant cannot move their own application on. */
  assert_int_equal(application_move(w->db, &amara, id, 0, "under_review", "",
                                    "", false, &why, NULL),
                   ERR_PERM);
  assert_int_equal(application_move(w->db, &coord, id, 1, "under_review", "",
                                    "", false, &why, NULL),
                   0);
  /* A decision taken on version 1 is now stale. */
  assert_int_equal(application_move(w->db, &coord, id, 1, "rejected", "x", "",
                                    false, &why, now),
                   ERR_CONFLICT);
  assert_string_equal(now, "under_review");
  assert_non_null(strstr(why.msg, "changed while you were deciding: it is "
                                  "now Under review"));
  /* Skipping the interview is not a move the pipeline has. */
  assert_int_equal(application_move(w->db, &coord, id, 0, "offered", "", "",
                                    false, &why, NULL),
                   ERR_CONFLICT);
  assert_int_equal(application_move(w->db, &coord, id, 0, "interview", "", "",
                                    false, &why, NULL),
                   0);
  assert_int_equal(application_move(w->db, &coord, id, 0, "offered", "", "",
                                    false, &why, NULL),
                   0);
  /* Only the applicant accepts, and only with the agreement. */
  assert_int_equal(application_move(w->db, &coord, id, 0, "accepted", "", "",
                                    true, &why, NULL),
                   ERR_PERM);
  assert_int_equal(application_move(w->db, &amara, id, 0, "accepted", "", "",
                                    false, &why, NULL),
                   ERR_INPUT);
  assert_string_equal(why.field, "agreement");
  assert_int_equal(application_move(w->db, &amara, id, 0, "accepted", "", "",
                                    true, &why, NULL),
                   0);
  assert_int_equal(application_get(w->db, &w->amara, id, app, NULL), 0);
  assert_string_equal(app->state, "accepted");
  assert_int_equal(app->version, 5);
  assert_true(app->agreement_at > 0);
  /* Final. */
  assert_int_equal(application_move(w->db, &amara, id, 0, "withdrawn", "", "",
                                    false, &why, NULL),
                   ERR_CONFLICT);
  assert_int_equal(store_app_event_count(w->db, id, "accepted", &events), 0);
  assert_int_equal(events, 1);
  assert_int_equal(count_audit(w->db, "application."), 5);
  assert_int_equal(count_audit(w->db, "application.accepted"), 1);
  free(app);
}

static void test_rejection_needs_a_reason_and_mails_feedback(void **state)
{
  struct world *w = *state;
  struct app_actor coord = {&w->coordinator, "", ""};
  struct err_detail why = {"", ""};
  const char *answers[] = {"Because."};
  struct outbox_row *mail = calloc(10, sizeof(*mail));
  int64_t id = apply_as(w, &w->ben, answers, 1, 0, &why), total;
  int n;

  assert_int_equal(application_move(w->db, &coord, id, 0, "rejected", "  ",
                                    "", false, &why, NULL),
                   ERR_INPUT);
  assert_string_equal(why.field, "reason");
  assert_int_equal(application_move(w->db, &coord, id, 0, "rejected",
                                    "Places filled", "Apply again next year.",
                                    false, &why, NULL),
                   0);
  assert_int_equal(application_move(w->db, &coord, id, 0, "offered", "", "",
                                    false, &why, NULL),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "Rejected cannot be moved to Offered"));
  assert_int_equal(mail_list(w->db, "ben@uni.ac.uk", 0, 10, mail, &n, &total),
                   0);
  assert_int_equal(total, 2); /* submitted, rejected */
  assert_non_null(strstr(mail[0].body, "Apply again next year."));
  assert_non_null(strstr(mail[0].subject, "Rejected"));
  free(mail);
}

static void test_questions_are_validated_and_answers_checked(void **state)
{
  struct world *w = *state;
  struct app_actor coord = {&w->coordinator, "", ""};
  struct app_actor student = {&w->ben, "", ""};
  struct err_detail why = {"", ""};
  struct question_row q = {.scheme_id = 1, .kind = "single", .required = true};
  struct question_row rows[4];
  char field[16];
  int n;

  str_copy(q.prompt, sizeof(q.prompt), "Which year are you in?");
  str_copy(q.choices, sizeof(q.choices), "Second\n");
  assert_int_equal(question_save(w->db, &coord, &q, &why), ERR_INPUT);
  assert_string_equal(why.field, "choices");
  str_copy(q.choices, sizeof(q.choices), " Second \n\nThird\nThird");
  assert_int_equal(question_save(w->db, &coord, &q, &why), ERR_INPUT);
  str_copy(q.choices, sizeof(q.choices), " Second \n\nThird");
  assert_int_equal(question_save(w->db, &student, &q, &why), ERR_PERM);
  assert_int_equal(question_save(w->db, &coord, &q, &why), 0);
  assert_int_equal(questions_list(w->db, 1, rows, 4, &n), 0);
  assert_int_equal(n, 1);
  assert_string_equal(rows[0].choices, "Second\nThird");

  snprintf(field, sizeof(field), "q%lld", (long long)q.id);
  apply_as(w, &w->ben, (const char *[]){"Fourth"}, 1, ERR_INPUT, &why);
  assert_string_equal(why.field, field);
  apply_as(w, &w->ben, (const char *[]){""}, 1, ERR_INPUT, &why);
  assert_int_equal(apply_as(w, &w->ben, (const char *[]){"Third"}, 1, 0, &why) >
                       0,
                   1);
}

static void test_one_slot_one_applicant(void **state)
{
  struct world *w = *state;
  struct app_actor coord = {&w->coordinator, "", ""};
  struct app_actor amara = {&w->amara, "", ""}, ben = {&w->ben, "", ""};
  struct err_detail why = {"", ""};
  const char *answers[] = {"Yes."};
  struct slot_row slots[4];
  int64_t a = apply_as(w, &w->amara, answers, 1, 0, &why);
  int64_t b = apply_as(w, &w->ben, answers, 1, 0, &why);
  int n;

  assert_int_equal(interview_slot_add(w->db, &coord, 1, "2026-10-05T14:00",
                                      30, "Room 2.14", "Priya", &why),
                   0);
  assert_int_equal(interview_slot_add(w->db, &coord, 1, "2026-10-05T15:00",
                                      30, "Room 2.14", "Priya", &why),
                   0);
  assert_int_equal(interview_slot_add(w->db, &coord, 1, "soon", 30, "Room",
                                      "", &why),
                   ERR_INPUT);
  assert_int_equal(interview_slots(w->db, 1, slots, 4, &n), 0);
  assert_int_equal(n, 2);
  /* Only once invited. */
  assert_int_equal(interview_book(w->db, &amara, a, slots[0].id, &why),
                   ERR_CONFLICT);
  for (int i = 0; i < 2; i++) {
    int64_t id = i ? b : a;

    assert_int_equal(application_move(w->db, &coord, id, 0, "under_review",
                                      "", "", false, &why, NULL),
                     0);
    assert_int_equal(application_move(w->db, &coord, id, 0, "interview", "",
                                      "", false, &why, NULL),
                     0);
  }
  assert_int_equal(interview_book(w->db, &ben, a, slots[0].id, &why),
                   ERR_PERM);
  assert_int_equal(interview_book(w->db, &amara, a, slots[0].id, &why), 0);
  assert_int_equal(interview_book(w->db, &ben, b, slots[0].id, &why),
                   ERR_CONFLICT);
  assert_string_equal(why.field, "slot");
  assert_int_equal(interview_slot_delete(w->db, &coord, 1, slots[0].id),
                   ERR_CONFLICT);
  /* Moving to the other slot frees the first for Ben. */
  assert_int_equal(interview_book(w->db, &amara, a, slots[1].id, &why), 0);
  assert_int_equal(interview_book(w->db, &ben, b, slots[0].id, &why), 0);
  assert_int_equal(interview_slots(w->db, 1, slots, 4, &n), 0);
  assert_int_equal(slots[0].application_id, b);
  assert_int_equal(slots[1].application_id, a);
}

static void test_returning_mentor_is_recognised(void **state)
{
  struct world *w = *state;
  struct app_actor coord = {&w->coordinator, "", ""};
  struct app_actor amara = {&w->amara, "", ""};
  struct err_detail why = {"", ""};
  const char *answers[] = {"Again."};
  struct application_row *app = calloc(1, sizeof(*app));
  int64_t first = apply_as(w, &w->amara, answers, 1, 0, &why), second;
  const char *steps[] = {"under_review", "interview", "offered"};

  for (int i = 0; i < 3; i++)
    assert_int_equal(application_move(w->db, &coord, first, 0, steps[i], "",
                                      "", false, &why, NULL),
                     0);
  assert_int_equal(application_move(w->db, &amara, first, 0, "accepted", "",
                                    "", true, &why, NULL),
                   0);
  assert_int_equal(
      db_run(w->db,
             "INSERT INTO schemes (name, type, academic_year, owner_level,"
             " format, mode, matching_mode, starts_on, ends_on, status,"
             " applications_open, copied_from, created_at, updated_at)"
             " VALUES ('Peer mentors', 'pastoral', '2027/28', 'central',"
             " 'one_to_one', 'blended', 'automatic', '2027-09-01',"
             " '2028-06-30', 'published', 1, 1, 0, 0)",
             ""),
      DB_DONE);
  w->scheme_id = 2;
  second = apply_as(w, &w->amara, answers, 1, 0, &why);
  assert_int_equal(application_get(w->db, &w->amara, second, app, NULL), 0);
  assert_true(app->returning_mentor);
  free(app);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_pair_of_states),
      cmocka_unit_test(test_final_states_lead_nowhere),
      cmocka_unit_test(test_who_moves),
      cmocka_unit_test(test_choices_and_times),
      T(test_apply_then_move_through_the_pipeline),
      T(test_rejection_needs_a_reason_and_mails_feedback),
      T(test_questions_are_validated_and_answers_checked),
      T(test_one_slot_one_applicant),
      T(test_returning_mentor_is_recognised),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
