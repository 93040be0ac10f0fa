import { request, type IncomingMessage } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../db/src/app';
import { startBrowserHost, TOKEN_HEADER } from '../../electron/serve';
import { ADMIN, tempDir } from '../support/temp';

// Two windows of browser mode on one computer refresh each other's screens as at a centre
// server: the local host serves the same change stream, behind its page token.
const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function start() {
  const app = createApp({ dataDir: tempDir(), log: quiet });
  closers.push(() => app.close());
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body>一窗受理</body></html>');
  mkdirSync(join(staticDir, 'assets'));
  const host = await startBrowserHost({ core: app, staticDir });
  closers.push(() => host.close());
  return { app, host };
}

function open(port: number, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads the stream until `count` change events came. */
function changes(res: IncomingMessage, count: number): Promise<{ handler: string; records: { type: string; id: string | null }[] }[]> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      const events = [...text.matchAll(/event: change\ndata: (.+)\n\n/g)].map((m) => JSON.parse(m[1]!));
      if (events.length >= count) resolve(events);
    });
  });
}

describe('browser-mode host: the change stream', () => {
  it('tells the page it has one, and streams what changed (handler and record ids) to a page holding the token', async () => {
    const { app, host } = await start();
    const page = await open(host.port, '/');
    let html = '';
    for await (const chunk of page) html += chunk;
    expect(html).toContain('<meta name="onewindow-live" content="events">');

    const stream = await open(host.port, `/api/events?token=${encodeURIComponent(host.token)}`);
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const received = changes(stream, 1);
    const setup = await app.dispatch('accounts.setup', ADMIN);
    expect(setup.ok).toBe(true);
    const [event] = await received;
    expect(event!.handler).toBe('accounts.setup');
    expect(event!.records.every((r) => typeof r.type === 'string')).toBe(true);
    expect(JSON.stringify(event)).not.toContain(ADMIN.password);
    stream.destroy();
  });

  it('refuses the stream without the page token (any web page can reach 127.0.0.1)', async () => {
    const { host } = await start();
    expect((await open(host.port, '/api/events')).statusCode).toBe(403);
    expect((await open(host.port, '/api/events?token=wrong')).statusCode).toBe(403);
    // the header the API takes is no substitute: EventSource sends none, a foreign page could
    const viaHeader = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(viaHeader.statusCode).toBe(403);
  });
});
