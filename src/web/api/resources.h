/* web/api/resources.h: the handlers of /api/v1 (web/routes.c). Each
 * returns 0 with the response in r (a JSON document, or a problem
 * document for a caller's mistake), or a negative enum err that the
 * router turns into a problem document. */
#ifndef TANDEM_WEB_API_RESOURCES_H
#define TANDEM_WEB_API_RESOURCES_H

#include "web/request.h"

/* api/people.c: students */
int api_people_list(struct request *r);
int api_people_get(struct request *r);
int api_people_create(struct request *r);
int api_people_update(struct request *r);
/* api/courses.c */
int api_courses_list(struct request *r);
int api_courses_get(struct request *r);
int api_courses_create(struct request *r);
int api_courses_update(struct request *r);
/* api/faculties.c */
int api_faculties_list(struct request *r);
int api_faculties_get(struct request *r);
int api_faculties_create(struct request *r);
int api_faculties_update(struct request *r);
/* api/signups.c: mentee sign-ups */
int api_scheme_signups_list(struct request *r);
int api_signups_get(struct request *r);
/* api/schemes.c: the scheme catalogue */
int api_schemes_list(struct request *r);
int api_schemes_get(struct request *r);
int api_schemes_create(struct request *r);
/* api/applications.c: mentor applications */
int api_applications_list(struct request *r);
int api_applications_get(struct request *r);
int api_applications_transition(struct request *r);
/* api/training.c: training modules and sessions */
int api_training_modules_list(struct request *r);
int api_training_sessions_list(struct request *r);
int api_training_report(struct request *r);
/* api/matching.c: a scheme's matching settings, preview, runs */
int api_scheme_matching_get(struct request *r);
int api_scheme_matching_put(struct request *r);
int api_scheme_matching_preview(struct request *r);
int api_scheme_runs_create(struct request *r);
int api_runs_get(struct request *r);
int api_runs_publish(struct request *r);
int api_scheme_blocks_list(struct request *r);
int api_scheme_blocks_delete(struct request *r);
/* api/pairings.c: pairings */
int api_pairings_list(struct request *r);
int api_pairings_get(struct request *r);
int api_pairings_assign(struct request *r);
int api_pairings_end(struct request *r);
int api_mentor_places_put(struct request *r);
/* api/requests.c: mentees who choose their mentor */
int api_scheme_mentors(struct request *r);
int api_scheme_requests_create(struct request *r);
int api_requests_list(struct request *r);
int api_requests_accept(struct request *r);
int api_requests_decline(struct request *r);
int api_requests_withdraw(struct request *r);
/* api/openapi.c: GET /api/v1/openapi.json */
int api_openapi(struct request *r);

#endif
