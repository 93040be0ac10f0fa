import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../electron/server/certificates';
import { CLIENT_HEADER, CSRF_HEADER, DEVICE_HEADER, PUBLIC_STATUS_LIMIT, SESSION_HEADER, type CentreServer } from '../../electron/server/centre-host';
import { testCentre } from '../support/centre';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A centre server in this process: the first administrator set up on it, and a clerk, li. */
async function centre() {
  const { app, certs, holder, local } = await testCentre(closers);
  return { app, certs, server: holder.server, local };
}

interface Reply {
  status: number;
  json: { ok: boolean; result?: any; error?: { code: string; message: string; details?: Record<string, unknown> } };
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

function call(server: CentreServer, ca: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'POST', ca, agent: false, servername: 'localhost', headers: { host: opts.host ?? `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: Reply['json'] = { ok: false };
          try {
            json = JSON.parse(text);
          } catch {
            /* a page, not JSON */
          }
          resolve({ status: res.statusCode ?? 0, json, text, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(JSON.stringify(opts.body));
    req.end();
  });
}

describe('the centre server over TLS', () => {
  it('pairs a desktop client with a one-time code; the client then calls with its credential and its own session', async () => {
    const { certs, server, local } = await centre();
    const { code, fingerprint } = (await local('devices.createPairingCode', { name: '1号窗口' })) as { code: string; fingerprint: string };
    expect(fingerprint).toBe(certs.fingerprint);

    // Nothing answers without a paired device.
    expect((await call(server, certs.caCertPem, '/api/settings.get', { body: {} })).json.error?.code).toBe('DEVICE_UNKNOWN');

    const paired = await call(server, certs.caCertPem, '/api/pair', { headers: { [CLIENT_HEADER]: 'desktop' }, body: { code } });
    expect(paired.status).toBe(200);
    expect(paired.json.result).toMatchObject({ name: '1号窗口', fingerprint: certs.fingerprint, caFingerprint: certs.caFingerprint, caCertPem: certs.caCertPem });
    expect(paired.headers['set-cookie']).toBeUndefined();
    const credential = paired.json.result.credential as string;
    // The same code never pairs twice.
    expect((await call(server, certs.caCertPem, '/api/pair', { headers: { [CLIENT_HEADER]: 'desktop' }, body: { code } })).json.error?.code).toBe('UNAUTHENTICATED');

    const device = { [DEVICE_HEADER]: credential };
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: device, body: {} })).json.ok).toBe(true);
    const login = await call(server, certs.caCertPem, '/api/accounts.login', { headers: device, body: { username: 'li', password: 'li-pass-1' } });
    const session = login.json.result.token as string;
    const me = await call(server, certs.caCertPem, '/api/accounts.me', { headers: { ...device, [SESSION_HEADER]: session }, body: {} });
    expect(me.json.result).toMatchObject({ username: 'li' });
  });

  it('a browser pairs into an HttpOnly Secure cookie and must send the page’s CSRF token with it', async () => {
    const { certs, server, local } = await centre();
    const { code } = (await local('devices.createPairingCode', { name: '后台审核1' })) as { code: string };
    const unpairedPage = await call(server, certs.caCertPem, '/', { method: 'GET' });
    expect(unpairedPage.text).toContain('<meta name="onewindow-centre" content="unpaired">');
    expect(unpairedPage.headers['strict-transport-security']).toBeDefined();
    // The pairing screen shows the fingerprint to compare with the one the administrator reads out.
    expect(unpairedPage.text).toContain(`<meta name="onewindow-fingerprint" content="${certs.fingerprint}">`);
    expect(unpairedPage.text).not.toContain('onewindow-device-kind');

    const paired = await call(server, certs.caCertPem, '/api/pair', { body: { code } });
    expect(paired.json.result.credential).toBeUndefined();
    const cookie = String(paired.headers['set-cookie']);
    expect(cookie).toMatch(/^onewindow_device=[\w-]+; HttpOnly; Secure; SameSite=Strict; Path=\//);
    const cookieHeader = cookie.split(';')[0]!;

    const page = await call(server, certs.caCertPem, '/cases/1', { method: 'GET', headers: { cookie: cookieHeader } });
    expect(page.text).toContain('<meta name="onewindow-centre" content="paired">');
    expect(page.text).toContain('<meta name="onewindow-device-kind" content="workstation">');
    expect(page.text).toContain('<meta name="onewindow-device-name" content="后台审核1">');
    const csrf = /name="onewindow-csrf" content="([^"]+)"/.exec(page.text)![1]!;
    expect(page.text).not.toContain(cookieHeader.split('=')[1]);

    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { cookie: cookieHeader }, body: {} })).status).toBe(403);
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { cookie: cookieHeader, [CSRF_HEADER]: 'x'.repeat(csrf.length) }, body: {} })).status).toBe(403);
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { cookie: cookieHeader, [CSRF_HEADER]: csrf }, body: {} })).json.ok).toBe(true);
  });

  it('refuses a revoked device at its next call, other host names and foreign origins; a client pinning another CA refuses the server', async () => {
    const { certs, server, local } = await centre();
    const { code, deviceId } = (await local('devices.createPairingCode', { name: '3号窗口' })) as { code: string; deviceId: number };
    const credential = (await call(server, certs.caCertPem, '/api/pair', { headers: { [CLIENT_HEADER]: 'desktop' }, body: { code } })).json.result.credential as string;
    const device = { [DEVICE_HEADER]: credential };
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: device, body: {} })).json.ok).toBe(true);

    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: device, body: {}, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { ...device, origin: 'https://evil.example' }, body: {} })).status).toBe(403);
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { ...device, origin: `http://127.0.0.1:${server.port}` }, body: {} })).status).toBe(403);
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: { ...device, origin: `https://localhost:${server.port}` }, body: {} })).json.ok).toBe(true);

    const other = await createCertificateAuthority('别的中心', new Date());
    await expect(call(server, other.certPem, '/api/settings.get', { headers: device, body: {} })).rejects.toMatchObject({ code: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT_SIGNATURE/) });

    await local('devices.revoke', { deviceId });
    const refused = await call(server, certs.caCertPem, '/api/settings.get', { headers: device, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'DEVICE_REVOKED', message: expect.stringContaining('3号窗口') });
  });

  it('slows down guessed pairing codes from one address, and limits a kiosk’s lookups', async () => {
    const { certs, server, local } = await centre();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await call(server, certs.caCertPem, '/api/pair', { body: { code: String(10_000_000 + i) } })).status);
    expect(answers.slice(0, 3)).toEqual([401, 401, 401]);
    expect(answers).toContain(429);

    const { code } = (await local('devices.createPairingCode', { name: '自助查询机', kind: 'kiosk' })) as { code: string };
    // The address is slowed down: the administrator's code waits its turn, then pairs.
    let pairedKiosk: Reply | null = null;
    for (let i = 0; i < 120 && !pairedKiosk?.json.ok; i++) {
      pairedKiosk = await call(server, certs.caCertPem, '/api/pair', { headers: { [CLIENT_HEADER]: 'desktop' }, body: { code } });
      if (!pairedKiosk.json.ok) await new Promise((r) => setTimeout(r, 500));
    }
    const kiosk = { [DEVICE_HEADER]: pairedKiosk!.json.result.credential as string };
    const lookup = () => call(server, certs.caCertPem, '/api/cases.publicStatus', { headers: kiosk, body: { caseNo: '3101010012026120700001', idLast4: '1234' } });
    for (let i = 0; i < PUBLIC_STATUS_LIMIT; i++) expect((await lookup()).json.error?.code).toBe('NOT_FOUND');
    const limited = await lookup();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await call(server, certs.caCertPem, '/api/settings.get', { headers: kiosk, body: {} })).json.error?.code).toBe('FORBIDDEN');
  }, 180_000);
});

describe('live changes from the centre server', () => {
  it('a change made at one window reaches another device’s event stream, without content; a revoked device’s stream ends', async () => {
    const { certs, server, local } = await centre();
    const pairDesktop = async (name: string, kind = 'workstation') => {
      const { code, deviceId } = (await local('devices.createPairingCode', { name, kind })) as { code: string; deviceId: number };
      const res = await call(server, certs.caCertPem, '/api/pair', { headers: { [CLIENT_HEADER]: 'desktop' }, body: { code } });
      return { deviceId, headers: { [DEVICE_HEADER]: res.json.result.credential as string } };
    };
    const counter = await pairDesktop('1号窗口');
    const backOffice = await pairDesktop('后台审核1');
    const kiosk = await pairDesktop('自助查询机', 'kiosk');

    const received: string[] = [];
    let ended = false;
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/events', method: 'GET', ca: certs.caCertPem, servername: 'localhost', agent: false, headers: { host: `127.0.0.1:${server.port}`, ...backOffice.headers } },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => received.push(chunk));
    stream.on('end', () => (ended = true));
    const waitFor = async (what: () => boolean) => {
      for (let i = 0; i < 600 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(what()).toBe(true);
    };

    const login = await call(server, certs.caCertPem, '/api/accounts.login', { headers: counter.headers, body: { username: 'li', password: 'li-pass-1' } });
    const registered = await call(server, certs.caCertPem, '/api/residents.register', {
      headers: { ...counter.headers, [SESSION_HEADER]: login.json.result.token as string },
      body: { idNumber: '11010519491231002X', name: '赵秀英' },
    });
    expect(registered.json.ok).toBe(true);
    await waitFor(() => received.join('').includes('"handler":"residents.register"'));
    const event = /event: change\ndata: (.*"handler":"residents\.register".*)\n/.exec(received.join(''))![1]!;
    expect(JSON.parse(event)).toMatchObject({ handler: 'residents.register', records: [{ type: 'resident', id: String(registered.json.result.id) }] });
    expect(received.join('')).not.toContain('赵秀英');
    expect(received.join('')).not.toContain('11010519491231002X');

    // A kiosk gets no stream.
    expect((await call(server, certs.caCertPem, '/api/events', { method: 'GET', headers: kiosk.headers })).status).toBe(403);

    await local('devices.revoke', { deviceId: backOffice.deviceId });
    await waitFor(() => ended);
  });
});
