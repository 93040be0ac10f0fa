/**
 * The centre server's host: the same API and UI as browser mode, over TLS on the centre's
 * network, for paired devices only (docs/centre-server.md).
 *
 * Who may call:
 * - `POST /api/pair { code }`: anyone who reached the server over TLS and holds a pairing
 *   code (attempts slowed per address). A desktop client (header `x-onewindow-client:
 *   desktop`) receives the device credential in the answer, to keep with Electron
 *   safeStorage; a browser receives it only as an HttpOnly Secure cookie.
 * - every other `/api/<handler>`: a paired device, by its credential in the
 *   `x-onewindow-device` header (desktop) or the cookie (browser, which must also send the
 *   page's CSRF token: the cookie alone is what a foreign page could make the browser send).
 *   The person's session (`x-onewindow-session`) is bound to that device by the core.
 * Host and Origin must name this server as the certificate does (DNS rebinding).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { App } from '../../db/src/app';
import { AppError } from '../../db/src/kernel/errors';
import type { DeviceIdentity } from '../../db/src/kernel/handler';
import { readJsonInput, send, sendApiResponse, serveStatic, tokensMatch } from '../http-common';
import { createSignInThrottle, SIGN_IN_HANDLERS } from '../sign-in-throttle';
import type { CentreCertificates } from './certificates';
import { DEVICE_HEADER, CSRF_HEADER, SESSION_HEADER, CLIENT_HEADER, REQUEST_HEADER } from '../wire-headers';
export { DEVICE_HEADER, CSRF_HEADER, SESSION_HEADER, CLIENT_HEADER, REQUEST_HEADER } from '../wire-headers';

/** the client's key for one logical call, re-sent on its retries (a write is then not doubled) */
export const DEVICE_COOKIE = 'onewindow_device';
/** self-service lookups a kiosk may make in PUBLIC_STATUS_WINDOW_MS */
export const PUBLIC_STATUS_LIMIT = 30;
const PUBLIC_STATUS_WINDOW_MS = 10 * 60_000;
const COOKIE_MAX_AGE_S = 5 * 365 * 86_400;
/** a comment line on an idle event stream, so that proxies and the client see it alive */
const EVENTS_KEEPALIVE_MS = 15_000;

export interface CentreServerOptions {
  app: Pick<App, 'dispatch' | 'devices' | 'mode' | 'changes'>;
  certs: Pick<CentreCertificates, 'certPem' | 'keyPem' | 'caCertPem' | 'fingerprint' | 'caFingerprint' | 'names'>;
  /** folder of the built renderer */
  staticDir: string;
  /** the address to listen on (default every address: the centre's network) */
  host?: string;
  /** 0 or absent: a free port */
  port?: number;
  /** epoch ms for the throttles; tests hold the clock still */
  now?: () => number;
}

export interface CentreServer {
  url: string;
  port: number;
  fingerprint: string;
  caFingerprint: string;
  close(): Promise<void>;
}

/** The page's CSRF token for a browser's device credential: derived, so nothing is stored. */
export const csrfTokenFor = (credential: string) => createHash('sha256').update(`onewindow-csrf:${credential}`).digest('base64url');


export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** `host:port` forms a request may name this server by: the certificate's names, nothing else. */
export function serverHosts(names: CentreCertificates['names'], port: number): Set<string> {
  const hosts = new Set<string>();
  for (const n of names.dns) hosts.add(`${n}:${port}`);
  for (const ip of names.ip) hosts.add(ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  if (port === 443) for (const h of [...hosts]) hosts.add(h.slice(0, h.lastIndexOf(':')));
  return hosts;
}

function allowed(headers: IncomingMessage['headers'], hosts: Set<string>): boolean {
  if (!headers.host || !hosts.has(headers.host.toLowerCase())) return false;
  if (headers.origin === undefined) return true;
  try {
    const url = new URL(headers.origin);
    return url.protocol === 'https:' && hosts.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

/** A device's name is the administrator's free text: never markup in the page. */
const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const errorBody = (err: unknown) =>
  err instanceof AppError ? err.toBody() : { code: 'RECOVERY_MODE' as const, message: '中心服务器的数据库处于恢复模式：请在服务器上由管理员处理' };

export async function startCentreServer(options: CentreServerOptions): Promise<CentreServer> {
  const staticRoot = resolve(options.staticDir);
  const indexPath = join(staticRoot, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`找不到界面文件 ${indexPath}：请先运行 npm run build:renderer`);
  const now = options.now ?? Date.now;
  const signIns = createSignInThrottle(now);
  const pairings = createSignInThrottle(now);
  const lookups = new Map<number, number[]>();
  let hosts = new Set<string>();

  const server: Server = createServer({ cert: options.certs.certPem, key: options.certs.keyPem, minVersion: 'TLSv1.2' }, (req, res) => {
    void handle(req, res).catch((err) => {
      console.error('[onewindow] centre server error', err);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统内部错误' } });
    });
  });

  async function pair(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonInput(req, res);
    if (!body) return;
    const code = typeof (body.value as { code?: unknown }).code === 'string' ? (body.value as { code: string }).code.trim() : '';
    const desktop = req.headers[CLIENT_HEADER] === 'desktop';
    let credential: string | null = null;
    const answer = await pairings.attempt(req.socket.remoteAddress ?? '', async () => {
      try {
        const paired = options.app.devices.pair(code, req.socket.remoteAddress ?? null);
        credential = paired.credential;
        const result = {
          deviceId: paired.deviceId,
          name: paired.name,
          kind: paired.kind,
          windowNo: paired.windowNo,
          fingerprint: options.certs.fingerprint,
          caFingerprint: options.certs.caFingerprint,
          caCertPem: options.certs.caCertPem,
          ...(desktop ? { credential: paired.credential } : {}),
        };
        return { ok: true as const, result };
      } catch (err) {
        return { ok: false as const, error: errorBody(err) };
      }
    });
    if (answer.ok && credential && !desktop) {
      res.setHeader('set-cookie', `${DEVICE_COOKIE}=${credential}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}`);
    }
    sendApiResponse(res, answer);
  }

  /** A kiosk's lookups, counted per device over a sliding window. */
  function lookupAllowed(deviceId: number): number {
    const t = now();
    const recent = (lookups.get(deviceId) ?? []).filter((at) => t - at < PUBLIC_STATUS_WINDOW_MS);
    lookups.set(deviceId, recent);
    if (recent.length >= PUBLIC_STATUS_LIMIT) return recent[0]! + PUBLIC_STATUS_WINDOW_MS - t;
    recent.push(t);
    return 0;
  }

  /**
   * The paired device a request comes from, or null when it was refused (the answer is
   * sent). A browser's cookie counts only with the page's CSRF token (`csrfGiven`): the
   * cookie alone is what a foreign page could make the browser send.
   */
  function deviceOf(req: IncomingMessage, res: ServerResponse, csrfGiven: string | undefined): { device: DeviceIdentity; credential: string | null } | null {
    const header = req.headers[DEVICE_HEADER];
    const cookie = cookieValue(req.headers.cookie, DEVICE_COOKIE);
    const credential = typeof header === 'string' ? header : cookie;
    if (typeof header !== 'string' && cookie && !tokensMatch(csrfTokenFor(cookie), csrfGiven)) {
      send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '缺少或错误的页面令牌：请刷新页面' } });
      return null;
    }
    try {
      return { device: options.app.devices.authenticate(credential), credential };
    } catch (err) {
      sendApiResponse(res, { ok: false, error: errorBody(err) });
      return null;
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const csrf = req.headers[CSRF_HEADER];
    const caller = deviceOf(req, res, typeof csrf === 'string' ? csrf : undefined);
    if (!caller) return;
    const { device } = caller;
    const body = await readJsonInput(req, res);
    if (!body) return;
    if (name === 'cases.publicStatus') {
      const wait = lookupAllowed(device.id);
      if (wait > 0) {
        sendApiResponse(res, { ok: false, error: { code: 'RATE_LIMITED', message: `查询过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试`, details: { retryAfterSeconds: Math.ceil(wait / 1000) } } });
        return;
      }
    }
    const session = req.headers[SESSION_HEADER];
    const requestKey = req.headers[REQUEST_HEADER];
    const call = () =>
      options.app.dispatch(name, body.value, typeof session === 'string' ? session : null, { device, ...(typeof requestKey === 'string' ? { requestKey } : {}) });
    const response = SIGN_IN_HANDLERS.has(name) ? await signIns.attempt(`${device.id} ${req.socket.remoteAddress ?? ''}`, call) : await call();
    sendApiResponse(res, response);
  }

  /**
   * `GET /api/events`: what changed, as Server-Sent Events, for a paired workstation (a
   * browser's EventSource cannot set headers, so it sends its CSRF token as `?csrf=`). Each
   * event names the handler and the records (type and id), never their content; the screen
   * refetches what it shows through the API, with its own session. A revoked device's
   * stream ends at the next event or keep-alive.
   */
  function events(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const caller = deviceOf(req, res, url.searchParams.get('csrf') ?? undefined);
    if (!caller) return;
    const { device, credential } = caller;
    if (device.kind === 'kiosk') {
      send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '自助查询机只能查询办理进度' } });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    // the client reconnects two seconds after a dropped stream (EventSource does it by itself)
    res.write('retry: 2000\n: 已连接\n\n');
    const stillPaired = () => {
      try {
        options.app.devices.authenticate(credential);
        return true;
      } catch {
        res.end();
        return false;
      }
    };
    const unsubscribe = options.app.changes.subscribe((event) => {
      if (stillPaired()) res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const keepalive = setInterval(() => stillPaired() && res.write(': \n\n'), EVENTS_KEEPALIVE_MS);
    keepalive.unref();
    const stop = () => {
      unsubscribe();
      clearInterval(keepalive);
    };
    res.on('close', stop);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('strict-transport-security', 'max-age=31536000');
    if (!allowed(req.headers, hosts)) {
      send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自其他来源的请求' } });
      return;
    }
    const url = new URL(req.url ?? '/', 'https://server');
    if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res, url);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, { ok: false, error: { code: 'VALIDATION', message: '只接受 POST 请求' } });
        return;
      }
      if (url.pathname === '/api/pair') return pair(req, res);
      return api(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ok: false, error: { code: 'VALIDATION', message: '不支持的请求方法' } });
      return;
    }
    serveStatic(staticRoot, url.pathname, res, () => indexFor(cookieValue(req.headers.cookie, DEVICE_COOKIE)));
  }

  /**
   * The UI's page: it tells the renderer it runs at a centre server, paired or not, the
   * certificate's fingerprint (an unpaired browser shows it to compare with the one the
   * administrator reads out), and a paired browser's device: a kiosk shows only the
   * self-service lookup.
   */
  function indexFor(credential: string | null): string {
    let device: DeviceIdentity | null = null;
    if (credential) {
      try {
        device = options.app.devices.authenticate(credential);
      } catch {
        device = null;
      }
    }
    const metas = [
      ['onewindow-centre', device ? 'paired' : 'unpaired'],
      ['onewindow-fingerprint', options.certs.fingerprint],
      ...(device
        ? [
            ['onewindow-csrf', csrfTokenFor(credential!)],
            ['onewindow-device-kind', device.kind],
            ['onewindow-device-name', device.name],
          ]
        : []),
    ];
    const meta = metas.map(([name, content]) => `<meta name="${name}" content="${escapeAttribute(content!)}">`).join('');
    return readFileSync(indexPath, 'utf8').replace('</head>', `${meta}</head>`);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '0.0.0.0', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = serverHosts(options.certs.names, port);
  const first = options.certs.names.dns[0] ?? options.certs.names.ip[0]!;
  return {
    url: `https://${first.includes(':') ? `[${first}]` : first}:${port}/`,
    port,
    fingerprint: options.certs.fingerprint,
    caFingerprint: options.certs.caFingerprint,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
