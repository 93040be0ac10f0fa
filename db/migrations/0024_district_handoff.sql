-- 收受分离 (the centre accepts, a district authority decides): hand-off of district-decided
-- cases to their authority, and the authority's decisions coming back.

-- The hand-off package (移交) is a fourth export kind. SQLite cannot change a CHECK, so the
-- table is rebuilt with the same columns and rows (nothing references it yet).
CREATE TABLE export_runs_new (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('ledger', 'monthly', 'roster', 'handoff')),
  -- 'YYYY-MM-DD' for the ledger and the hand-off package, 'YYYY-MM' for the monthly statistics and the roster
  period       TEXT NOT NULL,
  -- 1 for the first complete folder of a period, 2 for `_run2` ...; set when it completes
  run_no       INTEGER CHECK (run_no IS NULL OR run_no >= 1),
  trigger      TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  actor_id     INTEGER REFERENCES users (id),
  actor_name   TEXT,
  encoding     TEXT NOT NULL CHECK (encoding IN ('utf8', 'gb18030')),
  status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
  -- the complete folder (ok), and the temporary one while running
  folder       TEXT,
  temp_folder  TEXT,
  -- data rows written so far (progress while running; the total once ok)
  rows         INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
  -- [{ name, rows, sha256, bytes, encoding }] of the files, and the manifest's own hash
  files        TEXT CHECK (files IS NULL OR json_valid(files)),
  manifest_sha256 TEXT,
  error        TEXT,
  -- the process that runs it: a 'running' row whose process is gone was killed
  pid          INTEGER,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  CHECK ((status = 'running') = (finished_at IS NULL)),
  CHECK (status <> 'ok' OR (run_no IS NOT NULL AND folder IS NOT NULL AND files IS NOT NULL))
) STRICT;
INSERT INTO export_runs_new SELECT * FROM export_runs;
DROP TABLE export_runs;
ALTER TABLE export_runs_new RENAME TO export_runs;
CREATE INDEX export_runs_kind ON export_runs (kind, status, period);

-- When and in which package a case left for its deciding authority. From that day the
-- authority's time limit runs (due_on is then the authority's due date).
ALTER TABLE cases ADD COLUMN handed_off_on TEXT;
ALTER TABLE cases ADD COLUMN handoff_run_id INTEGER REFERENCES export_runs (id);
-- A case closed by a decision of another authority: who decided, its number and date.
-- NULL decided_by: the centre decided (every case before this migration).
ALTER TABLE cases ADD COLUMN decided_by TEXT;
ALTER TABLE cases ADD COLUMN decision_no TEXT;
ALTER TABLE cases ADD COLUMN decision_date TEXT;
-- 一窗反馈: a decision that came back is told to the applicant at the window; until then
-- the case stays on the worklist as 待告知申请人. how: 'notice_printed' or 'delivered'.
ALTER TABLE cases ADD COLUMN applicant_told_on TEXT;
ALTER TABLE cases ADD COLUMN applicant_told_how TEXT CHECK (applicant_told_how IS NULL OR applicant_told_how IN ('notice_printed', 'delivered'));
CREATE INDEX cases_handoff_pending ON cases (stage) WHERE status = 'in_progress' AND handed_off_on IS NULL;
CREATE INDEX cases_to_tell ON cases (completed_on) WHERE decided_by IS NOT NULL AND applicant_told_on IS NULL;

-- One row per imported decision file. The SHA-256 makes a second import of the same file a no-op.
CREATE TABLE decision_imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  actor_id    INTEGER NOT NULL REFERENCES users (id),
  actor_name  TEXT NOT NULL,
  at          TEXT NOT NULL,
  rows_total  INTEGER NOT NULL CHECK (rows_total >= 0),
  applied     INTEGER NOT NULL CHECK (applied >= 0),
  refused     INTEGER NOT NULL CHECK (refused >= 0),
  -- the row report as shown to the importer: [{ line, caseNo, result, reason }]
  report      TEXT NOT NULL CHECK (json_valid(report))
) STRICT;
ALTER TABLE cases ADD COLUMN decision_import_id INTEGER REFERENCES decision_imports (id);
