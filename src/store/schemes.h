/* store/schemes.h: SQL for the scheme catalogue (migration 0003): schemes,
 * the courses and faculties they serve, their staff, topics and recruitment
 * materials. Plain rows in and out; the rules are in domain/schemes.c.
 * Functions return 0 or a negative enum err; look-ups ERR_NOTFOUND when
 * there is no row, writes ERR_CONFLICT on a uniqueness or reference
 * violation. */
#ifndef TANDEM_STORE_SCHEMES_H
#define TANDEM_STORE_SCHEMES_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
  S_NAME = 160, S_WORD = 32, S_YEAR = 8, S_DATE = 11, S_SUMMARY = 300,
  S_DESCRIPTION = 20000, S_COMMITMENT = 200, S_SERVED_MAX = 64,
  S_TOPICS_MAX = 32,
};

struct scheme_row {
  int64_t id;
  char name[S_NAME];
  char type[S_WORD];          /* pre_arrival pastoral it_support pal course
                                 transition placement international
                                 final_year buddy custom */
  char academic_year[S_YEAR]; /* '2026/27' */
  char summary[S_SUMMARY];
  char description[S_DESCRIPTION]; /* markdown, the public page */
  char owner_level[S_WORD];   /* central faculty course */
  char format[S_WORD];        /* one_to_one group */
  int group_size;             /* group: mentees in a group */
  char mode[S_WORD];          /* online face_to_face blended */
  char contact[S_WORD];       /* meetings messages */
  char matching_mode[S_WORD]; /* automatic mentee_chooses coordinator_assigns */
  int mentor_capacity;        /* mentees (or groups) a mentor takes */
  char period[S_WORD];        /* year term semester */
  int64_t term_id;            /* 0: none */
  char starts_on[S_DATE], ends_on[S_DATE];
  bool paid;
  int rate_pence;             /* an hour, when paid */
  char commitment[S_COMMITMENT];
  int64_t sponsor_staff_id;   /* 0: none; PAL requires one */
  char status[S_WORD];        /* draft published closed */
  bool applications_open, signups_open;
  int64_t copied_from;        /* 0: none */
  int64_t created_by;
  int64_t created_at, updated_at;
  /* The courses and faculties it serves (none of either: everyone). */
  int ncourses, nfaculties;
  int64_t courses[S_SERVED_MAX], faculties[S_SERVED_MAX];
};

#endif
