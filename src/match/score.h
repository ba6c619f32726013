/* score.h: how well a mentor suits a mentee, and why.
 *
 * A scheme configures a weight and an optional deal-breaker for each
 * criterion; a pair's score is the sum of the criteria's contributions, each
 * between 0 and its weight, so with weights summing to at most 1000 scores
 * fit the edge-list format. Hard rules exclude a pair outright. Every score
 * can come with its explanation: each criterion's contribution as data, and
 * as plain English for a coordinator. Pure: no I/O, no allocation. */
#ifndef TANDEM_MATCH_SCORE_H
#define TANDEM_MATCH_SCORE_H

#include <stddef.h>
#include <stdint.h>

#define MATCH_SLOTS 21 /* availability: 7 days x morning/afternoon/evening */
#define MATCH_EXCLUDED (-1) /* match_score's result for a forbidden pair */
#define MATCH_MAX_PREFERRED 5

enum match_criterion {
  MC_COURSE,          /* same course */
  MC_FACULTY,         /* same faculty */
  MC_YEAR_AHEAD,      /* mentor's year ahead within the scheme's range */
  MC_INTERESTS,       /* shared interests (Jaccard overlap) */
  MC_LANGUAGE,        /* a shared language; the same first language more */
  MC_HOME_COUNTRY,    /* same home country */
  MC_CAMPUS,          /* same campus */
  MC_AVAILABILITY,    /* overlapping availability slots */
  MC_MODE,            /* compatible online / face-to-face preference */
  MC_PREFERENCE,      /* the mentee ranked this mentor */
  MC_CHARACTERISTICS, /* shared self-declared characteristics, if both consent
                       */
  MC_COUNT
};

enum match_rule {
  MR_NONE = 0,
  MR_NOT_ELIGIBLE, /* the mentor does not meet the scheme's rules */
  MR_NOT_TRAINED,  /* the mentor has not completed the required training */
  MR_AT_CAPACITY,  /* the mentor has no place left */
  MR_SAME_PERSON,  /* the mentor is the mentee */
  MR_ENDED_BADLY,  /* they were paired before and it ended badly */
  MR_BLOCKED,      /* a coordinator blocked this pair */
  MR_DEALBREAKER   /* a criterion marked as a deal-breaker is not met */
};

enum match_mode { MATCH_ONLINE = 1, MATCH_FACE_TO_FACE = 2, MATCH_EITHER = 3 };

struct match_weight {
  int32_t weight;      /* 0..1000: the most this criterion adds */
  uint8_t dealbreaker; /* 1: not meeting it at all excludes the pair */
};

/* A scheme's matching configuration. */
struct match_config {
  struct match_weight w[MC_COUNT];
  int32_t year_ahead_min, year_ahead_max; /* e.g. 1..2 */
};

/* What the engine knows of a person (mentee or mentor). Ids are small
 * integers from the domain layer; -1 means unknown. */
struct match_person {
  uint32_t person; /* identity: a mentor never mentors themself */
  int32_t course, faculty, year, home_country, campus;
  uint64_t interests; /* bit i: interest i */
  uint64_t languages; /* bit i: speaks language i */
  int32_t first_language;
  uint32_t availability;    /* bit s: free in slot s (0..20) */
  uint8_t mode;             /* enum match_mode; 0 = no preference */
  uint32_t characteristics; /* self-declared, each bit one characteristic */
  uint32_t consent;         /* bits the person agreed may be used */
  /* mentors only */
  uint8_t eligible, trained;
  int32_t capacity, load; /* places, and mentees already held */
  /* mentees only: mentors' person ids, best first */
  uint32_t preferred[MATCH_MAX_PREFERRED];
  uint8_t n_preferred;
};

/* Pairs the hard rules forbid, as sorted arrays of keys
 * match_pair_key(mentee person, mentor person). */
struct match_rules {
  const uint64_t *ended_badly;
  size_t n_ended_badly;
  const uint64_t *blocked;
  size_t n_blocked;
};

/* A score with its reasons. */
struct match_explain {
  int32_t score;                /* MATCH_EXCLUDED when excluded */
  enum match_rule rule;         /* why excluded, MR_NONE otherwise */
  enum match_criterion breaker; /* for MR_DEALBREAKER */
  int32_t part[MC_COUNT];       /* each criterion's contribution */
  int32_t detail[MC_COUNT];     /* e.g. shared interests, rank, slots */
};

/* match_config_default: a balanced configuration whose weights sum to
 * 1000, no deal-breakers, year ahead 1..3. Fills *c; no allocation. */
void match_config_default(struct match_config *c);

/* match_pair_key: the key of a (mentee, mentor) pair in match_rules. */
static inline uint64_t match_pair_key(uint32_t mentee, uint32_t mentor)
{
  return (uint64_t)mentee << 32 | mentor;
}

/* match_score: the score of mentee with mentor under c and the hard rules r
 * (r may be NULL), or MATCH_EXCLUDED. When ex is not NULL it receives the
 * explanation. Reads only; no allocation; cannot fail. */
int32_t match_score(const struct match_config *c, const struct match_rules *r,
                    const struct match_person *mentee,
                    const struct match_person *mentor,
                    struct match_explain *ex);

/* match_score_max: the highest score c allows (the sum of its weights). */
int32_t match_score_max(const struct match_config *c);

/* match_explain_text: ex in plain English for a coordinator, e.g. "Score
 * 640 of 1000: same course (+180); 3 shared interests (+84); ...", written
 * into buf (n bytes, always NUL-terminated when n > 0). Returns the length
 * the full text needs, like snprintf: truncated when >= n. No allocation. */
size_t match_explain_text(const struct match_config *c,
                          const struct match_explain *ex, char *buf, size_t n);

/* match_criterion_name: a short English name ("same course"); static. */
const char *match_criterion_name(enum match_criterion k);

/* match_rule_text: why a hard rule excludes a pair, in English; static. */
const char *match_rule_text(enum match_rule r);

#endif
