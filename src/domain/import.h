/* domain/import.h: importing faculties, courses, staff and students from
 * the student record system's CSV files, and exporting them in the same
 * format (docs/import-format.md describes every column).
 *
 * An import is all or nothing: one transaction, and nothing is written if
 * any row is bad. Every bad row is reported (line, column, reason), up to
 * IMPORT_ERRORS_MAX. Records are matched by their number or code and
 * updated in place; fields the file does not own (a student's bio,
 * availability, interests, characteristics, contact preference, linked
 * account, and whether they are active) are kept. A column left out of the
 * header leaves that field as it is; a column present but empty clears it.
 *
 * The CSV is parsed as it streams (libcsv): import_feed() takes the file
 * in pieces of any size and only one row is held at a time. */
#ifndef TANDEM_DOMAIN_IMPORT_H
#define TANDEM_DOMAIN_IMPORT_H

#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum import_kind {
  IMPORT_FACULTIES,
  IMPORT_COURSES,
  IMPORT_STAFF,
  IMPORT_STUDENTS,
  IMPORT_KINDS
};

enum {
  IMPORT_ERRORS_MAX = 1000,   /* errors kept in a report */
  IMPORT_ROW_MAX = 64 * 1024, /* bytes in one row (an unclosed quote stops) */
  IMPORT_COLUMNS_MAX = 32,
};

/* import_kind_parse: "students" (or "student") -> IMPORT_STUDENTS...;
 * false for an unknown word. */
bool import_kind_parse(const char *word, enum import_kind *kind);
/* import_kind_name: "students", "staff", "courses", "faculties". */
const char *import_kind_name(enum import_kind kind);
/* import_template: the header and one example row (static storage). */
const char *import_template(enum import_kind kind);
/* import_columns: the kind's columns in export order, NULL-ended; the
 * required ones are flagged in *required (may be NULL), same order. */
const char *const *import_columns(enum import_kind kind,
                                  const bool **required);

struct import_error {
  int64_t line;      /* 1 is the header */
  char column[32];   /* "" when the whole row or file is at fault */
  char msg[256];
};

struct import_report {
  int64_t rows; /* data rows read */
  int64_t created, updated, unchanged;
  int64_t nerrors_total;           /* every error found */
  int nerrors;                     /* those kept, <= IMPORT_ERRORS_MAX */
  struct import_error *errors;     /* heap; import_report_free() */
  bool stopped; /* the file could not be read to its end (bad CSV) */
};

struct import;

/* import_begin: start importing kind into db (a transaction begins).
 * dry_run validates everything and always rolls back. Returns the import;
 * never NULL (aborts on OOM). */
struct import *import_begin(struct db *db, enum import_kind kind, bool dry_run);
/* import_feed: the next len bytes of the file. 0, or ERR_DB when the
 * database failed (the import is then over: call import_end). Bad rows
 * are not errors here: they go in the report. */
int import_feed(struct import *im, const void *data, size_t len);
/* import_end: finish the file, commit (or roll back when any row was bad,
 * on dry_run or after ERR_DB), fill rep (the caller frees it with
 * import_report_free) and free im. Returns 0 when committed, ERR_INPUT
 * when rows were bad (nothing written), ERR_DB. */
int import_end(struct import *im, struct import_report *rep);
void import_report_free(struct import_report *rep);

/* import_stream: the whole of f through import_begin/feed/end. */
int import_stream(struct db *db, enum import_kind kind, FILE *f,
                  struct import_report *rep);
/* import_buffer: the same for a file in memory. */
int import_buffer(struct db *db, enum import_kind kind, const void *data,
                  size_t len, bool dry_run, struct import_report *rep);

/* ------------------------------------------------------------------ export */

/* export_out_fn: where an export writes: n bytes; 0, or non-zero to stop. */
typedef int (*export_out_fn)(void *ctx, const void *bytes, size_t n);

/* export_csv: every record of kind in the import format (header first),
 * through out. Erased students are left out. Cells are neutralised for
 * spreadsheets (csv_cell_append); the import takes the neutralising quote
 * off again, so export then import is exact. 0, ERR_IO (out stopped) or
 * ERR_DB. */
int export_csv(struct db *db, enum import_kind kind, export_out_fn out,
               void *ctx);
/* export_students_csv: the students ids[0..n) in the same format (the
 * people list's filtered export). */
int export_students_csv(struct db *db, const int64_t *ids, int n,
                        export_out_fn out, void *ctx);

/* export_student_cells: one student's cells in column order
 * (import_columns(IMPORT_STUDENTS)), written into b as consecutive
 * NUL-terminated strings; cells[i] point into b's storage, valid until b
 * changes. For the Excel export. 0 or ERR_TOOBIG. */
struct buf;
struct student_row;
int export_student_cells(const struct student_row *s, struct buf *b,
                         const char **cells, int max);

/* csv_cell_append: one CSV cell into b, quoted when it must be, and
 * neutralised: a value a spreadsheet would run as a formula (it starts
 * with = + - @, a tab or a CR, possibly after single quotes) gets one more
 * leading single quote.
 * csv_cell_unneutralise: the inverse, in place, used by the import: one
 * leading single quote comes off a value of that shape. */
void csv_cell_append(struct buf *b, const char *value);
void csv_cell_unneutralise(char *value);

#endif
