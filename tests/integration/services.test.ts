import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../db/src/app';
import { listBackups } from '../../db/src/backups/backups';
import { BACKUP_JOB, EXPORTS_JOB } from '../../db/src/services/services';
import { completeFolders } from '../support/exports';
import { ADMIN, tempDbPath, tempDir, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

/** An app on a real file whose clock the test moves; closed by the test. */
async function appAt(iso: string) {
  const clock = { now: new Date(iso) };
  const app = createApp({ dbPath: tempDbPath(), log: quiet, now: () => clock.now });
  const { tokens } = await withPeople(app.core);
  return { app, clock, admin: tokens.admin! };
}

describe('the core services', () => {
  it('run the daily backup and the due exports when the clock passes the daily time, audited as the system', async () => {
    const { app, clock, admin } = await appAt('2026-03-04T06:00:00+08:00');
    try {
      const dir = tempDir('onewindow-exports-');
      expect(await app.dispatch('settings.update', { exportDir: dir, exportTime: '07:00' }, admin)).toMatchObject({ ok: true });

      // At start: today's backup and the catch-up of what was due before today's 07:00.
      await app.services.tick();
      expect(listBackups(app.core.database.backupsDir).map((b) => b.kind)).toEqual(['daily']);
      const atStart = completeFolders(dir);
      expect(atStart).toContain('310101001_ledger_2026-03-02');
      expect(atStart.some((f) => f.includes('_ledger_2026-03-03'))).toBe(false);

      // Still before 07:00: nothing new.
      clock.now = new Date('2026-03-04T06:59:00+08:00');
      await app.services.tick();
      expect(completeFolders(dir)).toEqual(atStart);

      // The clock passes the daily time: yesterday's ledger; the next day, a new backup too.
      clock.now = new Date('2026-03-04T07:30:00+08:00');
      await app.services.tick();
      expect(completeFolders(dir)).toContain('310101001_ledger_2026-03-03');
      clock.now = new Date('2026-03-05T07:30:00+08:00');
      await app.services.tick();
      expect(listBackups(app.core.database.backupsDir).map((b) => b.kind)).toEqual(['daily', 'daily']);
      const folders = completeFolders(dir);
      expect(folders).toContain('310101001_ledger_2026-03-04');
      expect(app.services.state[BACKUP_JOB]?.lastSuccess).toBe(clock.now.toISOString());
      expect(app.services.state[EXPORTS_JOB]?.lastSuccess).toBe(clock.now.toISOString());

      // Only the services' dispatcher may call them: no person holds the 'system' role.
      const fresh = await app.login(ADMIN.username, ADMIN.password);
      expect(await app.dispatch('backups.daily', {}, fresh)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await app.dispatch('exports.scheduled', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

      const rows = app.db
        .prepare("SELECT handler, actor_id, actor_name FROM audit_log WHERE handler IN ('backups.daily', 'exports.run', 'exports.due') ORDER BY id")
        .all() as { handler: string; actor_id: number | null; actor_name: string | null }[];
      expect(rows.filter((r) => r.handler === 'backups.daily')).toHaveLength(2);
      expect(rows.length).toBeGreaterThan(2);
      for (const r of rows) expect(r.actor_id).toBeNull();

      // A second tick the same day: nothing new.
      await app.services.tick();
      expect(listBackups(app.core.database.backupsDir)).toHaveLength(2);
      expect(completeFolders(dir)).toEqual(folders);
      expect(readdirSync(dir).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    } finally {
      app.close();
    }
  });

  it('stay idle in recovery mode', async () => {
    const dbPath = tempDbPath();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(dbPath, 'not a database');
    const app = createApp({ dbPath, log: quiet });
    try {
      expect(app.mode).toBe('recovery');
      await app.services.tick();
      expect(app.services.state).toEqual({});
    } finally {
      app.close();
    }
  });
});
