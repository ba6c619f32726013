/* config.h: Tandem's settings, from (weakest first) built-in defaults, a
 * config file of "key = value" lines, TANDEM_<KEY> environment variables,
 * and command-line flags --key VALUE. Built once at start, then read-only
 * (the process lifetime). */
#ifndef TANDEM_BASE_CONFIG_H
#define TANDEM_BASE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum { CONFIG_STR_MAX = 512 };

struct config {
  char db[CONFIG_STR_MAX];        /* SQLite path or postgres:// URL */
  char bind[64];                  /* address tandem serve listens on */
  int port;
  int threads;                    /* worker threads; 0 = two per core */
  char base_url[CONFIG_STR_MAX];  /* public URL, for links in mail */
  bool secure_cookies;            /* behind TLS: cookies get Secure */
  int session_idle;               /* seconds of inactivity before sign-out */
  int session_max;                /* seconds a session may live at most */
  char smtp[CONFIG_STR_MAX];      /* smtp[s]://user:pass@host:port or "" */
  char mail_from[256];
  char log_level[16];
  int max_body;                   /* bytes a request body may have */
  int max_upload;                 /* ... on upload routes (CSV imports) */
  int hash_concurrency;           /* password hashes computed at once */
  bool trust_proxy;               /* take the client address from nginx */
  int session_cache;              /* seconds a node keeps a session read
                                     from PostgreSQL; 0 = off */
};

/* A setting's description, for --help and the parsers. */
struct config_key {
  const char *name; /* "session_idle"; flag --session-idle */
  char type;        /* 's' string, 'i' integer, 'b' boolean */
  size_t offset;
  size_t size; /* for strings: the field's size */
  const char *help;
};

extern const struct config_key config_keys[];

/* config_defaults: fill c with the built-in defaults. */
void config_defaults(struct config *c);
/* config_find: the key named name (dashes or underscores); NULL if none. */
const struct config_key *config_find(const char *name);
/* config_set: parse value into key k of c. ERR_INPUT with a message in err
 * (errsize bytes) when the value does not fit the key's type or range. */
int config_set(struct config *c, const struct config_key *k, const char *value,
               char *err, size_t errsize);
/* config_load_file: apply a "key = value" file ('#' starts a comment).
 * ERR_IO if it cannot be read, ERR_INPUT naming the line if it is bad. */
int config_load_file(struct config *c, const char *path, char *err,
                     size_t errsize);
/* config_load_env: apply every TANDEM_<KEY> variable that is set. */
int config_load_env(struct config *c, char *err, size_t errsize);

#endif
