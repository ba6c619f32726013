/* domain/mail.h: outgoing mail. Messages are queued in the outbox inside
 * the caller's transaction, and sent later by mail_send_pending() (a
 * worker thread of tandem serve) through SMTP with libcurl. Without SMTP
 * they wait in the outbox, where an administrator can read them. */
#ifndef TANDEM_DOMAIN_MAIL_H
#define TANDEM_DOMAIN_MAIL_H

#include "base/config.h"
#include "store/outbox.h"

/* mail_queue: put a plain-text message in the outbox. ERR_INPUT when the
 * address or subject holds a line break (header injection); ERR_TOOBIG
 * when the body is over OUTBOX_BODY_MAX. */
int mail_queue(struct db *db, const char *to, const char *subject,
               const char *body);

/* A text file sent with a message: its file name (no quotes, slashes or
 * line breaks), its MIME type ("text/calendar; method=PUBLISH") and its
 * UTF-8 text. The caller owns the strings. */
struct mail_attachment {
  const char *name, *type, *data;
};

/* mail_queue_attached: mail_queue with one attachment (att NULL: none),
 * sent as multipart/mixed. ERR_INPUT as mail_queue, or for a name or type
 * that could break the headers; ERR_TOOBIG when the attachment is over
 * OUTBOX_ATTACHMENT_MAX. */
int mail_queue_attached(struct db *db, const char *to, const char *subject,
                        const char *body, const struct mail_attachment *att);

/* mail_compose: message m as the RFC 5322 text the SMTP sender sends, from
 * from, dated now, into b: plain text, or multipart/mixed with the
 * attachment in base64 when m has one. CRLF line ends; dot-stuffing is
 * left to libcurl. For the sender and its tests. */
struct buf;
void mail_compose(struct buf *b, const char *from, const struct outbox_row *m,
                  int64_t now);
/* mail_send_pending: send queued messages through cfg->smtp until none is
 * left or max have been tried; *sent counts successes. Each message is
 * claimed first, so several nodes never send one twice. */
int mail_send_pending(struct db *db, const struct config *cfg, int max,
                      int *sent);
/* mail_list: the outbox, newest first; to_filter "" for every address. */
int mail_list(struct db *db, const char *to_filter, int offset, int limit,
              struct outbox_row *rows, int *n, int64_t *total);

#endif
