/* clock.h: wall-clock seconds for records, monotonic microseconds for
 * measuring. A test may pin the wall clock with clock_set_fake(). */
#ifndef TANDEM_BASE_CLOCK_H
#define TANDEM_BASE_CLOCK_H

#include <stdint.h>

/* clock_now: seconds since the Unix epoch (or the fake time if set). */
int64_t clock_now(void);
/* clock_set_fake: make clock_now() return t; 0 restores the real clock. */
void clock_set_fake(int64_t t);
/* clock_us: monotonic microseconds, for durations only. */
int64_t clock_us(void);
/* clock_format: "2026-11-22 18:05" (UTC) into out (at least 20 bytes). */
void clock_format(int64_t t, char *out, unsigned size);

#endif
