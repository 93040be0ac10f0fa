-- The worklist's 已逾期 and 即将到期 groups and their counts: the running cases (in progress,
-- clock not stopped by a 公示) by due date, for everyone and per clerk. With cases_due
-- (status, due_on) every in-progress case in the range was read for paused_since; at
-- district scale that was thousands of rows per worklist.
CREATE INDEX cases_running_due ON cases (due_on) WHERE status = 'in_progress' AND paused_since IS NULL;
CREATE INDEX cases_clerk_running_due ON cases (clerk_id, due_on) WHERE status = 'in_progress' AND paused_since IS NULL;
