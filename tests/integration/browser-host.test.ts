import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/serve';
import { tempDir, testCore } from '../support/temp';

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start() {
  const core = testCore();
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body>一窗受理</body></html>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startBrowserHost({ core, staticDir });
  return { core, host };
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const api = (h: BrowserHost, name: string, headers: Record<string, string> = {}, body = '{}') =>
  send(h.port, `/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 and hands its token to the page it serves', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await send(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="onewindow-token" content="${host.token}">`);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    // Routes of the single-page app get the page too.
    expect((await send(host.port, '/cases/123')).body).toContain('onewindow-token');
    expect((await send(host.port, '/assets/app.js')).body).toBe('console.log(1)');
  });

  it('answers an API call that carries the token', async () => {
    const { host } = await start();
    const res = await api(host, 'settings.get', { 'x-onewindow-token': host.token });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result.centreCode).toBe('310101001');
    // A handler that needs a person answers 401 until someone signs in.
    const info = await api(host, 'system.info', { 'x-onewindow-token': host.token });
    expect(info.status).toBe(401);
    expect(JSON.parse(info.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a missing token, a wrong token, a foreign Origin and a foreign Host with 403', async () => {
    const { host, core } = await start();
    const good = { 'x-onewindow-token': host.token };
    const update = JSON.stringify({ centreName: '被篡改的中心' });
    const cases: [string, Record<string, string>][] = [
      ['missing token', {}],
      ['wrong token', { 'x-onewindow-token': host.token.slice(0, -2) + 'xx' }],
      ['foreign origin', { ...good, origin: 'http://evil.example' }],
      ['origin on another port', { ...good, origin: `http://127.0.0.1:${host.port + 1}` }],
      ['foreign host', { ...good, host: 'evil.example' }],
      ['rebound host name', { ...good, host: `attacker.example:${host.port}` }],
    ];
    for (const [label, headers] of cases) {
      const res = await api(host, 'settings.update', headers, update);
      expect(res.status, label).toBe(403);
      expect(JSON.parse(res.body).error.code, label).toBe('FORBIDDEN');
    }
    // A foreign Host does not even get the page (and with it the token).
    expect((await send(host.port, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
    const name = (core.db.prepare("SELECT value FROM settings WHERE key = 'centreName'").get() as { value: string }).value;
    expect(JSON.parse(name)).toBe('示范街道社区事务受理服务中心');
  });

  it('accepts its own Origin and localhost', async () => {
    const { host } = await start();
    const res = await api(host, 'settings.get', {
      'x-onewindow-token': host.token,
      origin: `http://localhost:${host.port}`,
      host: `localhost:${host.port}`,
    });
    expect(res.status).toBe(200);
  });

  it('maps error codes to HTTP statuses and keeps the typed body', async () => {
    const { host } = await start();
    const token = { 'x-onewindow-token': host.token };
    const notFound = await api(host, 'no.such', token);
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body).error.code).toBe('NOT_FOUND');
    const bad = await api(host, 'accounts.setup', token, '{"username": 1, "password": "long-enough-1", "displayName": "王"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.fields[0].path).toBe('username');
    const notJson = await api(host, 'settings.get', token, '{oops');
    expect(notJson.status).toBe(400);
  });
});
