-- 0005: matching in the service. Each scheme's criteria; match runs kept
-- with their inputs (so that a run can be reproduced), their proposed pairs
-- and unmatched mentees; the pins and blocks a coordinator sets between
-- runs; pairings with their lifecycle and history; mentors' places; the
-- requests of a mentee who chooses their mentor; rematch requests; and the
-- jobs any node may take (a match run is the first kind).

-- A scheme's matching settings (no row: the engine's defaults).
CREATE TABLE scheme_matching (
  scheme_id BIGINT PRIMARY KEY REFERENCES schemes(id) ON DELETE CASCADE,
  objective TEXT NOT NULL DEFAULT 'cardinality'
    CHECK (objective IN ('cardinality', 'total', 'maxmin')),
  min_score INTEGER NOT NULL DEFAULT 0 CHECK (min_score BETWEEN 0 AND 1000),
  year_ahead_min INTEGER NOT NULL DEFAULT 1,
  year_ahead_max INTEGER NOT NULL DEFAULT 3,
  request_days INTEGER NOT NULL DEFAULT 7 CHECK (request_days BETWEEN 1 AND 60),
  max_requests INTEGER NOT NULL DEFAULT 3 CHECK (max_requests BETWEEN 1 AND 5),
  -- Each criterion as 'name:weight[:!]' ('!': a deal-breaker), space
  -- separated, in the engine's order; '' for the defaults.
  criteria TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- A mentor's places in a scheme. held counts their current pairings; the
-- CHECK makes overfilling impossible whatever the order of writes, so two
-- accepts at once can never exceed the capacity on either engine.
CREATE TABLE scheme_mentors (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 100),
  held INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scheme_id, student_id),
  CHECK (held >= 0 AND held <= capacity)
);

-- One solve of a scheme. inputs is the snapshot the solve read (people as
-- the engine saw them, weights, pins, blocks): solving it again gives the
-- same pairs.
CREATE TABLE match_runs (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'draft', 'published', 'discarded', 'failed')),
  objective TEXT NOT NULL DEFAULT 'cardinality',
  min_score INTEGER NOT NULL DEFAULT 0,
  criteria TEXT NOT NULL DEFAULT '',
  inputs TEXT NOT NULL DEFAULT '',
  mentees INTEGER NOT NULL DEFAULT 0,      -- mentees waiting for a mentor
  mentors INTEGER NOT NULL DEFAULT 0,      -- mentors with a place
  matched INTEGER NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  min_pair INTEGER NOT NULL DEFAULT 0,
  proven INTEGER NOT NULL DEFAULT 0,       -- optimal over every pair, proved
  solve_ms INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  previous_run_id BIGINT REFERENCES match_runs(id) ON DELETE SET NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  solved_at BIGINT,
  published_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  published_at BIGINT
);
CREATE INDEX match_runs_scheme ON match_runs(scheme_id, id);

-- The draft's proposed pairs. group_no (from 1) joins the mentees of one
-- group in a group scheme; 0 in one-to-one schemes.
CREATE TABLE match_run_pairs (
  run_id BIGINT NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  mentor_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  co_leader_student_id BIGINT REFERENCES students(id) ON DELETE SET NULL,
  group_no INTEGER NOT NULL DEFAULT 0,
  score INTEGER NOT NULL,                  -- 0..1000
  pinned INTEGER NOT NULL DEFAULT 0,
  explanation TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, signup_id)
);
CREATE INDEX match_run_pairs_mentor ON match_run_pairs(run_id, mentor_student_id);

-- The mentees a draft leaves unmatched, with why.
CREATE TABLE match_run_unmatched (
  run_id BIGINT NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason IN ('no_eligible_mentor', 'all_full',
                                         'below_minimum', 'outmatched')),
  detail TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, signup_id)
);

-- Pins keep a pair in every re-solve; blocks forbid one. Both belong to the
-- scheme until removed, so each run reads them.
CREATE TABLE match_pins (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  mentor_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scheme_id, signup_id)
);
CREATE TABLE match_blocks (
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  mentor_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scheme_id, signup_id, mentor_student_id)
);

-- A group in a group scheme: led by a mentor, or two PAL leaders.
CREATE TABLE mentoring_groups (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  run_id BIGINT REFERENCES match_runs(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  leader_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  co_leader_student_id BIGINT REFERENCES students(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX mentoring_groups_scheme ON mentoring_groups(scheme_id);

-- A mentor and a mentee in a scheme. Only one pairing that has not ended
-- per sign-up (the unique index), so a mentee never has two mentors in one
-- scheme whatever runs at once; the mentor's place is taken in
-- scheme_mentors in the same transaction.
CREATE TABLE pairings (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  mentee_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mentor_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  group_id BIGINT REFERENCES mentoring_groups(id) ON DELETE SET NULL,
  state TEXT NOT NULL DEFAULT 'proposed'
    CHECK (state IN ('proposed', 'active', 'paused', 'ended')),
  source TEXT NOT NULL CHECK (source IN ('run', 'choice', 'coordinator',
                                         'rematch')),
  run_id BIGINT REFERENCES match_runs(id) ON DELETE SET NULL,
  score INTEGER NOT NULL DEFAULT 0,
  explanation TEXT NOT NULL DEFAULT '',
  mentor_ack_at BIGINT,
  mentee_ack_at BIGINT,
  end_reason TEXT CHECK (end_reason IN ('completed', 'no_contact',
                                        'needs_changed', 'concern_raised',
                                        'moved_on')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE UNIQUE INDEX pairings_one_current ON pairings(signup_id)
  WHERE state <> 'ended';
CREATE INDEX pairings_scheme ON pairings(scheme_id, state);
CREATE INDEX pairings_mentor ON pairings(mentor_student_id, state);
CREATE INDEX pairings_mentee ON pairings(mentee_user_id, state);

CREATE TABLE pairing_events (
  id {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pairing_events_pairing ON pairing_events(pairing_id, id);

-- A mentee's or mentor's request to be rematched, with their reason.
CREATE TABLE rematch_requests (
  id {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  side TEXT NOT NULL CHECK (side IN ('mentee', 'mentor')),
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done',
                                                      'declined')),
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE INDEX rematch_requests_pairing ON rematch_requests(pairing_id);
CREATE INDEX rematch_requests_open ON rematch_requests(state, id);

-- A mentee's request for the mentor they chose (mentee-choice schemes),
-- ranked 1..max_requests; the mentor accepts or declines; it expires.
CREATE TABLE mentor_requests (
  id {{id}},
  scheme_id BIGINT NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
  signup_id BIGINT NOT NULL REFERENCES mentee_signups(id) ON DELETE CASCADE,
  mentor_student_id BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  rank INTEGER NOT NULL DEFAULT 1 CHECK (rank BETWEEN 1 AND 5),
  message TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'accepted', 'declined', 'expired',
                     'withdrawn', 'closed')),
  score INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT,
  UNIQUE (signup_id, mentor_student_id)
);
CREATE INDEX mentor_requests_mentor ON mentor_requests(mentor_student_id, state);
CREATE INDEX mentor_requests_expiry ON mentor_requests(state, expires_at);

-- Work that any node may take: one UPDATE claims a queued job (with
-- FOR UPDATE SKIP LOCKED on PostgreSQL), so each is done exactly once.
CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,                      -- 'match_run'
  ref_id BIGINT NOT NULL DEFAULT 0,        -- what it works on (a run's id)
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  node TEXT NOT NULL DEFAULT '',           -- who took it
  error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  claimed_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX jobs_queued ON jobs(state, id);
