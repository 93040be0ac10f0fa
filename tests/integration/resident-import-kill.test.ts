import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/src/kernel/audit-chain';
import { ADMIN, ok, testCore, tempDir } from '../support/temp';
import { makeId, TEST_NOW } from '../support/ids';
import { bulkRows, IMPORT_HEADER, writeImportFile } from '../support/resident-import-file';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('a resident import killed while it applies', { timeout: 300_000 }, () => {
  it('applies nothing: the database is as before, its audit chain whole, and the import can be run again', async () => {
    const c = testCore({ now: TEST_NOW });
    await ok(c, 'residents.register', { idNumber: makeId(71, '19500101'), name: '原有居民' });
    const count = (table: string, where = '') => (c.db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
    // the child's own sign-in is audited; the import's rows must not be there
    const snapshot = () => ({
      residents: count('residents'),
      households: count('households'),
      members: count('household_members'),
      importAudit: count('audit_log', "WHERE handler = 'residents.import'"),
    });
    const before = snapshot();
    const file = await writeImportFile(tempDir('onewindow-import-kill-'), 'utf-8', bulkRows(30_000), IMPORT_HEADER, 'bulk');

    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/import-child.ts', c.dbPath, file, ADMIN.username, ADMIN.password], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let applying = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stderr.on('data', (d) => (output += d));
    child.stdout.on('data', (d) => {
      output += d;
      // Killed once a few thousand rows are in the import's transaction.
      if (!applying && /"phase":"applying","rowsRead":\d+,"rowsTotal":\d+,"rowsApplied":([2-9]\d{3}|\d{5})/.test(output)) {
        applying = true;
        child.kill('SIGKILL');
      }
    });
    await exited;
    expect(output).not.toContain('finished');
    expect(applying).toBe(true);

    expect(snapshot()).toEqual(before);
    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyChain(c.db).ok).toBe(true);

    // Nothing is left holding the file: the import runs again, whole.
    const again = await ok(c, 'residents.import', { file });
    expect(again).toMatchObject({ cancelled: false, created: 30_000, refused: [] });
    expect(count('residents')).toBe(before.residents + 30_000);
  });
});
