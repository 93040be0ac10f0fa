import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface RunningApp {
  url: string;
  dbPath: string;
  dataDir: string;
  /** calls a handler the way the page does, through the browser-mode API */
  api<T = any>(name: string, input?: unknown): Promise<T>;
}

/** Starts the real browser-mode host as a child process on a fresh database. */
export async function startApp(): Promise<RunningApp & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-'));
  const dbPath = join(dataDir, 'e2e.sqlite');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/serve-cli.ts', '--db', dbPath, '--port', '0'], {
    cwd: root,
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
  const api = async <T,>(name: string, input: unknown = {}): Promise<T> => {
    if (!token) {
      const html = await (await fetch(url)).text();
      token = /name="onewindow-token" content="([^"]+)"/.exec(html)![1]!;
    }
    const res = await fetch(`${url}api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-onewindow-token': token },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { ok: boolean; result?: T; error?: unknown };
    if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
    return body.result as T;
  };
  return {
    url,
    dbPath,
    dataDir,
    api,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One app (one fresh database) per test file, shared by its tests. */
export const test = base.extend<{}, { app: RunningApp }>({
  app: [
    async ({}, use) => {
      const app = await startApp();
      await use(app);
      await app.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
