/**
 * What both HTTP hosts share: the local browser mode (serve.ts, 127.0.0.1, page token) and
 * the centre server (server/centre-host.ts, TLS, device credentials). Bodies, answers,
 * status codes and the built UI are served the same way by both.
 */
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';
import type { ApiResponse } from '../db/src/kernel/dispatch';
import type { ErrorCode } from '../db/src/kernel/errors';
import { DESKTOP_CSP } from './security';

export const MAX_BODY = 20 * 1024 * 1024;

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

// The same policy as the desktop window: one UI, one set of rules for what it may load.
export const CONTENT_SECURITY_POLICY = DESKTOP_CSP;

export const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  RECOVERY_MODE: 503,
  NOT_IN_RECOVERY: 409,
  DEVICE_UNKNOWN: 401,
  DEVICE_REVOKED: 403,
  INTERNAL: 500,
};

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export class NotUtf8 extends Error {}
// Fatal: bytes that are not UTF-8 would otherwise become U+FFFD, and the text stored
// would silently differ from the text sent.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolveBody(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new NotUtf8());
      }
    });
    req.on('error', reject);
  });
}

/**
 * A file of the built UI, or the single-page app's index for every other path (a route),
 * with the same security headers as the desktop window.
 */
/**
 * A call's input: the JSON body, an empty body being `{}`. Null when it is not JSON or not
 * UTF-8; the 400 answer is then sent.
 */
export async function readJsonInput(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | null> {
  try {
    const text = await readBody(req);
    return { value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch (err) {
    send(res, 400, { ok: false, error: { code: 'VALIDATION', message: err instanceof NotUtf8 ? '请求内容不是有效的 UTF-8 文字' : '请求内容不是有效的 JSON' } });
    return null;
  }
}

/** A dispatcher's answer with its HTTP status; a rate-limited one also says when to retry. */
export function sendApiResponse(res: ServerResponse, response: ApiResponse<unknown>): void {
  if (!response.ok && response.error.code === 'RATE_LIMITED') {
    res.setHeader('retry-after', String((response.error.details?.retryAfterSeconds as number | undefined) ?? 1));
  }
  send(res, response.ok ? 200 : STATUS[response.error.code], response);
}

export function serveStatic(staticRoot: string, pathname: string, res: ServerResponse, indexHtml: () => string): void {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = resolve(staticRoot, rel);
  const inside = file === staticRoot || file.startsWith(staticRoot + sep);
  const isFile = inside && rel !== '' && existsSync(file) && statSync(file).isFile();
  const headers = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  if (isFile && !file.endsWith('index.html')) {
    res.writeHead(200, {
      ...headers,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // Vite puts a content hash in every asset name.
      'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
    return;
  }
  // Every other path is a route of the single-page app.
  res.writeHead(200, { ...headers, 'content-type': MIME['.html']!, 'cache-control': 'no-store' });
  res.end(indexHtml());
}

/** A secret compared in constant time (a page token, a CSRF token). */
export function tokensMatch(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
