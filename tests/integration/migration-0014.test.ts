import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { dbAtVersion, testClock } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe('migration 0014: sign-in limits', () => {
  it('upgrades a version-13 file: an account locked under the old rule goes on from the limit, the others keep their counts', async () => {
    const clock = testClock('2026-03-02T09:00:00+08:00');
    const { db, path } = dbAtVersion(13);
    const user = db.prepare(
      `INSERT INTO users (id, username, display_name, roles, password_hash, failed_logins, locked_until)
       VALUES (@id, @u, @u, '["clerk"]', @hash, @failed, @locked)`,
    );
    const hash = hashPassword('some-pass-1');
    // Locked five minutes ago; the old rule had put the count back to 0.
    user.run({ id: 1, u: 'locked', hash, failed: 0, locked: new Date(clock.now().getTime() - 5 * 60_000 + 15 * 60_000).toISOString() });
    user.run({ id: 2, u: 'typos', hash, failed: 2, locked: null });
    user.run({ id: 3, u: 'clean', hash, failed: 0, locked: null });
    db.close();

    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      const rows = core.db.prepare('SELECT username, failed_logins FROM users ORDER BY id').all();
      expect(rows).toEqual([
        { username: 'locked', failed_logins: 5 },
        { username: 'typos', failed_logins: 2 },
        { username: 'clean', failed_logins: 0 },
      ]);
      // After the old lock ends, the next wrong password locks for 30 minutes, not after five more.
      clock.advanceMinutes(11);
      await core.dispatch('accounts.login', { username: 'locked', password: 'wrong-pass-1' });
      const lockedUntil = (core.db.prepare("SELECT locked_until FROM users WHERE username = 'locked'").get() as { locked_until: string }).locked_until;
      expect(Date.parse(lockedUntil) - clock.now().getTime()).toBe(30 * 60_000);
      expect((await core.dispatch('accounts.login', { username: 'typos', password: 'some-pass-1' })).ok).toBe(true);
    } finally {
      core.close();
    }
  });
});
