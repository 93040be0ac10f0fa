/**
 * The desktop client's link to a centre server (electron/client/centre-link.ts) against a
 * REAL centre server started in this process (TLS on 127.0.0.1, real SQLite in a temp
 * folder): pairing with the fingerprint typed off the server's screen, a wrong certificate
 * refused, a revoked device refused, a call in flight across a server restart completing
 * exactly once, and the live change events. No timings are asserted: waits are generous.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../db/src/app';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import type { ChangeEvent } from '../../db/src/kernel/dispatch';
import { createCentreLink, pairWithCentre, PairingError, type CentreLink, type PairedCentre, type Protect } from '../../electron/client/centre-link';
import type { CentreCertificates } from '../../electron/server/certificates';
import { startCentreServer } from '../../electron/server/centre-host';
import { VALUES } from '../support/cases';
import { testCentre, testProtect } from '../support/centre';
import { makeId } from '../support/ids';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const centre = (name?: string) => testCentre(closers, name);

function link(paired: PairedCentre, protect: Protect, extra: Partial<Parameters<typeof createCentreLink>[0]> = {}): CentreLink {
  const l = createCentreLink({ centre: paired, protect, retryFirstMs: 100, retryMaxMs: 1_000, log: () => {}, ...extra });
  closers.push(() => l.close());
  return l;
}

async function waitFor(what: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(what()).toBe(true);
}

async function signIn(l: CentreLink): Promise<string> {
  const res = await l.invoke('accounts.login', { username: 'li', password: 'li-pass-1' }, null);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.result as { token: string }).token;
}

const caseCount = (app: App) => (app.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('pairing a desktop with the centre server', () => {
  it('pairs with the fingerprint shown on the server (typed in any spelling), keeps the credential sealed, and calls handlers as the signed-in clerk', async () => {
    const c = await centre();
    const { code, fingerprint } = await c.code('1号窗口');
    const protect = testProtect();
    const typed = fingerprint.replace(/:/g, ' ').toLowerCase();
    const paired = await pairWithCentre({ url: `127.0.0.1:${c.holder.server.port}`, code, fingerprint: typed, protect });
    expect(paired).toMatchObject({ url: `https://127.0.0.1:${c.holder.server.port}`, deviceName: '1号窗口', windowNo: '1号窗口', fingerprint, caCertPem: c.certs.caCertPem });
    // What is kept is sealed: the credential itself appears nowhere in it.
    const credential = protect.decrypt(paired.credentialSealed);
    expect(credential.length).toBeGreaterThan(20);
    expect(JSON.stringify(paired)).not.toContain(credential);

    const l = link(paired, protect);
    const token = await signIn(l);
    expect(await l.invoke('accounts.me', {}, token)).toMatchObject({ ok: true, result: { username: 'li' } });
    // A typed refusal is answered as it is, at once.
    expect(await l.invoke('residents.register', { idNumber: 'nonsense', name: '' }, token)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(l.state).toBe('online');
  });

  it('refuses a server whose certificate is not the one whose fingerprint was typed: a Chinese error, the code never sent, nothing kept', async () => {
    const c = await centre();
    const impostor = await centre('别的中心');
    const { code } = await c.code('2号窗口');
    const protect = testProtect();
    // The person typed the real server's fingerprint, but the address reaches another server.
    const err = await pairWithCentre({ url: impostor.url(), code, fingerprint: c.certs.fingerprint, protect }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PairingError);
    expect((err as PairingError).message).toMatch(/证书的指纹与您输入的不一致.*已拒绝连接/);
    // The code did not leave this computer: it still pairs with the real server.
    expect((await pairWithCentre({ url: c.url(), code, fingerprint: c.certs.fingerprint, protect })).deviceName).toBe('2号窗口');

    // Input mistakes are named before anything is sent.
    await expect(pairWithCentre({ url: c.url(), code: '1234', fingerprint: c.certs.fingerprint, protect })).rejects.toThrow('配对码应为 8 位数字');
    await expect(pairWithCentre({ url: c.url(), code: '12345678', fingerprint: 'AB:CD', protect })).rejects.toThrow(/证书指纹格式不对/);
    await expect(pairWithCentre({ url: `http://127.0.0.1:${c.holder.server.port}`, code: '12345678', fingerprint: c.certs.fingerprint, protect })).rejects.toThrow(/https/);
    // A wrong or used code: the server's own Chinese refusal.
    await expect(pairWithCentre({ url: c.url(), code, fingerprint: c.certs.fingerprint, protect })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('later calls trust only the centre certificate pinned at pairing: another server on the same address is refused, not retried', async () => {
    const c = await centre();
    const protect = testProtect();
    const paired = await pairWithCentre({ url: c.url(), code: (await c.code('3号窗口')).code, fingerprint: c.certs.fingerprint, protect });
    const l = link(paired, protect);
    expect((await l.invoke('settings.get', {}, null)).ok).toBe(true);

    // The real server goes; another centre's server (its own CA) answers on the same port.
    const port = c.holder.server.port;
    await c.holder.server.close();
    const other = await centre('别的中心');
    const impostor = await startCentreServer({ app: other.app, certs: other.certs, staticDir: other.staticDir, host: '127.0.0.1', port });
    closers.push(() => impostor.close());
    const refused = await l.invoke('settings.get', {}, null);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { certificateRefused: true } } });
    if (!refused.ok) expect(refused.error.message).toContain('不是配对时那台中心服务器');
  });

  it('a revoked device is refused with DEVICE_REVOKED and told so', async () => {
    const c = await centre();
    const protect = testProtect();
    const { code, deviceId } = await c.code('4号窗口');
    const paired = await pairWithCentre({ url: c.url(), code, fingerprint: c.certs.fingerprint, protect });
    const refusals: string[] = [];
    const l = link(paired, protect, { onDeviceRefused: (e) => refusals.push(e.code) });
    const token = await signIn(l);
    await c.local('devices.revoke', { deviceId });
    const res = await l.invoke('accounts.me', {}, token);
    expect(res).toMatchObject({ ok: false, error: { code: 'DEVICE_REVOKED', message: expect.stringContaining('4号窗口') } });
    expect(refusals).toEqual(['DEVICE_REVOKED']);
  });
});

describe('the request key', () => {
  it('is sent with every call, and unchanged on every retry of it (the page’s own key when it gave one)', async () => {
    const c = await centre();
    const protect = testProtect();
    const paired = await pairWithCentre({ url: c.url(), code: (await c.code('5号窗口')).code, fingerprint: c.certs.fingerprint, protect });
    const port = c.holder.server.port;
    await c.holder.server.close();
    // A server with the centre's own certificate that drops the first two attempts of each call.
    const seen: string[] = [];
    const flaky = createServer({ cert: c.certs.certPem, key: c.certs.keyPem }, (req, res) => {
      seen.push(String(req.headers['x-onewindow-request']));
      if (seen.length % 3 !== 0) {
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result: { attempt: seen.length } }));
    });
    await new Promise<void>((resolve) => flaky.listen(port, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => { flaky.closeAllConnections(); flaky.close(() => resolve()); }));
    const l = link(paired, protect);
    expect(await l.invoke('cases.intake', {}, 'session', 'page-key-0001')).toEqual({ ok: true, result: { attempt: 3 } });
    expect(seen).toEqual(['page-key-0001', 'page-key-0001', 'page-key-0001']);
    expect(await l.invoke('residents.register', {}, 'session')).toEqual({ ok: true, result: { attempt: 6 } });
    expect(seen[3]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(seen.slice(3))).toEqual(new Set([seen[3]]));
  }, 120_000);
});

describe('the link when the network fails', () => {
  async function pairedClerk() {
    const c = await centre();
    const protect = testProtect();
    const paired = await pairWithCentre({ url: c.url(), code: (await c.code('1号窗口')).code, fingerprint: c.certs.fingerprint, protect });
    const states: string[] = [];
    const l = link(paired, protect);
    l.connection.subscribe((s) => states.push(s));
    const token = await signIn(l);
    const DB = 'MZ-DB-001';
    const resident = await l.invoke('residents.register', { idNumber: makeId(7, '19800101'), name: '张三' }, token);
    if (!resident.ok) throw new Error(JSON.stringify(resident.error));
    const residentId = (resident.result as { id: number }).id;
    expect((await l.invoke('households.create', { headResidentId: residentId, address: '长乐路 1 弄 2 号' }, token)).ok).toBe(true);
    const materials = getItemVersion(c.app.db, DB)
      .materials.filter((m) => m.required)
      .map((m) => ({ key: m.key, copies: m.copies }));
    const intake = { idempotencyKey: randomUUID(), residentId, itemCode: DB, decision: 'accept', values: VALUES[DB], materials, means: { members: [{ residentId, monthlyIncome: 400, assets: 0 }] } };
    /** the same host again, on the same port (as after a restart of the server program) */
    const restart = async () => {
      c.holder.server = await startCentreServer({ app: c.app, certs: c.certs as CentreCertificates, staticDir: c.staticDir, host: '127.0.0.1', port: l_port });
    };
    const l_port = c.holder.server.port;
    return { c, l, token, intake, states, restart };
  }

  it('an intake sent while the server is down is retried with the same key until it is back, and taken once', async () => {
    const { c, l, token, intake, states, restart } = await pairedClerk();
    await c.holder.server.close();
    const pending = l.invoke('cases.intake', intake, token);
    await waitFor(() => states.includes('offline'));
    expect(caseCount(c.app)).toBe(0);
    await restart();
    const res = await pending;
    expect(res).toMatchObject({ ok: true });
    expect(states.at(-1)).toBe('online');
    expect(caseCount(c.app)).toBe(1);
  }, 120_000);

  it('an intake whose answer was lost when the server stopped is sent again after the restart: never lost, never doubled', async () => {
    const { c, l, token, intake, states, restart } = await pairedClerk();
    // The server stops right after the intake committed, before its answer left.
    let stopped: Promise<void> | null = null;
    const unsubscribe = c.app.changes.subscribe((event) => {
      if (event.handler === 'cases.intake' && !stopped) stopped = c.holder.server.close();
    });
    const pending = l.invoke('cases.intake', intake, token);
    await waitFor(() => stopped !== null && states.includes('offline'));
    await stopped;
    unsubscribe();
    expect(caseCount(c.app)).toBe(1);
    await restart();
    const res = await pending;
    expect(res).toMatchObject({ ok: true });
    const caseNo = (res as { ok: true; result: { case: { caseNo: string } } }).result.case.caseNo;
    expect(caseCount(c.app)).toBe(1);
    expect((c.app.db.prepare('SELECT case_no FROM cases').get() as { case_no: string }).case_no).toBe(caseNo);
  }, 120_000);

  it('change events arrive over the stream, which reopens by itself after a server restart', async () => {
    const { c, l, token, states, restart } = await pairedClerk();
    const events: ChangeEvent[] = [];
    l.changes.subscribe((e) => events.push(e));
    let n = 0;
    /**
     * Registers residents until one's change event arrives: the stream opens (or reopens)
     * in its own time, and a change made before it is open is not replayed.
     */
    async function aChangeArrives(register: (idNumber: string, name: string) => Promise<number>): Promise<void> {
      let seen = false;
      for (let i = 0; i < 60 && !seen; i++) {
        const id = String(await register(makeId(20 + n++, '19800101'), `王${n}`));
        for (let j = 0; j < 60 && !seen; j++) {
          seen = events.some((e) => e.handler === 'residents.register' && e.records.some((r) => r.type === 'resident' && r.id === id));
          if (!seen) await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(seen).toBe(true);
    }
    // a change made elsewhere (on the server's own screen)
    await aChangeArrives(async (idNumber, name) => (await c.local('residents.register', { idNumber, name })).id as number);
    expect(JSON.stringify(events)).not.toContain('王');

    await c.holder.server.close();
    await waitFor(() => states.includes('offline'));
    await restart();
    // reopened by itself: a change made through the link arrives as well
    await aChangeArrives(async (idNumber, name) => {
      const res = await l.invoke('residents.register', { idNumber, name }, token);
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      return (res.result as { id: number }).id;
    });
  }, 180_000);
});
