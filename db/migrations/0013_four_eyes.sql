-- Four eyes beyond the approve button.

-- Every account carries its holder's ID number (GB 11643), so that one person cannot hold
-- two identities and approve what the other accepted. Accounts made before this version
-- have none: they record it at their next sign-in, and can do nothing else until then.
ALTER TABLE users ADD COLUMN staff_id_number TEXT CHECK (staff_id_number IS NULL OR length(staff_id_number) = 18);
-- One active account per person; a deactivated account keeps its number (and the person
-- may later get a new account).
CREATE UNIQUE INDEX users_staff_id_number_active ON users (staff_id_number) WHERE active = 1 AND staff_id_number IS NOT NULL;

-- A change of amount or a stop is proposed by one person and confirmed (or rejected) by a
-- second, who is neither the proposer nor the case's acceptor. Only a confirmed proposal
-- becomes a row of beneficiary_changes, so the roster, the monthly amounts and the totals
-- kept by the triggers of 0010 never see a pending one.
CREATE TABLE beneficiary_change_proposals (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  beneficiary_id   INTEGER NOT NULL REFERENCES beneficiaries (id),
  kind             TEXT NOT NULL CHECK (kind IN ('change', 'stop')),
  effective_month  TEXT NOT NULL CHECK (effective_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_fen       INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
  reason           TEXT NOT NULL,
  proposed_by      INTEGER NOT NULL REFERENCES users (id),
  proposed_by_name TEXT NOT NULL,
  proposed_at      TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  decided_by       INTEGER REFERENCES users (id),
  decided_by_name  TEXT,
  decided_at       TEXT,
  reject_reason    TEXT,
  -- the row of beneficiary_changes a confirmation made
  change_id        INTEGER UNIQUE REFERENCES beneficiary_changes (id),
  CHECK ((kind = 'stop') = (amount_fen IS NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK ((status = 'confirmed') = (change_id IS NOT NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
) STRICT;
-- One open proposal per beneficiary: a second would be judged against a state the first
-- may still change.
CREATE UNIQUE INDEX beneficiary_change_proposals_one_pending ON beneficiary_change_proposals (beneficiary_id) WHERE status = 'pending';
CREATE INDEX beneficiary_change_proposals_pending ON beneficiary_change_proposals (status, id) WHERE status = 'pending';
CREATE INDEX beneficiary_change_proposals_beneficiary ON beneficiary_change_proposals (beneficiary_id, id);
