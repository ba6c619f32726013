#include "base/err.h"

#include "base/str.h"

const char *err_str(int rc)
{
  switch (rc) {
  case ERR_OK: return "ok";
  case ERR_INPUT: return "invalid input";
  case ERR_NOTFOUND: return "not found";
  case ERR_PERM: return "not allowed";
  case ERR_CONFLICT: return "conflict";
  case ERR_DB: return "database error";
  case ERR_TOOBIG: return "too large";
  case ERR_IO: return "input/output error";
  case ERR_AUTH: return "not signed in";
  case ERR_LIMIT: return "too many attempts";
  case ERR_INTERNAL: return "internal error";
  }
  return "unknown error";
}

int err_set(struct err_detail *d, int rc, const char *field, const char *msg)
{
  if (d) {
    str_copy(d->field, sizeof(d->field), field);
    str_copy(d->msg, sizeof(d->msg), msg);
  }
  return rc;
}
