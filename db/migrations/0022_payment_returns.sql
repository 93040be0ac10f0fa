-- Bank returns (银行回盘) of the 发放名册: which payments of a month the bank paid and which
-- failed, and the 补发 (re-issue) of a failed payment in a later roster.

-- One row per imported return file. The SHA-256 makes a second import of the same file a no-op.
CREATE TABLE payment_return_imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  month       TEXT CHECK (month IS NULL OR month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  actor_id    INTEGER NOT NULL REFERENCES users (id),
  actor_name  TEXT NOT NULL,
  at          TEXT NOT NULL,
  rows_total  INTEGER NOT NULL CHECK (rows_total >= 0),
  paid        INTEGER NOT NULL CHECK (paid >= 0),
  failed      INTEGER NOT NULL CHECK (failed >= 0),
  refused     INTEGER NOT NULL CHECK (refused >= 0)
) STRICT;

-- What the bank did with one beneficiary's payment of one month.
CREATE TABLE payment_results (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  import_id      INTEGER NOT NULL REFERENCES payment_return_imports (id),
  beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
  result         TEXT NOT NULL CHECK (result IN ('paid', 'failed')),
  reason         TEXT,
  line           INTEGER NOT NULL,
  UNIQUE (beneficiary_id, month, import_id)
) STRICT;
CREATE INDEX payment_results_month ON payment_results (month, result);

-- A failed payment paid again in a later roster: proposed by one reviewer, confirmed by another.
CREATE TABLE payment_reissues (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  beneficiary_id    INTEGER NOT NULL REFERENCES beneficiaries (id),
  failed_month      TEXT NOT NULL CHECK (failed_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
  reason            TEXT NOT NULL,
  proposed_by       INTEGER NOT NULL REFERENCES users (id),
  proposed_by_name  TEXT NOT NULL,
  proposed_at       TEXT NOT NULL,
  confirmed_by      INTEGER REFERENCES users (id),
  confirmed_by_name TEXT,
  confirmed_at      TEXT,
  reissue_month     TEXT CHECK (reissue_month IS NULL OR reissue_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  UNIQUE (beneficiary_id, failed_month),
  -- money needs a second person
  CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by),
  CHECK ((confirmed_by IS NULL) = (reissue_month IS NULL))
) STRICT;
CREATE INDEX payment_reissues_month ON payment_reissues (reissue_month);
