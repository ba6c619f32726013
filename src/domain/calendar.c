/* domain/calendar.c: the iCalendar writer and the feed tokens of
 * domain/calendar.h. */
#include "domain/calendar.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "domain/audit.h"
#include "store/calendar.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- writing */

static struct icaltimetype utc(int64_t t)
{
  return icaltime_from_timet_with_zone((time_t)t, 0,
                                       icaltimezone_get_utc_timezone());
}

/* Add a text property made by make unless value is empty. */
static void add_text(icalcomponent *c, icalproperty *(*make)(const char *),
                     const char *value)
{
  if (value && value[0])
    icalcomponent_add_property(c, make(value));
}

static icalcomponent *vevent(const struct calendar_event *e, int64_t stamp)
{
  icalcomponent *v = icalcomponent_new_vevent();

  icalcomponent_add_property(v, icalproperty_new_uid(e->uid));
  icalcomponent_add_property(v, icalproperty_new_dtstamp(utc(stamp)));
  icalcomponent_add_property(v, icalproperty_new_dtstart(utc(e->starts_at)));
  icalcomponent_add_property(
      v, icalproperty_new_dtend(utc(e->starts_at + (int64_t)e->minutes * 60)));
  icalcomponent_add_property(v, icalproperty_new_sequence(e->sequence));
  icalcomponent_add_property(
      v, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED
                                              : ICAL_STATUS_CONFIRMED));
  add_text(v, icalproperty_new_summary, e->summary);
  add_text(v, icalproperty_new_location, e->location);
  add_text(v, icalproperty_new_description, e->description);
  add_text(v, icalproperty_new_url, e->url);
  return v;
}

int calendar_write(const char *name, const struct calendar_event *ev, int n,
                   int64_t stamp, struct buf *out)
{
  icalcomponent *cal = icalcomponent_new_vcalendar();
  icalproperty *title;
  char *text;
  int rc = 0;

  if (!cal)
    return ERR_INTERNAL;
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(
      cal, icalproperty_new_prodid("-//Tandem//Peer mentoring//EN"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  /* No METHOD: a file to add to a calendar, not an iTIP message (which
   * would need an ORGANIZER and replies). */
  if (name && name[0]) {
    title = icalproperty_new_x(name);
    icalproperty_set_x_name(title, "X-WR-CALNAME");
    icalcomponent_add_property(cal, title);
  }
  for (int i = 0; i < n; i++)
    icalcomponent_add_component(cal, vevent(&ev[i], stamp));
  text = icalcomponent_as_ical_string_r(cal);
  if (!text) {
    log_error("msg=\"libical could not write a calendar\" error=\"%s\"",
              icalerror_strerror(icalerrno));
    rc = ERR_INTERNAL;
  } else {
    buf_puts(out, text);
    if (buf_failed(out))
      rc = ERR_TOOBIG;
    free(text);
  }
  icalcomponent_free(cal);
  return rc;
}

/* ------------------------------------------------------------------ feeds */

int calendar_feed_create(struct db *db, int64_t user_id, const char *ip,
                         char *token)
{
  char hash[65];
  int rc;

  random_token(token);
  token_hash(token, hash);
  if ((rc = db_begin(db)))
    return rc;
  rc = store_calendar_feed_set(db, user_id, hash, clock_now());
  if (!rc)
    rc = audit_record(db, user_id, "calendar.feed.create", NULL, NULL, ip);
  if (rc) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
}

int calendar_feed_revoke(struct db *db, int64_t user_id, const char *ip)
{
  int rc = store_calendar_feed_delete(db, user_id);

  if (!rc)
    audit_record(db, user_id, "calendar.feed.revoke", NULL, NULL, ip);
  return rc;
}

int calendar_feed_user(struct db *db, const char *token, int64_t *user_id)
{
  char hash[65];

  /* Only what random_token makes: the hash look-up is the secret's check,
   * so a malformed token needs no query. */
  if (strlen(token) != TOKEN_LEN ||
      strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789-_") != TOKEN_LEN)
    return ERR_NOTFOUND;
  token_hash(token, hash);
  return store_calendar_feed_by_hash(db, hash, user_id);
}

int calendar_feed_created(struct db *db, int64_t user_id, int64_t *at)
{
  return store_calendar_feed_get(db, user_id, at);
}
