/**
 * The desktop's server mode: the core process (stood in for by a worker thread running the
 * same runCore, as tests/integration/core-process.test.ts does) opens the database AND
 * the centre host beside it. Main only asks where the host listens; a desktop client pairs
 * with it and calls it over TLS; the server's own window keeps calling through the port.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../db/src/app';
import type { ChangeEvent } from '../../db/src/kernel/dispatch';
import { createCentreLink, pairWithCentre } from '../../electron/client/centre-link';
import { createCoreClient, type CoreClient } from '../../electron/core-client';
import type { CoreConfig, CoreStatus } from '../../electron/core-protocol';
import type { DesktopCentreAddress } from '../../electron/server/desktop-centre';
import { staticFolder, testProtect } from '../support/centre';
import { ADMIN, tempDir } from '../support/temp';

function startCoreWorker(config: CoreConfig) {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('../support/core-worker-entry.mjs', import.meta.url), { workerData: { config, port: port1 }, transferList: [port1], stdout: true, stderr: true });
  const client = createCoreClient(port2);
  worker.on('exit', (code) => client.exit(code));
  worker.on('error', () => {});
  return { client, stop: async () => { await worker.terminate(); port2.close(); } };
}

async function modeReached(client: CoreClient, mode: CoreStatus['mode']): Promise<void> {
  const later = new Promise<void>((resolve) => client.onStatus((s) => s.mode === mode && resolve()));
  if ((await client.status()).mode !== mode) await later;
}

async function centreInfo(client: CoreClient): Promise<DesktopCentreAddress> {
  // The host starts after the database opened: asked until it says where it listens.
  for (let i = 0; i < 600; i++) {
    const info = await client.centre();
    if (info && 'error' in info) throw new Error(info.error);
    if (info) return info;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the centre host never started');
}

async function waitUntil(what: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(what()).toBe(true);
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('server mode in the core process', { timeout: 240_000 }, () => {
  it('hosts the centre beside the database: a client pairs with the fingerprint main shows, calls it, sees the server window’s changes; closing stops the host', async () => {
    const dataDir = tempDir('onewindow-server-mode-');
    const staticDir = staticFolder();
    const core = startCoreWorker({ dbPath: join(dataDir, DB_FILE_NAME), dataDir, statePath: null, centre: { listen: '127.0.0.1:0', staticDir, centreName: '示范中心' } });
    try {
      await modeReached(core.client, 'ready');
      const info = await centreInfo(core.client);
      expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

      // The server's own window: the first administrator, a clerk, and a pairing code.
      expect((await core.client.invoke('accounts.setup', ADMIN, null, 'main')).ok).toBe(true);
      const login = await core.client.invoke('accounts.login', { username: ADMIN.username, password: ADMIN.password }, null, 'main');
      const admin = (login as { ok: true; result: { token: string } }).result.token;
      const pairing = await core.client.invoke('devices.createPairingCode', { name: '1号窗口', windowNo: '1号窗口' }, admin, 'main');
      expect(pairing).toMatchObject({ ok: true, result: { fingerprint: info.fingerprint } });
      const { code } = (pairing as { ok: true; result: { code: string } }).result;

      const protect = testProtect();
      const paired = await pairWithCentre({ url: info.url, code, fingerprint: info.fingerprint, protect });
      const link = createCentreLink({ centre: paired, protect, retryFirstMs: 100, retryMaxMs: 1_000, log: () => {} });
      try {
        expect(await link.invoke('accounts.status', {}, null)).toMatchObject({ ok: true, result: { initialized: true } });
        // The server's own window hears of a device's write.
        const atServer: ChangeEvent[] = [];
        core.client.onChange((e) => atServer.push(e));
        const token = ((await link.invoke('accounts.login', { username: ADMIN.username, password: ADMIN.password }, null)) as { ok: true; result: { token: string } }).result.token;
        expect((await link.invoke('settings.update', { centreName: '示范中心（设备）' }, token)).ok).toBe(true);
        await waitUntil(() => atServer.some((e) => e.handler === 'settings.update'));
        const events: ChangeEvent[] = [];
        link.changes.subscribe((e) => events.push(e));
        let seen = false;
        for (let i = 0; i < 60 && !seen; i++) {
          const made = await core.client.invoke('settings.update', { centreName: `示范中心${i}` }, admin, 'main');
          expect(made.ok).toBe(true);
          for (let j = 0; j < 60 && !seen; j++) {
            seen = events.some((e) => e.handler === 'settings.update');
            if (!seen) await new Promise((r) => setTimeout(r, 50));
          }
        }
        expect(seen).toBe(true);
      } finally {
        link.close();
      }

      const port = Number(new URL(info.url).port);
      expect(await portOpen(port)).toBe(true);
      await core.client.close();
      expect(await portOpen(port)).toBe(false);
    } finally {
      await core.stop();
    }
  });

  it('a port already taken is said in Chinese; the server window still works on the database', async () => {
    const dataDir = tempDir('onewindow-server-mode-');
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    const first = startCoreWorker({ dbPath: join(dataDir, DB_FILE_NAME), dataDir, statePath: null, centre: { listen: '127.0.0.1:0', staticDir } });
    const otherDir = tempDir('onewindow-server-mode-');
    try {
      const taken = Number(new URL((await centreInfo(first.client)).url).port);
      const second = startCoreWorker({ dbPath: join(otherDir, DB_FILE_NAME), dataDir: otherDir, statePath: null, centre: { listen: `127.0.0.1:${taken}`, staticDir } });
      try {
        await modeReached(second.client, 'ready');
        let info = await second.client.centre();
        for (let i = 0; i < 600 && !info; i++) {
          await new Promise((r) => setTimeout(r, 100));
          info = await second.client.centre();
        }
        expect(info).toEqual({ error: `中心服务器未能启动：端口 ${taken} 已被其他程序占用` });
        expect(await second.client.invoke('accounts.status', {}, null, 'main')).toMatchObject({ ok: true, result: { initialized: false } });
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });
});
