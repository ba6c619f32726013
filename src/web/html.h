/* web/html.h: writing HTML that cannot forget to escape.
 *
 * html_printf takes printf syntax (so -Wformat checks it) and HTML-escapes
 * every %s: Fossil's %h, made the default. Trusted markup enters only as a
 * string literal through H(). */
#ifndef TANDEM_WEB_HTML_H
#define TANDEM_WEB_HTML_H

#include "base/buf.h"

/* H: append a string literal, and nothing else, as markup. */
#define H(out, lit) buf_append((out), "" lit, sizeof(lit) - 1)

/* html_escape: append s with & < > " ' escaped. NULL appends nothing. */
void html_escape(struct buf *out, const char *s);
/* html_printf: printf into out, escaping every %s argument (and %c).
 * Supports the conversions d i u x X c s % with flags, width, precision
 * (including .*) and the length modifiers hh h l ll z j t. */
void html_printf(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* url_encode: append s percent-encoded for a query string value. */
void url_encode(struct buf *out, const char *s);

#endif
