#include "base/config.h"

#include "base/err.h"
#include "base/str.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY(name, type, field, help)                                           \
  {#name, type, offsetof(struct config, field),                                \
   sizeof(((struct config *)0)->field), help}

const struct config_key config_keys[] = {
    KEY(db, 's', db, "SQLite file or postgres:// URL (default tandem.db)"),
    KEY(bind, 's', bind, "address to listen on (default 127.0.0.1)"),
    KEY(port, 'i', port, "port to listen on (default 8080)"),
    KEY(threads, 'i', threads, "worker threads (default: two per core)"),
    KEY(base_url, 's', base_url, "public URL used in emailed links"),
    KEY(secure_cookies, 'b', secure_cookies,
        "mark cookies Secure (set when served over TLS)"),
    KEY(session_idle, 'i', session_idle,
        "seconds of inactivity before a session ends (default 7200)"),
    KEY(session_max, 'i', session_max,
        "seconds a session may last at most (default 43200)"),
    KEY(smtp, 's', smtp, "SMTP server URL for outgoing mail, e.g. "
                         "smtp://mail.example.ac.uk:25"),
    KEY(mail_from, 's', mail_from, "sender address of outgoing mail"),
    KEY(log_level, 's', log_level, "debug, info, warn or error"),
    KEY(max_body, 'i', max_body, "largest request body in bytes"),
    KEY(max_upload, 'i', max_upload,
        "largest uploaded file (CSV import) in bytes (default 64 MiB)"),
    KEY(hash_concurrency, 'i', hash_concurrency,
        "password hashes computed at once (default 2)"),
    KEY(session_cache, 'i', session_cache,
        "seconds a node on PostgreSQL keeps a session it has read, "
        "forgotten when any session ends or account changes (default 5; "
        "0 = read every time)"),
    KEY(trust_proxy, 'b', trust_proxy,
        "trust X-Forwarded-For from a reverse proxy on loopback"),
    {NULL, 0, 0, 0, NULL}};

void config_defaults(struct config *c)
{
  memset(c, 0, sizeof(*c));
  str_copy(c->db, sizeof(c->db), "tandem.db");
  str_copy(c->bind, sizeof(c->bind), "127.0.0.1");
  c->port = 8080;
  c->session_idle = 2 * 3600;
  c->session_max = 12 * 3600;
  str_copy(c->mail_from, sizeof(c->mail_from), "tandem@localhost");
  str_copy(c->log_level, sizeof(c->log_level), "info");
  c->max_body = 1 << 20;
  c->max_upload = 64 << 20;
  c->hash_concurrency = 2;
  c->session_cache = 5;
}

const struct config_key *config_find(const char *name)
{
  char norm[64];
  size_t i;

  for (i = 0; name[i] && i < sizeof(norm) - 1; i++)
    norm[i] = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
  norm[i] = '\0';
  for (const struct config_key *k = config_keys; k->name; k++)
    if (strcmp(k->name, norm) == 0)
      return k;
  return NULL;
}

int config_set(struct config *c, const struct config_key *k, const char *value,
               char *err, size_t errsize)
{
  char *field = (char *)c + k->offset;
  int64_t v;

  switch (k->type) {
  case 's':
    if (!str_copy(field, k->size, value)) {
      snprintf(err, errsize, "%s: value longer than %zu characters", k->name,
               k->size - 1);
      return ERR_INPUT;
    }
    return 0;
  case 'i':
    if (!str_to_i64(value, 0, 1 << 30, &v)) {
      snprintf(err, errsize, "%s: expected a whole number, got \"%.40s\"",
               k->name, value);
      return ERR_INPUT;
    }
    *(int *)field = (int)v;
    return 0;
  case 'b':
    if (str_eq(value, "1") || str_eq(value, "true") || str_eq(value, "yes") ||
        str_eq(value, "on"))
      *(bool *)field = true;
    else if (str_eq(value, "0") || str_eq(value, "false") ||
             str_eq(value, "no") || str_eq(value, "off"))
      *(bool *)field = false;
    else {
      snprintf(err, errsize, "%s: expected true or false, got \"%.40s\"",
               k->name, value);
      return ERR_INPUT;
    }
    return 0;
  }
  return ERR_INTERNAL;
}

int config_load_file(struct config *c, const char *path, char *err,
                     size_t errsize)
{
  FILE *f = fopen(path, "r");
  char line[1024];
  int lineno = 0, rc = 0;

  if (!f) {
    snprintf(err, errsize, "cannot read config file %s", path);
    return ERR_IO;
  }
  while (fgets(line, sizeof(line), f)) {
    char *s = line, *eq, *hash;
    const struct config_key *k;
    char msg[256];

    lineno++;
    if ((hash = strchr(s, '#')))
      *hash = '\0';
    s = str_trim(s);
    if (!*s)
      continue;
    eq = strchr(s, '=');
    if (!eq) {
      snprintf(err, errsize, "%s:%d: expected \"key = value\"", path, lineno);
      rc = ERR_INPUT;
      break;
    }
    *eq = '\0';
    k = config_find(str_trim(s));
    if (!k) {
      snprintf(err, errsize, "%s:%d: unknown setting \"%.40s\"", path, lineno,
               str_trim(s));
      rc = ERR_INPUT;
      break;
    }
    if ((rc = config_set(c, k, str_trim(eq + 1), msg, sizeof(msg)))) {
      snprintf(err, errsize, "%s:%d: %s", path, lineno, msg);
      break;
    }
  }
  fclose(f);
  return rc;
}

int config_load_env(struct config *c, char *err, size_t errsize)
{
  for (const struct config_key *k = config_keys; k->name; k++) {
    char var[64] = "TANDEM_";
    const char *v;
    size_t n = strlen(var);

    for (const char *p = k->name; *p && n < sizeof(var) - 1; p++)
      var[n++] = (char)toupper((unsigned char)*p);
    var[n] = '\0';
    v = getenv(var);
    if (v) {
      char msg[256];
      int rc = config_set(c, k, v, msg, sizeof(msg));

      if (rc) {
        snprintf(err, errsize, "%s: %s", var, msg);
        return rc;
      }
    }
  }
  return 0;
}
