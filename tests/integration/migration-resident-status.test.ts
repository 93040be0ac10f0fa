import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { loadMigrations, schemaVersion } from '../../db/src/database/migrations';
import { hashPassword } from '../../db/src/accounts/passwords';
import { dbAtVersion, testClock } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
// The lead renumbers migrations at merge: found by name, never by number.
const VERSION = loadMigrations().find((m) => m.name === 'resident_status')!.version;

describe('migration resident_status: 户籍 and status of residents', () => {
  it('upgrades a file with residents in it: they keep their data, read as 本市户籍 and 在册, and can be registered deceased', async () => {
    const clock = testClock('2026-12-07T09:00:00+08:00');
    const { db, path } = dbAtVersion(VERSION - 1);
    db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number) VALUES (1, 'admin', '王管理', '["admin","reviewer"]', ?, ?)`).run(
      hashPassword('admin-pass-1'),
      staffId(1),
    );
    const insert = db.prepare(
      `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, address, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '长乐路 1 号', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const a = makeId(1, '19500101');
    const b = makeId(2, '19600202');
    insert.run(1, a, [...a].reverse().join(''), '张老伯', '1950-01-01', 'male');
    insert.run(2, b, [...b].reverse().join(''), '李阿姨', '1960-02-02', 'female');
    const before = db.prepare('SELECT * FROM residents ORDER BY id').all();
    db.close();

    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(VERSION);
      const after = core.db.prepare('SELECT * FROM residents ORDER BY id').all() as Record<string, unknown>[];
      expect(after).toEqual(
        (before as Record<string, unknown>[]).map((r) => ({
          ...r,
          hukou: 'local',
          hukou_district: null,
          status: 'registered',
          status_date: null,
          status_reason: null,
          status_material_no: null,
          moved_to: null,
          status_recorded_at: null,
          status_recorded_by: null,
        })),
      );
      const token = await core.login('admin', 'admin-pass-1');
      const got = await core.dispatch('residents.get', { id: 1 }, token);
      expect(got.ok && got.result).toMatchObject({ hukou: 'local', hukouDistrict: null, status: 'registered', statusRecord: null });
      const set = await core.dispatch('residents.setStatus', { residentId: 2, status: 'deceased', date: '2026-12-01', reason: '家属报告', materialNo: 'SW-1' }, token);
      expect(set.ok && set.result).toMatchObject({ resident: { status: 'deceased', statusDate: '2026-12-01' }, stopped: [] });
      // The table's rules hold in the upgraded file.
      expect(() => core.db.prepare(`UPDATE residents SET hukou = 'shanghai' WHERE id = 1`).run()).toThrow(/CHECK/);
      expect(() => core.db.prepare(`UPDATE residents SET status = 'gone' WHERE id = 1`).run()).toThrow(/CHECK/);
      expect(core.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      core.close();
    }
  });
});
