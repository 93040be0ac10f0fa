-- People who use the program. Roles are a JSON array of 'clerk' | 'reviewer' | 'admin':
-- one person may hold several. There is no default account and no default password:
-- the first administrator is created by accounts.setup.
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 2 AND 32),
  display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 40),
  roles          TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
  password_hash  TEXT NOT NULL,
  window_no      TEXT,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  locked_until   TEXT,
  password_changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Append-only, tamper-evident log of every change and every reading of a full sensitive
-- value. Each row's hash covers the previous row's hash and the row's own canonical
-- content (see db/src/audit/chain.ts), so an edit anywhere breaks the chain from there on.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor_id     INTEGER,
  actor_name   TEXT,
  handler      TEXT NOT NULL,
  action       TEXT NOT NULL,
  record_type  TEXT,
  record_id    TEXT,
  before       TEXT CHECK (before IS NULL OR json_valid(before)),
  after        TEXT CHECK (after IS NULL OR json_valid(after)),
  detail       TEXT CHECK (detail IS NULL OR json_valid(detail)),
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_log_record ON audit_log (record_type, record_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;
