-- Centre-wide settings as key → JSON value. Keys and their shapes are defined in
-- db/src/settings/settings.ts; a key absent here falls back to its default there.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

INSERT INTO settings (key, value) VALUES
  ('centreName', '"示范街道社区事务受理服务中心"'),
  ('centreCode', '"310101001"');
