-- Cases (办件) from the window decision to the final result, their materials and timeline,
-- the per-day case number sequence, ratings with their follow-ups, and the recurring
-- benefits (在保) that approvals create. Rules live in db/src/cases and db/src/beneficiaries;
-- the CHECKs here only keep the vocabulary and the obvious invariants honest.

-- The last sequence number issued per Shanghai day (yyyymmdd). Incremented inside the
-- transaction that inserts the case, so a failed intake rolls its increment back with it.
CREATE TABLE case_number_days (
  day      TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  last_seq INTEGER NOT NULL CHECK (last_seq >= 1)
) STRICT, WITHOUT ROWID;

CREATE TABLE cases (
  -- AUTOINCREMENT: ids are the keyset cursor of the case list and appear in audit rows,
  -- so one must never be reused.
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  case_no           TEXT NOT NULL UNIQUE,
  resident_id       INTEGER NOT NULL REFERENCES residents (id),
  item_code         TEXT NOT NULL REFERENCES catalogue_items (code),
  -- the version the case was taken in under: its rules stay those even after an edit
  item_version      INTEGER NOT NULL,
  -- name and family as of that version, so lists need no JSON
  item_name         TEXT NOT NULL,
  family            TEXT NOT NULL CHECK (family IN ('subsidy', 'elderly_care', 'employment')),
  time_limit_days   INTEGER NOT NULL CHECK (time_limit_days > 0),
  decision          TEXT NOT NULL CHECK (decision IN ('accept', 'accept_deferred', 'notify_missing', 'refuse')),
  status            TEXT NOT NULL CHECK (status IN
                      ('waiting_materials', 'in_progress', 'approved', 'not_approved', 'withdrawn', 'terminated', 'refused')),
  -- key of the current review stage while in progress
  stage             TEXT,
  form_values       TEXT NOT NULL CHECK (json_valid(form_values)),
  -- household-based items: members and relations as they were at intake (full values)
  household         TEXT CHECK (household IS NULL OR json_valid(household)),
  -- 一次性告知书: what the notice listed, kept as printed even after materials arrive
  notice_missing    TEXT CHECK (notice_missing IS NULL OR json_valid(notice_missing)),
  commitment        TEXT,
  refusal_reason    TEXT,
  refer_to          TEXT,
  received_on       TEXT NOT NULL,
  -- the day the deadline clock started (intake, or the 补正 supply that completed it)
  accepted_on       TEXT,
  accepted_by       INTEGER REFERENCES users (id),
  due_on            TEXT,
  -- working days added to the limit by finished 公示 periods
  paused_days       INTEGER NOT NULL DEFAULT 0 CHECK (paused_days >= 0),
  -- set while a 公示 runs: the clock is stopped since this day
  paused_since      TEXT,
  posting_ends_on   TEXT,
  extension_days    INTEGER NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
  extension_reason  TEXT,
  completed_on      TEXT,
  outcome_reason    TEXT,
  clerk_id          INTEGER NOT NULL REFERENCES users (id),
  window_no         TEXT,
  idempotency_key   TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK ((status = 'in_progress') = (stage IS NOT NULL)),
  CHECK ((status IN ('waiting_materials', 'refused')) = (accepted_on IS NULL) OR status IN ('withdrawn', 'terminated')),
  CHECK ((accepted_on IS NULL) = (due_on IS NULL)),
  CHECK ((completed_on IS NULL) = (status IN ('waiting_materials', 'in_progress'))),
  CHECK (status <> 'refused' OR refusal_reason IS NOT NULL),
  CHECK (paused_since IS NULL OR status = 'in_progress')
) STRICT;

-- Lists: every filter is an index whose trailing id serves "newest first" keyset paging.
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_item ON cases (item_code, id);
CREATE INDEX cases_family ON cases (family, id);
CREATE INDEX cases_clerk ON cases (clerk_id, id);
CREATE INDEX cases_received ON cases (received_on, id);
-- Deadline status and the worklist: open cases by due date, for everyone and per clerk.
CREATE INDEX cases_due ON cases (status, due_on);
CREATE INDEX cases_clerk_due ON cases (clerk_id, status, due_on);
-- Precheck: open cases and repeats of the same resident and item.
CREATE INDEX cases_resident_item ON cases (resident_id, item_code, status);
-- Exports: cases changed in a period.
CREATE INDEX cases_updated ON cases (updated_at, id);

-- One row per material of the item version: 应交 (copies_required) and 实交 (copies_received).
CREATE TABLE case_materials (
  case_id           INTEGER NOT NULL REFERENCES cases (id),
  key               TEXT NOT NULL,
  position          INTEGER NOT NULL,
  name              TEXT NOT NULL,
  form              TEXT NOT NULL CHECK (form IN ('original', 'copy')),
  required          INTEGER NOT NULL CHECK (required IN (0, 1)),
  may_defer         INTEGER NOT NULL CHECK (may_defer IN (0, 1)),
  copies_required   INTEGER NOT NULL CHECK (copies_required >= 1),
  copies_received   INTEGER NOT NULL DEFAULT 0 CHECK (copies_received >= 0),
  -- 容缺: the day the missing material is promised for, and the day it came
  deferred_due      TEXT,
  received_later_on TEXT,
  PRIMARY KEY (case_id, key),
  CHECK (deferred_due IS NOT NULL OR received_later_on IS NULL)
) STRICT, WITHOUT ROWID;
-- Worklist: deferred materials still outstanding, by due date.
CREATE INDEX case_materials_deferred ON case_materials (deferred_due) WHERE deferred_due IS NOT NULL AND received_later_on IS NULL;

-- The timeline: every decision and transition with its opinion, person and time.
CREATE TABLE case_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  at           TEXT NOT NULL,
  on_date      TEXT NOT NULL,
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  from_stage   TEXT,
  to_stage     TEXT,
  opinion      TEXT,
  actor_id     INTEGER NOT NULL REFERENCES users (id),
  actor_name   TEXT NOT NULL,
  detail       TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX case_events_case ON case_events (case_id, id);

-- 好差评: one per case (one visit), tied to the case's clerk.
CREATE TABLE case_ratings (
  case_id      INTEGER PRIMARY KEY REFERENCES cases (id),
  score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment      TEXT,
  clerk_id     INTEGER NOT NULL REFERENCES users (id),
  rated_at     TEXT NOT NULL,
  recorded_by  INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX case_ratings_clerk ON case_ratings (clerk_id, rated_at);

-- A low rating (1 or 2) must be followed up; open until closed with a note.
CREATE TABLE case_follow_ups (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      INTEGER NOT NULL UNIQUE REFERENCES cases (id),
  clerk_id     INTEGER NOT NULL REFERENCES users (id),
  opened_on    TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  closed_at    TEXT,
  closed_by    INTEGER REFERENCES users (id),
  note         TEXT,
  CHECK ((closed_at IS NULL) = (note IS NULL))
) STRICT;
CREATE INDEX case_follow_ups_open ON case_follow_ups (due_on) WHERE closed_at IS NULL;
CREATE INDEX case_follow_ups_clerk_open ON case_follow_ups (clerk_id, due_on) WHERE closed_at IS NULL;

-- 在保: a recurring benefit from an approved case. Amounts in fen (integer), months 'YYYY-MM'.
-- `stop_month` is the first month no longer paid.
CREATE TABLE beneficiaries (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  resident_id   INTEGER NOT NULL REFERENCES residents (id),
  item_code     TEXT NOT NULL REFERENCES catalogue_items (code),
  case_id       INTEGER NOT NULL UNIQUE REFERENCES cases (id),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),
  amount_source TEXT NOT NULL CHECK (amount_source IN ('field', 'age_tier', 'default', 'approval')),
  start_month   TEXT NOT NULL CHECK (start_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status        TEXT NOT NULL CHECK (status IN ('active', 'stopped')),
  stop_month    TEXT CHECK (stop_month IS NULL OR stop_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  stop_reason   TEXT,
  annual_review INTEGER NOT NULL CHECK (annual_review IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK ((status = 'stopped') = (stop_month IS NOT NULL)),
  CHECK (stop_month IS NULL OR stop_month >= start_month)
) STRICT;
-- One benefit per person and item at a time.
CREATE UNIQUE INDEX beneficiaries_one_active ON beneficiaries (resident_id, item_code) WHERE status = 'active';
CREATE INDEX beneficiaries_item ON beneficiaries (item_code, status, id);
CREATE INDEX beneficiaries_status ON beneficiaries (status, id);
CREATE INDEX beneficiaries_review ON beneficiaries (annual_review, start_month);

-- Every start, amount change and stop, effective from a month, with its reason.
CREATE TABLE beneficiary_changes (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  beneficiary_id  INTEGER NOT NULL REFERENCES beneficiaries (id),
  kind            TEXT NOT NULL CHECK (kind IN ('start', 'change', 'stop')),
  effective_month TEXT NOT NULL CHECK (effective_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_fen      INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
  reason          TEXT NOT NULL,
  case_id         INTEGER REFERENCES cases (id),
  actor_id        INTEGER NOT NULL REFERENCES users (id),
  actor_name      TEXT NOT NULL,
  at              TEXT NOT NULL,
  CHECK ((kind = 'stop') = (amount_fen IS NULL))
) STRICT;
CREATE INDEX beneficiary_changes_beneficiary ON beneficiary_changes (beneficiary_id, id);
