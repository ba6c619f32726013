/* err.h: the error codes every layer returns.
 *
 * Functions return 0 on success or a negative enum err. A user's mistake
 * (ERR_INPUT, ERR_NOTFOUND, ERR_PERM, ERR_CONFLICT, ERR_TOOBIG) becomes a 4xx
 * page or a problem document; anything else is logged and becomes a 500. */
#ifndef TANDEM_BASE_ERR_H
#define TANDEM_BASE_ERR_H

enum err {
  ERR_OK = 0,
  ERR_INPUT = -1,    /* the caller's input is invalid */
  ERR_NOTFOUND = -2, /* no such thing */
  ERR_PERM = -3,     /* not allowed for this user */
  ERR_CONFLICT = -4, /* violates a uniqueness, capacity or state rule */
  ERR_DB = -5,       /* the database failed */
  ERR_TOOBIG = -6,   /* input over a cap */
  ERR_IO = -7,       /* a file or socket failed */
  ERR_AUTH = -8,     /* not signed in, or wrong credentials */
  ERR_LIMIT = -9,    /* rate limited: try again later */
  ERR_INTERNAL = -10 /* a bug or an unexpected state */
};

/* err_str: a short English name for an error code; static storage. */
const char *err_str(int rc);

/* What was wrong with a user's input, for the page or problem document:
 * the form field it belongs to ("" for the whole form) and a sentence the
 * person can act on. Filled by err_set(). */
struct err_detail {
  char field[32];
  char msg[256];
};

/* err_set: fill d (if not NULL) and return rc, so a validator can say
 * `return err_set(why, ERR_INPUT, "email", "Enter an email address");`. */
int err_set(struct err_detail *d, int rc, const char *field, const char *msg);

#endif
