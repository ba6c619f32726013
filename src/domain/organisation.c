/* domain/organisation.c: the organisation's records kept by hand, with
 * their validation and audit. The record system's own rules (faculties,
 * courses) are domain/people.c's; this adds what only a person edits. */
#include "domain/organisation.h"

#include "base/str.h"
#include "domain/audit.h"
#include "domain/people.h"

#include <stdio.h>
#include <string.h>

enum { COURSE_SCAN = 200 };

/* Trim s in place; false if empty, longer than max bytes or not one line. */
static bool one_line(char *s, size_t max)
{
  char *t = str_trim(s);

  if (t != s)
    memmove(s, t, strlen(t) + 1);
  return *s && strlen(s) <= max && str_valid_text(s, strlen(s)) &&
         !strpbrk(s, "\r\n\t");
}

static int audit(struct db *db, int64_t actor_id, const char *ip,
                 const char *subject, const char *detail)
{
  return audit_record(db, actor_id, "organisation.edit", subject, detail, ip);
}

/* ------------------------------------------------------------ institution */

int institution_get(struct db *db, struct institution_row *out)
{
  return store_institution_get(db, out);
}

/* Both dates real, the first before (or, when equal_ok, on) the second. */
static int check_dates(char *from, char *to, const char *from_field,
                       const char *to_field, bool equal_ok,
                       struct err_detail *why)
{
  str_copy(from, P_DATE, str_trim(from));
  str_copy(to, P_DATE, str_trim(to));
  if (!date_valid(from))
    return err_set(why, ERR_INPUT, from_field,
                   "Enter the start date as a real date, for example "
                   "2026-09-21.");
  if (!date_valid(to))
    return err_set(why, ERR_INPUT, to_field,
                   "Enter the end date as a real date, for example "
                   "2027-06-11.");
  if (strcmp(from, to) > 0 || (!equal_ok && strcmp(from, to) == 0))
    return err_set(why, ERR_INPUT, to_field,
                   "The end date must be after the start date.");
  return 0;
}

int institution_save(struct db *db, int64_t actor_id, const char *ip,
                     struct institution_row *in, struct err_detail *why)
{
  char detail[256];
  int rc;

  if (!one_line(in->name, 150))
    return err_set(why, ERR_INPUT, "name",
                   "Give the institution a name of up to 150 characters.");
  if ((rc = check_dates(in->year_starts_on, in->year_ends_on, "year_starts_on",
                        "year_ends_on", false, why)))
    return rc;
  if ((rc = store_institution_set(db, in)))
    return rc;
  snprintf(detail, sizeof(detail), "%s to %s", in->year_starts_on,
           in->year_ends_on);
  return audit(db, actor_id, ip, "institution", detail);
}

/* ------------------------------------------------------------------ terms */

int terms_list(struct db *db, struct term_row *rows, int max, int *n)
{
  return store_term_list(db, rows, max, n);
}

int term_save(struct db *db, int64_t actor_id, const char *ip,
              struct term_row *t, struct err_detail *why)
{
  char subject[160], detail[64];
  int rc;

  if (!one_line(t->name, 100))
    return err_set(why, ERR_INPUT, "name",
                   "Give the term a name of up to 100 characters.");
  if ((rc = check_dates(t->starts_on, t->ends_on, "starts_on", "ends_on", true,
                        why)))
    return rc;
  if ((rc = store_term_upsert(db, t)))
    return rc;
  snprintf(subject, sizeof(subject), "term %s", t->name);
  snprintf(detail, sizeof(detail), "%s to %s", t->starts_on, t->ends_on);
  return audit(db, actor_id, ip, subject, detail);
}

/* ----------------------------------------------------- faculties, courses */

int faculty_get(struct db *db, int64_t id, struct faculty_row *out)
{
  return store_faculty_get(db, id, out);
}

int course_get(struct db *db, int64_t id, struct course_row *out)
{
  return store_course_get(db, id, out);
}

static const char *change_word(char change)
{
  return change == 'c' ? "created" : "updated";
}

int faculty_edit(struct db *db, int64_t actor_id, const char *ip,
                 struct faculty_row *f, char *change, struct err_detail *why)
{
  char c = 'n', subject[64];
  int rc = faculty_save(db, f, &c, why);

  if (change)
    *change = c;
  if (rc || c == 'n')
    return rc;
  snprintf(subject, sizeof(subject), "faculty %s", f->code);
  return audit(db, actor_id, ip, subject, change_word(c));
}

int course_edit(struct db *db, int64_t actor_id, const char *ip,
                struct course_row *c, char *change, struct err_detail *why)
{
  char ch = 'n', subject[64];
  int rc = course_save(db, c, &ch, why);

  if (change)
    *change = ch;
  if (rc || ch == 'n')
    return rc;
  snprintf(subject, sizeof(subject), "course %s", c->code);
  return audit(db, actor_id, ip, subject, change_word(ch));
}

int faculty_course_count(struct db *db, int64_t faculty_id, int *count)
{
  static _Thread_local struct course_row rows[COURSE_SCAN];
  int64_t after = 0;
  int n, rc;

  *count = 0;
  do {
    if ((rc = store_course_list(db, faculty_id, after, COURSE_SCAN, rows, &n)))
      return rc;
    *count += n;
    if (n)
      after = rows[n - 1].id;
  } while (n == COURSE_SCAN);
  return 0;
}

/* -------------------------------------------------------------- interests */

int interest_add(struct db *db, int64_t actor_id, const char *ip, char *name,
                 int64_t *id, struct err_detail *why)
{
  char subject[P_NAME + 16];
  int64_t got = 0;
  int rc;

  if (!one_line(name, 240))
    return err_set(why, ERR_INPUT, "name",
                   "Give the interest in up to 60 characters on one line.");
  /* 60 characters, not bytes: count UTF-8 lead bytes. */
  {
    size_t chars = 0;

    for (const char *p = name; *p; p++)
      chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars > 60)
      return err_set(why, ERR_INPUT, "name",
                     "Give the interest in up to 60 characters on one line.");
  }
  if ((rc = store_interest_add(db, name, &got)))
    return rc;
  if (id)
    *id = got;
  snprintf(subject, sizeof(subject), "interest %s", name);
  return audit(db, actor_id, ip, subject, "added");
}

/* ------------------------------------------------------------------ staff */

int staff_list(struct db *db, const char *q, int64_t after_id, int limit,
               struct staff_row *rows, int *n)
{
  return store_staff_list(db, q, after_id, limit, rows, n);
}

int staff_get(struct db *db, int64_t id, struct staff_row *out)
{
  return store_staff_get(db, id, out);
}
