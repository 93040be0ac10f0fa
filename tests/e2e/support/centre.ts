/**
 * E2E fixture of the centre server (issue 16): the real `npm run server` bundle on
 * 127.0.0.1 with TLS in a temporary data folder, its first administrator made through the
 * command line on the server's folder (as docs/centre-server.md says), and Chromium that
 * trusts exactly this server's key and nothing else.
 *
 * The tests' own calls go through the server's API like any client's: the fixture pairs
 * itself as a desktop device (「测试工具」) with a code from the command line, and then
 * calls with that credential and a session. So `RunningCentre` has the shape of
 * `RunningApp` and the helpers of ./app.ts and ./intake.ts (createStaff, ensureAdmin …)
 * work on it unchanged.
 *
 * Chromium is launched per server with `--ignore-certificate-errors-spki-list=<SHA-256 of
 * the server certificate's public key>`: it accepts this certificate only (no blanket
 * ignoreHTTPSErrors), so a test sees what a pinned client sees.
 */
import { chromium, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeBundle } from '../../../build/node-bundles.mjs';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';
import { chromiumExecutable } from './browser';
import { ADMIN, expect, type RunningApp } from './app';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** A loaded 2-core machine: a server start or a CLI call (scrypt, migrations) may take long. */
const START_TIMEOUT_MS = 90_000;
export const HARNESS_DEVICE = '测试工具';

type ApiArgs<K extends HandlerName> = {} extends HandlerInput<K>
  ? [input?: HandlerInput<K>, sessionToken?: string]
  : [input: HandlerInput<K>, sessionToken?: string];

export interface RunningCentre extends RunningApp {
  /** https://127.0.0.1:PORT/ */
  url: string;
  /** the server certificate's SHA-256 fingerprint, as the server prints it */
  fingerprint: string;
  /** a one-time pairing code made by the administrator through the API */
  createPairingCode(name: string, options?: { kind?: 'workstation' | 'kiosk'; windowNo?: string }): Promise<HandlerOutput<'devices.createPairingCode'>>;
  /** a new browser context of Chromium trusting this server's key only */
  newContext(): Promise<BrowserContext>;
  /** a new context whose page is paired (through the pairing page) as a device of that name */
  pairedPage(name: string, options?: { kind?: 'workstation' | 'kiosk'; windowNo?: string }): Promise<Page>;
}

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['scripts/run-bundle.cjs', 'cli', ...args], { cwd: root, env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password }, timeout: START_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cli ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

interface Reply {
  status: number;
  body: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}

function post(port: number, ca: string, path: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', ca, agent: false, timeout: START_TIMEOUT_MS, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            reject(new Error(`${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer`)));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's SPKI list names. */
export function spkiHash(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
export const CONTEXT_OPTIONS = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } } as const;

export async function startCentre(): Promise<RunningCentre & { stop(): Promise<void> }> {
  await ensureNodeBundle('server-cli');
  await ensureNodeBundle('cli');
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-centre-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['scripts/run-bundle.cjs', 'server-cli', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--centre-name', '示范社区事务受理服务中心'], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = await new Promise<{ url: string; fingerprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`centre server did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /已启动：(https:\/\/127\.0\.0\.1:\d+\/)\s+证书指纹 SHA-256 ([0-9A-F:]{95})/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, fingerprint: m[2]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`centre server exited with ${code}:\n${output}`)));
  });
  const port = Number(new URL(started.url).port);
  const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
  const spki = spkiHash(readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8'));

  // On the server itself: the first administrator, and a code that pairs the tests' own client.
  await cli(['--data-dir', dataDir, 'accounts.setup', JSON.stringify(ADMIN)]);
  const harnessCode = JSON.parse(await cli(['--data-dir', dataDir, '--user', ADMIN.username, 'devices.createPairingCode', JSON.stringify({ name: HARNESS_DEVICE })])) as { code: string };
  const paired = await post(port, ca, '/api/pair', { code: harnessCode.code }, { 'x-onewindow-client': 'desktop' });
  if (!paired.body.ok) throw new Error(`pairing the tests' client: ${JSON.stringify(paired.body.error)}`);
  const credential = (paired.body.result as { credential: string }).credential;

  const apiRaw = async (name: string, input: unknown = {}, sessionToken?: string): Promise<unknown> => {
    const reply = await post(port, ca, `/api/${name}`, input, { 'x-onewindow-device': credential, ...(sessionToken ? { 'x-onewindow-session': sessionToken } : {}) });
    if (!reply.body.ok) throw new Error(`${name}: ${JSON.stringify(reply.body.error)}`);
    return reply.body.result;
  };
  const api = async <K extends HandlerName>(name: K, ...[input, sessionToken]: ApiArgs<K>) => (await apiRaw(name, input ?? {}, sessionToken)) as HandlerOutput<K>;
  const apiAs = async <K extends HandlerName>(who: { username: string; password: string }, name: K, ...[input]: ApiArgs<K>) => {
    const { token } = await api('accounts.login', { username: who.username, password: who.password });
    try {
      return (await apiRaw(name, input ?? {}, token)) as HandlerOutput<K>;
    } finally {
      await apiRaw('accounts.logout', {}, token).catch(() => undefined);
    }
  };

  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    browser ??= await chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`] });
    const context = await browser.newContext(CONTEXT_OPTIONS);
    contexts.push(context);
    return context;
  };
  const createPairingCode: RunningCentre['createPairingCode'] = (name, options = {}) => apiAs(ADMIN, 'devices.createPairingCode', { name, ...options });

  return {
    url: started.url,
    dbPath: join(dataDir, 'onewindow.sqlite'),
    dataDir,
    fingerprint: started.fingerprint,
    api,
    apiAs,
    apiRaw,
    createPairingCode,
    newContext,
    async pairedPage(name, options) {
      const { code } = await createPairingCode(name, options);
      const page = await (await newContext()).newPage();
      await pairThroughPage(page, started.url, code);
      return page;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the server's address on the pairing page, types the code, and waits for the paired page. */
export async function pairThroughPage(page: Page, url: string, code: string): Promise<void> {
  await page.goto(url);
  const form = page.getByRole('form', { name: '配对' });
  await form.getByLabel('配对码').fill(code);
  await form.getByLabel('配对码').press('Enter');
  await expect(page.locator('meta[name="onewindow-centre"]')).toHaveAttribute('content', 'paired');
}

interface CentrePool {
  forFile(file: string): Promise<RunningCentre>;
}

/** One centre server per test file, shared by its tests (as ./app.ts does for browser mode). */
export const test = base.extend<{ centre: RunningCentre }, { centrePool: CentrePool }>({
  centrePool: [
    async ({}, use) => {
      let current: { file: string; centre: Awaited<ReturnType<typeof startCentre>> } | null = null;
      await use({
        async forFile(file) {
          if (current?.file === file) return current.centre;
          if (current) await current.centre.stop();
          current = { file, centre: await startCentre() };
          return current.centre;
        },
      });
      if (current) await (current as { centre: Awaited<ReturnType<typeof startCentre>> }).centre.stop();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  centre: async ({ centrePool }, use, testInfo) => {
    await use(await centrePool.forFile(testInfo.file));
  },
});

/** Signs in on a paired page. */
export async function signInAtCentre(page: Page, who: { username: string; password: string } = ADMIN) {
  await page.goto(new URL('/', page.url()).toString());
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill(who.username);
  await form.getByLabel('密码').fill(who.password);
  await form.getByRole('button', { name: /登录/ }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

export { expect } from '@playwright/test';
export { ADMIN } from './app';
