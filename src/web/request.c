#include "web/request.h"

#include "base/str.h"

#include <stdio.h>

#include <string.h>

const char *request_header(struct request *r, const char *name)
{
  return r->header_fn ? r->header_fn(r->conn, name) : NULL;
}

const char *request_param(struct request *r, int i)
{
  return i >= 0 && i < r->nparams ? r->params[i] : "";
}

int64_t request_param_id(struct request *r, int i)
{
  int64_t id;

  return str_to_i64(request_param(r, i), 1, INT64_MAX, &id) ? id : 0;
}

const char *form_value(struct request *r, const char *name)
{
  const char *v = kv_get(&r->form, name);

  return v ? v : "";
}

const char *query_value(struct request *r, const char *name)
{
  const char *v = kv_get(&r->query, name);

  return v ? v : "";
}

void response_header(struct request *r, const char *name, const char *value)
{
  if (r->nheaders < RESPONSE_HEADERS_MAX) {
    r->headers[r->nheaders].key = name;
    r->headers[r->nheaders].value = value;
    r->nheaders++;
  }
}

void response_cookie(struct request *r, const char *name, const char *value,
                     int max_age)
{
  char age[48] = "";

  if (max_age >= 0)
    snprintf(age, sizeof(age), "; Max-Age=%d", max_age);
  response_header(r, "Set-Cookie",
                  arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; "
                                          "SameSite=Lax%s%s",
                               name, value, age,
                               r->cfg->secure_cookies ? "; Secure" : ""));
}

int redirect(struct request *r, const char *location)
{
  r->status = 303;
  response_header(r, "Location", arena_strdup(&r->arena, location));
  buf_reset(&r->out);
  return 0;
}

bool is_api(const struct request *r)
{
  return r->path && str_starts(r->path, "/api/");
}

const char *request_csrf(struct request *r)
{
  if (!r->csrf[0]) {
    random_token(r->csrf);
    response_cookie(r, CSRF_COOKIE, arena_strdup(&r->arena, r->csrf), -1);
  }
  return r->csrf;
}
