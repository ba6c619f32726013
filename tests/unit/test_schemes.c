/* The scheme catalogue's rules: each type's defaults, validation of every
 * field, default topics and eligibility rules written at creation, who may
 * manage a scheme, the catalogue's visibility, and materials checked by
 * their bytes. Runs on a fresh database (SQLite, or PostgreSQL with
 * TANDEM_TEST_DB). */
#include "base/config.h"
#include "base/str.h"
#include "domain/people.h"
#include "domain/schemes.h"
#include "store/migrate.h"
#include "test_db.h"
#include "web/markdown.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static struct config cfg;
static int64_t course_id, faculty_id, academic_id, professional_id;

static int setup(void **state)
{
  struct db *db = test_db_open();
  struct faculty_row f = {.code = "FSE", .name = "Science and Engineering"};
  struct course_row c = {.code = "CS101", .title = "Computer Science",
                         .level = "undergraduate", .years = 3,
                         .faculty_code = "FSE", .active = true};
  struct staff_row a = {.number = "S1", .name = "Dr Ada Byron",
                        .email = "ada@uni.ac.uk", .kind = "academic",
                        .active = true};
  struct staff_row p = {.number = "S2", .name = "Pat Admin",
                        .email = "pat@uni.ac.uk", .kind = "professional",
                        .active = true};
  char change;

  config_defaults(&cfg);
  assert_int_equal(accounts_init(&cfg), 0);
  assert_int_equal(store_migrate(db, NULL), 0);
  assert_int_equal(faculty_save(db, &f, &change, NULL), 0);
  assert_int_equal(course_save(db, &c, &change, NULL), 0);
  assert_int_equal(staff_save(db, &a, &change, NULL), 0);
  assert_int_equal(staff_save(db, &p, &change, NULL), 0);
  faculty_id = f.id ? f.id : c.faculty_id;
  course_id = c.id;
  academic_id = a.id;
  professional_id = p.id;
  *state = db;
  return 0;
}

static int teardown(void **state)
{
  test_db_close(*state);
  return 0;
}

/* A valid scheme of type with its defaults. */
static void a_scheme(struct scheme_row *r, const char *type)
{
  assert_int_equal(scheme_defaults(type, r), 0);
  str_copy(r->name, sizeof(r->name), "  Computer Science peer mentoring ");
  str_copy(r->academic_year, sizeof(r->academic_year), "2026/27");
  str_copy(r->starts_on, sizeof(r->starts_on), "2026-09-21");
  str_copy(r->ends_on, sizeof(r->ends_on), "2027-06-11");
  if (strcmp(r->owner_level, "course") == 0) {
    r->ncourses = 1;
    r->courses[0] = course_id;
  }
  if (strcmp(r->owner_level, "faculty") == 0) {
    r->nfaculties = 1;
    r->faculties[0] = faculty_id;
  }
  if (strcmp(type, "pal") == 0)
    r->sponsor_staff_id = academic_id;
}

static void test_every_type_has_defaults_that_validate(void **state)
{
  struct db *db = *state;
  struct scheme_row r;
  struct err_detail why = {0};
  const char *t;

  for (int i = 0; (t = scheme_type_at(i)); i++) {
    a_scheme(&r, t);
    assert_string_equal(r.status, "draft");
    assert_true(strcmp(scheme_type_label(t), t) != 0);
    if (scheme_validate(db, &r, &why))
      fail_msg("type %s: %s: %s", t, why.field, why.msg);
  }
  assert_int_equal(scheme_defaults("bogus", &r), ERR_INPUT);
  assert_string_equal(scheme_type_label("bogus"), "bogus");
  assert_string_equal(scheme_type_label("pal"), "Peer Assisted Learning");
}

static void test_type_defaults_say_what_the_type_is(void **state)
{
  struct scheme_row r;
  struct scheme_topic_row t[S_TOPICS_MAX];
  struct scheme_rule_default rules[SCHEME_RULES_MAX];
  int n;
  bool visa = false;

  (void)state;
  assert_int_equal(scheme_defaults("pal", &r), 0);
  assert_string_equal(r.format, "group");
  assert_int_equal(r.group_size, 8);
  assert_string_equal(r.mode, "face_to_face");
  assert_true(r.paid);
  assert_true(r.rate_pence > 0);
  assert_string_equal(r.period, "semester");
  assert_int_equal(scheme_defaults("pre_arrival", &r), 0);
  assert_string_equal(r.mode, "online");
  assert_string_equal(r.contact, "messages");
  assert_string_equal(r.matching_mode, "mentee_chooses");
  assert_int_equal(scheme_defaults("pastoral", &r), 0);
  assert_string_equal(r.format, "one_to_one");
  assert_string_equal(r.mode, "blended");
  assert_false(r.paid);

  assert_int_equal(scheme_default_topics("pastoral", t, S_TOPICS_MAX, &n), 0);
  for (int i = 0; i < n; i++)
    if (strcmp(t[i].topic, "visa") == 0)
      visa = strcmp(t[i].kind, "refer") == 0;
  assert_true(visa);

  assert_int_equal(scheme_default_rules("final_year", rules, &n), 0);
  assert_string_equal(rules[0].side, "mentor");
  assert_string_equal(rules[0].value, "graduated");
  assert_string_equal(rules[1].kind, "graduated_within");
  assert_int_equal(scheme_default_rules("pre_arrival", rules, &n), 0);
  assert_string_equal(rules[0].kind, "min_years");
  assert_string_equal(rules[n - 1].value, "incoming");
  assert_int_equal(scheme_default_rules("international", rules, &n), 0);
  assert_string_equal(rules[n - 1].kind, "fee_status");
  assert_string_equal(rules[n - 1].value, "international");
}

/* scheme_validate fails on field with r changed by change(). */
#define REFUSED(field_name, ...)                                               \
  do {                                                                         \
    struct err_detail why_ = {0};                                              \
    a_scheme(&r, "pastoral");                                                  \
    __VA_ARGS__;                                                               \
    assert_int_equal(scheme_validate(db, &r, &why_), ERR_INPUT);               \
    assert_string_equal(why_.field, field_name);                               \
    assert_true(why_.msg[0] != '\0');                                          \
  } while (0)

static void test_validation_names_the_field(void **state)
{
  struct db *db = *state;
  struct scheme_row r;
  struct err_detail why = {0};

  REFUSED("name", r.name[0] = '\0');
  REFUSED("name", memset(r.name, 'x', 155); r.name[155] = '\0');
  REFUSED("name", str_copy(r.name, sizeof(r.name), "two\nlines"));
  REFUSED("type", str_copy(r.type, sizeof(r.type), "fun"));
  REFUSED("academic_year",
          str_copy(r.academic_year, sizeof(r.academic_year), "2026/28"));
  REFUSED("academic_year",
          str_copy(r.academic_year, sizeof(r.academic_year), "2026"));
  REFUSED("owner_level", str_copy(r.owner_level, S_WORD, "global"));
  REFUSED("format", str_copy(r.format, S_WORD, "crowd"));
  REFUSED("mode", str_copy(r.mode, S_WORD, "telepathy"));
  REFUSED("matching_mode", str_copy(r.matching_mode, S_WORD, "lottery"));
  REFUSED("status", str_copy(r.status, S_WORD, "live"));
  REFUSED("group_size", str_copy(r.format, S_WORD, "group"); r.group_size = 0);
  REFUSED("group_size", str_copy(r.format, S_WORD, "group");
          r.group_size = 101);
  REFUSED("mentor_capacity", r.mentor_capacity = 0);
  REFUSED("mentor_capacity", r.mentor_capacity = 101);
  REFUSED("starts_on", str_copy(r.starts_on, S_DATE, "2026-02-30"));
  REFUSED("ends_on", str_copy(r.ends_on, S_DATE, "11/06/2027"));
  REFUSED("ends_on", str_copy(r.ends_on, S_DATE, "2026-09-20"));
  REFUSED("rate", r.paid = true; r.rate_pence = 0);
  REFUSED("rate", r.paid = false; r.rate_pence = 1200);
  REFUSED("term_id", r.term_id = 999);
  REFUSED("sponsor_staff_id", r.sponsor_staff_id = professional_id);
  REFUSED("sponsor_staff_id", r.sponsor_staff_id = 9999);
  REFUSED("courses", r.ncourses = 1; r.courses[0] = 9999);
  REFUSED("faculties", r.nfaculties = 1; r.faculties[0] = 9999);
  REFUSED("courses", str_copy(r.owner_level, S_WORD, "course"));

  /* PAL without an academic sponsor is refused; with one, accepted. */
  a_scheme(&r, "pal");
  r.sponsor_staff_id = 0;
  assert_int_equal(scheme_validate(db, &r, &why), ERR_INPUT);
  assert_string_equal(why.field, "sponsor_staff_id");
  a_scheme(&r, "pal");
  assert_int_equal(scheme_validate(db, &r, &why), 0);

  /* Trimmed in place; a one-to-one scheme keeps no group size. */
  a_scheme(&r, "pastoral");
  r.group_size = 5;
  assert_int_equal(scheme_validate(db, &r, &why), 0);
  assert_string_equal(r.name, "Computer Science peer mentoring");
  assert_int_equal(r.group_size, 0);
}

static void test_create_writes_defaults_and_save_changes_them(void **state)
{
  struct db *db = *state;
  struct scheme_row r, got;
  struct scheme_topic_row t[S_TOPICS_MAX];
  struct err_detail why = {0};
  struct db_stmt *st;
  int64_t id;
  int n, rules = 0;

  a_scheme(&r, "international");
  r.ncourses = 1;
  r.courses[0] = course_id;
  assert_int_equal(scheme_create(db, 0, NULL, &r, &id, &why), 0);
  assert_true(id > 0);
  assert_int_equal(scheme_get(db, id, &got), 0);
  assert_string_equal(got.name, "Computer Science peer mentoring");
  assert_string_equal(got.type, "international");
  assert_int_equal(got.ncourses, 1);
  assert_int_equal(got.courses[0], course_id);
  assert_int_equal(scheme_topics(db, id, t, S_TOPICS_MAX, &n), 0);
  assert_true(n >= 6);
  assert_string_equal(t[0].kind, "help");
  assert_int_equal(db_prepare(db,
                              "SELECT COUNT(*) FROM scheme_rules"
                              " WHERE scheme_id = $1",
                              &st),
                   0);
  db_bind_int(st, 1, id);
  assert_int_equal(db_step(st), DB_ROW);
  rules = (int)db_col_int(st, 0);
  db_finish(st);
  assert_int_equal(rules, 4);

  /* Every default can be changed. */
  str_copy(got.status, S_WORD, "published");
  str_copy(got.format, S_WORD, "group");
  got.group_size = 6;
  got.paid = true;
  got.rate_pence = 1500;
  got.applications_open = true;
  got.ncourses = 0;
  got.nfaculties = 1;
  got.faculties[0] = faculty_id;
  assert_int_equal(scheme_save(db, 0, NULL, &got, &why), 0);
  assert_int_equal(scheme_get(db, id, &r), 0);
  assert_string_equal(r.status, "published");
  assert_int_equal(r.group_size, 6);
  assert_int_equal(r.rate_pence, 1500);
  assert_true(r.applications_open);
  assert_int_equal(r.ncourses, 0);
  assert_int_equal(r.nfaculties, 1);

  /* A failed save changes nothing. */
  got.mentor_capacity = 0;
  assert_int_equal(scheme_save(db, 0, NULL, &got, &why), ERR_INPUT);
  assert_int_equal(scheme_get(db, id, &r), 0);
  assert_int_equal(r.mentor_capacity, 3);
  assert_int_equal(scheme_get(db, id + 1000, &r), ERR_NOTFOUND);
}

static void test_who_may_manage_and_see(void **state)
{
  struct db *db = *state;
  struct user admin, coord, champ, other, student;
  struct scheme_row r, got;
  struct err_detail why = {0};
  struct scheme_filter f = {0};
  struct scheme_brief rows[10];
  int64_t id, total;
  int n;

  assert_int_equal(account_create(db, 0, NULL, "admin@uni.ac.uk", "Admin",
                                  "long enough password", ROLE_ADMIN, &admin,
                                  &why),
                   0);
  assert_int_equal(account_create(db, 0, NULL, "coord@uni.ac.uk", "Coord",
                                  "long enough password", ROLE_COORDINATOR,
                                  &coord, &why),
                   0);
  assert_int_equal(account_create(db, 0, NULL, "champ@uni.ac.uk", "Champ",
                                  "long enough password", ROLE_CHAMPION,
                                  &champ, &why),
                   0);
  assert_int_equal(account_create(db, 0, NULL, "other@uni.ac.uk", "Other",
                                  "long enough password", ROLE_CHAMPION,
                                  &other, &why),
                   0);
  assert_int_equal(account_create(db, 0, NULL, "stu@uni.ac.uk", "Stu",
                                  "long enough password", ROLE_STUDENT,
                                  &student, &why),
                   0);
  a_scheme(&r, "buddy");
  str_copy(r.name, sizeof(r.name), "Draft buddies");
  assert_int_equal(scheme_create(db, coord.id, NULL, &r, &id, &why), 0);
  assert_int_equal(scheme_staff_add(db, coord.id, NULL, id, "CHAMP@uni.ac.uk",
                                    "champion", &why),
                   0);
  assert_int_equal(scheme_staff_add(db, coord.id, NULL, id, "nobody@uni.ac.uk",
                                    "champion", &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "email");
  assert_int_equal(scheme_staff_add(db, coord.id, NULL, id, "stu@uni.ac.uk",
                                    "champion", &why),
                   ERR_INPUT);

  assert_true(scheme_may_manage(db, &admin, id));
  assert_true(scheme_may_manage(db, &coord, id));
  assert_true(scheme_may_manage(db, &champ, id));
  assert_false(scheme_may_manage(db, &other, id));
  assert_false(scheme_may_manage(db, &student, id));
  assert_false(scheme_may_manage(db, NULL, id));

  assert_int_equal(scheme_get(db, id, &got), 0);
  assert_true(scheme_visible(db, &champ, &got));
  assert_false(scheme_visible(db, &other, &got));
  assert_false(scheme_visible(db, NULL, &got));

  /* The catalogue: the draft only for those who manage it. */
  str_copy(f.q, sizeof(f.q), "BUDDIES");
  assert_int_equal(scheme_list(db, NULL, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 0);
  assert_int_equal(scheme_list(db, &student, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 0);
  assert_int_equal(scheme_list(db, &champ, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 1);
  assert_int_equal(scheme_list(db, &coord, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(total, 1);
  str_copy(got.status, S_WORD, "published");
  assert_int_equal(scheme_save(db, coord.id, NULL, &got, &why), 0);
  assert_int_equal(scheme_list(db, NULL, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 1);
  assert_string_equal(rows[0].name, "Draft buddies");
  /* Serving everyone, it shows under any faculty or course. */
  f.course_id = course_id;
  assert_int_equal(scheme_list(db, NULL, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 1);
  str_copy(f.type, sizeof(f.type), "pal");
  assert_int_equal(scheme_list(db, NULL, &f, 0, 10, rows, &n, &total), 0);
  assert_int_equal(n, 0);

  assert_int_equal(scheme_staff_remove(db, coord.id, NULL, id, champ.id,
                                       "champion"),
                   0);
  assert_false(scheme_may_manage(db, &champ, id));
}

static void test_materials_are_checked_by_their_bytes(void **state)
{
  struct db *db = *state;
  struct scheme_row r;
  struct scheme_material_row m;
  struct err_detail why = {0};
  static const unsigned char pdf[] = "%PDF-1.4\n%%EOF\n";
  static const unsigned char html[] = "<html><script>alert(1)</script>";
  static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  unsigned char *data, *big;
  char title[S_NAME] = "", name[S_FILENAME];
  size_t len;
  int64_t id, mid;

  assert_string_equal(scheme_material_type(pdf, sizeof(pdf) - 1),
                      "application/pdf");
  assert_string_equal(scheme_material_type(png, sizeof(png) - 1), "image/png");
  assert_null(scheme_material_type(html, sizeof(html) - 1));
  assert_string_equal(
      scheme_material_type((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16),
      "image/webp");

  scheme_material_filename("C:\\Users\\me\\Welcome pack (v2).PDF",
                           "application/pdf", name);
  assert_string_equal(name, "Welcome_pack_v2_.pdf");
  scheme_material_filename("../../etc/passwd", "image/png", name);
  assert_string_equal(name, "passwd.png");
  scheme_material_filename("...", "image/gif", name);
  assert_string_equal(name, "material.gif");
  scheme_material_filename("evil.html", "application/pdf", name);
  assert_string_equal(name, "evil.pdf");

  a_scheme(&r, "pastoral");
  assert_int_equal(scheme_create(db, 0, NULL, &r, &id, &why), 0);
  assert_int_equal(scheme_material_add(db, 0, NULL, id, title, "a.pdf", html,
                                       sizeof(html) - 1, &mid, &why),
                   ERR_INPUT);
  assert_string_equal(why.field, "file");
  big = calloc(1, SCHEME_MATERIAL_MAX + 1);
  memcpy(big, "%PDF-", 5);
  assert_int_equal(scheme_material_add(db, 0, NULL, id, title, "big.pdf", big,
                                       SCHEME_MATERIAL_MAX + 1, &mid, &why),
                   ERR_TOOBIG);
  free(big);
  assert_int_equal(scheme_material_add(db, 0, NULL, id, title, "Guide.pdf",
                                       pdf, sizeof(pdf) - 1, &mid, &why),
                   0);
  assert_int_equal(scheme_material_get(db, id, mid, &m, &data, &len), 0);
  assert_int_equal(len, sizeof(pdf) - 1);
  assert_memory_equal(data, pdf, len);
  assert_string_equal(m.content_type, "application/pdf");
  assert_string_equal(m.title, "Guide.pdf");
  assert_int_equal(strlen(m.sha256), 64);
  free(data);
  assert_int_equal(scheme_material_get(db, id + 1, mid, &m, &data, &len),
                   ERR_NOTFOUND);
  assert_int_equal(scheme_material_delete(db, 0, NULL, id, mid), 0);
  assert_int_equal(scheme_material_delete(db, 0, NULL, id, mid), ERR_NOTFOUND);
}

static void test_markdown_is_safe(void **state)
{
  struct buf b;
  const char *html;

  (void)state;
  buf_init(&b, 1 << 16);
  markdown_html(&b, "## Hi\n\n**bold** <script>alert(1)</script>\n\n"
                    "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) "
                    "[z](https://example.org/)\n\n<img src=x onerror=y>\n\n"
                    "#### Deeper");
  html = buf_cstr(&b);
  assert_non_null(strstr(html, "<h2>Hi</h2>"));
  assert_non_null(strstr(html, "<h4>Deeper</h4>"));
  assert_non_null(strstr(html, "<strong>bold</strong>"));
  assert_non_null(strstr(html, "<a href=\"https://example.org/\">z</a>"));
  assert_null(strstr(html, "<script"));
  assert_null(strcasestr(html, "javascript:"));
  assert_null(strstr(html, "onerror"));
  buf_free(&b);
  buf_init(&b, 64);
  markdown_html(&b, NULL);
  markdown_html(&b, "");
  assert_int_equal(b.len, 0);
  buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_type_has_defaults_that_validate),
      cmocka_unit_test(test_type_defaults_say_what_the_type_is),
      cmocka_unit_test(test_validation_names_the_field),
      cmocka_unit_test(test_create_writes_defaults_and_save_changes_them),
      cmocka_unit_test(test_who_may_manage_and_see),
      cmocka_unit_test(test_materials_are_checked_by_their_bytes),
      cmocka_unit_test(test_markdown_is_safe),
  };

  return cmocka_run_group_tests(tests, setup, teardown);
}
