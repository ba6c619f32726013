/* Training: the gate (a required module missing, completed, expired; a
 * scheme's own list over its type's), the waiting list (a full session
 * queues, a cancellation promotes the first in the queue), the register
 * (only the trainer or a coordinator; attendance completes the module),
 * the quiz (a pass completes, a fail does not, every attempt kept), and
 * expiry dates. Runs on a fresh database (SQLite, or PostgreSQL with
 * TANDEM_TEST_DB). */
#include "base/buf.h"
#include "base/clock.h"
#include "base/str.h"
#include "domain/calendar.h"
#include "domain/mail.h"
#include "domain/training.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DAY = 86400, NOW = 1790000000 /* 2026-09-21 */ };

struct world {
  struct db *db;
  struct user coordinator, trainer, amara, ben, cara;
  int64_t scheme_id, boundaries, safeguarding, pal, quiz_module;
};

static int64_t module(struct world *w, const char *title, const char *delivery,
                      int months)
{
  struct module_row m;
  struct training_actor a = {&w->coordinator, NULL, NULL};
  int64_t id = 0;

  memset(&m, 0, sizeof(m));
  str_copy(m.title, sizeof(m.title), title);
  str_copy(m.delivery, sizeof(m.delivery), delivery);
  str_copy(m.audience, sizeof(m.audience), "mentors");
  m.minutes = 90;
  m.validity_months = months;
  m.pass_mark = 80;
  m.active = true;
  assert_int_equal(training_module_save(w->db, &a, &m, &id, NULL), 0);
  return id;
}

static void user(struct world *w, const char *email, const char *name,
                 unsigned roles, struct user *out)
{
  /* Nobody signs in here: a placeholder hash spares argon2id's time. */
  assert_int_equal(account_create_hashed(w->db, 0, "", email, name,
                                         "unused", roles, out, NULL),
                   0);
}

static int setup(void **state)
{
  struct world *w = calloc(1, sizeof(*w));

  w->db = test_db_open();
  assert_int_equal(store_migrate(w->db, NULL), 0);
  user(w, "coord@uni.ac.uk", "Priya", ROLE_COORDINATOR, &w->coordinator);
  user(w, "trainer@uni.ac.uk", "Tom", ROLE_CHAMPION, &w->trainer);
  user(w, "amara@uni.ac.uk", "Amara", ROLE_STUDENT, &w->amara);
  user(w, "ben@uni.ac.uk", "Ben", ROLE_STUDENT, &w->ben);
  user(w, "cara@uni.ac.uk", "Cara", ROLE_STUDENT, &w->cara);
  assert_int_equal(
      db_run(w->db,
             "INSERT INTO schemes (name, type, academic_year, owner_level,"
             " format, mode, matching_mode, starts_on, ends_on, status,"
             " created_at, updated_at) VALUES ('PAL in Maths', 'pal',"
             " '2026/27', 'central', 'group', 'blended', 'automatic',"
             " '2026-09-01', '2027-06-30', 'published', 0, 0)",
             ""),
      DB_DONE);
  w->scheme_id = 1;
  w->boundaries = module(w, "Boundaries and referral", "in_person", 12);
  w->safeguarding = module(w, "Safeguarding", "online_live", 0);
  w->pal = module(w, "PAL facilitation", "in_person", 0);
  w->quiz_module = module(w, "Pre-arrival online contact", "self_paced", 24);
  assert_int_equal(store_type_module_add(w->db, "pal", w->boundaries), 0);
  assert_int_equal(store_type_module_add(w->db, "pal", w->safeguarding), 0);
  *state = w;
  return 0;
}

static int teardown(void **state)
{
  struct world *w = *state;

  clock_set_fake(0);
  test_db_close(w->db);
  free(w);
  return 0;
}

static void complete(struct world *w, const struct user *u, int64_t module_id,
                     int64_t at, int64_t expires, int64_t source)
{
  struct completion_row c;

  memset(&c, 0, sizeof(c));
  c.user_id = u->id;
  c.module_id = module_id;
  c.completed_at = at;
  c.expires_at = expires;
  str_copy(c.how, sizeof(c.how), "attendance");
  c.source_id = source;
  assert_int_equal(store_completion_add(w->db, &c, NULL), 0);
}

static int write_buf(void *ctx, const void *bytes, size_t n)
{
  buf_append(ctx, bytes, n);
  return buf_failed(ctx) ? -1 : 0;
}

static void missing_text(struct world *w, const struct user *u, int64_t now,
                         const char *want)
{
  struct training_gap gaps[TRAINING_REQUIRED_MAX];
  struct buf b;
  int n;

  assert_int_equal(training_missing(w->db, u->id, w->scheme_id, now, gaps,
                                    TRAINING_REQUIRED_MAX, &n),
                   0);
  buf_init(&b, 4096);
  training_missing_text(gaps, n, &b);
  assert_string_equal(buf_cstr(&b), want);
  buf_free(&b);
}

/* ---------------------------------------------------------------- the gate */

static void test_gate_lists_missing_modules(void **state)
{
  struct world *w = *state;

  missing_text(w, &w->amara, NOW, "Boundaries and referral and Safeguarding");
}

static void test_gate_clears_when_completed(void **state)
{
  struct world *w = *state;

  complete(w, &w->amara, w->boundaries, NOW - DAY,
           training_expiry(NOW - DAY, 12), 1);
  missing_text(w, &w->amara, NOW, "Safeguarding");
  complete(w, &w->amara, w->safeguarding, NOW - DAY, 0, 2);
  missing_text(w, &w->amara, NOW, "");
  /* Someone else's training is not Amara's. */
  missing_text(w, &w->ben, NOW, "Boundaries and referral and Safeguarding");
}

static void test_gate_names_expired_module(void **state)
{
  struct world *w = *state;
  int64_t done_at = 1759276800; /* 2025-10-01 */
  int64_t expires = training_expiry(done_at, 12);

  complete(w, &w->amara, w->boundaries, done_at, expires, 1);
  complete(w, &w->amara, w->safeguarding, done_at, 0, 2);
  missing_text(w, &w->amara, expires - 1, "");
  missing_text(w, &w->amara, expires,
               "Boundaries and referral (expired on 2026-10-01)");
  /* A refresher clears it again. */
  complete(w, &w->amara, w->boundaries, expires + DAY,
           training_expiry(expires + DAY, 12), 3);
  missing_text(w, &w->amara, expires + 2 * DAY, "");
}

static void test_scheme_list_overrides_type(void **state)
{
  struct world *w = *state;
  struct training_actor a = {&w->coordinator, NULL, NULL};
  struct training_actor s = {&w->amara, NULL, NULL};
  int64_t ids[2];

  ids[0] = w->pal;
  ids[1] = w->safeguarding;
  assert_int_equal(
      training_scheme_modules_set(w->db, &s, w->scheme_id, ids, 2), ERR_PERM);
  assert_int_equal(
      training_scheme_modules_set(w->db, &a, w->scheme_id, ids, 2), 0);
  missing_text(w, &w->amara, NOW, "PAL facilitation and Safeguarding");
  /* None of its own: the type's list again. */
  assert_int_equal(
      training_scheme_modules_set(w->db, &a, w->scheme_id, ids, 0), 0);
  missing_text(w, &w->amara, NOW, "Boundaries and referral and Safeguarding");
}

static void test_expiry_dates(void **state)
{
  (void)state;
  assert_int_equal(training_expiry(NOW, 0), 0);
  /* 2025-10-01 + 12 months = 2026-10-01 */
  assert_int_equal(training_expiry(1759276800, 12), 1790812800);
  /* 2026-01-31 + 1 month = 2026-02-28 (the month's end) */
  assert_int_equal(training_expiry(1769817600, 1), 1772236800);
}

/* ---------------------------------------------------------- the waiting list */

static int64_t session(struct world *w, int64_t module_id, int capacity)
{
  struct training_actor a = {&w->coordinator, NULL, NULL};
  struct tsession_row s;
  int64_t id = 0;

  memset(&s, 0, sizeof(s));
  s.module_id = module_id;
  s.starts_at = NOW + 7 * DAY;
  s.minutes = 90;
  s.capacity = capacity;
  s.trainer_user_id = w->trainer.id;
  str_copy(s.place, sizeof(s.place), "Library, room 2");
  assert_int_equal(training_session_create(w->db, &a, &s, NOW, &id, NULL), 0);
  return id;
}

static void book(struct world *w, const struct user *u, int64_t sid,
                 const char *want_state, int want_rank, int64_t *booking)
{
  struct training_actor a = {u, NULL, NULL};
  struct booking_row b;

  assert_int_equal(training_book(w->db, &a, sid, NOW, &b, NULL), 0);
  assert_string_equal(b.state, want_state);
  assert_int_equal(b.rank, want_rank);
  if (booking)
    *booking = b.id;
}

static void test_full_session_queues(void **state)
{
  struct world *w = *state;
  int64_t sid = session(w, w->boundaries, 1);
  struct training_actor a = {&w->amara, NULL, NULL};
  struct tsession_row s;
  struct booking_row b;
  struct err_detail why;

  book(w, &w->amara, sid, "booked", 0, NULL);
  book(w, &w->ben, sid, "waiting", 1, NULL);
  book(w, &w->cara, sid, "waiting", 2, NULL);
  assert_int_equal(training_book(w->db, &a, sid, NOW, &b, &why), ERR_CONFLICT);
  assert_int_equal(store_tsession_get(w->db, sid, &s), 0);
  assert_int_equal(s.held, 1);
  assert_int_equal(s.waiting, 2);
}

static void test_cancel_promotes_first_waiting(void **state)
{
  struct world *w = *state;
  int64_t sid = session(w, w->boundaries, 1);
  struct training_actor amara = {&w->amara, NULL, NULL};
  struct training_actor ben = {&w->ben, NULL, NULL};
  struct booking_row b;
  int64_t promoted, mails;

  book(w, &w->amara, sid, "booked", 0, NULL);
  book(w, &w->ben, sid, "waiting", 1, NULL);
  book(w, &w->cara, sid, "waiting", 2, NULL);
  /* Someone waiting leaves: nobody is promoted. */
  assert_int_equal(training_cancel(w->db, &ben, sid, NOW, &promoted), 0);
  assert_int_equal(promoted, 0);
  assert_int_equal(store_booking_find(w->db, sid, w->cara.id, &b), 0);
  assert_string_equal(b.state, "waiting");
  assert_int_equal(b.rank, 1);
  /* The place frees: Cara, now first, takes it, and is told. */
  assert_int_equal(db_run(w->db, "DELETE FROM outbox", ""), DB_DONE);
  assert_int_equal(training_cancel(w->db, &amara, sid, NOW, &promoted), 0);
  assert_int_equal(promoted, w->cara.id);
  assert_int_equal(store_booking_find(w->db, sid, w->cara.id, &b), 0);
  assert_string_equal(b.state, "booked");
  {
    struct db_stmt *st;

    assert_int_equal(db_prepare(w->db,
                                "SELECT COUNT(*) FROM outbox WHERE to_addr ="
                                " 'cara@uni.ac.uk'",
                                &st),
                     0);
    assert_int_equal(db_step(st), DB_ROW);
    mails = db_col_int(st, 0);
    db_finish(st);
  }
  assert_int_equal(mails, 1);
  /* Nothing left to cancel. */
  assert_int_equal(training_cancel(w->db, &amara, sid, NOW, &promoted),
                   ERR_NOTFOUND);
  /* Amara may book again: the queue is empty and the place is Cara's. */
  book(w, &w->amara, sid, "waiting", 1, NULL);
}

/* ------------------------------------------------------------- the register */

static void test_register_trainer_or_coordinator(void **state)
{
  struct world *w = *state;
  int64_t sid = session(w, w->boundaries, 5), amara_b, ben_b;
  struct training_actor student = {&w->ben, NULL, NULL};
  struct training_actor trainer = {&w->trainer, NULL, NULL};
  struct training_actor coord = {&w->coordinator, NULL, NULL};

  book(w, &w->amara, sid, "booked", 0, &amara_b);
  book(w, &w->ben, sid, "booked", 0, &ben_b);
  assert_int_equal(training_mark(w->db, &student, ben_b, "attended", NOW),
                   ERR_PERM);
  missing_text(w, &w->ben, NOW, "Boundaries and referral and Safeguarding");
  assert_int_equal(training_mark(w->db, &trainer, amara_b, "attended", NOW),
                   0);
  missing_text(w, &w->amara, NOW, "Safeguarding");
  /* Corrected to a no-show: the completion goes. */
  assert_int_equal(training_mark(w->db, &coord, amara_b, "no_show", NOW), 0);
  missing_text(w, &w->amara, NOW, "Boundaries and referral and Safeguarding");
  assert_int_equal(training_mark(w->db, &coord, amara_b, "waiting", NOW),
                   ERR_INPUT);
}

/* ------------------------------------------------------------------ the quiz */

static void test_quiz_pass_completes_fail_does_not(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor amara = {&w->amara, NULL, NULL};
  struct quiz_question_row q;
  struct attempt_row at, list[4];
  struct completion_row done[4];
  struct err_detail why;
  int right[2] = {1, 0}, wrong[2] = {1, 2}, n;

  memset(&q, 0, sizeof(q));
  q.module_id = w->quiz_module;
  str_copy(q.prompt, sizeof(q.prompt), "A mentee asks about a visa.");
  str_copy(q.choices, sizeof(q.choices),
           "Advise them yourself\nRefer them to the advice service\n");
  q.correct = 1;
  assert_int_equal(training_quiz_add(w->db, &coord, &q, NULL, NULL), 0);
  str_copy(q.prompt, sizeof(q.prompt), "Only one choice");
  str_copy(q.choices, sizeof(q.choices), "Yes");
  q.correct = 0;
  assert_int_equal(training_quiz_add(w->db, &coord, &q, NULL, &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "choices");
  str_copy(q.prompt, sizeof(q.prompt), "Boundaries matter.");
  str_copy(q.choices, sizeof(q.choices), "True\nFalse\nSometimes");
  q.correct = 0;
  assert_int_equal(training_quiz_add(w->db, &coord, &q, NULL, NULL), 0);

  assert_int_equal(training_quiz_submit(w->db, &amara, w->quiz_module, wrong,
                                        2, NOW, &at),
                   0);
  assert_int_equal(at.score_percent, 50);
  assert_false(at.passed);
  assert_int_equal(store_completion_list(w->db, w->amara.id, done, 4, &n), 0);
  assert_int_equal(n, 0);
  assert_int_equal(training_quiz_submit(w->db, &amara, w->quiz_module, right,
                                        2, NOW + 60, &at),
                   0);
  assert_int_equal(at.score_percent, 100);
  assert_true(at.passed);
  assert_int_equal(store_completion_list(w->db, w->amara.id, done, 4, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(done[0].module_id, w->quiz_module);
  assert_string_equal(done[0].how, "quiz");
  assert_int_equal(done[0].expires_at, training_expiry(NOW + 60, 24));
  assert_int_equal(store_attempt_list(w->db, w->amara.id, w->quiz_module,
                                      list, 4, &n),
                   0);
  assert_int_equal(n, 2);
  assert_false(list[1].passed);
  /* The wrong number of answers is refused. */
  assert_int_equal(training_quiz_submit(w->db, &amara, w->quiz_module, right,
                                        1, NOW, &at),
                   ERR_INPUT);
}

/* --------------------------------------------- mail, calendar, reminders */

/* How many outbox messages to address have subject starting with prefix. */
static int mails(struct world *w, const char *to, const char *prefix)
{
  struct outbox_row *rows = calloc(50, sizeof(*rows));
  int64_t total;
  int n, k = 0;

  assert_int_equal(store_outbox_list(w->db, to, 0, 50, rows, &n, &total), 0);
  for (int i = 0; i < n; i++)
    k += str_starts(rows[i].subject, prefix);
  free(rows);
  return k;
}

/* The newest outbox message to address. */
static void last_mail(struct world *w, const char *to, struct outbox_row *out)
{
  int64_t total;
  int n;

  assert_int_equal(store_outbox_list(w->db, to, 0, 1, out, &n, &total), 0);
  assert_int_equal(n, 1);
}

/* Parse text back with libical: a VCALENDAR without errors; its VEVENTs
 * into ev[0..*n). */
static void parse_ics(const char *text, icalcomponent **ev, int max, int *n)
{
  static icalcomponent *cal;

  if (cal)
    icalcomponent_free(cal);
  cal = icalparser_parse_string(text);
  assert_non_null(cal);
  assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
  assert_int_equal(icalcomponent_count_errors(cal), 0);
  *n = 0;
  for (icalcomponent *e =
           icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       e && *n < max;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    ev[(*n)++] = e;
}

static const char *uid_of(int64_t session_id)
{
  static char uid[64];

  snprintf(uid, sizeof(uid), "training-session-%lld@tandem",
           (long long)session_id);
  return uid;
}

static void test_booking_mail_carries_ics_libical_parses(void **state)
{
  struct world *w = *state;
  int64_t sid = session(w, w->boundaries, 5);
  struct outbox_row *m = calloc(1, sizeof(*m));
  icalcomponent *ev[4];
  int n;

  book(w, &w->amara, sid, "booked", 0, NULL);
  last_mail(w, "amara@uni.ac.uk", m);
  assert_string_equal(m->subject, "Booked: Boundaries and referral");
  assert_string_equal(m->attachment_name, "training-session.ics");
  assert_string_equal(m->attachment_type, "text/calendar");
  parse_ics(m->attachment, ev, 4, &n);
  assert_int_equal(n, 1);
  assert_string_equal(icalcomponent_get_uid(ev[0]), uid_of(sid));
  assert_int_equal(icaltime_as_timet(icalcomponent_get_dtstart(ev[0])),
                   NOW + 7 * DAY);
  assert_int_equal(icaltime_as_timet(icalcomponent_get_dtend(ev[0])),
                   NOW + 7 * DAY + 90 * 60);
  assert_string_equal(icalcomponent_get_summary(ev[0]),
                      "Training: Boundaries and referral");
  assert_string_equal(icalcomponent_get_location(ev[0]), "Library, room 2");
  assert_int_equal(icalcomponent_get_status(ev[0]), ICAL_STATUS_CONFIRMED);
  free(m);
}

static void test_feed_lists_held_sessions_cancelled_marked(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  int64_t kept = session(w, w->boundaries, 5);
  int64_t full = session(w, w->boundaries, 1);
  int64_t called_off = session(w, w->safeguarding, 5);
  icalcomponent *ev[8];
  struct buf out;
  int n;

  book(w, &w->amara, kept, "booked", 0, NULL);
  book(w, &w->ben, full, "booked", 0, NULL);
  book(w, &w->amara, full, "waiting", 1, NULL);
  book(w, &w->amara, called_off, "booked", 0, NULL);
  assert_int_equal(training_session_cancel(w->db, &coord, called_off,
                                           "The trainer is ill", NOW, NULL,
                                           NULL),
                   0);
  buf_init(&out, 1 << 20);
  assert_int_equal(training_feed_ics(w->db, w->amara.id,
                                     "https://tandem.example", NOW, &out),
                   0);
  parse_ics(buf_cstr(&out), ev, 8, &n);
  assert_int_equal(n, 2); /* not the session she is waiting for */
  for (int i = 0; i < n; i++) {
    const char *uid = icalcomponent_get_uid(ev[i]);

    if (str_eq(uid, uid_of(called_off))) {
      icalproperty *seq =
          icalcomponent_get_first_property(ev[i], ICAL_SEQUENCE_PROPERTY);

      assert_int_equal(icalcomponent_get_status(ev[i]),
                       ICAL_STATUS_CANCELLED);
      assert_non_null(seq);
      assert_int_equal(icalproperty_get_sequence(seq), 1);
    } else {
      assert_string_equal(uid, uid_of(kept));
      assert_int_equal(icalcomponent_get_status(ev[i]), ICAL_STATUS_CONFIRMED);
    }
  }
  assert_non_null(strstr(buf_cstr(&out), "X-WR-CALNAME:Tandem training"));
  buf_free(&out);
}

static void test_feed_token_revocable(void **state)
{
  struct world *w = *state;
  char first[TOKEN_LEN + 1], second[TOKEN_LEN + 1];
  int64_t who, at;

  assert_int_equal(calendar_feed_created(w->db, w->amara.id, &at),
                   ERR_NOTFOUND);
  assert_int_equal(calendar_feed_create(w->db, w->amara.id, NULL, first), 0);
  assert_int_equal(strlen(first), TOKEN_LEN);
  assert_int_equal(calendar_feed_user(w->db, first, &who), 0);
  assert_int_equal(who, w->amara.id);
  /* Replaced: the first link stops working. */
  assert_int_equal(calendar_feed_create(w->db, w->amara.id, NULL, second), 0);
  assert_int_equal(calendar_feed_user(w->db, first, &who), ERR_NOTFOUND);
  assert_int_equal(calendar_feed_user(w->db, second, &who), 0);
  assert_int_equal(calendar_feed_created(w->db, w->amara.id, &at), 0);
  /* Revoked: nothing works; malformed tokens never reach the database. */
  assert_int_equal(calendar_feed_revoke(w->db, w->amara.id, NULL), 0);
  assert_int_equal(calendar_feed_user(w->db, second, &who), ERR_NOTFOUND);
  assert_int_equal(calendar_feed_revoke(w->db, w->amara.id, NULL),
                   ERR_NOTFOUND);
  assert_int_equal(calendar_feed_user(w->db, "short", &who), ERR_NOTFOUND);
}

static void test_day_before_reminder_sent_once(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor ben = {&w->ben, NULL, NULL};
  int64_t sid = session(w, w->boundaries, 5);
  int64_t start = NOW + 7 * DAY;
  struct training_reminders sent;
  struct tsession_row s;
  struct booking_row b;

  book(w, &w->amara, sid, "booked", 0, NULL);
  /* Ben books within the last day: his confirmation is enough. */
  assert_int_equal(training_book(w->db, &ben, sid, start - DAY / 2, &b, NULL),
                   0);
  assert_int_equal(training_send_reminders(w->db, start - 2 * DAY, NULL,
                                           &sent),
                   0);
  assert_int_equal(sent.reminders, 0);
  assert_int_equal(training_send_reminders(w->db, start - DAY / 3, NULL,
                                           &sent),
                   0);
  assert_int_equal(sent.reminders, 1);
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Tomorrow: "), 1);
  assert_int_equal(mails(w, "ben@uni.ac.uk", "Tomorrow: "), 0);
  /* Again (another node, the next pass): nothing twice. */
  assert_int_equal(training_send_reminders(w->db, start - DAY / 4, NULL,
                                           &sent),
                   0);
  assert_int_equal(sent.reminders, 0);
  /* Moved a day later: a new reminder when the new day comes. */
  assert_int_equal(store_tsession_get(w->db, sid, &s), 0);
  s.starts_at += DAY;
  assert_int_equal(training_session_update(w->db, &coord, &s,
                                           start - DAY / 4, NULL, NULL),
                   0);
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Changed: "), 1);
  assert_int_equal(training_send_reminders(w->db, start + DAY / 2, NULL,
                                           &sent),
                   0);
  /* Ben too, now: he booked before the new day began. */
  assert_int_equal(sent.reminders, 2);
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Tomorrow: "), 2);
  assert_int_equal(mails(w, "ben@uni.ac.uk", "Tomorrow: "), 1);
}

static void test_refresher_notice_sent_once_for_latest(void **state)
{
  struct world *w = *state;
  int64_t expires = NOW + 60 * DAY;
  struct training_reminders sent;

  complete(w, &w->amara, w->boundaries, NOW - 300 * DAY, expires, 1);
  complete(w, &w->ben, w->boundaries, NOW - 300 * DAY, expires, 2);
  /* Ben has already done a refresher that lasts longer. */
  complete(w, &w->ben, w->boundaries, NOW, expires + 365 * DAY, 3);
  assert_int_equal(training_send_reminders(w->db, NOW, NULL, &sent), 0);
  assert_int_equal(sent.refreshers, 0); /* 60 days off */
  assert_int_equal(training_send_reminders(w->db, expires - 20 * DAY,
                                           "https://tandem.example", &sent),
                   0);
  assert_int_equal(sent.refreshers, 1);
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Refresher due: Boundaries"),
                   1);
  assert_int_equal(mails(w, "ben@uni.ac.uk", "Refresher due: "), 0);
  assert_int_equal(training_send_reminders(w->db, expires - 10 * DAY, NULL,
                                           &sent),
                   0);
  assert_int_equal(sent.refreshers, 0);
}

static void test_session_edit_capacity_and_permissions(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor trainer = {&w->trainer, NULL, NULL};
  struct training_actor amara = {&w->amara, NULL, NULL};
  int64_t sid = session(w, w->boundaries, 2);
  struct tsession_row s;
  struct booking_row b;
  struct err_detail why;
  int promoted;

  book(w, &w->amara, sid, "booked", 0, NULL);
  book(w, &w->ben, sid, "booked", 0, NULL);
  book(w, &w->cara, sid, "waiting", 1, NULL);
  assert_int_equal(store_tsession_get(w->db, sid, &s), 0);
  assert_int_equal(training_session_update(w->db, &amara, &s, NOW, NULL,
                                           NULL),
                   ERR_PERM);
  /* A trainer edits their session, never its trainer. */
  s.trainer_user_id = w->coordinator.id;
  assert_int_equal(training_session_update(w->db, &trainer, &s, NOW, NULL,
                                           NULL),
                   ERR_PERM);
  s.trainer_user_id = w->trainer.id;
  s.capacity = 1;
  assert_int_equal(training_session_update(w->db, &trainer, &s, NOW, NULL,
                                           &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "capacity");
  /* More places: the waiting list moves up, and is told. */
  s.capacity = 3;
  assert_int_equal(training_session_update(w->db, &coord, &s, NOW, &promoted,
                                           NULL),
                   0);
  assert_int_equal(promoted, 1);
  assert_int_equal(store_booking_find(w->db, sid, w->cara.id, &b), 0);
  assert_string_equal(b.state, "booked");
  assert_int_equal(mails(w, "cara@uni.ac.uk", "A place for you: "), 1);
  /* Only the capacity changed: nobody is told of a change. */
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Changed: "), 0);
  assert_int_equal(store_tsession_get(w->db, sid, &s), 0);
  assert_int_equal(s.capacity, 3);
  assert_int_equal(s.revision, 1);
}

static void test_session_cancel_tells_booked_and_waiting(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor student = {&w->cara, NULL, NULL};
  int64_t sid = session(w, w->boundaries, 1);
  struct outbox_row *m = calloc(1, sizeof(*m));
  struct booking_row b;
  struct err_detail why;
  int told;

  book(w, &w->amara, sid, "booked", 0, NULL);
  book(w, &w->ben, sid, "waiting", 1, NULL);
  assert_int_equal(training_session_cancel(w->db, &student, sid, "", NOW,
                                           &told, NULL),
                   ERR_PERM);
  assert_int_equal(training_session_cancel(w->db, &coord, sid, "Two\nlines",
                                           NOW, &told, &why),
                   ERR_INPUT);
  assert_int_equal(training_session_cancel(w->db, &coord, sid,
                                           "The room flooded", NOW, &told,
                                           NULL),
                   0);
  assert_int_equal(told, 2);
  last_mail(w, "amara@uni.ac.uk", m);
  assert_string_equal(m->subject, "Cancelled: Boundaries and referral");
  assert_non_null(strstr(m->body, "The room flooded"));
  assert_non_null(strstr(m->attachment, "STATUS:CANCELLED"));
  last_mail(w, "ben@uni.ac.uk", m);
  assert_string_equal(m->subject, "Cancelled: Boundaries and referral");
  assert_string_equal(m->attachment_name, ""); /* never had a place */
  assert_int_equal(training_book(w->db, &student, sid, NOW, &b, &why),
                   ERR_CONFLICT);
  assert_int_equal(training_session_cancel(w->db, &coord, sid, "", NOW,
                                           &told, &why),
                   ERR_CONFLICT);
  free(m);
}

static void test_coordinator_cancels_someone_elses_booking(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor ben = {&w->ben, NULL, NULL};
  int64_t sid = session(w, w->boundaries, 1), amara_b, promoted;
  struct booking_row b;

  book(w, &w->amara, sid, "booked", 0, &amara_b);
  book(w, &w->ben, sid, "waiting", 1, NULL);
  assert_int_equal(training_booking_cancel(w->db, &ben, amara_b, NOW,
                                           &promoted),
                   ERR_PERM);
  assert_int_equal(training_booking_cancel(w->db, &coord, amara_b, NOW,
                                           &promoted),
                   0);
  assert_int_equal(promoted, w->ben.id);
  assert_int_equal(store_booking_find(w->db, sid, w->ben.id, &b), 0);
  assert_string_equal(b.state, "booked");
  assert_int_equal(mails(w, "amara@uni.ac.uk", "Booking cancelled: "), 1);
  assert_int_equal(mails(w, "ben@uni.ac.uk", "A place for you: "), 1);
  assert_int_equal(training_booking_cancel(w->db, &coord, amara_b, NOW,
                                           &promoted),
                   ERR_CONFLICT);
}

static void test_retired_module_and_staff_sessions_refuse(void **state)
{
  struct world *w = *state;
  struct training_actor coord = {&w->coordinator, NULL, NULL};
  struct training_actor amara = {&w->amara, NULL, NULL};
  struct training_actor champion = {&w->trainer, NULL, NULL};
  int64_t sid = session(w, w->boundaries, 5), staff_sid, staff_mod;
  struct module_row m;
  struct booking_row b;
  struct err_detail why;

  assert_int_equal(store_module_get(w->db, w->boundaries, &m), 0);
  m.active = false;
  assert_int_equal(training_module_save(w->db, &coord, &m, NULL, NULL), 0);
  assert_int_equal(training_book(w->db, &amara, sid, NOW, &b, &why),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "retired"));

  staff_mod = module(w, "Supporting your programme's mentors", "in_person",
                     36);
  assert_int_equal(store_module_get(w->db, staff_mod, &m), 0);
  str_copy(m.audience, sizeof(m.audience), "staff");
  assert_int_equal(training_module_save(w->db, &coord, &m, NULL, NULL), 0);
  staff_sid = session(w, staff_mod, 5);
  assert_int_equal(training_book(w->db, &amara, staff_sid, NOW, &b, &why),
                   ERR_PERM);
  assert_int_equal(training_book(w->db, &champion, staff_sid, NOW, &b, &why),
                   0);
  assert_string_equal(b.state, "booked");
}

static void test_report_names_what_each_mentor_lacks(void **state)
{
  struct world *w = *state;
  struct training_report_mentor *rows = calloc(10, sizeof(*rows));
  struct requirement_row req[TRAINING_REQUIRED_MAX];
  struct module_holder_row holders[4];
  struct buf csv;
  int n, nreq;

  assert_int_equal(
      db_run(w->db,
             "INSERT INTO students (student_number, user_id, legal_name,"
             " university_email, status, created_at, updated_at) VALUES"
             " ('S1', $1, 'Amara Okafor', 'amara@uni.ac.uk', 'enrolled', 0,"
             " 0), ('S2', $2, 'Ben Adams', 'ben@uni.ac.uk', 'enrolled', 0,"
             " 0)",
             "ii", w->amara.id, w->ben.id),
      DB_DONE);
  assert_int_equal(
      db_run(w->db,
             "INSERT INTO applications (scheme_id, student_id, state,"
             " created_at, updated_at) SELECT $1, id, 'accepted', 0, 0 FROM"
             " students",
             "i", w->scheme_id),
      DB_DONE);
  complete(w, &w->amara, w->boundaries, NOW - DAY, 0, 1);
  complete(w, &w->amara, w->safeguarding, NOW - DAY, 0, 2);
  complete(w, &w->ben, w->boundaries, NOW - 400 * DAY, NOW - 35 * DAY, 3);
  assert_int_equal(training_report_scheme(w->db, w->scheme_id, NOW, rows, 10,
                                          &n, req, &nreq),
                   0);
  assert_int_equal(nreq, 2);
  assert_int_equal(n, 2);
  assert_string_equal(rows[0].who.legal_name, "Amara Okafor");
  assert_int_equal(rows[0].nmissing, 0);
  assert_string_equal(rows[1].who.legal_name, "Ben Adams");
  assert_int_equal(rows[1].nmissing, 2);
  assert_int_equal(rows[1].missing[0].module_id, w->boundaries);
  assert_int_equal(rows[1].missing[0].expired_at, NOW - 35 * DAY);
  assert_int_equal(rows[1].missing[1].expired_at, 0);

  buf_init(&csv, 1 << 16);
  assert_int_equal(training_report_scheme_csv(w->db, w->scheme_id, NOW,
                                              write_buf, &csv),
                   0);
  assert_non_null(strstr(buf_cstr(&csv),
                         "S1,Amara Okafor,,amara@uni.ac.uk,trained,,\r\n"));
  assert_non_null(strstr(buf_cstr(&csv),
                         "S2,Ben Adams,,ben@uni.ac.uk,not yet trained,"
                         "Safeguarding,Boundaries and referral\r\n"));
  buf_free(&csv);

  assert_int_equal(training_report_module(w->db, w->boundaries, holders, 4,
                                          &n),
                   0);
  assert_int_equal(n, 2);
  assert_string_equal(training_holder_status(&holders[0], NOW), "valid");
  assert_string_equal(training_holder_status(&holders[1], NOW), "expired");
  free(rows);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_gate_lists_missing_modules),
      T(test_gate_clears_when_completed),
      T(test_gate_names_expired_module),
      T(test_scheme_list_overrides_type),
      T(test_expiry_dates),
      T(test_full_session_queues),
      T(test_cancel_promotes_first_waiting),
      T(test_register_trainer_or_coordinator),
      T(test_quiz_pass_completes_fail_does_not),
      T(test_booking_mail_carries_ics_libical_parses),
      T(test_feed_lists_held_sessions_cancelled_marked),
      T(test_feed_token_revocable),
      T(test_day_before_reminder_sent_once),
      T(test_refresher_notice_sent_once_for_latest),
      T(test_session_edit_capacity_and_permissions),
      T(test_session_cancel_tells_booked_and_waiting),
      T(test_coordinator_cancels_someone_elses_booking),
      T(test_retired_module_and_staff_sessions_refuse),
      T(test_report_names_what_each_mentor_lacks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
