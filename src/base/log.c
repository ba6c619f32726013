#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static atomic_int min_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
  atomic_store(&min_level, (int)level);
}

int log_parse_level(const char *s)
{
  for (int i = 0; i < 4; i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
  char line[2048];
  struct timespec ts;
  struct tm tm;
  va_list ap;
  int n;

  if ((int)level < atomic_load(&min_level))
    return;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  n = snprintf(line, sizeof(line),
               "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s ",
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
               tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, names[level]);
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
  va_end(ap);
  n = (int)strlen(line);
  line[n++] = '\n';
  fwrite(line, 1, (size_t)n, stderr);
}
