import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ADMIN, tempDbPath, tempDir } from '../support/temp';
import { makeId } from '../support/ids';
import Database from 'better-sqlite3';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// What `npm run cli` runs: the bundle, rebuilt first when a source changed.
const BUNDLED = ['scripts/run-bundle.cjs', 'cli'];
const SOURCE = ['--import', 'tsx', 'electron/cli.ts'];

// Built here rather than by the first call: a build then would race the tests' timeouts.
beforeAll(() => ensureNodeBundle('cli'), 300_000);

function cli(args: string[], env: Record<string, string> = {}, entry = BUNDLED) {
  const res = spawnSync(process.execPath, [...entry, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

// Each test starts Node processes; on a loaded 2-core machine one start can take many seconds.
describe('command line', { timeout: 180_000 }, () => {
  it('prints a handler result as JSON and exits 0, signed in with the password from the environment', () => {
    const db = tempDbPath();
    const setup = cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]);
    expect(setup.code).toBe(0);
    expect(JSON.parse(setup.stdout).roles).toEqual(['admin']);
    const res = cli(['--db', db, '--user', 'admin', 'settings.update', '{"centreName":"曹家渡街道社区事务受理服务中心"}'], {
      ONEWINDOW_PASSWORD: ADMIN.password,
    });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).centreName).toBe('曹家渡街道社区事务受理服务中心');
    const info = cli(['--db', db, '--user', 'admin', 'system.info'], { ONEWINDOW_PASSWORD: ADMIN.password });
    expect(JSON.parse(info.stdout).databasePath).toBe(db);
    // The audit log names the person the CLI signed in as.
    const audit = cli(['--db', db, '--user', 'admin', 'audit.list', '{"handler":"settings.update"}'], { ONEWINDOW_PASSWORD: ADMIN.password });
    expect(JSON.parse(audit.stdout).items[0].actorName).toBe(ADMIN.displayName);
  });

  it('refuses a handler that needs a person without --user, and a wrong or missing password', () => {
    const db = tempDbPath();
    cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]);
    const anonymous = cli(['--db', db, 'system.info']);
    expect(anonymous.code).toBe(7);
    expect(JSON.parse(anonymous.stderr).code).toBe('UNAUTHENTICATED');
    const wrong = cli(['--db', db, '--user', 'admin', 'system.info'], { ONEWINDOW_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(7);
    expect(JSON.parse(wrong.stderr).message).toMatch(/用户名或密码错误/);
    // No terminal to prompt on and no variable: a clear refusal, not a hang.
    const env = { ...process.env };
    delete env.ONEWINDOW_PASSWORD;
    const missing = spawnSync(process.execPath, [...BUNDLED, '--db', db, '--user', 'admin', 'system.info'], {
      cwd: root,
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(missing.status).toBe(7);
    expect(JSON.parse(missing.stderr).message).toMatch(/ONEWINDOW_PASSWORD/);
  });

  it('prints typed errors as JSON on stderr with a non-zero exit code per error code', () => {
    const db = tempDbPath();
    cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]);
    const invalid = cli(['--db', db, '--user', 'admin', 'settings.update', '{"centreCode":"?"}'], { ONEWINDOW_PASSWORD: ADMIN.password });
    expect(invalid.code).toBe(3);
    expect(invalid.stdout).toBe('');
    expect(JSON.parse(invalid.stderr)).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'centreCode' }] });
    const unknown = cli(['--db', db, 'no.such', '{}']);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stderr).code).toBe('NOT_FOUND');
    const badJson = cli(['--db', db, 'settings.get', '{nope']);
    expect(badJson.code).toBe(2);
    expect(JSON.parse(badJson.stderr).code).toBe('USAGE');
  });

  it('refuses a database from a newer program with its own exit code', () => {
    const path = tempDbPath();
    const db = new Database(path);
    db.pragma('user_version = 9999');
    db.close();
    const res = cli(['--db', path, 'system.info']);
    expect(res.code).toBe(8);
    expect(JSON.parse(res.stderr).message).toMatch(/新版程序/);
  });

  it('lists every handler with its input as JSON Schema', () => {
    const res = cli(['--list']);
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout) as { name: string; input: { type?: string; properties?: object } }[];
    const update = list.find((h) => h.name === 'settings.update');
    expect(update?.input.type).toBe('object');
    expect(Object.keys(update?.input.properties ?? {})).toContain('centreCode');
    expect(list.map((h) => h.name)).toContain('system.info');
  });

  // The bundle loads pinyin-pro and lunar-typescript at their first use (build/node-bundles.mjs).
  it('computes pinyin and the lunar holidays from the bundle', () => {
    const db = tempDbPath();
    cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]);
    const env = { ONEWINDOW_PASSWORD: ADMIN.password };
    const clerk = { username: 'li', password: 'clerk-pass-1', displayName: '李文', roles: ['clerk'], staffIdNumber: makeId(7, '19860606', '310104') };
    expect(cli(['--db', db, '--user', 'admin', 'accounts.create', JSON.stringify(clerk)], env).code).toBe(0);
    const asClerk = { ONEWINDOW_PASSWORD: clerk.password };
    expect(cli(['--db', db, '--user', 'li', 'residents.register', JSON.stringify({ idNumber: makeId(1), name: '欧阳修远' })], asClerk).code).toBe(0);
    const found = cli(['--db', db, '--user', 'li', 'residents.search', '{"query":"oyxy"}'], asClerk);
    expect(JSON.parse(found.stdout).items).toMatchObject([{ name: '欧阳修远', matchedBy: 'pinyinInitials' }]);
    // The Spring Festival of 2031 falls on 23 January (lunar 1st of the 1st month).
    const day = cli(['--db', db, '--user', 'li', 'calendar.isWorkingDay', '{"date":"2031-01-23"}'], asClerk);
    expect(JSON.parse(day.stdout)).toMatchObject({ working: false, name: '春节' });
  });

  // exceljs is loaded at the first XLSX (an import() in the sources): from the bundle and
  // its code cache too, where V8 keeps no loader for import() in cached functions.
  it('writes and verifies an XLSX export from the bundle, also once the code cache exists', () => {
    const db = tempDbPath();
    cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)]);
    const env = { ONEWINDOW_PASSWORD: ADMIN.password };
    const folder = tempDir('onewindow-cli-export-');
    expect(cli(['--db', db, '--user', 'admin', 'settings.update', JSON.stringify({ exportDir: folder })], env).code).toBe(0);
    const run = cli(['--db', db, '--user', 'admin', 'exports.run', '{"kind":"monthly","period":"2026-10"}'], env);
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(run.stdout) as { status: string; folder: string };
    expect(written.status).toBe('ok');
    for (let i = 0; i < 2; i++) {
      const verified = cli(['--db', db, '--user', 'admin', 'exports.verify', JSON.stringify({ folder: written.folder })], env);
      expect(verified.code, verified.stderr).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    }
  });

  it('answers the same from the sources (tsx) as from the bundle', () => {
    const db = tempDbPath();
    expect(cli(['--db', db, 'accounts.setup', JSON.stringify(ADMIN)], {}, SOURCE).code).toBe(0);
    const env = { ONEWINDOW_PASSWORD: ADMIN.password };
    const fromSource = cli(['--db', db, '--user', 'admin', 'settings.get'], env, SOURCE);
    expect(fromSource.code).toBe(0);
    expect(cli(['--db', db, '--user', 'admin', 'settings.get'], env).stdout).toBe(fromSource.stdout);
    expect(cli(['--list'], {}, SOURCE).stdout).toBe(cli(['--list']).stdout);
  });
});
