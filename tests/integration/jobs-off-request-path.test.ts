/**
 * Long jobs run on worker threads (db/src/jobs), so the thread that answers requests is
 * free while they run: a search and a save started after a job answer before the job ends.
 * Asserted on the order of the answers, never on timings. Were a job run on the request
 * thread, its answer would be ready before the later calls even started.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ensureDailyBackup } from '../../db/src/backups/daily';
import { startJob, JobCancelledError } from '../../db/src/jobs/run-job';
import { makeId } from '../support/ids';
import { bulkAudit } from '../support/bulk-audit';
import { tempDir, testClock, testCore, withPeople } from '../support/temp';

const AUDIT_ROWS = 40_000;
const idNumber = (n: number) => makeId(n + 1, '19700101');

async function world() {
  const clock = testClock('2026-03-03T10:00:00+08:00');
  const core = testCore({ now: clock.now });
  const people = await withPeople(core, { li: ['clerk'] });
  for (let i = 0; i < 30; i++) await people.as('li', 'residents.register', { idNumber: idNumber(i), name: `居民${i}` });
  bulkAudit(core.db, AUDIT_ROWS);
  return { clock, core, ...people };
}

/**
 * Starts `job`, then a search and a save; returns the order in which the three answered.
 * The search and the save must both answer before the job does.
 */
let saved = 0;
async function orderBeside(w: Awaited<ReturnType<typeof world>>, job: () => Promise<unknown>) {
  const order: string[] = [];
  const running = job().then((result) => (order.push('job'), result));
  const search = w.as('li', 'residents.search', { query: '居民1' }).then((r: { items: unknown[] }) => (order.push('search'), r));
  const save = w.as('li', 'residents.register', { idNumber: idNumber(900 + saved++), name: '新居民' }).then(() => order.push('save'));
  const [result, found] = await Promise.all([running, search, save]);
  return { order, result, found };
}

describe('long jobs never block a request', () => {
  it('audit.verify: a search and a save answer before it finishes, and it still checks the whole chain', async () => {
    const w = await world();
    try {
      const { order, result, found } = await orderBeside(w, () => w.as('admin', 'audit.verify'));
      expect(order.indexOf('search')).toBeLessThan(order.indexOf('job'));
      expect(order.indexOf('save')).toBeLessThan(order.indexOf('job'));
      expect(found.items.length).toBeGreaterThan(0);
      expect(result).toMatchObject({ ok: true });
      expect((result as { rows: number }).rows).toBeGreaterThan(AUDIT_ROWS);
    } finally {
      w.core.close();
    }
  });

  it('exports.run: a search and a save answer before the export finishes; its audit row is written on the main connection', async () => {
    const w = await world();
    try {
      await w.as('admin', 'settings.update', { exportDir: tempDir('onewindow-export-') });
      const { order, result } = await orderBeside(w, () => w.as('admin', 'exports.run', { kind: 'ledger', period: '2026-03-02' }));
      expect(order.indexOf('search')).toBeLessThan(order.indexOf('job'));
      expect(order.indexOf('save')).toBeLessThan(order.indexOf('job'));
      expect(result).toMatchObject({ status: 'ok' });
      const audited = w.core.db.prepare("SELECT action FROM audit_log WHERE handler = 'exports.run' ORDER BY id DESC LIMIT 1").get();
      expect(audited).toEqual({ action: 'export' });
    } finally {
      w.core.close();
    }
  });

  it('backups.create, backups.verify and the daily backup: a search and a save answer before each finishes', async () => {
    const w = await world();
    try {
      const manual = await orderBeside(w, () => w.as('admin', 'backups.create', { note: '大库' }));
      expect(manual.order.slice(0, 2).sort()).toEqual(['save', 'search']);
      const file = (manual.result as { file: string }).file;
      const verified = await orderBeside(w, () => w.as('admin', 'backups.verify', { file }));
      expect(verified.order.slice(0, 2).sort()).toEqual(['save', 'search']);
      expect(verified.result).toMatchObject({ ok: true });
      const daily = await orderBeside(w, () => ensureDailyBackup(w.core, w.clock.now()));
      expect(daily.order.slice(0, 2).sort()).toEqual(['save', 'search']);
      expect(daily.result).toMatchObject({ kind: 'daily' });
      // The copy holds the bulk chain whole.
      const copy = new Database(`${w.core.database.backupsDir}/${file}`, { readonly: true });
      expect((copy.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBeGreaterThan(AUDIT_ROWS);
      copy.close();
    } finally {
      w.core.close();
    }
  });

  it("backups.restore: a search answers while the backup's checks and the pre-restore copy run", async () => {
    const w = await world();
    try {
      const { file } = await w.as('admin', 'backups.create');
      const order: string[] = [];
      const restore = w.as('admin', 'backups.restore', { file }).then((r) => (order.push('job'), r));
      const search = w.as('li', 'residents.search', { query: '居民1' }).then(() => order.push('search'));
      const [result] = await Promise.all([restore, search]);
      expect(order).toEqual(['search', 'job']);
      expect(result).toMatchObject({ restoredFrom: file, signedOut: true });
    } finally {
      w.core.close();
    }
  });

  it('a job reports progress, and closing its core stops it with a typed error', async () => {
    const w = await world();
    const seen: number[] = [];
    const done = await startJob('audit.verify', { dbPath: w.core.dbPath }, { owner: w.core.dbPath, onProgress: (p) => seen.push(p.rows) }).result;
    expect(done.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // Its answer can only arrive in a later turn of the event loop: the close comes first.
    const job = startJob('audit.verify', { dbPath: w.core.dbPath }, { owner: w.core.dbPath });
    w.core.close();
    await expect(job.result).rejects.toBeInstanceOf(JobCancelledError);
  });
});
