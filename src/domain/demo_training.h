/* domain/demo_training.h: the demo university's training. */
#ifndef TANDEM_DOMAIN_DEMO_TRAINING_H
#define TANDEM_DOMAIN_DEMO_TRAINING_H

#include "base/err.h"
#include "store/db.h"

/* demo_training: create the demo's training modules that do not exist yet
 * (by title): "Boundaries and referral" (required by every scheme type),
 * "PAL facilitation" (PAL schemes), "Pre-arrival online contact" (a
 * self-paced module with a quiz, for pre-arrival schemes), "Safeguarding"
 * and "Communication and active listening"; and for each new live module
 * upcoming sessions with coordinator@ as the trainer. Modules that exist
 * are left as they are, so a second run changes nothing. Run after the
 * accounts exist; inside demo_build's transaction. */
int demo_training(struct db *db, struct err_detail *why);

#endif
