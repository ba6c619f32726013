/* web/routes.c: every address Tandem answers, and who may call it. The
 * router enforces the role before the handler runs. */
#include "web/api/resources.h"
#include "web/pages.h"
#include "web/router.h"

const struct route routes[] = {
    /* method  pattern                       who          handler */
    {"GET", "/", ANYONE, page_home, 0},
    {"GET", "/healthz", ANYONE, page_healthz, ROUTE_NO_SESSION},
    {"GET", "/static/{name}", ANYONE, page_static, ROUTE_NO_SESSION},

    {"GET", "/signin", ANYONE, page_signin, 0},
    {"POST", "/signin", ANYONE, page_signin_post, 0},
    {"POST", "/signout", SIGNED_IN, page_signout_post, 0},
    {"GET", "/password/forgot", ANYONE, page_forgot, 0},
    {"POST", "/password/forgot", ANYONE, page_forgot_post, 0},
    {"GET", "/password/reset", ANYONE, page_reset, 0},
    {"POST", "/password/reset", ANYONE, page_reset_post, 0},

    {"GET", "/account", SIGNED_IN, page_account, 0},
    {"GET", "/account/password", SIGNED_IN, page_password, 0},
    {"POST", "/account/password", SIGNED_IN, page_password_post, 0},

    {"GET", "/admin/users", ADMIN, page_users, 0},
    {"GET", "/admin/users/new", ADMIN, page_user_new, 0},
    {"POST", "/admin/users/new", ADMIN, page_user_new_post, 0},
    {"GET", "/admin/users/{id}", ADMIN, page_user, 0},
    {"POST", "/admin/users/{id}/roles", ADMIN, page_user_roles_post, 0},
    {"POST", "/admin/users/{id}/active", ADMIN, page_user_active_post, 0},
    {"GET", "/admin/audit", ADMIN, page_audit, 0},
    {"GET", "/admin/outbox", ADMIN, page_outbox, 0},
    {"GET", "/admin/api-keys", ADMIN, page_apikeys, 0},
    {"POST", "/admin/api-keys", ADMIN, page_apikeys_post, 0},
    {"POST", "/admin/api-keys/{id}/revoke", ADMIN, page_apikey_revoke_post,
     0},

    {"GET", "/people", STAFF, page_people, 0},
    {"POST", "/people/bulk", COORDINATOR | ADMIN, page_people_bulk_post, 0},
    /* Before /people/{id}, which would match them too. */
    {"GET", "/people/import", COORDINATOR | ADMIN, page_import, 0},
    {"POST", "/people/import", COORDINATOR | ADMIN, page_import_post,
     ROUTE_UPLOAD},
    {"GET", "/people/import/template/{kind}", COORDINATOR | ADMIN,
     page_import_template, 0},
    {"GET", "/people/export.csv", STAFF, page_people_export_csv, 0},
    {"GET", "/people/export.xlsx", STAFF, page_people_export_xlsx, 0},
    {"GET", "/people/{id}", STAFF, page_person, 0},
    {"GET", "/people/{id}/edit", COORDINATOR | ADMIN, page_person_edit, 0},
    {"POST", "/people/{id}/edit", COORDINATOR | ADMIN, page_person_edit_post,
     0},
    {"POST", "/people/{id}/active", COORDINATOR | ADMIN,
     page_person_active_post, 0},
    {"POST", "/people/{id}/erase", ADMIN, page_person_erase_post, 0},
    {"GET", "/profile", STUDENT, page_profile, 0},
    {"POST", "/profile", STUDENT, page_profile_post, 0},
    {"GET", "/profile/data.json", SIGNED_IN, page_my_data, 0},

    {"GET", "/api/v1/me", SIGNED_IN, api_me, 0},
    {"GET", "/api/v1/openapi.json", ANYONE, api_openapi, 0},
    {"GET", "/api/v1/people", API_READ | STAFF, api_people_list, 0},
    {"POST", "/api/v1/people", API_WRITE, api_people_create, 0},
    {"GET", "/api/v1/people/{id}", API_READ | STAFF, api_people_get, 0},
    {"PATCH", "/api/v1/people/{id}", API_WRITE, api_people_update, 0},
    {"GET", "/api/v1/courses", API_READ | STAFF, api_courses_list, 0},
    {"POST", "/api/v1/courses", API_WRITE, api_courses_create, 0},
    {"GET", "/api/v1/courses/{id}", API_READ | STAFF, api_courses_get, 0},
    {"PATCH", "/api/v1/courses/{id}", API_WRITE, api_courses_update, 0},
    {"GET", "/api/v1/faculties", API_READ | STAFF, api_faculties_list, 0},
    {"POST", "/api/v1/faculties", API_WRITE, api_faculties_create, 0},
    {"GET", "/api/v1/faculties/{id}", API_READ | STAFF, api_faculties_get,
     0},
    {"PATCH", "/api/v1/faculties/{id}", API_WRITE, api_faculties_update, 0},
    {NULL, NULL, 0, NULL, 0},
};
