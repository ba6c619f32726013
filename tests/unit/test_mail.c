/* Mail as the SMTP sender writes it: a plain message, and one with an
 * attachment as multipart/mixed (the text part as it was, the attachment
 * in base64 lines of at most 76 characters that decode to its bytes);
 * attachments whose name or type could break the headers are refused. */
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/mail.h"
#include "store/migrate.h"
#include "test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

enum { NOW = 1790000000 };

static struct outbox_row *message(void)
{
  struct outbox_row *m = calloc(1, sizeof(*m));

  m->id = 7;
  str_copy(m->to_addr, sizeof(m->to_addr), "amara@uni.ac.uk");
  str_copy(m->subject, sizeof(m->subject), "Booked: Safeguarding");
  str_copy(m->body, sizeof(m->body), "Hello Amara,\n\nYour place is booked.\n");
  return m;
}

static void test_plain_message_has_one_part(void **state)
{
  struct outbox_row *m = message();
  struct buf b;

  (void)state;
  buf_init(&b, 1 << 16);
  mail_compose(&b, "mentoring@uni.ac.uk", m, NOW);
  assert_non_null(strstr(buf_cstr(&b), "Subject: Booked: Safeguarding\r\n"));
  assert_non_null(strstr(buf_cstr(&b), "Content-Type: text/plain; "
                                       "charset=utf-8\r\n"));
  assert_null(strstr(buf_cstr(&b), "multipart"));
  assert_non_null(strstr(buf_cstr(&b), "\r\n\r\nHello Amara,\r\n\r\nYour "));
  buf_free(&b);
  free(m);
}

static void test_attachment_is_multipart_base64(void **state)
{
  struct outbox_row *m = message();
  const char *text, *p, *end;
  char boundary[64], *ics;
  unsigned char decoded[OUTBOX_ATTACHMENT_MAX];
  size_t len;
  struct buf b, body;

  (void)state;
  assert_int_equal(sodium_init() < 0, 0);
  str_copy(m->attachment_name, sizeof(m->attachment_name), "session.ics");
  str_copy(m->attachment_type, sizeof(m->attachment_type), "text/calendar");
  /* Long enough for several base64 lines. */
  buf_init(&body, sizeof(m->attachment));
  buf_puts(&body, "BEGIN:VCALENDAR\r\n");
  for (int i = 0; i < 20; i++)
    buf_printf(&body, "X-LINE-%d:some text to fill the line\r\n", i);
  buf_puts(&body, "END:VCALENDAR\r\n");
  str_copy(m->attachment, sizeof(m->attachment), buf_cstr(&body));
  buf_init(&b, 1 << 16);
  mail_compose(&b, "mentoring@uni.ac.uk", m, NOW);
  text = buf_cstr(&b);

  p = strstr(text, "Content-Type: multipart/mixed; boundary=\"");
  assert_non_null(p);
  p += strlen("Content-Type: multipart/mixed; boundary=\"");
  end = strchr(p, '"');
  assert_non_null(end);
  snprintf(boundary, sizeof(boundary), "--%.*s", (int)(end - p), p);
  /* The text part, then the attachment, then the closing boundary. */
  p = strstr(end, boundary);
  assert_non_null(p);
  assert_non_null(strstr(p, "Content-Type: text/plain; charset=utf-8\r\n"));
  assert_non_null(strstr(p, "Your place is booked.\r\n"));
  p = strstr(p + strlen(boundary), boundary);
  assert_non_null(p);
  assert_non_null(strstr(p, "Content-Type: text/calendar; charset=utf-8\r\n"));
  assert_non_null(strstr(p, "Content-Disposition: attachment; "
                            "filename=\"session.ics\"\r\n"));
  p = strstr(p, "Content-Transfer-Encoding: base64\r\n\r\n");
  assert_non_null(p);
  p += strlen("Content-Transfer-Encoding: base64\r\n\r\n");
  end = strstr(p, boundary);
  assert_non_null(end);
  assert_non_null(strstr(end, "--\r\n"));
  /* Lines of at most 76 characters that decode to the attachment. */
  for (const char *q = p; q < end;) {
    const char *nl = strstr(q, "\r\n");

    assert_true(nl - q <= 76);
    q = nl + 2;
  }
  ics = strndup(p, (size_t)(end - p));
  assert_int_equal(sodium_base642bin(decoded, sizeof(decoded), ics,
                                     strlen(ics), "\r\n", &len, NULL,
                                     sodium_base64_VARIANT_ORIGINAL),
                   0);
  assert_int_equal(len, strlen(m->attachment));
  assert_memory_equal(decoded, m->attachment, len);
  free(ics);
  buf_free(&b);
  buf_free(&body);
  free(m);
}

static void test_header_breaking_attachments_refused(void **state)
{
  struct db *db = test_db_open();
  struct mail_attachment ok = {"session.ics", "text/calendar", "BEGIN"};
  struct mail_attachment quote = {"a\".ics", "text/calendar", "BEGIN"};
  struct mail_attachment slash = {"../x.ics", "text/calendar", "BEGIN"};
  struct mail_attachment crlf = {"x.ics", "text/calendar\r\nBcc: x@y",
                                 "BEGIN"};
  struct outbox_row *rows = calloc(2, sizeof(*rows));
  int64_t total;
  int n;

  (void)state;
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(mail_queue_attached(db, "a@uni.ac.uk", "S", "B", &quote),
                   ERR_INPUT);
  assert_int_equal(mail_queue_attached(db, "a@uni.ac.uk", "S", "B", &slash),
                   ERR_INPUT);
  assert_int_equal(mail_queue_attached(db, "a@uni.ac.uk", "S", "B", &crlf),
                   ERR_INPUT);
  assert_int_equal(mail_queue_attached(db, "a@uni.ac.uk", "S", "B", &ok), 0);
  assert_int_equal(mail_queue(db, "a@uni.ac.uk", "Plain", "B"), 0);
  assert_int_equal(store_outbox_list(db, "", 0, 2, rows, &n, &total), 0);
  assert_int_equal(n, 2);
  assert_string_equal(rows[0].attachment_name, "");
  assert_string_equal(rows[1].attachment_name, "session.ics");
  assert_string_equal(rows[1].attachment, "BEGIN");
  free(rows);
  test_db_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_message_has_one_part),
      cmocka_unit_test(test_attachment_is_multipart_base64),
      cmocka_unit_test(test_header_breaking_attachments_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
