/**
 * The desktop client's link to a centre server (docs/centre-server.md), in plain Node so
 * that tests drive it against a real server: pairing (the server's certificate checked
 * against the fingerprint the person typed, then its centre certificate pinned for every
 * later call), calls with the device credential, the person's session and a request key,
 * the live change events, and the link's state.
 *
 * When the network fails, a call is sent again, with the same request key, until the
 * server answers: the server keeps a write's answer under that key, so the write is
 * neither lost nor doubled. A typed answer (a refusal, a validation error) is final.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ApiErrorBody } from '../../db/src/kernel/errors';
import type { ApiResponse, ChangeEvent } from '../../db/src/kernel/dispatch';
import { checkCentreCertificate, connectPinned, isCertificateError, normaliseCentreUrl, normaliseFingerprint, PairingError } from './centre-tls';
import { CLIENT_HEADER, DEVICE_HEADER, SESSION_HEADER, REQUEST_HEADER } from '../wire-headers';
export { CLIENT_HEADER, DEVICE_HEADER, SESSION_HEADER, REQUEST_HEADER } from '../wire-headers';

export { PairingError } from './centre-tls';


/** Seals the device credential at rest: Electron safeStorage in main (base64 text here). */
export interface Protect {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** What the client keeps of a pairing (in the run-mode file; the credential sealed). */
export interface PairedCentre {
  /** `https://host:port` */
  url: string;
  deviceName: string;
  deviceKind: string;
  windowNo: string | null;
  /** the server certificate's fingerprint the person confirmed */
  fingerprint: string;
  /** the centre certificate (CA) every later call is pinned to */
  caCertPem: string;
  credentialSealed: string;
}

export type ConnectionState = 'online' | 'offline';

const PAIR_TIMEOUT_MS = 20_000;

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (text += c));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

function parseAnswer(text: string): ApiResponse<unknown> | null {
  try {
    const json = JSON.parse(text) as ApiResponse<unknown>;
    return json && typeof json === 'object' && typeof json.ok === 'boolean' ? json : null;
  } catch {
    return null;
  }
}

/**
 * Pairs this computer with the centre server at `url` using the administrator's one-time
 * code. Sends the code only over a connection whose certificate has the fingerprint the
 * person typed; refuses otherwise with a Chinese PairingError (nothing is sent, nothing kept).
 */
export async function pairWithCentre(options: { url: string; code: string; fingerprint: string; protect: Protect; timeoutMs?: number }): Promise<PairedCentre> {
  const origin = normaliseCentreUrl(options.url);
  const fingerprint = normaliseFingerprint(options.fingerprint);
  const code = options.code.replace(/\s/g, '');
  if (!/^\d{8}$/.test(code)) throw new PairingError('配对码应为 8 位数字', 'BAD_CODE');
  const timeoutMs = options.timeoutMs ?? PAIR_TIMEOUT_MS;
  const { socket, peer } = await connectPinned(origin, fingerprint, timeoutMs);
  const url = new URL(origin);
  const body = JSON.stringify({ code });
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port || 443),
        path: '/api/pair',
        method: 'POST',
        // the connection whose certificate was just compared, and no other
        createConnection: () => socket,
        headers: { 'content-type': 'application/json', [CLIENT_HEADER]: 'desktop', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      } as RequestOptions,
      (res) => void readAll(res).then(resolve, reject),
    );
    req.on('timeout', () => req.destroy(new PairingError('服务器没有回答配对请求', 'NETWORK')));
    req.on('error', (err) => reject(err instanceof PairingError ? err : new PairingError(`配对时连接中断：${err.message}`, 'NETWORK')));
    req.end(body);
  }).finally(() => socket.destroy());
  const answer = parseAnswer(text);
  if (!answer) throw new PairingError('服务器的回答无法识别：该地址可能不是一窗受理中心服务器', 'NETWORK');
  if (!answer.ok) throw new PairingError(answer.error.message, answer.error.code);
  const result = answer.result as { name?: unknown; kind?: unknown; windowNo?: unknown; caCertPem?: unknown; caFingerprint?: unknown; credential?: unknown };
  const caCertPem = checkCentreCertificate(result.caCertPem, result.caFingerprint, peer);
  if (typeof result.credential !== 'string' || result.credential === '') throw new PairingError('服务器没有返回设备凭据，配对未完成', 'NETWORK');
  return {
    url: origin,
    deviceName: String(result.name ?? ''),
    deviceKind: String(result.kind ?? 'workstation'),
    windowNo: typeof result.windowNo === 'string' ? result.windowNo : null,
    fingerprint,
    caCertPem,
    credentialSealed: options.protect.encrypt(result.credential),
  };
}

export interface CentreLinkOptions {
  centre: PairedCentre;
  protect: Protect;
  /** first wait after a network failure, doubled up to retryMaxMs */
  retryFirstMs?: number;
  retryMaxMs?: number;
  /** a call with no answer this long is taken as a network failure (and sent again) */
  callTimeoutMs?: number;
  /** an event stream silent this long (the server sends a keep-alive every 15 s) is reopened */
  eventsSilenceMs?: number;
  /** the server refused this device (revoked, or unknown to it): pairing again is needed */
  onDeviceRefused?: (error: ApiErrorBody) => void;
  log?: (line: string) => void;
}

class NetworkFailure extends Error {}

const CLOSED: ApiResponse<never> = { ok: false, error: { code: 'INTERNAL', message: '与中心服务器的连接已关闭' } };
const certificateRefused = (centre: PairedCentre): ApiResponse<never> => ({
  ok: false,
  error: {
    code: 'FORBIDDEN',
    message: `${centre.url} 出示的证书不是配对时那台中心服务器的，已拒绝连接（可能有其他电脑冒充服务器）：请联系管理员`,
    details: { certificateRefused: true },
  },
});

export function createCentreLink(options: CentreLinkOptions) {
  const { centre, protect } = options;
  const credential = protect.decrypt(centre.credentialSealed);
  const origin = new URL(centre.url);
  const retryFirstMs = options.retryFirstMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 5_000;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const eventsSilenceMs = options.eventsSilenceMs ?? 45_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  // Pinned: only a certificate issued by this centre's own CA is accepted, for its names.
  const agent = new Agent({ keepAlive: true, ca: centre.caCertPem, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  // The event stream's own agent (no keep-alive: a stream ends its socket), made once rather than on every reconnect.
  const eventsAgent = new Agent({ ca: centre.caCertPem, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  const base: RequestOptions = { protocol: 'https:', host: origin.hostname.replace(/^\[|\]$/g, ''), port: Number(origin.port || 443), agent };

  let state: ConnectionState = 'online';
  let closed = false;
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const changeListeners = new Set<(e: ChangeEvent) => void>();
  const waits = new Set<() => void>();

  function setState(next: ConnectionState): void {
    if (state === next || closed) return;
    state = next;
    if (next === 'online') for (const wake of [...waits]) wake();
    for (const l of stateListeners) l(next);
  }

  /** Waits `ms`, cut short when the link comes back online or closes. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });
  }

  /** Tells the owner when the server refused this device; true then. */
  function refused(answer: ApiResponse<unknown>): boolean {
    if (answer.ok || (answer.error.code !== 'DEVICE_REVOKED' && answer.error.code !== 'DEVICE_UNKNOWN')) return false;
    options.onDeviceRefused?.(answer.error);
    return true;
  }

  function attempt(name: string, body: string, headers: Record<string, string>): Promise<ApiResponse<unknown>> {
    return new Promise((resolve, reject) => {
      const req = request({ ...base, path: `/api/${encodeURIComponent(name)}`, method: 'POST', timeout: callTimeoutMs, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        readAll(res).then((text) => {
          const answer = parseAnswer(text);
          // Not our server's JSON (a proxy's error page, a half answer): the call is sent again.
          if (!answer) reject(new NetworkFailure(`中心服务器的回答无法识别（HTTP ${res.statusCode}）`));
          else resolve(answer);
        }, (err: Error) => reject(new NetworkFailure(err.message)));
      });
      req.on('timeout', () => req.destroy(new NetworkFailure('中心服务器长时间没有回答')));
      req.on('error', (err) => reject(isCertificateError(err) ? err : new NetworkFailure(err.message)));
      req.end(body);
    });
  }

  async function invoke(name: string, input: unknown, sessionToken: string | null, requestKey?: string): Promise<ApiResponse<unknown>> {
    // One key for the logical call, the same on every retry below.
    const key = requestKey ?? randomUUID();
    let body: string;
    try {
      body = JSON.stringify(input ?? {});
    } catch {
      return { ok: false, error: { code: 'VALIDATION', message: '请求内容无法发送' } };
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', [DEVICE_HEADER]: credential, [REQUEST_HEADER]: key };
    if (sessionToken) headers[SESSION_HEADER] = sessionToken;
    let wait = retryFirstMs;
    for (;;) {
      if (closed) return CLOSED;
      try {
        const answer = await attempt(name, body, headers);
        setState('online');
        refused(answer);
        return answer;
      } catch (err) {
        if (!(err instanceof NetworkFailure)) {
          log(`[onewindow] 拒绝了中心服务器的证书：${(err as Error).message}`);
          return certificateRefused(centre);
        }
        setState('offline');
        await pause(wait);
        wait = Math.min(wait * 2, retryMaxMs);
      }
    }
  }

  // --- the event stream ------------------------------------------------------------------

  let stream: { stop(): void } | null = null;

  function openEvents(): { stop(): void } {
    let current: ReturnType<typeof request> | null = null;
    let stopped = false;
    let wait = retryFirstMs;
    let serverRetry: number | null = null;

    const connectOnce = () =>
      new Promise<void>((resolve) => {
        let silence: NodeJS.Timeout | undefined;
        const quiet = () => {
          clearTimeout(silence);
          silence = setTimeout(() => current?.destroy(new Error('事件流长时间无数据')), eventsSilenceMs);
        };
        const finish = () => {
          clearTimeout(silence);
          resolve();
        };
        current = request({ ...base, path: '/api/events', method: 'GET', agent: eventsAgent, headers: { [DEVICE_HEADER]: credential, accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) {
            void readAll(res).then((text) => {
              const answer = parseAnswer(text);
              // a refusal is final for this stream: the device must pair again
              if (answer && (refused(answer) || (!answer.ok && answer.error.code === 'FORBIDDEN'))) stopped = true;
              finish();
            }, finish);
            return;
          }
          setState('online');
          wait = retryFirstMs;
          quiet();
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            quiet();
            buffer += chunk.replace(/\r\n?/g, '\n');
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let event = 'message';
              const data: string[] = [];
              for (const line of block.split('\n')) {
                if (line.startsWith(':')) continue;
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                if (field === 'event') event = value;
                else if (field === 'data') data.push(value);
                else if (field === 'retry' && /^\d+$/.test(value)) serverRetry = Number(value);
              }
              if (event !== 'change' || data.length === 0) continue;
              let parsed: ChangeEvent;
              try {
                parsed = JSON.parse(data.join('\n')) as ChangeEvent;
              } catch {
                continue;
              }
              for (const l of changeListeners) l(parsed);
            }
          });
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        });
        current.on('error', (err) => {
          if (isCertificateError(err)) {
            log(`[onewindow] 拒绝了中心服务器的证书：${err.message}`);
            stopped = true;
          }
          finish();
        });
        current.end();
      });

    void (async () => {
      while (!stopped && !closed) {
        await connectOnce();
        if (stopped || closed) break;
        setState('offline');
        await pause(Math.max(wait, serverRetry ?? 0));
        wait = Math.min(wait * 2, retryMaxMs);
      }
    })();

    return {
      stop() {
        stopped = true;
        current?.destroy();
      },
    };
  }

  return {
    invoke,
    get state(): ConnectionState {
      return state;
    },
    connection: {
      subscribe(listener: (s: ConnectionState) => void): () => void {
        stateListeners.add(listener);
        return () => stateListeners.delete(listener);
      },
    },
    /** The change events of the server; the stream opens with the first listener and reopens by itself. */
    changes: {
      subscribe(listener: (e: ChangeEvent) => void): () => void {
        changeListeners.add(listener);
        stream ??= openEvents();
        return () => {
          changeListeners.delete(listener);
          if (changeListeners.size === 0) {
            stream?.stop();
            stream = null;
          }
        };
      },
    },
    /** Ends the event stream and every retry: a call still waiting answers that the link closed. */
    close(): void {
      closed = true;
      stream?.stop();
      stream = null;
      for (const wake of [...waits]) wake();
      agent.destroy();
      eventsAgent.destroy();
    },
  };
}

export type CentreLink = ReturnType<typeof createCentreLink>;
