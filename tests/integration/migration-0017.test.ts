import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { schemaVersion } from '../../db/src/database/migrations';
import { hashPassword } from '../../db/src/accounts/passwords';
import { dbAtVersion, testClock } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe('migration 0017: answered requests and stored sessions', () => {
  it('upgrades a version-16 file with accounts and a device in it: they keep working, keyed writes and sessions are stored', async () => {
    const clock = testClock('2026-12-07T09:00:00+08:00');
    const { db, path } = dbAtVersion(16);
    db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number) VALUES (1, 'admin', '王管理', '["admin","clerk"]', ?, ?)`).run(
      hashPassword('admin-pass-1'),
      staffId(1),
    );
    db.prepare(`INSERT INTO devices (id, name, kind, window_no, created_at, created_by) VALUES (1, '1号窗口', 'workstation', '1', '2026-12-06T01:00:00.000Z', 1)`).run();
    const before = { users: db.prepare('SELECT * FROM users ORDER BY id').all(), devices: db.prepare('SELECT * FROM devices ORDER BY id').all() };
    db.close();

    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(17);
      expect({ users: core.db.prepare('SELECT * FROM users ORDER BY id').all(), devices: core.db.prepare('SELECT * FROM devices ORDER BY id').all() }).toEqual(before);
      const token = await core.login('admin', 'admin-pass-1');
      expect(core.db.prepare('SELECT user_id, device_id FROM sessions').all()).toEqual([{ user_id: 1, device_id: null }]);
      const key = randomUUID();
      const input = { idNumber: makeId(1, '19800101'), name: '张三' };
      const first = await core.dispatch('residents.register', input, token, { requestKey: key });
      expect(first.ok).toBe(true);
      expect(await core.dispatch('residents.register', input, token, { requestKey: key })).toEqual(JSON.parse(JSON.stringify(first)));
      expect(core.db.prepare('SELECT request_key, user_id, device_id, handler FROM answered_requests').all()).toEqual([
        { request_key: key, user_id: 1, device_id: null, handler: 'residents.register' },
      ]);
      // The table's rules hold in the upgraded file: a key is 8 to 100 characters.
      expect(() => core.db.prepare(`INSERT INTO answered_requests (request_key, handler, created_at) VALUES ('short', 'x', 'now')`).run()).toThrow(/CHECK/);
      expect(core.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      core.close();
    }
  });
});
