import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../db/src/core';
import { verifyChain } from '../../db/src/kernel/audit-chain';
import { DatabaseCorruptError } from '../../db/src/backups/integrity';
import { createApp } from '../../db/src/app';
import { backupsDirFor, parseBackupName } from '../../db/src/backups/files';
import { idCheckCharacter } from '../../db/src/shared/id-number';
import { describeOpenError } from '../../electron/startup-errors';
import { startBrowserHost, TOKEN_HEADER } from '../../electron/serve';
import { spawnServe } from '../../scripts/bench/serve-probe';
import { ADMIN, dbAtVersion, tempDbPath, tempDir, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function idNumber(n: number): string {
  const first17 = `310101${19800101 + (n % 28)}${String(100 + n).slice(-3)}`;
  return first17 + idCheckCharacter(first17);
}

function damage(path: string, from = 4096, length = 16 * 1024): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, from);
  closeSync(fd);
}

/**
 * A database with an administrator, a clerk, some residents and a manual backup, closed;
 * then the live file is damaged.
 */
async function damagedDatabaseWithBackup() {
  const dbPath = tempDbPath();
  const core = openCore({ dbPath, logger: quiet });
  const { as } = await withPeople(core, { li: ['clerk'] });
  for (let i = 0; i < 40; i++) await as('li', 'residents.register', { idNumber: idNumber(i), name: `居民${i}` });
  const backup = await as('admin', 'backups.create', { note: '恢复演练' });
  // Changed after the backup: the recovery must check the password kept in the backup.
  await as('admin', 'accounts.changePassword', { currentPassword: ADMIN.password, newPassword: 'new-admin-pass-2' });
  await as('li', 'residents.register', { idNumber: idNumber(99), name: '备份之后' });
  core.close();
  damage(dbPath);
  return { dbPath, backup: backup.file as string };
}

describe('start-up integrity check', () => {
  it('refuses a damaged database with DatabaseCorruptError and leaves the file byte for byte as it was', async () => {
    const { dbPath } = await damagedDatabaseWithBackup();
    const before = sha(dbPath);
    const filesBefore = readdirSync(backupsDirFor(dbPath));
    let error: unknown;
    try {
      openCore({ dbPath, logger: quiet });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseCorruptError);
    expect((error as DatabaseCorruptError).kind).toBe('corrupt');
    expect((error as Error).message).toMatch(/损坏.*未被改动/);
    expect(describeOpenError(error, dbPath)).toContain(dbPath);
    expect(sha(dbPath)).toBe(before);
    expect(readdirSync(backupsDirFor(dbPath))).toEqual(filesBefore);
  });

  it('passes a healthy database on every open and catches damage made between two starts', () => {
    const dbPath = tempDbPath();
    openCore({ dbPath, logger: quiet }).close();
    openCore({ dbPath, logger: quiet }).close();
    damage(dbPath);
    expect(() => openCore({ dbPath, logger: quiet })).toThrow(DatabaseCorruptError);
  });

  it("in the hosts' background mode: opens at once, then reports damage in the data pages as DatabaseCorruptError", async () => {
    const dbPath = tempDbPath();
    const first = openCore({ dbPath, logger: quiet, integrityCheck: 'background' });
    await expect(first.integrity).resolves.toBeUndefined();
    const { as } = await withPeople(first, { li: ['clerk'] });
    for (let i = 0; i < 300; i++) await as('li', 'residents.register', { idNumber: idNumber(i), name: `居民${i}` });
    first.close();
    // the last pages hold residents' rows and index entries, not the schema
    const size = readFileSync(dbPath).length;
    damage(dbPath, size - 8 * 4096, 4 * 4096);

    const core = openCore({ dbPath, logger: quiet, integrityCheck: 'background' });
    try {
      const outcome = await core.integrity.then(
        () => null,
        (err: unknown) => err,
      );
      expect(outcome).toBeInstanceOf(DatabaseCorruptError);
      expect((outcome as DatabaseCorruptError).problems.length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('browser mode serves at once and switches to the recovery handlers when the background check finds damage', async () => {
    const dbPath = tempDbPath();
    const first = openCore({ dbPath, logger: quiet });
    const { as } = await withPeople(first, { li: ['clerk'] });
    for (let i = 0; i < 300; i++) await as('li', 'residents.register', { idNumber: idNumber(i), name: `居民${i}` });
    first.close();
    const size = readFileSync(dbPath).length;
    damage(dbPath, size - 8 * 4096, 4 * 4096);

    const ui = tempDir();
    writeFileSync(join(ui, 'index.html'), '<!doctype html><html><head><title>一窗受理</title></head><body></body></html>');
    const serve = await spawnServe(['--db', dbPath], { ONEWINDOW_RENDERER_DIR: ui }, 60_000);
    try {
      const token = async () => {
        const res = await fetch(serve.url);
        return /<meta name="onewindow-token" content="([^"]+)">/.exec(await res.text())?.[1] ?? '';
      };
      const api = async (name: string, t: string) =>
        (await (await fetch(new URL(`/api/${name}`, serve.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-onewindow-token': t }, body: '{}' })).json()) as {
          ok: boolean;
          error?: { details?: { recovery?: boolean } };
          result?: { kind?: string };
        };
      const t = await token().catch(() => '');
      let answer = await api('accounts.status', t);
      for (let i = 0; i < 100 && answer.ok; i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await api('accounts.status', t);
      }
      expect(answer.ok).toBe(false);
      expect(answer.error?.details?.recovery).toBe(true);
      const status = await api('recovery.status', t);
      expect(status.result?.kind).toBe('corrupt');
      expect(serve.output.join('\n')).toContain('已进入恢复模式');
    } finally {
      await serve.stop();
    }
  });

  it('in background mode still checks first when the file is about to be migrated', () => {
    const { db, path } = dbAtVersion(8);
    db.close();
    damage(path, 2 * 4096, 4096);
    expect(() => openCore({ dbPath: path, logger: quiet, integrityCheck: 'background' })).toThrow(DatabaseCorruptError);
  });
});

describe('recovery host', () => {
  it('reports the state and restores only for an active administrator of the backup, keeping the broken file', async () => {
    const { dbPath, backup } = await damagedDatabaseWithBackup();
    const brokenBytes = sha(dbPath);
    const modes: string[] = [];
    const recovery = createApp({ dbPath, log: quiet, onModeChange: (m) => modes.push(m) });
    expect(recovery.mode).toBe('recovery');
    try {
      const status = await recovery.dispatch('recovery.status', {});
      expect(status).toMatchObject({ ok: true, result: { kind: 'corrupt', dbPath, backups: [expect.objectContaining({ file: backup, kind: 'manual', note: '恢复演练' })] } });
      // Nothing else answers while the database is unusable.
      expect(await recovery.dispatch('accounts.status', {})).toMatchObject({ ok: false, error: { code: 'RECOVERY_MODE', details: { recovery: true } } });

      const attempt = (username: string, password: string, file = backup) => recovery.dispatch('recovery.restore', { file, username, password });
      // The password set after the backup is not the one in the backup.
      expect(await attempt('admin', 'new-admin-pass-2')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      // A clerk with the right password is not an administrator.
      expect(await attempt('li', 'li-pass-1')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await attempt('nobody', 'whatever-1')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await attempt('admin', ADMIN.password, '../test.sqlite')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await recovery.dispatch('recovery.restore', { file: backup })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      // Refusals change nothing.
      expect(sha(dbPath)).toBe(brokenBytes);
      expect(recovery.mode).toBe('recovery');

      const res = await attempt('admin', ADMIN.password);
      expect(res.ok).toBe(true);
      const result = (res as { ok: true; result: { restoredFrom: string; brokenCopy: string } }).result;
      expect(result.restoredFrom).toBe(backup);
      expect(parseBackupName(result.brokenCopy)?.kind).toBe('broken');
      // The damaged file is kept exactly as it was.
      expect(sha(join(backupsDirFor(dbPath), result.brokenCopy))).toBe(brokenBytes);

      // From now on the host talks to a normal core on the restored file.
      expect(recovery.mode).toBe('ready');
      expect(modes).toEqual(['recovery', 'ready']);
      const core = recovery.core;
      // and the recovery handlers answer no more
      expect(await recovery.dispatch('recovery.status', {})).toMatchObject({ ok: false, error: { code: 'NOT_IN_RECOVERY' } });
      const token = await core.login(ADMIN.username, ADMIN.password);
      expect(await recovery.dispatch('accounts.me', {}, token)).toMatchObject({ ok: true, result: { username: 'admin' } });
      const names = (core.db.prepare('SELECT name FROM residents').all() as { name: string }[]).map((r) => r.name);
      expect(names).toHaveLength(40);
      expect(names).not.toContain('备份之后');
      expect(verifyChain(core.db).ok).toBe(true);
      const row = core.db.prepare("SELECT actor_name, detail FROM audit_log WHERE handler = 'recovery.restore'").get() as { actor_name: string; detail: string };
      expect(row.actor_name).toBe(ADMIN.displayName);
      expect(JSON.parse(row.detail)).toMatchObject({ restoredFrom: backup, brokenCopy: result.brokenCopy, reason: 'corrupt' });
      // Everything else in the folder is still there.
      expect(existsSync(join(backupsDirFor(dbPath), backup))).toBe(true);
    } finally {
      recovery.close();
    }
  });

  it('locks restoring after five wrong passwords', async () => {
    const { dbPath, backup } = await damagedDatabaseWithBackup();
    const recovery = createApp({ dbPath, log: quiet });
    for (let i = 0; i < 5; i++) await recovery.dispatch('recovery.restore', { file: backup, username: 'admin', password: `wrong-${i}-pass` });
    const locked = await recovery.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('15 分钟') } });
    expect(recovery.mode).toBe('recovery');
  });

  it('is served by the browser-mode host like a core', async () => {
    const { dbPath } = await damagedDatabaseWithBackup();
    const recovery = createApp({ dbPath, log: quiet });
    const staticDir = tempDir();
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    const host = await startBrowserHost({ core: recovery, staticDir });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            path: '/api/recovery.status',
            method: 'POST',
            headers: { host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(JSON.parse(body)).toMatchObject({ ok: true, result: { kind: 'corrupt', dbPath } });
    } finally {
      await host.close();
    }
  });

  it('starts from a database of a newer program as too_new and can still restore an older backup', async () => {
    const { dbPath, backup } = await damagedDatabaseWithBackup();
    // Replace the damaged file by a healthy one from "the future".
    const future = new Database(join(backupsDirFor(dbPath), backup), { readonly: true });
    await future.backup(dbPath + '.future');
    future.close();
    const f = new Database(dbPath + '.future');
    f.pragma('user_version = 999');
    f.close();
    writeFileSync(dbPath, readFileSync(dbPath + '.future'));
    const recovery = createApp({ dbPath, log: quiet });
    try {
      expect(await recovery.dispatch('recovery.status', {})).toMatchObject({ ok: true, result: { kind: 'too_new' } });
      expect((await recovery.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password })).ok).toBe(true);
      const kept = readdirSync(backupsDirFor(dbPath)).filter((f) => parseBackupName(f)?.kind === 'broken');
      const copy = new Database(join(backupsDirFor(dbPath), kept[0]!), { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(999);
      copy.close();
    } finally {
      recovery.close();
    }
  });
});
