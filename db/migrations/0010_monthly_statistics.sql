-- 月报 in milliseconds at district scale. Each of its figures was a range over a month of
-- cases that then read every case row for a few columns, or (paid in the month) visited
-- every beneficiary the centre ever had with a lookup of its amount history. The case
-- figures now come from covering indexes, and the payments from per-item monthly totals
-- kept by triggers.

-- Received, completed and falling due in a month: the range and the grouped columns in one
-- index each, so no case row is read.
CREATE INDEX cases_received_month ON cases (received_on, item_code, decision);
DROP INDEX cases_completed_on;
CREATE INDEX cases_completed_month ON cases (completed_on, item_code, status, due_on) WHERE completed_on IS NOT NULL;
DROP INDEX cases_due_on;
CREATE INDEX cases_due_month ON cases (due_on, item_code, completed_on, paused_since) WHERE due_on IS NOT NULL;

-- What a beneficiary is paid, as segments [from_month, until_month) of one amount: in a
-- month it is paid the amount of its latest non-stop change effective by then (the later
-- row wins within one month), from start_month until stop_month; the same rule as
-- amountInMonth in db/src/beneficiaries/beneficiaries.ts, which the tests compare it with.
CREATE VIEW benefit_segments AS
SELECT beneficiary_id, item_code, amount_fen, from_month,
       coalesce(min(next_month, stop_month), next_month, stop_month) AS until_month
  FROM (SELECT b.id AS beneficiary_id, b.item_code, b.stop_month, ch.amount_fen,
               max(ch.effective_month, b.start_month) AS from_month,
               (SELECT min(n.effective_month) FROM beneficiary_changes n
                 WHERE n.beneficiary_id = ch.beneficiary_id AND n.kind <> 'stop' AND n.effective_month > ch.effective_month) AS next_month
          FROM beneficiaries b
          JOIN beneficiary_changes ch ON ch.beneficiary_id = b.id
         WHERE ch.kind <> 'stop'
           AND NOT EXISTS (SELECT 1 FROM beneficiary_changes later
                            WHERE later.beneficiary_id = ch.beneficiary_id AND later.kind <> 'stop'
                              AND later.effective_month = ch.effective_month AND later.id > ch.id));

-- Each segment as two steps: +amount and +1 person from its first month, the opposite from
-- the month it ends.
CREATE VIEW benefit_month_changes AS
SELECT beneficiary_id, item_code, from_month AS month, amount_fen, 1 AS beneficiaries
  FROM benefit_segments WHERE until_month IS NULL OR from_month < until_month
UNION ALL
SELECT beneficiary_id, item_code, until_month, -amount_fen, -1
  FROM benefit_segments WHERE until_month IS NOT NULL AND from_month < until_month;

-- The steps summed per item and month: what is paid in month M for an item is the sum of
-- its rows up to M (a few hundred rows, however many beneficiaries there are).
CREATE TABLE benefit_month_deltas (
  item_code     TEXT NOT NULL,
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_fen    INTEGER NOT NULL,
  beneficiaries INTEGER NOT NULL,
  PRIMARY KEY (item_code, month)
) STRICT, WITHOUT ROWID;

INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes WHERE true GROUP BY item_code, month;

-- Kept by triggers, so that no write path can forget it: before a beneficiary or one of its
-- changes is written its whole contribution is taken out, afterwards put back as it now is.
CREATE TRIGGER benefit_deltas_change_insert_before BEFORE INSERT ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, -sum(amount_fen), -sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (NEW.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_change_insert_after AFTER INSERT ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (NEW.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_change_update_before BEFORE UPDATE OF beneficiary_id, kind, effective_month, amount_fen ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, -sum(amount_fen), -sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.beneficiary_id, NEW.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_change_update_after AFTER UPDATE OF beneficiary_id, kind, effective_month, amount_fen ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.beneficiary_id, NEW.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_change_delete_before BEFORE DELETE ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, -sum(amount_fen), -sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_change_delete_after AFTER DELETE ON beneficiary_changes
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.beneficiary_id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_beneficiary_insert AFTER INSERT ON beneficiaries
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (NEW.id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_beneficiary_update_before BEFORE UPDATE OF id, item_code, start_month, stop_month ON beneficiaries
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, -sum(amount_fen), -sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_beneficiary_update_after AFTER UPDATE OF id, item_code, start_month, stop_month ON beneficiaries
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, sum(amount_fen), sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (NEW.id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;

CREATE TRIGGER benefit_deltas_beneficiary_delete BEFORE DELETE ON beneficiaries
BEGIN
  INSERT INTO benefit_month_deltas (item_code, month, amount_fen, beneficiaries)
  SELECT item_code, month, -sum(amount_fen), -sum(beneficiaries) FROM benefit_month_changes
   WHERE beneficiary_id IN (OLD.id) GROUP BY item_code, month
  ON CONFLICT (item_code, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, beneficiaries = beneficiaries + excluded.beneficiaries;
END;
