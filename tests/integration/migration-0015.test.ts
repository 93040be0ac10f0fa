import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { schemaVersion } from '../../db/src/database/migrations';
import { workingCalendar } from '../../db/src/calendar/working-days';
import { dbAtVersion, tempDbPath } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** A version-14 file: the shipped 2025/2026 days, a 2027 notice imported, one 2028 day set by hand. */
function versionFourteenFile(): string {
  const path = tempDbPath();
  const { db } = dbAtVersion(14, path);
  const day = db.prepare(`INSERT INTO calendar_days (date, kind, name, source) VALUES (@date, @kind, @name, @source)`);
  day.run({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'import' });
  day.run({ date: '2027-02-06', kind: 'workday', name: '春节调休上班', source: 'import' });
  day.run({ date: '2028-03-03', kind: 'holiday', name: '停电', source: 'admin' });
  // An administrator's change in a shipped year does not make it less official.
  db.prepare(`UPDATE calendar_days SET source = 'admin' WHERE date = '2026-02-14'`).run();
  db.close();
  return path;
}

describe('migration 0015: which years have an official holiday notice', () => {
  it('upgrades a version-14 file: shipped and imported years are official, every other year from 2025 on is provisional', () => {
    const path = versionFourteenFile();
    const core = openCore({ dbPath: path, logger: quiet });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(15);
      expect(core.db.prepare('SELECT year, source FROM calendar_years ORDER BY year').all()).toEqual([
        { year: 2025, source: 'official' },
        { year: 2026, source: 'official' },
        { year: 2027, source: 'import' },
      ]);
      const cal = workingCalendar(core.db);
      // 2027 keeps exactly its imported days: 2/5 (除夕, computed otherwise) stays a working Friday.
      expect(cal.dayInfo('2027-02-05')).toMatchObject({ working: true, kind: 'weekday' });
      expect(cal.dayInfo('2027-02-06')).toMatchObject({ working: true, source: 'import' });
      // 2028 had only a day set by hand: provisional, so its statutory days are computed beside it.
      expect(cal.dayInfo('2028-03-03')).toMatchObject({ working: false, source: 'admin' });
      expect(cal.dayInfo('2028-01-26')).toMatchObject({ working: false, source: 'provisional', name: '春节' });
      expect(cal.dayInfo('2026-02-14')).toMatchObject({ source: 'admin' });
      expect(core.db.prepare('SELECT count(*) AS n FROM calendar_days').get()).toEqual({ n: 72 + 3 });
    } finally {
      core.close();
    }
  });
});
