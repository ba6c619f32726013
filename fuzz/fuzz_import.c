/* fuzz_import: libFuzzer target for the CSV import (libcsv, the header,
 * the cells, the rules), run as a dry run against a SQLite database with
 * the schema and a faculty and a course. The first byte picks the kind and
 * where the file is cut in two pieces (the import streams, so a piece may
 * end inside a cell, a line ending or the byte-order mark). */
#include "base/err.h"
#include "domain/import.h"
#include "store/migrate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;

static void setup(void)
{
  char path[64], err[256];
  struct import_report rep;
  const char *courses = "code,title,faculty_code,faculty_name,level,years\n"
                        "BSC-CS,Computing,FSE,Science,undergraduate,3\n";

  snprintf(path, sizeof(path), "/tmp/tandem-fuzz-import-%d.db", (int)getpid());
  unlink(path);
  if (db_open(path, &db, err, sizeof(err)) || store_migrate(db, NULL) ||
      import_buffer(db, IMPORT_COURSES, courses, strlen(courses), false, &rep))
    abort();
  import_report_free(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct import_report rep;
  struct import *im;
  size_t cut;
  int rc;

  if (!db)
    setup();
  if (size < 1)
    return 0;
  cut = size > 1 ? (data[0] >> 2) % size : 0;
  im = import_begin(db, (enum import_kind)(data[0] & 3), true);
  data++, size--;
  if (cut > size)
    cut = size;
  import_feed(im, data, cut);
  import_feed(im, data + cut, size - cut);
  rc = import_end(im, &rep);
  if ((rc != 0 && rc != ERR_INPUT) || rep.nerrors > IMPORT_ERRORS_MAX ||
      rep.nerrors > rep.nerrors_total ||
      (rc == ERR_INPUT && rep.created + rep.updated + rep.unchanged) ||
      (rc == 0 && rep.created + rep.updated + rep.unchanged != rep.rows))
    __builtin_trap();
  for (int i = 0; i < rep.nerrors; i++)
    if (rep.errors[i].line < 1 || !rep.errors[i].msg[0])
      __builtin_trap();
  import_report_free(&rep);
  return 0;
}
