/* web/pages/import.c: coordinators upload a CSV from the student record
 * system (every bad row listed, nothing kept until the file is right),
 * download the templates, and export the people list as CSV or Excel. */
#include "base/mem.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/import.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people_filter.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum {
  EXPORT_BODY_MAX = 256 << 20, /* an export of the whole university */
  EXPORT_ROWS_MAX = 500000,
};

static const enum import_kind kinds[] = {IMPORT_STUDENTS, IMPORT_STAFF,
                                         IMPORT_COURSES, IMPORT_FACULTIES};

/* ------------------------------------------------------------ the upload */

static void upload_form(struct request *r, enum import_kind chosen,
                        const struct err_detail *why)
{
  bool file_bad = why && strcmp(why->field, "file") == 0;

  html_printf(&r->out,
              "<form method=\"post\" action=\"/people/import\" "
              "enctype=\"multipart/form-data\" novalidate>"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
              request_csrf(r));
  H(&r->out, "<fieldset>\n<legend>What the file holds</legend>\n");
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
    const char *name = import_kind_name(kinds[i]);

    html_printf(&r->out,
                "<div class=\"choice\"><input type=\"radio\" name=\"kind\" "
                "id=\"kind-%s\" value=\"%s\"%s>"
                "<label for=\"kind-%s\">%s</label></div>\n",
                name, name, kinds[i] == chosen ? " checked" : "", name,
                name);
  }
  H(&r->out, "</fieldset>\n");
  H(&r->out, "<div class=\"field\"><label for=\"file\">CSV file</label>\n"
             "<p class=\"hint\" id=\"file-hint\">UTF-8, the first line "
             "naming the columns, as in the templates.</p>\n");
  if (file_bad)
    html_printf(&r->out,
                "<p class=\"error-message\" id=\"file-error\">%s</p>\n",
                why->msg);
  html_printf(&r->out,
              "<input type=\"file\" id=\"file\" name=\"file\" "
              "accept=\".csv,text/csv\" aria-describedby=\"file-hint%s\" "
              "required></div>\n",
              file_bad ? " file-error" : "");
  H(&r->out, "<button type=\"submit\">Import</button>\n</form>\n");
}

static void import_intro(struct request *r)
{
  H(&r->out,
    "<h1>Import people</h1>\n"
    "<p>Upload a CSV file exported from the student record system. The "
    "import is all or nothing: if any row is wrong, every problem is "
    "listed and nothing is changed. People and courses are matched by "
    "their number or code, so importing the same file again changes "
    "nothing. Profiles students edit themselves (bio, availability, "
    "interests, characteristics) are never overwritten.</p>\n"
    "<p>Import faculties and courses before the staff and students who "
    "name them.</p>\n<h2>Templates</h2>\n<ul>\n");
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    html_printf(&r->out,
                "<li><a href=\"/people/import/template/%s.csv\" "
                "download>Template for %s (CSV)</a></li>\n",
                import_kind_name(kinds[i]), import_kind_name(kinds[i]));
  H(&r->out, "</ul>\n");
}

int page_import(struct request *r)
{
  page_begin(r, "Import people");
  import_intro(r);
  H(&r->out, "<h2>Upload</h2>\n");
  upload_form(r, IMPORT_STUDENTS, NULL);
  return page_end(r);
}

static const struct multipart_part *uploaded(struct request *r,
                                             const char *name)
{
  for (int i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i].name, name) == 0)
      return &r->files[i];
  return NULL;
}

static void error_table(struct request *r, const struct import_report *rep)
{
  html_printf(&r->out,
              "<div class=\"error-summary\" role=\"alert\" "
              "aria-labelledby=\"error-summary-title\" tabindex=\"-1\" "
              "data-autofocus>\n<h2 id=\"error-summary-title\">Nothing was "
              "imported: %lld %s</h2>\n<p>Correct the file and upload it "
              "again.",
              (long long)rep->nerrors_total,
              plural(rep->nerrors_total, "problem", "problems"));
  if (rep->nerrors_total > rep->nerrors)
    html_printf(&r->out, " The first %d are listed.", rep->nerrors);
  if (rep->stopped)
    H(&r->out, " The file could not be read past the last problem "
               "listed.");
  H(&r->out, "</p>\n</div>\n");
  table_begin(r, "Problems in the file");
  H(&r->out, "<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">"
             "Column</th><th scope=\"col\">Problem</th></tr></thead>\n"
             "<tbody>\n");
  for (int i = 0; i < rep->nerrors; i++)
    html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td></tr>\n",
                (long long)rep->errors[i].line,
                rep->errors[i].column[0] ? rep->errors[i].column : "(row)",
                rep->errors[i].msg);
  H(&r->out, "</tbody>\n</table>\n</div>\n");
}

int page_import_post(struct request *r)
{
  const struct multipart_part *file = uploaded(r, "file");
  enum import_kind kind = IMPORT_STUDENTS;
  struct err_detail why = {"", ""};
  struct import_report rep;
  char detail[160];
  int rc;

  if (!import_kind_parse(form_value(r, "kind"), &kind))
    err_set(&why, ERR_INPUT, "kind-students",
            "Choose what the file holds: students, staff, courses or "
            "faculties.");
  else if (!file || file->len == 0)
    err_set(&why, ERR_INPUT, "file", "Choose a CSV file to upload.");
  if (why.msg[0]) {
    r->status = 400;
    page_begin(r, "Import people");
    import_intro(r);
    H(&r->out, "<h2>Upload</h2>\n");
    error_summary(r, &why);
    upload_form(r, kind, &why);
    return page_end(r);
  }
  rc = import_buffer(r->db, kind, file->data, file->len, false, &rep);
  if (rc && rc != ERR_INPUT) {
    import_report_free(&rep);
    return rc;
  }
  if (rc == 0) {
    snprintf(detail, sizeof(detail),
             "%s: %lld rows, %lld created, %lld updated, %lld unchanged",
             import_kind_name(kind), (long long)rep.rows,
             (long long)rep.created, (long long)rep.updated,
             (long long)rep.unchanged);
    audit_record(r->db, r->session.user.id, "people.import",
                 import_kind_name(kind), detail, r->ip);
  }
  page_begin(r, rc ? "Import people: problems" : "Import people: done");
  if (rc) {
    r->status = 422;
    H(&r->out, "<h1>Import people</h1>\n");
    error_table(r, &rep);
    H(&r->out, "<h2>Upload the corrected file</h2>\n");
    upload_form(r, kind, NULL);
  } else {
    html_printf(&r->out,
                "<h1>Import people</h1>\n<div class=\"notice\" "
                "role=\"status\"><h2>Imported %lld %s</h2>\n"
                "<ul><li>%lld created</li><li>%lld updated</li>"
                "<li>%lld unchanged</li></ul></div>\n",
                (long long)rep.rows, import_kind_name(kind),
                (long long)rep.created, (long long)rep.updated,
                (long long)rep.unchanged);
    H(&r->out, "<p><a href=\"/people\">See the people list</a> or "
               "<a href=\"/people/import\">import another file</a>.</p>\n");
  }
  import_report_free(&rep);
  return page_end(r);
}

/* GET /people/import/template/{kind}.csv */
int page_import_template(struct request *r)
{
  char word[32];
  const char *name = request_param(r, 0);
  enum import_kind kind;
  size_t n = name ? strlen(name) : 0;

  if (n < 5 || n >= sizeof(word) || strcmp(name + n - 4, ".csv") != 0)
    return ERR_NOTFOUND;
  memcpy(word, name, n - 4);
  word[n - 4] = '\0';
  if (!import_kind_parse(word, &kind) ||
      strcmp(word, import_kind_name(kind)) != 0)
    return ERR_NOTFOUND;
  r->content_type = "text/csv; charset=utf-8";
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena,
                               "attachment; filename=\"tandem-%s.csv\"",
                               import_kind_name(kind)));
  buf_puts(&r->out, import_template(kind));
  return 0;
}

/* -------------------------------------------------------------- exports */

/* The ids of the people list's current filter, or a 400 page. */
static int filtered_ids(struct request *r, int64_t **ids, int *n)
{
  struct student_filter f;
  struct err_detail why = {"", ""};
  int rc = people_filter_parse(r, &f, &why);

  if (rc == ERR_INPUT) {
    http_fail(r, 400, why.msg[0] ? why.msg : NULL);
    return 1;
  }
  if (rc)
    return rc;
  *ids = xmalloc(sizeof(int64_t) * EXPORT_ROWS_MAX);
  rc = store_student_ids(r->db, &f, *ids, EXPORT_ROWS_MAX, n);
  if (rc) {
    free(*ids);
    *ids = NULL;
  }
  return rc;
}

/* Exports are larger than pages: the response gets a cap of its own. */
static void export_body(struct request *r, const char *type,
                        const char *filename)
{
  buf_free(&r->out);
  buf_init(&r->out, EXPORT_BODY_MAX);
  r->content_type = type;
  response_header(r, "Content-Disposition",
                  arena_printf(&r->arena, "attachment; filename=\"%s\"",
                               filename));
}

static int to_out(void *ctx, const void *bytes, size_t n)
{
  struct buf *b = ctx;

  buf_append(b, bytes, n);
  return buf_failed(b) ? -1 : 0;
}

/* GET /people/export.csv?filter: the list in the import's format, cells
 * neutralised for spreadsheets. */
int page_people_export_csv(struct request *r)
{
  int64_t *ids = NULL;
  int n = 0, rc = filtered_ids(r, &ids, &n);

  if (rc)
    return rc > 0 ? 0 : rc;
  export_body(r, "text/csv; charset=utf-8", "tandem-people.csv");
  buf_puts(&r->out, "\xef\xbb\xbf"); /* so Excel reads UTF-8 */
  rc = export_students_csv(r->db, ids, n, to_out, &r->out);
  free(ids);
  return rc == ERR_IO ? ERR_TOOBIG : rc;
}

/* GET /people/export.xlsx?filter: the same as an Excel workbook, written
 * by libxlsxwriter to a temporary file and sent from there. Every cell is
 * written as a string, never as a formula. */
int page_people_export_xlsx(struct request *r)
{
  char path[] = "/tmp/tandem-export-XXXXXX";
  const char *const *cols = import_columns(IMPORT_STUDENTS, NULL);
  static _Thread_local struct student_row s;
  const char *cells[IMPORT_COLUMNS_MAX];
  lxw_workbook *wb;
  lxw_worksheet *ws;
  struct buf cellb;
  int64_t *ids = NULL;
  int n = 0, fd, rc = filtered_ids(r, &ids, &n);
  FILE *f;

  if (rc)
    return rc > 0 ? 0 : rc;
  if ((fd = mkstemp(path)) < 0) {
    free(ids);
    return ERR_IO;
  }
  close(fd);
  wb = workbook_new(path);
  ws = wb ? workbook_add_worksheet(wb, "People") : NULL;
  if (!ws) {
    if (wb)
      workbook_close(wb);
    unlink(path);
    free(ids);
    return ERR_IO;
  }
  for (int c = 0; cols[c]; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], NULL);
  buf_init(&cellb, 64 * 1024);
  for (int i = 0, row = 1; rc == 0 && i < n; i++) {
    rc = store_student_get(r->db, ids[i], &s);
    if (rc == ERR_NOTFOUND || (rc == 0 && s.erased_at)) {
      rc = 0;
      continue;
    }
    if (rc || (rc = export_student_cells(&s, &cellb, cells,
                                         IMPORT_COLUMNS_MAX)))
      break;
    for (int c = 0; cols[c]; c++)
      worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, cells[c],
                             NULL);
    row++;
  }
  buf_free(&cellb);
  free(ids);
  if (workbook_close(wb) != LXW_NO_ERROR && rc == 0)
    rc = ERR_IO;
  if (rc == 0 && (f = fopen(path, "rb"))) {
    char chunk[64 * 1024];
    size_t got;

    export_body(r,
                "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
                "tandem-people.xlsx");
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
      buf_append(&r->out, chunk, got);
    fclose(f);
    if (buf_failed(&r->out))
      rc = ERR_TOOBIG;
  } else if (rc == 0) {
    rc = ERR_IO;
  }
  unlink(path);
  return rc;
}
