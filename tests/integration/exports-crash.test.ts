import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDueExports } from '../../db/src/exports/schedule';
import { caseWorld, VALUES } from '../support/cases';
import { completeFolders } from '../support/exports';
import { tempDir } from '../support/temp';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BULK = 60_000;

/** One real case taken in on 03-04 through the handlers, then copied in bulk so the export takes a while. */
async function bigDay() {
  const w = await caseWorld('2026-03-04T09:00:00+08:00');
  const r = await w.resident('张𠮷', { birth: '19500301' });
  const { case: c } = await w.intake({ residentId: r, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'] });
  const db = w.core.db;
  const cols = (db.prepare('PRAGMA table_info(cases)').all() as { name: string }[]).map((x) => x.name).filter((n) => n !== 'id');
  const pick = cols.map((n) => (n === 'case_no' ? `case_no || printf('-%06d', k)` : n === 'idempotency_key' ? `'bulk-key-' || k` : n)).join(', ');
  db.transaction(() => {
    db.exec(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${BULK})
             INSERT INTO cases (${cols.join(', ')}) SELECT ${pick} FROM cases, n WHERE cases.id = ${c.id}`);
    db.exec(`INSERT INTO case_events (case_id, at, on_date, action, to_status, actor_id, actor_name)
             SELECT id, created_at, '2026-03-04', 'intake', status, clerk_id, '测试li' FROM cases WHERE idempotency_key LIKE 'bulk-key-%'`);
  })();
  const dir = tempDir('onewindow-exports-crash-');
  await w.as('admin', 'settings.update', { exportDir: dir, exportTime: '07:00' });
  return { w, dir };
}

describe('an export killed mid-way', () => {
  it('leaves no complete-looking folder; exports.due reports the period and the catch-up exports it', async () => {
    const { w, dir } = await bigDay();
    const at = '2026-03-05T08:00:00+08:00';
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/export-child.ts', w.core.dbPath, at], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // Kill once the CSV in the temporary folder has bytes in it: the export is writing.
    const writing = () =>
      readdirSync(dir)
        .filter((n) => n.startsWith('.tmp-ledger_2026-03-04'))
        .some((n) => readdirSync(join(dir, n)).some((f) => f.endsWith('.csv') && statSync(join(dir, n, f)).size > 0));
    let killed = false;
    while (!killed) {
      if (child.exitCode !== null) throw new Error(`the export finished before it could be killed:\n${output}`);
      if (writing()) {
        child.kill('SIGKILL');
        killed = true;
      } else await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    expect(output).not.toContain('finished');

    // Only the clearly named temporary folder, and no manifest in it.
    expect(completeFolders(dir)).toEqual([]);
    const leftovers = readdirSync(dir);
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.tmp-ledger_2026-03-04_\d+$/);
    expect(existsSync(join(dir, leftovers[0]!, 'manifest.json'))).toBe(false);

    w.setDay('2026-03-05', '08:00:00');
    const history = await w.as('admin', 'exports.history', {});
    expect(history[0]).toMatchObject({ kind: 'ledger', period: '2026-03-04', status: 'interrupted' });
    const due = await w.as('admin', 'exports.due', {});
    expect(due.kinds.map((k) => [k.kind, k.periods])).toEqual([
      ['ledger', ['2026-03-04']],
      ['monthly', ['2026-02']],
      ['roster', ['2026-02']],
      ['handoff', ['2026-03-04']],
    ]);

    // The next start: the scheduler's catch-up.
    const report = await runDueExports(w.core, new Date(at));
    expect(report.runs.map((r) => [r.kind, r.period, r.status])).toEqual([
      ['ledger', '2026-03-04', 'ok'],
      ['monthly', '2026-02', 'ok'],
      ['roster', '2026-02', 'ok'],
      ['handoff', '2026-03-04', 'ok'],
    ]);
    expect(report.runs[0]).toMatchObject({ trigger: 'schedule', by: '计划任务', rows: BULK + 1, folderName: '310101001_ledger_2026-03-04' });
    // The dead run is closed as failed, its temporary folder gone.
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    const killedRun = (await w.as('admin', 'exports.history', { kind: 'ledger' })).find((h) => h.status !== 'ok');
    expect(killedRun).toMatchObject({ status: 'failed', error: expect.stringContaining('中断') });
    const verified = await w.as('admin', 'exports.verify', { folder: '310101001_ledger_2026-03-04' });
    expect(verified).toMatchObject({ ok: true });
    expect(verified.files.map((f) => f.actualRows)).toEqual([BULK + 1, BULK + 1]);
    expect((await w.as('admin', 'exports.due', {})).kinds.every((k) => k.periods.length === 0)).toBe(true);
    await w.expectVerified();
  }, 120_000);
});
