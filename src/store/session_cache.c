/* store/session_cache.c: see session_cache.h. A fixed table of slots, one
 * per session by the first bits of its token's hash, each behind its own
 * mutex; one generation number for the whole table, which forgetting
 * bumps: a slot is valid only while its generation is the current one.
 *
 * Two steps close the gap between a commit on one node and the others
 * hearing of it (PostgreSQL signals the listeners at commit, but each
 * hears in its own time):
 *   - a read from the cache first polls the listening socket, and goes to
 *     the database while anything has arrived that the listening thread
 *     has not yet read;
 *   - a node that ends a session or changes an account waits, before it
 *     answers, until its own listener has heard a notification since the
 *     commit (up to a second): by then PostgreSQL has sent it to every
 *     listening node. Not a lock: another node that has not yet read it
 *     still answers from what it kept, for that instant. */
#include "store/session_cache.h"

#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "store/accounts.h"
#include "store/db.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

enum { SLOTS = 1024, HEAR_WAIT_MS = 1000 };

struct slot {
  pthread_mutex_t mu;
  char token_hash[65];
  uint64_t gen;
  int64_t read_us; /* clock_us() when it was put */
  struct session_row row;
};

static struct slot slots[SLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t generation = 1;
static atomic_bool on; /* the listener is listening */
static atomic_int notify_fd = -1; /* its socket, while on */
static uint64_t heard; /* notifications heard, under heard_mu */
static pthread_mutex_t heard_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t heard_cond = PTHREAD_COND_INITIALIZER;
static atomic_bool stopping;
static int64_t ttl_us;
static char listen_url[512];
static pthread_t listener;
static bool listener_started;

static void slots_init(void)
{
  for (size_t i = 0; i < SLOTS; i++)
    pthread_mutex_init(&slots[i].mu, NULL);
}

/* slot_of: the slot of a hash, by its first three hex digits (a SHA-256
 * is uniform, so they spread sessions evenly). */
static struct slot *slot_of(const char *token_hash)
{
  unsigned v = 0;

  for (int i = 0; i < 3; i++) {
    char c = token_hash[i];

    v = v * 16 +
        (unsigned)(c >= '0' && c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
  }
  return &slots[v % SLOTS];
}

/* heard_one: the listener's forgetting, which wakes writers waiting. */
static void heard_one(void)
{
  atomic_fetch_add(&generation, 1);
  pthread_mutex_lock(&heard_mu);
  heard++;
  pthread_cond_broadcast(&heard_cond);
  pthread_mutex_unlock(&heard_mu);
}

/* The mark of this thread's change: the count heard before its last
 * statement (PostgreSQL sends the notifications at the commit, after). */
static _Thread_local uint64_t mark;
static _Thread_local bool marked;

void store_session_cache_mark(void)
{
  pthread_mutex_lock(&heard_mu);
  mark = heard;
  pthread_mutex_unlock(&heard_mu);
  marked = true;
}

void store_session_cache_forget(void)
{
  struct timespec until;
  bool wait = marked;

  atomic_fetch_add(&generation, 1);
  marked = false;
  if (!wait || !atomic_load(&on))
    return;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += HEAR_WAIT_MS / 1000;
  pthread_mutex_lock(&heard_mu);
  while (heard == mark && atomic_load(&on) &&
         pthread_cond_timedwait(&heard_cond, &heard_mu, &until) == 0)
    ;
  pthread_mutex_unlock(&heard_mu);
}

uint64_t store_session_cache_heard(void)
{
  uint64_t n;

  pthread_mutex_lock(&heard_mu);
  n = heard;
  pthread_mutex_unlock(&heard_mu);
  return n;
}

/* unheard: whether the listening socket holds something the listener has
 * not read yet (or cannot be polled): then the cache is not to be used. */
static bool unheard(void)
{
  struct pollfd p = {.fd = atomic_load(&notify_fd), .events = POLLIN};

  return p.fd < 0 || poll(&p, 1, 0) != 0;
}

bool store_session_cache_get(const char *token_hash, struct session_row *out,
                             uint64_t *gen)
{
  struct slot *s;
  bool hit;

  *gen = atomic_load(&generation);
  if (!atomic_load(&on) || strlen(token_hash) != 64 || unheard())
    return false;
  s = slot_of(token_hash);
  pthread_mutex_lock(&s->mu);
  hit = s->gen == *gen && clock_us() - s->read_us < ttl_us &&
        strcmp(s->token_hash, token_hash) == 0;
  if (hit)
    *out = s->row;
  pthread_mutex_unlock(&s->mu);
  /* Forgotten while this looked: the copy may be what was forgotten. */
  return hit && atomic_load(&generation) == *gen;
}

void store_session_cache_put(const char *token_hash,
                             const struct session_row *row, uint64_t gen)
{
  struct slot *s;

  if (!atomic_load(&on) || gen != atomic_load(&generation) ||
      strlen(token_hash) != 64)
    return;
  s = slot_of(token_hash);
  pthread_mutex_lock(&s->mu);
  str_copy(s->token_hash, sizeof(s->token_hash), token_hash);
  s->gen = gen;
  s->read_us = clock_us();
  s->row = *row;
  pthread_mutex_unlock(&s->mu);
}

static void pause_ms(int ms)
{
  struct timespec tick = {0, 100 * 1000 * 1000};

  for (int i = 0; i < ms / 100 && !atomic_load(&stopping); i++)
    nanosleep(&tick, NULL);
}

/* The listening thread: connect, LISTEN, then forget on every
 * notification. Whenever the connection is lost the cache goes off, and
 * comes back on only once listening again (forgetting first: changes made
 * meanwhile were not heard). */
static void *listen_loop(void *arg)
{
  bool warned = false;

  (void)arg;
  while (!atomic_load(&stopping)) {
    struct db *db;
    char err[256];
    int n = 0;

    if (db_open(listen_url, &db, err, sizeof(err))) {
      if (!warned)
        log_warn("session_cache=off error=\"%s\"", err);
      warned = true;
      pause_ms(1000);
      continue;
    }
    if (db_listen(db, "tandem_auth")) {
      db_close(db);
      pause_ms(1000);
      continue;
    }
    atomic_fetch_add(&generation, 1);
    atomic_store(&notify_fd, db_notify_fd(db));
    atomic_store(&on, true);
    if (warned)
      log_warn("session_cache=on msg=\"listening again\"");
    warned = false;
    while (!atomic_load(&stopping) && (n = db_wait_notify(db, 200)) >= 0)
      if (n > 0)
        heard_one();
    atomic_store(&on, false);
    atomic_store(&notify_fd, -1);
    heard_one(); /* forgets, and frees a writer waiting to hear */
    db_close(db);
    if (n < 0) {
      log_warn("session_cache=off msg=\"lost the connection it listens on; "
               "every request reads its session until it is back\"");
      warned = true;
      pause_ms(200);
    }
  }
  return NULL;
}

void store_session_cache_start(const char *db_url, int ttl_seconds)
{
  pthread_once(&slots_once, slots_init);
  if (listener_started || ttl_seconds <= 0 ||
      !(str_starts(db_url, "postgres://") ||
        str_starts(db_url, "postgresql://")))
    return;
  if (!str_copy(listen_url, sizeof(listen_url), db_url))
    return;
  ttl_us = (int64_t)ttl_seconds * 1000000;
  atomic_store(&stopping, false);
  listener_started = pthread_create(&listener, NULL, listen_loop, NULL) == 0;
}

void store_session_cache_stop(void)
{
  if (!listener_started)
    return;
  atomic_store(&stopping, true);
  pthread_join(listener, NULL);
  listener_started = false;
}
