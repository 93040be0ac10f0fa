/**
 * Browser mode as a user starts it: spawn electron/serve-cli.ts (or, as `npm start` runs
 * it, its bundle dist/electron/serve-cli.mjs), wait for its URL, load the page (which
 * carries the API token) and ask settings.get, as the sign-in screen does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  stop(): Promise<void>;
}

export const SOURCE_ENTRY = ['--import', 'tsx', 'electron/serve-cli.ts'];
export const BUNDLED_ENTRY = ['dist/electron/serve-cli.mjs'];

export async function spawnServe(args: string[], env: Record<string, string> = {}, timeoutMs = 300_000, entry = SOURCE_ENTRY): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...entry, '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-cli did not start in ${timeoutMs} ms: ${output.join('\n')}`)), timeoutMs);
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        output.push(line);
        const m = /(http:\/\/127\.0\.0\.1:\d+\/?)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve-cli exited (${code}): ${output.join('\n')}`));
    });
  });
  return {
    child,
    url,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The sign-in screen's two requests: the page (with its token) and settings.get. */
export async function signInScreen(url: string): Promise<{ html: string; settings: Record<string, unknown> }> {
  const html = await (await fetch(url)).text();
  const token = /<meta name="onewindow-token" content="([^"]+)">/.exec(html)?.[1];
  if (!token) throw new Error('the page carries no API token');
  const res = await fetch(new URL('/api/settings.get', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-onewindow-token': token },
    body: '{}',
  });
  const body = (await res.json()) as { ok?: boolean; result?: Record<string, unknown> } & Record<string, unknown>;
  return { html, settings: (body.result ?? body) as Record<string, unknown> };
}
