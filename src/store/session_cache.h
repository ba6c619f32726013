/* store/session_cache.h: a node's memory of the sessions it has just read,
 * on PostgreSQL.
 *
 * Every signed-in request reads its session. On SQLite that is a call into
 * the page cache; on PostgreSQL it is a round trip to another process,
 * which costs more than the rest of a page view. So a node running on
 * PostgreSQL keeps each session it reads for a few seconds, and forgets
 * everything it keeps whenever any session ends or any account changes:
 *   - at once, after the commit, when the change is made on this node
 *     (the store's writers call store_session_cache_forget through
 *     db_after_commit);
 *   - when the database's triggers (migration 0007) notify the
 *     'tandem_auth' channel, for a change made on another node or by
 *     hand; a thread of each node LISTENs on its own connection.
 * While that connection is down the cache is off, and every request reads
 * the database. The time limit bounds what a lost notification could
 * cost. On SQLite, or with session_cache 0, the cache is never on.
 */
#ifndef TANDEM_STORE_SESSION_CACHE_H
#define TANDEM_STORE_SESSION_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct session_row;

/* store_session_cache_start: on a postgres:// db_url with ttl_seconds > 0,
 * start the listening thread; the cache turns on once it listens.
 * Otherwise nothing. store_session_cache_stop ends the thread. */
void store_session_cache_start(const char *db_url, int ttl_seconds);
void store_session_cache_stop(void);

/* store_session_cache_get: true, with a copy in *out, when the cache holds
 * the session read less than the time limit ago and nothing has changed
 * since. Always sets *gen: pass it to store_session_cache_put after
 * reading the database, so that a read which raced a change is not kept. */
bool store_session_cache_get(const char *token_hash, struct session_row *out,
                             uint64_t *gen);
void store_session_cache_put(const char *token_hash,
                             const struct session_row *row, uint64_t gen);
/* A writer that ends sessions or changes an account calls
 * store_session_cache_mark before its statement, and has
 * store_session_cache_forget run after the commit (db_after_commit), when
 * rows changed. Forgetting drops everything kept; while the cache is on,
 * it then waits (up to a second) until this node's listener has heard a
 * notification since the mark, so that the other nodes have been sent it
 * before the user has an answer. */
void store_session_cache_mark(void);
void store_session_cache_forget(void);
/* store_session_cache_heard: how many notifications the listener has
 * heard since the process started (its tests watch it). */
uint64_t store_session_cache_heard(void);

#endif
