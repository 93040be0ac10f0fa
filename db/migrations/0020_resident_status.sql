-- Residents' 户籍 and status (#17): 在册, 已迁出 (date, to where), 已死亡 (date of death).
--
-- 户籍 of the residents already on file: 'local' (本市户籍). Nothing recorded so far tells
-- the two apart (a Shanghai address code 31xxxx in the ID number is where the number was
-- issued, not where the 户口 is now), so any default is a guess. A centre starts with its
-- sub-district's residents imported from 社区云 lists, which are 户籍 residents for the
-- most part, and 户籍 only shapes hints and a precheck warning (never a refusal): a wrong
-- 'local' costs a missing warning that the 户口簿 checked at the window catches anyway,
-- while a wrong 'other' would hide benefits from people entitled to them. The clerk
-- corrects it on the resident's profile (residents.update).
ALTER TABLE residents ADD COLUMN hukou TEXT NOT NULL DEFAULT 'local' CHECK (hukou IN ('local', 'other'));
-- 户籍地址 district, free text as the 户口簿 writes it (黄浦区); optional
ALTER TABLE residents ADD COLUMN hukou_district TEXT;

-- The status is a registered fact backed by a certificate (死亡证明 / 迁移证明): set once by
-- a reviewer with residents.setStatus, never edited afterwards.
ALTER TABLE residents ADD COLUMN status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'moved_out', 'deceased'));
ALTER TABLE residents ADD COLUMN status_date TEXT;
ALTER TABLE residents ADD COLUMN status_reason TEXT;
-- the certificate's number when the applicant's family brought one
ALTER TABLE residents ADD COLUMN status_material_no TEXT;
-- moved_out only: where to (上海市外 / 浦东新区 …)
ALTER TABLE residents ADD COLUMN moved_to TEXT;
ALTER TABLE residents ADD COLUMN status_recorded_at TEXT;
ALTER TABLE residents ADD COLUMN status_recorded_by TEXT;

-- The benefits a status registration stopped, for the 停发通知书 printed afterwards: the
-- stop month and the amount last in force are kept as the notice states them.
CREATE TABLE resident_status_stops (
  resident_id    INTEGER NOT NULL REFERENCES residents (id),
  beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
  stop_month     TEXT NOT NULL,
  -- yuan × 100 of the last month paid (or of the start, for a benefit that never started)
  amount_fen     INTEGER NOT NULL,
  -- 1 when the benefit had not started by the stop month: nothing was ever paid
  never_paid     INTEGER NOT NULL CHECK (never_paid IN (0, 1)),
  PRIMARY KEY (resident_id, beneficiary_id)
) STRICT, WITHOUT ROWID;
