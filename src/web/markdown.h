/* web/markdown.h: markdown that people write (a scheme's description),
 * rendered to HTML by cmark-gfm in its safe mode: raw HTML is dropped and
 * links or images with unsafe schemes (javascript:, vbscript:, file:,
 * data: other than images) lose their address. The result is the one
 * runtime markup a page may append without escaping. */
#ifndef TANDEM_WEB_MARKDOWN_H
#define TANDEM_WEB_MARKDOWN_H

#include "base/buf.h"

/* markdown_html: append the safe HTML of md (NUL-terminated, NULL as
 * empty) to out. Headings are renumbered so that the description's top
 * level is <h2>, under the page's own h1, with no level skipped. */
void markdown_html(struct buf *out, const char *md);

#endif
