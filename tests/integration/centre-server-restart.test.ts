/**
 * The real server process (`npm run server`'s bundle) killed with SIGKILL while intakes are
 * in flight, and started again on the same folder and port: the session goes on, nothing
 * acknowledged is lost, a retried intake with its request key is taken in exactly once, and
 * case numbers stay gap-free. Asserted on outcomes only, never on timings.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { ADMIN, tempDir } from '../support/temp';
import { makeId, staffId } from '../support/ids';
import { VALUES } from '../support/cases';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SYDJ = 'RS-SYDJ-001';
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const p of running) p.kill('SIGTERM');
  running.clear();
});

beforeAll(async () => {
  await ensureNodeBundle('server-cli');
  await ensureNodeBundle('cli');
}, 300_000);

function cli(dataDir: string, args: string[]) {
  const res = spawnSync(process.execPath, ['scripts/run-bundle.cjs', 'cli', '--data-dir', dataDir, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password },
  });
  if (res.status !== 0) throw new Error(`cli ${args.join(' ')} → ${res.status}: ${res.stdout} ${res.stderr}`);
  return JSON.parse(res.stdout || 'null');
}

/** Starts the server and waits for its one line; `exited` settles when the process ends. */
function startServer(dataDir: string, staticDir: string, listen: string) {
  const child = spawn(process.execPath, ['scripts/run-bundle.cjs', 'server-cli', '--data-dir', dataDir, '--listen', listen], {
    cwd: root,
    env: { ...process.env, ONEWINDOW_RENDERER_DIR: staticDir },
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => (running.delete(child), resolve())));
  const started = new Promise<{ url: string; port: number }>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stderr!.on('data', (d) => (out += String(d)));
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /已启动：(https:\/\/\S+)\s/.exec(out);
      if (m) resolve({ url: m[1]!, port: Number(new URL(m[1]!).port) });
    });
    child.on('exit', (code, signal) => reject(new Error(`server exited ${code ?? signal}: ${out}`)));
  });
  return { child, started, exited };
}

type Answer = { ok: boolean; result?: any; error?: { code: string; message: string } };

function post(url: string, ca: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'POST', ca, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the centre server killed with SIGKILL and started again', { timeout: 600_000 }, () => {
  it('keeps sessions and every acknowledged intake; retried intakes are taken in once; case numbers have no gap', async () => {
    const dataDir = tempDir();
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body>一窗受理</body></html>');
    const first = startServer(dataDir, staticDir, '127.0.0.1:0');
    const { url, port } = await first.started;
    const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');

    // The first administrator and a clerk, set up on the server by the CLI; a paired counter.
    cli(dataDir, ['accounts.setup', JSON.stringify(ADMIN)]);
    cli(dataDir, ['--user', ADMIN.username, 'accounts.create', JSON.stringify({ username: 'li', password: 'li-pass-1', displayName: '李窗口', staffIdNumber: staffId(2), roles: ['clerk'] })]);
    const { code } = cli(dataDir, ['--user', ADMIN.username, 'devices.createPairingCode', '{"name":"1号窗口","windowNo":"1号窗口"}']) as { code: string };
    const paired = await post(url, ca, '/api/pair', { code }, { 'x-onewindow-client': 'desktop' });
    const device = { 'x-onewindow-device': paired.result.credential as string };
    const login = await post(url, ca, '/api/accounts.login', { username: 'li', password: 'li-pass-1' }, device);
    const headers = { ...device, 'x-onewindow-session': login.result.token as string };

    const readonly = new Database(join(dataDir, 'onewindow.sqlite'), { readonly: true });
    const materials = getItemVersion(readonly, SYDJ)
      .materials.filter((m) => m.required)
      .map((m) => ({ key: m.key, copies: m.copies }));
    readonly.close();

    const TOTAL = 14;
    const residents: number[] = [];
    for (let i = 1; i <= TOTAL; i++) {
      const r = await post(url, ca, '/api/residents.register', { idNumber: makeId(i, '19800101'), name: `居民${i}` }, { ...headers, 'x-onewindow-request': randomUUID() });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      residents.push(r.result.id as number);
    }

    // One logical intake each: its input and request key stay the same on every retry.
    const intakes = residents.map((residentId) => ({
      requestKey: randomUUID(),
      input: { residentId, itemCode: SYDJ, values: VALUES[SYDJ], materials, decision: 'accept', idempotencyKey: randomUUID() },
    }));
    const send = (i: number) => post(url, ca, '/api/cases.intake', intakes[i]!.input, { ...headers, 'x-onewindow-request': intakes[i]!.requestKey });
    const acknowledged = new Map<number, Answer>();
    for (let i = 0; i < 6; i++) {
      const answer = await send(i);
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      acknowledged.set(i, answer);
    }
    // The rest at once; the process is killed as soon as the first of them is answered.
    let killed = false;
    const inFlight = intakes.slice(6).map((_, k) =>
      send(6 + k).then(
        (answer) => {
          if (answer.ok) acknowledged.set(6 + k, answer);
          if (!killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        },
        () => {
          /* the connection died with the process: not acknowledged */
        },
      ),
    );
    await Promise.all(inFlight);
    if (!killed) first.child.kill('SIGKILL');
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = startServer(dataDir, staticDir, `127.0.0.1:${port}`);
    expect((await second.started).port).toBe(port);

    // The same session token still works on the same device.
    expect(await post(url, ca, '/api/accounts.me', {}, headers)).toMatchObject({ ok: true, result: { username: 'li' } });

    // Every intake not acknowledged is retried with its key; one acknowledged is retried too (its answer lost).
    const retried = new Map<number, Answer>();
    for (let i = 0; i < TOTAL; i++) if (!acknowledged.has(i) || i === 0) retried.set(i, await send(i));
    for (const [i, answer] of retried) expect(answer.ok, `intake ${i}: ${JSON.stringify(answer)}`).toBe(true);
    expect(retried.get(0)).toEqual(acknowledged.get(0));
    for (const [i, answer] of acknowledged) expect(answer.result.case.caseNo).toBe((retried.get(i) ?? answer).result.case.caseNo);

    await new Promise<void>((resolve) => {
      second.exited.then(resolve);
      second.child.kill('SIGTERM');
    });
    const db = new Database(join(dataDir, 'onewindow.sqlite'), { readonly: true });
    try {
      const cases = db.prepare('SELECT case_no, idempotency_key FROM cases ORDER BY case_no').all() as { case_no: string; idempotency_key: string }[];
      // Exactly one case per logical intake: every acknowledged one, every retried one, none twice.
      expect(cases.map((c) => c.idempotency_key).sort()).toEqual(intakes.map((x) => x.input.idempotencyKey).sort());
      for (const [i, answer] of acknowledged) expect(cases.find((c) => c.idempotency_key === intakes[i]!.input.idempotencyKey)?.case_no).toBe(answer.result.case.caseNo);
      // Unique and gap-free per centre and day.
      const byDay = new Map<string, number[]>();
      for (const c of cases) byDay.set(c.case_no.slice(0, -4), [...(byDay.get(c.case_no.slice(0, -4)) ?? []), Number(c.case_no.slice(-4))]);
      for (const seqs of byDay.values()) expect(seqs).toEqual(seqs.map((_, k) => k + 1));
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
    expect(cli(dataDir, ['--user', ADMIN.username, 'audit.verify', '{}'])).toMatchObject({ ok: true });
  });
});
