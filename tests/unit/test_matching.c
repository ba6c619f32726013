/* Match runs on the demo university (300 students): a run through the
 * jobs queue gives a draft whose pairs respect the gate and the places,
 * explains every unmatched mentee, and solves the same again from its
 * stored inputs; pins hold and blocks exclude in the next run; a second
 * run discards the first draft and compares with it; a job is claimed
 * once; the settings are validated; a student may not run. Runs on a
 * fresh database (SQLite, or PostgreSQL with TANDEM_TEST_DB). */
#include "base/clock.h"
#include "base/config.h"
#include "domain/accounts.h"
#include "domain/demo.h"
#include "domain/jobs.h"
#include "domain/matching.h"
#include "domain/pairings.h"
#include "store/migrate.h"
#include "store/schemes.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

enum { NOW = 1790000000 };

struct world {
  struct db *db;
  struct user admin, student;
  int64_t scheme_id;
};

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
  w->student.id = 999999;
  w->student.roles = ROLE_STUDENT;
  w->student.active = true;
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

struct collected {
  int n, pinned;
  int64_t signup[2000], mentor[2000];
  int score[2000];
};

static int collect(void *ctx, const struct run_pair_row *p)
{
  struct collected *c = ctx;

  if (c->n < 2000) {
    c->signup[c->n] = p->signup_id;
    c->mentor[c->n] = p->mentor_student_id;
    c->score[c->n] = p->score;
    c->n++;
  }
  c->pinned += p->pinned;
  assert_true(p->explanation[0] != '\0');
  return 0;
}

struct reasons {
  int n;
};

static int count_unmatched(void *ctx, const struct run_unmatched_row *u)
{
  struct reasons *r = ctx;

  r->n++;
  assert_true(u->reason[0] != '\0');
  assert_true(strcmp(matching_unmatched_label(u->reason), u->reason) != 0);
  return 0;
}

static void a_run_makes_a_reproducible_draft(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL};
  struct err_detail why = {"", ""};
  struct run_row run;
  struct collected *c = calloc(1, sizeof(*c));
  struct reasons r = {0};
  int64_t run_id = 0;
  bool same = false;
  int bands[10], sum = 0;

  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run_id, &why),
                   0);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_string_equal(run.state, "draft");
  assert_true(run.mentees > 0 && run.matched > 0);
  assert_int_equal(matching_run_pairs(w->db, run_id, collect, c), 0);
  assert_int_equal(matching_run_unmatched(w->db, run_id, count_unmatched, &r),
                   0);
  assert_int_equal(c->n, run.matched);
  assert_int_equal(c->n + r.n, run.mentees);
  /* Every pair is allowed now: its score through the same rules. */
  for (int i = 0; i < c->n; i++) {
    struct match_candidate cand;
    assert_int_equal(matching_pair_score(w->db, w->scheme_id, c->signup[i],
                                         c->mentor[i], NOW, &cand),
                     0);
    assert_true(cand.score >= 0);
    assert_int_equal(cand.score, c->score[i]);
  }
  assert_int_equal(matching_reproduce(w->db, run_id, &same), 0);
  assert_true(same);
  assert_int_equal(matching_histogram(w->db, run_id, bands), 0);
  for (int b = 0; b < 10; b++)
    sum += bands[b];
  assert_int_equal(sum, run.matched);
  free(c);
}

static void pins_hold_blocks_exclude_and_runs_compare(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL};
  struct err_detail why = {"", ""};
  struct collected *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
  struct matching_comparison cmp;
  struct run_row first, second;
  int64_t run1, run2;

  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run1, &why),
                   0);
  assert_int_equal(matching_run_pairs(w->db, run1, collect, c), 0);
  assert_true(c->n >= 2);
  /* Pin pair 0's mentee to pair 1's mentor, and block pair 1. */
  assert_int_equal(matching_pin(w->db, &a, w->scheme_id, c->signup[0],
                                c->mentor[1], NOW, &why),
                   0);
  assert_int_equal(matching_block(w->db, &a, w->scheme_id, c->signup[1],
                                  c->mentor[1], "Met before", NOW),
                   0);
  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run2, &why),
                   0);
  assert_int_equal(matching_run_get(w->db, run1, &first), 0);
  assert_string_equal(first.state, "discarded");
  assert_int_equal(matching_run_get(w->db, run2, &second), 0);
  assert_string_equal(second.state, "draft");
  assert_int_equal(second.previous_run_id, run1);
  assert_int_equal(matching_run_pairs(w->db, run2, collect, d), 0);
  assert_int_equal(d->pinned, 1);
  for (int i = 0; i < d->n; i++) {
    if (d->signup[i] == c->signup[0])
      assert_int_equal(d->mentor[i], c->mentor[1]);
    if (d->signup[i] == c->signup[1])
      assert_true(d->mentor[i] != c->mentor[1]);
  }
  assert_int_equal(matching_compare(w->db, run2, &cmp), 0);
  assert_true(cmp.has_previous);
  assert_int_equal(cmp.previous_run_id, run1);
  assert_true(cmp.changed >= 1);
  /* A blocked pair cannot be pinned. */
  assert_int_equal(matching_pin(w->db, &a, w->scheme_id, c->signup[1],
                                c->mentor[1], NOW, &why),
                   ERR_INPUT);
  assert_int_equal(matching_unblock(w->db, &a, w->scheme_id, c->signup[1],
                                    c->mentor[1]),
                   0);
  assert_int_equal(matching_unpin(w->db, &a, w->scheme_id, c->signup[0]), 0);
  assert_int_equal(matching_run_discard(w->db, &a, run2, NOW), 0);
  assert_int_equal(matching_run_discard(w->db, &a, run2, NOW), ERR_CONFLICT);
  free(c);
  free(d);
}

/* How many pairs of c have mentor. */
static int pairs_of(const struct collected *c, int64_t mentor)
{
  int n = 0;

  for (int i = 0; i < c->n; i++)
    n += c->mentor[i] == mentor;
  return n;
}

static void a_run_respects_each_mentors_places(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL};
  struct pairing_actor pa = {&w->admin, NULL, NULL};
  struct err_detail why = {"", ""};
  struct collected *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
  struct match_candidate cand;
  int64_t run1, run2, one = 0, none = 0, none_signup = 0;

  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run1, &why), 0);
  assert_int_equal(matching_run_pairs(w->db, run1, collect, c), 0);
  /* A mentor given two or more mentees, and another given any. */
  for (int i = 0; i < c->n; i++) {
    if (!one && pairs_of(c, c->mentor[i]) >= 2)
      one = c->mentor[i];
  }
  for (int i = 0; i < c->n; i++)
    if (!none && c->mentor[i] != one) {
      none = c->mentor[i];
      none_signup = c->signup[i];
    }
  assert_true(one && none);
  assert_int_equal(pairings_set_places(w->db, &pa, w->scheme_id, one, 1, &why),
                   0);
  assert_int_equal(pairings_set_places(w->db, &pa, w->scheme_id, none, 0, &why),
                   0);
  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run2, &why), 0);
  assert_int_equal(matching_run_pairs(w->db, run2, collect, d), 0);
  assert_true(d->n > 0);
  assert_int_equal(pairs_of(d, one), 1);
  assert_int_equal(pairs_of(d, none), 0);
  /* And one pair's score says why. */
  assert_int_equal(
      matching_pair_score(w->db, w->scheme_id, none_signup, none, NOW, &cand),
      0);
  assert_int_equal(cand.score, -1);
  assert_int_equal(cand.rule, MR_AT_CAPACITY);
  free(c);
  free(d);
}

struct blocks_seen {
  int n;
  struct block_row first;
};

static int see_block(void *ctx, const struct block_row *b)
{
  struct blocks_seen *s = ctx;

  if (!s->n++)
    s->first = *b;
  return 0;
}

static void an_unblocked_pair_may_be_paired_again(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL}, st = {&w->student, NULL};
  struct err_detail why = {"", ""};
  struct collected *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
  struct collected *e = calloc(1, sizeof(*e));
  struct blocks_seen seen = {0};
  int64_t run1, run2, run3, signup, mentor;

  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run1, &why), 0);
  assert_int_equal(matching_run_pairs(w->db, run1, collect, c), 0);
  assert_true(c->n >= 1);
  signup = c->signup[0];
  mentor = c->mentor[0];
  assert_int_equal(matching_block(w->db, &a, w->scheme_id, signup, mentor,
                                  "They share a flat", NOW),
                   0);
  /* The coordinators see it listed with who blocked it and when. */
  assert_int_equal(
      matching_block_list(w->db, &a, w->scheme_id, see_block, &seen), 0);
  assert_int_equal(seen.n, 1);
  assert_int_equal(seen.first.signup_id, signup);
  assert_int_equal(seen.first.mentor_student_id, mentor);
  assert_true(seen.first.mentee_name[0] && seen.first.mentor_name[0]);
  assert_true(seen.first.blocked_by[0]);
  assert_string_equal(seen.first.reason, "They share a flat");
  assert_int_equal(seen.first.created_at, NOW);
  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run2, &why), 0);
  assert_int_equal(matching_run_pairs(w->db, run2, collect, d), 0);
  for (int i = 0; i < d->n; i++)
    if (d->signup[i] == signup)
      assert_true(d->mentor[i] != mentor);
  /* A student neither lists nor unblocks. */
  assert_int_equal(
      matching_block_list(w->db, &st, w->scheme_id, see_block, &seen),
      ERR_PERM);
  assert_int_equal(matching_unblock(w->db, &st, w->scheme_id, signup, mentor),
                   ERR_PERM);
  assert_int_equal(matching_unblock(w->db, &a, w->scheme_id, signup, mentor),
                   0);
  assert_int_equal(matching_unblock(w->db, &a, w->scheme_id, signup, mentor),
                   ERR_NOTFOUND);
  seen.n = 0;
  assert_int_equal(
      matching_block_list(w->db, &a, w->scheme_id, see_block, &seen), 0);
  assert_int_equal(seen.n, 0);
  /* With the block gone the inputs are run 1's again, and so is the pair. */
  assert_int_equal(matching_run(w->db, &a, w->scheme_id, NOW, &run3, &why), 0);
  assert_int_equal(matching_run_pairs(w->db, run3, collect, e), 0);
  for (int i = 0; i < e->n; i++)
    if (e->signup[i] == signup)
      assert_int_equal(e->mentor[i], mentor);
  assert_int_equal(pairs_of(e, mentor), pairs_of(c, mentor));
  free(c);
  free(d);
  free(e);
}

static void a_job_is_claimed_once(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL};
  struct err_detail why = {"", ""};
  struct run_row run;
  struct job_row job;
  int64_t run_id, job_id;
  bool taken;
  int ran;

  assert_int_equal(matching_run_queue(w->db, &a, w->scheme_id, NOW, &run_id,
                                      &job_id, &why),
                   0);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_string_equal(run.state, "queued");
  assert_int_equal(jobs_run_pending(w->db, NOW, 10, &ran), 0);
  assert_int_equal(ran, 1);
  assert_int_equal(jobs_take(w->db, job_id, NOW, &taken), 0);
  assert_false(taken);
  assert_int_equal(store_job_get(w->db, job_id, &job), 0);
  assert_string_equal(job.state, "done");
  assert_int_equal(job.attempts, 1);
  assert_int_equal(matching_run_get(w->db, run_id, &run), 0);
  assert_string_equal(run.state, "draft");
  assert_int_equal(jobs_run_pending(w->db, NOW, 10, &ran), 0);
  assert_int_equal(ran, 0);
}

static void settings_are_checked_and_kept(void **state)
{
  struct world *w = *state;
  struct matching_actor a = {&w->admin, NULL}, s = {&w->student, NULL};
  struct err_detail why = {"", ""};
  struct matching_settings m, back;
  int64_t run_id;

  assert_int_equal(matching_settings_get(w->db, w->scheme_id, &m), 0);
  m.config.w[MC_COURSE].weight = 1001;
  assert_int_equal(
      matching_settings_save(w->db, &a, w->scheme_id, &m, NOW, &why),
      ERR_INPUT);
  assert_string_equal(why.field, "w_course");
  m.config.w[MC_COURSE].weight = 900; /* the sum passes 1000 */
  assert_int_equal(
      matching_settings_save(w->db, &a, w->scheme_id, &m, NOW, &why),
      ERR_INPUT);
  m.config.w[MC_COURSE].weight = 300;
  m.config.w[MC_HOME_COUNTRY].weight = 0;
  m.config.w[MC_PREFERENCE].weight = 0;
  m.config.w[MC_CAMPUS].dealbreaker = 1;
  m.min_score = 50;
  assert_int_equal(
      matching_settings_save(w->db, &a, w->scheme_id, &m, NOW, &why), 0);
  assert_int_equal(matching_settings_get(w->db, w->scheme_id, &back), 0);
  assert_int_equal(back.config.w[MC_COURSE].weight, 300);
  assert_int_equal(back.config.w[MC_CAMPUS].dealbreaker, 1);
  assert_int_equal(back.min_score, 50);
  assert_int_equal(
      matching_settings_save(w->db, &s, w->scheme_id, &m, NOW, &why),
      ERR_PERM);
  assert_int_equal(matching_run(w->db, &s, w->scheme_id, NOW, &run_id, &why),
                   ERR_PERM);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_run_makes_a_reproducible_draft, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          pins_hold_blocks_exclude_and_runs_compare, setup, teardown),
      cmocka_unit_test_setup_teardown(a_run_respects_each_mentors_places,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(an_unblocked_pair_may_be_paired_again,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(a_job_is_claimed_once, setup, teardown),
      cmocka_unit_test_setup_teardown(settings_are_checked_and_kept, setup,
                                      teardown),
  };
  static struct config cfg;

  config_defaults(&cfg);
  if (accounts_init(&cfg))
    return 1;
  return cmocka_run_group_tests(tests, NULL, NULL);
}
