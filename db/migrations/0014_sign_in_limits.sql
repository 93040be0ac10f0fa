-- Sign-in limits (#14.8). Failed sign-ins now count on across locks until a successful
-- sign-in, and each failure after the fifth locks the account for twice as long as the
-- last (15 minutes, 30, 60, ... at most 24 hours; db/src/accounts/sign-in-limits.ts).
--
-- Before this version the count went back to 0 when a lock began. locked_until is only
-- cleared by a successful sign-in or an administrator's unlock, so an account that still
-- has one has been locked since it last signed in: it starts at the limit, and its next
-- failure locks it for 30 minutes rather than allowing five more guesses.
UPDATE users SET failed_logins = 5 WHERE locked_until IS NOT NULL AND failed_logins < 5;

