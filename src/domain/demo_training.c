/* domain/demo_training.c: the data of domain/demo_training.h. */
#include "domain/demo_training.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/accounts.h"
#include "domain/training.h"

#include <string.h>

enum { DAY = 86400 };

static const char *const all_types[] = {
    "pre_arrival", "pastoral",   "it_support", "pal",
    "course",      "transition", "placement",  "international",
    "final_year",  "buddy",      "custom",
};

struct demo_module {
  const char *title, *purpose, *outcomes, *delivery, *audience;
  int minutes, validity_months;
  const char *types; /* the scheme types requiring it: "*" every type */
  int sessions;      /* upcoming sessions to plan */
  const char *place;
};

static const struct demo_module modules[] = {
    {"Boundaries and referral",
     "What a peer mentor is, and is not: keeping to the role, knowing your "
     "limits, and referring a mentee to the right service in time.",
     "Describe the mentor role and its limits\n"
     "Recognise when a conversation needs a professional\n"
     "Refer a mentee to the university's services, with their consent",
     "in_person", "mentors", 120, 12, "*", 2, "Library, seminar room 2"},
    {"PAL facilitation",
     "Leading a Peer Assisted Learning session: planning, asking questions "
     "rather than teaching, and keeping everyone involved.",
     "Plan a session around the module's hard topics\n"
     "Use open questions and redirect instead of giving answers\n"
     "Involve quieter students",
     "in_person", "pal_leaders", 180, 0, "pal", 1,
     "Engineering building, room 1.14"},
    {"Pre-arrival online contact",
     "Messaging students before they arrive: what to share, what not to, "
     "and keeping the conversation on the university's platform.",
     "Keep contact on Tandem's messages\n"
     "Answer common questions about arrival\n"
     "Pass visa and finance questions to the advisers",
     "self_paced", "mentors", 30, 24, "pre_arrival", 0, ""},
    {"Safeguarding",
     "Recognising a student at risk, and what to do the same day.",
     "Recognise signs that someone may be at risk\n"
     "Know who to contact, and how quickly",
     "online_live", "mentors", 60, 24, "", 1,
     "https://meet.demo.ac.uk/safeguarding"},
    {"Communication and active listening",
     "Listening well, asking good questions, and ending a conversation "
     "kindly.",
     "Practise reflecting and summarising\nAsk open questions",
     "online_live", "mentors", 90, 0, "", 1,
     "https://meet.demo.ac.uk/listening"},
    /* Staff development: for academic champions, in its own catalogue. */
    {"Supporting your programme's mentors",
     "For academic champions: what mentors on your programme do, how to "
     "back them, and what to do when a mentor brings you a worry.",
     "Explain the mentor role to colleagues and students\n"
     "Respond when a mentor refers a student to you\n"
     "Recognise mentors' work (references, awards)",
     "in_person", "staff", 90, 36, "", 1, "Staff Centre, room 4"},
};

static const struct {
  const char *prompt, *choices;
  int correct;
} quiz[] = {
    {"Your mentee asks whether they need a new visa to change course. What "
     "do you do?",
     "Tell them what you did in your own case\n"
     "Point them to the university's international student advisers\n"
     "Search online together and decide",
     1},
    {"Where should you keep in touch with an incoming student before they "
     "arrive?",
     "On Tandem's messages\nOn your personal social media\n"
     "By text message from your own phone",
     0},
    {"An incoming student shares something that worries you about their "
     "safety. What do you do?",
     "Keep it to yourself: they told you in confidence\n"
     "Contact the scheme's coordinator the same day\n"
     "Wait to see whether it happens again",
     1},
    {"Which of these may you share with an incoming student?",
     "Another student's contact details\n"
     "Your own experience of arriving at the university\n"
     "Their exam results from your course's records",
     1},
};

static bool requires(const char *types, const char *type)
{
  size_t n = strlen(type);
  const char *p = types;

  if (str_eq(types, "*"))
    return true;
  while ((p = strstr(p, type))) {
    if ((p == types || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
      return true;
    p += n;
  }
  return false;
}

static int add_module(struct db *db, const struct demo_module *d,
                      int k, int64_t trainer, int64_t now,
                      struct err_detail *why)
{
  struct module_row *m = xmalloc(sizeof(*m));
  int rc = store_module_find(db, d->title, m);

  if (rc != ERR_NOTFOUND)
    goto done; /* there already (0), or an error */
  memset(m, 0, sizeof(*m));
  str_copy(m->title, sizeof(m->title), d->title);
  str_copy(m->purpose, sizeof(m->purpose), d->purpose);
  str_copy(m->outcomes, sizeof(m->outcomes), d->outcomes);
  str_copy(m->delivery, sizeof(m->delivery), d->delivery);
  str_copy(m->audience, sizeof(m->audience), d->audience);
  m->minutes = d->minutes;
  m->validity_months = d->validity_months;
  m->pass_mark = 75;
  m->active = true;
  if ((rc = training_module_validate(m, why)) ||
      (rc = store_module_insert(db, m, now, &m->id)))
    goto done;
  for (size_t t = 0; t < sizeof(all_types) / sizeof(all_types[0]); t++)
    if (requires(d->types, all_types[t]) &&
        (rc = store_type_module_add(db, all_types[t], m->id)))
      goto done;
  /* Sessions at 14:00 UTC, a week apart, from next week (the k-th
   * module's k days later, so they do not all fall on one day). */
  for (int i = 0; i < d->sessions; i++) {
    struct tsession_row s;

    memset(&s, 0, sizeof(s));
    s.module_id = m->id;
    s.starts_at = (now / DAY + 7 + k + 7 * i) * DAY + 14 * 3600;
    s.minutes = d->minutes;
    s.capacity = 12;
    s.trainer_user_id = trainer;
    str_copy(s.place, sizeof(s.place), d->place);
    if ((rc = store_tsession_insert(db, &s, now, NULL)))
      goto done;
  }
  if (str_eq(d->delivery, "self_paced"))
    for (size_t q = 0; q < sizeof(quiz) / sizeof(quiz[0]); q++) {
      struct quiz_question_row row;

      memset(&row, 0, sizeof(row));
      row.module_id = m->id;
      str_copy(row.prompt, sizeof(row.prompt), quiz[q].prompt);
      str_copy(row.choices, sizeof(row.choices), quiz[q].choices);
      row.correct = quiz[q].correct;
      if ((rc = store_quiz_insert(db, &row, NULL)))
        goto done;
    }
done:
  free(m);
  return rc;
}

int demo_training(struct db *db, struct err_detail *why)
{
  struct user coordinator;
  int64_t now = clock_now();
  int rc = account_by_email(db, "coordinator@demo.ac.uk", &coordinator);

  if (rc == ERR_NOTFOUND)
    coordinator.id = 0;
  else if (rc)
    return rc;
  for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
    if ((rc = add_module(db, &modules[i], (int)i, coordinator.id, now, why)))
      return rc;
  return 0;
}
