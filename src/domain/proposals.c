/* domain/proposals.c: students' proposals of schemes, and their approval
 * (which creates the scheme with the student as its lead) or decline. */
#include "domain/proposals.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/access.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "store/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static size_t char_count(const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static bool one_line(const char *s)
{
  return !strpbrk(s, "\r\n");
}

/* Trim a field in place (str_trim returns a pointer inside it). */
static void trim_field(char *field, size_t size)
{
  char *t = str_trim(field);

  if (t != field)
    memmove(field, t, strlen(t) + 1);
  (void)size;
}

int proposal_validate(struct db *db, struct proposal_row *p,
                      struct err_detail *why)
{
  int rc;

  trim_field(p->name, sizeof(p->name));
  trim_field(p->purpose, sizeof(p->purpose));
  if (!p->name[0])
    return err_set(why, ERR_INPUT, "name", "Enter a name for the scheme.");
  if (char_count(p->name) > PROPOSAL_NAME_MAX || !one_line(p->name) ||
      !str_valid_text(p->name, strlen(p->name)))
    return err_set(why, ERR_INPUT, "name",
                   "Enter a name of at most 150 characters on one line.");
  if (!p->purpose[0])
    return err_set(why, ERR_INPUT, "purpose",
                   "Say what the scheme is for and who it would help.");
  if (!str_valid_text(p->purpose, strlen(p->purpose)))
    return err_set(why, ERR_INPUT, "purpose",
                   "The purpose holds characters that cannot be kept.");
  if (p->course_id) {
    struct course_row c;

    if ((rc = store_course_get(db, p->course_id, &c)) == ERR_NOTFOUND ||
        (rc == 0 && !c.active))
      return err_set(why, ERR_INPUT, "course_id", "Choose a course.");
    if (rc)
      return rc;
  }
  if (p->expected_mentors < 0 || p->expected_mentors > PROPOSAL_COUNT_MAX)
    return err_set(why, ERR_INPUT, "expected_mentors",
                   "Enter the number of mentors you expect, from 0 to "
                   "1000.");
  if (p->expected_mentees < 0 || p->expected_mentees > PROPOSAL_COUNT_MAX)
    return err_set(why, ERR_INPUT, "expected_mentees",
                   "Enter the number of mentees you expect, from 0 to "
                   "1000.");
  if (p->supporter_staff_id) {
    struct staff_row s;

    if ((rc = store_staff_get(db, p->supporter_staff_id, &s)) ==
            ERR_NOTFOUND ||
        (rc == 0 && (!s.active || strcmp(s.kind, "academic") != 0)))
      return err_set(why, ERR_INPUT, "supporter_staff_id",
                     "Choose a member of academic staff, or nobody yet.");
    if (rc)
      return rc;
  }
  return 0;
}

bool proposal_may_decide(const struct user *u)
{
  return access_has_role(u, ROLE_ADMIN | ROLE_COORDINATOR);
}

static void subject_of(int64_t id, char *out, size_t size)
{
  snprintf(out, size, "proposal:%lld", (long long)id);
}

int proposal_create(struct db *db, const struct user *u, const char *ip,
                    struct proposal_row *p, int64_t *id,
                    struct err_detail *why)
{
  struct student_row *s;
  char subject[40];
  int rc;

  if (!access_has_role(u, ROLE_STUDENT))
    return ERR_PERM;
  if ((rc = proposal_validate(db, p, why)))
    return rc;
  p->user_id = u->id;
  p->student_id = 0;
  s = xmalloc(sizeof(*s));
  rc = store_student_by_user(db, u->id, u->email, s);
  if (rc == 0)
    p->student_id = s->id;
  free(s);
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  if ((rc = db_begin(db)))
    return rc;
  if ((rc = store_proposal_insert(db, p, clock_now(), id)))
    goto fail;
  subject_of(*id, subject, sizeof(subject));
  if ((rc = audit_record(db, u->id, "proposal.create", subject, p->name, ip)))
    goto fail;
  return db_commit(db);
fail:
  db_rollback(db);
  return rc;
}

int proposal_get(struct db *db, const struct user *u, int64_t id,
                 struct proposal_row *out)
{
  int rc = store_proposal_get(db, id, out);

  if (rc)
    return rc;
  if (out->user_id != u->id && !proposal_may_decide(u))
    return ERR_PERM;
  return 0;
}

int proposal_list(struct db *db, const struct user *u, int offset, int limit,
                  struct proposal_row *rows, int *n, int64_t *total)
{
  return store_proposal_list(db, proposal_may_decide(u) ? 0 : u->id, offset,
                             limit, rows, n, total);
}

/* The academic year of the day ('YYYY-MM-DD') a year starts on:
 * "2026-09-01" gives "2026/27". */
static void academic_year_of(const char *starts_on, char *out, size_t size)
{
  int64_t y = 0;
  char year[5], buf[24];

  memcpy(year, starts_on, 4);
  year[4] = '\0';
  if (!str_to_i64(year, 1900, 9998, &y))
    y = 2000;
  snprintf(buf, sizeof(buf), "%04d/%02d", (int)y, (int)((y + 1) % 100));
  str_copy(out, size, buf);
}

/* The dates of this academic year: the institution's, or else September
 * to the end of June around today. */
static int this_year(struct db *db, char *starts, char *ends, size_t size)
{
  struct institution_row inst;
  int rc = store_institution_get(db, &inst);

  if (rc == 0 && date_valid(inst.year_starts_on) &&
      date_valid(inst.year_ends_on)) {
    str_copy(starts, size, inst.year_starts_on);
    str_copy(ends, size, inst.year_ends_on);
    return 0;
  }
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  {
    time_t now = (time_t)clock_now();
    struct tm tm;
    char buf[24];
    int y;

    gmtime_r(&now, &tm);
    y = tm.tm_year + 1900 - (tm.tm_mon < 8 ? 1 : 0);
    snprintf(buf, sizeof(buf), "%04d-09-01", y);
    str_copy(starts, size, buf);
    snprintf(buf, sizeof(buf), "%04d-06-30", y + 1);
    str_copy(ends, size, buf);
  }
  return 0;
}

/* The scheme a proposal becomes: custom, a draft, this year. */
static int scheme_of(struct db *db, const struct proposal_row *p,
                     struct scheme_row *row)
{
  const char *nl;
  int rc;

  if ((rc = scheme_defaults("custom", row)))
    return rc;
  str_copy(row->name, sizeof(row->name), p->name);
  if ((rc = this_year(db, row->starts_on, row->ends_on,
                      sizeof(row->starts_on))))
    return rc;
  academic_year_of(row->starts_on, row->academic_year,
                   sizeof(row->academic_year));
  /* The summary is the purpose's first line, cut to fit. */
  nl = strpbrk(p->purpose, "\r\n");
  snprintf(row->summary, sizeof(row->summary), "%.*s",
           nl ? (int)(nl - p->purpose) : (int)strlen(p->purpose),
           p->purpose);
  if (!str_valid_text(row->summary, strlen(row->summary))) {
    /* Cut inside a character: drop the broken tail. */
    size_t len = strlen(row->summary);

    while (len && ((unsigned char)row->summary[len - 1] & 0x80))
      row->summary[--len] = '\0';
  }
  str_copy(row->description, sizeof(row->description), p->purpose);
  str_copy(row->status, sizeof(row->status), "draft");
  row->ncourses = row->nfaculties = 0;
  if (p->course_id) {
    str_copy(row->owner_level, sizeof(row->owner_level), "course");
    row->courses[0] = p->course_id;
    row->ncourses = 1;
  } else {
    str_copy(row->owner_level, sizeof(row->owner_level), "central");
  }
  row->sponsor_staff_id = 0;
  return 0;
}

static void already_decided(struct db *db, int64_t id, struct err_detail *why)
{
  struct proposal_row *p = xmalloc(sizeof(*p));

  if (store_proposal_get(db, id, p) == 0 &&
      strcmp(p->status, "approved") == 0)
    err_set(why, ERR_CONFLICT, "",
            "This proposal has already been approved.");
  else
    err_set(why, ERR_CONFLICT, "",
            "This proposal has already been declined.");
  free(p);
}

int proposal_approve(struct db *db, const struct user *u, const char *ip,
                     int64_t id, int64_t *scheme_id, struct err_detail *why)
{
  struct proposal_row *p = NULL;
  struct scheme_row *row = NULL;
  char subject[40], body[1200], title[200];
  int rc;

  if (!proposal_may_decide(u))
    return ERR_PERM;
  p = xcalloc(1, sizeof(*p));
  row = xcalloc(1, sizeof(*row));
  if ((rc = store_proposal_get(db, id, p)))
    goto done;
  if (strcmp(p->status, "pending") != 0) {
    already_decided(db, id, why);
    rc = ERR_CONFLICT;
    goto done;
  }
  if ((rc = scheme_of(db, p, row)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  /* The guarded UPDATE first: of two decisions at once, the second finds
   * the proposal decided and changes nothing. */
  if ((rc = store_proposal_decide(db, id, "approved", "", u->id,
                                  clock_now()))) {
    db_rollback(db);
    if (rc == ERR_CONFLICT)
      already_decided(db, id, why);
    goto done;
  }
  if ((rc = scheme_create(db, u->id, ip, row, scheme_id, why)) ||
      (rc = store_scheme_staff_add(db, *scheme_id, p->user_id, "lead")) ||
      (rc = store_proposal_set_scheme(db, id, *scheme_id)))
    goto fail;
  snprintf(title, sizeof(title), "Your proposal has been approved: %s",
           p->name);
  snprintf(body, sizeof(body),
           "Hello %s,\n\nYour proposal of the scheme \"%s\" has been "
           "approved by %s.\n\nThe scheme has been created as a draft with "
           "you as its lead. A coordinator will finish setting it up with "
           "you before it opens; you can see it under Schemes when you sign "
           "in to Tandem.\n",
           p->proposer_name, p->name, u->name);
  if ((rc = mail_queue(db, p->proposer_email, title, body)))
    goto fail;
  subject_of(id, subject, sizeof(subject));
  snprintf(body, sizeof(body), "scheme:%lld", (long long)*scheme_id);
  if ((rc = audit_record(db, u->id, "proposal.approve", subject, body, ip)))
    goto fail;
  rc = db_commit(db);
  goto done;
fail:
  db_rollback(db);
done:
  free(p);
  free(row);
  return rc;
}

int proposal_decline(struct db *db, const struct user *u, const char *ip,
                     int64_t id, const char *reason, struct err_detail *why)
{
  struct proposal_row *p = NULL;
  char clean[PR_REASON], subject[40], title[200];
  char *body = NULL;
  size_t body_size = PR_REASON + 600;
  int rc;

  if (!proposal_may_decide(u))
    return ERR_PERM;
  if (strlen(reason) >= sizeof(clean))
    return err_set(why, ERR_INPUT, "reason",
                   "Give the reason in at most 1000 characters.");
  str_copy(clean, sizeof(clean), reason);
  trim_field(clean, sizeof(clean));
  if (!clean[0])
    return err_set(why, ERR_INPUT, "reason",
                   "Give the student a reason for declining.");
  if (char_count(clean) > 1000 || !str_valid_text(clean, strlen(clean)))
    return err_set(why, ERR_INPUT, "reason",
                   "Give the reason in at most 1000 characters.");
  p = xcalloc(1, sizeof(*p));
  body = xmalloc(body_size);
  if ((rc = store_proposal_get(db, id, p)))
    goto done;
  if ((rc = db_begin(db)))
    goto done;
  if ((rc = store_proposal_decide(db, id, "declined", clean, u->id,
                                  clock_now()))) {
    db_rollback(db);
    if (rc == ERR_CONFLICT)
      already_decided(db, id, why);
    goto done;
  }
  snprintf(title, sizeof(title), "Your proposal has been declined: %s",
           p->name);
  snprintf(body, body_size,
           "Hello %s,\n\nThank you for proposing the scheme \"%s\". %s has "
           "declined it, for this reason:\n\n%s\n\nYou are welcome to "
           "propose it again with changes.\n",
           p->proposer_name, p->name, u->name, clean);
  if ((rc = mail_queue(db, p->proposer_email, title, body)))
    goto fail;
  subject_of(id, subject, sizeof(subject));
  if ((rc = audit_record(db, u->id, "proposal.decline", subject, clean, ip)))
    goto fail;
  rc = db_commit(db);
  goto done;
fail:
  db_rollback(db);
done:
  free(p);
  free(body);
  return rc;
}

const char *proposal_status_label(const char *status)
{
  if (strcmp(status, "pending") == 0)
    return "Waiting for a decision";
  if (strcmp(status, "approved") == 0)
    return "Approved";
  if (strcmp(status, "declined") == 0)
    return "Declined";
  return status;
}

int proposal_supporters(struct db *db, struct supporter_row *rows, int max,
                        int *n)
{
  return store_proposal_supporters(db, rows, max, n);
}
