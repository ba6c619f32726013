/* domain/mail.h: outgoing mail. Messages are queued in the outbox inside
 * the caller's transaction, and sent later by mail_send_pending() (a
 * worker thread of tandem serve) through SMTP with libcurl. Without SMTP
 * they wait in the outbox, where an administrator can read them. */
#ifndef TANDEM_DOMAIN_MAIL_H
#define TANDEM_DOMAIN_MAIL_H

#include "base/config.h"
#include "store/outbox.h"

/* mail_queue: put a plain-text message in the outbox. ERR_INPUT when the
 * address or subject holds a line break (header injection) or the body is
 * over OUTBOX_BODY_MAX. */
int mail_queue(struct db *db, const char *to, const char *subject,
               const char *body);
/* mail_send_pending: send queued messages through cfg->smtp until none is
 * left or max have been tried; *sent counts successes. Each message is
 * claimed first, so several nodes never send one twice. */
int mail_send_pending(struct db *db, const struct config *cfg, int max,
                      int *sent);
/* mail_list: the outbox, newest first; to_filter "" for every address. */
int mail_list(struct db *db, const char *to_filter, int offset, int limit,
              struct outbox_row *rows, int *n, int64_t *total);

#endif
