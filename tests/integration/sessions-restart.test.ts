import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createApp, DB_FILE_NAME, type App } from '../../db/src/app';
import { ACTIVITY_WRITE_MS } from '../../db/src/kernel/sessions';
import type { DeviceIdentity } from '../../db/src/kernel/handler';
import { ADMIN, tempDir, testClock } from '../support/temp';
import { staffId } from '../support/ids';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const open: App[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** An app on `dataDir` as a server process starts it; closed after the test (or by `restart`). */
function start(dataDir: string, clock: ReturnType<typeof testClock>) {
  const app = createApp({ dataDir, log: quiet, now: clock.now, centre: { fingerprint: 'AA', caFingerprint: 'BB' } });
  open.push(app);
  return app;
}

function restart(app: App, dataDir: string, clock: ReturnType<typeof testClock>) {
  app.close();
  open.splice(open.indexOf(app), 1);
  return start(dataDir, clock);
}

async function world() {
  const dataDir = tempDir();
  const clock = testClock('2026-12-07T09:00:00+08:00');
  const app = start(dataDir, clock);
  expect((await app.dispatch('accounts.setup', ADMIN)).ok).toBe(true);
  const admin = await app.login(ADMIN.username, ADMIN.password);
  expect((await app.dispatch('accounts.create', { username: 'li', password: 'li-pass-1', displayName: '李窗口', staffIdNumber: staffId(2), roles: ['clerk'] }, admin)).ok).toBe(true);
  return { dataDir, clock, app, admin };
}

async function pairedDevice(app: App, admin: string, name: string): Promise<DeviceIdentity> {
  const created = await app.dispatch('devices.createPairingCode', { name }, admin);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const paired = app.devices.pair((created.result as { code: string }).code, null);
  return app.devices.authenticate(paired.credential);
}

async function loginOn(app: App, device: DeviceIdentity | undefined): Promise<string> {
  const res = await app.dispatch('accounts.login', { username: 'li', password: 'li-pass-1' }, null, device ? { device } : {});
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.result as { token: string }).token;
}

const me = (app: App, token: string, device?: DeviceIdentity) => app.dispatch('accounts.me', {}, token, device ? { device } : {});

describe('sessions survive a restart of the server, up to the idle time', () => {
  it('a token keeps working after close and reopen; only its hash is stored', async () => {
    let { dataDir, clock, app, admin } = await world();
    const device = await pairedDevice(app, admin, '1号窗口');
    const onDevice = await loginOn(app, device);
    const local = await loginOn(app, undefined);
    clock.advanceMinutes(5);
    app = restart(app, dataDir, clock);
    expect(await me(app, onDevice, device)).toMatchObject({ ok: true, result: { username: 'li' } });
    expect(await me(app, local)).toMatchObject({ ok: true, result: { username: 'li' } });
    // Still bound to its device after the restart.
    expect(await me(app, onDevice)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { reason: 'other_device' } } });
    const stored = app.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored.map((s) => s.token_hash)).not.toContain(onDevice);
    expect(JSON.stringify(stored)).not.toContain(onDevice);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('ends after the idle time, also across a restart; activity moves the time on, written at most once a minute', async () => {
    let { dataDir, clock, app } = await world();
    const token = await loginOn(app, undefined);
    // 14 minutes of work in calls 20 s apart: the table follows at most ACTIVITY_WRITE_MS behind.
    for (let s = 20; s <= 14 * 60; s += 20) {
      clock.advanceMinutes(1 / 3);
      expect((await me(app, token)).ok).toBe(true);
    }
    // this session's row (the administrator's sign-in in world() has one too)
    const hash = createHash('sha256').update(token).digest('hex');
    const lastStored = Date.parse((app.db.prepare('SELECT last_activity_at AS at FROM sessions WHERE token_hash = ?').get(hash) as { at: string }).at);
    expect(clock.now().getTime() - lastStored).toBeLessThan(ACTIVITY_WRITE_MS);
    expect(clock.now().getTime() - lastStored).toBeGreaterThanOrEqual(0);

    app = restart(app, dataDir, clock);
    // 14 minutes after the last call: within the 15 minutes of idle time.
    clock.advanceMinutes(14);
    expect((await me(app, token)).ok).toBe(true);
    app = restart(app, dataDir, clock);
    clock.advanceMinutes(16);
    expect(await me(app, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { reason: 'idle' } } });
    app = restart(app, dataDir, clock);
    expect(app.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(await me(app, token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });

  it('a session idle too long while the server was down does not come back', async () => {
    let { dataDir, clock, app } = await world();
    const token = await loginOn(app, undefined);
    app.close();
    open.splice(open.indexOf(app), 1);
    clock.advanceMinutes(16);
    app = start(dataDir, clock);
    expect((await me(app, token)).ok).toBe(false);
    expect(app.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('logout, a deactivated account and a revoked device end sessions, across a restart too', async () => {
    let { dataDir, clock, app, admin } = await world();
    const device = await pairedDevice(app, admin, '1号窗口');
    const other = await pairedDevice(app, admin, '2号窗口');
    const revokedHere = await loginOn(app, device);
    const loggedOut = await loginOn(app, undefined);
    expect((await app.dispatch('accounts.logout', {}, loggedOut)).ok).toBe(true);
    expect((await app.dispatch('devices.revoke', { deviceId: device.id }, admin)).ok).toBe(true);
    expect((await me(app, revokedHere, device)).ok).toBe(false);
    // A device revoked while the server is down (another program on the file): its sessions do not come back.
    const onOther = await loginOn(app, other);
    app.close();
    open.splice(open.indexOf(app), 1);
    const raw = new Database(join(dataDir, DB_FILE_NAME));
    raw.prepare("UPDATE devices SET revoked_at = '2026-12-07T01:10:00.000Z', revoked_by = 1 WHERE id = ?").run(other.id);
    raw.close();
    app = start(dataDir, clock);
    expect((await me(app, revokedHere, device)).ok).toBe(false);
    expect((await me(app, loggedOut)).ok).toBe(false);
    expect((await me(app, onOther, other)).ok).toBe(false);
    expect(app.db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id <> 1').get()).toEqual({ n: 0 });

    // A deactivated account's sessions end at once and stay ended.
    const token = await loginOn(app, undefined);
    admin = await app.login(ADMIN.username, ADMIN.password);
    const li = (app.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id;
    expect((await app.dispatch('accounts.update', { id: li, active: false }, admin)).ok).toBe(true);
    app = restart(app, dataDir, clock);
    expect((await me(app, token)).ok).toBe(false);
    // The administrator's own session went through both restarts.
    expect((await app.dispatch('accounts.me', {}, admin)).ok).toBe(true);
  });

  it('a role taken away reaches a restored session: what a session may do is read from the account', async () => {
    let { dataDir, clock, app, admin } = await world();
    const token = await loginOn(app, undefined);
    const li = (app.db.prepare("SELECT id FROM users WHERE username = 'li'").get() as { id: number }).id;
    expect((await app.dispatch('accounts.update', { id: li, roles: ['reviewer'] }, admin)).ok).toBe(true);
    app = restart(app, dataDir, clock);
    expect(await me(app, token)).toMatchObject({ ok: true, result: { roles: ['reviewer'] } });
    expect(await app.dispatch('residents.register', { idNumber: '110101199003070011', name: '王五' }, token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a restored backup brings back no session: not the current ones, not those stored in it', async () => {
    const { clock, app, admin } = await world();
    const token = await loginOn(app, undefined);
    const backup = await app.dispatch('backups.create', {}, admin);
    if (!backup.ok) throw new Error(JSON.stringify(backup.error));
    const file = (backup.result as { file: string }).file;
    clock.advanceMinutes(1);
    const restored = await app.dispatch('backups.restore', { file }, admin);
    expect(restored.ok, JSON.stringify(restored)).toBe(true);
    expect((await me(app, token)).ok).toBe(false);
    expect(app.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });
});
