/* domain/import.c: CSV import and export of the organisation and its
 * people. The file streams through libcsv one line at a time (so every
 * row knows the line it started on); each row is checked and saved inside
 * one transaction, and the transaction is rolled back if any row was bad.
 * After the first bad row the remaining rows are only validated, so every
 * error is still found without writing more. */
#include "domain/import.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/people.h"
#include "store/import.h"

#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- columns */

enum {
  /* students */
  S_NUMBER, S_LEGAL, S_PREFERRED, S_PRONOUNS, S_UEMAIL, S_PEMAIL, S_COURSE,
  S_YEAR, S_MODE, S_STATUS, S_GRADUATED, S_COUNTRY, S_FEE, S_CAMPUS,
  S_LANGUAGES, S_YEARS, S_NCOLS
};
enum { T_NUMBER, T_NAME, T_EMAIL, T_JOB, T_KIND, T_FACULTY, T_COURSES,
       T_NCOLS };
enum { C_CODE, C_TITLE, C_FACULTY, C_FACULTY_NAME, C_LEVEL, C_YEARS,
       C_CAMPUS, C_NCOLS };
enum { F_CODE, F_NAME, F_NCOLS };

static const char *const student_cols[] = {
    "student_number", "legal_name",     "preferred_name", "pronouns",
    "university_email", "personal_email", "course_code",  "year_of_study",
    "study_mode",     "status",         "graduated_on",   "home_country",
    "fee_status",     "campus",         "languages",      "completed_years",
    NULL};
static const bool student_req[] = {true,  true,  false, false, true,  false,
                                   false, false, false, true,  false, false,
                                   false, false, false, false};
static const char *const staff_cols[] = {"staff_number", "name",  "email",
                                         "job_title",    "kind",  "faculty_code",
                                         "courses",      NULL};
static const bool staff_req[] = {true, true, true, false, true, false, false};
static const char *const course_cols[] = {"code",   "title", "faculty_code",
                                          "faculty_name", "level", "years",
                                          "campus", NULL};
static const bool course_req[] = {true, true, true, false, true, true, false};
static const char *const faculty_cols[] = {"code", "name", NULL};
static const bool faculty_req[] = {true, true};

static const char *const kind_names[] = {"faculties", "courses", "staff",
                                         "students"};

bool import_kind_parse(const char *word, enum import_kind *kind)
{
  static const struct {
    const char *w;
    enum import_kind k;
  } words[] = {{"students", IMPORT_STUDENTS}, {"student", IMPORT_STUDENTS},
               {"staff", IMPORT_STAFF},       {"courses", IMPORT_COURSES},
               {"course", IMPORT_COURSES},    {"faculties", IMPORT_FACULTIES},
               {"faculty", IMPORT_FACULTIES}};

  for (size_t i = 0; word && i < sizeof(words) / sizeof(words[0]); i++)
    if (strcmp(word, words[i].w) == 0) {
      *kind = words[i].k;
      return true;
    }
  return false;
}

const char *import_kind_name(enum import_kind kind)
{
  return kind < IMPORT_KINDS ? kind_names[kind] : "?";
}

const char *const *import_columns(enum import_kind kind, const bool **required)
{
  const char *const *cols[] = {faculty_cols, course_cols, staff_cols,
                               student_cols};
  const bool *req[] = {faculty_req, course_req, staff_req, student_req};

  if (required)
    *required = req[kind];
  return cols[kind];
}

const char *import_template(enum import_kind kind)
{
  switch (kind) {
  case IMPORT_FACULTIES:
    return "code,name\r\nFSE,Faculty of Science and Engineering\r\n";
  case IMPORT_COURSES:
    return "code,title,faculty_code,faculty_name,level,years,campus\r\n"
           "BSC-CS,BSc Computer Science,FSE,Faculty of Science and "
           "Engineering,undergraduate,3,City\r\n";
  case IMPORT_STAFF:
    return "staff_number,name,email,job_title,kind,faculty_code,courses\r\n"
           "S0001,Dr Ada Okafor,a.okafor@uni.example.ac.uk,Senior "
           "Lecturer,academic,FSE,BSC-CS;MSC-DS\r\n";
  default:
    return "student_number,legal_name,preferred_name,pronouns,"
           "university_email,personal_email,course_code,year_of_study,"
           "study_mode,status,graduated_on,home_country,fee_status,campus,"
           "languages,completed_years\r\n"
           "2301234,Nguyen Thi Mai,Mai,she/her,mai.nguyen@uni.example.ac.uk,"
           ",BSC-CS,2,full_time,enrolled,,VN,international,City,vi*;en,"
           "2023/24:1:progressed\r\n";
  }
}

/* ------------------------------------------------------------ string map */

/* Open addressing from a string to two numbers: the numbers already seen
 * in this file (a = the line) and the courses and faculties looked up. */
struct strmap {
  char **keys;
  int64_t *a, *b;
  size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
  uint64_t h = 1469598103934665603ULL;

  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static size_t map_slot(const struct strmap *m, const char *key)
{
  size_t i = (size_t)hash_str(key) & (m->cap - 1);

  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  return i;
}

static bool map_get(const struct strmap *m, const char *key, int64_t *a,
                    int64_t *b)
{
  size_t i;

  if (!m->cap)
    return false;
  i = map_slot(m, key);
  if (!m->keys[i])
    return false;
  if (a)
    *a = m->a[i];
  if (b)
    *b = m->b[i];
  return true;
}

static void map_put(struct strmap *m, const char *key, int64_t a, int64_t b)
{
  size_t i;

  if ((m->n + 1) * 2 > m->cap) {
    struct strmap g = {0};

    g.cap = m->cap ? m->cap * 2 : 256;
    g.keys = xcalloc(g.cap, sizeof(char *));
    g.a = xcalloc(g.cap, sizeof(int64_t));
    g.b = xcalloc(g.cap, sizeof(int64_t));
    for (size_t j = 0; j < m->cap; j++)
      if (m->keys[j]) {
        size_t k = map_slot(&g, m->keys[j]);

        g.keys[k] = m->keys[j];
        g.a[k] = m->a[j];
        g.b[k] = m->b[j];
      }
    g.n = m->n;
    free(m->keys);
    free(m->a);
    free(m->b);
    *m = g;
  }
  i = map_slot(m, key);
  if (!m->keys[i]) {
    m->keys[i] = xstrdup(key);
    m->n++;
  }
  m->a[i] = a;
  m->b[i] = b;
}

static void map_free(struct strmap *m)
{
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->a);
  free(m->b);
  memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------- the import */

struct import {
  struct db *db;
  enum import_kind kind;
  bool dry_run;
  struct csv_parser p;
  struct import_report rep;
  int fatal; /* ERR_DB: stop everything */

  int64_t line;     /* the physical line being parsed, from 1 */
  int64_t row_line; /* the line the current row started on */
  size_t row_bytes;
  int bom_seen;
  bool bom_done;
  bool header_done;

  /* The current row: cells as offsets into cellbuf. */
  char cellbuf[IMPORT_ROW_MAX + IMPORT_COLUMNS_MAX + 1];
  size_t cellused;
  size_t celloff[IMPORT_COLUMNS_MAX];
  int ncells;      /* cells kept, <= IMPORT_COLUMNS_MAX */
  int ncells_seen; /* cells in the row */
  bool row_bad;    /* an error was reported for this row already */

  /* Header: for each of the kind's columns, its cell index or -1. */
  int col[IMPORT_COLUMNS_MAX];
  int nheader;

  struct strmap seen;    /* numbers or codes in this file -> line */
  struct strmap courses; /* code -> id, faculty id (id -1: none) */
  struct strmap faculties;

  struct student_row student, old_student;
  struct staff_row staff;
};

static void row_error(struct import *im, int64_t line, const char *column,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void row_error(struct import *im, int64_t line, const char *column,
                      const char *fmt, ...)
{
  struct import_error *e;
  va_list ap;

  im->rep.nerrors_total++;
  im->row_bad = true;
  if (im->rep.nerrors >= IMPORT_ERRORS_MAX)
    return;
  if (!im->rep.errors)
    im->rep.errors = xcalloc(IMPORT_ERRORS_MAX, sizeof(struct import_error));
  e = &im->rep.errors[im->rep.nerrors++];
  e->line = line;
  str_copy(e->column, sizeof(e->column), column ? column : "");
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
  va_end(ap);
}

static const char *const *kind_cols(const struct import *im)
{
  return import_columns(im->kind, NULL);
}

/* The cell of column c (an index in the kind's columns), or NULL when the
 * header has no such column. */
static const char *cell(const struct import *im, int c)
{
  int i = im->col[c];

  return i < 0 ? NULL : im->cellbuf + im->celloff[i];
}

/* ---------------------------------------------------------------- header */

static void read_header(struct import *im)
{
  const bool *req;
  const char *const *cols = import_columns(im->kind, &req);
  int ncols = 0;

  while (cols[ncols])
    ncols++;
  for (int c = 0; c < IMPORT_COLUMNS_MAX; c++)
    im->col[c] = -1;
  if (im->ncells_seen > im->ncells)
    row_error(im, im->row_line, "",
              "The header has %d columns; Tandem reads at most %d.",
              im->ncells_seen, IMPORT_COLUMNS_MAX);
  for (int i = 0; i < im->ncells; i++) {
    char *name = im->cellbuf + im->celloff[i];
    int found = -1;

    str_lower(str_trim(name));
    memmove(im->cellbuf + im->celloff[i], name, strlen(name) + 1);
    name = im->cellbuf + im->celloff[i];
    for (int c = 0; c < ncols; c++)
      if (strcmp(name, cols[c]) == 0)
        found = c;
    if (found < 0) {
      row_error(im, im->row_line, name[0] ? name : "",
                "\"%.60s\" is not a column of a %s file. The columns are "
                "listed in the import format.",
                name, kind_names[im->kind]);
      continue;
    }
    if (im->col[found] >= 0) {
      row_error(im, im->row_line, name, "The column %s is named twice.",
                name);
      continue;
    }
    im->col[found] = i;
  }
  for (int c = 0; c < ncols; c++)
    if (req[c] && im->col[c] < 0)
      row_error(im, im->row_line, cols[c],
                "The column %s is required but the header does not name it.",
                cols[c]);
  im->nheader = im->ncells;
  im->header_done = true;
  if (im->rep.nerrors_total)
    im->rep.stopped = true; /* rows cannot be read without their header */
}

/* ------------------------------------------------------------------ cells */

/* Copy column c's cell into dst (size bytes); false (and an error) when it
 * is too long. Absent columns leave dst as it is. */
static bool take(struct import *im, int c, char *dst, size_t size)
{
  const char *v = cell(im, c);

  if (!v)
    return true;
  if (strlen(v) >= size) {
    row_error(im, im->row_line, kind_cols(im)[c],
              "This is longer than the %zu characters Tandem keeps.",
              size - 1);
    return false;
  }
  memcpy(dst, v, strlen(v) + 1);
  return true;
}

/* An integer column: false (and an error) when it is not a number in range.
 * An empty cell gives def. */
static bool take_int(struct import *im, int c, int min, int max, int def,
                     int *out)
{
  const char *v = cell(im, c);
  char tmp[32];
  int64_t n;

  if (!v)
    return true;
  str_copy(tmp, sizeof(tmp), v);
  str_trim(tmp);
  if (!tmp[0]) {
    *out = def;
    return true;
  }
  if (!str_to_i64(tmp, min, max, &n)) {
    row_error(im, im->row_line, kind_cols(im)[c],
              "\"%.20s\" is not a whole number from %d to %d.", v, min, max);
    return false;
  }
  *out = (int)n;
  return true;
}

/* The next ';'-separated item of *p, trimmed, in place; NULL at the end. */
static char *next_item(char **p)
{
  char *s = *p, *semi;

  while (s && *s && (*s == ';' || isspace((unsigned char)*s)))
    s++;
  if (!s || !*s)
    return NULL;
  semi = strchr(s, ';');
  if (semi) {
    *semi = '\0';
    *p = semi + 1;
  } else {
    *p = s + strlen(s);
  }
  return str_trim(s);
}

/* "en*;fr": languages, '*' marking the first. */
static void take_languages(struct import *im, struct student_row *s)
{
  char tmp[256], *p = tmp, *item;
  const char *v = cell(im, S_LANGUAGES);

  if (!v)
    return;
  if (strlen(v) >= sizeof(tmp)) {
    row_error(im, im->row_line, "languages", "Give at most %d languages.",
              P_LANGS_MAX);
    return;
  }
  str_copy(tmp, sizeof(tmp), v);
  s->nlanguages = 0;
  while ((item = next_item(&p))) {
    size_t n = strlen(item);
    bool first = n && item[n - 1] == '*';

    if (first)
      item[--n] = '\0';
    str_trim(item);
    if (s->nlanguages == P_LANGS_MAX) {
      row_error(im, im->row_line, "languages", "Give at most %d languages.",
                P_LANGS_MAX);
      return;
    }
    if (strlen(item) < 2 || strlen(item) > 3) {
      row_error(im, im->row_line, "languages",
                "\"%.20s\" is not an ISO 639 language code (such as en, cy "
                "or yue); write languages like en*;fr with * after the "
                "first language.",
                item);
      return;
    }
    str_copy(s->languages[s->nlanguages].code, 4, item);
    s->languages[s->nlanguages++].first = first;
  }
}

/* "2023/24:1:progressed;2024/25:2:progressed". */
static void take_years(struct import *im, struct student_row *s)
{
  char tmp[512], *p = tmp, *item;
  const char *v = cell(im, S_YEARS);

  if (!v)
    return;
  if (strlen(v) >= sizeof(tmp)) {
    row_error(im, im->row_line, "completed_years",
              "Give at most %d completed years.", P_YEARS_MAX);
    return;
  }
  str_copy(tmp, sizeof(tmp), v);
  s->nyears = 0;
  while ((item = next_item(&p))) {
    char *c1 = strchr(item, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    struct year_row *y;
    int64_t n;

    if (s->nyears == P_YEARS_MAX) {
      row_error(im, im->row_line, "completed_years",
                "Give at most %d completed years.", P_YEARS_MAX);
      return;
    }
    if (!c1 || !c2) {
      row_error(im, im->row_line, "completed_years",
                "\"%.40s\" is not a completed year: write it like "
                "2023/24:1:progressed (year, year of study, outcome).",
                item);
      return;
    }
    *c1 = *c2 = '\0';
    y = &s->years[s->nyears];
    if (!str_copy(y->academic_year, sizeof(y->academic_year), str_trim(item)) ||
        !str_to_i64(str_trim(c1 + 1), 0, 8, &n) ||
        !str_copy(y->outcome, sizeof(y->outcome), str_trim(c2 + 1))) {
      row_error(im, im->row_line, "completed_years",
                "\"%.20s:%.10s:%.20s\" is not a completed year: write it "
                "like 2023/24:1:progressed (year, year of study from 0 to "
                "8, outcome).",
                item, c1 + 1, c2 + 1);
      return;
    }
    y->year_of_study = (int)n;
    s->nyears++;
  }
}

/* Whether the row's key (number or code) is new in this file. */
static bool first_in_file(struct import *im, int c, const char *key)
{
  int64_t line;

  if (!key[0])
    return true; /* validation reports it */
  if (map_get(&im->seen, key, &line, NULL)) {
    row_error(im, im->row_line, kind_cols(im)[c],
              "\"%.40s\" is also on line %lld: each appears once in a file.",
              key, (long long)line);
    return false;
  }
  map_put(&im->seen, key, im->row_line, 0);
  return true;
}

/* The course with this code (from a cache): its id and faculty id, or 0
 * (with an error on column) when there is none. */
static int64_t course_id(struct import *im, const char *code,
                         const char *column, int64_t *faculty_id)
{
  struct course_row c;
  int64_t id, fid;
  int rc;

  if (!map_get(&im->courses, code, &id, &fid)) {
    rc = store_course_by_code(im->db, code, &c);
    if (rc && rc != ERR_NOTFOUND) {
      im->fatal = rc;
      return 0;
    }
    id = rc ? -1 : c.id;
    fid = rc ? 0 : c.faculty_id;
    map_put(&im->courses, code, id, fid);
  }
  if (id < 0) {
    row_error(im, im->row_line, column,
              "There is no course with the code \"%.30s\": import the "
              "courses first.",
              code);
    return 0;
  }
  if (faculty_id)
    *faculty_id = fid;
  return id;
}

/* Map a validator's field name to the file's column. */
static const char *column_of(const struct import *im, const char *field)
{
  if (im->kind == IMPORT_COURSES && strcmp(field, "faculty") == 0)
    return "faculty_code";
  return field;
}

/* Count a save's outcome, or report its error. */
static void outcome(struct import *im, int rc, char change,
                    const struct err_detail *why)
{
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    row_error(im, im->row_line, column_of(im, why->field), "%s", why->msg);
    return;
  }
  if (rc) {
    im->fatal = rc;
    return;
  }
  if (im->rep.nerrors_total)
    return; /* validated only */
  if (change == 'c')
    im->rep.created++;
  else if (change == 'u')
    im->rep.updated++;
  else
    im->rep.unchanged++;
}

/* Before the first bad row, save; after it, only validate. */
#define SAVE_OR_VALIDATE(im, save, validate)                                   \
  ((im)->rep.nerrors_total ? (validate) : (save))

static void row_faculty(struct import *im)
{
  struct faculty_row f = {0};
  struct err_detail why = {"", ""};
  char change = 'n';
  int rc;

  if (!take(im, F_CODE, f.code, sizeof(f.code)) ||
      !take(im, F_NAME, f.name, sizeof(f.name)))
    return;
  str_trim(f.code);
  if (!first_in_file(im, F_CODE, f.code))
    return;
  rc = SAVE_OR_VALIDATE(im, faculty_save(im->db, &f, &change, &why),
                        faculty_validate(&f, &why));
  outcome(im, rc, change, &why);
}

static void row_course(struct import *im)
{
  struct course_row c = {0}, old;
  struct err_detail why = {"", ""};
  char fname[P_NAME] = "", change = 'n';
  bool ok;
  int rc;

  ok = take(im, C_CODE, c.code, sizeof(c.code)) &
       take(im, C_TITLE, c.title, sizeof(c.title)) &
       take(im, C_FACULTY, c.faculty_code, sizeof(c.faculty_code)) &
       take(im, C_FACULTY_NAME, fname, sizeof(fname)) &
       take(im, C_LEVEL, c.level, sizeof(c.level)) &
       take_int(im, C_YEARS, 1, 8, 0, &c.years) &
       take(im, C_CAMPUS, c.campus, sizeof(c.campus));
  if (!ok)
    return;
  str_trim(c.code);
  str_trim(c.level);
  str_trim(c.faculty_code);
  if (!first_in_file(im, C_CODE, c.code))
    return;
  c.active = true;
  rc = store_course_by_code(im->db, c.code, &old);
  if (rc == 0) {
    c.active = old.active;
    if (!cell(im, C_CAMPUS))
      str_copy(c.campus, sizeof(c.campus), old.campus);
  } else if (rc != ERR_NOTFOUND) {
    im->fatal = rc;
    return;
  }
  /* A faculty named in the file is created when it does not exist yet. */
  if (str_trim(fname)[0] && c.faculty_code[0]) {
    struct faculty_row f = {0};
    int64_t fid;

    if (map_get(&im->faculties, c.faculty_code, &fid, NULL)) {
      c.faculty_id = fid;
    } else if ((rc = store_faculty_by_code(im->db, c.faculty_code, &f)) == 0) {
      c.faculty_id = f.id;
    } else if (rc != ERR_NOTFOUND) {
      im->fatal = rc;
      return;
    } else {
      str_copy(f.code, sizeof(f.code), c.faculty_code);
      str_copy(f.name, sizeof(f.name), fname);
      rc = faculty_save(im->db, &f, NULL, &why);
      if (rc == ERR_INPUT) {
        row_error(im, im->row_line,
                  strcmp(why.field, "name") == 0 ? "faculty_name"
                                                 : "faculty_code",
                  "%s", why.msg);
        return;
      }
      if (rc) {
        im->fatal = rc;
        return;
      }
      c.faculty_id = f.id;
    }
    map_put(&im->faculties, c.faculty_code, c.faculty_id, 0);
  }
  rc = SAVE_OR_VALIDATE(im, course_save(im->db, &c, &change, &why),
                        course_validate(im->db, &c, &why));
  outcome(im, rc, change, &why);
}

static void row_staff(struct import *im)
{
  struct staff_row *s = &im->staff;
  struct err_detail why = {"", ""};
  char courses[P_COURSES_MAX * P_CODE], number[P_CODE] = "", change = 'n';
  int rc;

  if (!take(im, T_NUMBER, number, sizeof(number)))
    return;
  str_trim(number);
  if (!first_in_file(im, T_NUMBER, number))
    return;
  rc = store_staff_by_number(im->db, number, s);
  if (rc == ERR_NOTFOUND) {
    memset(s, 0, sizeof(*s));
    s->active = true;
  } else if (rc) {
    im->fatal = rc;
    return;
  }
  str_copy(s->number, sizeof(s->number), number);
  if (!(take(im, T_NAME, s->name, sizeof(s->name)) &
        take(im, T_EMAIL, s->email, sizeof(s->email)) &
        take(im, T_JOB, s->job_title, sizeof(s->job_title)) &
        take(im, T_KIND, s->kind, sizeof(s->kind)) &
        take(im, T_FACULTY, s->faculty_code, sizeof(s->faculty_code))))
    return;
  str_trim(s->kind);
  if (cell(im, T_FACULTY)) {
    s->faculty_id = 0; /* resolved from the code by the validator */
    str_trim(s->faculty_code);
  }
  if (cell(im, T_COURSES)) {
    char *p = courses, *item;

    if (!take(im, T_COURSES, courses, sizeof(courses)))
      return;
    s->ncourses = 0;
    while ((item = next_item(&p))) {
      int64_t id;
      bool dup = false;

      if (s->ncourses == P_COURSES_MAX) {
        row_error(im, im->row_line, "courses",
                  "Give at most %d courses.", P_COURSES_MAX);
        return;
      }
      if (!(id = course_id(im, item, "courses", NULL)))
        return;
      for (int i = 0; i < s->ncourses; i++)
        dup |= s->courses[i] == id;
      if (!dup)
        s->courses[s->ncourses++] = id;
    }
  }
  rc = SAVE_OR_VALIDATE(im, staff_save(im->db, s, &change, &why),
                        staff_validate(im->db, s, &why));
  outcome(im, rc, change, &why);
}

static void row_student(struct import *im)
{
  struct student_row *s = &im->student;
  struct err_detail why = {"", ""};
  char number[P_CODE] = "", change = 'n';
  bool ok;
  int rc;

  if (!take(im, S_NUMBER, number, sizeof(number)))
    return;
  str_trim(number);
  if (!first_in_file(im, S_NUMBER, number))
    return;
  /* Start from the record held, so fields the file does not own stay. */
  rc = store_student_by_number(im->db, number, s);
  if (rc == ERR_NOTFOUND) {
    memset(s, 0, sizeof(*s));
    s->active = true;
    s->year_of_study = 1;
    str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
    str_copy(s->fee_status, sizeof(s->fee_status), "home");
  } else if (rc) {
    im->fatal = rc;
    return;
  }
  str_copy(s->number, sizeof(s->number), number);
  ok = take(im, S_LEGAL, s->legal_name, sizeof(s->legal_name)) &
       take(im, S_PREFERRED, s->preferred_name, sizeof(s->preferred_name)) &
       take(im, S_PRONOUNS, s->pronouns, sizeof(s->pronouns)) &
       take(im, S_UEMAIL, s->university_email, sizeof(s->university_email)) &
       take(im, S_PEMAIL, s->personal_email, sizeof(s->personal_email)) &
       take(im, S_COURSE, s->course_code, sizeof(s->course_code)) &
       take_int(im, S_YEAR, 0, 8, 1, &s->year_of_study) &
       take(im, S_MODE, s->study_mode, sizeof(s->study_mode)) &
       take(im, S_STATUS, s->status, sizeof(s->status)) &
       take(im, S_GRADUATED, s->graduated_on, sizeof(s->graduated_on)) &
       take(im, S_COUNTRY, s->home_country, sizeof(s->home_country)) &
       take(im, S_FEE, s->fee_status, sizeof(s->fee_status)) &
       take(im, S_CAMPUS, s->campus, sizeof(s->campus));
  take_languages(im, s);
  take_years(im, s);
  if (ok && cell(im, S_COURSE)) {
    str_trim(s->course_code);
    s->course_id = s->faculty_id = 0;
    if (s->course_code[0])
      s->course_id = course_id(im, s->course_code, "course_code",
                               &s->faculty_id);
  }
  /* The rules run on a row whose cells could all be read. */
  if (!ok || im->row_bad || im->fatal)
    return;
  str_trim(s->study_mode);
  str_trim(s->status);
  str_trim(s->fee_status);
  str_trim(s->graduated_on);
  if (!s->study_mode[0])
    str_copy(s->study_mode, sizeof(s->study_mode), "full_time");
  if (!s->fee_status[0])
    str_copy(s->fee_status, sizeof(s->fee_status), "home");
  rc = SAVE_OR_VALIDATE(im, student_save(im->db, s, &change, &why),
                        student_validate(im->db, s, &why));
  outcome(im, rc, change, &why);
}

static void end_row(struct import *im)
{
  bool blank = true;

  for (int i = 0; i < im->ncells; i++) {
    const char *v = im->cellbuf + im->celloff[i];

    while (*v == ' ' || *v == '\t')
      v++;
    if (*v)
      blank = false;
  }
  if (!im->header_done) {
    if (!blank || im->ncells_seen > 1)
      read_header(im);
    return;
  }
  if (blank && im->ncells_seen <= im->nheader)
    return; /* a row of empty cells, as spreadsheets leave at the end */
  im->rep.rows++;
  if (im->ncells_seen != im->nheader) {
    row_error(im, im->row_line, "",
              "This row has %d cells but the header names %d columns.",
              im->ncells_seen, im->nheader);
    return;
  }
  switch (im->kind) {
  case IMPORT_FACULTIES:
    row_faculty(im);
    break;
  case IMPORT_COURSES:
    row_course(im);
    break;
  case IMPORT_STAFF:
    row_staff(im);
    break;
  default:
    row_student(im);
    break;
  }
}

/* ------------------------------------------------------- libcsv callbacks */

static bool halted(const struct import *im)
{
  return im->rep.stopped || im->fatal;
}

static void on_cell(void *s, size_t len, void *data)
{
  struct import *im = data;
  int i = im->ncells_seen++;

  if (halted(im) || i >= IMPORT_COLUMNS_MAX)
    return;
  if (im->cellused + len + 1 > sizeof(im->cellbuf))
    len = 0; /* cannot happen: rows are capped at IMPORT_ROW_MAX */
  im->celloff[i] = im->cellused;
  if (len)
    memcpy(im->cellbuf + im->cellused, s, len);
  im->cellbuf[im->cellused + len] = '\0';
  im->cellused += len + 1;
  im->ncells = i + 1;
  if (!str_valid_text(im->cellbuf + im->celloff[i], len)) {
    const char *const *cols = kind_cols(im);
    const char *name = "";

    if (im->header_done)
      for (int c = 0; cols[c]; c++)
        if (im->col[c] == i)
          name = cols[c];
    row_error(im, im->row_line, name,
              "This cell is not text in UTF-8 (save the file as \"CSV "
              "UTF-8\").");
    im->cellbuf[im->celloff[i]] = '\0';
  } else {
    csv_cell_unneutralise(im->cellbuf + im->celloff[i]);
  }
}

static void on_row(int term, void *data)
{
  struct import *im = data;

  (void)term;
  if (!halted(im)) {
    if (!im->row_bad)
      end_row(im);
    else if (!im->header_done)
      im->rep.stopped = true; /* an unreadable header */
    else
      im->rep.rows++;
  }
  im->ncells = im->ncells_seen = 0;
  im->cellused = 0;
  im->row_bytes = 0;
  im->row_bad = false;
}

/* --------------------------------------------------------------- driving */

struct import *import_begin(struct db *db, enum import_kind kind, bool dry_run)
{
  struct import *im = xcalloc(1, sizeof(*im));

  im->db = db;
  im->kind = kind;
  im->dry_run = dry_run;
  im->line = im->row_line = 1;
  /* Strict: a stray quote is an error, as is a quote left open at the end.
   * Cells arrive NUL-terminated. */
  csv_init(&im->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  /* A big page cache for this connection: the whole import is one
   * transaction, and a small cache spills the same pages again and again. */
  im->fatal = store_import_tune(db);
  if (!im->fatal)
    im->fatal = db_begin(db);
  return im;
}

/* libcsv's state between rows is 0 (ROW_NOT_BEGUN in libcsv.c): a row
 * that starts in this line starts on this line number. */
static bool between_rows(const struct import *im)
{
  return im->p.pstate == 0;
}

static void feed_line(struct import *im, const char *data, size_t n, bool nl)
{
  size_t done;

  if (between_rows(im))
    im->row_line = im->line;
  done = csv_parse(&im->p, data, n, on_cell, on_row, im);
  if (done != n && !halted(im)) {
    row_error(im, im->line, "",
              "The file is not valid CSV here (%s): check the quotes on "
              "this line.",
              csv_strerror(csv_error(&im->p)));
    im->rep.stopped = true;
    return;
  }
  if (!between_rows(im)) {
    im->row_bytes += n;
    if (im->row_bytes > IMPORT_ROW_MAX && !halted(im)) {
      row_error(im, im->row_line, "",
                "This row is longer than %d KB: is a quote left open?",
                IMPORT_ROW_MAX / 1024);
      im->rep.stopped = true;
    }
  }
  if (nl)
    im->line++;
}

int import_feed(struct import *im, const void *bytes, size_t len)
{
  static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
  const char *data = bytes;

  while (!im->bom_done && len) {
    if ((unsigned char)*data == bom[im->bom_seen]) {
      data++;
      len--;
      if (++im->bom_seen == 3)
        im->bom_done = true;
    } else {
      im->bom_done = true;
      if (im->bom_seen) /* a partial mark: not one; give it to the parser */
        feed_line(im, (const char *)bom, (size_t)im->bom_seen, false);
    }
  }
  while (len && !halted(im)) {
    const char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) + 1 : len;

    feed_line(im, data, n, nl != NULL);
    data += n;
    len -= n;
  }
  return im->fatal;
}

int import_end(struct import *im, struct import_report *rep)
{
  int rc;

  if (!halted(im) &&
      csv_fini(&im->p, on_cell, on_row, im) != 0 && !halted(im)) {
    row_error(im, im->row_line, "",
              "The file ends inside a quoted cell: a quote is left open on "
              "this row.");
    im->rep.stopped = true;
  }
  if (!im->header_done && !im->rep.nerrors_total && !im->fatal)
    row_error(im, 1, "",
              "The file is empty: its first line must name the columns.");
  rc = im->fatal;
  if (rc == 0 && (im->rep.nerrors_total || im->dry_run))
    rc = ERR_INPUT;
  if (rc == 0 && (rc = db_commit(im->db)) != 0)
    rc = rc < 0 ? rc : ERR_DB;
  else if (rc)
    db_rollback(im->db);
  if (im->dry_run && rc == ERR_INPUT && !im->rep.nerrors_total)
    rc = 0;
  if (rc == ERR_INPUT || im->fatal) /* nothing was written */
    im->rep.created = im->rep.updated = im->rep.unchanged = 0;
  *rep = im->rep;
  csv_free(&im->p);
  map_free(&im->seen);
  map_free(&im->courses);
  map_free(&im->faculties);
  free(im);
  return rc;
}

void import_report_free(struct import_report *rep)
{
  free(rep->errors);
  memset(rep, 0, sizeof(*rep));
}

int import_buffer(struct db *db, enum import_kind kind, const void *data,
                  size_t len, bool dry_run, struct import_report *rep)
{
  struct import *im = import_begin(db, kind, dry_run);

  import_feed(im, data, len);
  return import_end(im, rep);
}

int import_stream(struct db *db, enum import_kind kind, FILE *f,
                  struct import_report *rep)
{
  struct import *im = import_begin(db, kind, false);
  char *chunk = xmalloc(64 * 1024);
  size_t n;

  while ((n = fread(chunk, 1, 64 * 1024, f)) > 0)
    if (import_feed(im, chunk, n))
      break;
  free(chunk);
  if (ferror(f) && !im->fatal)
    im->fatal = ERR_IO;
  return import_end(im, rep);
}

/* ------------------------------------------------------------- CSV cells */

/* A value a spreadsheet would take for a formula, once any leading single
 * quotes are skipped. */
static bool formula_like(const char *v)
{
  while (*v == '\'')
    v++;
  return *v && strchr("=+-@\t\r", *v);
}

void csv_cell_unneutralise(char *value)
{
  if (value[0] == '\'' && formula_like(value + 1))
    memmove(value, value + 1, strlen(value));
}

void csv_cell_append(struct buf *b, const char *value)
{
  bool quote = value[0] == ' ' || strpbrk(value, ",\"\r\n") ||
               (value[0] && value[strlen(value) - 1] == ' ');

  if (quote)
    buf_putc(b, '"');
  if (formula_like(value))
    buf_putc(b, '\'');
  for (const char *p = value; *p; p++) {
    if (*p == '"')
      buf_putc(b, '"');
    buf_putc(b, *p);
  }
  if (quote)
    buf_putc(b, '"');
}

/* ----------------------------------------------------------------- export */

static void cells_row(struct buf *line, const char **cells, int n)
{
  for (int i = 0; i < n; i++) {
    if (i)
      buf_putc(line, ',');
    csv_cell_append(line, cells[i] ? cells[i] : "");
  }
  buf_puts(line, "\r\n");
}

static int flush_line(struct buf *line, export_out_fn out, void *ctx)
{
  int rc = 0;

  if (buf_failed(line))
    rc = ERR_TOOBIG;
  else if (line->len && out(ctx, line->data, line->len))
    rc = ERR_IO;
  buf_reset(line);
  return rc;
}

static int header_row(enum import_kind kind, struct buf *line,
                      export_out_fn out, void *ctx)
{
  const char *const *cols = import_columns(kind, NULL);
  int n = 0;

  while (cols[n])
    n++;
  cells_row(line, (const char **)cols, n);
  return flush_line(line, out, ctx);
}

int export_student_cells(const struct student_row *s, struct buf *b,
                         const char **cells, int max)
{
  size_t off[S_NCOLS];
  char num[16];

  if (max < S_NCOLS)
    return ERR_TOOBIG;
  buf_reset(b);
#define CELL(i, v)                                                             \
  do {                                                                         \
    off[i] = b->len;                                                           \
    buf_puts(b, (v));                                                          \
    buf_putc(b, '\0');                                                         \
  } while (0)
  CELL(S_NUMBER, s->number);
  CELL(S_LEGAL, s->legal_name);
  CELL(S_PREFERRED, s->preferred_name);
  CELL(S_PRONOUNS, s->pronouns);
  CELL(S_UEMAIL, s->university_email);
  CELL(S_PEMAIL, s->personal_email);
  CELL(S_COURSE, s->course_code);
  snprintf(num, sizeof(num), "%d", s->year_of_study);
  CELL(S_YEAR, num);
  CELL(S_MODE, s->study_mode);
  CELL(S_STATUS, s->status);
  CELL(S_GRADUATED, s->graduated_on);
  CELL(S_COUNTRY, s->home_country);
  CELL(S_FEE, s->fee_status);
  CELL(S_CAMPUS, s->campus);
  off[S_LANGUAGES] = b->len;
  for (int i = 0; i < s->nlanguages; i++)
    buf_printf(b, "%s%s%s", i ? ";" : "", s->languages[i].code,
               s->languages[i].first ? "*" : "");
  buf_putc(b, '\0');
  off[S_YEARS] = b->len;
  for (int i = 0; i < s->nyears; i++)
    buf_printf(b, "%s%s:%d:%s", i ? ";" : "", s->years[i].academic_year,
               s->years[i].year_of_study, s->years[i].outcome);
  buf_putc(b, '\0');
#undef CELL
  if (buf_failed(b))
    return ERR_TOOBIG;
  for (int i = 0; i < S_NCOLS; i++)
    cells[i] = b->data + off[i];
  return 0;
}

static int student_line(struct db *db, int64_t id, struct student_row *s,
                        struct buf *cellb, struct buf *line,
                        export_out_fn out, void *ctx)
{
  const char *cells[S_NCOLS];
  int rc = store_student_get(db, id, s);

  if (rc == ERR_NOTFOUND || (rc == 0 && s->erased_at))
    return 0;
  if (rc || (rc = export_student_cells(s, cellb, cells, S_NCOLS)))
    return rc;
  cells_row(line, cells, S_NCOLS);
  return flush_line(line, out, ctx);
}

int export_students_csv(struct db *db, const int64_t *ids, int n,
                        export_out_fn out, void *ctx)
{
  struct student_row *s = xmalloc(sizeof(*s));
  struct buf line, cellb;
  int rc;

  buf_init(&line, 64 * 1024);
  buf_init(&cellb, 64 * 1024);
  rc = header_row(IMPORT_STUDENTS, &line, out, ctx);
  for (int i = 0; rc == 0 && i < n; i++)
    rc = student_line(db, ids[i], s, &cellb, &line, out, ctx);
  buf_free(&line);
  buf_free(&cellb);
  free(s);
  return rc;
}

static int export_students_all(struct db *db, struct buf *line,
                               export_out_fn out, void *ctx)
{
  enum { PAGE = 500 };
  struct student_filter f;
  struct student_brief *rows = xcalloc(PAGE, sizeof(*rows));
  struct student_row *s = xmalloc(sizeof(*s));
  struct buf cellb;
  int64_t after = 0;
  int n, rc;

  memset(&f, 0, sizeof(f));
  f.include_inactive = true;
  buf_init(&cellb, 64 * 1024);
  rc = header_row(IMPORT_STUDENTS, line, out, ctx);
  while (rc == 0 &&
         (rc = store_student_search(db, &f, after, 0, PAGE, rows, &n,
                                    NULL)) == 0 &&
         n > 0) {
    for (int i = 0; rc == 0 && i < n; i++)
      rc = student_line(db, rows[i].id, s, &cellb, line, out, ctx);
    after = rows[n - 1].id;
  }
  buf_free(&cellb);
  free(rows);
  free(s);
  return rc;
}

static int export_staff(struct db *db, struct buf *line, export_out_fn out,
                        void *ctx)
{
  enum { PAGE = 100 };
  struct staff_row *rows = xcalloc(PAGE, sizeof(*rows));
  struct buf courses;
  int64_t after = 0;
  int n, rc;

  buf_init(&courses, P_COURSES_MAX * P_CODE + 64);
  rc = header_row(IMPORT_STAFF, line, out, ctx);
  while (rc == 0 &&
         (rc = store_staff_list(db, "", after, PAGE, rows, &n)) == 0 &&
         n > 0) {
    for (int i = 0; rc == 0 && i < n; i++) {
      struct staff_row *s = &rows[i];
      const char *cells[T_NCOLS];

      if (s->erased_at)
        continue;
      buf_reset(&courses);
      for (int j = 0; rc == 0 && j < s->ncourses; j++) {
        struct course_row c;

        if ((rc = store_course_get(db, s->courses[j], &c)) == 0)
          buf_printf(&courses, "%s%s", j ? ";" : "", c.code);
      }
      if (rc)
        break;
      cells[T_NUMBER] = s->number;
      cells[T_NAME] = s->name;
      cells[T_EMAIL] = s->email;
      cells[T_JOB] = s->job_title;
      cells[T_KIND] = s->kind;
      cells[T_FACULTY] = s->faculty_code;
      cells[T_COURSES] = buf_cstr(&courses);
      cells_row(line, cells, T_NCOLS);
      rc = flush_line(line, out, ctx);
    }
    after = rows[n - 1].id;
  }
  buf_free(&courses);
  free(rows);
  return rc;
}

static int export_courses(struct db *db, struct buf *line, export_out_fn out,
                          void *ctx)
{
  enum { PAGE = 200 };
  struct course_row *rows = xcalloc(PAGE, sizeof(*rows));
  int64_t after = 0;
  int n, rc = header_row(IMPORT_COURSES, line, out, ctx);

  while (rc == 0 &&
         (rc = store_course_list(db, 0, after, PAGE, rows, &n)) == 0 &&
         n > 0) {
    for (int i = 0; rc == 0 && i < n; i++) {
      struct course_row *c = &rows[i];
      char years[16];
      const char *cells[C_NCOLS];

      snprintf(years, sizeof(years), "%d", c->years);
      cells[C_CODE] = c->code;
      cells[C_TITLE] = c->title;
      cells[C_FACULTY] = c->faculty_code;
      cells[C_FACULTY_NAME] = c->faculty_name;
      cells[C_LEVEL] = c->level;
      cells[C_YEARS] = years;
      cells[C_CAMPUS] = c->campus;
      cells_row(line, cells, C_NCOLS);
      rc = flush_line(line, out, ctx);
    }
    after = rows[n - 1].id;
  }
  free(rows);
  return rc;
}

static int export_faculties(struct db *db, struct buf *line,
                            export_out_fn out, void *ctx)
{
  enum { PAGE = 200 };
  struct faculty_row *rows = xcalloc(PAGE, sizeof(*rows));
  int64_t after = 0;
  int n, rc = header_row(IMPORT_FACULTIES, line, out, ctx);

  while (rc == 0 &&
         (rc = store_faculty_list(db, after, PAGE, rows, &n)) == 0 && n > 0) {
    for (int i = 0; rc == 0 && i < n; i++) {
      const char *cells[F_NCOLS] = {rows[i].code, rows[i].name};

      cells_row(line, cells, F_NCOLS);
      rc = flush_line(line, out, ctx);
    }
    after = rows[n - 1].id;
  }
  free(rows);
  return rc;
}

int export_csv(struct db *db, enum import_kind kind, export_out_fn out,
               void *ctx)
{
  struct buf line;
  int rc;

  buf_init(&line, 64 * 1024);
  switch (kind) {
  case IMPORT_FACULTIES:
    rc = export_faculties(db, &line, out, ctx);
    break;
  case IMPORT_COURSES:
    rc = export_courses(db, &line, out, ctx);
    break;
  case IMPORT_STAFF:
    rc = export_staff(db, &line, out, ctx);
    break;
  default:
    rc = export_students_all(db, &line, out, ctx);
    break;
  }
  buf_free(&line);
  return rc;
}
