import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { createApp } from '../../db/src/app';
import { recoveryLockoutPath } from '../../db/src/backups/recovery-lockout';
import { DatabaseCorruptError } from '../../db/src/backups/integrity';
import { lockMinutesAfter } from '../../db/src/accounts/sign-in-limits';
import { startBrowserHost, TOKEN_HEADER, type BrowserHost } from '../../electron/serve';
import { ADMIN, err, ok, tempDbPath, tempDir, testClock, testCore, withPeople } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const wrong = (username: string) => ({ username, password: 'bad-password-9' });

describe('account locks grow and survive', () => {
  it('keeps counting failures across a lock: the failure after a lock locks for 30 minutes, then 60', async () => {
    const clock = testClock();
    const core = testCore({ now: clock.now });
    await withPeople(core, { zhang: ['clerk'] });
    for (let i = 0; i < 5; i++) await err(core, 'accounts.login', wrong('zhang'));
    clock.advanceMinutes(16);
    // The first lock is over; one more wrong password locks again at once, for 30 minutes.
    await err(core, 'accounts.login', wrong('zhang'));
    clock.advanceMinutes(29);
    expect((await err(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).code).toBe('UNAUTHENTICATED');
    clock.advanceMinutes(2);
    await err(core, 'accounts.login', wrong('zhang'));
    clock.advanceMinutes(59);
    expect((await err(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).code).toBe('UNAUTHENTICATED');
    clock.advanceMinutes(2);
    expect((await ok(core, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).token).toBeTruthy();
    // A successful sign-in starts the count again.
    const row = core.db.prepare("SELECT failed_logins, locked_until FROM users WHERE username = 'zhang'").get();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('allows a handful of guesses a day, not hundreds', async () => {
    const clock = testClock();
    const core = testCore({ now: clock.now });
    await withPeople(core, { zhang: ['clerk'] });
    let checked = 0;
    // A guesser trying every minute for a day.
    for (let minute = 0; minute < 24 * 60; minute++) {
      const locked = (core.db.prepare("SELECT locked_until FROM users WHERE username = 'zhang'").get() as { locked_until: string | null }).locked_until;
      if (!locked || locked <= clock.now().toISOString()) {
        await err(core, 'accounts.login', wrong('zhang'));
        checked++;
      }
      clock.advanceMinutes(1);
    }
    expect(checked).toBeLessThan(15);
    expect(lockMinutesAfter(40)).toBe(24 * 60);
  });

  it('keeps the count when the program restarts', async () => {
    const clock = testClock();
    const dbPath = tempDbPath();
    const first = openCore({ dbPath, logger: quiet, now: clock.now });
    await withPeople(first, { zhang: ['clerk'] });
    for (let i = 0; i < 5; i++) await err(first, 'accounts.login', wrong('zhang'));
    first.close();
    clock.advanceMinutes(16);
    const second = openCore({ dbPath, logger: quiet, now: clock.now });
    try {
      await err(second, 'accounts.login', wrong('zhang'));
      clock.advanceMinutes(20);
      expect((await err(second, 'accounts.login', { username: 'zhang', password: 'zhang-pass-1' })).code).toBe('UNAUTHENTICATED');
    } finally {
      second.close();
    }
  });
});

/** A database with an administrator and a backup; the recovery is opened as if the file were damaged. */
async function recoveryWorld() {
  const dbPath = tempDbPath();
  const core = openCore({ dbPath, logger: quiet });
  const { as } = await withPeople(core);
  const backup = (await as('admin', 'backups.create', {})).file as string;
  core.close();
  writeFileSync(dbPath, 'not a database, as a damaged file would be');
  const clock = testClock();
  const open = () => createApp({ dbPath, log: quiet, now: clock.now });
  return { dbPath, backup, clock, open };
}

describe('the recovery screen lockout', () => {
  it('is kept in a private file in the data folder, so a restart does not clear it, and grows like sign-in locks', async () => {
    const { dbPath, backup, clock, open } = await recoveryWorld();
    const first = open();
    for (let i = 0; i < 5; i++) {
      expect(await first.dispatch('recovery.restore', { file: backup, username: 'admin', password: `wrong-${i}-pass` })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    }
    first.close();
    if (process.platform !== 'win32') expect(statSync(recoveryLockoutPath(dbPath)).mode & 0o777).toBe(0o600);

    const second = open();
    const locked = await second.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('15 分钟') } });
    clock.advanceMinutes(16);
    await second.dispatch('recovery.restore', { file: backup, username: 'admin', password: 'wrong-again-pass' });
    clock.advanceMinutes(20);
    const longer = await second.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password });
    expect(longer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('30 分钟') } });
    expect(second.mode).toBe('recovery');
    clock.advanceMinutes(11);
    expect(await second.dispatch('recovery.restore', { file: backup, username: 'admin', password: ADMIN.password })).toMatchObject({ ok: true });
    second.close();
  });
});

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

function post(h: BrowserHost, name: string, body: unknown): Promise<{ status: number; json: any; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        path: `/api/${name}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${h.port}`, [TOKEN_HEADER]: h.token, 'content-type': 'application/json' },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data), retryAfter: res.headers['retry-after'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('the browser-mode host slows down wrong passwords from one source', () => {
  // The host's clock stands still: every attempt after a delay has begun comes too early.
  const stillClock = () => Date.parse('2026-03-02T01:00:00Z');

  async function hostWithAccounts(n: number) {
    const core = testCore();
    const people: Record<string, ['clerk']> = {};
    for (let i = 0; i < n; i++) people[`clerk${i}`] = ['clerk'];
    await withPeople(core, people);
    const staticDir = tempDir();
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    host = await startBrowserHost({ core, staticDir, now: stillClock });
    return { core, host };
  }

  it('cannot lock every account in a burst: too-early attempts get RATE_LIMITED (429) without a password check', async () => {
    const { core, host } = await hostWithAccounts(8);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      for (let k = 0; k < 5; k++) statuses.push((await post(host, 'accounts.login', wrong(`clerk${i}`))).status);
    }
    const limited = statuses.filter((s) => s === 429).length;
    // Two failures are free (a person mistyping); the third starts the wait.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(limited).toBe(37);
    const locked = (core.db.prepare("SELECT count(*) AS n FROM users WHERE locked_until IS NOT NULL AND username LIKE 'clerk%'").get() as { n: number }).n;
    expect(locked).toBe(0);
    // Checked attempts show in the audit log; refused ones never reached the core.
    const failures = (core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'login_failed'").get() as { n: number }).n;
    expect(failures).toBe(40 - limited);

    // Even the right password is not checked while the source must wait.
    const early = await post(host, 'accounts.login', { username: 'clerk7', password: 'clerk7-pass-1' });
    expect(early.status).toBe(429);
    expect(early.json).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^登录尝试过于频繁，请 \d+ 秒后再试$/) } });
    expect(Number(early.retryAfter)).toBeGreaterThan(0);
  });

  it('takes attempts sent at once one at a time, so a parallel burst is limited too', async () => {
    const { core, host } = await hostWithAccounts(8);
    const replies = await Promise.all(Array.from({ length: 40 }, (_, j) => post(host, 'accounts.login', wrong(`clerk${j % 8}`))));
    expect(replies.filter((r) => r.status === 401).length).toBe(3);
    expect(replies.filter((r) => r.status === 429).length).toBe(37);
    const locked = (core.db.prepare("SELECT count(*) AS n FROM users WHERE locked_until IS NOT NULL").get() as { n: number }).n;
    expect(locked).toBe(0);
  });

  it('lets a person who mistyped once sign in straight away', async () => {
    const { host } = await hostWithAccounts(1);
    expect((await post(host, 'accounts.login', wrong('clerk0'))).status).toBe(401);
    expect((await post(host, 'accounts.login', { username: 'clerk0', password: 'clerk0-pass-1' })).status).toBe(200);
  });
});
