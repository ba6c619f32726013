/* domain/demo_data.h: the static tables the demo university is drawn from:
 * names by culture, countries with their languages, faculties, subjects,
 * interests and job titles. Private to domain/demo.c. Every list of
 * strings ends with NULL. Names are UTF-8 as a student record holds them. */
#ifndef TANDEM_DOMAIN_DEMO_DATA_H
#define TANDEM_DOMAIN_DEMO_DATA_H

/* A naming culture: given names by sex, family names, and for students of
 * that heritage who live in the UK, the languages they may also speak. */
struct demo_culture {
  const char *key;
  const char *const *female, *const *male, *const *family;
  const char *heritage; /* space-separated ISO 639 codes, or "" */
  const char *const *pref_female, *const *pref_male; /* English names some
                                                         adopt, or NULL */
};

/* A country students come from: its weight among international students
 * (0: home students only), the culture of its names and the first
 * languages spoken there (space-separated; repeats weigh). */
struct demo_country {
  const char *code;
  int weight;
  int culture;
  const char *languages;
};

struct demo_faculty {
  const char *code, *name, *campus;
  const char *foundation; /* title of its foundation year */
  const char *research;   /* title of its doctoral programme */
  const char *subject;    /* for job titles: "Lecturer in Law" */
};

/* A subject: its undergraduate degree, and the variants offered. */
struct demo_subject {
  int faculty;
  const char *ucas; /* the course code's stem, e.g. G400 */
  const char *name; /* "Computer Science", for job titles */
  const char *ug;   /* "BSc Computer Science", or NULL: taught PG only */
  int ug_years;
  const char *integrated; /* "MEng Computer Science" (4 or 5 years), NULL */
  int placement;          /* 1: also "... with Placement Year" */
  const char *pgt;        /* "MSc Advanced Computer Science", or NULL */
  int pgt_years;          /* 0 means 1 */
  const char *campus;     /* NULL: the faculty's */
};

extern const struct demo_culture demo_cultures[];
extern const int demo_ncultures;
/* Indexes of the cultures the generator names directly. */
enum {
  DC_BRITISH,
  DC_IRISH,
  DC_WELSH,
  DC_NIGERIAN,
  DC_GHANAIAN,
  DC_INDIAN,
  DC_PAKISTANI,
  DC_BANGLADESHI,
  DC_CHINESE,
  DC_MALAYSIAN,
  DC_ARABIC,
  DC_POLISH,
  DC_ROMANIAN,
  DC_SPANISH,
  DC_ITALIAN,
  DC_GREEK,
  DC_TURKISH,
  DC_VIETNAMESE,
  DC_BRAZILIAN,
  DC_KENYAN,
  DC_JAPANESE,
  DC_KOREAN,
  DC_FRENCH,
  DC_GERMAN,
};
/* How often each culture's names occur among home students (the UK's
 * mix), by culture index. */
extern const int demo_home_culture_weight[];

extern const struct demo_country demo_countries[];
extern const int demo_ncountries;
/* Home students' countries (fee status home): code, weight, culture. */
extern const struct demo_country demo_home_countries[];
extern const int demo_nhome_countries;

extern const struct demo_faculty demo_faculties[];
extern const int demo_nfaculties;
extern const struct demo_subject demo_subjects[];
extern const int demo_nsubjects;

extern const char *const demo_interests[];
/* Shorter forms people go by ("Alexander" -> "Alex"), as pairs. */
extern const char *const demo_nicknames[][2];
extern const char *const demo_academic_titles[]; /* "Lecturer in" */
extern const int demo_academic_title_weight[];
extern const char *const demo_faculty_roles[]; /* professional, per faculty */
extern const char *const demo_central_roles[]; /* professional, central */
extern const char *const demo_bios[];          /* after "<course> student." */
extern const char *const demo_extra_languages; /* a third language */

#endif
