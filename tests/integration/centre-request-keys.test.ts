import { request } from 'node:https';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_HEADER, DEVICE_HEADER, REQUEST_HEADER, SESSION_HEADER, type CentreServer } from '../../electron/server/centre-host';
import { makeId } from '../support/ids';
import { testCentre } from '../support/centre';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function call(server: CentreServer, ca: string, path: string, headers: Record<string, string>, body: unknown): Promise<{ ok: boolean; result?: any; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: 'POST', ca, agent: false, servername: 'localhost', headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.write(JSON.stringify(body));
    req.end();
  });
}

describe('the centre server reads the request key header', () => {
  it('a write re-sent with the same x-onewindow-request is answered once; another device may not use that key', async () => {
    const { app, certs, holder, code } = await testCentre(closers);
    const server = holder.server;

    const pairAs = async (name: string) => {
      const paired = await call(server, certs.caCertPem, '/api/pair', { [CLIENT_HEADER]: 'desktop' }, { code: (await code(name)).code });
      const device = { [DEVICE_HEADER]: paired.result.credential as string };
      const login = await call(server, certs.caCertPem, '/api/accounts.login', device, { username: 'li', password: 'li-pass-1' });
      return { ...device, [SESSION_HEADER]: login.result.token as string };
    };
    const window1 = await pairAs('1号窗口');
    const window2 = await pairAs('2号窗口');

    const key = randomUUID();
    const register = { idNumber: makeId(1, '19800101'), name: '张三' };
    const first = await call(server, certs.caCertPem, '/api/residents.register', { ...window1, [REQUEST_HEADER]: key }, register);
    expect(first.ok).toBe(true);
    // The answer was lost on the way: the client sends the same call again with its key.
    const again = await call(server, certs.caCertPem, '/api/residents.register', { ...window1, [REQUEST_HEADER]: key }, register);
    expect(again).toEqual(first);
    // Without the key the same registration is a second call, refused as a duplicate.
    expect((await call(server, certs.caCertPem, '/api/residents.register', window1, register)).error?.code).toBe('CONFLICT');
    // The same person at another window does not get window 1's answer.
    const elsewhere = await call(server, certs.caCertPem, '/api/residents.register', { ...window2, [REQUEST_HEADER]: key }, register);
    expect(elsewhere.error).toMatchObject({ code: 'CONFLICT', message: '此请求编号已由其他设备或其他人员使用，不能重复使用：请重新提交' });
    expect(app.db.prepare('SELECT count(*) AS n FROM residents').get()).toEqual({ n: 1 });
    expect(app.db.prepare('SELECT handler, device_id IS NOT NULL AS onDevice FROM answered_requests').all()).toEqual([{ handler: 'residents.register', onDevice: 1 }]);
  });
});
