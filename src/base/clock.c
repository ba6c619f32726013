#include "base/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic int64_t fake_now;

int64_t clock_now(void)
{
  int64_t f = atomic_load(&fake_now);

  return f ? f : (int64_t)time(NULL);
}

void clock_set_fake(int64_t t)
{
  atomic_store(&fake_now, t);
}

int64_t clock_us(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void clock_format(int64_t t, char *out, unsigned size)
{
  time_t tt = (time_t)t;
  struct tm tm;

  gmtime_r(&tt, &tm);
  snprintf(out, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}
