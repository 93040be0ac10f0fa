import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../db/src/app';
import { AppError } from '../../db/src/kernel/errors';
import { ADMIN, tempDbPath } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('pairing passes the task gate', { timeout: 120_000 }, () => {
  it('is refused while a restore swaps the file, and pairs once the restore is done', async () => {
    const app = createApp({ dbPath: tempDbPath(), log: quiet, centre: { fingerprint: 'AA', caFingerprint: 'BB' } });
    try {
      expect((await app.dispatch('accounts.setup', ADMIN)).ok).toBe(true);
      const admin = await app.login(ADMIN.username, ADMIN.password);
      const created = await app.dispatch('devices.createPairingCode', { name: '1号窗口' }, admin);
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const code = (created.result as { code: string }).code;
      const backup = await app.dispatch('backups.create', {}, admin);
      if (!backup.ok) throw new Error(JSON.stringify(backup.error));

      // The restore holds the gate from its first step (its checks run on a worker) to the swap.
      const restore = app.dispatch('backups.restore', { file: (backup.result as { file: string }).file }, admin);
      const during = thrown(() => app.devices.pair(code, null));
      expect(during.toBody()).toEqual({ code: 'CONFLICT', message: '正在恢复备份，请稍候再配对', details: { reason: 'exclusive_task' } });
      expect((await restore).ok).toBe(true);

      // The code was in the backup: the restored file pairs with it, once.
      expect(app.devices.pair(code, null)).toMatchObject({ name: '1号窗口' });
      expect(app.db.prepare('SELECT count(*) AS n FROM devices WHERE paired_at IS NOT NULL').get()).toEqual({ n: 1 });
    } finally {
      app.close();
    }
  });

  it('answers RECOVERY_MODE in recovery mode, for pairing and for a device’s call', () => {
    const dbPath = tempDbPath();
    writeFileSync(dbPath, 'not a database, as a damaged file would be');
    const app = createApp({ dbPath, log: quiet });
    try {
      expect(app.mode).toBe('recovery');
      expect(thrown(() => app.devices.pair('12345678', null)).toBody()).toMatchObject({
        code: 'RECOVERY_MODE',
        message: '数据库无法打开，中心服务器处于恢复模式：暂不能配对，请管理员在服务器上从备份恢复',
      });
      expect(thrown(() => app.devices.authenticate('credential')).code).toBe('RECOVERY_MODE');
    } finally {
      app.close();
    }
  });
});
