/* tandem scheme: the scheme catalogue from the command line, for
 * administrators' scripts: list (--year, --json), show ID (--json), and
 * create from a type's defaults. */
#include "base/str.h"
#include "cli/commands.h"
#include "cli/db_open.h"
#include "domain/schemes.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LIST_PAGE = 200 };

static bool flag(const struct cli_cmd *cmd, const struct cli *c,
                 const char *name)
{
  return cli_opt(cmd, c, name) != NULL;
}

static int scheme_list_run(const struct cli_cmd *cmd, struct cli *c,
                           struct db *db)
{
  struct scheme_filter f = {0};
  struct scheme_brief *rows = calloc(LIST_PAGE, sizeof(*rows));
  const char *year = cli_opt(cmd, c, "year");
  bool json = flag(cmd, c, "json");
  json_t *all = json ? json_array() : NULL;
  int n, rc = 0;

  if (year && !str_copy(f.academic_year, sizeof(f.academic_year), year)) {
    fprintf(stderr, "tandem scheme list: --year is like 2026/27\n");
    free(rows);
    json_decref(all);
    return 2;
  }
  f.by_id = true;
  do {
    if ((rc = scheme_list_all(db, &f, 0, LIST_PAGE, rows, &n, NULL)))
      break;
    for (int i = 0; i < n; i++) {
      const struct scheme_brief *b = &rows[i];

      if (json)
        json_array_append_new(
            all, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
                           (json_int_t)b->id, "name", b->name, "type", b->type,
                           "academic_year", b->academic_year, "status",
                           b->status, "applications_open", b->applications_open,
                           "signups_open", b->signups_open));
      else
        printf("%-6lld %-8s %-10s %-14s %s\n", (long long)b->id,
               b->academic_year, b->status, b->type, b->name);
    }
    if (n)
      f.after_id = rows[n - 1].id;
  } while (n == LIST_PAGE);
  free(rows);
  if (rc) {
    json_decref(all);
    fprintf(stderr, "tandem scheme list: database error (see the log)\n");
    return 1;
  }
  if (json) {
    json_dumpf(all, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(all);
  }
  return 0;
}

static json_t *scheme_json(const struct scheme_row *s)
{
  json_t *o = json_pack(
      "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s,"
      " s:s, s:s, s:i, s:s, s:s, s:s}",
      "id", (json_int_t)s->id, "name", s->name, "type", s->type,
      "academic_year", s->academic_year, "status", s->status, "summary",
      s->summary, "owner_level", s->owner_level, "format", s->format,
      "group_size", s->group_size, "mode", s->mode, "contact", s->contact,
      "matching_mode", s->matching_mode, "mentor_capacity", s->mentor_capacity,
      "period", s->period, "starts_on", s->starts_on, "ends_on", s->ends_on);

  json_object_set_new(o, "paid", json_boolean(s->paid));
  json_object_set_new(o, "rate_pence", json_integer(s->rate_pence));
  json_object_set_new(o, "commitment", json_string(s->commitment));
  json_object_set_new(o, "applications_open",
                      json_boolean(s->applications_open));
  json_object_set_new(o, "signups_open", json_boolean(s->signups_open));
  json_object_set_new(o, "courses", json_integer(s->ncourses));
  json_object_set_new(o, "faculties", json_integer(s->nfaculties));
  return o;
}

static int scheme_show_run(const struct cli_cmd *cmd, struct cli *c,
                           struct db *db)
{
  static struct scheme_row s;
  int64_t id;
  int rc;

  if (c->npos != 2 || !str_to_i64(c->pos[1], 1, INT64_MAX, &id)) {
    fprintf(stderr, "usage: tandem scheme show ID [--json]\n");
    return 2;
  }
  rc = scheme_get(db, id, &s);
  if (rc == ERR_NOTFOUND) {
    fprintf(stderr, "tandem scheme show: no scheme with id %s\n", c->pos[1]);
    return 1;
  }
  if (rc) {
    fprintf(stderr, "tandem scheme show: database error (see the log)\n");
    return 1;
  }
  if (flag(cmd, c, "json")) {
    json_t *o = scheme_json(&s);

    json_dumpf(o, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(o);
    return 0;
  }
  printf("id:            %lld\nname:          %s\ntype:          %s (%s)\n"
         "academic year: %s\nstatus:        %s\ndates:         %s to %s\n"
         "format:        %s%s\nmode:          %s\nmatching:      %s\n"
         "capacity:      %d\npaid:          %s\napplications:  %s\n"
         "sign-ups:      %s\nserves:        %d courses, %d faculties\n",
         (long long)s.id, s.name, s.type, scheme_type_label(s.type),
         s.academic_year, s.status, s.starts_on, s.ends_on, s.format,
         strcmp(s.format, "group") == 0 ? " (groups)" : "", s.mode,
         s.matching_mode, s.mentor_capacity, s.paid ? "yes" : "no",
         s.applications_open ? "open" : "closed",
         s.signups_open ? "open" : "closed", s.ncourses, s.nfaculties);
  return 0;
}

static int scheme_create_run(const struct cli_cmd *cmd, struct cli *c,
                             struct db *db)
{
  static struct scheme_row s;
  struct err_detail why = {"", ""};
  const char *type = cli_opt(cmd, c, "type"), *name = cli_opt(cmd, c, "name");
  const char *year = cli_opt(cmd, c, "year");
  const char *starts = cli_opt(cmd, c, "starts");
  const char *ends = cli_opt(cmd, c, "ends");
  const char *sponsor = cli_opt(cmd, c, "sponsor");
  int64_t id;
  int rc;

  if (!type || !name || !year || c->npos != 1) {
    fprintf(stderr, "usage: tandem scheme create --type TYPE --name NAME "
                    "--year 2026/27 [--starts YYYY-MM-DD --ends YYYY-MM-DD]\n");
    return 2;
  }
  if (scheme_defaults(type, &s)) {
    fprintf(stderr,
            "tandem scheme create: unknown type \"%s\"; the types "
            "are:",
            type);
    for (int i = 0; scheme_type_at(i); i++)
      fprintf(stderr, " %s", scheme_type_at(i));
    fputc('\n', stderr);
    return 2;
  }
  str_copy(s.name, sizeof(s.name), name);
  str_copy(s.academic_year, sizeof(s.academic_year), year);
  /* Without dates, the academic year's usual span. */
  if (strlen(year) == 7) {
    snprintf(s.starts_on, sizeof(s.starts_on), "%.4s-09-01", year);
    snprintf(s.ends_on, sizeof(s.ends_on), "20%.2s-06-30", year + 5);
  }
  if (starts)
    str_copy(s.starts_on, sizeof(s.starts_on), starts);
  if (ends)
    str_copy(s.ends_on, sizeof(s.ends_on), ends);
  if (sponsor && !str_to_i64(sponsor, 1, INT64_MAX, &s.sponsor_staff_id)) {
    fprintf(stderr, "tandem scheme create: --sponsor is a staff id\n");
    return 2;
  }
  rc = scheme_create(db, 0, "cli", &s, &id, &why);
  if (rc) {
    fprintf(stderr, "tandem scheme create: %s%s%s\n",
            why.field[0] ? why.field : "", why.field[0] ? ": " : "",
            why.msg[0] ? why.msg : "database error (see the log)");
    return rc == ERR_INPUT ? 2 : 1;
  }
  printf("%lld\n", (long long)id);
  return 0;
}

static int run_scheme(const struct cli_cmd *cmd, int argc, char **argv)
{
  struct cli c;
  struct db *db;
  int rc;

  if ((rc = cli_parse(cmd, argc, argv, &c)))
    return rc == 1 ? 0 : rc;
  if (!c.npos || !(str_eq(c.pos[0], "list") || str_eq(c.pos[0], "show") ||
                   str_eq(c.pos[0], "create"))) {
    fprintf(stderr, "tandem scheme: say what to do: list, show or create\n"
                    "(see tandem scheme --help)\n");
    return 2;
  }
  if (!cli_setup(&c) || !(db = cli_open_db(&c.cfg, "scheme", NULL)))
    return 1;
  if (str_eq(c.pos[0], "list"))
    rc = scheme_list_run(cmd, &c, db);
  else if (str_eq(c.pos[0], "show"))
    rc = scheme_show_run(cmd, &c, db);
  else
    rc = scheme_create_run(cmd, &c, db);
  db_close(db);
  return rc;
}

const struct cli_cmd cmd_scheme_def = {
    .name = "scheme",
    .summary = "List, show and create schemes.\n\n"
               "  tandem scheme list [--year 2026/27] [--json]\n"
               "  tandem scheme show ID [--json]\n"
               "  tandem scheme create --type TYPE --name NAME --year 2026/27"
               "\n                      [--starts YYYY-MM-DD --ends "
               "YYYY-MM-DD] [--sponsor STAFF_ID]\n\n"
               "A new scheme takes its type's defaults and is a draft; the "
               "types are\npre_arrival, pastoral, it_support, pal, course, "
               "transition, placement,\ninternational, final_year, buddy "
               "and custom. create prints the new id.",
    .usage = "scheme list|show|create [options] [ID]",
    .opts = {{"year", true, "an academic year, like 2026/27"},
             {"json", false, "print JSON (list, show)"},
             {"type", true, "the type of scheme (create)"},
             {"name", true, "the scheme's name (create)"},
             {"starts", true, "the first day, YYYY-MM-DD (create)"},
             {"ends", true, "the last day, YYYY-MM-DD (create)"},
             {"sponsor", true,
              "the academic sponsor's staff id (create; "
              "PAL needs one)"}},
    .run = run_scheme,
};
