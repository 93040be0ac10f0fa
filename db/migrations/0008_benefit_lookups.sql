-- Lookups the intake precheck and the worklist make for every applicant: a resident's benefits and
-- approved cases. Without these the planner walked every approved case in the centre
-- (cases_status) and every beneficiary, some 170 ms per intake at centre scale.
CREATE INDEX beneficiaries_resident ON beneficiaries (resident_id, id);
CREATE INDEX cases_resident_status ON cases (resident_id, status, id);
-- The case page (and so every intake's answer) looks up the benefit changes of one case.
CREATE INDEX beneficiary_changes_case ON beneficiary_changes (case_id) WHERE case_id IS NOT NULL;
-- One clerk's worklist groups (待补正, by status): without it the planner reads all of the
-- clerk's cases through cases_clerk to find a handful.
CREATE INDEX cases_clerk_status ON cases (clerk_id, status, id);
