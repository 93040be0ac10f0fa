import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { schemaVersion } from '../../db/src/database/migrations';
import { hashPassword } from '../../db/src/accounts/passwords';
import { pairDevice } from '../../db/src/devices/pairing';
import { dbAtVersion, testClock } from '../support/temp';
import { staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe('migration 0016: devices of a centre server', () => {
  it('upgrades a version-15 file with accounts in it: they keep working, and the file can pair devices', async () => {
    const clock = testClock('2026-12-07T09:00:00+08:00');
    const { db, path } = dbAtVersion(15);
    db.prepare(
      `INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number) VALUES (1, 'admin', '王管理', '["admin"]', ?, ?)`,
    ).run(hashPassword('admin-pass-1'), staffId(1));
    db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number, window_no) VALUES (2, 'clerk1', '李窗口', '["clerk"]', ?, ?, '2号窗口')`).run(
      hashPassword('clerk-pass-1'),
      staffId(2),
    );
    const usersBefore = db.prepare('SELECT * FROM users ORDER BY id').all();
    db.close();

    const core = openCore({ dbPath: path, logger: quiet, now: clock.now, centre: { fingerprint: 'AA', caFingerprint: 'BB' } });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(16);
      expect(core.db.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(usersBefore);
      const token = await core.login('admin', 'admin-pass-1');
      const created = await core.dispatch('devices.createPairingCode', { name: '2号窗口', windowNo: '2号窗口' }, token);
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      expect(pairDevice(core.db, (created.result as { code: string }).code, clock.now(), null)).toMatchObject({ name: '2号窗口', windowNo: '2号窗口' });
      // The table's rules hold in the upgraded file: no credential without a pairing time.
      expect(() => core.db.prepare(`INSERT INTO devices (name, kind, credential_hash, created_at, created_by) VALUES ('x', 'workstation', 'h', 'now', 1)`).run()).toThrow(/CHECK/);
      expect(core.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      core.close();
    }
  });
});
