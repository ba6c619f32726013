/* domain/schemes.h: the scheme catalogue's rules: the types and the
 * defaults each brings, validation of a scheme, who may manage one, and the
 * operations the pages, the API and the CLI share. */
#ifndef TANDEM_DOMAIN_SCHEMES_H
#define TANDEM_DOMAIN_SCHEMES_H

#include "base/err.h"
#include "domain/accounts.h"
#include "store/schemes.h"

#include <stdbool.h>
#include <stddef.h>

/* scheme_get: scheme id with the courses and faculties it serves;
 * ERR_NOTFOUND when there is none. Anyone may read a published scheme;
 * callers showing a draft check scheme_may_manage first. */
int scheme_get(struct db *db, int64_t id, struct scheme_row *out);

/* scheme_may_manage: true for administrators and coordinators (every
 * scheme), and for the scheme's own coordinators, academic champions and
 * student leads (scheme_staff). */
bool scheme_may_manage(struct db *db, const struct user *u, int64_t scheme_id);

/* scheme_type_label: "Peer Assisted Learning" for "pal", and so on; the
 * word itself for an unknown type. */
const char *scheme_type_label(const char *type);

/* ------------------------------------------------------------ vocabulary */

/* scheme_type_at: the i-th type word in catalogue order (0 ..), NULL past
 * the last: for choosers and filters. */
const char *scheme_type_at(int i);
bool scheme_type_valid(const char *type);
/* scheme_type_blurb: one sentence saying what a type of scheme is for. */
const char *scheme_type_blurb(const char *type);
/* Labels of the other words of a scheme, for people to read; the word
 * itself when unknown. */
const char *scheme_owner_label(const char *owner_level);
const char *scheme_format_label(const char *format);
const char *scheme_mode_label(const char *mode);
const char *scheme_contact_label(const char *contact);
const char *scheme_matching_label(const char *matching_mode);
const char *scheme_period_label(const char *period);
const char *scheme_status_label(const char *status);
/* scheme_topic_label: "Careers advice" for "careers_advice"; for a topic
 * word it does not know, the word with spaces for underscores, in buf. */
const char *scheme_topic_label(const char *topic, char *buf, size_t size);
/* scheme_topic_at: the i-th topic word the catalogue knows (0 ..), NULL
 * past the last: the choices of the topic checkboxes. */
const char *scheme_topic_at(int i);

/* --------------------------------------------------------------- defaults */

enum { SCHEME_RULES_MAX = 8 };

struct scheme_rule_default {
  const char *side, *kind, *value;
};

/* scheme_defaults: clear row and fill it with type's defaults (format,
 * group size, mode, contact, matching, capacity, period, paid and rate,
 * commitment, owner level, summary; status draft). Dates, the academic
 * year and the name are the caller's. ERR_INPUT for an unknown type. */
int scheme_defaults(const char *type, struct scheme_row *row);
/* scheme_default_topics: the help and refer topics type proposes (up to
 * max into rows; *n). */
int scheme_default_topics(const char *type, struct scheme_topic_row *rows,
                          int max, int *n);
/* scheme_default_rules: the eligibility rules type proposes for mentors
 * and mentees (static storage; up to SCHEME_RULES_MAX; *n). */
int scheme_default_rules(const char *type, struct scheme_rule_default *rows,
                         int *n);

/* ------------------------------------------------------------- validation */

enum { SCHEME_MATERIAL_MAX = 5 * 1024 * 1024 };

/* scheme_validate: every field of row, trimmed in place: the name (1..150
 * characters, one line), the type and other words, the academic year
 * ("2026/27"), real dates with starts_on <= ends_on, a group size (2..100)
 * for a group and none otherwise, the capacity (1..100), the rate only
 * when paid (and then above zero), the term, an academic sponsor (required
 * for PAL), the courses and faculties served. ERR_INPUT with why naming
 * the field (the form's name for it: "name", "starts_on", "rate",
 * "sponsor_staff_id", "courses", ...). */
int scheme_validate(struct db *db, struct scheme_row *row,
                    struct err_detail *why);
/* scheme_create: validate row and add it with its type's default topics
 * and eligibility rules, in one transaction; *id the new scheme's id.
 * row->created_by is set to actor_id (0 from the command line). Audited
 * as "scheme.create". */
int scheme_create(struct db *db, int64_t actor_id, const char *ip,
                  struct scheme_row *row, int64_t *id,
                  struct err_detail *why);
/* scheme_save: validate row and replace scheme row->id's fields and the
 * courses and faculties it serves. ERR_NOTFOUND when there is no such
 * scheme. Audited as "scheme.edit". The caller checks scheme_may_manage. */
int scheme_save(struct db *db, int64_t actor_id, const char *ip,
                struct scheme_row *row, struct err_detail *why);

/* ------------------------------------------------------------ the reading */

/* scheme_visible: whether u (NULL: signed out) may see scheme s: anyone a
 * published or closed one, only its managers a draft. */
bool scheme_visible(struct db *db, const struct user *u,
                    const struct scheme_row *s);
/* scheme_list: the catalogue as u sees it (drafts only for those who may
 * manage them): f's all_statuses and viewer_id are set from u. */
int scheme_list(struct db *db, const struct user *u, struct scheme_filter *f,
                int offset, int limit, struct scheme_brief *rows, int *n,
                int64_t *total);
/* scheme_list_all: every scheme matching f, drafts and closed ones too:
 * for API keys and the command line, which are administrators'. */
int scheme_list_all(struct db *db, struct scheme_filter *f, int offset,
                    int limit, struct scheme_brief *rows, int *n,
                    int64_t *total);

/* ------------------------------------------------------------ topics, staff */

/* scheme_topics: the topics of scheme id, help first. */
int scheme_topics(struct db *db, int64_t id, struct scheme_topic_row *rows,
                  int max, int *n);
/* scheme_topics_save: replace the topics of scheme id: words of lower-case
 * letters, digits and '_' (1..40), kind help or refer, at most
 * S_TOPICS_MAX; field "help_topics" or "refer_topics". Audited. */
int scheme_topics_save(struct db *db, int64_t actor_id, const char *ip,
                       int64_t id, struct scheme_topic_row *rows, int n,
                       struct err_detail *why);
/* scheme_staff: who runs scheme id. */
int scheme_staff(struct db *db, int64_t id, struct scheme_staff_row *rows,
                 int max, int *n);
/* scheme_staff_add: give the account with email the role (coordinator,
 * champion, lead) in scheme id. ERR_INPUT (field "email") when there is no
 * such active account, or a coordinator or champion who is not staff
 * (coordinator or champion role). Audited. */
int scheme_staff_add(struct db *db, int64_t actor_id, const char *ip,
                     int64_t id, const char *email, const char *role,
                     struct err_detail *why);
/* scheme_staff_remove: ERR_NOTFOUND when user_id did not hold the role. */
int scheme_staff_remove(struct db *db, int64_t actor_id, const char *ip,
                        int64_t id, int64_t user_id, const char *role);

/* -------------------------------------------------------------- materials */

/* scheme_material_type: the content type of a file by its first bytes
 * ("application/pdf", "image/png", "image/jpeg", "image/gif",
 * "image/webp"), or NULL when it is none of them. */
const char *scheme_material_type(const unsigned char *data, size_t len);
/* scheme_material_filename: a safe file name from a client's: letters,
 * digits, '.', '-' and '_' only, no leading dot, at most 100 bytes,
 * ending with the extension of content_type. out has S_FILENAME bytes. */
void scheme_material_filename(const char *client, const char *content_type,
                              char *out);
/* scheme_material_add: check data (len bytes) by its bytes (ERR_INPUT,
 * field "file", when it is not a PDF or an image, or empty; ERR_TOOBIG
 * past SCHEME_MATERIAL_MAX) and store it for scheme id under title
 * (trimmed; the file name when empty; field "title"). *mid the new id.
 * Audited. */
int scheme_material_add(struct db *db, int64_t actor_id, const char *ip,
                        int64_t id, char *title, const char *filename,
                        const unsigned char *data, size_t len, int64_t *mid,
                        struct err_detail *why);
int scheme_materials(struct db *db, int64_t id,
                     struct scheme_material_row *rows, int max, int *n);
/* scheme_material_get: material mid of scheme id with its bytes: *data a
 * malloc'd buffer of *len bytes the caller frees. ERR_NOTFOUND when none. */
int scheme_material_get(struct db *db, int64_t id, int64_t mid,
                        struct scheme_material_row *out, unsigned char **data,
                        size_t *len);
int scheme_material_delete(struct db *db, int64_t actor_id, const char *ip,
                           int64_t id, int64_t mid);

#endif
