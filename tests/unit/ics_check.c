/* ics_check: read an iCalendar file on standard input, parse it back with
 * libical and check it (libical's parse errors and its RFC 5545
 * restrictions); print what it holds as JSON ({"errors": [...], "events":
 * [{uid, summary, location, description, url, start, end, sequence,
 * status}]}) and exit 0 when it has no errors, 1 otherwise. For the HTTP
 * tests of the calendar feed and the booking mails. */
#include <jansson.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(FILE *in)
{
  size_t len = 0, cap = 1 << 16;
  char *s = malloc(cap);
  size_t n;

  while (s && (n = fread(s + len, 1, cap - len - 1, in)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *more = realloc(s, cap * 2);

      if (!more) {
        free(s);
        return NULL;
      }
      s = more;
      cap *= 2;
    }
  }
  if (s)
    s[len] = '\0';
  return s;
}

static json_t *text_of(icalcomponent *c, icalproperty_kind kind)
{
  icalproperty *p = icalcomponent_get_first_property(c, kind);
  icalvalue *value = p ? icalproperty_get_value(p) : NULL;
  const char *v = NULL;

  /* Text as it was written, unescaped; anything else as libical shows it. */
  if (value && icalvalue_isa(value) == ICAL_TEXT_VALUE)
    v = icalvalue_get_text(value);
  else if (p)
    v = icalproperty_get_value_as_string(p);

  return v ? json_string(v) : json_null();
}

/* Every X-LIC-ERROR property of c and its children, into errors. */
static void collect_errors(icalcomponent *c, json_t *errors)
{
  for (icalproperty *p =
           icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
       p; p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
    json_array_append_new(errors, json_string(icalproperty_get_xlicerror(p)));
  for (icalcomponent *k =
           icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
       k; k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    collect_errors(k, errors);
}

int main(void)
{
  char *text = read_all(stdin);
  json_t *errors = json_array(), *events = json_array(), *doc;
  icalcomponent *cal = text ? icalparser_parse_string(text) : NULL;
  int bad;

  if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
    json_array_append_new(errors, json_string("not a VCALENDAR"));
  } else {
    if (!icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY) ||
        !icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY))
      json_array_append_new(errors, json_string("no VERSION or PRODID"));
    icalrestriction_check(cal);
    collect_errors(cal, errors);
    for (icalcomponent *e =
             icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         e; e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
      icalproperty *seq =
          icalcomponent_get_first_property(e, ICAL_SEQUENCE_PROPERTY);

      if (!icalcomponent_get_first_property(e, ICAL_UID_PROPERTY) ||
          !icalcomponent_get_first_property(e, ICAL_DTSTAMP_PROPERTY) ||
          !icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY))
        json_array_append_new(errors,
                              json_string("a VEVENT lacks UID, DTSTAMP or "
                                          "DTSTART"));
      json_array_append_new(
          events,
          json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:i, s:o}", "uid",
                    text_of(e, ICAL_UID_PROPERTY), "summary",
                    text_of(e, ICAL_SUMMARY_PROPERTY), "location",
                    text_of(e, ICAL_LOCATION_PROPERTY), "description",
                    text_of(e, ICAL_DESCRIPTION_PROPERTY), "url",
                    text_of(e, ICAL_URL_PROPERTY), "start",
                    (json_int_t)icaltime_as_timet(
                        icalcomponent_get_dtstart(e)),
                    "end",
                    (json_int_t)icaltime_as_timet(icalcomponent_get_dtend(e)),
                    "sequence", seq ? icalproperty_get_sequence(seq) : 0,
                    "status", text_of(e, ICAL_STATUS_PROPERTY)));
    }
  }
  bad = json_array_size(errors) > 0;
  doc = json_pack("{s:o, s:o}", "errors", errors, "events", events);
  json_dumpf(doc, stdout, JSON_COMPACT);
  putchar('\n');
  json_decref(doc);
  if (cal)
    icalcomponent_free(cal);
  free(text);
  return bad ? 1 : 0;
}
