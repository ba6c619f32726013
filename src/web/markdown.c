/* web/markdown.c: cmark-gfm in safe mode; see markdown.h. */
#include "web/markdown.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/* Call fn on every heading of doc. */
static void each_heading(cmark_node *doc, void (*fn)(cmark_node *, int *),
                         int *arg)
{
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;

  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);

    if (ev == CMARK_EVENT_ENTER &&
        cmark_node_get_type(node) == CMARK_NODE_HEADING)
      fn(node, arg);
  }
  cmark_iter_free(it);
}

static void lowest(cmark_node *node, int *min)
{
  int level = cmark_node_get_heading_level(node);

  if (level < *min)
    *min = level;
}

static void shift(cmark_node *node, int *by)
{
  int level = cmark_node_get_heading_level(node) + *by;

  cmark_node_set_heading_level(node, level > 6 ? 6 : level);
}

void markdown_html(struct buf *out, const char *md)
{
  cmark_node *doc;
  char *html;
  int min = 7, by;

  if (!md || !*md)
    return;
  /* Not CMARK_OPT_UNSAFE: raw HTML becomes a comment and dangerous URLs
   * become empty. */
  doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
  if (!doc)
    return;
  /* The page has its h1; the description's top headings become h2 and
   * the rest follow in order, so no level is skipped. */
  each_heading(doc, lowest, &min);
  by = 2 - min;
  if (min <= 6 && by)
    each_heading(doc, shift, &by);
  html = cmark_render_html(doc, CMARK_OPT_DEFAULT, NULL);
  cmark_node_free(doc);
  if (html) {
    buf_puts(out, html);
    free(html);
  }
}
