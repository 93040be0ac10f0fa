import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBundle } from '../../build/node-bundles.mjs';
import { ADMIN, tempDir } from '../support/temp';

const root = fileURLToPath(new URL('../..', import.meta.url));
let server: ChildProcess | null = null;
afterEach(() => {
  server?.kill('SIGTERM');
  server = null;
});

// Built here rather than by the first call: a build then would race the tests' timeouts.
beforeAll(async () => {
  await ensureNodeBundle('server-cli');
  await ensureNodeBundle('cli');
}, 300_000);

function cli(args: string[]) {
  const res = spawnSync(process.execPath, ['scripts/run-bundle.cjs', 'cli', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Starts `npm run server`'s bundle and waits for its one line. */
function startServer(dataDir: string, staticDir: string): Promise<{ url: string; fingerprint: string; lines: string[] }> {
  server = spawn(process.execPath, ['scripts/run-bundle.cjs', 'server-cli', '--data-dir', dataDir, '--listen', '127.0.0.1:0'], {
    cwd: root,
    env: { ...process.env, ONEWINDOW_RENDERER_DIR: staticDir },
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    server!.stdout!.setEncoding('utf8');
    server!.stderr!.on('data', (d) => (out += String(d)));
    server!.stdout!.on('data', (d: string) => {
      out += d;
      lines.push(...d.split('\n').filter(Boolean));
      const m = /已启动：(https:\/\/\S+)\s+证书指纹 SHA-256 ([0-9A-F:]{95})/.exec(out);
      if (m) resolve({ url: m[1]!, fingerprint: m[2]!, lines });
    });
    server!.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function post(url: string, path: string, ca: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; fingerprint: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'POST', ca, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), fingerprint }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('npm run server', { timeout: 240_000 }, () => {
  it('prints the https URL and the fingerprint the TLS connection shows; the CLI on its folder makes pairing codes with that fingerprint', async () => {
    const dataDir = tempDir();
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head></head><body>一窗受理</body></html>');
    const { url, fingerprint, lines } = await startServer(dataDir, staticDir);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    // The next line says how to create the first administrator.
    for (let i = 0; i < 600 && !lines.some((l) => l.includes('尚无账户')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(lines.some((l) => l.includes('尚无账户'))).toBe(true);

    const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
    // No device yet: refused, over a connection that shows the printed fingerprint.
    const refused = await post(url, '/api/settings.get', ca, {});
    expect(refused.fingerprint).toBe(fingerprint);
    expect(refused.json.error.code).toBe('DEVICE_UNKNOWN');

    // First start without accounts: the administrator is set up on the server, by the CLI.
    expect(cli(['--data-dir', dataDir, 'accounts.setup', JSON.stringify(ADMIN)]).code).toBe(0);
    const code = cli(['--data-dir', dataDir, '--user', ADMIN.username, 'devices.createPairingCode', '{"name":"1号窗口"}']);
    expect(code.code).toBe(0);
    const created = JSON.parse(code.stdout) as { code: string; fingerprint: string };
    expect(created.fingerprint).toBe(fingerprint);

    const paired = await post(url, '/api/pair', ca, { code: created.code }, { 'x-onewindow-client': 'desktop' });
    expect(paired.json.result).toMatchObject({ name: '1号窗口', fingerprint });
    const settings = await post(url, '/api/settings.get', ca, {}, { 'x-onewindow-device': paired.json.result.credential });
    expect(settings.json.ok).toBe(true);
  });
});
