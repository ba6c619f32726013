/* web/layout.h: the frame every page shares (skip link, role-aware
 * navigation, the "Page – Tandem" title), error pages and problem
 * documents, and the form pieces that keep a person's input and show
 * what was wrong (the GOV.UK pattern). */
#ifndef TANDEM_WEB_LAYOUT_H
#define TANDEM_WEB_LAYOUT_H

#include "base/err.h"
#include "web/html.h"
#include "web/request.h"

/* page_begin: start an HTML page titled "title – Tandem". */
void page_begin(struct request *r, const char *title);
/* page_end: close the page; 0, or ERR_TOOBIG if it passed its cap. */
int page_end(struct request *r);

/* http_fail: replace the response with an error page (or, under /api/, an
 * RFC 9457 problem document) for status. message NULL gives the
 * standard sentence for the status, which never leaks internals. 0. */
int http_fail(struct request *r, int status, const char *message);
/* json_send: send a JSON text (status 200 unless set). 0. */
int json_send(struct request *r, const char *json);

/* form_begin: <form method="post" action="action"> with the CSRF token. */
void form_begin(struct request *r, const char *action);
/* error_summary: "There is a problem" box linking to the field; nothing
 * when why is NULL or has no message. */
void error_summary(struct request *r, const struct err_detail *why);

/* A labelled input that keeps value and shows why's message when it
 * belongs to this field. type is "text", "email", "password"...;
 * autocomplete may be NULL; hint may be NULL. */
struct field {
  const char *name, *label, *type, *value, *autocomplete, *hint;
  bool required;
};
void field_input(struct request *r, const struct field *f,
                 const struct err_detail *why);

/* plural: one when n is 1, else many ("1 message", "2 messages"). */
static inline const char *plural(int64_t n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* table_begin: a data table inside a region that scrolls sideways on a
 * narrow screen (so the page itself never does), captioned for screen
 * readers. Close it with table_end(). */
void table_begin(struct request *r, const char *caption);
void table_end(struct request *r);

/* pager: previous/next links for a list of total items shown page_size at
 * a time; base is the address the links point to ("/admin/audit", or with
 * a query: "/admin/audit?action=signin"); it is escaped here. */
void pager(struct request *r, const char *base, int page, int page_size,
           int64_t total);
/* page_number: the "page" query value as a number >= 1. */
int page_number(struct request *r);

#endif
