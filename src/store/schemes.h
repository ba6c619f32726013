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

/* ------------------------------------------------------------- schemes */

/* store_scheme_get: scheme id with the courses and faculties it serves;
 * ERR_NOTFOUND when there is none. */
int store_scheme_get(struct db *db, int64_t id, struct scheme_row *out);
/* store_scheme_insert: a new scheme from in (id, created_at, updated_at
 * ignored) with its courses and faculties; *id its id. Call inside a
 * transaction. */
int store_scheme_insert(struct db *db, const struct scheme_row *in,
                        int64_t now, int64_t *id);
/* store_scheme_by_name: the id of the scheme called name in
 * academic_year; ERR_NOTFOUND when there is none. */
int store_scheme_by_name(struct db *db, const char *name,
                         const char *academic_year, int64_t *id);
/* store_scheme_update: every column of in->id (not created_by, created_at,
 * copied_from), replacing its courses and faculties. ERR_NOTFOUND when
 * there is no such scheme. Call inside a transaction. */
int store_scheme_update(struct db *db, const struct scheme_row *in,
                        int64_t now);

/* What the catalogue may filter on; zero/empty fields do not filter. */
struct scheme_filter {
  char type[S_WORD];
  char academic_year[S_YEAR];
  char status[S_WORD];
  char q[S_NAME];        /* part of the name or summary */
  int64_t faculty_id;    /* schemes open to this faculty's students */
  int64_t course_id;     /* schemes open to this course's students */
  /* Which drafts and closed schemes show besides the published ones:
   * all_statuses for coordinators and administrators, else those whose
   * scheme_staff includes viewer_id (0: nobody's). */
  bool all_statuses;
  int64_t viewer_id;
  /* Cursor paging (the API): ordered by id after after_id, not by name
   * from an offset. */
  bool by_id;
  int64_t after_id;
};

/* A line of the catalogue. */
struct scheme_brief {
  int64_t id;
  char name[S_NAME];
  char type[S_WORD];
  char academic_year[S_YEAR];
  char summary[S_SUMMARY];
  char status[S_WORD];
  char format[S_WORD], mode[S_WORD];
  char starts_on[S_DATE], ends_on[S_DATE];
  bool applications_open, signups_open, paid;
};

/* store_scheme_list: up to limit schemes matching f from offset, ordered
 * by name then id (or by id after f->after_id when f->by_id); *total (may
 * be NULL) counts every match. */
int store_scheme_list(struct db *db, const struct scheme_filter *f,
                      int offset, int limit, struct scheme_brief *rows,
                      int *n, int64_t *total);

/* store_scheme_add_rule: one eligibility rule (side "mentor"/"mentee",
 * kind, value), replacing that side's rule of the same kind. Used for the
 * defaults of a new scheme; domain/eligibility owns the rest. */
int store_scheme_add_rule(struct db *db, int64_t scheme_id, const char *side,
                          const char *kind, const char *value);

/* ---------------------------------------------------------------- staff */

enum { S_STAFF_MAX = 32, S_EMAIL = 255, S_PERSON = 128 };

struct scheme_staff_row {
  int64_t user_id;
  char role[S_WORD];     /* coordinator champion lead */
  char name[S_PERSON];
  char email[S_EMAIL];
};
/* store_scheme_staff_list: up to max, coordinators first, then by name. */
int store_scheme_staff_list(struct db *db, int64_t scheme_id,
                            struct scheme_staff_row *rows, int max, int *n);
/* store_scheme_staff_has: whether user_id has any role in scheme_id. */
int store_scheme_staff_has(struct db *db, int64_t scheme_id, int64_t user_id,
                           bool *yes);
/* store_scheme_staff_add: add (nothing if already there). */
int store_scheme_staff_add(struct db *db, int64_t scheme_id, int64_t user_id,
                           const char *role);
/* store_scheme_staff_remove: ERR_NOTFOUND when there was no such row. */
int store_scheme_staff_remove(struct db *db, int64_t scheme_id,
                              int64_t user_id, const char *role);

/* --------------------------------------------------------------- topics */

struct scheme_topic_row {
  char topic[S_WORD * 2]; /* a word: "study_skills", "visa" */
  char kind[8];           /* help refer */
};
/* store_scheme_topics: up to max, help before refer, by topic. */
int store_scheme_topics(struct db *db, int64_t scheme_id,
                        struct scheme_topic_row *rows, int max, int *n);
/* store_scheme_topics_set: replace every topic of scheme_id with rows.
 * Call inside a transaction. */
int store_scheme_topics_set(struct db *db, int64_t scheme_id,
                            const struct scheme_topic_row *rows, int n);

/* ------------------------------------------------------------ materials */

enum { S_MATERIALS_MAX = 50, S_FILENAME = 128, S_MIME = 32 };

struct scheme_material_row {
  int64_t id, scheme_id;
  char title[S_NAME];
  char filename[S_FILENAME];
  char content_type[S_MIME];
  int64_t size_bytes;
  char sha256[65];
  int64_t uploaded_by, uploaded_at;
};
/* store_material_list: the materials of scheme_id (no data), by id. */
int store_material_list(struct db *db, int64_t scheme_id,
                        struct scheme_material_row *rows, int max, int *n);
/* store_material_insert: *id the new material's id. data_base64 is
 * copied. */
int store_material_insert(struct db *db, const struct scheme_material_row *in,
                          const char *data_base64, int64_t *id);
/* store_material_get: the material id of scheme_id; when data is not
 * NULL, *data is a malloc'd copy of its base64 (the caller frees it).
 * ERR_NOTFOUND when there is none. */
int store_material_get(struct db *db, int64_t scheme_id, int64_t id,
                       struct scheme_material_row *out, char **data);
/* store_material_delete: ERR_NOTFOUND when there was none. */
int store_material_delete(struct db *db, int64_t scheme_id, int64_t id);

#endif
