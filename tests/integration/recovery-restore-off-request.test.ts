/**
 * recovery.restore checks the chosen backup (quick_check, schema against the migrations,
 * the whole audit chain) on a worker thread, as backups.restore does: the recovery screen's
 * status call answers while a centre-sized backup is checked. Asserted on the order of the
 * answers, never on timings: were the checks run on the request thread, the restore's
 * answer would be ready before the status call even started.
 */
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../db/src/app';
import { openCore } from '../../db/src/core';
import { bulkAudit } from '../support/bulk-audit';
import { ADMIN, tempDbPath, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** A database whose backup holds a long audit chain; then the live file is damaged. */
async function damagedWithLargeBackup() {
  const dbPath = tempDbPath();
  const core = openCore({ dbPath, logger: quiet });
  const { as } = await withPeople(core);
  bulkAudit(core.db, 40_000);
  const backup = (await as('admin', 'backups.create', { note: '大库' })).file as string;
  const backupsDir = core.database.backupsDir;
  core.close();
  const fd = openSync(dbPath, 'r+');
  writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, 4096);
  closeSync(fd);
  return { dbPath, backup, backupsDir };
}

describe('recovery.restore off the request thread', { timeout: 180_000 }, () => {
  it("recovery.status answers while the backup's checks run, and the restore then succeeds", async () => {
    const { dbPath, backup, backupsDir } = await damagedWithLargeBackup();
    const app = createApp({ dbPath, log: quiet });
    expect(app.mode).toBe('recovery');
    try {
      const order: string[] = [];
      const restore = app.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password }).then((r) => (order.push('restore'), r));
      const status = app.dispatch('recovery.status', {}).then((r) => (order.push('status'), r));
      const [restored, seen] = await Promise.all([restore, status]);
      expect(order).toEqual(['status', 'restore']);
      expect(seen).toMatchObject({ ok: true, result: { kind: 'corrupt' } });
      expect(restored).toMatchObject({ ok: true, result: { restoredFrom: backup } });
      expect(app.mode).toBe('ready');
      expect(readdirSync(backupsDir).some((f) => f.includes('broken'))).toBe(true);
    } finally {
      app.close();
    }
  });

  it('a second restore while the first is being checked is refused, and the first one restores', async () => {
    const { dbPath, backup } = await damagedWithLargeBackup();
    const app = createApp({ dbPath, log: quiet });
    try {
      const first = app.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
      const second = await app.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
      expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(await first).toMatchObject({ ok: true });
      expect(app.mode).toBe('ready');
    } finally {
      app.close();
    }
  });
});
