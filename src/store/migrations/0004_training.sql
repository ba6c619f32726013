-- 0004: training. Modules (what a mentor learns, how it is delivered, how
-- long a completion stays valid), the modules each scheme or scheme type
-- requires, live sessions with bookings and a waiting list, the attendance
-- register, completions, and self-paced quizzes with every attempt kept.
-- Times are Unix seconds.

CREATE TABLE training_modules (
  id {{id}},
  title TEXT NOT NULL UNIQUE,
  purpose TEXT NOT NULL DEFAULT '',
  outcomes TEXT NOT NULL DEFAULT '',       -- learning outcomes, one per line
  delivery TEXT NOT NULL CHECK (delivery IN ('in_person', 'online_live',
                                             'self_paced')),
  minutes INTEGER NOT NULL DEFAULT 60 CHECK (minutes BETWEEN 1 AND 1440),
  validity_months INTEGER NOT NULL DEFAULT 0  -- 0: never expires
    CHECK (validity_months BETWEEN 0 AND 120),
  audience TEXT NOT NULL CHECK (audience IN ('mentors', 'pal_leaders',
                                             'staff')),
  pass_mark INTEGER NOT NULL DEFAULT 80    -- percent, self-paced quizzes
    CHECK (pass_mark BETWEEN 0 AND 100),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The modules a scheme requires of its mentors; when a scheme lists none,
-- its type's list applies.
CREATE TABLE scheme_required_modules (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  PRIMARY KEY (scheme_id, module_id)
);
CREATE INDEX scheme_required_modules_module ON scheme_required_modules(module_id);

CREATE TABLE scheme_type_modules (
  type TEXT NOT NULL,
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  PRIMARY KEY (type, module_id)
);

-- A live session of an in-person or online module. next_position hands
-- out booking positions: incrementing it locks the session's row, so the
-- bookings of one session are decided one at a time on both engines.
CREATE TABLE training_sessions (
  id {{id}},
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  starts_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  place TEXT NOT NULL DEFAULT '',          -- a room, or an online link
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  trainer_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  next_position BIGINT NOT NULL DEFAULT 0,
  cancelled_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX training_sessions_module ON training_sessions(module_id, starts_at);
CREATE INDEX training_sessions_starts ON training_sessions(starts_at);

-- booked, attended and no_show hold a place; waiting queues by position.
CREATE TABLE training_bookings (
  id {{id}},
  session_id BIGINT NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('booked', 'waiting', 'cancelled',
                                       'attended', 'no_show')),
  position BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (session_id, user_id)
);
CREATE INDEX training_bookings_user ON training_bookings(user_id);
CREATE INDEX training_bookings_queue ON training_bookings(session_id, state, position);

-- A module completed: by attending a session (source_id: the booking) or
-- by passing its quiz (source_id: the attempt). expires_at NULL: never.
CREATE TABLE training_completions (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  completed_at BIGINT NOT NULL,
  expires_at BIGINT,
  how TEXT NOT NULL CHECK (how IN ('attendance', 'quiz')),
  source_id BIGINT NOT NULL,
  UNIQUE (how, source_id)
);
CREATE INDEX training_completions_user ON training_completions(user_id, module_id);

CREATE TABLE quiz_questions (
  id {{id}},
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  prompt TEXT NOT NULL,
  choices TEXT NOT NULL,                   -- one per line
  correct INTEGER NOT NULL CHECK (correct >= 0)  -- 0-based line of choices
);
CREATE INDEX quiz_questions_module ON quiz_questions(module_id, position);

CREATE TABLE quiz_attempts (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES training_modules(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  score_percent INTEGER NOT NULL CHECK (score_percent BETWEEN 0 AND 100),
  passed INTEGER NOT NULL,
  answers TEXT NOT NULL DEFAULT ''         -- question id=choice, space-separated
);
CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, module_id);
