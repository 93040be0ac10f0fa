import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeId } from '../../support/ids';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';

/** A handler's input, left out only when it accepts an empty object, then a session token. */
type ApiArgs<K extends HandlerName> = {} extends HandlerInput<K>
  ? [input?: HandlerInput<K>, sessionToken?: string]
  : [input: HandlerInput<K>, sessionToken?: string];

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface RunningApp {
  url: string;
  dbPath: string;
  dataDir: string;
  /** calls a handler the way the page does, through the browser-mode API, typed from the contract */
  api<K extends HandlerName>(name: K, ...args: ApiArgs<K>): Promise<HandlerOutput<K>>;
  /** signs in as `who` and calls a handler */
  apiAs<K extends HandlerName>(who: { username: string; password: string }, name: K, ...[input]: ApiArgs<K>): Promise<HandlerOutput<K>>;
  /** api() without the contract's types, for input refused on purpose */
  apiRaw(name: string, input?: unknown, sessionToken?: string): Promise<unknown>;
}

/**
 * Starts the real browser-mode host as a child process on a fresh database, or on one that
 * `prepare` made (it gets the path before the host starts). `env` adds to the host's
 * environment, e.g. ONEWINDOW_TEST_NOW for a chosen day (electron/test-clock.ts).
 */
export async function startApp(
  prepare?: (dbPath: string) => void,
  options: { env?: Record<string, string> } = {},
): Promise<RunningApp & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-'));
  const dbPath = join(dataDir, 'e2e.sqlite');
  prepare?.(dbPath);
  // The bundle npm start runs (built by the global setup, tests/e2e/support/build.ts).
  const child: ChildProcess = spawn(process.execPath, ['dist/electron/serve-cli.mjs', '--db', dbPath, '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)));
  });
  let token: string | null = null;
  const apiRaw = async (name: string, input: unknown = {}, sessionToken?: string): Promise<unknown> => {
    if (!token) {
      const html = await (await fetch(url)).text();
      token = /name="onewindow-token" content="([^"]+)"/.exec(html)![1]!;
    }
    const res = await fetch(`${url}api/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-onewindow-token': token!,
        ...(sessionToken ? { 'x-onewindow-session': sessionToken } : {}),
      },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { ok: boolean; result?: unknown; error?: unknown };
    if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
  const api = async <K extends HandlerName>(name: K, ...[input, sessionToken]: ApiArgs<K>) =>
    (await apiRaw(name, input ?? {}, sessionToken)) as HandlerOutput<K>;
  const apiAs = async <K extends HandlerName>(who: { username: string; password: string }, name: K, ...[input]: ApiArgs<K>) => {
    const { token: session } = await api('accounts.login', { username: who.username, password: who.password });
    return (await apiRaw(name, input ?? {}, session)) as HandlerOutput<K>;
  };
  return {
    url,
    dbPath,
    dataDir,
    api,
    apiAs,
    apiRaw,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface AppPool {
  forFile(file: string): Promise<RunningApp>;
}

/**
 * One app (one fresh database) per test file, shared by that file's tests. Playwright's
 * worker fixtures live as long as the worker, which may run several files in turn, so the
 * pool starts a new app whenever the file changes.
 */
export const test = base.extend<{ app: RunningApp }, { appPool: AppPool }>({
  appPool: [
    async ({}, use) => {
      let current: { file: string; app: Awaited<ReturnType<typeof startApp>> } | null = null;
      await use({
        async forFile(file) {
          if (current?.file === file) return current.app;
          if (current) await current.app.stop();
          current = { file, app: await startApp() };
          return current.app;
        },
      });
      if (current) await (current as { app: Awaited<ReturnType<typeof startApp>> }).app.stop();
    },
    { scope: 'worker' },
  ],
  app: async ({ appPool }, use, testInfo) => {
    await use(await appPool.forFile(testInfo.file));
  },
});

export { expect } from '@playwright/test';

export const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '王管理', staffIdNumber: '11010519491231002X' };

// Every account carries its holder's ID number, distinct among active accounts.
let staffSeq = 0;
export const nextStaffIdNumber = () => makeId(++staffSeq, '19850505', '310104');

/** First start through the API, for tests about something else than first start. */
export async function ensureAdmin(app: RunningApp): Promise<void> {
  const { initialized } = await app.api('accounts.status');
  if (!initialized) await app.api('accounts.setup', ADMIN);
}

/** Creates a person with roles through the API (signed in as the administrator). */
export async function createPerson(app: RunningApp, username: string, displayName: string, roles: HandlerInput<'accounts.create'>['roles']): Promise<{ username: string; password: string }> {
  await ensureAdmin(app);
  const password = `${username}-pass-1`;
  await app.apiAs(ADMIN, 'accounts.create', { username, password, displayName, staffIdNumber: nextStaffIdNumber(), roles });
  return { username, password };
}

export async function signIn(page: import('@playwright/test').Page, app: RunningApp, who: { username: string; password: string } = ADMIN) {
  await page.goto(app.url);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('用户名').fill(who.username);
  await form.getByLabel('密码').fill(who.password);
  await form.getByRole('button', { name: /登录/ }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}
