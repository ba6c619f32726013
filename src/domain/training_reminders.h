/* domain/training_reminders.h: the part of domain/training.h that tandem
 * serve's worker and tandem training remind call: the day-before reminders
 * and the refresher notices. Apart, because store/training.h's
 * struct tsession_row (a training session) shares its name with
 * store/accounts.h's (a sign-in session), and the worker needs the other. */
#ifndef TANDEM_DOMAIN_TRAINING_REMINDERS_H
#define TANDEM_DOMAIN_TRAINING_REMINDERS_H

#include "store/db.h"

#include <stdint.h>

enum { TRAINING_REFRESHER_NOTICE_DAYS = 30, TRAINING_REMINDERS_BATCH = 200 };

struct training_reminders {
  int reminders;  /* day-before reminders queued */
  int refreshers; /* refresher notices queued */
};

/* training_send_reminders: queue, once each, the reminder of every booked
 * session starting within the next day (to those who booked before that
 * day began) and the notice of every completion falling due within
 * TRAINING_REFRESHER_NOTICE_DAYS (the person's latest for the module),
 * links built from base_url (may be NULL). Each is claimed by a guarded
 * UPDATE in the transaction that queues its mail, so running it again, or
 * on several nodes at once, sends nothing twice. Up to
 * TRAINING_REMINDERS_BATCH of each a call. *out (may be NULL) counts. */
int training_send_reminders(struct db *db, int64_t now, const char *base_url,
                            struct training_reminders *out);

#endif
