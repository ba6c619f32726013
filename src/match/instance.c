/* instance.c: a streaming parser of the edge-list format (instance.h). */
#include "match/instance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"
#include "match/solve.h"

enum { S_HEADER, S_CAPS, S_EDGES, S_DONE, S_FAILED };

static const char *const header_names[3] = {"n_mentees", "n_mentors",
                                            "n_edges"};
static const char *const edge_names[3] = {"mentee", "mentor", "score"};

void match_parser_init(struct match_parser *ps)
{
  memset(ps, 0, sizeof(*ps));
  ps->section = S_HEADER;
  ps->line = 1;
}

void match_instance_free(struct match_instance *in)
{
  free(in->capacity);
  free(in->mentee);
  free(in->mentor);
  free(in->score);
  memset(in, 0, sizeof(*in));
}

void match_parser_free(struct match_parser *ps)
{
  match_instance_free(&ps->in);
}

__attribute__((format(printf, 3, 4))) static int
fail(struct match_parser *ps, int rc, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(ps->err, sizeof(ps->err), fmt, ap);
  va_end(ap);
  ps->err_line = ps->line;
  ps->section = S_FAILED;
  return rc;
}

static void grow_edges(struct match_parser *ps)
{
  size_t n = ps->edges_cap ? 2 * ps->edges_cap : 1 << 16;

  if (n > ps->in.n_edges)
    n = ps->in.n_edges;
  ps->in.mentee = xreallocarray(ps->in.mentee, n, sizeof(uint32_t));
  ps->in.mentor = xreallocarray(ps->in.mentor, n, sizeof(uint32_t));
  ps->in.score = xreallocarray(ps->in.score, n, sizeof(int32_t));
  ps->edges_cap = n;
}

/* A complete number v (the line's ntok-th) has been read. */
static int take(struct match_parser *ps, int64_t v)
{
  unsigned t = ps->ntok++;

  switch (ps->section) {
  case S_HEADER:
    if (t >= 3)
      return fail(ps, ERR_INPUT,
                  "expected 3 numbers (n_mentees n_mentors n_edges), "
                  "found more");
    if (v < 0)
      return fail(ps, ERR_INPUT, "%s is negative", header_names[t]);
    ps->val[t] = v;
    return 0;
  case S_CAPS:
    if (ps->caps_read == ps->in.n_mentors)
      return fail(ps, ERR_INPUT, "more capacities than the header's %u mentors",
                  (unsigned)ps->in.n_mentors);
    if (v < 0)
      return fail(ps, ERR_INPUT, "capacity of mentor %zu is negative",
                  ps->caps_read);
    if (v > MATCH_FILE_CAP_MAX)
      return fail(ps, ERR_INPUT, "capacity of mentor %zu is over %d",
                  ps->caps_read, MATCH_FILE_CAP_MAX);
    if (ps->caps_read == ps->caps_cap) {
      /* Grown as capacities arrive, so a header that lies about its size
       * costs nothing until the file backs it up. */
      size_t n = ps->caps_cap ? 2 * ps->caps_cap : 1 << 16;

      if (n > ps->in.n_mentors)
        n = ps->in.n_mentors;
      ps->in.capacity = xreallocarray(ps->in.capacity, n, sizeof(int32_t));
      ps->caps_cap = n;
    }
    ps->in.capacity[ps->caps_read++] = (int32_t)v;
    return 0;
  case S_EDGES:
    if (t >= 3)
      return fail(ps, ERR_INPUT,
                  "expected 3 numbers (mentee mentor score), found more");
    if (t == 0 && ps->edges_read == ps->in.n_edges)
      return fail(ps, ERR_INPUT, "more edges than the header's %zu",
                  ps->in.n_edges);
    if (v < 0)
      return fail(ps, ERR_INPUT, "%s %lld is negative", edge_names[t],
                  (long long)v);
    if (t == 0 && v >= ps->in.n_mentees)
      return fail(ps, ERR_INPUT, "mentee %lld is not in 0..%lld", (long long)v,
                  (long long)ps->in.n_mentees - 1);
    if (t == 1 && v >= ps->in.n_mentors)
      return fail(ps, ERR_INPUT, "mentor %lld is not in 0..%lld", (long long)v,
                  (long long)ps->in.n_mentors - 1);
    if (t == 2 && v > MATCH_FILE_SCORE_MAX)
      return fail(ps, ERR_INPUT, "score %lld is not in 0..%d", (long long)v,
                  MATCH_FILE_SCORE_MAX);
    if (t < 2) {
      ps->val[t] = v;
      return 0;
    }
    if (ps->edges_read == ps->edges_cap)
      grow_edges(ps);
    ps->in.mentee[ps->edges_read] = (uint32_t)ps->val[0];
    ps->in.mentor[ps->edges_read] = (uint32_t)ps->val[1];
    ps->in.score[ps->edges_read++] = (int32_t)v;
    return 0;
  default:
    return fail(ps, ERR_INPUT, "unexpected data");
  }
}

static void start_section(struct match_parser *ps)
{
  if (ps->section == S_CAPS && ps->caps_read == ps->in.n_mentors)
    ps->section = S_EDGES;
}

/* The end of a line (or of the file). */
static int end_line(struct match_parser *ps)
{
  unsigned n = ps->ntok;

  ps->ntok = 0;
  if (n == 0)
    return 0; /* blank lines are fine anywhere */
  switch (ps->section) {
  case S_HEADER:
    if (n != 3)
      return fail(ps, ERR_INPUT,
                  "expected 3 numbers (n_mentees n_mentors n_edges), "
                  "found %u",
                  n);
    if (ps->val[0] > MATCH_MAX_IDS || ps->val[1] > MATCH_MAX_IDS)
      return fail(ps, ERR_TOOBIG, "more than %u mentees or mentors",
                  MATCH_MAX_IDS);
    if (ps->val[2] > MATCH_FILE_MAX_EDGES)
      return fail(ps, ERR_TOOBIG, "more than %u edges", MATCH_FILE_MAX_EDGES);
    ps->in.n_mentees = (uint32_t)ps->val[0];
    ps->in.n_mentors = (uint32_t)ps->val[1];
    ps->in.n_edges = (size_t)ps->val[2];
    ps->section = S_CAPS;
    start_section(ps);
    return 0;
  case S_CAPS:
    start_section(ps);
    return 0;
  case S_EDGES:
    if (n != 3)
      return fail(ps, ERR_INPUT,
                  "expected 3 numbers (mentee mentor score), found %u", n);
    return 0;
  default:
    return 0;
  }
}

/* What the number being read stands for, for error messages. */
static void describe(const struct match_parser *ps, char *out, size_t n)
{
  unsigned t = ps->ntok < 3 ? ps->ntok : 2;

  if (ps->section == S_HEADER)
    snprintf(out, n, "%s", header_names[t]);
  else if (ps->section == S_CAPS)
    snprintf(out, n, "capacity of mentor %zu", ps->caps_read);
  else
    snprintf(out, n, "%s", edge_names[t]);
}

/* The number being read has ended. */
static int end_token(struct match_parser *ps)
{
  char what[64];

  ps->in_tok = 0;
  if (!ps->bad && ps->ndig > 0 && ps->ndig <= 18)
    return take(ps, ps->neg ? -(int64_t)ps->acc : (int64_t)ps->acc);
  describe(ps, what, sizeof(what));
  if (ps->bad || ps->ndig == 0)
    return fail(ps, ERR_INPUT, "%s is not a whole number", what);
  return fail(ps, ERR_INPUT, "%s is too large", what);
}

static void start_token(struct match_parser *ps, int neg)
{
  ps->in_tok = 1;
  ps->acc = 0;
  ps->ndig = 0;
  ps->neg = neg;
  ps->bad = 0;
}

/* The common case, fast: at the start of a line in the edge section, a
 * whole well-formed edge line "mentee mentor score\n" within the buffer.
 * Returns where the next line starts, or NULL to leave the line to the
 * general path (which also reports any error in it). */
static const unsigned char *fast_edges(struct match_parser *ps,
                                       const unsigned char *p,
                                       const unsigned char *end)
{
  while (ps->section == S_EDGES && !ps->in_tok && ps->ntok == 0 &&
         ps->edges_read < ps->in.n_edges) {
    const unsigned char *q = p;
    uint32_t v[3];
    for (int t = 0; t < 3; t++) {
      uint32_t a = 0;
      int nd = 0;
      while (q < end && *q - (unsigned)'0' < 10) {
        a = a * 10 + (*q++ - '0');
        if (++nd > 9)
          return p;
      }
      if (nd == 0 || q >= end)
        return p;
      v[t] = a;
      if (t < 2) {
        if (*q != ' ' && *q != '\t')
          return p;
        while (q < end && (*q == ' ' || *q == '\t'))
          q++;
      }
    }
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
      q++;
    if (q >= end || *q != '\n' || v[0] >= ps->in.n_mentees ||
        v[1] >= ps->in.n_mentors || v[2] > MATCH_FILE_SCORE_MAX)
      return p;
    if (ps->edges_read == ps->edges_cap)
      grow_edges(ps);
    ps->in.mentee[ps->edges_read] = v[0];
    ps->in.mentor[ps->edges_read] = v[1];
    ps->in.score[ps->edges_read++] = (int32_t)v[2];
    ps->line++;
    p = q + 1;
  }
  return p;
}

int match_parser_feed(struct match_parser *ps, const char *buf, size_t len)
{
  const unsigned char *p = (const unsigned char *)buf;
  const unsigned char *end = p + len;
  int rc;

  if (ps->section == S_FAILED)
    return ERR_INPUT;
  p = fast_edges(ps, p, end);
  while (p < end) {
    unsigned c = *p++;
    if (c - '0' < 10) {
      if (!ps->in_tok)
        start_token(ps, 0);
      ps->acc = ps->acc * 10 + (c - '0');
      if (ps->ndig < 100)
        ps->ndig++;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' ||
        c == '\f') {
      if (ps->in_tok && (rc = end_token(ps)))
        return rc;
      if (c == '\n') {
        if ((rc = end_line(ps)))
          return rc;
        ps->line++;
        p = fast_edges(ps, p, end);
      }
      continue;
    }
    if (!ps->in_tok)
      start_token(ps, c == '-');
    else
      ps->bad = 1;
    if (c != '-')
      ps->bad = 1; /* anything else spoils the number: said at its end */
  }
  return 0;
}

int match_parser_finish(struct match_parser *ps, struct match_instance *out)
{
  int rc;

  if (ps->section == S_FAILED)
    return ERR_INPUT;
  if (ps->in_tok && (rc = end_token(ps)))
    return rc;
  if ((rc = end_line(ps)))
    return rc;
  switch (ps->section) {
  case S_HEADER:
    return fail(ps, ERR_INPUT,
                "the file is empty: expected n_mentees n_mentors n_edges");
  case S_CAPS:
    return fail(ps, ERR_INPUT, "the file ends after %zu of %u capacities",
                ps->caps_read, (unsigned)ps->in.n_mentors);
  case S_EDGES:
    if (ps->edges_read < ps->in.n_edges)
      return fail(ps, ERR_INPUT, "the file ends after %zu of %zu edges",
                  ps->edges_read, ps->in.n_edges);
    break;
  default:
    break;
  }
  if (!ps->in.capacity) /* no mentors: still a valid (empty) array */
    ps->in.capacity = xcalloc(1, sizeof(int32_t));
  if (!ps->in.mentee) {
    /* no edges at all: still hand out valid (empty) arrays */
    ps->in.mentee = xmalloc(sizeof(uint32_t));
    ps->in.mentor = xmalloc(sizeof(uint32_t));
    ps->in.score = xmalloc(sizeof(int32_t));
  }
  *out = ps->in;
  memset(&ps->in, 0, sizeof(ps->in));
  ps->section = S_DONE;
  return 0;
}

int match_instance_parse(const char *buf, size_t len,
                         struct match_instance *out, uint64_t *err_line,
                         char *err, size_t errsz)
{
  struct match_parser ps;
  int rc;

  memset(out, 0, sizeof(*out));
  match_parser_init(&ps);
  rc = match_parser_feed(&ps, buf, len);
  if (!rc)
    rc = match_parser_finish(&ps, out);
  if (rc) {
    if (err_line)
      *err_line = ps.err_line;
    if (errsz)
      snprintf(err, errsz, "%s", ps.err);
    match_parser_free(&ps);
  }
  return rc;
}
