/* db.h: the store's facade over SQLite and (later) PostgreSQL.
 *
 * SQL is always a string literal, written in the subset both engines share,
 * with $1..$n placeholders (PostgreSQL's syntax; the SQLite back end
 * rewrites them once per connection). A prepared statement is cached per
 * connection, keyed by the literal's address, so preparing in a hot path
 * costs a table look-up. One connection belongs to one thread at a time.
 *
 * Use:  db_prepare(db, SQL, &st); db_bind_*(st, 1, ...); while
 *       ((rc = db_step(st)) == DB_ROW) { db_col_*(st, 0) ... } db_finish(st);
 */
#ifndef TANDEM_STORE_DB_H
#define TANDEM_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_engine { DB_SQLITE, DB_POSTGRES };
enum { DB_DONE = 0, DB_ROW = 1 };

/* db_open: connect to url: a SQLite file path (created if missing) or a
 * postgres:// URL. On failure returns ERR_DB or ERR_INPUT and writes a
 * message to err. The caller owns *out and closes it with db_close(). */
int db_open(const char *url, struct db **out, char *err, size_t errsize);
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);

/* db_prepare: the cached statement for the literal sql. ERR_DB if it does
 * not compile (a bug: logged). The statement stays owned by the
 * connection; release it with db_finish() when done with its rows. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
/* Bind parameter i (1-based). Text is copied; a NULL text binds NULL. */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_null(struct db_stmt *st, int i);
/* db_step: DB_ROW when a row is ready, DB_DONE at the end, ERR_CONFLICT on
 * a constraint violation, ERR_DB otherwise (logged). */
int db_step(struct db_stmt *st);
/* Column i (0-based) of the current row. Text is valid until the next
 * db_step or db_finish; NULL reads as 0 or NULL. */
int64_t db_col_int(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* db_finish: reset the statement and clear its bindings for reuse. */
void db_finish(struct db_stmt *st);
/* db_changes: rows changed by the last finished INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);

/* db_run: prepare, bind, step once and finish, for statements without
 * rows. types has one letter per argument: 'i' int64_t, 's' const char *
 * (NULL binds NULL). Returns DB_DONE/DB_ROW or an error of db_step. */
int db_run(struct db *db, const char *sql, const char *types, ...);

/* Transactions. db_begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE), so a transaction never fails half-way on lock upgrade.
 * Nested begin/commit pairs join the outer transaction; a rollback at any
 * depth makes the outermost commit roll back and return ERR_CONFLICT. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* db_after_commit: run fn once the change being made is committed: at
 * once outside a transaction, else after the outermost commit succeeds
 * (not at all when it rolls back). For in-process caches of what the
 * change makes stale. A connection keeps up to four distinct fns. */
void db_after_commit(struct db *db, void (*fn)(void));

/* db_settle: put the connection back as a request or job should leave it:
 * no transaction open and no statement part-way through its rows. Either
 * is a bug (an error path that skipped db_finish or db_rollback); on
 * SQLite a statement left running holds its read snapshot, so every later
 * read on the connection would see the database as it was. Logs each
 * (`db_leak=...`), repairs it, and returns how many it found. */
int db_settle(struct db *db);

/* Notifications between nodes (PostgreSQL's LISTEN/NOTIFY; SQLite has
 * none and answers ERR_INTERNAL). db_listen subscribes this connection to
 * channel, a plain identifier. db_wait_notify waits up to timeout_ms and
 * returns the notifications that arrived (0 on time-out), or ERR_DB when
 * the connection is lost: notifications may then have been missed. */
int db_listen(struct db *db, const char *channel);
int db_wait_notify(struct db *db, int timeout_ms);
/* db_notify_fd: the socket a listening connection's notifications arrive
 * on, for another thread to poll (readable: something has arrived that
 * db_wait_notify has not yet read); -1 when the engine has none. */
int db_notify_fd(struct db *db);

/* db_migrate_lock: inside a transaction, wait until no other process is
 * migrating the same database (PostgreSQL); nothing on SQLite, whose write
 * transaction already excludes the others. */
int db_migrate_lock(struct db *db);

/* db_ping: 0 when the database answers a trivial query. */
int db_ping(struct db *db);

/* db_exec_script: run several ';'-separated statements (migrations). The
 * token {{id}} stands for the engine's auto-increment primary key. */
int db_exec_script(struct db *db, const char *sql);

#endif
