import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/serve';
import { ADMIN, tempDir, testCore } from '../support/temp';

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

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
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

const api = (h: BrowserHost, name: string, headers: Record<string, string> = {}, body: string | Buffer = '{}') =>
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

  it('refuses broken text in a JSON body: an escaped lone surrogate, and bytes that are not UTF-8', async () => {
    const { host, core } = await start();
    const token = { 'x-onewindow-token': host.token };
    const setup = await api(host, 'accounts.setup', token, JSON.stringify(ADMIN));
    expect(setup.status).toBe(200);
    const login = JSON.parse((await api(host, 'accounts.login', token, JSON.stringify({ username: ADMIN.username, password: ADMIN.password }))).body);
    const admin = { ...token, 'x-onewindow-session': login.result.token as string };
    const settings = () => core.db.prepare('SELECT key, value FROM settings ORDER BY key').all();
    const audits = () => (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = { settings: settings(), audits: audits() };

    // JSON.parse turns the escape into a lone surrogate; the core's text rule refuses it.
    const escaped = await api(host, 'settings.update', admin, '{"centreName": "示范\\ud800中心", "centreAddress": "长乐路\\u202e1 号"}');
    expect(escaped.status).toBe(400);
    const body = JSON.parse(escaped.body);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.fields).toEqual([
      { path: 'centreName', message: '中心名称含有不可见的控制字符或无效文字，请删除后重试' },
      { path: 'centreAddress', message: '中心地址含有不可见的控制字符或无效文字，请删除后重试' },
    ]);

    // The same surrogate as raw bytes (CESU-8) would otherwise be decoded into U+FFFD and
    // stored changed without anyone being told.
    const raw = Buffer.concat([Buffer.from('{"centreName": "示范', 'utf8'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('中心"}', 'utf8')]);
    const bytes = await api(host, 'settings.update', admin, raw);
    expect(bytes.status).toBe(400);
    expect(JSON.parse(bytes.body).error).toEqual({ code: 'VALIDATION', message: '请求内容不是有效的 UTF-8 文字' });

    expect({ settings: settings(), audits: audits() }).toEqual(before);
    // A rare character outside the BMP passes through the host unchanged.
    const rare = await api(host, 'settings.update', admin, JSON.stringify({ centreName: '𠮷䶮示范中心' }));
    expect(rare.status).toBe(200);
    expect(JSON.parse(rare.body).result.centreName).toBe('𠮷䶮示范中心');
  });

  it('answers a write re-sent with the same x-onewindow-request header from its table, once', async () => {
    const { host, core } = await start();
    const token = { 'x-onewindow-token': host.token };
    expect((await api(host, 'accounts.setup', token, JSON.stringify(ADMIN))).status).toBe(200);
    const login = JSON.parse((await api(host, 'accounts.login', token, JSON.stringify({ username: ADMIN.username, password: ADMIN.password }))).body);
    const admin = { ...token, 'x-onewindow-session': login.result.token as string, 'x-onewindow-request': 'a1b2c3d4-retry-of-one-call' };
    const audits = () => (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const first = await api(host, 'settings.update', admin, JSON.stringify({ centreName: '示范中心一' }));
    expect(first.status).toBe(200);
    const after = audits();
    const again = await api(host, 'settings.update', admin, JSON.stringify({ centreName: '示范中心一' }));
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect(audits()).toBe(after);
    const bad = await api(host, 'settings.update', { ...admin, 'x-onewindow-request': 'short' }, JSON.stringify({ centreName: '示范中心二' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.fields).toEqual([{ path: 'requestKey', message: '请求编号格式不正确：应为 8 到 100 位字母、数字、“-”或“_”' }]);
  });
});
