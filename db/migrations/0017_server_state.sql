-- State a centre server keeps across a restart (#16).
--
-- Answered requests: a client makes one random request key per logical write and re-sends
-- it unchanged when it retries (the link dropped before the answer came). The answer is
-- stored with the key in the same transaction as the write, so a retry gets the stored
-- answer instead of running again: never doubled. Kept 24 hours; a retry comes within
-- minutes. device_id is NULL for the local hosts (one computer); user_id is NULL for a
-- public write called without a session.
CREATE TABLE answered_requests (
  request_key TEXT PRIMARY KEY CHECK (length(request_key) BETWEEN 8 AND 100),
  device_id   INTEGER,
  user_id     INTEGER,
  handler     TEXT NOT NULL,
  answer      TEXT,
  created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX answered_requests_created ON answered_requests (created_at);

-- Signed-in sessions, so that a server restart does not sign everyone out (up to the idle
-- time). Only a SHA-256 hash of the token is stored: neither the file nor a backup hands
-- out a live session. What the session may do is read from users at restore, not stored.
CREATE TABLE sessions (
  token_hash       TEXT PRIMARY KEY,
  user_id          INTEGER NOT NULL,
  device_id        INTEGER,
  created_at       TEXT NOT NULL,
  last_activity_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_device ON sessions (device_id) WHERE device_id IS NOT NULL;
