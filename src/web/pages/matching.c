/* pages/matching.c: a coordinator turning a scheme's mentors and mentees
 * into proposed pairs. The criteria page (/schemes/{id}/matching: each
 * criterion's weight and deal-breaker, the objective, the minimum score,
 * the years ahead, the mentee-choice limits; a preview of a sample
 * mentee's top candidates under the unsaved weights, by a Preview button
 * or, with static/matching.js, live from the API; the blocked pairs, each
 * with its Unblock button); a scheme's runs
 * (/schemes/{id}/runs, "Run matching"); and a run's draft (/runs/{id}):
 * its figures, the score distribution as an SVG chart with a table, the
 * comparison with the previous run, the proposed pairs with their
 * explanations and Pin, Remove (block) and Swap, the unmatched mentees
 * with why, Re-solve, Publish and Discard.
 *
 * Only the scheme's managers (scheme_may_manage) see any of it. A draft of
 * 3,000 pairs is streamed from the store a page at a time: no query per
 * row. */
#include "web/pages/matching.h"

#include "base/clock.h"
#include "base/mem.h"
#include "base/str.h"
#include "domain/pairings.h"
#include "domain/schemes.h"
#include "web/fields.h"
#include "web/pages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  RUNS_SHOWN = 50,      /* runs on a scheme's list */
  PAIRS_PAGE = 250,     /* proposed pairs on one page of a draft */
  SAMPLE_MENTEES = 300, /* mentees offered as the preview's sample */
  PREVIEW_TOP = 5,      /* candidates the preview shows */
};

static struct matching_actor actor_of(struct request *r)
{
  return (struct matching_actor){&r->session.user, r->ip};
}

static void notice_if(struct request *r, const char *key, const char *text)
{
  if (*query_value(r, key))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>%s</p>"
                "</div>\n",
                text);
}

static const char *date_text(struct request *r, int64_t t)
{
  char *s = arena_alloc(&r->arena, 32);

  if (!t)
    return "";
  clock_format(t, s, 32);
  return s;
}

/* The scheme of the path's {id}, which the visitor manages: 0, or
 * ERR_NOTFOUND / ERR_PERM. */
static int managed_scheme(struct request *r, int64_t id, struct scheme_row *s)
{
  int rc;

  if (!id)
    return ERR_NOTFOUND;
  if ((rc = scheme_get(r->db, id, s)))
    return rc;
  return scheme_may_manage(r->db, &r->session.user, id) ? 0 : ERR_PERM;
}

/* ------------------------------------------------------ settings in forms */

const char *matching_criterion_label(struct request *r, enum match_criterion k)
{
  char *s = arena_strdup(&r->arena, match_criterion_name(k));

  if (s[0])
    s[0] = (char)toupper((unsigned char)s[0]);
  return s;
}

static const char *value_of(struct request *r, bool from_query,
                            const char *name)
{
  return from_query ? query_value(r, name) : form_value(r, name);
}

/* An integer field: absent keeps *dst. */
static int read_int(struct request *r, bool from_query, const char *name,
                    int *dst, const char *msg, struct err_detail *why)
{
  const char *v = value_of(r, from_query, name);
  int64_t n;

  if (!*v)
    return 0;
  if (!str_to_i64(v, -1000000, 1000000, &n))
    return err_set(why, ERR_INPUT, name, msg);
  *dst = (int)n;
  return 0;
}

int matching_settings_read(struct request *r, bool from_query,
                           struct matching_settings *s, struct err_detail *why)
{
  const char *obj = value_of(r, from_query, "objective");
  int rc;

  for (int k = 0; k < MC_COUNT; k++) {
    const char *word = matching_criterion_word((enum match_criterion)k);
    const char *label = match_criterion_name((enum match_criterion)k);
    const char *name = arena_printf(&r->arena, "w_%s", word);
    int w = s->config.w[k].weight;

    if (!*value_of(r, from_query, name))
      continue;
    if ((rc = read_int(r, from_query, name, &w,
                       arena_printf(&r->arena,
                                    "Enter the weight of %s as a whole "
                                    "number from 0 to 1000.",
                                    label),
                       why)))
      return rc;
    s->config.w[k].weight = w;
    s->config.w[k].dealbreaker = str_eq(
        value_of(r, from_query, arena_printf(&r->arena, "d_%s", word)), "1");
  }
  if (*obj) {
    if (str_eq(obj, "cardinality"))
      s->objective = MATCH_CARDINALITY;
    else if (str_eq(obj, "total"))
      s->objective = MATCH_TOTAL;
    else if (str_eq(obj, "maxmin"))
      s->objective = MATCH_MAXMIN;
    else
      return err_set(why, ERR_INPUT, "objective",
                     "Choose what the matching aims for.");
  }
  if ((rc = read_int(r, from_query, "min_score", &s->min_score,
                     "Enter the minimum score as a whole number from 0 to "
                     "1000.",
                     why)) ||
      (rc = read_int(r, from_query, "year_ahead_min", &s->config.year_ahead_min,
                     "Enter the fewest years ahead as a whole number.", why)) ||
      (rc = read_int(r, from_query, "year_ahead_max", &s->config.year_ahead_max,
                     "Enter the most years ahead as a whole number.", why)) ||
      (rc = read_int(r, from_query, "request_days", &s->request_days,
                     "Enter the days a request lasts as a whole number.",
                     why)) ||
      (rc = read_int(r, from_query, "max_requests", &s->max_requests,
                     "Enter the requests a mentee may make as a whole "
                     "number.",
                     why)))
    return rc;
  return 0;
}

static const struct option objective_options[] = {
    {"cardinality", "Most mentees matched, then the best quality"},
    {"total", "The best total score (some mentees may stay unmatched)"},
    {"maxmin", "The fairest worst pair (most matched, then the best "
               "worst score)"},
};

static const char *objective_word(enum match_objective o)
{
  return o == MATCH_TOTAL    ? "total"
         : o == MATCH_MAXMIN ? "maxmin"
                             : "cardinality";
}

static const char *objective_label(const char *word)
{
  for (size_t i = 0; i < 3; i++)
    if (str_eq(objective_options[i].value, word))
      return objective_options[i].label;
  return word;
}

/* ------------------------------------------------------- the criteria page */

struct sample_list {
  struct request *r;
  struct option *opts;
  int n;
  int64_t first;
};

static int sample_add(void *ctx, const struct match_person_row *p)
{
  struct sample_list *l = ctx;

  if (!l->first)
    l->first = p->signup_id;
  if (l->n < SAMPLE_MENTEES) {
    l->opts[l->n].value =
        arena_printf(&l->r->arena, "%lld", (long long)p->signup_id);
    l->opts[l->n].label = arena_strdup(&l->r->arena, p->name);
    l->n++;
  }
  return 0;
}

/* The preview region's content: the candidates, or why there are none. */
static void preview_body(struct request *r, const struct match_candidate *c,
                         int n, const char *message)
{
  if (message) {
    html_printf(&r->out, "<p>%s</p>\n", message);
    return;
  }
  if (!n) {
    H(&r->out, "<p>No mentor may be paired with this mentee under these "
               "criteria.</p>\n");
    return;
  }
  H(&r->out, "<table>\n<caption>Top candidates under these criteria"
             "</caption>\n<thead><tr><th scope=\"col\">Mentor</th>"
             "<th scope=\"col\">Course</th><th scope=\"col\">Year</th>"
             "<th scope=\"col\">Places left</th><th scope=\"col\">Score</th>"
             "<th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out,
                "<tr><td>%s</td><td>%s</td><td>%d</td><td>%d</td>"
                "<td>%d</td><td>%s</td></tr>\n",
                c[i].mentor_name, c[i].course, c[i].year_of_study,
                c[i].places_left, c[i].score, c[i].explanation);
  H(&r->out, "</tbody>\n</table>\n");
}

/* The weights as rows: a labelled number and a deal-breaker checkbox. */
static void criteria_table(struct request *r, const struct matching_settings *s,
                           bool posted, const struct err_detail *why)
{
  int sum = 0;

  for (int k = 0; k < MC_COUNT; k++)
    sum += s->config.w[k].weight;
  H(&r->out, "<h2 id=\"criteria-title\">Criteria</h2>\n<p class=\"hint\" "
             "id=\"criteria-hint\">Each weight is the most a criterion adds "
             "to a pair's score: from 0 (not used) to 1000, all of them "
             "adding up to at most 1000. A deal-breaker excludes a mentor "
             "who does not meet it at all.</p>\n");
  html_printf(&r->out,
              "<p>Total of the weights: <span id=\"weight-total\">"
              "%d</span> of 1000.</p>\n",
              sum);
  table_begin(r, "Criteria and their weights");
  H(&r->out, "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">"
             "Weight</th><th scope=\"col\">Deal-breaker</th></tr></thead>\n"
             "<tbody>\n");
  for (int k = 0; k < MC_COUNT; k++) {
    const char *word = arena_printf(
        &r->arena, "w_%s", matching_criterion_word((enum match_criterion)k));
    const char *dword = arena_printf(
        &r->arena, "d_%s", matching_criterion_word((enum match_criterion)k));
    const char *label = matching_criterion_label(r, (enum match_criterion)k);
    bool bad = why && why->msg[0] && str_eq(why->field, word);
    const char *weight =
        posted ? form_value(r, word)
               : arena_printf(&r->arena, "%d", s->config.w[k].weight);
    bool breaker =
        posted ? str_eq(form_value(r, dword), "1") : s->config.w[k].dealbreaker;

    /* The class is markup: in the format string, which html_printf does
     * not escape. */
    html_printf(&r->out,
                bad ? "<tr class=\"field-error\"><th scope=\"row\"><label "
                      "for=\"%s\">%s</label></th><td>"
                    : "<tr><th scope=\"row\"><label for=\"%s\">%s"
                      "</label></th><td>",
                word, label);
    if (bad)
      html_printf(&r->out,
                  "<p class=\"error-message\" id=\"%s-error\">"
                  "<span class=\"visually-hidden\">Error:</span> %s"
                  "</p>",
                  word, why->msg);
    html_printf(&r->out,
                "<input id=\"%s\" name=\"%s\" type=\"number\" "
                "min=\"0\" max=\"1000\" step=\"1\" value=\"%s\" "
                "aria-describedby=\"criteria-hint",
                word, word, weight);
    if (bad)
      html_printf(&r->out, " %s-error\" aria-invalid=\"true", word);
    html_printf(&r->out,
                "\" data-weight></td><td class=\"checkboxes\">"
                "<input type=\"checkbox\" id=\"%s\" name=\"%s\" "
                "value=\"1\"%s><label for=\"%s\">Deal-breaker<span "
                "class=\"visually-hidden\">: %s</span></label></td>"
                "</tr>\n",
                dword, dword, breaker ? " checked" : "", dword, label);
  }
  H(&r->out, "</tbody>\n");
  table_end(r);
}

/* ------------------------------ the criteria page: the blocked pairs */

struct blocks_ctx {
  struct request *r;
  int64_t scheme_id;
  struct buf rows;
  int n;
};

static int block_tr(void *ctx, const struct block_row *b)
{
  struct blocks_ctx *c = ctx;
  struct request *r = c->r;

  c->n++;
  html_printf(&c->rows,
              "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
              "<td><form method=\"post\" action=\"/schemes/%lld/matching/"
              "unblock\" novalidate><input type=\"hidden\" name=\"_csrf\" "
              "value=\"%s\"><input type=\"hidden\" name=\"signup_id\" "
              "value=\"%lld\"><input type=\"hidden\" name=\""
              "mentor_student_id\" value=\"%lld\"><button type=\"submit\" "
              "class=\"button-secondary\">Unblock<span class=\""
              "visually-hidden\"> %s and %s</span></button></form></td>"
              "</tr>\n",
              b->mentee_name, b->mentor_name, b->reason,
              b->blocked_by[0] ? b->blocked_by : "Not recorded",
              date_text(r, b->created_at), (long long)c->scheme_id,
              request_csrf(r), (long long)b->signup_id,
              (long long)b->mentor_student_id, b->mentee_name, b->mentor_name);
  return 0;
}

/* The scheme's blocked pairs, each with a button to unblock it. */
static int blocks_part(struct request *r, const struct scheme_row *scheme)
{
  struct matching_actor a = actor_of(r);
  struct blocks_ctx c = {r, scheme->id, {0}, 0};
  int rc;

  buf_init(&c.rows, 1 << 22);
  rc = matching_block_list(r->db, &a, scheme->id, block_tr, &c);
  if (rc)
    goto out;
  H(&r->out, "<section aria-labelledby=\"blocks-title\" id=\"blocks\">\n"
             "<h2 id=\"blocks-title\">Blocked pairs</h2>\n");
  if (!c.n) {
    H(&r->out, "<p>No pairs are blocked: a match run may pair any mentee "
               "with any mentor the rules allow.</p>\n</section>\n");
    goto out;
  }
  H(&r->out, "<p class=\"hint\">A match run never proposes these pairs, and "
             "they cannot be paired by hand. Unblock one to let the next run "
             "consider it again.</p>\n");
  table_begin(r, "Blocked pairs");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentee</th><th scope=\"col\">"
             "Mentor</th><th scope=\"col\">Reason</th><th scope=\"col\">"
             "Blocked by</th><th scope=\"col\">When (UTC)</th><th scope=\""
             "col\"><span class=\"visually-hidden\">Action</span></th></tr>"
             "</thead>\n<tbody>\n");
  buf_puts(&r->out, buf_cstr(&c.rows)); /* escaped in block_tr */
  H(&r->out, "</tbody>\n");
  table_end(r);
  H(&r->out, "</section>\n");
out:
  if (!rc && buf_failed(&c.rows))
    rc = ERR_TOOBIG;
  buf_free(&c.rows);
  return rc;
}

int page_scheme_unblock_post(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_actor a = actor_of(r);
  int64_t signup, mentor;
  int rc = managed_scheme(r, request_param_id(r, 0), scheme);

  if (rc)
    return rc;
  if (!str_to_i64(form_value(r, "signup_id"), 1, INT64_MAX, &signup) ||
      !str_to_i64(form_value(r, "mentor_student_id"), 1, INT64_MAX, &mentor))
    return http_fail(r, 400, "Choose a blocked pair to unblock.");
  rc = matching_unblock(r->db, &a, scheme->id, signup, mentor);
  if (rc == ERR_NOTFOUND)
    return http_fail(r, 404,
                     "That pair is not blocked: someone may have unblocked "
                     "it already.");
  if (rc)
    return rc;
  return redirect(r,
                  arena_printf(&r->arena, "/schemes/%lld/matching?unblocked=1",
                               (long long)scheme->id));
}

/* The criteria page itself. */

static const char *num(struct request *r, bool posted, const char *name,
                       int value)
{
  return posted ? form_value(r, name) : arena_printf(&r->arena, "%d", value);
}

/* The criteria page. posted: show the form's values (after a mistake or a
 * preview) rather than s. */
static int criteria_page(struct request *r, const struct scheme_row *scheme,
                         const struct matching_settings *s, bool posted,
                         const struct err_detail *why)
{
  struct sample_list samples = {r, NULL, 0, 0};
  struct match_candidate *cands =
      arena_alloc(&r->arena, sizeof(*cands) * PREVIEW_TOP);
  const char *chosen =
      posted ? form_value(r, "signup") : query_value(r, "signup");
  const char *message = NULL;
  struct err_detail pwhy = {"", ""};
  int64_t sample = 0;
  int n = 0, rc;
  bool choice = str_eq(scheme->matching_mode, "mentee_chooses");

  samples.opts = arena_alloc(&r->arena, sizeof(struct option) * SAMPLE_MENTEES);
  if ((rc = store_match_mentees(r->db, scheme->id, true, sample_add, &samples)))
    return rc;
  if (!*chosen || !str_to_i64(chosen, 1, INT64_MAX, &sample))
    sample = samples.first;
  if (!sample) {
    message = "No mentee is waiting for a mentor, so there is nobody to "
              "preview.";
  } else if (matching_weights_validate(s, &pwhy)) {
    message = arena_strdup(&r->arena, pwhy.msg);
  } else {
    rc = matching_preview(r->db, scheme->id, sample, s, clock_now(), cands,
                          PREVIEW_TOP, &n);
    if (rc == ERR_NOTFOUND)
      message = "That mentee is not waiting in this scheme.";
    else if (rc == ERR_INPUT)
      message = "These settings cannot be previewed: save them to see what "
                "needs changing.";
    else if (rc)
      return rc;
  }

  page_begin(r, arena_printf(&r->arena, "Matching criteria: %s", scheme->name));
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">%s</a></p>\n"
              "<h1>Matching criteria</h1>\n<p class=\"lead\">How "
              "each mentor is scored for each mentee of %s, and "
              "what a match run aims for.</p>\n",
              (long long)scheme->id, scheme->name, scheme->name);
  notice_if(r, "saved",
            "The criteria were saved. The next match run uses "
            "them.");
  notice_if(r, "unblocked",
            "The pair was unblocked: the next match run may pair them.");
  error_summary(r, why);
  html_printf(&r->out,
              "<form method=\"post\" action=\"/schemes/%lld/"
              "matching\" id=\"criteria-form\" data-preview=\"/api/"
              "v1/schemes/%lld/matching/preview\">\n<input type=\""
              "hidden\" name=\"_csrf\" value=\"%s\">\n",
              (long long)scheme->id, (long long)scheme->id, request_csrf(r));
  criteria_table(r, s, posted, why);

  H(&r->out, "<h2>The match run</h2>\n");
  field_select(
      r, "objective", "What a match run aims for", NULL, objective_options, 3,
      posted ? form_value(r, "objective") : objective_word(s->objective), why);
  field_input(
      r,
      &(struct field){.name = "min_score",
                      .label = "Minimum score",
                      .type = "number",
                      .hint = "Pairs scoring less are never "
                              "proposed (0 to 1000).",
                      .value = num(r, posted, "min_score", s->min_score),
                      .required = true},
      why);
  field_input(r,
              &(struct field){.name = "year_ahead_min",
                              .label = "Fewest years ahead of the mentee",
                              .type = "number",
                              .hint = "For the years-ahead criterion.",
                              .value = num(r, posted, "year_ahead_min",
                                           s->config.year_ahead_min),
                              .required = true},
              why);
  field_input(r,
              &(struct field){.name = "year_ahead_max",
                              .label = "Most years ahead of the mentee",
                              .type = "number",
                              .value = num(r, posted, "year_ahead_max",
                                           s->config.year_ahead_max),
                              .required = true},
              why);
  if (choice) {
    H(&r->out, "<h2>Mentees choosing</h2>\n");
    field_input(r,
                &(struct field){
                    .name = "request_days",
                    .label = "Days before a request expires",
                    .type = "number",
                    .value = num(r, posted, "request_days", s->request_days),
                    .required = true},
                why);
    field_input(r,
                &(struct field){
                    .name = "max_requests",
                    .label = "Requests a mentee may have at once",
                    .type = "number",
                    .value = num(r, posted, "max_requests", s->max_requests),
                    .required = true},
                why);
  }

  H(&r->out, "<h2 id=\"preview-title\">Preview</h2>\n<p class=\"hint\">The "
             "top candidates of one waiting mentee under the weights above, "
             "before you save them.</p>\n");
  if (samples.n)
    field_select(r, "signup", "Sample mentee", NULL, samples.opts, samples.n,
                 arena_printf(&r->arena, "%lld", (long long)sample), why);
  H(&r->out, "<p><button type=\"submit\" name=\"op\" value=\"preview\" "
             "class=\"button-secondary\">Preview</button></p>\n"
             "<div id=\"preview\" role=\"region\" aria-live=\"polite\" "
             "aria-labelledby=\"preview-title\">\n");
  preview_body(r, cands, n, message);
  H(&r->out, "</div>\n<p><button type=\"submit\" name=\"op\" value=\"save\">"
             "Save the criteria</button></p>\n</form>\n");
  if ((rc = blocks_part(r, scheme)))
    return rc;
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld/runs\">Match runs</a></p>"
              "\n<script src=\"/static/matching.js\" defer></script>"
              "\n",
              (long long)scheme->id);
  return page_end(r);
}

int page_scheme_matching(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_settings s;
  int rc = managed_scheme(r, request_param_id(r, 0), scheme);

  if (rc || (rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  return criteria_page(r, scheme, &s, false, NULL);
}

int page_scheme_matching_post(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  struct matching_settings s;
  bool save = str_eq(form_value(r, "op"), "save");
  int rc = managed_scheme(r, request_param_id(r, 0), scheme);

  if (rc || (rc = matching_settings_get(r->db, scheme->id, &s)))
    return rc;
  rc = matching_settings_read(r, false, &s, &why);
  if (!rc && !save)
    return criteria_page(r, scheme, &s, true, NULL);
  if (!rc)
    rc = matching_settings_save(r->db, &a, scheme->id, &s, clock_now(), &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return criteria_page(r, scheme, &s, true, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/matching?saved=1",
                                  (long long)scheme->id));
}

/* ------------------------------------------------------------------- runs */

static const char *run_state_label(const char *state)
{
  if (str_eq(state, "queued"))
    return "Queued";
  if (str_eq(state, "draft"))
    return "Draft";
  if (str_eq(state, "published"))
    return "Published";
  if (str_eq(state, "discarded"))
    return "Discarded";
  if (str_eq(state, "failed"))
    return "Failed";
  return state;
}

static void run_button(struct request *r, int64_t scheme_id, const char *label)
{
  html_printf(&r->out,
              "<form method=\"post\" action=\"/schemes/%lld/runs\" "
              "class=\"inline\"><input type=\"hidden\" name=\"_csrf\" "
              "value=\"%s\"><button type=\"submit\">%s</button>"
              "</form>\n",
              (long long)scheme_id, request_csrf(r), label);
}

static int runs_page(struct request *r, const struct scheme_row *scheme,
                     const struct err_detail *why)
{
  struct run_row *runs = arena_alloc(&r->arena, sizeof(*runs) * RUNS_SHOWN);
  int n, rc = matching_runs(r->db, scheme->id, runs, RUNS_SHOWN, &n);

  if (rc)
    return rc;
  page_begin(r, arena_printf(&r->arena, "Match runs: %s", scheme->name));
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld\">%s</a></p>\n<h1>Match "
              "runs</h1>\n<p class=\"lead\">A match run pairs the "
              "scheme's waiting mentees with its trained mentors "
              "who have places, and keeps the result as a draft "
              "for you to review before anyone is told.</p>\n",
              (long long)scheme->id, scheme->name);
  notice_if(r, "discarded", "The draft was discarded.");
  error_summary(r, why);
  if (str_eq(scheme->matching_mode, "mentee_chooses"))
    H(&r->out, "<p>In this scheme mentees choose their mentor, so it is not "
               "matched by runs.</p>\n");
  else
    run_button(r, scheme->id, "Run matching");
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld/matching\">Matching "
              "criteria</a></p>\n",
              (long long)scheme->id);
  H(&r->out, "<h2>Runs</h2>\n");
  if (!n) {
    H(&r->out, "<p>No runs yet.</p>\n");
    return page_end(r);
  }
  table_begin(r, "Match runs, newest first");
  H(&r->out, "<thead><tr><th scope=\"col\">Run</th><th scope=\"col\">State"
             "</th><th scope=\"col\">Matched</th><th scope=\"col\">Total "
             "score</th><th scope=\"col\">Run at (UTC)</th></tr></thead>\n"
             "<tbody>\n");
  for (int i = 0; i < n; i++)
    html_printf(&r->out,
                "<tr><td><a href=\"/runs/%lld\">Run %lld</a></td>"
                "<td>%s</td><td>%d of %d</td><td>%lld</td><td>%s"
                "</td></tr>\n",
                (long long)runs[i].id, (long long)runs[i].id,
                run_state_label(runs[i].state), runs[i].matched,
                runs[i].mentees, (long long)runs[i].total,
                date_text(r, runs[i].created_at));
  H(&r->out, "</tbody>\n");
  table_end(r);
  return page_end(r);
}

int page_scheme_runs(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  int rc = managed_scheme(r, request_param_id(r, 0), scheme);

  return rc ? rc : runs_page(r, scheme, NULL);
}

int page_scheme_runs_post(struct request *r)
{
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int64_t run_id = 0;
  int rc = managed_scheme(r, request_param_id(r, 0), scheme);

  if (rc)
    return rc;
  rc = matching_run(r->db, &a, scheme->id, clock_now(), &run_id, &why);
  if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && why.msg[0]) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return runs_page(r, scheme, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/runs/%lld", (long long)run_id));
}

/* -------------------------------------------------------------- the draft */

/* The scheme's current pins (sign-up -> mentor), sorted by sign-up. */
struct pin_set {
  int64_t *signup, *mentor;
  size_t n, cap;
};

static int pin_add(void *ctx, int64_t signup_id, int64_t mentor_student_id)
{
  struct pin_set *p = ctx;

  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->signup = xreallocarray(p->signup, p->cap, sizeof(*p->signup));
    p->mentor = xreallocarray(p->mentor, p->cap, sizeof(*p->mentor));
  }
  p->signup[p->n] = signup_id;
  p->mentor[p->n] = mentor_student_id;
  p->n++;
  return 0;
}

static void pin_sort(struct pin_set *p)
{
  /* Insertion sort: pins come from the store by sign-up nearly always. */
  for (size_t i = 1; i < p->n; i++) {
    int64_t s = p->signup[i], m = p->mentor[i];
    size_t j = i;

    for (; j > 0 && p->signup[j - 1] > s; j--) {
      p->signup[j] = p->signup[j - 1];
      p->mentor[j] = p->mentor[j - 1];
    }
    p->signup[j] = s;
    p->mentor[j] = m;
  }
}

/* The mentor signup_id is pinned to, or 0. */
static int64_t pin_of(const struct pin_set *p, int64_t signup_id)
{
  size_t lo = 0, hi = p->n;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;

    if (p->signup[mid] < signup_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < p->n && p->signup[lo] == signup_id ? p->mentor[lo] : 0;
}

static void pin_free(struct pin_set *p)
{
  free(p->signup);
  free(p->mentor);
  memset(p, 0, sizeof(*p));
}

/* What the pairs' table shows and how. */
struct pairs_view {
  struct request *r;
  const struct run_row *run;
  const struct pin_set *pins;
  bool actions;      /* a draft: buttons */
  int64_t swap_from; /* choosing the pair to swap with, or 0 */
  const char *q;     /* lower-case part of a name, "" for all */
  int first, last;   /* the rows of this page, [first, last) */
  int seen;          /* rows matching q so far */
};

static bool name_has(const char *name, const char *q)
{
  size_t n = strlen(q);

  if (!n)
    return true;
  for (const char *p = name; *p; p++) {
    size_t i = 0;

    while (i < n && p[i] && tolower((unsigned char)p[i]) == (unsigned char)q[i])
      i++;
    if (i == n)
      return true;
  }
  return false;
}

static int pair_row(void *ctx, const struct run_pair_row *p)
{
  struct pairs_view *v = ctx;
  struct request *r = v->r;
  int64_t pinned_to;

  if (*v->q && !name_has(p->mentee_name, v->q) &&
      !name_has(p->mentor_name, v->q))
    return 0;
  if (v->seen++ < v->first || v->seen > v->last)
    return 0;
  html_printf(&r->out, "<tr><td>%s", p->mentee_name);
  if (p->mentee_course[0])
    html_printf(&r->out, " <span class=\"hint\">(%s)</span>", p->mentee_course);
  html_printf(&r->out, "</td><td>%s", p->mentor_name);
  if (p->mentor_course[0])
    html_printf(&r->out, " <span class=\"hint\">(%s)</span>", p->mentor_course);
  if (p->group_no)
    html_printf(&r->out, " <span class=\"tag\">Group %d</span>", p->group_no);
  html_printf(&r->out,
              "</td><td>%d</td><td><details><summary>Why<span "
              "class=\"visually-hidden\"> %s and %s</span></summary>"
              "<p>%s</p></details></td><td>%s</td>",
              p->score, p->mentee_name, p->mentor_name, p->explanation,
              p->pinned ? "Pinned" : "");
  if (!v->actions) {
    H(&r->out, "</tr>\n");
    return 0;
  }
  H(&r->out, "<td>");
  pinned_to = pin_of(v->pins, p->signup_id);
  if (v->swap_from) {
    if (p->signup_id == v->swap_from)
      H(&r->out, "Swapping this pair");
    else
      html_printf(&r->out,
                  "<button type=\"submit\" name=\"act\" value=\""
                  "swap:%lld:%lld\" class=\"button-secondary\">Swap "
                  "with this pair<span class=\"visually-hidden\">: "
                  "%s and %s</span></button>",
                  (long long)p->signup_id, (long long)p->mentor_student_id,
                  p->mentee_name, p->mentor_name);
    H(&r->out, "</td></tr>\n");
    return 0;
  }
  if (pinned_to == p->mentor_student_id)
    html_printf(&r->out,
                "<button type=\"submit\" name=\"act\" value=\""
                "unpin:%lld:%lld\" class=\"button-secondary\">Unpin"
                "<span class=\"visually-hidden\"> %s with %s</span>"
                "</button> ",
                (long long)p->signup_id, (long long)p->mentor_student_id,
                p->mentee_name, p->mentor_name);
  else
    html_printf(&r->out,
                "<button type=\"submit\" name=\"act\" value=\""
                "pin:%lld:%lld\" class=\"button-secondary\">Pin"
                "<span class=\"visually-hidden\"> %s with %s</span>"
                "</button> ",
                (long long)p->signup_id, (long long)p->mentor_student_id,
                p->mentee_name, p->mentor_name);
  html_printf(&r->out,
              "<button type=\"submit\" name=\"act\" value=\""
              "block:%lld:%lld\" class=\"button-secondary\">Remove"
              "<span class=\"visually-hidden\"> %s with %s (blocks "
              "the pair)</span></button> <a href=\"/runs/%lld?swap="
              "%lld#pairs\">Swap<span class=\"visually-hidden\"> %s's "
              "mentor</span></a>",
              (long long)p->signup_id, (long long)p->mentor_student_id,
              p->mentee_name, p->mentor_name, (long long)v->run->id,
              (long long)p->signup_id, p->mentee_name);
  if (pinned_to && pinned_to != p->mentor_student_id)
    H(&r->out, "<p class=\"hint\">Pinned to another mentor: re-solve to "
               "apply it.</p>");
  H(&r->out, "</td></tr>\n");
  return 0;
}

static int unmatched_row(void *ctx, const struct run_unmatched_row *u)
{
  struct request *r = ctx;

  html_printf(&r->out, "<tr><td>%s", u->mentee_name);
  if (u->mentee_course[0])
    html_printf(&r->out, " <span class=\"hint\">(%s)</span>", u->mentee_course);
  html_printf(&r->out, "</td><td>%s</td><td>%s</td></tr>\n",
              matching_unmatched_label(u->reason), u->detail);
  return 0;
}

static int count_unmatched(void *ctx, const struct run_unmatched_row *u)
{
  (void)u;
  (*(int *)ctx)++;
  return 0;
}

/* The score distribution: an SVG bar chart with a table beside it for
 * anyone who cannot see it. */
static void histogram(struct request *r, const int bands[10])
{
  enum { W = 640, H_ = 240, LEFT = 48, BOTTOM = 40, TOP = 16 };
  int max = 0, bw = (W - LEFT - 8) / 10;
  struct buf label;

  for (int i = 0; i < 10; i++)
    if (bands[i] > max)
      max = bands[i];
  buf_init(&label, 1024);
  buf_puts(&label, "Pairs by score: ");
  for (int i = 0; i < 10; i++)
    buf_printf(&label, "%s%d to %d: %d", i ? "; " : "", i * 100,
               i == 9 ? 1000 : i * 100 + 99, bands[i]);
  html_printf(&r->out,
              "<figure>\n<svg role=\"img\" aria-labelledby=\""
              "hist-title\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
              "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">"
              "<title id=\"hist-title\">%s</title>\n",
              W, H_, H_, buf_cstr(&label));
  buf_free(&label);
  html_printf(&r->out,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
              "stroke=\"#0b0c0c\"/>\n",
              LEFT, H_ - BOTTOM, W - 4, H_ - BOTTOM);
  html_printf(&r->out,
              "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor="
              "\"end\" fill=\"#0b0c0c\">%d</text><text x=\"%d\" y=\""
              "%d\" font-size=\"12\" text-anchor=\"end\" fill=\""
              "#0b0c0c\">0</text>\n",
              LEFT - 6, TOP + 4, max, LEFT - 6, H_ - BOTTOM);
  for (int i = 0; i < 10; i++) {
    int h = max ? bands[i] * (H_ - BOTTOM - TOP) / max : 0;
    int x = LEFT + 4 + i * bw;

    if (bands[i] && h < 2)
      h = 2;
    html_printf(&r->out,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                "fill=\"#1d70b8\"/><text x=\"%d\" y=\"%d\" font-size="
                "\"11\" text-anchor=\"middle\" fill=\"#0b0c0c\">%d"
                "</text><text x=\"%d\" y=\"%d\" font-size=\"11\" "
                "text-anchor=\"middle\" fill=\"#0b0c0c\">%d</text>\n",
                x, H_ - BOTTOM - h, bw - 6, h, x + (bw - 6) / 2,
                H_ - BOTTOM - h - 4 > TOP ? H_ - BOTTOM - h - 4 : TOP + 12,
                bands[i], x + (bw - 6) / 2, H_ - BOTTOM + 16, i * 100);
  }
  html_printf(&r->out,
              "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor="
              "\"middle\" fill=\"#0b0c0c\">Score (from)</text>\n"
              "</svg>\n<figcaption>Proposed pairs by score, in bands "
              "of 100.</figcaption>\n</figure>\n",
              W / 2, H_ - 6);
  H(&r->out, "<details><summary>The distribution as a table</summary>\n");
  table_begin(r, "Proposed pairs by score");
  H(&r->out, "<thead><tr><th scope=\"col\">Score</th><th scope=\"col\">Pairs"
             "</th></tr></thead>\n<tbody>\n");
  for (int i = 0; i < 10; i++)
    html_printf(&r->out, "<tr><td>%d to %d</td><td>%d</td></tr>\n", i * 100,
                i == 9 ? 1000 : i * 100 + 99, bands[i]);
  H(&r->out, "</tbody>\n");
  table_end(r);
  H(&r->out, "</details>\n");
}

static void summary_figures(struct request *r, const struct run_row *run,
                            int unmatched)
{
  html_printf(&r->out,
              "<dl class=\"summary\"><dt>Mentees waiting</dt><dd>%d"
              "</dd><dt>Mentors with places</dt><dd>%d</dd><dt>"
              "Matched</dt><dd>%d</dd><dt>Unmatched</dt><dd>%d</dd>",
              run->mentees, run->mentors, run->matched, unmatched);
  if (run->matched)
    html_printf(&r->out,
                "<dt>Mean score</dt><dd>%lld of 1000</dd><dt>Worst "
                "score</dt><dd>%d</dd>",
                (long long)((run->total + run->matched / 2) / run->matched),
                run->min_pair);
  html_printf(
      &r->out,
      "<dt>Total score</dt><dd>%lld</dd><dt>Aims for</dt>"
      "<dd>%s</dd><dt>Minimum score</dt><dd>%d</dd><dt>"
      "Optimal</dt><dd>%s</dd><dt>Solved in</dt><dd>%d ms"
      "</dd></dl>\n",
      (long long)run->total, objective_label(run->objective), run->min_score,
      run->proven ? "Proven optimal (a certificate checks it)" : "Not proven",
      run->solve_ms);
}

static void comparison(struct request *r, const struct matching_comparison *c)
{
  H(&r->out, "<h2>Compared with the previous run</h2>\n");
  if (!c->has_previous) {
    H(&r->out, "<p>This is the scheme's first run.</p>\n");
    return;
  }
  html_printf(&r->out,
              "<p>Against <a href=\"/runs/%lld\">run %lld</a>, which "
              "matched %d with a total score of %lld:</p>\n<ul><li>"
              "%d with the same mentor</li><li>%d with a different "
              "mentor</li><li>%d newly matched</li><li>%d no longer "
              "matched</li></ul>\n",
              (long long)c->previous_run_id, (long long)c->previous_run_id,
              c->matched_before, (long long)c->total_before, c->same,
              c->changed, c->gained, c->lost);
}

static void draft_actions(struct request *r, const struct run_row *run,
                          const struct scheme_row *scheme)
{
  H(&r->out, "<h2>Decide</h2>\n<p>Pins, removals and swaps apply from the "
             "next solve. Publishing creates the pairings and emails both "
             "sides of each.</p>\n<div class=\"actions\">\n");
  run_button(r, scheme->id, "Re-solve");
  html_printf(&r->out,
              "<form method=\"post\" action=\"/runs/%lld/publish\" "
              "class=\"inline\" data-confirm=\"Publish %d pairings? "
              "Both sides of each are emailed.\"><input type=\""
              "hidden\" name=\"_csrf\" value=\"%s\"><button type=\""
              "submit\">Publish</button></form>\n",
              (long long)run->id, run->matched, request_csrf(r));
  html_printf(&r->out,
              "<form method=\"post\" action=\"/runs/%lld/discard\" "
              "class=\"inline\" data-confirm=\"Discard this draft?\">"
              "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
              "<button type=\"submit\" class=\"button-secondary\">"
              "Discard</button></form>\n</div>\n",
              (long long)run->id, request_csrf(r));
}

static int run_page(struct request *r, int64_t run_id,
                    const struct err_detail *why)
{
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct run_pair_row *from = NULL;
  struct matching_comparison cmp;
  struct pin_set pins = {0};
  struct pairs_view v;
  int bands[10] = {0}, unmatched = 0, page = page_number(r), rc;
  char *q = arena_strdup(&r->arena, query_value(r, "q"));
  int64_t swap = 0;
  bool draft;
  const char *base;

  if ((rc = matching_run_get(r->db, run_id, run)))
    return rc;
  if ((rc = managed_scheme(r, run->scheme_id, scheme)))
    return rc;
  draft = str_eq(run->state, "draft");
  str_trim(str_lower(q));
  if (draft && *query_value(r, "swap") &&
      str_to_i64(query_value(r, "swap"), 1, INT64_MAX, &swap)) {
    from = arena_alloc(&r->arena, sizeof(*from));
    if (store_run_pair_get(r->db, run_id, swap, from))
      swap = 0;
  }
  if ((rc = matching_histogram(r->db, run_id, bands)) ||
      (rc = matching_compare(r->db, run_id, &cmp)) ||
      (rc = matching_run_unmatched(r->db, run_id, count_unmatched, &unmatched)))
    return rc;
  if (draft && (rc = store_match_pins(r->db, scheme->id, pin_add, &pins)))
    goto done;
  pin_sort(&pins);

  page_begin(r, arena_printf(&r->arena, "Match run %lld: %s",
                             (long long)run->id, scheme->name));
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld/runs\">Match runs of %s"
              "</a></p>\n<h1>Match run %lld</h1>\n<p><span class=\""
              "tag\">%s</span> Run at %s (UTC)</p>\n",
              (long long)scheme->id, scheme->name, (long long)run->id,
              run_state_label(run->state), date_text(r, run->created_at));
  if (*query_value(r, "published"))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>Published: "
                "%s pairings were created and both sides of each "
                "were emailed.</p></div>\n",
                query_value(r, "published"));
  notice_if(r, "pinned", "The pair is pinned: the next solve keeps it.");
  notice_if(r, "unpinned", "The pin was removed.");
  notice_if(r, "blocked",
            "The pair is blocked: the next solve will not "
            "propose it. Re-solve to see the change.");
  notice_if(r, "swapped",
            "The mentors were swapped and both new pairs are "
            "pinned. Re-solve to see the change.");
  if (why) {
    /* No field on this page to point at: the message alone. */
    struct err_detail *w = arena_alloc(&r->arena, sizeof(*w));

    *w = *why;
    w->field[0] = '\0';
    error_summary(r, w);
  }
  if (str_eq(run->state, "published"))
    html_printf(&r->out,
                "<p>Published on %s (UTC): %d pairings. <a href=\""
                "/schemes/%lld/pairings\">See the scheme's pairings"
                "</a></p>\n",
                date_text(r, run->published_at), run->matched,
                (long long)scheme->id);
  if (str_eq(run->state, "queued"))
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>This run "
                "is being solved. <a href=\"/runs/%lld\">Reload the "
                "page</a> in a moment to see its draft.</p></div>\n",
                (long long)run->id);
  if (str_eq(run->state, "failed"))
    html_printf(&r->out, "<p>This run could not be solved: %s</p>\n",
                run->error);

  H(&r->out, "<h2>Summary</h2>\n");
  summary_figures(r, run, unmatched);
  H(&r->out, "<h2>Scores</h2>\n");
  histogram(r, bands);
  comparison(r, &cmp);
  if (draft)
    draft_actions(r, run, scheme);

  html_printf(&r->out, "<h2 id=\"pairs\">Proposed pairs (%d)</h2>\n",
              run->matched);
  if (from)
    html_printf(&r->out,
                "<div class=\"notice\" role=\"status\"><p>Swapping "
                "mentors: %s, now with %s. Choose the pair to swap "
                "with. <a href=\"/runs/%lld#pairs\">Cancel the swap"
                "</a></p></div>\n",
                from->mentee_name, from->mentor_name, (long long)run->id);
  html_printf(&r->out,
              "<form method=\"get\" action=\"/runs/%lld\" class=\""
              "filters\" role=\"search\" aria-label=\"Pairs\">",
              (long long)run->id);
  if (swap)
    html_printf(&r->out, "<input type=\"hidden\" name=\"swap\" value=\"%lld\">",
                (long long)swap);
  html_printf(&r->out,
              "<div class=\"field\"><label for=\"q\">Find a mentee "
              "or mentor</label><input type=\"search\" id=\"q\" "
              "name=\"q\" value=\"%s\"></div><button type=\"submit\">"
              "Find</button></form>\n",
              query_value(r, "q"));

  v = (struct pairs_view){
      r, run, &pins, draft, swap, q, (page - 1) * PAIRS_PAGE, page * PAIRS_PAGE,
      0};
  if (draft)
    html_printf(&r->out,
                "<form method=\"post\" action=\"/runs/%lld/pairs\">"
                "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
                "<input type=\"hidden\" name=\"swap\" value=\"%lld\">"
                "\n",
                (long long)run->id, request_csrf(r), (long long)swap);
  table_begin(r, "Proposed pairs");
  H(&r->out, "<thead><tr><th scope=\"col\">Mentee</th><th scope=\"col\">"
             "Mentor</th><th scope=\"col\">Score</th><th scope=\"col\">"
             "Explanation</th><th scope=\"col\">Pinned</th>");
  if (draft)
    H(&r->out, "<th scope=\"col\">Change</th>");
  H(&r->out, "</tr></thead>\n<tbody>\n");
  if ((rc = matching_run_pairs(r->db, run_id, pair_row, &v)))
    goto done;
  H(&r->out, "</tbody>\n");
  table_end(r);
  if (draft)
    H(&r->out, "</form>\n");
  if (!v.seen)
    H(&r->out, "<p>No pairs to show.</p>\n");
  {
    struct buf b;

    buf_init(&b, 1024);
    buf_printf(&b, "/runs/%lld", (long long)run->id);
    if (swap || *q) {
      buf_puts(&b, "?");
      if (swap)
        buf_printf(&b, "swap=%lld%s", (long long)swap, *q ? "&" : "");
      if (*q) {
        buf_puts(&b, "q=");
        url_encode(&b, query_value(r, "q"));
      }
    }
    base = arena_strdup(&r->arena, buf_cstr(&b));
    buf_free(&b);
  }
  pager(r, base, page, PAIRS_PAGE, v.seen);

  html_printf(&r->out, "<h2 id=\"unmatched\">Unmatched mentees (%d)</h2>\n",
              unmatched);
  if (unmatched) {
    table_begin(r, "Unmatched mentees");
    H(&r->out, "<thead><tr><th scope=\"col\">Mentee</th><th scope=\"col\">"
               "Why</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>"
               "\n");
    if ((rc = matching_run_unmatched(r->db, run_id, unmatched_row, r)))
      goto done;
    H(&r->out, "</tbody>\n");
    table_end(r);
  } else {
    H(&r->out, "<p>Every waiting mentee has a proposed mentor.</p>\n");
  }
  html_printf(&r->out,
              "<p><a href=\"/schemes/%lld/matching\">Matching "
              "criteria</a></p>\n",
              (long long)scheme->id);
  rc = page_end(r);
done:
  pin_free(&pins);
  return rc;
}

int page_run(struct request *r)
{
  int64_t id = request_param_id(r, 0);

  return id ? run_page(r, id, NULL) : ERR_NOTFOUND;
}

/* "op:signup:mentor" from a row's button. */
static bool parse_act(const char *act, char *op, size_t n, int64_t *signup,
                      int64_t *mentor)
{
  const char *c1 = strchr(act, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  char num[24];

  if (!c1 || !c2 || (size_t)(c1 - act) >= n ||
      (size_t)(c2 - c1 - 1) >= sizeof(num))
    return false;
  memcpy(op, act, (size_t)(c1 - act));
  op[c1 - act] = '\0';
  memcpy(num, c1 + 1, (size_t)(c2 - c1 - 1));
  num[c2 - c1 - 1] = '\0';
  return str_to_i64(num, 1, INT64_MAX, signup) &&
         str_to_i64(c2 + 1, 1, INT64_MAX, mentor);
}

/* Swap the mentors of two pairs of the run by pinning both new pairs; on a
 * refusal the first pin is undone (back to its earlier pin, if any). */
static int swap_pairs(struct request *r, const struct run_row *run,
                      int64_t a_signup, int64_t b_signup, int64_t b_mentor,
                      struct err_detail *why)
{
  struct matching_actor a = actor_of(r);
  struct run_pair_row *pa = arena_alloc(&r->arena, sizeof(*pa));
  struct pin_set pins = {0};
  int64_t was, now = clock_now();
  int rc;

  if (a_signup == b_signup)
    return err_set(why, ERR_INPUT, "", "Choose a different pair to swap with.");
  if ((rc = store_run_pair_get(r->db, run->id, a_signup, pa)))
    return rc == ERR_NOTFOUND
               ? err_set(why, ERR_INPUT, "", "That pair is not in this run.")
               : rc;
  if ((rc = store_match_pins(r->db, run->scheme_id, pin_add, &pins)))
    goto done;
  pin_sort(&pins);
  was = pin_of(&pins, a_signup);
  if ((rc = matching_pin(r->db, &a, run->scheme_id, a_signup, b_mentor, now,
                         why)))
    goto done;
  rc = matching_pin(r->db, &a, run->scheme_id, b_signup, pa->mentor_student_id,
                    now, why);
  if (rc) {
    struct err_detail ignored;

    if (was)
      matching_pin(r->db, &a, run->scheme_id, a_signup, was, now, &ignored);
    else
      matching_unpin(r->db, &a, run->scheme_id, a_signup);
  }
done:
  pin_free(&pins);
  return rc;
}

int page_run_pairs_post(struct request *r)
{
  int64_t run_id = request_param_id(r, 0), signup, mentor, from = 0;
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  const char *done_key;
  char op[16];
  int rc;

  if (!run_id)
    return ERR_NOTFOUND;
  if ((rc = matching_run_get(r->db, run_id, run)) ||
      (rc = managed_scheme(r, run->scheme_id, scheme)))
    return rc;
  if (!parse_act(form_value(r, "act"), op, sizeof(op), &signup, &mentor))
    return ERR_INPUT;
  if (!str_eq(run->state, "draft")) {
    err_set(&why, ERR_CONFLICT, "", "This run is no longer a draft.");
    r->status = 409;
    return run_page(r, run_id, &why);
  }
  if (str_eq(op, "pin")) {
    rc = matching_pin(r->db, &a, scheme->id, signup, mentor, clock_now(), &why);
    done_key = "pinned";
  } else if (str_eq(op, "unpin")) {
    rc = matching_unpin(r->db, &a, scheme->id, signup);
    done_key = "unpinned";
  } else if (str_eq(op, "block")) {
    struct pin_set pins = {0};

    /* A pinned pair that is removed stops being pinned. */
    if (!(rc = store_match_pins(r->db, scheme->id, pin_add, &pins))) {
      pin_sort(&pins);
      if (pin_of(&pins, signup) == mentor)
        rc = matching_unpin(r->db, &a, scheme->id, signup);
    }
    pin_free(&pins);
    if (!rc)
      rc = matching_block(r->db, &a, scheme->id, signup, mentor,
                          arena_printf(&r->arena,
                                       "Removed from run %lld's draft",
                                       (long long)run_id),
                          clock_now());
    done_key = "blocked";
  } else if (str_eq(op, "swap")) {
    if (!str_to_i64(form_value(r, "swap"), 1, INT64_MAX, &from))
      return ERR_INPUT;
    rc = swap_pairs(r, run, from, signup, mentor, &why);
    done_key = "swapped";
  } else {
    return ERR_INPUT;
  }
  if ((rc == ERR_INPUT || rc == ERR_CONFLICT) && why.msg[0]) {
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return run_page(r, run_id, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/runs/%lld?%s=1#pairs",
                                  (long long)run_id, done_key));
}

int page_run_publish_post(struct request *r)
{
  int64_t run_id = request_param_id(r, 0);
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct pairing_actor a = {&r->session.user, r->ip, r->cfg->base_url};
  struct err_detail why = {"", ""};
  int created = 0, rc;

  if (!run_id)
    return ERR_NOTFOUND;
  if ((rc = matching_run_get(r->db, run_id, run)) ||
      (rc = managed_scheme(r, run->scheme_id, scheme)))
    return rc;
  rc = pairing_publish_run(r->db, &a, run_id, clock_now(), &created, &why);
  if (rc == ERR_INPUT || rc == ERR_CONFLICT) {
    if (!why.msg[0])
      err_set(&why, rc, "",
              "This run cannot be published: it is not the "
              "scheme's current draft.");
    r->status = rc == ERR_CONFLICT ? 409 : 400;
    return run_page(r, run_id, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/runs/%lld?published=%d",
                                  (long long)run_id, created));
}

int page_run_discard_post(struct request *r)
{
  int64_t run_id = request_param_id(r, 0);
  struct run_row *run = arena_alloc(&r->arena, sizeof(*run));
  struct scheme_row *scheme = arena_alloc(&r->arena, sizeof(*scheme));
  struct matching_actor a = actor_of(r);
  struct err_detail why = {"", ""};
  int rc;

  if (!run_id)
    return ERR_NOTFOUND;
  if ((rc = matching_run_get(r->db, run_id, run)) ||
      (rc = managed_scheme(r, run->scheme_id, scheme)))
    return rc;
  rc = matching_run_discard(r->db, &a, run_id, clock_now());
  if (rc == ERR_CONFLICT) {
    err_set(&why, rc, "", "Only a draft can be discarded.");
    r->status = 409;
    return run_page(r, run_id, &why);
  }
  if (rc)
    return rc;
  return redirect(r, arena_printf(&r->arena, "/schemes/%lld/runs?discarded=1",
                                  (long long)scheme->id));
}
