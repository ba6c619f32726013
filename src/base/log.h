/* log.h: structured logging, one line per event, key=value pairs, to
 * stderr. Thread-safe: each line is written with one call. */
#ifndef TANDEM_BASE_LOG_H
#define TANDEM_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* log_set_level: drop lines below level (default LOG_INFO). */
void log_set_level(enum log_level level);
/* log_parse_level: "debug", "info", "warn", "error"; -1 if unknown. */
int log_parse_level(const char *s);
/* log_msg: write "ts=... level=... " and the formatted rest as one line. */
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* BUG: a broken invariant. Log where, then abort (Fossil's panic). */
#define BUG(msg)                                                               \
  do {                                                                         \
    log_msg(LOG_ERROR, "bug=\"%s\" at=%s:%d", (msg), __FILE__, __LINE__);      \
    abort();                                                                   \
  } while (0)

#endif
