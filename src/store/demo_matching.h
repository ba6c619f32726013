/* store/demo_matching.h: the few bulk reads and writes the demo's mentors
 * and mentees need (domain/demo_matching.c) that no capability's store
 * has: every enrolled student in one read, linking a student record to
 * the account made for it, and the past training day whose register
 * records the demo mentors' training. Functions return 0 or a negative
 * enum err. */
#ifndef TANDEM_STORE_DEMO_MATCHING_H
#define TANDEM_STORE_DEMO_MATCHING_H

#include "store/db.h"

#include <stdint.h>

enum {
  DM_NUMBER = 32,
  DM_EMAIL = 255,
  DM_NAME = 160,
  DM_CODE = 24,
  DM_WORD = 16
};

/* An enrolled student as the demo picks mentors and mentees. */
struct demo_student_row {
  int64_t id, user_id; /* user_id 0: no account linked */
  char number[DM_NUMBER];
  char email[DM_EMAIL];
  char name[DM_NAME]; /* the preferred name, else the legal one */
  char course[DM_CODE];
  int year_of_study;
  char fee_status[DM_WORD];
};
typedef int (*demo_student_fn)(void *ctx, const struct demo_student_row *r);
/* store_demo_enrolled: every active enrolled student, by student number. */
int store_demo_enrolled(struct db *db, demo_student_fn fn, void *ctx);
/* store_demo_link: link student_id to user_id when it has no account yet. */
int store_demo_link(struct db *db, int64_t student_id, int64_t user_id);
/* store_demo_session_find: the session of module_id starting at starts_at
 * in place; ERR_NOTFOUND when there is none. */
int store_demo_session_find(struct db *db, int64_t module_id, int64_t starts_at,
                            const char *place, int64_t *id);
/* store_demo_attended: user_id attended session_id (a booking in state
 * attended at position); *id the booking. ERR_CONFLICT when they hold a
 * booking of it already. */
int store_demo_attended(struct db *db, int64_t session_id, int64_t user_id,
                        int64_t position, int64_t at, int64_t *id);

#endif
