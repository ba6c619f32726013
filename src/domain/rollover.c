/* domain/rollover.c: closing an academic year and copying its schemes into
 * the next (domain/rollover.h says what, and why in one transaction). */
#include "domain/rollover.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "store/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rollover_next_year(const char *year, char *out)
{
  int64_t y = 0;
  char first[5], buf[24];

  if (!academic_year_valid(year))
    return false;
  memcpy(first, year, 4);
  first[4] = '\0';
  if (!str_to_i64(first, 1900, 9997, &y))
    return false;
  snprintf(buf, sizeof(buf), "%04d/%02d", (int)(y + 1),
           (int)((y + 2) % 100));
  str_copy(out, S_YEAR, buf);
  return true;
}

void rollover_shift_date(const char *date, char *out)
{
  int64_t y = 0;
  char year[5];

  if (!date_valid(date)) {
    str_copy(out, S_DATE, date);
    return;
  }
  memcpy(year, date, 4);
  year[4] = '\0';
  str_to_i64(year, 0, 9998, &y);
  snprintf(out, S_DATE, "%04d%s", (int)(y + 1), date + 4);
  if (!date_valid(out)) /* 29 February of a year without one */
    snprintf(out, S_DATE, "%04d-02-28", (int)(y + 1));
}

int rollover_current_year(struct db *db, char *out)
{
  struct institution_row inst;
  int rc = store_institution_get(db, &inst);
  int64_t y = 0;
  char year[5];

  out[0] = '\0';
  if (rc == ERR_NOTFOUND)
    return 0;
  if (rc)
    return rc;
  if (!date_valid(inst.year_starts_on))
    return 0;
  memcpy(year, inst.year_starts_on, 4);
  year[4] = '\0';
  if (str_to_i64(year, 1900, 9998, &y)) {
    char buf[24];

    snprintf(buf, sizeof(buf), "%04d/%02d", (int)y, (int)((y + 1) % 100));
    str_copy(out, S_YEAR, buf);
  }
  return 0;
}

const char *rollover_action_label(enum rollover_action a, bool dry_run)
{
  switch (a) {
  case ROLL_COPY:
    return dry_run ? "Will be closed and copied as a draft"
                   : "Closed and copied as a draft";
  case ROLL_CLOSE:
    return dry_run ? "Will be closed (a draft: not copied)"
                   : "Closed (a draft: not copied)";
  case ROLL_HAS_COPY:
    return dry_run ? "Will be closed; not copied again (the next year has "
                     "its copy)"
                   : "Closed; not copied again (the next year has its copy)";
  case ROLL_WAS_CLOSED:
    return "Already closed: left as it is";
  }
  return "";
}

void rollover_result_free(struct rollover_result *res)
{
  free(res->items);
  res->items = NULL;
  res->nitems = 0;
}

/* Work out, inside the caller's transaction, what the rollover does. */
static int plan(struct db *db, struct rollover_result *res)
{
  struct rollover_scheme_row *rows = NULL;
  struct institution_row inst;
  int n = 0, rc;
  char current[S_YEAR];

  if ((rc = store_rollover_schemes(db, res->from, res->to, &rows, &n)))
    return rc;
  res->items = xcalloc((size_t)(n ? n : 1), sizeof(*res->items));
  res->nitems = n;
  for (int i = 0; i < n; i++) {
    struct rollover_item *it = &res->items[i];

    it->scheme = rows[i];
    rollover_shift_date(rows[i].starts_on, it->new_starts_on);
    rollover_shift_date(rows[i].ends_on, it->new_ends_on);
    it->new_id = rows[i].copy_id;
    if (strcmp(rows[i].status, "closed") == 0)
      it->action = ROLL_WAS_CLOSED;
    else if (strcmp(rows[i].status, "published") != 0)
      it->action = ROLL_CLOSE;
    else if (rows[i].copy_id)
      it->action = ROLL_HAS_COPY;
    else
      it->action = ROLL_COPY;
    res->ncopied += it->action == ROLL_COPY;
    res->nclosed += it->action != ROLL_WAS_CLOSED;
    res->nskipped += it->action == ROLL_HAS_COPY;
  }
  free(rows);
  if ((rc = rollover_current_year(db, current)))
    return rc;
  if (strcmp(current, res->from) == 0 &&
      store_institution_get(db, &inst) == 0) {
    res->institution_moves = true;
    str_copy(res->year_starts_on, S_DATE, inst.year_starts_on);
    str_copy(res->year_ends_on, S_DATE, inst.year_ends_on);
    rollover_shift_date(inst.year_starts_on, res->next_starts_on);
    rollover_shift_date(inst.year_ends_on, res->next_ends_on);
  }
  return 0;
}

/* Tell applicants and mentees of the closing schemes; counts them. */
static int notices(struct db *db, struct rollover_result *res, bool send)
{
  struct rollover_notice_row *rows = NULL;
  char subject[S_NAME + 80], *body = xmalloc(2048);
  int n = 0, rc = store_rollover_notices(db, res->from, &rows, &n);

  for (int i = 0; rc == 0 && i < n; i++) {
    const struct rollover_notice_row *r = &rows[i];
    bool application = strcmp(r->kind, "application") == 0;

    res->napplications += application;
    res->nsignups += !application;
    res->nnotices++;
    if (!send || !r->email[0])
      continue;
    snprintf(subject, sizeof(subject), "%s: the %s year has closed",
             r->scheme_name, res->from);
    if (application)
      snprintf(body, 2048,
               "Hello %s,\n\nThe %s academic year of %s has closed, so your "
               "application to be a mentor in it will go no further.\n\nThe "
               "scheme is being set up again for %s: when it opens you are "
               "welcome to apply to it, and your earlier application stays "
               "in your history.\n",
               r->name, res->from, r->scheme_name, res->to);
    else
      snprintf(body, 2048,
               "Hello %s,\n\nThe %s academic year of %s has closed, and with "
               "it your sign-up as a mentee.\n\nIf the scheme runs again in "
               "%s you are welcome to sign up to it again.\n",
               r->name, res->from, r->scheme_name, res->to);
    rc = mail_queue(db, r->email, subject, body);
  }
  free(rows);
  free(body);
  return rc;
}

static int check_years(const char *from, const char *to,
                       struct err_detail *why)
{
  char next[S_YEAR];

  if (!academic_year_valid(from))
    return err_set(why, ERR_INPUT, "from",
                   "Enter the year to close as 2026/27.");
  if (!academic_year_valid(to))
    return err_set(why, ERR_INPUT, "to",
                   "Enter the next year as 2027/28.");
  if (!rollover_next_year(from, next) || strcmp(next, to) != 0)
    return err_set(why, ERR_INPUT, "to",
                   "The next year must be the one straight after the year "
                   "closed.");
  return 0;
}

int rollover_run(struct db *db, int64_t actor_id, const char *ip,
                 const char *from, const char *to, bool dry_run,
                 struct rollover_result *res, struct err_detail *why)
{
  char detail[256];
  int rc, closed = 0;
  int64_t now = clock_now();

  memset(res, 0, sizeof(*res));
  res->dry_run = dry_run;
  if ((rc = check_years(from, to, why)))
    return rc;
  str_copy(res->from, sizeof(res->from), from);
  str_copy(res->to, sizeof(res->to), to);
  /* The plan is read inside the transaction that carries it out, so what
   * is reported is what was done. */
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = plan(db, res)))
    goto fail;
  if (res->nitems == 0) {
    rc = err_set(why, ERR_NOTFOUND, "from", "There are no schemes in that "
                                            "year.");
    goto fail;
  }
  if ((rc = notices(db, res, !dry_run)))
    goto fail;
  if (dry_run) {
    db_rollback(db);
    return 0;
  }
  for (int i = 0; i < res->nitems; i++) {
    struct rollover_item *it = &res->items[i];

    if (it->action == ROLL_COPY &&
        (rc = store_rollover_copy(db, it->scheme.id, to, it->new_starts_on,
                                  it->new_ends_on, actor_id, now,
                                  &it->new_id)))
      goto fail;
  }
  if ((rc = store_rollover_close(db, from, now, &closed)))
    goto fail;
  if (res->institution_moves) {
    struct institution_row inst;

    if ((rc = store_institution_get(db, &inst)))
      goto fail;
    str_copy(inst.year_starts_on, S_DATE, res->next_starts_on);
    str_copy(inst.year_ends_on, S_DATE, res->next_ends_on);
    if ((rc = store_institution_set(db, &inst)))
      goto fail;
  }
  snprintf(detail, sizeof(detail),
           "closed %d, copied %d into %s, not copied again %d, notices %d%s",
           res->nclosed, res->ncopied, to, res->nskipped, res->nnotices,
           res->institution_moves ? ", the institution's year moved on" : "");
  if ((rc = audit_record(db, actor_id, "year.close", from, detail, ip)))
    goto fail;
  return db_commit(db);
fail:
  db_rollback(db);
  return rc;
}
