/* domain/demo.h: the demo university. A deterministic generator: the same
 * number of students and seed give the same institution, faculties,
 * courses, staff and students on every machine (its own PRNG, no rand()),
 * saved through the domain's save functions, so a second run on the same
 * database changes nothing. Student i's record depends only on the seed
 * and i, so a run with more students keeps the first ones as they are. */
#ifndef TANDEM_DOMAIN_DEMO_H
#define TANDEM_DOMAIN_DEMO_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

#define DEMO_PASSWORD "mentoring-demo"

enum {
  DEMO_STUDENTS_DEFAULT = 300, /* a bare `tandem demo`: quick for tests */
  DEMO_STUDENTS_MAX = 500000,
  DEMO_SEED_DEFAULT = 2026,
};

/* The demo's sign-ins, each linked to a staff or student record by its
 * email (about says which). Static; demo_naccounts entries. */
struct demo_account {
  const char *email, *name;
  unsigned roles;
  const char *about;
};
extern const struct demo_account demo_accounts[];
extern const int demo_naccounts;

/* demo_create_accounts: create the demo accounts that do not exist yet
 * (password DEMO_PASSWORD); *created counts them. Existing accounts are
 * left as they are. ERR_* with why filled on failure. */
int demo_create_accounts(struct db *db, int *created, struct err_detail *why);

struct demo_tally {
  int created, updated, unchanged;
};

/* What demo_build made, for the command to print. */
struct demo_report {
  int terms, interests;
  struct demo_tally faculties, courses, staff, students;
  int international, incoming, graduated; /* among the students */
};

/* demo_build: make or bring up to date the demo university with students
 * students (1..DEMO_STUDENTS_MAX) from seed, in one transaction. Records
 * whose email is an account's are linked to it (the demo accounts' own
 * records among them), so run demo_create_accounts first. Allocates and
 * frees its own working memory. Returns 0, ERR_INPUT for a bad count, or
 * the first error of a save (why names it; nothing is kept). */
int demo_build(struct db *db, int students, uint64_t seed,
               struct demo_report *out, struct err_detail *why);

#endif
