-- Devices of a centre server (#16): the counters, back-office computers and self-service
-- kiosks that call one server over the centre's network. The administrator creates a
-- device with a one-time pairing code (8 digits, 10 minutes); the client presents the code
-- over TLS and receives a random credential once. Code and credential are stored only as
-- SHA-256 hashes, so neither a copy of the file nor a backup hands out a working device.
CREATE TABLE devices (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  kind               TEXT NOT NULL CHECK (kind IN ('workstation', 'kiosk')),
  -- the window whose number the device's cases and receipts carry (3号窗口 → '3')
  window_no          TEXT CHECK (window_no IS NULL OR length(window_no) BETWEEN 1 AND 20),
  pairing_code_hash  TEXT,
  pairing_expires_at TEXT,
  credential_hash    TEXT UNIQUE,
  created_at         TEXT NOT NULL,
  created_by         INTEGER NOT NULL REFERENCES users(id),
  paired_at          TEXT,
  last_seen_at       TEXT,
  revoked_at         TEXT,
  revoked_by         INTEGER REFERENCES users(id),
  -- paired exactly when it holds a credential; a code only while waiting to be paired
  CHECK ((credential_hash IS NULL) = (paired_at IS NULL)),
  CHECK (pairing_code_hash IS NULL OR (paired_at IS NULL AND revoked_at IS NULL AND pairing_expires_at IS NOT NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

-- Two devices in use may not share a name: the administrator tells them apart by it.
CREATE UNIQUE INDEX devices_name_in_use ON devices (name) WHERE revoked_at IS NULL;
CREATE INDEX devices_pairing_code ON devices (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL;
