/* web/http.h: the HTTP server (libmicrohttpd, epoll, a thread pool). */
#ifndef TANDEM_WEB_HTTP_H
#define TANDEM_WEB_HTTP_H

#include "base/config.h"

#include <stdbool.h>

enum {
  HTTP_URL_MAX = 2048,         /* bytes in a request's path and query */
  HTTP_HEADERS_MAX = 16 * 1024, /* bytes of headers per connection */
};

struct http_server;

/* http_start: listen on cfg->bind:cfg->port with cfg->threads workers
 * (0: two per core). cfg must outlive the server. ERR_IO with a message
 * if the address cannot be used. */
int http_start(const struct config *cfg, struct http_server **out, char *err,
               size_t errsize);
/* http_port: the port actually bound (for --port 0). */
int http_port(struct http_server *s);
/* http_stop: stop accepting connections, let requests in flight finish
 * (waiting at most grace_ms), then close everything and free s. */
void http_stop(struct http_server *s, int grace_ms);

#endif
