/* web/pages.h: every handler of the route table (web/routes.c). Each
 * returns 0 with the response in r, or a negative enum err that the
 * router turns into an error page. */
#ifndef TANDEM_WEB_PAGES_H
#define TANDEM_WEB_PAGES_H

#include "web/request.h"

/* web/static.c */
int page_static(struct request *r);
/* pages/home.c */
int page_home(struct request *r);
int page_healthz(struct request *r);
int api_me(struct request *r);
/* pages/signin.c */
int page_signin(struct request *r);
int page_signin_post(struct request *r);
int page_signout_post(struct request *r);
int page_forgot(struct request *r);
int page_forgot_post(struct request *r);
int page_reset(struct request *r);
int page_reset_post(struct request *r);
/* pages/account.c */
int page_account(struct request *r);
int page_password(struct request *r);
int page_password_post(struct request *r);
/* pages/admin.c */
int page_users(struct request *r);
int page_user_new(struct request *r);
int page_user_new_post(struct request *r);
int page_user(struct request *r);
int page_user_roles_post(struct request *r);
int page_user_active_post(struct request *r);
int page_audit(struct request *r);
int page_outbox(struct request *r);
/* pages/apikeys.c */
int page_apikeys(struct request *r);
int page_apikeys_post(struct request *r);
int page_apikey_revoke_post(struct request *r);

/* pages/people.c */
int page_people(struct request *r);
int page_people_bulk_post(struct request *r);
int page_person(struct request *r);
int page_person_edit(struct request *r);
int page_person_edit_post(struct request *r);
int page_person_active_post(struct request *r);
int page_person_erase_post(struct request *r);
/* pages/profile.c */
int page_profile(struct request *r);
int page_profile_post(struct request *r);
int page_my_data(struct request *r);
/* pages/import.c */
int page_import(struct request *r);
int page_import_post(struct request *r);
int page_import_template(struct request *r);
int page_people_export_csv(struct request *r);
int page_people_export_xlsx(struct request *r);
/* pages/organisation.c */
int page_organisation(struct request *r);
int page_organisation_post(struct request *r);
int page_term_post(struct request *r);
int page_faculties(struct request *r);
int page_faculties_post(struct request *r);
int page_courses(struct request *r);
int page_courses_post(struct request *r);
int page_course(struct request *r);
int page_course_post(struct request *r);
int page_staff(struct request *r);
int page_staff_member(struct request *r);
int page_interests(struct request *r);
int page_interests_post(struct request *r);
/* pages/scheme_rules.c */
int page_scheme_rules(struct request *r);
int page_scheme_rules_post(struct request *r);
int page_scheme_eligibility(struct request *r);
/* pages/proposals.c */
int page_proposals(struct request *r);
int page_proposal_new(struct request *r);
int page_proposal_new_post(struct request *r);
int page_proposal(struct request *r);
int page_proposal_approve_post(struct request *r);
int page_proposal_decline_post(struct request *r);
/* pages/rollover.c */
int page_rollover(struct request *r);
int page_rollover_post(struct request *r);
/* pages/schemes.c */
int page_schemes(struct request *r);
int page_scheme_new(struct request *r);
int page_scheme_new_post(struct request *r);
int page_scheme(struct request *r);
int page_scheme_edit(struct request *r);
int page_scheme_edit_post(struct request *r);
int page_scheme_staff_post(struct request *r);
int page_scheme_staff_remove_post(struct request *r);
int page_scheme_materials_post(struct request *r);
int page_scheme_material(struct request *r);
int page_scheme_material_delete_post(struct request *r);
/* pages/signups.c */
int page_signup_welcome(struct request *r);
int page_signup(struct request *r);
int page_signup_post(struct request *r);
int page_signup_withdraw_post(struct request *r);
int page_my_signups(struct request *r);
int page_scheme_signups(struct request *r);
int page_scheme_signups_csv(struct request *r);
int page_invitations(struct request *r);
int page_invitations_post(struct request *r);
int page_invitation_resend_post(struct request *r);
int page_invitation_revoke_post(struct request *r);
int page_invitation(struct request *r);
int page_invitation_post(struct request *r);
/* pages/applications.c */
int page_scheme_apply(struct request *r);
int page_scheme_apply_post(struct request *r);
int page_my_applications(struct request *r);
int page_application(struct request *r);
int page_application_transition_post(struct request *r);
int page_application_interview_post(struct request *r);
int page_application_score_post(struct request *r);
int page_application_note_post(struct request *r);
/* pages/application_admin.c */
int page_scheme_questions(struct request *r);
int page_scheme_questions_post(struct request *r);
int page_scheme_rubric(struct request *r);
int page_scheme_rubric_post(struct request *r);
int page_scheme_interviews(struct request *r);
int page_scheme_interviews_post(struct request *r);
int page_scheme_applications(struct request *r);
int page_scheme_applications_post(struct request *r);
int page_scheme_applications_csv(struct request *r);
/* pages/training.c */
int page_training(struct request *r);
int page_training_module_new(struct request *r);
int page_training_module_new_post(struct request *r);
int page_training_module(struct request *r);
int page_training_module_post(struct request *r);
int page_training_quiz(struct request *r);
int page_training_quiz_post(struct request *r);
int page_training_session(struct request *r);
int page_training_book_post(struct request *r);
int page_training_cancel_post(struct request *r);
int page_training_register_post(struct request *r);
int page_scheme_training(struct request *r);
int page_scheme_training_post(struct request *r);
int page_training_session_edit_post(struct request *r);
int page_training_session_cancel_post(struct request *r);
int page_training_booking_cancel_post(struct request *r);
int page_training_calendar_post(struct request *r);
int page_calendar_feed(struct request *r);
int page_training_staff(struct request *r);
int page_training_reports(struct request *r);
int page_scheme_training_report(struct request *r);
int page_scheme_training_report_csv(struct request *r);
int page_module_training_report(struct request *r);
int page_module_training_report_csv(struct request *r);
/* training_record_section: user_id's training record (completions with
 * their dates and expiry, upcoming bookings) as a section of a page; own:
 * worded for the person themself. */
int training_record_section(struct request *r, int64_t user_id, bool own);
/* pages/matching.c */
int page_scheme_matching(struct request *r);
int page_scheme_matching_post(struct request *r);
int page_scheme_unblock_post(struct request *r);
int page_scheme_runs(struct request *r);
int page_scheme_runs_post(struct request *r);
int page_run(struct request *r);
int page_run_pairs_post(struct request *r);
int page_run_publish_post(struct request *r);
int page_run_discard_post(struct request *r);

/* pages/pairings.c */
int page_scheme_pairings(struct request *r);
int page_scheme_pairings_post(struct request *r);
int page_mentor_places_post(struct request *r);
int page_pairing(struct request *r);
int page_pairing_post(struct request *r);
/* home_mentoring_card: "Your mentoring": the signed-in student's current
 * mentor and mentees, each linking to their pairing. */
void home_mentoring_card(struct request *r);
/* pages/requests.c: mentees who choose their mentor */
int page_scheme_mentors(struct request *r);
int page_scheme_mentors_post(struct request *r);
int page_request_withdraw_post(struct request *r);
int page_requests(struct request *r);
int page_request_accept_post(struct request *r);
int page_request_decline_post(struct request *r);
struct scheme_row;
/* requests_scheme_link: "Choose your mentor" for a signed-up mentee of s,
 * when s lets mentees choose; nothing otherwise. */
void requests_scheme_link(struct request *r, const struct scheme_row *s);
/* requests_home_card: a card (<li>) of home's list saying how many
 * requests wait for the signed-in mentor's answer, linking to /requests;
 * nothing when none. */
void requests_home_card(struct request *r);

#endif
