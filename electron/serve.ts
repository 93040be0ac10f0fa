import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { ApiResponse } from '../db/src/kernel/dispatch';
import type { Core } from '../db/src/core';
import type { App } from '../db/src/app';
import { readJsonInput, send, sendApiResponse, serveStatic, tokensMatch } from './http-common';
import { createSignInThrottle, SIGN_IN_HANDLERS } from './sign-in-throttle';
import { REQUEST_HEADER } from './wire-headers';


/**
 * Browser mode: the built renderer and the core's dispatcher over HTTP on 127.0.0.1.
 * Any web page the computer visits can send requests to localhost, so every API call must
 * carry a token that only the page this server served knows (a header, never a cookie the
 * browser would attach by itself), and Host/Origin must be our own (DNS rebinding).
 */

export const TOKEN_HEADER = 'x-onewindow-token';
export const SESSION_HEADER = 'x-onewindow-session';
/** the client's key for one logical call, re-sent on its retries (a write is then not doubled) */

export interface BrowserHostOptions {
  /** a core, or the recovery host (same dispatch) when the database cannot be opened */
  core: Pick<Core, 'dispatch'> & Partial<Pick<App, 'changes'>>;
  /** folder of the built renderer (index.html and assets) */
  staticDir: string;
  /** 0 or absent: a free port */
  port?: number;
  /** fixed token for tests; normally a fresh random one per start */
  token?: string;
  /** epoch ms for the sign-in throttle; tests hold the clock still */
  now?: () => number;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Host and Origin values that name this server and nothing else. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function isAllowedRequest(headers: IncomingMessage['headers'], port: number): boolean {
  const hosts = allowedHosts(port);
  if (!headers.host || !hosts.has(headers.host.toLowerCase())) return false;
  const origin = headers.origin;
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' || !hosts.has(url.host.toLowerCase())) return false;
  }
  return true;
}


export function injectToken(html: string, token: string, live = false): string {
  return html.replace('</head>', `<meta name="onewindow-token" content="${token}">${live ? '<meta name="onewindow-live" content="events">' : ''}</head>`);
}

/** a comment line on an idle event stream, so that the page sees it alive */
const EVENTS_KEEPALIVE_MS = 15_000;

/**
 * `GET /api/events?token=`: what changed, as Server-Sent Events, so that two windows on
 * this computer refresh each other's screens as at a centre server (EventSource cannot set
 * headers, hence the page token in the query). Handler and record ids only, no content.
 */
function serveEvents(res: ServerResponse, changes: App['changes']): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.write('retry: 2000\n: 已连接\n\n');
  const unsubscribe = changes.subscribe((event) => res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`));
  const keepalive = setInterval(() => res.write(': \n\n'), EVENTS_KEEPALIVE_MS);
  keepalive.unref();
  res.on('close', () => {
    unsubscribe();
    clearInterval(keepalive);
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const indexPath = join(staticRoot, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`找不到界面文件 ${indexPath}：请先运行 npm run build:renderer`);
  let port = 0;
  const signIns = createSignInThrottle(options.now);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      console.error('[onewindow] browser host error', err);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统内部错误' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedRequest(req.headers, port)) {
      send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自其他来源的请求' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === '/api/events' && req.method === 'GET' && options.core.changes) {
      if (!tokensMatch(token, url.searchParams.get('token') ?? undefined)) {
        send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '缺少或错误的访问令牌' } });
        return;
      }
      serveEvents(res, options.core.changes);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!tokensMatch(token, req.headers[TOKEN_HEADER])) {
        send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '缺少或错误的访问令牌' } });
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: 'VALIDATION', message: '只接受 POST 请求' } });
        return;
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      const input = await readJsonInput(req, res);
      if (!input) return;
      const sessionHeader = req.headers[SESSION_HEADER];
      const requestKey = req.headers[REQUEST_HEADER];
      const call = () => options.core.dispatch(name, input.value, typeof sessionHeader === 'string' ? sessionHeader : null, typeof requestKey === 'string' ? { requestKey } : {});
      const response: ApiResponse<unknown> = SIGN_IN_HANDLERS.has(name)
        ? await signIns.attempt(`${req.socket.remoteAddress ?? ''} ${String(req.headers[TOKEN_HEADER])}`, call)
        : await call();
      sendApiResponse(res, response);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ok: false, error: { code: 'VALIDATION', message: '不支持的请求方法' } });
      return;
    }
    serveStatic(staticRoot, url.pathname, res, () => injectToken(readFileSync(indexPath, 'utf8'), token, options.core.changes !== undefined));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
