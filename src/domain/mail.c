#include "domain/mail.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SEND_LEASE = 120, SEND_MAX_ATTEMPTS = 5 };

int mail_queue(struct db *db, const char *to, const char *subject,
               const char *body)
{
  return mail_queue_attached(db, to, subject, body, NULL);
}

int mail_queue_attached(struct db *db, const char *to, const char *subject,
                        const char *body, const struct mail_attachment *att)
{
  if (strpbrk(to, "\r\n") || strpbrk(subject, "\r\n"))
    return ERR_INPUT;
  if (strlen(body) >= OUTBOX_BODY_MAX)
    return ERR_TOOBIG;
  if (!att)
    return store_outbox_add(db, to, subject, body, NULL, NULL, NULL,
                            clock_now(), NULL);
  /* The name goes inside a quoted header parameter, the type is a header
   * value: neither may end the header or the quotes. */
  if (!att->name[0] || strpbrk(att->name, "\"\\/\r\n") ||
      strlen(att->name) >= sizeof(((struct outbox_row *)0)->attachment_name) ||
      !att->type[0] || strpbrk(att->type, "\r\n") ||
      strlen(att->type) >= sizeof(((struct outbox_row *)0)->attachment_type))
    return ERR_INPUT;
  if (strlen(att->data) >= OUTBOX_ATTACHMENT_MAX)
    return ERR_TOOBIG;
  return store_outbox_add(db, to, subject, body, att->name, att->type,
                          att->data, clock_now(), NULL);
}

int mail_list(struct db *db, const char *to_filter, int offset, int limit,
              struct outbox_row *rows, int *n, int64_t *total)
{
  return store_outbox_list(db, to_filter ? to_filter : "", offset, limit,
                           rows, n, total);
}

struct upload {
  const char *data;
  size_t left;
};

static size_t read_payload(char *ptr, size_t size, size_t nmemb, void *ud)
{
  struct upload *u = ud;
  size_t n = size * nmemb < u->left ? size * nmemb : u->left;

  memcpy(ptr, u->data, n);
  u->data += n;
  u->left -= n;
  return n;
}

/* Text with bare LF line ends turned into CRLF. */
static void crlf_text(struct buf *b, const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p == '\n' && (p == text || p[-1] != '\r'))
      buf_putc(b, '\r');
    buf_putc(b, *p);
  }
}

/* bytes as base64 in lines of 76 characters (RFC 2045), each ended by
 * CRLF. */
static void base64_lines(struct buf *b, const char *bytes, size_t n)
{
  enum { IN = 57 }; /* 57 bytes make 76 characters */
  char line[80];

  for (size_t at = 0; at < n; at += IN) {
    size_t k = n - at < IN ? n - at : IN;

    sodium_bin2base64(line, sizeof(line), (const unsigned char *)bytes + at,
                      k, sodium_base64_VARIANT_ORIGINAL);
    buf_puts(b, line);
    buf_puts(b, "\r\n");
  }
}

void mail_compose(struct buf *b, const char *from, const struct outbox_row *m,
                  int64_t now)
{
  char date[64], boundary[48];
  time_t t = (time_t)now;
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  buf_printf(b,
             "Date: %s\r\nFrom: Tandem <%s>\r\nTo: <%s>\r\nSubject: %s\r\n"
             "Message-ID: <outbox-%lld@tandem>\r\nMIME-Version: 1.0\r\n",
             date, from, m->to_addr, m->subject, (long long)m->id);
  if (!m->attachment_name[0]) {
    buf_puts(b, "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n");
    crlf_text(b, m->body);
    buf_puts(b, "\r\n");
    return;
  }
  /* Random, so that no line of the text part can be the boundary; "=_"
   * cannot occur in base64 either. */
  {
    unsigned char r[12];
    char hex[25];

    randombytes_buf(r, sizeof(r));
    sodium_bin2hex(hex, sizeof(hex), r, sizeof(r));
    snprintf(boundary, sizeof(boundary), "=_tandem_%s", hex);
  }
  buf_printf(b,
             "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
             "This is a message in several parts.\r\n"
             "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\n\r\n",
             boundary, boundary);
  crlf_text(b, m->body);
  buf_printf(b,
             "\r\n--%s\r\nContent-Type: %s%s\r\n"
             "Content-Disposition: attachment; filename=\"%s\"\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n",
             boundary, m->attachment_type,
             str_starts(m->attachment_type, "text/") &&
                     !strstr(m->attachment_type, "charset=")
                 ? "; charset=utf-8"
                 : "",
             m->attachment_name);
  base64_lines(b, m->attachment, strlen(m->attachment));
  buf_printf(b, "--%s--\r\n", boundary);
}

static int send_one(const struct config *cfg, const struct outbox_row *m,
                    char *err, size_t errsize)
{
  CURL *curl = curl_easy_init();
  struct curl_slist *rcpt = NULL;
  struct buf msg;
  struct upload up;
  char to[300];
  CURLcode res;

  if (!curl) {
    str_copy(err, errsize, "cannot start libcurl");
    return ERR_INTERNAL;
  }
  buf_init(&msg, OUTBOX_BODY_MAX * 2 + OUTBOX_ATTACHMENT_MAX * 2 + 4096);
  mail_compose(&msg, cfg->mail_from, m, (int64_t)time(NULL));
  up.data = buf_cstr(&msg);
  up.left = msg.len;
  snprintf(to, sizeof(to), "<%s>", m->to_addr);
  rcpt = curl_slist_append(rcpt, to);
  curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, cfg->mail_from);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  res = curl_easy_perform(curl);
  if (res != CURLE_OK)
    str_copy(err, errsize, curl_easy_strerror(res));
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  buf_free(&msg);
  return res == CURLE_OK ? 0 : ERR_IO;
}

int mail_send_pending(struct db *db, const struct config *cfg, int max,
                      int *sent)
{
  struct outbox_row *m;
  int rc = 0;

  *sent = 0;
  if (!cfg->smtp[0])
    return 0;
  m = xmalloc(sizeof(*m));
  for (int i = 0; i < max; i++) {
    char err[256] = "";

    rc = store_outbox_claim(db, clock_now(), SEND_LEASE, SEND_MAX_ATTEMPTS,
                            m);
    if (rc)
      break;
    if (send_one(cfg, m, err, sizeof(err)) == 0) {
      rc = store_outbox_sent(db, m->id, clock_now());
      (*sent)++;
      log_info("mail=%lld to=%s sent", (long long)m->id, m->to_addr);
    } else {
      rc = store_outbox_failed(db, m->id, err);
      log_warn("mail=%lld to=%s attempt=%d error=\"%s\"", (long long)m->id,
               m->to_addr, m->attempts, err);
    }
    if (rc)
      break;
  }
  free(m);
  return rc == ERR_NOTFOUND ? 0 : rc;
}
