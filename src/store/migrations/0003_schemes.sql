-- 0003: schemes, recruitment and selection. A scheme on the catalogue with
-- its rules of eligibility, staff, topics and materials; students'
-- proposals of new schemes; mentor applications through their pipeline
-- (questions, interviews, rubric scores, notes, every change of state);
-- mentee sign-ups, and the invitations that let incoming students sign up
-- before they have a university account. Dates are ISO 'YYYY-MM-DD' text,
-- times Unix seconds, sets of words space-separated text.

CREATE TABLE schemes (
  id {{id}},
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('pre_arrival', 'pastoral', 'it_support',
                                     'pal', 'course', 'transition',
                                     'placement', 'international',
                                     'final_year', 'buddy', 'custom')),
  academic_year TEXT NOT NULL,             -- '2026/27'
  summary TEXT NOT NULL DEFAULT '',        -- one line, on the catalogue
  description TEXT NOT NULL DEFAULT '',    -- markdown, the public page
  owner_level TEXT NOT NULL CHECK (owner_level IN ('central', 'faculty',
                                                   'course')),
  format TEXT NOT NULL CHECK (format IN ('one_to_one', 'group')),
  group_size INTEGER NOT NULL DEFAULT 0 CHECK (group_size BETWEEN 0 AND 100),
  mode TEXT NOT NULL CHECK (mode IN ('online', 'face_to_face', 'blended')),
  contact TEXT NOT NULL DEFAULT 'meetings'
    CHECK (contact IN ('meetings', 'messages')),  -- pre-arrival: messages
  matching_mode TEXT NOT NULL CHECK (matching_mode IN ('automatic',
                                                       'mentee_chooses',
                                                       'coordinator_assigns')),
  mentor_capacity INTEGER NOT NULL DEFAULT 1
    CHECK (mentor_capacity BETWEEN 1 AND 100),
  period TEXT NOT NULL DEFAULT 'year'
    CHECK (period IN ('year', 'term', 'semester')),
  term_id BIGINT REFERENCES terms(id) ON DELETE SET NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  paid INTEGER NOT NULL DEFAULT 0,
  rate_pence INTEGER NOT NULL DEFAULT 0 CHECK (rate_pence >= 0),  -- an hour
  commitment TEXT NOT NULL DEFAULT '',     -- 'One hour a week for ten weeks'
  sponsor_staff_id BIGINT REFERENCES staff(id) ON DELETE SET NULL,
  -- draft: being set up; published: on the catalogue; closed: the year
  -- is over (kept for history and reports).
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'published', 'closed')),
  applications_open INTEGER NOT NULL DEFAULT 0,
  signups_open INTEGER NOT NULL DEFAULT 0,
  copied_from BIGINT REFERENCES schemes(id) ON DELETE SET NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (starts_on <= ends_on)
);
CREATE INDEX schemes_year ON schemes(academic_year, status);

-- The courses and faculties a scheme serves (none: the whole university).
CREATE TABLE scheme_courses (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  PRIMARY KEY (scheme_id, course_id)
);
CREATE INDEX scheme_courses_course ON scheme_courses(course_id);

CREATE TABLE scheme_faculties (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  faculty_id BIGINT NOT NULL REFERENCES faculties(id) ON DELETE CASCADE,
  PRIMARY KEY (scheme_id, faculty_id)
);
CREATE INDEX scheme_faculties_faculty ON scheme_faculties(faculty_id);

-- Who runs a scheme: coordinators and academic champions (staff), and the
-- student leads of a student-led scheme.
CREATE TABLE scheme_staff (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'champion', 'lead')),
  PRIMARY KEY (scheme_id, user_id, role)
);
CREATE INDEX scheme_staff_user ON scheme_staff(user_id);

-- Declarative eligibility: each row one rule for one side, all must hold.
-- kind and value (domain/eligibility.h says what each means):
--   min_years N          N completed years with outcome 'progressed'
--   year_of_study "1 2"  in one of these years of study
--   level "undergraduate postgraduate_taught"
--   status "enrolled incoming graduated"
--   graduated_within N   alumni: graduated at most N years ago
--   fee_status "international"
--   home_country "CN IN NG"
--   served ""            on a course (or in a faculty) the scheme serves
CREATE TABLE scheme_rules (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  side TEXT NOT NULL CHECK (side IN ('mentor', 'mentee')),
  kind TEXT NOT NULL CHECK (kind IN ('min_years', 'year_of_study', 'level',
                                     'status', 'graduated_within',
                                     'fee_status', 'home_country', 'served')),
  value TEXT NOT NULL DEFAULT '',
  UNIQUE (scheme_id, side, kind)
);

-- What mentors may help with ('help') and what they must refer on
-- ('refer': tutoring, proofreading, visa, finance, careers advice, ...).
CREATE TABLE scheme_topics (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('help', 'refer')),
  PRIMARY KEY (scheme_id, topic)
);

-- Recruitment materials: PDFs and images, checked by their bytes, kept in
-- the database (base64) so that every node serves the same files and a
-- name from an upload never reaches a file system path.
CREATE TABLE scheme_materials (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  filename TEXT NOT NULL,                  -- sanitised, for Content-Disposition
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf',
                                                     'image/png', 'image/jpeg',
                                                     'image/gif',
                                                     'image/webp')),
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data_base64 TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX scheme_materials_scheme ON scheme_materials(scheme_id);

-- A student's proposal of a scheme; approving creates the scheme with the
-- student as its lead.
CREATE TABLE scheme_proposals (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  student_id BIGINT REFERENCES students(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  course_id BIGINT REFERENCES courses(id) ON DELETE SET NULL,
  expected_mentors INTEGER NOT NULL DEFAULT 0,
  expected_mentees INTEGER NOT NULL DEFAULT 0,
  supporter_staff_id BIGINT REFERENCES staff(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'declined')),
  reason TEXT NOT NULL DEFAULT '',         -- why declined
  scheme_id BIGINT REFERENCES schemes(id) ON DELETE SET NULL,
  decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  decided_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX scheme_proposals_status ON scheme_proposals(status, id);
CREATE INDEX scheme_proposals_user ON scheme_proposals(user_id);

-- ------------------------------------------------------ mentor applications

-- The questions a scheme asks its applicants.
CREATE TABLE scheme_questions (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('short', 'long', 'single', 'multiple')),
  choices TEXT NOT NULL DEFAULT '',        -- one per line, for the choices
  required INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX scheme_questions_scheme ON scheme_questions(scheme_id, position);

-- What reviewers score an application against.
CREATE TABLE scheme_rubric (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  criterion TEXT NOT NULL,                 -- 'Listening', 'Knows when to refer'
  max_score INTEGER NOT NULL DEFAULT 5 CHECK (max_score BETWEEN 1 AND 10)
);
CREATE INDEX scheme_rubric_scheme ON scheme_rubric(scheme_id, position);

-- One application per student per scheme (a scheme is one year's: a
-- returning mentor applies to the next year's copy, and their earlier
-- applications stay as their history). version counts changes of state, so
-- that two decisions taken at once leave one result.
CREATE TABLE applications (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'submitted'
    CHECK (state IN ('submitted', 'under_review', 'interview', 'offered',
                     'accepted', 'rejected', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1,
  eligibility TEXT NOT NULL DEFAULT '',    -- the explanation when submitted
  reason TEXT NOT NULL DEFAULT '',         -- rejection: the reason ...
  feedback TEXT NOT NULL DEFAULT '',       -- ... and feedback for the applicant
  agreement_at BIGINT,                     -- accepted the role agreement
  returning_mentor INTEGER NOT NULL DEFAULT 0,  -- mentored in an earlier year
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (scheme_id, student_id)
);
CREATE INDEX applications_scheme ON applications(scheme_id, state);
CREATE INDEX applications_student ON applications(student_id);

CREATE TABLE application_answers (
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES scheme_questions(id) ON DELETE CASCADE,
  answer TEXT NOT NULL,                    -- choices: one per line
  PRIMARY KEY (application_id, question_id)
);

-- Every change of state, with who made it.
CREATE TABLE application_events (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application ON application_events(application_id, id);

CREATE TABLE application_scores (
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  rubric_id BIGINT NOT NULL REFERENCES scheme_rubric(id) ON DELETE CASCADE,
  reviewer_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  score INTEGER NOT NULL CHECK (score >= 0),
  at BIGINT NOT NULL,
  PRIMARY KEY (application_id, rubric_id, reviewer_id)
);

CREATE TABLE application_notes (
  id {{id}},
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  at BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX application_notes_application ON application_notes(application_id, id);

-- Interview slots; each holds one applicant, so a booking is one guarded
-- UPDATE and two applicants can never hold the same slot.
CREATE TABLE interview_slots (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  starts_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL DEFAULT 30 CHECK (minutes BETWEEN 5 AND 480),
  place TEXT NOT NULL DEFAULT '',          -- a room, or an online link
  interviewer TEXT NOT NULL DEFAULT '',
  application_id BIGINT UNIQUE REFERENCES applications(id) ON DELETE SET NULL,
  booked_at BIGINT
);
CREATE INDEX interview_slots_scheme ON interview_slots(scheme_id, starts_at);

-- ------------------------------------------------------------ mentee sign-up

-- Invitations to sign up as a mentee, sent to a personal email before the
-- student has a university account. Only the token's SHA-256 is kept.
CREATE TABLE scheme_invitations (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  email TEXT NOT NULL,                     -- personal email, lowercased
  student_id BIGINT REFERENCES students(id) ON DELETE SET NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL   -- who used it
);
CREATE INDEX scheme_invitations_scheme ON scheme_invitations(scheme_id, id);
CREATE INDEX scheme_invitations_email ON scheme_invitations(email);

-- A mentee's sign-up: what help they want and what they would like in a
-- mentor (the matching engine's criteria). student_id is empty for an
-- incoming student who signed up through an invitation before their record
-- arrived; it is filled when the record is merged on enrolment.
CREATE TABLE mentee_signups (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  student_id BIGINT REFERENCES students(id) ON DELETE CASCADE,
  invitation_id BIGINT REFERENCES scheme_invitations(id) ON DELETE SET NULL,
  topics TEXT NOT NULL DEFAULT '',         -- the help wanted: topic words
  note TEXT NOT NULL DEFAULT '',           -- anything else, in their words
  -- Preferences about a mentor, as criterion words the engine knows:
  -- 'course faculty interests language home_country campus availability'.
  preferences TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL DEFAULT 'either'
    CHECK (mode IN ('online', 'face_to_face', 'either')),
  state TEXT NOT NULL DEFAULT 'active'
    CHECK (state IN ('active', 'withdrawn')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (scheme_id, user_id)
);
CREATE INDEX mentee_signups_student ON mentee_signups(student_id);
CREATE INDEX mentee_signups_scheme ON mentee_signups(scheme_id, state);
