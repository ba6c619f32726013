/* store/outbox.h: SQL for the mail outbox. A message is claimed by one
 * sender for a lease, so several nodes never send it twice. A message may
 * carry one text attachment (an iCalendar file, say): attachment_name ""
 * when it has none. */
#ifndef TANDEM_STORE_OUTBOX_H
#define TANDEM_STORE_OUTBOX_H

#include "store/db.h"

#include <stdint.h>

enum { OUTBOX_BODY_MAX = 8192, OUTBOX_ATTACHMENT_MAX = 16384 };

struct outbox_row {
  int64_t id, created_at, sent_at;
  int attempts;
  char to_addr[255];
  char subject[255];
  char body[OUTBOX_BODY_MAX];
  char last_error[255];
  char attachment_name[128]; /* "": no attachment */
  char attachment_type[128]; /* a MIME type, "text/calendar; method=..." */
  char attachment[OUTBOX_ATTACHMENT_MAX];
};

/* store_outbox_add: queue a message at time now; att_name, att_type and
 * att NULL (or att_name "") for none. *id (may be NULL) its id. */
int store_outbox_add(struct db *db, const char *to, const char *subject,
                     const char *body, const char *att_name,
                     const char *att_type, const char *att, int64_t now,
                     int64_t *id);
/* store_outbox_list: newest first; to_filter "" for all addresses. */
int store_outbox_list(struct db *db, const char *to_filter, int offset,
                      int limit, struct outbox_row *rows, int *n,
                      int64_t *total);
/* store_outbox_claim: take the oldest unsent message that nobody holds and
 * that has failed fewer than max_attempts times, for lease seconds.
 * ERR_NOTFOUND when there is none. */
int store_outbox_claim(struct db *db, int64_t now, int lease,
                       int max_attempts, struct outbox_row *out);
int store_outbox_sent(struct db *db, int64_t id, int64_t now);
int store_outbox_failed(struct db *db, int64_t id, const char *error);

#endif
