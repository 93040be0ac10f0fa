/**
 * The 移交包 from the command line (#18 contract): `npm run cli -- --db F --user U exports.run
 * '{"kind":"handoff","period":"…"}'` writes the package and hands the waiting 低保 case off.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { caseWorld, VALUES } from '../support/cases';
import { completeFolders } from '../support/exports';
import { ADMIN, tempDir } from '../support/temp';

const root = fileURLToPath(new URL('../..', import.meta.url));

beforeAll(() => ensureNodeBundle('cli'), 300_000);

describe('移交包 from the command line', { timeout: 240_000 }, () => {
  it('exports.run {kind:"handoff"} writes the package and marks the case handed off', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const dir = tempDir('onewindow-handoff-cli-');
    await w.as('admin', 'settings.update', { exportDir: dir });
    const head = await w.resident('张建国', { sex: 'male', birth: '19700101' });
    await w.household(head);
    const { case: c } = await w.intake({ residentId: head, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001']!, means: w.householdMeans(head) });
    for (let i = 0; i < 3; i++) await w.transition('wang', c.id, 'advance');
    w.setDay(w.row(c.id).posting_ends_on as string);
    await w.transition('wang', c.id, 'advance');
    const period = (w.core.db.prepare("SELECT max(on_date) AS d FROM case_events WHERE case_id = ? AND to_stage = 'district'").get(c.id) as { d: string }).d;
    const dbPath = w.core.dbPath;
    w.core.close();

    // The real clock is long past March 2026: the day has ended.
    const res = spawnSync(
      process.execPath,
      ['scripts/run-bundle.cjs', 'cli', '--db', dbPath, '--user', 'admin', 'exports.run', JSON.stringify({ kind: 'handoff', period })],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password } },
    );
    expect(res.status, res.stderr).toBe(0);
    const run = JSON.parse(res.stdout) as { status: string; rows: number; handedOff: string[]; folderName: string; id: number };
    expect(run).toMatchObject({ status: 'ok', rows: 1, handedOff: [c.caseNo], folderName: `310101001_handoff_${period}` });
    expect(completeFolders(dir)).toEqual([run.folderName]);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT handoff_run_id, handed_off_on IS NOT NULL AS off FROM cases WHERE id = ?').get(c.id)).toEqual({ handoff_run_id: run.id, off: 1 });
    } finally {
      db.close();
    }
  });
});
