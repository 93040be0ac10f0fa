-- Lookups the intake precheck makes for every applicant: a resident's benefits and
-- approved cases. Without these the planner walked every approved case in the centre
-- (cases_status) and every beneficiary, some 170 ms per intake at centre scale.
CREATE INDEX beneficiaries_resident ON beneficiaries (resident_id, id);
CREATE INDEX cases_resident_status ON cases (resident_id, status, id);
