-- 0002: the university's organisation and people, as its student record
-- system holds them: the institution and its terms, faculties, courses,
-- students with their completed years, languages, interests and
-- self-declared characteristics, staff and the courses they teach, and
-- the API keys integrations use. Dates are ISO 'YYYY-MM-DD' text; times
-- are Unix seconds.

CREATE TABLE institution (
  id INTEGER PRIMARY KEY CHECK (id = 1),   -- one row
  name TEXT NOT NULL,
  year_starts_on TEXT NOT NULL,            -- the current academic year
  year_ends_on TEXT NOT NULL
);

CREATE TABLE terms (
  id {{id}},
  name TEXT NOT NULL UNIQUE,               -- 'Semester 1', 'Autumn term'
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  CHECK (starts_on <= ends_on)
);

CREATE TABLE faculties (
  id {{id}},
  code TEXT NOT NULL UNIQUE,               -- 'FSE'
  name TEXT NOT NULL
);

CREATE TABLE courses (
  id {{id}},
  code TEXT NOT NULL UNIQUE,               -- the student record's programme code
  title TEXT NOT NULL,
  faculty_id BIGINT NOT NULL REFERENCES faculties(id),
  level TEXT NOT NULL CHECK (level IN ('foundation', 'undergraduate',
                                       'postgraduate_taught', 'research')),
  years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 8),
  campus TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX courses_faculty ON courses(faculty_id);

CREATE TABLE students (
  id {{id}},
  student_number TEXT NOT NULL UNIQUE,
  user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE SET NULL,
  legal_name TEXT NOT NULL,
  preferred_name TEXT NOT NULL DEFAULT '',
  pronouns TEXT NOT NULL DEFAULT '',
  university_email TEXT NOT NULL,          -- lowercased
  personal_email TEXT NOT NULL DEFAULT '',
  course_id BIGINT REFERENCES courses(id), -- the faculty is the course's
  year_of_study INTEGER NOT NULL DEFAULT 1 CHECK (year_of_study BETWEEN 0 AND 8),
  study_mode TEXT NOT NULL DEFAULT 'full_time'
    CHECK (study_mode IN ('full_time', 'part_time')),
  status TEXT NOT NULL CHECK (status IN ('incoming', 'enrolled', 'interrupted',
                                         'withdrawn', 'graduated')),
  graduated_on TEXT,                       -- alumni
  home_country TEXT NOT NULL DEFAULT '',   -- ISO 3166-1 alpha-2
  fee_status TEXT NOT NULL DEFAULT 'home'
    CHECK (fee_status IN ('home', 'international')),
  campus TEXT NOT NULL DEFAULT '',
  -- The profile the student edits.
  bio TEXT NOT NULL DEFAULT '',
  availability INTEGER NOT NULL DEFAULT 0, -- 21 bits: weekday x morning/afternoon/evening
  contact_preference TEXT NOT NULL DEFAULT 'university_email'
    CHECK (contact_preference IN ('university_email', 'personal_email',
                                  'tandem_messages')),
  active INTEGER NOT NULL DEFAULT 1,
  erased_at BIGINT,                        -- personal data removed
  search_text TEXT NOT NULL DEFAULT '',    -- lowercased names and number, for search
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX students_course ON students(course_id, year_of_study);
CREATE INDEX students_status ON students(status);
CREATE INDEX students_email ON students(university_email);
-- The people list: its order, and every column its filters read, so a
-- search reads this index and not the wide rows.
CREATE INDEX students_list ON students(legal_name, id, active, status,
                                       year_of_study, course_id, search_text);
-- Counting a filtered list without a search: every filter column, narrow.
CREATE INDEX students_filters ON students(active, status, year_of_study,
                                          course_id);

-- Each completed year of study and its outcome: "one year of successful
-- study" is a row with outcome 'progressed'.
CREATE TABLE student_years (
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  academic_year TEXT NOT NULL,             -- '2024/25'
  year_of_study INTEGER NOT NULL CHECK (year_of_study BETWEEN 0 AND 8),
  outcome TEXT NOT NULL CHECK (outcome IN ('progressed', 'repeated', 'failed')),
  PRIMARY KEY (student_id, academic_year)
);

CREATE TABLE student_languages (
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  language TEXT NOT NULL,                  -- ISO 639-1 ('en') or 639-3
  first_language INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (student_id, language)
);

-- The managed list of interests students choose from.
CREATE TABLE interests (
  id {{id}},
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE student_interests (
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  interest_id BIGINT NOT NULL REFERENCES interests(id) ON DELETE CASCADE,
  PRIMARY KEY (student_id, interest_id)
);

-- Self-declared characteristics, held only with the student's explicit
-- consent (the row is the consent), each with who may see it.
CREATE TABLE student_characteristics (
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('first_in_family', 'care_leaver',
                                     'commuter', 'mature', 'disability',
                                     'carer', 'estranged')),
  visible_to TEXT NOT NULL CHECK (visible_to IN ('coordinators',
                                                 'coordinators_and_mentor')),
  consented_at BIGINT NOT NULL,
  PRIMARY KEY (student_id, kind)
);

CREATE TABLE staff (
  id {{id}},
  staff_number TEXT NOT NULL UNIQUE,
  user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,                     -- lowercased
  job_title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('academic', 'professional')),
  faculty_id BIGINT REFERENCES faculties(id),
  active INTEGER NOT NULL DEFAULT 1,
  erased_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX staff_email ON staff(email);

CREATE TABLE staff_courses (
  staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  PRIMARY KEY (staff_id, course_id)
);
CREATE INDEX staff_courses_course ON staff_courses(course_id);

-- Keys for the JSON API: shown once, stored as a SHA-256 hash.
CREATE TABLE api_keys (
  id {{id}},
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,             -- the first characters, to recognise it
  key_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
