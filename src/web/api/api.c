/* web/api/api.c: the pieces every /api/v1 resource shares. */
#include "web/api/api.h"

#include "base/str.h"
#include "web/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *problem_title(int status)
{
  switch (status) {
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 409: return "Conflict";
  case 413: return "Content Too Large";
  case 415: return "Unsupported Media Type";
  case 422: return "Unprocessable Content";
  default: return "Internal Server Error";
  }
}

int api_send(struct request *r, int status, json_t *doc)
{
  char *text = json_dumps(doc, JSON_COMPACT);
  int rc;

  json_decref(doc);
  if (!text)
    return ERR_INTERNAL;
  buf_reset(&r->out);
  if (status)
    r->status = status;
  rc = json_send(r, text);
  free(text);
  return rc;
}

int api_problem(struct request *r, int status, const char *detail,
                json_t *errors)
{
  json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank",
                        "title", problem_title(status), "status", status,
                        "detail", detail);

  if (errors)
    json_object_set_new(p, "errors", errors);
  api_send(r, status, p);
  r->content_type = "application/problem+json";
  return 0;
}

int api_invalid(struct request *r, int rc, const struct err_detail *why)
{
  json_t *errors;

  if (rc == ERR_CONFLICT)
    return api_problem(r, 409,
                       why->msg[0] ? why->msg
                                   : "That conflicts with another record.",
                       NULL);
  if (rc != ERR_INPUT)
    return rc;
  errors = json_pack("[{s:s, s:s}]", "field", why->field, "detail", why->msg);
  return api_problem(r, 422, why->msg, errors);
}

bool api_page(struct request *r, int *limit, int64_t *after)
{
  const char *l = query_value(r, "limit"), *c = query_value(r, "cursor");
  int64_t v;

  *limit = API_LIMIT_DEFAULT;
  *after = 0;
  if (*l) {
    if (!str_to_i64(l, 1, API_LIMIT_MAX, &v)) {
      api_problem(r, 400, "limit is a number from 1 to 200.",
                  json_pack("[{s:s, s:s}]", "field", "limit", "detail",
                            "A number from 1 to 200."));
      return false;
    }
    *limit = (int)v;
  }
  if (*c) {
    if (!str_to_i64(c, 1, INT64_MAX, &v)) {
      api_problem(r, 400, "cursor is the next_cursor of the previous page.",
                  json_pack("[{s:s, s:s}]", "field", "cursor", "detail",
                            "Pass next_cursor as it came."));
      return false;
    }
    *after = v;
  }
  return true;
}

json_t *api_list(json_t *items, int64_t next)
{
  char cur[24];

  if (!next)
    return json_pack("{s:o, s:n}", "items", items, "next_cursor");
  snprintf(cur, sizeof(cur), "%lld", (long long)next);
  return json_pack("{s:o, s:s}", "items", items, "next_cursor", cur);
}

/* ------------------------------------------------------------ JSON input */

bool api_in_begin(struct request *r, struct api_in *in)
{
  const char *ct = request_header(r, "Content-Type");
  json_error_t e;

  memset(in, 0, sizeof(*in));
  if (!ct || strncmp(ct, "application/json", 16) != 0) {
    api_problem(r, 415, "Send the body as JSON with \"Content-Type: "
                        "application/json\".", NULL);
    return false;
  }
  in->obj = json_loadb(r->body ? r->body : "", r->body_len,
                       JSON_REJECT_DUPLICATES, &e);
  if (!in->obj) {
    json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:i, s:i, s:i}", "type",
                          "about:blank", "title", "Bad Request", "status",
                          400, "detail", e.text, "line", e.line, "column",
                          e.column, "position", e.position);

    api_send(r, 400, p);
    r->content_type = "application/problem+json";
    return false;
  }
  if (!json_is_object(in->obj)) {
    json_decref(in->obj);
    in->obj = NULL;
    api_problem(r, 400, "The body must be a JSON object.", NULL);
    return false;
  }
  in->errors = json_array();
  return true;
}

void api_in_fail(struct api_in *in, const char *key, const char *detail)
{
  json_array_append_new(in->errors, json_pack("{s:s, s:s}", "field", key,
                                              "detail", detail));
}

bool api_in_has(struct api_in *in, const char *key)
{
  if (!json_object_get(in->obj, key))
    return false;
  if (in->nseen < (int)(sizeof(in->seen) / sizeof(in->seen[0])))
    in->seen[in->nseen++] = key;
  return true;
}

void api_in_str(struct api_in *in, const char *key, char *dst, size_t n)
{
  json_t *v = json_object_get(in->obj, key);

  if (!api_in_has(in, key))
    return;
  if (json_is_null(v)) {
    dst[0] = '\0';
  } else if (!json_is_string(v)) {
    api_in_fail(in, key, "Must be a string.");
  } else if (json_string_length(v) >= n ||
             strlen(json_string_value(v)) != json_string_length(v)) {
    api_in_fail(in, key, "Too long, or contains a NUL character.");
  } else {
    str_copy(dst, n, json_string_value(v));
  }
}

void api_in_int(struct api_in *in, const char *key, int64_t min, int64_t max,
                int *dst)
{
  json_t *v = json_object_get(in->obj, key);

  if (!api_in_has(in, key))
    return;
  if (!json_is_integer(v) || json_integer_value(v) < min ||
      json_integer_value(v) > max) {
    char msg[80];

    snprintf(msg, sizeof(msg), "Must be a whole number from %lld to %lld.",
             (long long)min, (long long)max);
    api_in_fail(in, key, msg);
    return;
  }
  *dst = (int)json_integer_value(v);
}

void api_in_bool(struct api_in *in, const char *key, bool *dst)
{
  json_t *v = json_object_get(in->obj, key);

  if (!api_in_has(in, key))
    return;
  if (!json_is_boolean(v))
    api_in_fail(in, key, "Must be true or false.");
  else
    *dst = json_is_true(v);
}

void api_in_free(struct api_in *in)
{
  json_decref(in->obj);
  json_decref(in->errors);
  in->obj = in->errors = NULL;
}

bool api_in_done(struct request *r, struct api_in *in)
{
  const char *key;
  json_t *v;

  json_object_foreach(in->obj, key, v)
  {
    bool known = false;

    for (int i = 0; i < in->nseen && !known; i++)
      known = strcmp(in->seen[i], key) == 0;
    if (!known)
      api_in_fail(in, key, "Unknown or read-only field.");
  }
  if (json_array_size(in->errors)) {
    json_t *first = json_array_get(in->errors, 0);

    char detail[320];

    snprintf(detail, sizeof(detail), "%s: %s",
             json_string_value(json_object_get(first, "field")),
             json_string_value(json_object_get(first, "detail")));
    api_problem(r, 422, detail, json_incref(in->errors));
    api_in_free(in);
    return false;
  }
  api_in_free(in);
  return true;
}
