-- postgres only
-- 0007: tell every node when a session or an account changes (issue 4).
-- Each node keeps the sessions it has just read for a few seconds
-- (store/session_cache.c), so that a signed-in page view on PostgreSQL
-- does not always cost a round trip. These triggers send a notification
-- on the 'tandem_auth' channel when a session ends or an account's roles,
-- status or details change, whichever node or tool made the change; every
-- node LISTENs and forgets what it kept. PostgreSQL delivers the
-- notification when the transaction commits. SQLite has no notifications,
-- and keeps no such cache: this migration is PostgreSQL's only.
CREATE OR REPLACE FUNCTION tandem_auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tandem_auth', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER users_auth_changed
  AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION tandem_auth_changed();
-- Touching last_seen_at (once a minute per active session) is not a
-- change a cache must hear of: it never serves a session due a touch.
CREATE TRIGGER sessions_auth_changed
  AFTER DELETE OR UPDATE OF user_id, csrf, expires_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION tandem_auth_changed();
