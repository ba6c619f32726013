-- 0001: accounts with their roles, sessions, sign-in attempts, password resets,
-- the mail outbox and the audit log. Written in the SQL both engines share;
-- {{id}} is each engine's auto-increment primary key. Times are Unix seconds.

CREATE TABLE users (
  id {{id}},
  email TEXT NOT NULL UNIQUE,          -- lowercased
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,         -- argon2id, libsodium's string form
  -- The roles a person holds, as bits: 1 administrator, 2 coordinator,
  -- 4 academic champion, 8 student (domain/accounts.h's enum role). A
  -- fixed, small set, read on every request with the session: one column
  -- keeps that lookup a primary-key join. Grants and revocations are in
  -- the audit log.
  roles INTEGER NOT NULL DEFAULT 0 CHECK (roles >= 0 AND roles < 16),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The token itself is never stored: only its SHA-256, so a copy of the
-- database does not hand out sessions.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,          -- absolute expiry
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-ins, by account and by address, for rate limiting. In the
-- database so that every node of a cluster counts the same attempts.
CREATE TABLE login_failures (
  id {{id}},
  key TEXT NOT NULL,                   -- 'email:...' or 'ip:...'
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Mail waits here until a worker sends it (or forever, without SMTP, for
-- an administrator to read in the web UI).
CREATE TABLE outbox (
  id {{id}},
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  claimed_until BIGINT,                -- a node is sending it until then
  sent_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);

CREATE TABLE audit_log (
  id {{id}},
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,                -- 'signin', 'signin.failed', 'role.grant', ...
  subject TEXT NOT NULL DEFAULT '',    -- what it was done to, e.g. an email
  detail TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
