/* domain/calendar.h: iCalendar (RFC 5545) written with libical, which
 * folds long lines and escapes text correctly, and the revocable calendar
 * feed: a person's secret link (a 256-bit token, stored only as its
 * SHA-256) that a calendar application polls without signing in. What a
 * feed lists is the caller's business (training's booked sessions).
 * Functions return 0 or a negative enum err. */
#ifndef TANDEM_DOMAIN_CALENDAR_H
#define TANDEM_DOMAIN_CALENDAR_H

#include "base/buf.h"
#include "domain/accounts.h"

#include <stdbool.h>
#include <stdint.h>

/* One event. Strings may be NULL or "" when absent; the caller owns them. */
struct calendar_event {
  const char *uid;     /* the same for every revision: "x-12@tandem" */
  int64_t starts_at;   /* Unix seconds, written in UTC */
  int minutes;
  int sequence;        /* the revision: calendars keep the highest */
  const char *summary, *location, *description, *url;
  bool cancelled;      /* STATUS:CANCELLED, so calendars strike it out */
};

/* calendar_write: a VCALENDAR named name (NULL: none) holding ev[0..n),
 * each stamped at stamp, appended to out. No METHOD: it is a file to add
 * to a calendar (or a feed), not an iTIP invitation. ERR_INTERNAL when
 * libical fails; ERR_TOOBIG when out is full. */
int calendar_write(const char *name, const struct calendar_event *ev, int n,
                   int64_t stamp, struct buf *out);

/* calendar_feed_create: a new feed link for user_id, replacing any earlier
 * one (which stops working at once), with an audit entry; the token into
 * token (TOKEN_LEN + 1 bytes): shown once, never stored. */
int calendar_feed_create(struct db *db, int64_t user_id, const char *ip,
                         char *token);
/* calendar_feed_revoke: user_id's feed stops working. ERR_NOTFOUND when
 * there was none. */
int calendar_feed_revoke(struct db *db, int64_t user_id, const char *ip);
/* calendar_feed_user: whose feed token is. ERR_NOTFOUND for a revoked,
 * replaced or malformed token. */
int calendar_feed_user(struct db *db, const char *token, int64_t *user_id);
/* calendar_feed_created: when user_id's feed was created; ERR_NOTFOUND
 * when they have none. */
int calendar_feed_created(struct db *db, int64_t user_id, int64_t *at);

#endif
