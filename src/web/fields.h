/* web/fields.h: labelled form controls beyond layout.h's field_input, each
 * keeping the person's value and showing why's message when it belongs to
 * the field. */
#ifndef TANDEM_WEB_FIELDS_H
#define TANDEM_WEB_FIELDS_H

#include "web/layout.h"

struct option {
  const char *value, *label;
};

/* field_select: <select> of n options; selected may be NULL; hint NULL. */
void field_select(struct request *r, const char *name, const char *label,
                  const char *hint, const struct option *options, int n,
                  const char *selected, const struct err_detail *why);
/* field_textarea: a <textarea> of rows lines. */
void field_textarea(struct request *r, const char *name, const char *label,
                    const char *hint, const char *value, int rows,
                    const struct err_detail *why);
/* field_error: the error message under a fieldset's legend, when why is
 * about name. */
void field_error(struct request *r, const char *name,
                 const struct err_detail *why);

/* new_password_fields: "New password" and "New password again", as the
 * domain's password rules name them (new_password, confirm_password). */
void new_password_fields(struct request *r, const struct err_detail *why);

#endif
