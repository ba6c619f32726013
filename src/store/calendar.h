/* store/calendar.h: SQL for calendar feeds (migration 0006): one per
 * person, a token kept only as its SHA-256 (hex). Revoking deletes the
 * row; creating again replaces it. Functions return 0 or a negative enum
 * err; look-ups ERR_NOTFOUND when there is no row. */
#ifndef TANDEM_STORE_CALENDAR_H
#define TANDEM_STORE_CALENDAR_H

#include "store/db.h"

#include <stdint.h>

/* store_calendar_feed_set: user_id's feed is now token_hash, created at
 * now (any earlier token stops working). */
int store_calendar_feed_set(struct db *db, int64_t user_id,
                            const char *token_hash, int64_t now);
/* store_calendar_feed_delete: ERR_NOTFOUND when user_id had no feed. */
int store_calendar_feed_delete(struct db *db, int64_t user_id);
/* store_calendar_feed_by_hash: whose feed token_hash is. */
int store_calendar_feed_by_hash(struct db *db, const char *token_hash,
                                int64_t *user_id);
/* store_calendar_feed_get: when user_id's feed was created. */
int store_calendar_feed_get(struct db *db, int64_t user_id,
                            int64_t *created_at);

#endif
