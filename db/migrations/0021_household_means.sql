-- 低保 and other means-tested items: each household member's declared monthly income and
-- assets on the application, in fen, one row per member of the case's household snapshot.
-- Kept as rows rather than inside the case's JSON so that amounts are integers with their
-- rules checked by the database and a member's income can be found by resident.
CREATE TABLE case_household_means (
  case_id            INTEGER NOT NULL REFERENCES cases (id),
  resident_id        INTEGER NOT NULL REFERENCES residents (id),
  position           INTEGER NOT NULL CHECK (position >= 0),
  monthly_income_fen INTEGER NOT NULL CHECK (monthly_income_fen >= 0),
  assets_fen         INTEGER NOT NULL CHECK (assets_fen >= 0),
  PRIMARY KEY (case_id, resident_id)
) STRICT;
CREATE INDEX case_household_means_resident ON case_household_means (resident_id);
