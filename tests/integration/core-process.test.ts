/**
 * The desktop's core process (electron/core-process.ts) stood in for by a worker thread:
 * the same runCore serves a real MessageChannel, and the test talks to it through the
 * client main uses (electron/core-client.ts). Real SQLite files in temp folders. Orders of
 * answers are asserted, never timings.
 */
import { closeSync, existsSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createApp, DB_FILE_NAME } from '../../db/src/app';
import { openCore } from '../../db/src/core';
import { CoreExitedError, createCoreClient, type CoreClient } from '../../electron/core-client';
import type { Caller, CoreConfig, CoreStatus } from '../../electron/core-protocol';
import { bulkAudit } from '../support/bulk-audit';
import { makeId } from '../support/ids';
import { ADMIN, tempDir, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const idNumber = (n: number) => makeId(n + 1, '19700101');

/** A core worker on `dataDir` and main's client for it; stop() ends the worker. */
function startCoreWorker(config: Partial<CoreConfig> & { dataDir: string }) {
  const { port1, port2 } = new MessageChannel();
  const full: CoreConfig = { dbPath: join(config.dataDir, DB_FILE_NAME), statePath: null, ...config };
  const worker = new Worker(new URL('../support/core-worker-entry.mjs', import.meta.url), {
    workerData: { config: full, port: port1 },
    transferList: [port1],
    stdout: true,
    stderr: true,
  });
  const client = createCoreClient(port2);
  // As main does on the utilityProcess's 'exit'.
  const exited = new Promise<number>((resolve) =>
    worker.on('exit', (code) => {
      client.exit(code);
      resolve(code);
    }),
  );
  worker.on('error', () => {});
  return {
    worker,
    client,
    exited,
    async stop() {
      await worker.terminate();
      port2.close();
    },
  };
}

/** The status once it is `mode` (now, or when the core next says so). */
async function modeReached(client: CoreClient, mode: CoreStatus['mode']): Promise<CoreStatus> {
  const later = new Promise<CoreStatus>((resolve) => client.onStatus((s) => s.mode === mode && resolve(s)));
  const now = await client.status();
  return now.mode === mode ? now : later;
}

/** Signs in over the link and returns a caller for that session. */
async function signIn(client: CoreClient, username: string, password: string) {
  const res = await client.invoke('accounts.login', { username, password }, null, 'main');
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  const token = (res.result as { token: string }).token;
  return async <T = any>(name: string, input: unknown = {}, caller: Caller = 'main'): Promise<T> => {
    const r = await client.invoke(name, input, token, caller);
    if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
    return r.result as T;
  };
}

/** A data folder holding a database with an administrator and a clerk (li), closed again. */
async function preparedDataDir(fill?: (core: ReturnType<typeof openCore>) => Promise<void> | void) {
  const dataDir = tempDir('onewindow-core-');
  const core = openCore({ dbPath: join(dataDir, DB_FILE_NAME), logger: quiet });
  const people = await withPeople(core, { li: ['clerk'] });
  await fill?.(core);
  core.close();
  return { dataDir, people };
}

// Each test starts a worker that loads the core from TypeScript: generous on a loaded machine.
describe('the core process', { timeout: 240_000 }, () => {
  it('answers calls, and a refused call keeps its code, message, fields and details as the core gave them', async () => {
    const { dataDir } = await preparedDataDir();
    const core = startCoreWorker({ dataDir });
    // The same calls in this process, on a copy of nothing: a fresh file answers alike.
    const local = createApp({ dataDir: tempDir(), log: quiet });
    try {
      expect(await modeReached(core.client, 'ready')).toEqual({ mode: 'ready' });
      expect(await core.client.invoke('accounts.status', {}, null, 'main')).toMatchObject({ ok: true, result: { initialized: true } });
      const calls: [string, unknown][] = [
        ['no.such', {}],
        ['accounts.login', { username: '' }],
        ['residents.search', { query: '居民' }],
      ];
      for (const [name, input] of calls) {
        const remote = await core.client.invoke(name, input, null, 'main');
        expect(remote.ok).toBe(false);
        expect(remote).toEqual(await local.dispatch(name, input, null));
      }
      const invalid = await core.client.invoke('accounts.login', { username: '' }, null, 'main');
      expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: expect.any(Array) } });
      const missing = await core.client.invoke('no.such', {}, null, 'main');
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '没有名为“no.such”的功能', details: { handler: 'no.such' } } });

      // A print window reads, but never writes, even with the clerk's session.
      const li = await core.client.invoke('accounts.login', { username: 'li', password: 'li-pass-1' }, null, 'main');
      const token = (li as { result: { token: string } }).result.token;
      expect(await core.client.invoke('residents.search', { query: '无此人' }, token, 'print')).toMatchObject({ ok: true });
      expect(await core.client.invoke('residents.register', { idNumber: idNumber(1), name: '打印窗' }, token, 'print')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      // The start-up window restores, nothing else.
      expect(await core.client.invoke('accounts.status', {}, null, 'startup')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      local.close();
      await core.stop();
    }
  });

  it('carries a call’s request key to the core: a write re-sent with it is answered once', async () => {
    const { dataDir } = await preparedDataDir();
    const core = startCoreWorker({ dataDir });
    try {
      await modeReached(core.client, 'ready');
      const li = await core.client.invoke('accounts.login', { username: 'li', password: 'li-pass-1' }, null, 'main');
      const token = (li as { result: { token: string } }).result.token;
      const input = { idNumber: idNumber(7), name: '重发' };
      const first = await core.client.invoke('residents.register', input, token, 'main', 'b7c1d2e3-register-once');
      expect(first.ok).toBe(true);
      // Re-sent after the answer was lost: the stored answer, not a duplicate-resident refusal.
      expect(await core.client.invoke('residents.register', input, token, 'main', 'b7c1d2e3-register-once')).toEqual(first);
      expect(await core.client.invoke('residents.register', input, token, 'main')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      await core.client.close();
    } finally {
      await core.stop();
    }
  });

  it('matches concurrent answers to their calls', async () => {
    const { dataDir } = await preparedDataDir();
    const core = startCoreWorker({ dataDir });
    try {
      const as = await signIn(core.client, 'li', 'li-pass-1');
      const names = Array.from({ length: 16 }, (_, i) => `并发居民${i}`);
      const registered = await Promise.all(names.map((name, i) => as<{ id: number; name: string }>('residents.register', { idNumber: idNumber(i), name })));
      expect(registered.map((r) => r.name)).toEqual(names);
      expect(new Set(registered.map((r) => r.id)).size).toBe(names.length);
      // Reads and refusals mixed, all in flight at once.
      const mixed = await Promise.all(
        registered.flatMap((r, i) => [
          core.client.invoke('residents.get', { id: r.id }, null, 'main').then((res) => ['anonymous', i, res] as const),
          as<{ id: number; name: string }>('residents.get', { id: r.id }).then((res) => ['clerk', i, res] as const),
        ]),
      );
      for (const [who, i, res] of mixed) {
        if (who === 'anonymous') expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
        else expect(res).toMatchObject({ id: registered[i]!.id, name: names[i] });
      }
      expect(core.client.pending).toBe(0);
    } finally {
      await core.stop();
    }
  });

  it('answers a search and a save while audit.verify runs', async () => {
    const { dataDir } = await preparedDataDir(async (c) => {
      bulkAudit(c.db, 40_000);
    });
    const core = startCoreWorker({ dataDir });
    try {
      const admin = await signIn(core.client, 'admin', ADMIN.password);
      const li = await signIn(core.client, 'li', 'li-pass-1');
      await li('residents.register', { idNumber: idNumber(1), name: '居民1' });
      const order: string[] = [];
      const verify = admin<{ ok: boolean; rows: number }>('audit.verify').then((r) => (order.push('verify'), r));
      const search = li<{ items: unknown[] }>('residents.search', { query: '居民1' }).then((r) => (order.push('search'), r));
      const save = li('residents.register', { idNumber: idNumber(2), name: '居民2' }).then(() => order.push('save'));
      const [verified, found] = await Promise.all([verify, search, save]);
      expect(order.indexOf('search')).toBeLessThan(order.indexOf('verify'));
      expect(order.indexOf('save')).toBeLessThan(order.indexOf('verify'));
      expect(found.items.length).toBe(1);
      expect(verified).toMatchObject({ ok: true });
      expect(verified.rows).toBeGreaterThan(40_000);
    } finally {
      await core.stop();
    }
  });

  it('recovery mode: the start-up screen offers the backup, only the start-up window restores, then the core is ready', async () => {
    let backup = '';
    const { dataDir } = await preparedDataDir(async (c) => {
      const admin = await c.login(ADMIN.username, ADMIN.password);
      const res = await c.dispatch('backups.create', { note: '恢复演练' }, admin);
      backup = (res as { result: { file: string } }).result.file;
    });
    // Damage in the first pages: found when the file opens.
    const fd = openSync(join(dataDir, DB_FILE_NAME), 'r+');
    writeSync(fd, Buffer.alloc(16 * 1024, 0xa5), 0, 16 * 1024, 4096);
    closeSync(fd);
    const core = startCoreWorker({ dataDir });
    try {
      const status = await modeReached(core.client, 'recovery');
      if (status.mode === 'ready') throw new Error('unreachable');
      expect(status.screen.problem).toBe('corrupt');
      expect(status.screen.restore).toEqual({ mode: 'in-app' });
      expect(status.screen.buttons).toContain('restore');
      expect(status.screen.backups).toEqual([expect.objectContaining({ file: backup, restorable: true, note: '恢复演练' })]);
      expect(status.screen.message).toContain(dataDir);

      expect(await core.client.invoke('accounts.status', {}, null, 'main')).toEqual({ ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } });
      const wrong = await core.client.invoke('recovery.restore', { file: backup, username: 'admin', password: 'wrong-pass-1' }, null, 'startup');
      expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

      const ready = new Promise<CoreStatus>((resolve) => core.client.onStatus(resolve));
      const restored = await core.client.invoke('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password }, null, 'startup');
      expect(restored).toMatchObject({ ok: true });
      expect(await ready).toEqual({ mode: 'ready' });
      expect(await core.client.status()).toEqual({ mode: 'ready' });
      const li = await signIn(core.client, 'li', 'li-pass-1');
      expect(await li('accounts.me')).toMatchObject({ username: 'li' });
    } finally {
      await core.stop();
    }
  });

  it('a data folder that cannot be prepared: the failed screen, no restore, every call refused', async () => {
    const parent = tempDir();
    const notAFolder = join(parent, 'file');
    writeFileSync(notAFolder, 'x');
    const core = startCoreWorker({ dataDir: join(notAFolder, 'data') });
    try {
      const status = await core.client.status();
      if (status.mode !== 'failed') throw new Error(`expected failed, got ${status.mode}`);
      expect(status.screen.problem).toBe('unwritable');
      expect(status.screen.buttons).toEqual(['open-folder', 'retry', 'quit']);
      expect(await core.client.invoke('accounts.status', {}, null, 'main')).toEqual({ ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } });
    } finally {
      await core.stop();
    }
  });

  it('close checkpoints the file and refuses later calls; a core that dies fails the calls still waiting with a typed error', async () => {
    const { dataDir } = await preparedDataDir((c) => bulkAudit(c.db, 40_000));
    const first = startCoreWorker({ dataDir });
    try {
      const li = await signIn(first.client, 'li', 'li-pass-1');
      await li('residents.register', { idNumber: idNumber(3), name: '关闭前' });
      await first.client.close();
      const wal = join(dataDir, `${DB_FILE_NAME}-wal`);
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
      expect(await first.client.invoke('accounts.status', {}, null, 'main')).toEqual({ ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } });
    } finally {
      await first.stop();
    }
    // Calls after the exit fail at once, with the same error.
    await expect(first.client.invoke('accounts.status', {}, null, 'main')).rejects.toBeInstanceOf(CoreExitedError);

    const second = startCoreWorker({ dataDir });
    try {
      const admin = await signIn(second.client, 'admin', ADMIN.password);
      const verify = admin('audit.verify');
      const outcome = verify.then(
        () => null,
        (err: unknown) => err,
      );
      // Ends while audit.verify is on its way (its answer needs the worker's whole chain).
      await second.worker.terminate();
      const err = await outcome;
      expect(err).toBeInstanceOf(CoreExitedError);
      expect((err as CoreExitedError).toBody()).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('数据服务已停止'), details: { coreExited: true } });
      expect(second.client.pending).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
