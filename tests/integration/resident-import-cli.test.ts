import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { ADMIN, tempDbPath } from '../support/temp';
import { SAMPLE_EXPECTED } from '../support/resident-import-file';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../fixtures/residents-import-sample.csv', import.meta.url));

beforeAll(() => ensureNodeBundle('cli'), 300_000);

function cli(args: string[]) {
  const res = spawnSync(process.execPath, ['scripts/run-bundle.cjs', 'cli', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('residents.import on the command line', { timeout: 180_000 }, () => {
  it('a dry run of the sample prints the report; the import applies it; the second changes nothing', () => {
    const db = tempDbPath();
    expect(cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]).code).toBe(0);
    const dry = cli(['--db', db, '--user', 'admin', 'residents.import', JSON.stringify({ file: SAMPLE, dryRun: true })]);
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({ dryRun: true, applied: SAMPLE_EXPECTED.valid, unchanged: 0, encoding: 'utf-8' });
    expect([...new Set(report.refused.map((r: { line: number }) => r.line))]).toEqual(SAMPLE_EXPECTED.refused.map((r) => r.line));
    for (const r of report.refused) expect(Object.keys(r)).toEqual(expect.arrayContaining(['line', 'field', 'reason']));

    const real = JSON.parse(cli(['--db', db, '--user', 'admin', 'residents.import', JSON.stringify({ file: SAMPLE })]).stdout);
    expect(real).toMatchObject({ dryRun: false, applied: SAMPLE_EXPECTED.valid, created: SAMPLE_EXPECTED.valid });
    const again = JSON.parse(cli(['--db', db, '--user', 'admin', 'residents.import', JSON.stringify({ file: SAMPLE })]).stdout);
    expect(again).toMatchObject({ applied: 0, unchanged: SAMPLE_EXPECTED.valid });

    const bad = cli(['--db', db, '--user', 'admin', 'residents.import', JSON.stringify({ file: '/no/such/file.csv' })]);
    expect(bad.code).toBe(4);
    expect(JSON.parse(bad.stderr).message).toContain('不存在');
  });
});
