/* web/form.h: decoders for what a browser sends: percent-encoding,
 * application/x-www-form-urlencoded bodies and query strings, and the
 * Cookie header. Pure functions over bytes, so the fuzzer can drive them.
 * Every result lives in the request's arena. */
#ifndef TANDEM_WEB_FORM_H
#define TANDEM_WEB_FORM_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

enum {
  FORM_FIELDS_MAX = 256,      /* fields in one form or query */
  FORM_KEY_MAX = 128,         /* bytes in a field's name */
  FORM_VALUE_MAX = 64 * 1024, /* bytes in one field's value */
  COOKIES_MAX = 32,
};

struct kv {
  const char *key, *value;
};

struct kvlist {
  struct kv *items;
  int n, cap;
};

/* kv_add: append a pair (both copied into the arena); false when the list
 * is full (FORM_FIELDS_MAX). */
bool kv_add(struct arena *a, struct kvlist *l, const char *key,
            size_t keylen, const char *value, size_t valuelen);
/* kv_get: the first value for key, or NULL. */
const char *kv_get(const struct kvlist *l, const char *key);
/* kv_count: how many values key has (for repeated checkboxes). */
int kv_count(const struct kvlist *l, const char *key);
/* kv_nth: the i-th value of key (0-based), or NULL. */
const char *kv_nth(const struct kvlist *l, const char *key, int i);

/* url_decode: percent-decode src (len bytes) into a new arena string;
 * plus_space turns '+' into ' ' (forms). Returns NULL for a malformed
 * escape or an encoded NUL; *outlen (may be NULL) gets the length. */
char *url_decode(struct arena *a, const char *src, size_t len,
                 bool plus_space, size_t *outlen);

enum form_status {
  FORM_OK = 0,
  FORM_BAD_ENCODING, /* a malformed %-escape, a NUL, or invalid UTF-8 */
  FORM_TOO_MANY,     /* more than FORM_FIELDS_MAX fields */
  FORM_TOO_LONG,     /* a name or value over its cap */
};

/* form_parse: decode an urlencoded body or query string of len bytes into
 * out (appending). Stops at the first problem and says which. */
enum form_status form_parse(struct arena *a, const char *src, size_t len,
                            struct kvlist *out);
/* form_status_message: a sentence for a person about a form_status. */
const char *form_status_message(enum form_status s);

/* cookie_parse: split a Cookie header into name/value pairs (values are
 * not decoded; surrounding quotes are dropped). Malformed pieces are
 * skipped, as browsers do. */
void cookie_parse(struct arena *a, const char *header, struct kvlist *out);

#endif
