/* domain/applications.c: mentor applications: questions and rubric,
 * applying, the pipeline, interviews, scores, notes and the export. */
#include "domain/applications.h"

#include "base/clock.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/import.h"
#include "domain/mail.h"
#include "domain/people.h"
#include "domain/schemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ the pipeline */

const char *const application_states[] = {
    "submitted", "under_review", "interview", "offered",
    "accepted",  "rejected",     "withdrawn", NULL};

static const char *const state_labels[] = {
    "Submitted", "Under review", "Invited to interview", "Offered",
    "Accepted",  "Rejected",     "Withdrawn"};

static int state_index(const char *s)
{
  for (int i = 0; s && application_states[i]; i++)
    if (strcmp(application_states[i], s) == 0)
      return i;
  return -1;
}

bool application_state_valid(const char *s)
{
  return state_index(s) >= 0;
}

const char *application_state_label(const char *s)
{
  int i = state_index(s);

  return i < 0 ? (s ? s : "") : state_labels[i];
}

bool application_state_final(const char *s)
{
  return str_eq(s, "accepted") || str_eq(s, "rejected") ||
         str_eq(s, "withdrawn");
}

/* The pipeline as a table: legal[from][to]. Everything not listed is
 * illegal, and the final states lead nowhere. */
static const bool legal[APP_STATES][APP_STATES] = {
    /*                 sub    rev    int    off    acc    rej    wd */
    /* submitted */    {false, true,  false, false, false, true,  true},
    /* under_review */ {false, false, true,  false, false, true,  true},
    /* interview */    {false, false, false, true,  false, true,  true},
    /* offered */      {false, false, false, false, true,  true,  true},
    /* accepted */     {false, false, false, false, false, false, false},
    /* rejected */     {false, false, false, false, false, false, false},
    /* withdrawn */    {false, false, false, false, false, false, false},
};

bool application_transition_legal(const char *from, const char *to)
{
  int f = state_index(from), t = state_index(to);

  return f >= 0 && t >= 0 && legal[f][t];
}

bool application_by_applicant(const char *to)
{
  return str_eq(to, "accepted") || str_eq(to, "withdrawn");
}

int application_next_states(const char *from, const char **out)
{
  int f = state_index(from), n = 0;

  for (int t = 0; f >= 0 && t < APP_STATES; t++)
    if (legal[f][t])
      out[n++] = application_states[t];
  return n;
}

/* ----------------------------------------------------------------- helpers */

void applications_today(char out[11])
{
  time_t t = (time_t)clock_now();
  struct tm tm;

  gmtime_r(&t, &tm);
  if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
    out[0] = '\0';
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
  int64_t era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool interview_time_parse(const char *s, int64_t *out)
{
  char date[11];
  int64_t hh, mm;
  char h[3], m[3];

  if (!s || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':')
    return false;
  memcpy(date, s, 10);
  date[10] = '\0';
  memcpy(h, s + 11, 2);
  h[2] = '\0';
  memcpy(m, s + 14, 2);
  m[2] = '\0';
  if (!date_valid(date) || !str_to_i64(h, 0, 23, &hh) ||
      !str_to_i64(m, 0, 59, &mm))
    return false;
  *out = days_from_civil(strtol(date, NULL, 10), (int)strtol(date + 5, NULL, 10),
                         (int)strtol(date + 8, NULL, 10)) *
             86400 +
         hh * 3600 + mm * 60;
  return true;
}

static int64_t actor_id(const struct app_actor *a)
{
  return a->user ? a->user->id : 0;
}

static bool may_manage(struct db *db, const struct app_actor *a,
                       int64_t scheme_id)
{
  return !a->user || scheme_may_manage(db, a->user, scheme_id);
}

static const char *display_name(const struct application_row *a)
{
  return a->preferred_name[0] ? a->preferred_name : a->legal_name;
}

/* Trim s in place, keeping it at the start of its buffer. */
static void trim_in_place(char *s)
{
  char *t = str_trim(s);

  if (t != s)
    memmove(s, t, strlen(t) + 1);
}

/* Copy s trimmed into dst; false when it did not fit. */
static bool trimmed(char *dst, size_t n, const char *s)
{
  size_t len = strlen(s ? s : "");
  char *tmp = malloc(len + 1);
  bool ok;

  memcpy(tmp, s ? s : "", len + 1);
  ok = str_copy(dst, n, str_trim(tmp));
  free(tmp);
  return ok;
}

/* -------------------------------------------------- questions and rubric */

bool question_kind_valid(const char *kind)
{
  return str_eq(kind, "short") || str_eq(kind, "long") ||
         str_eq(kind, "single") || str_eq(kind, "multiple");
}

static bool is_choice(const char *kind)
{
  return str_eq(kind, "single") || str_eq(kind, "multiple");
}

/* Call fn for each trimmed, non-blank line of text; stops when fn returns
 * true, and returns whether it did. */
static bool each_line(const char *text, bool (*fn)(const char *line, void *),
                      void *ctx)
{
  char line[A_CHOICES];

  for (const char *p = text; p && *p;) {
    size_t len = strcspn(p, "\r\n");

    if (len >= sizeof(line))
      len = sizeof(line) - 1;
    memcpy(line, p, len);
    line[len] = '\0';
    char *t = str_trim(line);

    if (t[0] && fn(t, ctx))
      return true;
    p += strcspn(p, "\r\n");
    p += strspn(p, "\r\n");
  }
  return false;
}

static bool count_line(const char *line, void *ctx)
{
  (void)line;
  (*(int *)ctx)++;
  return false;
}

int question_choice_count(const char *choices)
{
  int n = 0;

  each_line(choices, count_line, &n);
  return n;
}

static bool same_line(const char *line, void *ctx)
{
  return strcmp(line, ctx) == 0;
}

bool question_has_choice(const char *choices, const char *value)
{
  return each_line(choices, same_line, (void *)value);
}

/* Normalise choices: one per line, trimmed, no blanks, no repeats. */
struct norm_ctx {
  struct buf *b;
  bool repeated;
};

static bool append_line(const char *line, void *ctx)
{
  struct norm_ctx *c = ctx;

  if (question_has_choice(buf_cstr(c->b), line))
    c->repeated = true;
  else {
    if (c->b->len)
      buf_putc(c->b, '\n');
    buf_puts(c->b, line);
  }
  return false;
}

static int question_audit(struct db *db, const struct app_actor *a,
                          const char *action, int64_t scheme_id,
                          const char *detail)
{
  char subject[48];

  snprintf(subject, sizeof(subject), "scheme %lld", (long long)scheme_id);
  return audit_record(db, actor_id(a), action, subject, detail, a->ip);
}

int questions_list(struct db *db, int64_t scheme_id, struct question_row *rows,
                   int max, int *n)
{
  return store_question_list(db, scheme_id, rows, max, n);
}

static const char default_prompt[] =
    "Why would you like to be a mentor on this scheme, and what would you "
    "bring to it?";

int application_questions(struct db *db, int64_t scheme_id,
                          struct question_row *rows, int max, int *n)
{
  int rc = store_question_list(db, scheme_id, rows, max, n);

  if (rc || *n || max < 1)
    return rc;
  memset(&rows[0], 0, sizeof(rows[0]));
  rows[0].scheme_id = scheme_id;
  rows[0].position = 1;
  str_copy(rows[0].prompt, sizeof(rows[0].prompt), default_prompt);
  str_copy(rows[0].kind, sizeof(rows[0].kind), "long");
  rows[0].required = true;
  *n = 1;
  return 0;
}

int question_save(struct db *db, const struct app_actor *a,
                  struct question_row *q, struct err_detail *why)
{
  struct question_row old;
  struct buf b;
  struct norm_ctx nc;
  int rc;

  if (!may_manage(db, a, q->scheme_id))
    return ERR_PERM;
  if (q->id) {
    if ((rc = store_question_get(db, q->id, &old)))
      return rc;
    if (old.scheme_id != q->scheme_id)
      return ERR_NOTFOUND;
  }
  trim_in_place(q->prompt);
  if (!q->prompt[0])
    return err_set(why, ERR_INPUT, "prompt", "Enter the question.");
  if (!question_kind_valid(q->kind))
    return err_set(why, ERR_INPUT, "kind", "Choose the kind of answer.");
  if (is_choice(q->kind)) {
    buf_init(&b, sizeof(q->choices));
    nc = (struct norm_ctx){&b, false};
    each_line(q->choices, append_line, &nc);
    str_copy(q->choices, sizeof(q->choices), buf_cstr(&b));
    buf_free(&b);
    if (question_choice_count(q->choices) < 2)
      return err_set(why, ERR_INPUT, "choices",
                     "Give at least two choices, one on each line.");
    if (nc.repeated)
      return err_set(why, ERR_INPUT, "choices",
                     "Each choice must be different.");
  } else {
    q->choices[0] = '\0';
  }
  if ((rc = db_begin(db)))
    return rc;
  rc = q->id ? store_question_update(db, q)
             : store_question_insert(db, q, &q->id);
  if (rc == 0)
    rc = question_audit(db, a, q->id && old.id ? "scheme.question.edit"
                                               : "scheme.question.add",
                        q->scheme_id, q->prompt);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int question_delete(struct db *db, const struct app_actor *a,
                    int64_t scheme_id, int64_t id)
{
  struct question_row q;
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if ((rc = store_question_get(db, id, &q)))
    return rc;
  if (q.scheme_id != scheme_id)
    return ERR_NOTFOUND;
  if ((rc = db_begin(db)))
    return rc;
  if (!(rc = store_question_delete(db, id)))
    rc = question_audit(db, a, "scheme.question.remove", scheme_id, q.prompt);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int question_move(struct db *db, const struct app_actor *a, int64_t scheme_id,
                  int64_t id, int delta)
{
  struct question_row *rows;
  int n, i, j, rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  rows = calloc(APP_QUESTIONS_MAX, sizeof(*rows));
  if ((rc = db_begin(db)))
    goto out;
  if ((rc = store_question_list(db, scheme_id, rows, APP_QUESTIONS_MAX, &n)))
    goto done;
  for (i = 0; i < n && rows[i].id != id; i++)
    ;
  if (i == n) {
    rc = ERR_NOTFOUND;
    goto done;
  }
  j = i + (delta < 0 ? -1 : 1);
  if (j < 0 || j >= n)
    goto done;
  /* Renumber the whole list, so that equal positions (never written by
   * Tandem, but possible in a copied database) still swap. */
  for (int k = 0; k < n && !rc; k++) {
    int pos = k == i ? j + 1 : k == j ? i + 1 : k + 1;

    rc = store_question_set_position(db, rows[k].id, pos);
  }
  if (!rc)
    rc = question_audit(db, a, "scheme.question.move", scheme_id,
                        rows[i].prompt);
done:
  if (rc)
    db_rollback(db);
  else
    rc = db_commit(db);
out:
  free(rows);
  return rc;
}

int rubric_list(struct db *db, int64_t scheme_id, struct rubric_row *rows,
                int max, int *n)
{
  return store_rubric_list(db, scheme_id, rows, max, n);
}

int rubric_save(struct db *db, const struct app_actor *a, struct rubric_row *c,
                struct err_detail *why)
{
  struct rubric_row old;
  int rc;

  if (!may_manage(db, a, c->scheme_id))
    return ERR_PERM;
  if (c->id) {
    if ((rc = store_rubric_get(db, c->id, &old)))
      return rc;
    if (old.scheme_id != c->scheme_id)
      return ERR_NOTFOUND;
  }
  trim_in_place(c->criterion);
  if (!c->criterion[0])
    return err_set(why, ERR_INPUT, "criterion", "Enter the criterion.");
  if (c->max_score < 1 || c->max_score > 10)
    return err_set(why, ERR_INPUT, "max_score",
                   "The maximum score must be a whole number from 1 to 10.");
  if ((rc = db_begin(db)))
    return rc;
  rc = c->id ? store_rubric_update(db, c) : store_rubric_insert(db, c, &c->id);
  if (rc == 0)
    rc = question_audit(db, a, "scheme.rubric.save", c->scheme_id,
                        c->criterion);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int rubric_delete(struct db *db, const struct app_actor *a, int64_t scheme_id,
                  int64_t id)
{
  struct rubric_row c;
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if ((rc = store_rubric_get(db, id, &c)))
    return rc;
  if (c.scheme_id != scheme_id)
    return ERR_NOTFOUND;
  if ((rc = db_begin(db)))
    return rc;
  if (!(rc = store_rubric_delete(db, id)))
    rc = question_audit(db, a, "scheme.rubric.remove", scheme_id, c.criterion);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

/* ------------------------------------------------------------------- mail */

static void link_to(const struct app_actor *a, int64_t id, char *out,
                    size_t n)
{
  if (a->base_url && a->base_url[0])
    snprintf(out, n, "%s/applications/%lld", a->base_url, (long long)id);
  else
    snprintf(out, n, "Tandem, under Your applications");
}

static void slot_sentence(const struct slot_row *s, char *out, size_t n)
{
  char when[32];

  clock_format(s->starts_at, when, sizeof(when));
  snprintf(out, n, "%s (UTC), %d minutes, at %s%s%s", when, s->minutes,
           s->place[0] ? s->place : "a place to be confirmed",
           s->interviewer[0] ? ", with " : "", s->interviewer);
}

/* The email an applicant gets when their application moves to state to. */
static int mail_applicant(struct db *db, const struct app_actor *a,
                          const struct application_row *app, const char *to,
                          const char *feedback)
{
  char subject[256], link[400], *body;
  const char *what, *next;
  int rc;

  if (!app->email[0])
    return 0;
  if (str_eq(to, "submitted")) {
    what = "We have received your application.";
    next = "The scheme's coordinators will review it and let you know by "
           "email when anything changes.";
  } else if (str_eq(to, "under_review")) {
    what = "Your application is now being reviewed.";
    next = "Reviewers read your answers and your record. We will email you "
           "again when they have decided.";
  } else if (str_eq(to, "interview")) {
    what = "You are invited to an interview.";
    next = "Choose an interview slot that suits you on your application's "
           "page.";
  } else if (str_eq(to, "offered")) {
    what = "You are offered the mentor role.";
    next = "Read the role agreement and accept the offer on your "
           "application's page.";
  } else if (str_eq(to, "accepted")) {
    what = "You accepted the mentor role: welcome to the team.";
    next = "We will be in touch about training, which every mentor completes "
           "before being matched with mentees.";
  } else if (str_eq(to, "rejected")) {
    what = "We are sorry: your application was not successful this time.";
    next = "You are welcome to apply again to a future scheme.";
  } else if (str_eq(to, "withdrawn")) {
    what = "You withdrew your application.";
    next = "Nothing more is needed. You are welcome to apply again to a "
           "future scheme.";
  } else {
    return 0;
  }
  link_to(a, app->id, link, sizeof(link));
  snprintf(subject, sizeof(subject), "Your application to %s: %s",
           app->scheme_name, application_state_label(to));
  body = malloc(OUTBOX_BODY_MAX);
  snprintf(body, OUTBOX_BODY_MAX,
           "Hello %s,\n\n%s\n\n%s%s%s%s\n\nYour application: %s\n\n"
           "-- Tandem, the Peer Mentoring Team\n",
           display_name(app), what,
           feedback && feedback[0] ? "Feedback from the reviewers:\n\n" : "",
           feedback && feedback[0] ? feedback : "",
           feedback && feedback[0] ? "\n\n" : "", next, link);
  rc = mail_queue(db, app->email, subject, body);
  free(body);
  return rc;
}

/* ---------------------------------------------------------------- applying */

int application_status(struct db *db, const struct user *u,
                       const struct scheme_row *s, const char *today,
                       struct apply_status *out)
{
  struct student_row *st = malloc(sizeof(*st));
  struct application_row *app = malloc(sizeof(*app));
  int rc;

  memset(out, 0, sizeof(*out));
  out->open = str_eq(s->status, "published") && s->applications_open;
  rc = profile_get(db, u, st);
  if (rc == ERR_NOTFOUND) {
    rc = 0;
    goto done;
  }
  if (rc)
    goto done;
  out->has_student = true;
  out->student_id = st->id;
  if ((rc = eligibility_check(db, s, "mentor", st, today, &out->elig)) ||
      (rc = store_application_returning(db, st->id, s->id, &out->returning)))
    goto done;
  rc = store_application_find(db, s->id, st->id, app);
  if (rc == 0)
    out->existing_id = app->id;
  else if (rc == ERR_NOTFOUND)
    rc = 0;
done:
  free(st);
  free(app);
  return rc;
}

/* Validate one answer to q, normalising it in place (trimmed; choices one
 * per line, each a choice of q's). */
static int check_answer(const struct question_row *q, char *answer,
                        struct err_detail *why)
{
  char field[32];

  snprintf(field, sizeof(field), "q%lld", (long long)q->id);
  trim_in_place(answer);
  if (!answer[0])
    return q->required ? err_set(why, ERR_INPUT, field,
                                 str_eq(q->kind, "single") ||
                                         str_eq(q->kind, "multiple")
                                     ? "Choose an answer to this question."
                                     : "Answer this question.")
                       : 0;
  if (str_eq(q->kind, "short") && strlen(answer) > APP_SHORT_MAX)
    return err_set(why, ERR_INPUT, field,
                   "Keep this answer to 300 characters or fewer.");
  if (str_eq(q->kind, "long") && strlen(answer) > APP_LONG_MAX)
    return err_set(why, ERR_INPUT, field,
                   "Keep this answer to 4,000 characters or fewer.");
  if (str_eq(q->kind, "single") &&
      (strpbrk(answer, "\r\n") || !question_has_choice(q->choices, answer)))
    return err_set(why, ERR_INPUT, field, "Choose one of the answers given.");
  if (str_eq(q->kind, "multiple")) {
    for (const char *p = answer; *p;) {
      size_t len = strcspn(p, "\n");
      char one[A_CHOICES];

      if (len >= sizeof(one))
        return err_set(why, ERR_INPUT, field,
                       "Choose from the answers given.");
      memcpy(one, p, len);
      one[len] = '\0';
      char *t = str_trim(one);

      if (t[0] && !question_has_choice(q->choices, t))
        return err_set(why, ERR_INPUT, field,
                       "Choose from the answers given.");
      p += len;
      p += strspn(p, "\n");
    }
  }
  return 0;
}

int application_apply(struct db *db, const struct app_actor *a,
                      const struct scheme_row *s, const char *today,
                      const char *const *answers, int nanswers, int64_t *id,
                      struct err_detail *why)
{
  struct question_row *qs = calloc(APP_QUESTIONS_MAX, sizeof(*qs));
  char(*norm)[A_ANSWER] = calloc(APP_QUESTIONS_MAX, A_ANSWER);
  struct application_row *app = malloc(sizeof(*app));
  struct apply_status st;
  char detail[300];
  int nq = 0, rc;

  *id = 0;
  if (!a->user) {
    rc = ERR_PERM;
    goto out;
  }
  if ((rc = application_status(db, a->user, s, today, &st)))
    goto out;
  if (!st.has_student) {
    rc = err_set(why, ERR_NOTFOUND, "",
                 "There is no student record for your account, so you "
                 "cannot apply yet. Ask the Peer Mentoring Team to check "
                 "your record.");
    goto out;
  }
  if (!st.elig.eligible) {
    rc = err_set(why, ERR_PERM, "", st.elig.explanation);
    goto out;
  }
  if (st.existing_id) {
    *id = st.existing_id;
    rc = err_set(why, ERR_CONFLICT, "",
                 "You have already applied to this scheme.");
    goto out;
  }
  if (!st.open) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "This scheme is not taking applications.");
    goto out;
  }
  if ((rc = application_questions(db, s->id, qs, APP_QUESTIONS_MAX, &nq)))
    goto out;
  for (int i = 0; i < nq; i++) {
    str_copy(norm[i], A_ANSWER, i < nanswers && answers[i] ? answers[i] : "");
    if (i < nanswers && answers[i] && strlen(answers[i]) >= A_ANSWER) {
      char field[32];

      snprintf(field, sizeof(field), "q%lld", (long long)qs[i].id);
      rc = err_set(why, ERR_INPUT, field,
                   "Keep this answer to 4,000 characters or fewer.");
      goto out;
    }
    if ((rc = check_answer(&qs[i], norm[i], why)))
      goto out;
  }
  if ((rc = db_begin(db)))
    goto out;
  /* A scheme without questions gets the one every scheme needs, saved
   * now so that the answer has a question to belong to. */
  if (nq == 1 && qs[0].id == 0)
    rc = store_question_insert(db, &qs[0], &qs[0].id);
  if (!rc)
    rc = store_application_insert(db, s->id, st.student_id,
                                  st.elig.explanation, st.returning,
                                  clock_now(), id);
  for (int i = 0; i < nq && !rc; i++)
    if (norm[i][0])
      rc = store_answer_set(db, *id, qs[i].id, norm[i]);
  if (!rc)
    rc = store_app_event_add(db, *id, clock_now(), actor_id(a), "",
                             "submitted",
                             st.returning ? "Returning mentor" : "");
  if (!rc)
    rc = store_application_get(db, *id, app);
  if (!rc) {
    char subject[48];

    snprintf(subject, sizeof(subject), "application %lld", (long long)*id);
    snprintf(detail, sizeof(detail), "%s to %s (%s)%s", app->student_number,
             s->name, s->academic_year,
             st.returning ? ", returning mentor" : "");
    rc = audit_record(db, actor_id(a), "application.submitted", subject,
                      detail, a->ip);
  }
  if (!rc)
    rc = mail_applicant(db, a, app, "submitted", NULL);
  if (rc) {
    db_rollback(db);
    if (rc == ERR_CONFLICT) {
      /* Two submissions at once: the other one won. */
      struct application_row *other = malloc(sizeof(*other));

      if (store_application_find(db, s->id, st.student_id, other) == 0)
        *id = other->id;
      free(other);
      err_set(why, ERR_CONFLICT, "", "You have already applied to this "
                                     "scheme.");
    }
    *id = rc == ERR_CONFLICT ? *id : 0;
    goto out;
  }
  rc = db_commit(db);
out:
  free(qs);
  free(norm);
  free(app);
  return rc;
}

/* ---------------------------------------------------------------- reading */

enum app_access application_access(struct db *db, const struct user *u,
                                   const struct application_row *a)
{
  if (!u)
    return APP_MANAGER;
  if (a->student_user_id && a->student_user_id == u->id)
    return APP_APPLICANT;
  return scheme_may_manage(db, u, a->scheme_id) ? APP_MANAGER : APP_NONE;
}

int application_get(struct db *db, const struct user *u, int64_t id,
                    struct application_row *out, enum app_access *access)
{
  enum app_access acc;
  int rc = store_application_get(db, id, out);

  if (rc)
    return rc;
  acc = application_access(db, u, out);
  if (access)
    *access = acc;
  return acc == APP_NONE ? ERR_PERM : 0;
}

int application_detail(struct db *db, const struct user *u, int64_t id,
                       struct application_detail *d)
{
  int rc = application_get(db, u, id, &d->app, &d->access);
  int n = 0;

  if (rc)
    return rc;
  if ((rc = store_question_list(db, d->app.scheme_id, d->questions,
                                APP_QUESTIONS_MAX, &d->nquestions)) ||
      (rc = store_answer_list(db, id, d->answers, APP_QUESTIONS_MAX,
                              &d->nanswers)) ||
      (rc = store_app_event_list(db, id, d->events, APP_EVENTS_MAX,
                                 &d->nevents)))
    return rc;
  rc = store_slot_of_application(db, id, &d->slot);
  d->has_slot = rc == 0;
  if (rc && rc != ERR_NOTFOUND)
    return rc;
  if (d->access != APP_MANAGER)
    return 0;
  if ((rc = store_rubric_list(db, d->app.scheme_id, d->rubric, APP_RUBRIC_MAX,
                              &d->nrubric)) ||
      (rc = store_score_list(db, id, d->scores, APP_SCORES_MAX, &d->nscores)) ||
      (rc = store_app_note_list(db, id, d->notes, APP_NOTES_MAX, &d->nnotes)) ||
      (rc = store_application_of_student(db, d->app.student_id, d->history,
                                         APP_HISTORY_MAX, &n)))
    return rc;
  d->nhistory = 0;
  for (int i = 0; i < n; i++)
    if (d->history[i].id != id)
      d->history[d->nhistory++] = d->history[i];
  return 0;
}

int applications_list(struct db *db, const struct user *u,
                      const struct application_filter *f, int64_t after_id,
                      int offset, int limit, struct application_row *rows,
                      int *n, int64_t *total)
{
  *n = 0;
  if (u && !scheme_may_manage(db, u, f->scheme_id))
    return ERR_PERM;
  return store_application_list(db, f, after_id, offset, limit, rows, n,
                                total);
}

int applications_counts(struct db *db, const struct user *u, int64_t scheme_id,
                        int64_t counts[APP_STATES])
{
  char states[APP_STATES + 2][A_WORD];
  int64_t c[APP_STATES + 2];
  int n, rc;

  memset(counts, 0, sizeof(int64_t) * APP_STATES);
  if (u && !scheme_may_manage(db, u, scheme_id))
    return ERR_PERM;
  if ((rc = store_application_counts(db, scheme_id, states, c, APP_STATES + 2,
                                     &n)))
    return rc;
  for (int i = 0; i < n; i++) {
    int k = state_index(states[i]);

    if (k >= 0)
      counts[k] = c[i];
  }
  return 0;
}

int applications_mine(struct db *db, const struct user *u,
                      struct application_row *rows, int max, int *n)
{
  struct student_row *st = malloc(sizeof(*st));
  int rc = profile_get(db, u, st);

  *n = 0;
  if (rc == 0)
    rc = store_application_of_student(db, st->id, rows, max, n);
  else if (rc == ERR_NOTFOUND)
    rc = 0;
  free(st);
  return rc;
}

double application_average(const struct application_row *a)
{
  return a->reviewers ? (double)a->score_sum / a->reviewers : -1;
}

void application_agreement(struct db *db, int64_t scheme_id, struct buf *out)
{
  char topics[16][A_TOPIC];
  int n = 0;

  buf_puts(out, "As a mentor you support, signpost and refer: you listen, "
                "share what worked for you, and point your mentees to the "
                "university's services. You do not tutor, proofread work, or "
                "advise on visas and immigration, money or careers: you "
                "refer those to the services whose job they are.");
  if (store_scheme_refer_topics(db, scheme_id, topics, 16, &n) == 0 && n) {
    buf_puts(out, " On this scheme, always refer: ");
    for (int i = 0; i < n; i++) {
      buf_puts(out, i ? (i == n - 1 ? " and " : ", ") : "");
      for (const char *p = topics[i]; *p; p++)
        buf_putc(out, *p == '_' ? ' ' : *p);
    }
    buf_putc(out, '.');
  }
  buf_puts(out, " You keep what mentees tell you confidential, except when "
                "someone may be at risk, which you report to the scheme's "
                "staff at once. You complete the training before you are "
                "matched, and you keep to the time commitment the scheme "
                "describes.");
}

/* ---------------------------------------------------------------- deciding */

static int conflict(struct err_detail *why, const struct application_row *now,
                    char *state_now, const char *to, bool stale)
{
  char msg[256];

  if (state_now)
    str_copy(state_now, A_WORD, now->state);
  if (stale)
    snprintf(msg, sizeof(msg),
             "This application changed while you were deciding: it is now "
             "%s.",
             application_state_label(now->state));
  else
    snprintf(msg, sizeof(msg),
             "An application that is %s cannot be moved to %s.",
             application_state_label(now->state),
             application_state_label(to));
  return err_set(why, ERR_CONFLICT, "", msg);
}

int application_move(struct db *db, const struct app_actor *a, int64_t id,
                     int version, const char *to, const char *reason,
                     const char *feedback, bool agreement,
                     struct err_detail *why, char *state_now)
{
  struct application_row *app = malloc(sizeof(*app));
  struct application_row *after = malloc(sizeof(*after));
  char clean_reason[A_REASON], clean_feedback[A_FEEDBACK];
  char subject[48], detail[A_REASON + A_SCHEME_NAME + 120];
  enum app_access acc;
  int64_t now = clock_now();
  int rc;

  if (!application_state_valid(to) || str_eq(to, "submitted")) {
    rc = err_set(why, ERR_INPUT, "to", "Choose a decision.");
    goto out;
  }
  if ((rc = store_application_get(db, id, app)))
    goto out;
  acc = application_access(db, a->user, app);
  if (acc == APP_NONE) {
    rc = ERR_PERM;
    goto out;
  }
  /* The applicant alone accepts an offer or withdraws; nobody decides on
   * their own application. */
  if (application_by_applicant(to) ? acc != APP_APPLICANT
                                   : acc != APP_MANAGER) {
    rc = err_set(why, ERR_PERM, "",
                 application_by_applicant(to)
                     ? "Only the applicant can do that."
                     : "Only the scheme's coordinators can do that.");
    goto out;
  }
  if (version && version != app->version) {
    rc = conflict(why, app, state_now, to, true);
    goto out;
  }
  if (!application_transition_legal(app->state, to)) {
    rc = conflict(why, app, state_now, to, false);
    goto out;
  }
  if (!trimmed(clean_reason, sizeof(clean_reason), reason) ||
      !trimmed(clean_feedback, sizeof(clean_feedback), feedback)) {
    rc = err_set(why, ERR_INPUT, clean_reason[0] ? "feedback" : "reason",
                 "That is too long: keep the reason under 400 characters "
                 "and the feedback under 2,000.");
    goto out;
  }
  if (str_eq(to, "rejected") && !clean_reason[0]) {
    rc = err_set(why, ERR_INPUT, "reason", "Give the reason for rejecting.");
    goto out;
  }
  if (str_eq(to, "accepted") && !agreement) {
    rc = err_set(why, ERR_INPUT, "agreement",
                 "Tick to confirm that you accept the role agreement and its "
                 "boundaries.");
    goto out;
  }
  if ((rc = db_begin(db)))
    goto out;
  rc = store_application_move(
      db, id, app->state, app->version, to,
      str_eq(to, "rejected") ? clean_reason : NULL,
      str_eq(to, "rejected") ? clean_feedback : NULL,
      str_eq(to, "accepted") ? now : 0, now);
  if (!rc)
    rc = store_app_event_add(db, id, now, actor_id(a), app->state, to,
                             str_eq(to, "rejected") ? clean_reason : "");
  /* A slot is given up when the applicant leaves the pipeline before the
   * interview, so that someone else may have it. */
  if (!rc && (str_eq(to, "rejected") || str_eq(to, "withdrawn"))) {
    struct slot_row slot;

    if (store_slot_of_application(db, id, &slot) == 0 && slot.starts_at > now)
      rc = store_slot_release(db, id);
  }
  if (!rc) {
    snprintf(subject, sizeof(subject), "application %lld", (long long)id);
    snprintf(detail, sizeof(detail), "%s to %s: %s to %s%s%s",
             app->student_number, app->scheme_name, app->state, to,
             clean_reason[0] && str_eq(to, "rejected") ? "; " : "",
             str_eq(to, "rejected") ? clean_reason : "");
    char action[48];

    snprintf(action, sizeof(action), "application.%s", to);
    rc = audit_record(db, actor_id(a), action, subject, detail, a->ip);
  }
  if (!rc)
    rc = mail_applicant(db, a, app, to,
                        str_eq(to, "rejected") ? clean_feedback : NULL);
  if (rc) {
    db_rollback(db);
    if (rc == ERR_CONFLICT && store_application_get(db, id, after) == 0)
      rc = conflict(why, after, state_now, to, true);
    goto out;
  }
  rc = db_commit(db);
  if (rc == ERR_CONFLICT && store_application_get(db, id, after) == 0)
    rc = conflict(why, after, state_now, to, true);
out:
  free(app);
  free(after);
  return rc;
}

static void add_skipped(struct bulk_result *out, const char *state)
{
  const char *label = application_state_label(state);
  size_t len = strlen(out->skipped_states);
  char lower[64];

  str_copy(lower, sizeof(lower), label);
  str_lower(lower);
  if (strstr(out->skipped_states, lower))
    return;
  snprintf(out->skipped_states + len, sizeof(out->skipped_states) - len,
           "%s%s", len ? ", " : "", lower);
}

int application_bulk_move(struct db *db, const struct app_actor *a,
                          int64_t scheme_id, const int64_t *ids, int n,
                          const char *to, const char *reason,
                          const char *feedback, struct bulk_result *out,
                          struct err_detail *why)
{
  struct application_row *app = malloc(sizeof(*app));
  char state[A_WORD];
  int rc = 0;

  memset(out, 0, sizeof(*out));
  if (!may_manage(db, a, scheme_id)) {
    rc = ERR_PERM;
    goto out;
  }
  if (!str_eq(to, "under_review") && !str_eq(to, "interview") &&
      !str_eq(to, "rejected")) {
    rc = err_set(why, ERR_INPUT, "to", "Choose what to do with them.");
    goto out;
  }
  if (!n) {
    rc = err_set(why, ERR_INPUT, "ids", "Select at least one application.");
    goto out;
  }
  if (str_eq(to, "rejected") && !(reason && *reason)) {
    rc = err_set(why, ERR_INPUT, "reason", "Give the reason for rejecting.");
    goto out;
  }
  for (int i = 0; i < n && i < APP_BULK_MAX; i++) {
    struct err_detail one = {"", ""};

    if (store_application_get(db, ids[i], app) || app->scheme_id != scheme_id)
      continue;
    state[0] = '\0';
    rc = application_move(db, a, ids[i], 0, to, reason, feedback, false, &one,
                          state);
    if (rc == 0) {
      out->moved++;
    } else if (rc == ERR_CONFLICT) {
      out->skipped++;
      add_skipped(out, state[0] ? state : app->state);
      rc = 0;
    } else {
      if (rc == ERR_INPUT && why)
        *why = one;
      goto out;
    }
  }
out:
  free(app);
  return rc;
}

int application_score(struct db *db, const struct app_actor *a, int64_t id,
                      const int *scores, int n, struct err_detail *why)
{
  struct application_row *app = malloc(sizeof(*app));
  struct rubric_row rubric[APP_RUBRIC_MAX];
  int nr = 0, rc;
  char subject[48];

  if ((rc = store_application_get(db, id, app)))
    goto out;
  if (!a->user || application_access(db, a->user, app) != APP_MANAGER) {
    rc = ERR_PERM;
    goto out;
  }
  if ((rc = store_rubric_list(db, app->scheme_id, rubric, APP_RUBRIC_MAX,
                              &nr)))
    goto out;
  for (int i = 0; i < nr && i < n; i++)
    if (scores[i] > rubric[i].max_score || scores[i] < -1) {
      char field[32], msg[A_CRITERION + 64];

      snprintf(field, sizeof(field), "r%lld", (long long)rubric[i].id);
      snprintf(msg, sizeof(msg), "Give %s a score from 0 to %d.",
               rubric[i].criterion, rubric[i].max_score);
      rc = err_set(why, ERR_INPUT, field, msg);
      goto out;
    }
  if ((rc = db_begin(db)))
    goto out;
  for (int i = 0; i < nr && i < n && !rc; i++)
    if (scores[i] >= 0)
      rc = store_score_set(db, id, rubric[i].id, a->user->id, scores[i],
                           clock_now());
  snprintf(subject, sizeof(subject), "application %lld", (long long)id);
  if (!rc)
    rc = audit_record(db, a->user->id, "application.score", subject, "",
                      a->ip);
  if (rc)
    db_rollback(db);
  else
    rc = db_commit(db);
out:
  free(app);
  return rc;
}

int application_note(struct db *db, const struct app_actor *a, int64_t id,
                     const char *body, struct err_detail *why)
{
  struct application_row *app = malloc(sizeof(*app));
  char clean[A_NOTE];
  int rc;

  if ((rc = store_application_get(db, id, app)))
    goto out;
  if (!a->user || application_access(db, a->user, app) != APP_MANAGER) {
    rc = ERR_PERM;
    goto out;
  }
  if (!trimmed(clean, sizeof(clean), body)) {
    rc = err_set(why, ERR_INPUT, "note",
                 "Keep the note to 2,000 characters or fewer.");
    goto out;
  }
  if (!clean[0]) {
    rc = err_set(why, ERR_INPUT, "note", "Write the note.");
    goto out;
  }
  rc = store_app_note_add(db, id, a->user->id, clean, clock_now());
out:
  free(app);
  return rc;
}

/* -------------------------------------------------------------- interviews */

int interview_slots(struct db *db, int64_t scheme_id, struct slot_row *rows,
                    int max, int *n)
{
  return store_slot_list(db, scheme_id, rows, max, n);
}

int interview_slot_add(struct db *db, const struct app_actor *a,
                       int64_t scheme_id, const char *starts, int minutes,
                       const char *place, const char *interviewer,
                       struct err_detail *why)
{
  struct slot_row s;
  int64_t id;
  char detail[64];
  int rc;

  memset(&s, 0, sizeof(s));
  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if (!interview_time_parse(starts, &s.starts_at))
    return err_set(why, ERR_INPUT, "starts",
                   "Enter the start as a date and time, like "
                   "2026-10-05T14:00.");
  if (minutes < 5 || minutes > 480)
    return err_set(why, ERR_INPUT, "minutes",
                   "The length must be from 5 to 480 minutes.");
  if (!trimmed(s.place, sizeof(s.place), place))
    return err_set(why, ERR_INPUT, "place",
                   "Keep the place or link to 300 characters or fewer.");
  if (!s.place[0])
    return err_set(why, ERR_INPUT, "place",
                   "Enter the room, or the link of the online meeting.");
  if (!trimmed(s.interviewer, sizeof(s.interviewer), interviewer))
    return err_set(why, ERR_INPUT, "interviewer",
                   "Keep the interviewer's name shorter.");
  s.scheme_id = scheme_id;
  s.minutes = minutes;
  if ((rc = db_begin(db)))
    return rc;
  clock_format(s.starts_at, detail, sizeof(detail));
  if (!(rc = store_slot_insert(db, &s, &id)))
    rc = question_audit(db, a, "scheme.interview_slot.add", scheme_id, detail);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int interview_slot_delete(struct db *db, const struct app_actor *a,
                          int64_t scheme_id, int64_t slot_id)
{
  int rc;

  if (!may_manage(db, a, scheme_id))
    return ERR_PERM;
  if ((rc = db_begin(db)))
    return rc;
  if (!(rc = store_slot_delete_free(db, slot_id, scheme_id)))
    rc = question_audit(db, a, "scheme.interview_slot.remove", scheme_id, "");
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int interview_book(struct db *db, const struct app_actor *a, int64_t id,
                   int64_t slot_id, struct err_detail *why)
{
  struct application_row *app = malloc(sizeof(*app));
  struct slot_row slot;
  char subject[300], *body = NULL, when[600], link[400];
  int rc;

  if ((rc = store_application_get(db, id, app)))
    goto out;
  if (!a->user || application_access(db, a->user, app) != APP_APPLICANT) {
    rc = ERR_PERM;
    goto out;
  }
  if (!str_eq(app->state, "interview")) {
    rc = err_set(why, ERR_CONFLICT, "",
                 "You can book an interview once you are invited to one.");
    goto out;
  }
  rc = store_slot_get(db, slot_id, &slot);
  if (rc == ERR_NOTFOUND || (rc == 0 && slot.scheme_id != app->scheme_id)) {
    rc = err_set(why, ERR_INPUT, "slot", "Choose one of the slots listed.");
    goto out;
  }
  if (rc)
    goto out;
  if (slot.application_id == id)
    goto out; /* already theirs */
  if ((rc = db_begin(db)))
    goto out;
  rc = store_slot_release(db, id);
  if (!rc)
    rc = store_slot_book(db, slot_id, app->scheme_id, id, clock_now());
  slot_sentence(&slot, when, sizeof(when));
  if (!rc) {
    snprintf(subject, sizeof(subject), "application %lld", (long long)id);
    rc = audit_record(db, a->user->id, "application.interview_booked",
                      subject, when, a->ip);
  }
  if (!rc && app->email[0]) {
    body = malloc(OUTBOX_BODY_MAX);
    link_to(a, id, link, sizeof(link));
    snprintf(subject, sizeof(subject), "Your interview for %s",
             app->scheme_name);
    snprintf(body, OUTBOX_BODY_MAX,
             "Hello %s,\n\nYour interview is booked: %s.\n\nIf you need to "
             "change it, choose another free slot on your application's "
             "page: %s\n\n-- Tandem, the Peer Mentoring Team\n",
             display_name(app), when, link);
    rc = mail_queue(db, app->email, subject, body);
  }
  if (rc) {
    db_rollback(db);
    if (rc == ERR_CONFLICT)
      err_set(why, ERR_CONFLICT, "slot",
              "Someone has just taken that slot. Choose another one.");
    goto out;
  }
  rc = db_commit(db);
out:
  free(app);
  free(body);
  return rc;
}

/* ------------------------------------------------------------------- demo */

int applications_demo(struct db *db)
{
  struct scheme_row *s = malloc(sizeof(*s));
  struct student_row *st = malloc(sizeof(*st));
  struct application_row *app = malloc(sizeof(*app));
  struct eligibility e;
  int64_t scheme_id, student_id, id;
  char today[11];
  int rc;

  if ((rc = store_scheme_by_name(db, "Computer Science peer mentoring",
                                 "2026/27", &scheme_id)) ||
      (rc = store_demo_applicant(db, &student_id)))
    goto out;
  rc = store_application_find(db, scheme_id, student_id, app);
  if (rc != ERR_NOTFOUND)
    goto out; /* there already (0), or an error */
  applications_today(today);
  if ((rc = scheme_get(db, scheme_id, s)) ||
      (rc = store_student_get(db, student_id, st)) ||
      (rc = eligibility_check(db, s, "mentor", st, today, &e)))
    goto out;
  if (!e.eligible)
    goto out;
  if (!(rc = store_application_insert(db, scheme_id, student_id,
                                      e.explanation, false, clock_now(), &id)))
    rc = store_app_event_add(db, id, clock_now(), 0, "", "submitted", "");
out:
  free(s);
  free(st);
  free(app);
  return rc == ERR_NOTFOUND ? 0 : rc;
}

/* ------------------------------------------------------------------ export */

static void cells_line(struct buf *line, const char **cells, int n)
{
  for (int i = 0; i < n; i++) {
    if (i)
      buf_putc(line, ',');
    csv_cell_append(line, cells[i] ? cells[i] : "");
  }
  buf_puts(line, "\r\n");
}

static int flush(struct buf *line,
                 int (*out)(void *ctx, const void *bytes, size_t n), void *ctx)
{
  int rc = 0;

  if (buf_failed(line))
    rc = ERR_TOOBIG;
  else if (line->len && out(ctx, line->data, line->len))
    rc = ERR_IO;
  buf_reset(line);
  return rc;
}

enum { EXPORT_FIXED = 12, EXPORT_PAGE = 200 };

int applications_export_csv(struct db *db, int64_t scheme_id,
                            const char *state,
                            int (*out)(void *ctx, const void *bytes, size_t n),
                            void *ctx)
{
  static const char *const fixed[EXPORT_FIXED] = {
      "application_id", "student_number", "legal_name",     "preferred_name",
      "email",          "course_code",    "year_of_study",  "state",
      "returning_mentor", "submitted_at", "average_score",  "eligibility"};
  struct question_row *qs = calloc(APP_QUESTIONS_MAX, sizeof(*qs));
  struct answer_row *ans = calloc(APP_QUESTIONS_MAX, sizeof(*ans));
  struct application_row *rows = calloc(EXPORT_PAGE, sizeof(*rows));
  const char *cells[EXPORT_FIXED + APP_QUESTIONS_MAX];
  char num[5][32];
  struct application_filter f = {.scheme_id = scheme_id, .returning = -1};
  struct buf line;
  int64_t after = 0;
  int nq = 0, n, na, rc;

  buf_init(&line, 1 << 20);
  str_copy(f.state, sizeof(f.state), state ? state : "");
  if ((rc = store_question_list(db, scheme_id, qs, APP_QUESTIONS_MAX, &nq)))
    goto out;
  for (int i = 0; i < EXPORT_FIXED; i++)
    cells[i] = fixed[i];
  for (int i = 0; i < nq; i++)
    cells[EXPORT_FIXED + i] = qs[i].prompt;
  cells_line(&line, cells, EXPORT_FIXED + nq);
  if ((rc = flush(&line, out, ctx)))
    goto out;
  do {
    if ((rc = store_application_list(db, &f, after, 0, EXPORT_PAGE, rows, &n,
                                     NULL)))
      goto out;
    for (int i = 0; i < n; i++) {
      const struct application_row *a = &rows[i];
      char when[32];
      double avg = application_average(a);

      if ((rc = store_answer_list(db, a->id, ans, APP_QUESTIONS_MAX, &na)))
        goto out;
      snprintf(num[0], sizeof(num[0]), "%lld", (long long)a->id);
      snprintf(num[1], sizeof(num[1]), "%d", a->year_of_study);
      clock_format(a->created_at, when, sizeof(when));
      if (avg >= 0)
        snprintf(num[2], sizeof(num[2]), "%.1f", avg);
      else
        num[2][0] = '\0';
      cells[0] = num[0];
      cells[1] = a->student_number;
      cells[2] = a->legal_name;
      cells[3] = a->preferred_name;
      cells[4] = a->email;
      cells[5] = a->course_code;
      cells[6] = num[1];
      cells[7] = a->state;
      cells[8] = a->returning_mentor ? "yes" : "no";
      cells[9] = when;
      cells[10] = num[2];
      cells[11] = a->eligibility;
      for (int q = 0; q < nq; q++) {
        cells[EXPORT_FIXED + q] = "";
        for (int k = 0; k < na; k++)
          if (ans[k].question_id == qs[q].id)
            cells[EXPORT_FIXED + q] = ans[k].answer;
      }
      cells_line(&line, cells, EXPORT_FIXED + nq);
      if ((rc = flush(&line, out, ctx)))
        goto out;
      after = a->id;
    }
  } while (n == EXPORT_PAGE);
out:
  buf_free(&line);
  free(qs);
  free(ans);
  free(rows);
  return rc;
}
