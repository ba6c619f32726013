/* str.h: small string helpers with no project knowledge. */
#ifndef TANDEM_BASE_STR_H
#define TANDEM_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* str_to_i64: parse all of s as a base-10 integer in [min, max]. */
bool str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);
bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* str_trim: s without leading and trailing ASCII space, in place. */
char *str_trim(char *s);
/* str_lower: lowercase ASCII letters in place; returns s. */
char *str_lower(char *s);
/* str_copy: copy src into dst of size n, always NUL-terminated; returns
 * false when src was cut. */
bool str_copy(char *dst, size_t n, const char *src);
/* str_valid_text: s (len bytes) is well-formed UTF-8 without NUL or
 * control characters other than tab, CR and LF. */
bool str_valid_text(const char *s, size_t len);

#endif
