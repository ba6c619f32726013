#include "domain/copy.h"

#include "base/str.h"
#include "store/tables.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* A table's rows, summed in their fixed order: each value as text, NULL
 * distinct from any text, columns and rows delimited. */
struct summer {
  crypto_generichash_state h;
  int64_t rows;
  int ncols;
  struct db *to; /* when copying: where each row goes */
  const struct store_table *table;
};

static void sum_row(struct summer *s, const char *const *values)
{
  static const unsigned char null_mark = 0, col = 0x1f, row = 0x1e;

  for (int i = 0; i < s->ncols; i++) {
    if (values[i])
      crypto_generichash_update(&s->h, (const unsigned char *)values[i],
                                strlen(values[i]));
    else
      crypto_generichash_update(&s->h, &null_mark, 1);
    crypto_generichash_update(&s->h, &col, 1);
  }
  crypto_generichash_update(&s->h, &row, 1);
  s->rows++;
}

static int copy_row(void *ctx, const char *const *values)
{
  struct summer *s = ctx;

  sum_row(s, values);
  return store_table_insert(s->to, s->table, values);
}

static int only_sum(void *ctx, const char *const *values)
{
  sum_row(ctx, values);
  return 0;
}

static void finish_sum(struct summer *s, char *hex)
{
  unsigned char out[16];

  crypto_generichash_final(&s->h, out, sizeof(out));
  sodium_bin2hex(hex, 17, out, 8);
}

static void summer_init(struct summer *s, const struct store_table *t,
                        struct db *to)
{
  memset(s, 0, sizeof(*s));
  crypto_generichash_init(&s->h, NULL, 0, 16);
  s->ncols = t->ncols;
  s->table = t;
  s->to = to;
}

static int check_schemas(struct db *from, struct db *to,
                         struct err_detail *why)
{
  char name[64], msg[256];
  int rc;

  if ((rc = store_table_unlisted(from, name, sizeof(name))))
    return rc;
  if (name[0]) {
    snprintf(msg, sizeof(msg),
             "The source has a table this tandem does not know (%s): copy "
             "with the tandem that made it.",
             name);
    return err_set(why, ERR_CONFLICT, "from", msg);
  }
  for (const struct store_table *t = store_tables; t->name; t++) {
    int64_t n;

    if ((rc = store_table_count(to, t, &n)))
      return rc;
    if (n) {
      snprintf(msg, sizeof(msg),
               "The target already holds data (%lld rows in %s): copy into "
               "an empty database.",
               (long long)n, t->name);
      return err_set(why, ERR_CONFLICT, "to", msg);
    }
  }
  return 0;
}

int copy_installation(struct db *from, struct db *to, struct copy_report *rep,
                      struct err_detail *why)
{
  int rc;

  memset(rep, 0, sizeof(*rep));
  if (sodium_init() < 0)
    return ERR_INTERNAL;
  if ((rc = check_schemas(from, to, why)))
    return rc;
  if ((rc = db_begin(to)))
    return rc;
  for (const struct store_table *t = store_tables; t->name; t++) {
    struct copy_table_report *tr = &rep->tables[rep->ntables++];
    struct summer src, back;
    char back_sum[17];

    str_copy(tr->name, sizeof(tr->name), t->name);
    summer_init(&src, t, to);
    if ((rc = store_table_rows(from, t, copy_row, &src)) ||
        (rc = store_table_after_copy(to, t)))
      break;
    finish_sum(&src, tr->checksum);
    tr->rows = src.rows;
    /* Read the target back inside the transaction, before committing. */
    summer_init(&back, t, NULL);
    if ((rc = store_table_rows(to, t, only_sum, &back)))
      break;
    finish_sum(&back, back_sum);
    tr->verified = back.rows == src.rows && strcmp(back_sum, tr->checksum) == 0;
    if (!tr->verified) {
      char msg[256];

      snprintf(msg, sizeof(msg),
               "Table %s did not read back the same (%lld rows copied, %lld "
               "read back): nothing was copied.",
               t->name, (long long)src.rows, (long long)back.rows);
      rc = err_set(why, ERR_INTERNAL, "", msg);
      break;
    }
  }
  if (rc) {
    db_rollback(to);
    return rc;
  }
  return db_commit(to);
}
