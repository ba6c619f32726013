/* Pairings on the demo university (300 students): the lifecycle as one
 * table (legal and illegal moves), the end reasons, who may act (the two
 * sides acknowledge; a stranger nothing), ending frees the mentor's place,
 * a mentor's capacity and one current pairing per mentee hold, rematch
 * requests need a reason, and publishing a run is all or nothing. Runs on
 * a fresh database (SQLite, or PostgreSQL with TANDEM_TEST_DB). */
#include "base/config.h"
#include "base/str.h"
#include "domain/demo.h"
#include "domain/matching.h"
#include "domain/pairings.h"
#include "store/migrate.h"
#include "store/schemes.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three it needs */
#include <stdlib.h>
#include <string.h>

enum { NOW = 1790000000, PEOPLE = 40 };

struct world {
  struct db *db;
  struct user admin, stranger;
  int64_t scheme_id;
  int64_t mentees[PEOPLE], mentee_users[PEOPLE];
  int64_t mentors[PEOPLE], mentor_users[PEOPLE];
  int nmentees, nmentors;
};

static int add_mentee(void *ctx, const struct waiting_row *w)
{
  struct world *x = ctx;

  if (x->nmentees < PEOPLE) {
    x->mentee_users[x->nmentees] = w->user_id;
    x->mentees[x->nmentees++] = w->signup_id;
  }
  return 0;
}

static int add_mentor(void *ctx, const struct mentor_place_row *m)
{
  struct world *x = ctx;

  if (x->nmentors < PEOPLE && m->user_id) {
    x->mentor_users[x->nmentors] = m->user_id;
    x->mentors[x->nmentors++] = m->student_id;
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
  assert_int_equal(store_scheme_by_name(w->db, "First-year peer mentoring",
                                        "2026/27", &w->scheme_id),
                   0);
  w->admin.id = 1;
  w->admin.roles = ROLE_ADMIN;
  w->admin.active = true;
  w->stranger.id = 999999;
  w->stranger.roles = ROLE_STUDENT;
  w->stranger.active = true;
  assert_int_equal(
      pairing_waiting(w->db, &w->admin, w->scheme_id, add_mentee, w), 0);
  assert_int_equal(
      pairing_mentors(w->db, &w->admin, w->scheme_id, add_mentor, w), 0);
  assert_true(w->nmentees >= 6 && w->nmentors >= 3);
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

static struct user as_user(int64_t id)
{
  struct user u;

  memset(&u, 0, sizeof(u));
  u.id = id;
  u.roles = ROLE_STUDENT;
  u.active = true;
  return u;
}

/* Pair mentee i with mentor j (no hard rules: the caller's business). */
static int pair(struct world *w, int i, int j, int64_t *id,
                struct err_detail *why)
{
  struct pairing_actor a = {&w->admin, NULL, NULL};
  struct pairing_new n = {.scheme_id = w->scheme_id,
                          .signup_id = w->mentees[i],
                          .mentor_student_id = w->mentors[j],
                          .source = "coordinator",
                          .score = 500,
                          .explanation = "Test"};

  return pairing_create(w->db, &a, &n, NOW, id, why);
}

static int held(struct world *w, int j)
{
  int capacity = 0, h = 0;

  store_place_get(w->db, w->scheme_id, w->mentors[j], &capacity, &h);
  return h;
}

static const char *state_of(struct world *w, int64_t id)
{
  static struct pairing_row p;

  assert_int_equal(pairing_get(w->db, NULL, id, &p, NULL), 0);
  return p.state;
}

static void test_the_lifecycle_table(void **state)
{
  (void)state;
  assert_true(pairing_transition_legal("proposed", "active"));
  assert_true(pairing_transition_legal("proposed", "ended"));
  assert_true(pairing_transition_legal("active", "paused"));
  assert_true(pairing_transition_legal("paused", "active"));
  assert_true(pairing_transition_legal("active", "ended"));
  assert_true(pairing_transition_legal("paused", "ended"));
  assert_false(pairing_transition_legal("proposed", "paused"));
  assert_false(pairing_transition_legal("active", "proposed"));
  assert_false(pairing_transition_legal("ended", "active"));
  assert_false(pairing_transition_legal("ended", "ended"));
  assert_false(pairing_transition_legal("active", "active"));
  assert_false(pairing_transition_legal("active", "sideways"));
  assert_false(pairing_transition_legal(NULL, "ended"));
  assert_true(pairing_state_valid("paused"));
  assert_false(pairing_state_valid("waiting"));
  assert_string_equal(pairing_state_label("active"), "Active");
}

static void test_end_reasons_are_validated(void **state)
{
  (void)state;
  for (int i = 0; pairing_end_reasons[i]; i++) {
    assert_true(pairing_end_reason_valid(pairing_end_reasons[i]));
    assert_string_not_equal(pairing_end_reason_label(pairing_end_reasons[i]),
                            pairing_end_reasons[i]);
  }
  assert_false(pairing_end_reason_valid(""));
  assert_false(pairing_end_reason_valid(NULL));
  assert_false(pairing_end_reason_valid("bored"));
  assert_string_equal(pairing_end_reason_label("concern_raised"),
                      "A concern was raised");
}

static void test_sides_move_it_and_ending_frees_the_place(void **state)
{
  struct world *w = *state;
  struct err_detail why = {"", ""};
  struct user mentee = as_user(w->mentee_users[0]);
  struct user mentor = as_user(w->mentor_users[0]);
  struct pairing_actor me = {&mentee, NULL, NULL}, mo = {&mentor, NULL, NULL};
  struct pairing_actor st = {&w->stranger, NULL, NULL};
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct pairing_event_row ev[PAIRING_EVENTS_MAX];
  int64_t id = 0;
  int n = 0;

  assert_int_equal(pair(w, 0, 0, &id, &why), 0);
  assert_true(id > 0);
  assert_int_equal(held(w, 0), 1);
  assert_string_equal(state_of(w, id), "proposed");
  /* Only the two sides acknowledge; a stranger does nothing at all. */
  assert_int_equal(pairing_acknowledge(w->db, &st, id, NOW), ERR_PERM);
  assert_int_equal(pairing_acknowledge(w->db, &ad, id, NOW), ERR_PERM);
  assert_int_equal(pairing_pause(w->db, &st, id, "", NOW), ERR_PERM);
  assert_int_equal(pairing_end(w->db, &st, id, "completed", "", NOW, &why),
                   ERR_PERM);
  /* Pausing a proposed pairing is not a move of the lifecycle. */
  assert_int_equal(pairing_pause(w->db, &mo, id, "", NOW), ERR_CONFLICT);
  assert_int_equal(pairing_acknowledge(w->db, &me, id, NOW), 0);
  assert_string_equal(state_of(w, id), "proposed");
  assert_int_equal(pairing_acknowledge(w->db, &me, id, NOW), 0); /* again */
  assert_int_equal(pairing_acknowledge(w->db, &mo, id, NOW + 1), 0);
  assert_string_equal(state_of(w, id), "active");
  assert_int_equal(pairing_resume(w->db, &me, id, NOW), ERR_CONFLICT);
  assert_int_equal(pairing_pause(w->db, &mo, id, "Exams", NOW + 2), 0);
  assert_string_equal(state_of(w, id), "paused");
  assert_int_equal(pairing_pause(w->db, &mo, id, "", NOW), ERR_CONFLICT);
  assert_int_equal(pairing_resume(w->db, &ad, id, NOW + 3), 0);
  assert_string_equal(state_of(w, id), "active");
  /* A reason is needed, one of the list. */
  assert_int_equal(pairing_end(w->db, &me, id, "", "", NOW, &why), ERR_INPUT);
  assert_string_equal(why.field, "reason");
  assert_int_equal(pairing_end(w->db, &me, id, "bored", "", NOW, &why),
                   ERR_INPUT);
  assert_int_equal(held(w, 0), 1);
  assert_int_equal(
      pairing_end(w->db, &me, id, "completed", "Thanks", NOW + 4, &why), 0);
  assert_string_equal(state_of(w, id), "ended");
  assert_int_equal(held(w, 0), 0);
  assert_int_equal(pairing_end(w->db, &me, id, "moved_on", "", NOW, &why),
                   ERR_CONFLICT);
  assert_int_equal(pairing_resume(w->db, &ad, id, NOW), ERR_CONFLICT);
  assert_int_equal(held(w, 0), 0); /* ending once frees one place */
  assert_int_equal(pairing_history(w->db, id, ev, PAIRING_EVENTS_MAX, &n), 0);
  assert_int_equal(n, 6);
  assert_string_equal(ev[0].from_state, "");
  assert_string_equal(ev[5].to_state, "ended");
  assert_string_equal(ev[5].note, "Thanks");
  /* The mentee may be paired again once it ended. */
  assert_int_equal(pair(w, 0, 1, &id, &why), 0);
  assert_int_equal(held(w, 1), 1);
}

static void test_capacity_and_one_current_pairing_hold(void **state)
{
  struct world *w = *state;
  struct err_detail why = {"", ""};
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  int64_t a = 0, b = 0, c = 0;

  /* Mentor 2 has one place. */
  assert_int_equal(db_run(w->db,
                          "INSERT INTO scheme_mentors (scheme_id, student_id,"
                          " capacity, held) VALUES ($1, $2, 1, 0)",
                          "ii", w->scheme_id, w->mentors[2]),
                   0);
  assert_int_equal(pair(w, 2, 2, &a, &why), 0);
  assert_int_equal(pair(w, 3, 2, &b, &why), ERR_CONFLICT);
  assert_string_equal(why.field, "mentor_student_id");
  assert_non_null(strstr(why.msg, "no place left"));
  assert_int_equal(b, 0);
  assert_int_equal(held(w, 2), 1);
  /* Mentee 2 already has a mentor: another is refused, and that mentor's
   * place is given back with the rest of the transaction. */
  memset(&why, 0, sizeof(why));
  assert_int_equal(pair(w, 2, 1, &c, &why), ERR_CONFLICT);
  assert_string_equal(why.field, "signup_id");
  assert_non_null(strstr(why.msg, "already has a mentor"));
  assert_int_equal(held(w, 1), 1); /* the one from the lifecycle test */
  /* Ending frees the place for the next. */
  assert_int_equal(pairing_end(w->db, &ad, a, "moved_on", "", NOW, &why), 0);
  assert_int_equal(pair(w, 3, 2, &b, &why), 0);
  assert_int_equal(held(w, 2), 1);
}

static void test_rematch_requests_need_a_side_and_a_reason(void **state)
{
  struct world *w = *state;
  struct err_detail why = {"", ""};
  struct user mentee = as_user(w->mentee_users[4]);
  struct pairing_actor me = {&mentee, NULL, NULL};
  struct pairing_actor st = {&w->stranger, NULL, NULL};
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct rematch_row rows[4];
  int64_t id = 0;
  int n = 0;

  assert_int_equal(pair(w, 4, 0, &id, &why), 0);
  assert_int_equal(pairing_rematch_request(w->db, &me, id, "  ", NOW, &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "rematch_reason");
  assert_int_equal(pairing_rematch_request(w->db, &st, id, "x", NOW, &why),
                   ERR_PERM);
  assert_int_equal(pairing_rematch_request(w->db, &ad, id, "x", NOW, &why),
                   ERR_PERM);
  assert_int_equal(
      pairing_rematch_request(w->db, &me, id, "We never meet", NOW, &why), 0);
  assert_int_equal(pairing_rematch_request(w->db, &me, id, "Again", NOW, &why),
                   ERR_CONFLICT);
  assert_int_equal(
      pairing_rematch_requests(w->db, &w->admin, w->scheme_id, rows, 4, &n), 0);
  assert_int_equal(n, 1);
  assert_string_equal(rows[0].reason, "We never meet");
  assert_string_equal(rows[0].side, "mentee");
  assert_int_equal(
      pairing_rematch_requests(w->db, &w->stranger, w->scheme_id, rows, 4, &n),
      ERR_PERM);
  /* Ending the pairing closes the request. */
  assert_int_equal(pairing_end(w->db, &ad, id, "needs_changed", "", NOW, &why),
                   0);
  assert_int_equal(
      pairing_rematch_requests(w->db, &w->admin, w->scheme_id, rows, 4, &n), 0);
  assert_int_equal(n, 0);
}

struct count {
  int n;
};

static int count_pairing(void *ctx, const struct pairing_row *p)
{
  ((struct count *)ctx)->n += str_eq(p->source, "run");
  return 0;
}

static void test_publishing_a_run_is_all_or_nothing(void **state)
{
  struct world *w = *state;
  struct matching_actor ma = {&w->admin, NULL};
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct pairing_actor st = {&w->stranger, NULL, NULL};
  struct err_detail why = {"", ""};
  struct run_row run;
  struct run_pair_row first;
  struct count c = {0};
  int64_t run_id = 0, other = 0;
  int created = -1, j;

  assert_int_equal(matching_run(w->db, &ma, w->scheme_id, NOW, &run_id, &why),
                   0);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_true(run.matched > 1);
  assert_int_equal(pairing_publish_run(w->db, &st, run_id, NOW, &created, &why),
                   ERR_PERM);
  /* Meanwhile one of the draft's mentees is paired by hand: the whole
   * publication is refused, naming the pair, and nothing is created. */
  {
    struct db_stmt *s;

    assert_int_equal(db_prepare(w->db,
                                "SELECT signup_id, mentor_student_id FROM"
                                " match_run_pairs WHERE run_id = $1"
                                " ORDER BY signup_id LIMIT 1",
                                &s),
                     0);
    db_bind_int(s, 1, run_id);
    assert_int_equal(db_step(s), DB_ROW);
    first.signup_id = db_col_int(s, 0);
    first.mentor_student_id = db_col_int(s, 1);
    db_finish(s);
  }
  /* Another mentor with a place (mentor 2 has one, held). */
  for (j = 0;
       j < w->nmentors && (j == 2 || w->mentors[j] == first.mentor_student_id);
       j++)
    ;
  assert_int_equal(
      pairing_create(w->db, &ad,
                     &(struct pairing_new){.scheme_id = w->scheme_id,
                                           .signup_id = first.signup_id,
                                           .mentor_student_id = w->mentors[j],
                                           .source = "coordinator"},
                     NOW, &other, &why),
      0);
  memset(&why, 0, sizeof(why));
  assert_int_equal(pairing_publish_run(w->db, &ad, run_id, NOW, &created, &why),
                   ERR_CONFLICT);
  assert_int_equal(created, 0);
  assert_non_null(strstr(why.msg, "nothing was published"));
  assert_int_equal(
      pairing_list(w->db, NULL, w->scheme_id, "", count_pairing, &c), 0);
  assert_int_equal(c.n, 0);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_string_equal(run.state, "draft");
  /* Without the hand-made pairing, it publishes every pair once. */
  assert_int_equal(pairing_end(w->db, &ad, other, "moved_on", "", NOW, &why),
                   0);
  assert_int_equal(pairing_publish_run(w->db, &ad, run_id, NOW, &created, &why),
                   0);
  assert_int_equal(created, run.matched);
  c.n = 0;
  assert_int_equal(
      pairing_list(w->db, NULL, w->scheme_id, "", count_pairing, &c), 0);
  assert_int_equal(c.n, run.matched);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_string_equal(run.state, "published");
  assert_int_equal(pairing_publish_run(w->db, &ad, run_id, NOW, &created, &why),
                   ERR_CONFLICT);
  assert_int_equal(created, 0);
}

static int64_t one_int(struct db *db, const char *sql, int64_t arg)
{
  struct db_stmt *st;
  int64_t v = 0;

  assert_int_equal(db_prepare(db, sql, &st), 0);
  db_bind_int(st, 1, arg);
  if (db_step(st) == DB_ROW)
    v = db_col_int(st, 0);
  db_finish(st);
  return v;
}

static int first_mentor(void *ctx, const struct mentor_place_row *m)
{
  int64_t *id = ctx;

  if (!*id)
    *id = m->student_id;
  return 0;
}

struct grouped {
  int n;
  int64_t group_id;
  char name[P_NAME];
};

static int grouped_pairing(void *ctx, const struct pairing_row *p)
{
  struct grouped *g = ctx;

  g->n++;
  g->group_id = p->group_id;
  str_copy(g->name, sizeof(g->name), p->group_name);
  return 0;
}

static void test_a_group_run_publishes_its_groups(void **state)
{
  struct world *w = *state;
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct err_detail why = {"", ""};
  struct group_row groups[4];
  struct grouped g = {0};
  int64_t pal = 0, leader = 0, co = w->mentors[1], run_id, su[2];
  int created = 0, n = 0;

  assert_int_equal(store_scheme_by_name(w->db, "PAL: Programming Fundamentals",
                                        "2026/27", &pal),
                   0);
  assert_int_equal(
      pairing_mentors(w->db, &w->admin, pal, first_mentor, &leader), 0);
  assert_true(leader > 0);
  /* Two mentees sign up, and a draft puts them in one group led by two. */
  for (int i = 0; i < 2; i++) {
    assert_int_equal(db_run(w->db,
                            "INSERT INTO mentee_signups (scheme_id, user_id,"
                            " created_at, updated_at) VALUES ($1, $2, 0, 0)",
                            "ii", pal, w->mentee_users[10 + i]),
                     0);
    su[i] = one_int(
        w->db, "SELECT MAX(id) FROM mentee_signups WHERE scheme_id = $1", pal);
  }
  assert_int_equal(db_run(w->db,
                          "INSERT INTO match_runs (scheme_id, state,"
                          " created_at) VALUES ($1, 'draft', 0)",
                          "i", pal),
                   0);
  run_id = one_int(w->db, "SELECT MAX(id) FROM match_runs WHERE scheme_id = $1",
                   pal);
  for (int i = 0; i < 2; i++)
    assert_int_equal(db_run(w->db,
                            "INSERT INTO match_run_pairs (run_id, signup_id,"
                            " mentor_student_id, co_leader_student_id,"
                            " group_no, score) VALUES ($1, $2, $3, $4, 1,"
                            " 400)",
                            "iiii", run_id, su[i], leader, co),
                     0);
  assert_int_equal(pairing_publish_run(w->db, &ad, run_id, NOW, &created, &why),
                   0);
  assert_int_equal(created, 2);
  assert_int_equal(pairing_groups(w->db, &w->admin, pal, groups, 4, &n), 0);
  assert_int_equal(n, 1);
  assert_string_equal(groups[0].name, "Group 1");
  assert_int_equal(groups[0].leader_student_id, leader);
  assert_int_equal(groups[0].co_leader_student_id, co);
  assert_int_equal(groups[0].members, 2);
  assert_int_equal(pairing_list(w->db, NULL, pal, "", grouped_pairing, &g), 0);
  assert_int_equal(g.n, 2);
  assert_int_equal(g.group_id, groups[0].id);
  assert_string_equal(g.name, "Group 1");
}

/* The mentor holding the most pairings (index into w->mentors), and one
 * with no row of places yet. */
struct place_pick {
  int64_t most, most_held, fresh;
  struct world *w;
};

static int pick_places(void *ctx, const struct mentor_place_row *m)
{
  struct place_pick *p = ctx;
  int capacity, h;

  if (m->held > p->most_held) {
    p->most = m->student_id;
    p->most_held = m->held;
  }
  if (!p->fresh && store_place_get(p->w->db, p->w->scheme_id, m->student_id,
                                   &capacity, &h) == ERR_NOTFOUND)
    p->fresh = m->student_id;
  return 0;
}

static int64_t audit_count(struct db *db, const char *action)
{
  struct db_stmt *st;
  int64_t n = 0;

  assert_int_equal(
      db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE action = $1", &st),
      0);
  db_bind_text(st, 1, action);
  if (db_step(st) == DB_ROW)
    n = db_col_int(st, 0);
  db_finish(st);
  return n;
}

static void test_places_are_bounded_and_set_by_coordinators(void **state)
{
  struct world *w = *state;
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct pairing_actor st = {&w->stranger, NULL, NULL};
  struct pairing_actor key = {NULL, NULL, NULL};
  struct err_detail why = {"", ""};
  struct place_pick p = {0, 0, 0, w};
  struct mentor_place_row m;
  int64_t not_mentor, audited = audit_count(w->db, "pairing.places");
  int capacity = -1, h = -1;

  assert_int_equal(
      pairing_mentors(w->db, &w->admin, w->scheme_id, pick_places, &p), 0);
  assert_true(p.fresh > 0);
  /* Only whole numbers from 0 to 50. */
  assert_int_equal(
      pairings_set_places(w->db, &ad, w->scheme_id, p.fresh, -1, &why),
      ERR_INPUT);
  assert_string_equal(why.field, "places");
  assert_non_null(strstr(why.msg, "from 0 to 50"));
  assert_int_equal(
      pairings_set_places(w->db, &ad, w->scheme_id, p.fresh, 51, &why),
      ERR_INPUT);
  /* Only the scheme's managers (or a key) may set them. */
  memset(&why, 0, sizeof(why));
  assert_int_equal(
      pairings_set_places(w->db, &st, w->scheme_id, p.fresh, 3, &why),
      ERR_PERM);
  assert_non_null(strstr(why.msg, "coordinators"));
  assert_int_equal(
      pairing_mentor(w->db, &w->stranger, w->scheme_id, p.fresh, &m), ERR_PERM);
  /* Only for an accepted mentor of the scheme. */
  not_mentor = one_int(w->db,
                       "SELECT MIN(id) FROM students WHERE id NOT IN (SELECT"
                       " student_id FROM applications WHERE scheme_id = $1"
                       " AND state = 'accepted')",
                       w->scheme_id);
  assert_true(not_mentor > 0);
  assert_int_equal(
      pairings_set_places(w->db, &ad, w->scheme_id, not_mentor, 3, &why),
      ERR_NOTFOUND);
  assert_non_null(strstr(why.msg, "not an accepted mentor"));
  assert_int_equal(
      pairings_set_places(w->db, &ad, w->scheme_id, 99999999, 3, &why),
      ERR_NOTFOUND);
  assert_int_equal(audit_count(w->db, "pairing.places"), audited);
  /* A mentor without a row gets one: 0 places takes no new mentee. */
  assert_int_equal(
      pairings_set_places(w->db, &ad, w->scheme_id, p.fresh, 0, &why), 0);
  assert_int_equal(store_place_get(w->db, w->scheme_id, p.fresh, &capacity, &h),
                   0);
  assert_int_equal(capacity, 0);
  assert_int_equal(h, 0);
  assert_int_equal(pairing_mentor(w->db, &w->admin, w->scheme_id, p.fresh, &m),
                   0);
  assert_int_equal(m.capacity, 0);
  assert_int_equal(audit_count(w->db, "pairing.places"), audited + 1);
  /* 50 is the most; an API key (no user) acts as a coordinator. */
  assert_int_equal(
      pairings_set_places(w->db, &key, w->scheme_id, p.fresh, 50, &why), 0);
  assert_int_equal(store_place_get(w->db, w->scheme_id, p.fresh, &capacity, &h),
                   0);
  assert_int_equal(capacity, 50);
}

static int first_waiting(void *ctx, const struct waiting_row *w)
{
  struct waiting_row *out = ctx;

  if (!out->signup_id)
    *out = *w;
  return 0;
}

static void test_places_never_go_below_the_pairings_held(void **state)
{
  struct world *w = *state;
  struct pairing_actor ad = {&w->admin, NULL, NULL};
  struct err_detail why = {"", ""};
  struct place_pick p = {0, 0, 0, w};
  struct waiting_row next = {0};
  struct pairing_new n = {.scheme_id = w->scheme_id, .source = "coordinator"};
  char held_text[64];
  int capacity = -1, h = -1;
  int64_t id = 0;

  /* After the published run, some mentor holds two or more. */
  assert_int_equal(
      pairing_mentors(w->db, &w->admin, w->scheme_id, pick_places, &p), 0);
  assert_true(p.most_held >= 1);
  assert_int_equal(pairings_set_places(w->db, &ad, w->scheme_id, p.most,
                                       (int)p.most_held - 1, &why),
                   ERR_CONFLICT);
  assert_string_equal(why.field, "places");
  snprintf(held_text, sizeof(held_text), "has %d current pairing",
           (int)p.most_held);
  assert_non_null(strstr(why.msg, held_text));
  assert_int_equal(store_place_get(w->db, w->scheme_id, p.most, &capacity, &h),
                   0);
  assert_int_equal(h, p.most_held);
  assert_true(capacity >= h); /* unchanged */
  /* Exactly what they hold: full, so the next pairing is refused. */
  assert_int_equal(pairings_set_places(w->db, &ad, w->scheme_id, p.most,
                                       (int)p.most_held, &why),
                   0);
  assert_int_equal(
      pairing_waiting(w->db, &w->admin, w->scheme_id, first_waiting, &next), 0);
  assert_true(next.signup_id > 0);
  n.signup_id = next.signup_id;
  n.mentor_student_id = p.most;
  memset(&why, 0, sizeof(why));
  assert_int_equal(pairing_create(w->db, &ad, &n, NOW, &id, &why),
                   ERR_CONFLICT);
  assert_non_null(strstr(why.msg, "no place left"));
  /* One more place, and they may take one more. */
  assert_int_equal(pairings_set_places(w->db, &ad, w->scheme_id, p.most,
                                       (int)p.most_held + 1, &why),
                   0);
  assert_int_equal(pairing_create(w->db, &ad, &n, NOW, &id, &why), 0);
  assert_int_equal(store_place_get(w->db, w->scheme_id, p.most, &capacity, &h),
                   0);
  assert_int_equal(h, p.most_held + 1);
  assert_int_equal(capacity, p.most_held + 1);
}

int main(void)
{
  static struct config cfg;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_the_lifecycle_table),
      cmocka_unit_test(test_end_reasons_are_validated),
      cmocka_unit_test(test_sides_move_it_and_ending_frees_the_place),
      cmocka_unit_test(test_capacity_and_one_current_pairing_hold),
      cmocka_unit_test(test_rematch_requests_need_a_side_and_a_reason),
      cmocka_unit_test(test_publishing_a_run_is_all_or_nothing),
      cmocka_unit_test(test_a_group_run_publishes_its_groups),
      cmocka_unit_test(test_places_are_bounded_and_set_by_coordinators),
      cmocka_unit_test(test_places_never_go_below_the_pairings_held),
  };

  /* The demo's accounts are hashed: libsodium and the hashing limit. */
  config_defaults(&cfg);
  if (accounts_init(&cfg))
    return 1;
  return cmocka_run_group_tests(tests, setup, teardown);
}
