-- Export runs (db/src/exports): every run of a district export, by hand or by schedule,
-- with its outcome and the checksums of the files it wrote. A row is inserted as 'running'
-- before the first byte is written, so that two runs of one kind never overlap (also across
-- processes) and a run killed mid-way stays visible as such.
CREATE TABLE export_runs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('ledger', 'monthly', 'roster')),
  -- 'YYYY-MM-DD' for the ledger, 'YYYY-MM' for the monthly statistics and the roster
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
CREATE INDEX export_runs_kind ON export_runs (kind, status, period);

-- The ledger takes every case with a timeline entry (intake, supply, transition, rating)
-- on the days of its period.
CREATE INDEX case_events_on_date ON case_events (on_date, case_id);
-- Monthly statistics: completions and due dates of a month as index ranges.
CREATE INDEX cases_completed_on ON cases (completed_on) WHERE completed_on IS NOT NULL;
CREATE INDEX cases_due_on ON cases (due_on) WHERE due_on IS NOT NULL;
