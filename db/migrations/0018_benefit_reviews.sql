-- Annual review (复核) of recurring benefits whose item asks for it (beneficiaries.annual_review).
-- A review answers the review due for a benefit and records its outcome:
--   confirm  the benefit continues unchanged; the next review falls due a year later;
--   change   a new amount (or, for an item paid by grade, a new grade and the amount that
--            follows from it), recorded as a proposal of 0013 that a second person confirms;
--   stop     a stop, also through a proposal.
-- A change or stop review counts as done only when its proposal is confirmed; a rejected
-- proposal leaves the benefit due for review again. The benefit's payments themselves stay
-- in beneficiary_changes: a review never pays or stops anything on its own.
CREATE TABLE benefit_reviews (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
  -- the due month the review answers
  due_month      TEXT NOT NULL CHECK (due_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  outcome        TEXT NOT NULL CHECK (outcome IN ('confirm', 'change', 'stop')),
  reviewed_on    TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  opinion        TEXT NOT NULL,
  -- change of an item paid by grade: the new grade (amount_fen is then the grade's amount)
  grade          TEXT,
  amount_fen     INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
  from_month     TEXT CHECK (from_month IS NULL OR from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  proposal_id    INTEGER UNIQUE REFERENCES beneficiary_change_proposals (id),
  reviewer_id    INTEGER NOT NULL REFERENCES users (id),
  reviewer_name  TEXT NOT NULL,
  at             TEXT NOT NULL,
  CHECK ((outcome = 'confirm') = (proposal_id IS NULL)),
  CHECK ((outcome = 'change') = (amount_fen IS NOT NULL)),
  CHECK (grade IS NULL OR outcome = 'change'),
  CHECK ((outcome = 'confirm') = (from_month IS NULL))
) STRICT;
CREATE INDEX benefit_reviews_beneficiary ON benefit_reviews (beneficiary_id, id);
