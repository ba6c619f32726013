/* store/tables.c: the table list of store/tables.h. */
#include "store/tables.h"

#include "base/err.h"
#include "base/str.h"

#define SEQ(t)                                                                 \
  "SELECT setval(pg_get_serial_sequence('" t "', 'id'),"                       \
  " COALESCE((SELECT MAX(id) FROM " t "), 0) + 1, false)"

const struct store_table store_tables[] = {
    {"users", 8,
     "SELECT id, email, name, password_hash, roles, active, created_at,"
     " updated_at FROM users ORDER BY id",
     "INSERT INTO users (id, email, name, password_hash, roles, active,"
     " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM users", SEQ("users")},
    {"institution", 4,
     "SELECT id, name, year_starts_on, year_ends_on FROM institution"
     " ORDER BY id",
     "INSERT INTO institution (id, name, year_starts_on, year_ends_on)"
     " VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM institution", NULL},
    {"terms", 4,
     "SELECT id, name, starts_on, ends_on FROM terms ORDER BY id",
     "INSERT INTO terms (id, name, starts_on, ends_on) VALUES ($1, $2,"
     " $3, $4)",
     "SELECT COUNT(*) FROM terms", SEQ("terms")},
    {"faculties", 3,
     "SELECT id, code, name FROM faculties ORDER BY id",
     "INSERT INTO faculties (id, code, name) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM faculties", SEQ("faculties")},
    {"courses", 8,
     "SELECT id, code, title, faculty_id, level, years, campus, active"
     " FROM courses ORDER BY id",
     "INSERT INTO courses (id, code, title, faculty_id, level, years,"
     " campus, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM courses", SEQ("courses")},
    {"students", 24,
     "SELECT id, student_number, user_id, legal_name, preferred_name,"
     " pronouns, university_email, personal_email, course_id,"
     " year_of_study, study_mode, status, graduated_on, home_country,"
     " fee_status, campus, bio, availability, contact_preference,"
     " active, erased_at, search_text, created_at, updated_at FROM"
     " students ORDER BY id",
     "INSERT INTO students (id, student_number, user_id, legal_name,"
     " preferred_name, pronouns, university_email, personal_email,"
     " course_id, year_of_study, study_mode, status, graduated_on,"
     " home_country, fee_status, campus, bio, availability,"
     " contact_preference, active, erased_at, search_text, created_at,"
     " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
     " $23, $24)",
     "SELECT COUNT(*) FROM students", SEQ("students")},
    {"student_years", 4,
     "SELECT student_id, academic_year, year_of_study, outcome FROM"
     " student_years ORDER BY student_id, academic_year",
     "INSERT INTO student_years (student_id, academic_year,"
     " year_of_study, outcome) VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM student_years", NULL},
    {"student_languages", 3,
     "SELECT student_id, language, first_language FROM"
     " student_languages ORDER BY student_id, language",
     "INSERT INTO student_languages (student_id, language,"
     " first_language) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM student_languages", NULL},
    {"interests", 2,
     "SELECT id, name FROM interests ORDER BY id",
     "INSERT INTO interests (id, name) VALUES ($1, $2)",
     "SELECT COUNT(*) FROM interests", SEQ("interests")},
    {"student_interests", 2,
     "SELECT student_id, interest_id FROM student_interests ORDER BY"
     " student_id, interest_id",
     "INSERT INTO student_interests (student_id, interest_id) VALUES"
     " ($1, $2)",
     "SELECT COUNT(*) FROM student_interests", NULL},
    {"student_characteristics", 4,
     "SELECT student_id, kind, visible_to, consented_at FROM"
     " student_characteristics ORDER BY student_id, kind",
     "INSERT INTO student_characteristics (student_id, kind,"
     " visible_to, consented_at) VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM student_characteristics", NULL},
    {"staff", 12,
     "SELECT id, staff_number, user_id, name, email, job_title, kind,"
     " faculty_id, active, erased_at, created_at, updated_at FROM"
     " staff ORDER BY id",
     "INSERT INTO staff (id, staff_number, user_id, name, email,"
     " job_title, kind, faculty_id, active, erased_at, created_at,"
     " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12)",
     "SELECT COUNT(*) FROM staff", SEQ("staff")},
    {"staff_courses", 2,
     "SELECT staff_id, course_id FROM staff_courses ORDER BY staff_id,"
     " course_id",
     "INSERT INTO staff_courses (staff_id, course_id) VALUES ($1, $2)",
     "SELECT COUNT(*) FROM staff_courses", NULL},
    {"api_keys", 9,
     "SELECT id, name, prefix, key_hash, scope, created_by,"
     " created_at, last_used_at, revoked_at FROM api_keys ORDER BY id",
     "INSERT INTO api_keys (id, name, prefix, key_hash, scope,"
     " created_by, created_at, last_used_at, revoked_at) VALUES ($1,"
     " $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT COUNT(*) FROM api_keys", SEQ("api_keys")},
    {"sessions", 8,
     "SELECT token_hash, user_id, csrf, created_at, last_seen_at, expires_at,"
     " ip, user_agent FROM sessions ORDER BY token_hash",
     "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
     " last_seen_at, expires_at, ip, user_agent)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM sessions", NULL},
    {"login_failures", 3,
     "SELECT id, key, at FROM login_failures ORDER BY id",
     "INSERT INTO login_failures (id, key, at) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM login_failures", SEQ("login_failures")},
    {"password_resets", 5,
     "SELECT token_hash, user_id, created_at, expires_at, used_at"
     " FROM password_resets ORDER BY token_hash",
     "INSERT INTO password_resets (token_hash, user_id, created_at,"
     " expires_at, used_at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM password_resets", NULL},
    {"outbox", 12,
     "SELECT id, to_addr, subject, body, created_at, claimed_until, sent_at,"
     " attempts, last_error, attachment_name, attachment_type, attachment"
     " FROM outbox ORDER BY id",
     "INSERT INTO outbox (id, to_addr, subject, body, created_at,"
     " claimed_until, sent_at, attempts, last_error, attachment_name,"
     " attachment_type, attachment)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
     "SELECT COUNT(*) FROM outbox", SEQ("outbox")},
    {"audit_log", 7,
     "SELECT id, at, actor_id, action, subject, detail, ip FROM audit_log"
     " ORDER BY id",
     "INSERT INTO audit_log (id, at, actor_id, action, subject, detail, ip)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM audit_log", SEQ("audit_log")},
    {"schemes", 28,
     "SELECT id, name, type, academic_year, summary, description,"
     " owner_level, format, group_size, mode, contact,"
     " matching_mode, mentor_capacity, period, term_id, starts_on,"
     " ends_on, paid, rate_pence, commitment, sponsor_staff_id,"
     " status, applications_open, signups_open, copied_from,"
     " created_by, created_at, updated_at FROM schemes ORDER BY id",
     "INSERT INTO schemes (id, name, type, academic_year, summary,"
     " description, owner_level, format, group_size, mode, contact,"
     " matching_mode, mentor_capacity, period, term_id, starts_on,"
     " ends_on, paid, rate_pence, commitment, sponsor_staff_id,"
     " status, applications_open, signups_open, copied_from,"
     " created_by, created_at, updated_at) VALUES ($1, $2, $3, $4,"
     " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
     " $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)",
     "SELECT COUNT(*) FROM schemes", SEQ("schemes")},
    {"scheme_courses", 2,
     "SELECT scheme_id, course_id FROM scheme_courses ORDER BY"
     " scheme_id, course_id",
     "INSERT INTO scheme_courses (scheme_id, course_id) VALUES ($1,"
     " $2)",
     "SELECT COUNT(*) FROM scheme_courses", NULL},
    {"scheme_faculties", 2,
     "SELECT scheme_id, faculty_id FROM scheme_faculties ORDER BY"
     " scheme_id, faculty_id",
     "INSERT INTO scheme_faculties (scheme_id, faculty_id) VALUES"
     " ($1, $2)",
     "SELECT COUNT(*) FROM scheme_faculties", NULL},
    {"scheme_staff", 3,
     "SELECT scheme_id, user_id, role FROM scheme_staff ORDER BY"
     " scheme_id, user_id, role",
     "INSERT INTO scheme_staff (scheme_id, user_id, role) VALUES"
     " ($1, $2, $3)",
     "SELECT COUNT(*) FROM scheme_staff", NULL},
    {"scheme_rules", 5,
     "SELECT id, scheme_id, side, kind, value FROM scheme_rules"
     " ORDER BY id",
     "INSERT INTO scheme_rules (id, scheme_id, side, kind, value)"
     " VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM scheme_rules", SEQ("scheme_rules")},
    {"scheme_topics", 3,
     "SELECT scheme_id, topic, kind FROM scheme_topics ORDER BY"
     " scheme_id, topic",
     "INSERT INTO scheme_topics (scheme_id, topic, kind) VALUES ($1,"
     " $2, $3)",
     "SELECT COUNT(*) FROM scheme_topics", NULL},
    {"scheme_materials", 10,
     "SELECT id, scheme_id, title, filename, content_type,"
     " size_bytes, sha256, data_base64, uploaded_by, uploaded_at"
     " FROM scheme_materials ORDER BY id",
     "INSERT INTO scheme_materials (id, scheme_id, title, filename,"
     " content_type, size_bytes, sha256, data_base64, uploaded_by,"
     " uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
     "SELECT COUNT(*) FROM scheme_materials", SEQ("scheme_materials")},
    {"scheme_proposals", 15,
     "SELECT id, user_id, student_id, name, purpose, course_id,"
     " expected_mentors, expected_mentees, supporter_staff_id,"
     " status, reason, scheme_id, decided_by, decided_at, created_at"
     " FROM scheme_proposals ORDER BY id",
     "INSERT INTO scheme_proposals (id, user_id, student_id, name,"
     " purpose, course_id, expected_mentors, expected_mentees,"
     " supporter_staff_id, status, reason, scheme_id, decided_by,"
     " decided_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
     " $8, $9, $10, $11, $12, $13, $14, $15)",
     "SELECT COUNT(*) FROM scheme_proposals", SEQ("scheme_proposals")},
    {"scheme_questions", 7,
     "SELECT id, scheme_id, position, prompt, kind, choices,"
     " required FROM scheme_questions ORDER BY id",
     "INSERT INTO scheme_questions (id, scheme_id, position, prompt,"
     " kind, choices, required) VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM scheme_questions", SEQ("scheme_questions")},
    {"scheme_rubric", 5,
     "SELECT id, scheme_id, position, criterion, max_score FROM"
     " scheme_rubric ORDER BY id",
     "INSERT INTO scheme_rubric (id, scheme_id, position, criterion,"
     " max_score) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM scheme_rubric", SEQ("scheme_rubric")},
    {"applications", 12,
     "SELECT id, scheme_id, student_id, state, version, eligibility,"
     " reason, feedback, agreement_at, returning_mentor, created_at,"
     " updated_at FROM applications ORDER BY id",
     "INSERT INTO applications (id, scheme_id, student_id, state,"
     " version, eligibility, reason, feedback, agreement_at,"
     " returning_mentor, created_at, updated_at) VALUES ($1, $2, $3, $4,"
     " $5, $6, $7, $8, $9, $10, $11, $12)",
     "SELECT COUNT(*) FROM applications", SEQ("applications")},
    {"application_answers", 3,
     "SELECT application_id, question_id, answer FROM"
     " application_answers ORDER BY application_id, question_id",
     "INSERT INTO application_answers (application_id, question_id,"
     " answer) VALUES ($1, $2, $3)",
     "SELECT COUNT(*) FROM application_answers", NULL},
    {"application_events", 7,
     "SELECT id, application_id, at, actor_id, from_state, to_state,"
     " note FROM application_events ORDER BY id",
     "INSERT INTO application_events (id, application_id, at,"
     " actor_id, from_state, to_state, note) VALUES ($1, $2, $3, $4,"
     " $5, $6, $7)",
     "SELECT COUNT(*) FROM application_events", SEQ("application_events")},
    {"application_scores", 5,
     "SELECT application_id, rubric_id, reviewer_id, score, at FROM"
     " application_scores ORDER BY application_id, rubric_id,"
     " reviewer_id",
     "INSERT INTO application_scores (application_id, rubric_id,"
     " reviewer_id, score, at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM application_scores", NULL},
    {"application_notes", 5,
     "SELECT id, application_id, author_id, at, body FROM"
     " application_notes ORDER BY id",
     "INSERT INTO application_notes (id, application_id, author_id,"
     " at, body) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM application_notes", SEQ("application_notes")},
    {"interview_slots", 8,
     "SELECT id, scheme_id, starts_at, minutes, place, interviewer,"
     " application_id, booked_at FROM interview_slots ORDER BY id",
     "INSERT INTO interview_slots (id, scheme_id, starts_at,"
     " minutes, place, interviewer, application_id, booked_at)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM interview_slots", SEQ("interview_slots")},
    {"scheme_invitations", 10,
     "SELECT id, scheme_id, email, student_id, token_hash,"
     " created_by, created_at, expires_at, used_at, user_id FROM"
     " scheme_invitations ORDER BY id",
     "INSERT INTO scheme_invitations (id, scheme_id, email,"
     " student_id, token_hash, created_by, created_at, expires_at,"
     " used_at, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
     " $10)",
     "SELECT COUNT(*) FROM scheme_invitations", SEQ("scheme_invitations")},
    {"mentee_signups", 12,
     "SELECT id, scheme_id, user_id, student_id, invitation_id,"
     " topics, note, preferences, mode, state, created_at,"
     " updated_at FROM mentee_signups ORDER BY id",
     "INSERT INTO mentee_signups (id, scheme_id, user_id,"
     " student_id, invitation_id, topics, note, preferences, mode,"
     " state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5,"
     " $6, $7, $8, $9, $10, $11, $12)",
     "SELECT COUNT(*) FROM mentee_signups", SEQ("mentee_signups")},
    {"training_modules", 12,
     "SELECT id, title, purpose, outcomes, delivery, minutes,"
     " validity_months, audience, pass_mark, active, created_at,"
     " updated_at FROM training_modules ORDER BY id",
     "INSERT INTO training_modules (id, title, purpose, outcomes,"
     " delivery, minutes, validity_months, audience, pass_mark, active,"
     " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
     " $9, $10, $11, $12)",
     "SELECT COUNT(*) FROM training_modules", SEQ("training_modules")},
    {"scheme_required_modules", 2,
     "SELECT scheme_id, module_id FROM scheme_required_modules ORDER BY"
     " scheme_id, module_id",
     "INSERT INTO scheme_required_modules (scheme_id, module_id) VALUES"
     " ($1, $2)",
     "SELECT COUNT(*) FROM scheme_required_modules", NULL},
    {"scheme_type_modules", 2,
     "SELECT type, module_id FROM scheme_type_modules ORDER BY type,"
     " module_id",
     "INSERT INTO scheme_type_modules (type, module_id) VALUES ($1, $2)",
     "SELECT COUNT(*) FROM scheme_type_modules", NULL},
    {"training_sessions", 12,
     "SELECT id, module_id, starts_at, minutes, place, capacity,"
     " trainer_user_id, next_position, cancelled_at, created_at, revision,"
     " cancel_reason FROM training_sessions ORDER BY id",
     "INSERT INTO training_sessions (id, module_id, starts_at, minutes,"
     " place, capacity, trainer_user_id, next_position, cancelled_at,"
     " created_at, revision, cancel_reason) VALUES ($1, $2, $3, $4, $5, $6,"
     " $7, $8, $9, $10, $11, $12)",
     "SELECT COUNT(*) FROM training_sessions", SEQ("training_sessions")},
    {"training_bookings", 8,
     "SELECT id, session_id, user_id, state, position, created_at,"
     " updated_at, reminded_at FROM training_bookings ORDER BY id",
     "INSERT INTO training_bookings (id, session_id, user_id, state,"
     " position, created_at, updated_at, reminded_at) VALUES ($1, $2, $3,"
     " $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM training_bookings", SEQ("training_bookings")},
    {"training_completions", 8,
     "SELECT id, user_id, module_id, completed_at, expires_at, how,"
     " source_id, due_notice_at FROM training_completions ORDER BY id",
     "INSERT INTO training_completions (id, user_id, module_id,"
     " completed_at, expires_at, how, source_id, due_notice_at) VALUES ($1,"
     " $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM training_completions",
     SEQ("training_completions")},
    {"quiz_questions", 6,
     "SELECT id, module_id, position, prompt, choices, correct FROM"
     " quiz_questions ORDER BY id",
     "INSERT INTO quiz_questions (id, module_id, position, prompt,"
     " choices, correct) VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT COUNT(*) FROM quiz_questions", SEQ("quiz_questions")},
    {"quiz_attempts", 7,
     "SELECT id, user_id, module_id, at, score_percent, passed, answers"
     " FROM quiz_attempts ORDER BY id",
     "INSERT INTO quiz_attempts (id, user_id, module_id, at,"
     " score_percent, passed, answers) VALUES ($1, $2, $3, $4, $5, $6,"
     " $7)",
     "SELECT COUNT(*) FROM quiz_attempts", SEQ("quiz_attempts")},
    {"calendar_feeds", 3,
     "SELECT user_id, token_hash, created_at FROM calendar_feeds ORDER BY"
     " user_id",
     "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES"
     " ($1, $2, $3)",
     "SELECT COUNT(*) FROM calendar_feeds", NULL},
    {"scheme_matching", 9,
     "SELECT scheme_id, objective, min_score, year_ahead_min,"
     " year_ahead_max, request_days, max_requests, criteria, updated_at"
     " FROM scheme_matching ORDER BY scheme_id",
     "INSERT INTO scheme_matching (scheme_id, objective, min_score,"
     " year_ahead_min, year_ahead_max, request_days, max_requests,"
     " criteria, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT COUNT(*) FROM scheme_matching", NULL},
    {"scheme_mentors", 4,
     "SELECT scheme_id, student_id, capacity, held FROM scheme_mentors"
     " ORDER BY scheme_id, student_id",
     "INSERT INTO scheme_mentors (scheme_id, student_id, capacity, held)"
     " VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM scheme_mentors", NULL},
    {"match_runs", 21,
     "SELECT id, scheme_id, state, objective, min_score, criteria,"
     " inputs, mentees, mentors, matched, total, min_pair, proven,"
     " solve_ms, error, previous_run_id, created_by, created_at,"
     " solved_at, published_by, published_at FROM match_runs ORDER BY id",
     "INSERT INTO match_runs (id, scheme_id, state, objective,"
     " min_score, criteria, inputs, mentees, mentors, matched, total,"
     " min_pair, proven, solve_ms, error, previous_run_id, created_by,"
     " created_at, solved_at, published_by, published_at) VALUES ($1,"
     " $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
     " $16, $17, $18, $19, $20, $21)",
     "SELECT COUNT(*) FROM match_runs", SEQ("match_runs")},
    {"match_run_pairs", 8,
     "SELECT run_id, signup_id, mentor_student_id, co_leader_student_id,"
     " group_no, score, pinned, explanation FROM match_run_pairs ORDER"
     " BY run_id, signup_id",
     "INSERT INTO match_run_pairs (run_id, signup_id, mentor_student_id,"
     " co_leader_student_id, group_no, score, pinned, explanation)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM match_run_pairs", NULL},
    {"match_run_unmatched", 4,
     "SELECT run_id, signup_id, reason, detail FROM match_run_unmatched"
     " ORDER BY run_id, signup_id",
     "INSERT INTO match_run_unmatched (run_id, signup_id, reason,"
     " detail) VALUES ($1, $2, $3, $4)",
     "SELECT COUNT(*) FROM match_run_unmatched", NULL},
    {"match_pins", 5,
     "SELECT scheme_id, signup_id, mentor_student_id, created_by,"
     " created_at FROM match_pins ORDER BY scheme_id, signup_id",
     "INSERT INTO match_pins (scheme_id, signup_id, mentor_student_id,"
     " created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT COUNT(*) FROM match_pins", NULL},
    {"match_blocks", 6,
     "SELECT scheme_id, signup_id, mentor_student_id, reason,"
     " created_by, created_at FROM match_blocks ORDER BY scheme_id,"
     " signup_id, mentor_student_id",
     "INSERT INTO match_blocks (scheme_id, signup_id, mentor_student_id,"
     " reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT COUNT(*) FROM match_blocks", NULL},
    {"mentoring_groups", 7,
     "SELECT id, scheme_id, run_id, name, leader_student_id,"
     " co_leader_student_id, created_at FROM mentoring_groups ORDER BY"
     " id",
     "INSERT INTO mentoring_groups (id, scheme_id, run_id, name,"
     " leader_student_id, co_leader_student_id, created_at) VALUES ($1,"
     " $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM mentoring_groups", SEQ("mentoring_groups")},
    {"pairings", 18,
     "SELECT id, scheme_id, signup_id, mentee_user_id,"
     " mentor_student_id, group_id, state, source, run_id, score,"
     " explanation, mentor_ack_at, mentee_ack_at, end_reason, version,"
     " created_at, updated_at, ended_at FROM pairings ORDER BY id",
     "INSERT INTO pairings (id, scheme_id, signup_id, mentee_user_id,"
     " mentor_student_id, group_id, state, source, run_id, score,"
     " explanation, mentor_ack_at, mentee_ack_at, end_reason, version,"
     " created_at, updated_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6,"
     " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
     "SELECT COUNT(*) FROM pairings", SEQ("pairings")},
    {"pairing_events", 7,
     "SELECT id, pairing_id, at, actor_id, from_state, to_state, note"
     " FROM pairing_events ORDER BY id",
     "INSERT INTO pairing_events (id, pairing_id, at, actor_id,"
     " from_state, to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT COUNT(*) FROM pairing_events", SEQ("pairing_events")},
    {"rematch_requests", 8,
     "SELECT id, pairing_id, user_id, side, reason, state, created_at,"
     " decided_at FROM rematch_requests ORDER BY id",
     "INSERT INTO rematch_requests (id, pairing_id, user_id, side,"
     " reason, state, created_at, decided_at) VALUES ($1, $2, $3, $4,"
     " $5, $6, $7, $8)",
     "SELECT COUNT(*) FROM rematch_requests", SEQ("rematch_requests")},
    {"mentor_requests", 11,
     "SELECT id, scheme_id, signup_id, mentor_student_id, rank, message,"
     " state, score, created_at, expires_at, decided_at FROM"
     " mentor_requests ORDER BY id",
     "INSERT INTO mentor_requests (id, scheme_id, signup_id,"
     " mentor_student_id, rank, message, state, score, created_at,"
     " expires_at, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
     " $9, $10, $11)",
     "SELECT COUNT(*) FROM mentor_requests", SEQ("mentor_requests")},
    {"jobs", 10,
     "SELECT id, kind, ref_id, state, attempts, node, error, created_at,"
     " claimed_at, finished_at FROM jobs ORDER BY id",
     "INSERT INTO jobs (id, kind, ref_id, state, attempts, node, error,"
     " created_at, claimed_at, finished_at) VALUES ($1, $2, $3, $4, $5,"
     " $6, $7, $8, $9, $10)",
     "SELECT COUNT(*) FROM jobs", SEQ("jobs")},
    {NULL, 0, NULL, NULL, NULL, NULL},
};

static const char list_sqlite[] =
    "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name";
static const char list_pg[] =
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    " ORDER BY table_name";

int store_table_unlisted(struct db *db, char *name, size_t size)
{
  struct db_stmt *st;
  int rc = db_prepare(db, db_engine(db) == DB_POSTGRES ? list_pg : list_sqlite,
                      &st);

  name[0] = '\0';
  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *t = db_col_text(st, 0);
    bool listed = str_eq(t, "schema_migrations");

    for (const struct store_table *k = store_tables; k->name && !listed; k++)
      listed = str_eq(k->name, t);
    if (!listed) {
      str_copy(name, size, t);
      break;
    }
  }
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_rows(struct db *db, const struct store_table *t,
                     int (*fn)(void *ctx, const char *const *values),
                     void *ctx)
{
  const char *values[STORE_TABLE_COLS_MAX];
  struct db_stmt *st;
  int rc = db_prepare(db, t->select_sql, &st);

  if (rc)
    return rc;
  while ((rc = db_step(st)) == DB_ROW) {
    for (int i = 0; i < t->ncols; i++)
      values[i] = db_col_null(st, i) ? NULL : db_col_text(st, i);
    if ((rc = fn(ctx, values)))
      break;
  }
  db_finish(st);
  return rc == DB_DONE ? 0 : rc; /* fn's error, or the database's */
}

int store_table_insert(struct db *db, const struct store_table *t,
                       const char *const *values)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->insert_sql, &st);

  if (rc)
    return rc;
  for (int i = 0; i < t->ncols; i++)
    db_bind_text(st, i + 1, values[i]);
  rc = db_step(st);
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_count(struct db *db, const struct store_table *t, int64_t *n)
{
  struct db_stmt *st;
  int rc = db_prepare(db, t->count_sql, &st);

  if (rc)
    return rc;
  rc = db_step(st);
  *n = rc == DB_ROW ? db_col_int(st, 0) : 0;
  db_finish(st);
  return rc < 0 ? rc : 0;
}

int store_table_after_copy(struct db *db, const struct store_table *t)
{
  if (db_engine(db) != DB_POSTGRES || !t->pg_sequence_sql)
    return 0;
  return db_exec_script(db, t->pg_sequence_sql);
}
