-- Years whose holiday arrangement is official: the State Council's notice was shipped with
-- the program (migration 0004) or imported by the administrator (calendar.import). Every
-- other year from 2025 on runs on the statutory holidays computed from the lunar calendar
-- (db/src/calendar/statutory.ts), marked provisional and never stored: importing the
-- notice adds the year here, and the computed days give way to the notice's.
-- When a notice was imported is in the audit log (calendar.import), not here.
CREATE TABLE calendar_years (
  year   INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2099),
  source TEXT NOT NULL CHECK (source IN ('official', 'import'))
) STRICT;

-- A year with a shipped or imported day has had its notice: 2025 and 2026 as shipped, and
-- any year an administrator imported before this table existed.
INSERT INTO calendar_years (year, source)
SELECT CAST(substr(date, 1, 4) AS INTEGER),
       CASE WHEN sum(source = 'import') > 0 THEN 'import' ELSE 'official' END
  FROM calendar_days
 WHERE source IN ('official', 'import')
 GROUP BY substr(date, 1, 4);
