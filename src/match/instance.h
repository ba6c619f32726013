/* instance.h: the plain edge-list format of `tandem match-file`.
 *
 *   n_mentees n_mentors n_edges
 *   cap_0 cap_1 ... cap_{n_mentors-1}     (any number per line)
 *   mentee mentor score                   (n_edges lines, score 0..1000)
 *
 * Whitespace separated, 0-based ids, blank lines ignored. The parser is
 * pure: it reads bytes from memory, in as many pieces as the caller likes
 * (a piece may end in the middle of a number), and never does I/O. A bad
 * file is rejected with the line number and a reason a person can act on. */
#ifndef TANDEM_MATCH_INSTANCE_H
#define TANDEM_MATCH_INSTANCE_H

#include <stddef.h>
#include <stdint.h>

#define MATCH_FILE_SCORE_MAX 1000
#define MATCH_FILE_CAP_MAX 1000000
#define MATCH_FILE_MAX_EDGES 500000000u

/* A parsed instance: owns its arrays (free with match_instance_free). */
struct match_instance {
  uint32_t n_mentees;
  uint32_t n_mentors;
  int32_t *capacity; /* [n_mentors] */
  size_t n_edges;
  uint32_t *mentee; /* [n_edges] */
  uint32_t *mentor; /* [n_edges] */
  int32_t *score;   /* [n_edges] */
};

/* Parser state; treat as opaque apart from err_line and err. */
struct match_parser {
  int section;    /* header, capacities, edges, done */
  uint64_t line;  /* current line, from 1 */
  unsigned ntok;  /* numbers seen on the current line */
  int64_t val[3]; /* the current line's numbers (header and edges) */
  int in_tok, neg, bad, ndig;
  uint64_t acc; /* the number being read */
  size_t caps_read;
  size_t caps_cap;  /* allocated capacity slots (grown as they are read) */
  size_t edges_read;
  size_t edges_cap; /* allocated edge slots */
  struct match_instance in;
  uint64_t err_line; /* where the error is, when a call failed */
  char err[160];     /* why, in English */
};

/* match_parser_init: start parsing; ps needs match_parser_free (or a
 * successful match_parser_finish) afterwards. Does not allocate. */
void match_parser_init(struct match_parser *ps);

/* match_parser_feed: parse the next len bytes of the file. Allocates the
 * instance's arrays as it goes. Returns 0, or ERR_INPUT (with ps->err_line
 * and ps->err set) for a bad file, or ERR_TOOBIG when the header's counts
 * exceed MATCH_MAX_IDS / MATCH_FILE_MAX_EDGES. After an error, further
 * calls return the same error. */
int match_parser_feed(struct match_parser *ps, const char *buf, size_t len);

/* match_parser_finish: the end of the file. On success moves the instance
 * into *out (the caller owns it: match_instance_free) and releases the
 * parser; on ERR_INPUT (a truncated file) sets err_line and err and the
 * caller still calls match_parser_free. */
int match_parser_finish(struct match_parser *ps, struct match_instance *out);

/* match_parser_free: release whatever the parser holds; safe to repeat. */
void match_parser_free(struct match_parser *ps);

/* match_instance_parse: parse a whole file held in memory. As feed and
 * finish; on error copies the reason into err (errsz bytes, may be 0) and
 * the line into *err_line (may be NULL). */
int match_instance_parse(const char *buf, size_t len,
                         struct match_instance *out, uint64_t *err_line,
                         char *err, size_t errsz);

/* match_instance_free: release the arrays of in and zero it. */
void match_instance_free(struct match_instance *in);

#endif
