-- 0006: the rest of training (issue 7), and mail attachments.
-- The outbox carries one optional text attachment (a booking's iCalendar
-- file); a session counts its revisions (the iCalendar SEQUENCE, so
-- calendars replace an event that moved) and keeps why it was cancelled;
-- bookings and completions remember when their reminder and refresher
-- notice went out (set by a guarded UPDATE, so two nodes never send one
-- twice); and a person's calendar feed is a token stored only as its
-- SHA-256, one per person, revoked by deleting it.

ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment TEXT NOT NULL DEFAULT '';

ALTER TABLE training_sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_sessions ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE training_bookings ADD COLUMN reminded_at BIGINT;
ALTER TABLE training_completions ADD COLUMN due_notice_at BIGINT;
CREATE INDEX training_completions_expiry ON training_completions(expires_at);

CREATE TABLE calendar_feeds (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
