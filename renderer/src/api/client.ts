/**
 * The typed API client: one function whose argument and result types come from the core's
 * handler map, over whichever transport this page has (the desktop preload bridge, or
 * HTTP to the browser-mode host on 127.0.0.1).
 */
import type { ApiErrorBody, ApiResponse, ErrorCode, FieldIssue, HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';
// The preload bridge's type (window.onewindow) is declared once, beside the preload.
import type {} from '../../../electron/bridge';
import { link } from './connection';
import { ERROR_TITLES } from './messages';

export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly fields: FieldIssue[];
  readonly details: Record<string, unknown>;
  constructor(body: ApiErrorBody | { code: 'NETWORK'; message: string }) {
    super(body.message || ERROR_TITLES[body.code]);
    this.name = 'ApiError';
    this.code = body.code;
    this.fields = 'fields' in body && body.fields ? body.fields : [];
    this.details = 'details' in body && body.details ? body.details : {};
  }
  /** the message for one field, for showing next to that input */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
  get title(): string {
    return ERROR_TITLES[this.code];
  }
}

let sessionToken: string | null = null;
/** set by the sign-in screen; sent with every call so the core knows who acts */
export function setSessionToken(token: string | null): void {
  sessionToken = token;
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();
/** The auth layer listens here: a session that ended (idle, logout elsewhere) locks the screen. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const recoveryListeners = new Set<Listener>();
/**
 * The auth layer listens here too: the host found the database damaged after start (its
 * integrity check runs in the background) and now serves only the recovery handlers.
 */
export function onRecovery(listener: Listener): () => void {
  recoveryListeners.add(listener);
  return () => recoveryListeners.delete(listener);
}

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

/**
 * What proves the call comes from a page this host served: the local browser mode's page
 * token, or at a centre server the token derived from this browser's device credential
 * (the credential itself travels in an HttpOnly cookie the page cannot read).
 */
function pageHeaders(): Record<string, string> {
  const csrf = meta('onewindow-csrf');
  return csrf ? { 'x-onewindow-csrf': csrf } : { 'x-onewindow-token': meta('onewindow-token') };
}

/** The call did not reach the server, or its answer did not come back: try again. */
class LinkDown extends Error {}

/**
 * One attempt of a call. Throws LinkDown when the server was not reached or its answer was
 * lost on the way back; a typed error answer (validation, conflict…) is an answer.
 */
async function transport(name: string, input: unknown, token: string | null, requestKey: string): Promise<ApiResponse<unknown>> {
  if (window.onewindow) {
    let answer: ApiResponse<unknown>;
    try {
      answer = await window.onewindow.invoke(name, input, token, requestKey);
    } catch {
      throw new LinkDown();
    }
    // the desktop client's link to its centre server answers NETWORK when the server is out of reach
    if (!answer.ok && (answer.error.code as string) === 'NETWORK') throw new LinkDown();
    return answer;
  }
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...pageHeaders(),
        ...(token ? { 'x-onewindow-session': token } : {}),
        'x-onewindow-request': requestKey,
      },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new LinkDown();
  }
  try {
    return (await res.json()) as ApiResponse<unknown>;
  } catch {
    // A body cut off on the way (or a gateway's error page) may follow a committed write:
    // the retry carries the same request key. Anything else our hosts never send.
    if (res.ok || res.status >= 500) throw new LinkDown();
    return { ok: false, error: { code: 'INTERNAL', message: `${ERROR_TITLES.NETWORK}（HTTP ${res.status}）` } };
  }
}

/** A random UUID, made once per logical call (crypto.randomUUID needs a secure context, which a page at 127.0.0.1 or over TLS is). */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One logical call: its request key is made once and sent unchanged with every retry, so
 * that a write whose answer was lost is answered from the server's record instead of
 * running twice (intake is idempotent by its own key as well). A network failure is retried
 * with backoff until the link is back, while the layout shows the banner; a typed error
 * answer is never retried.
 */
export async function call<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<HandlerOutput<K>> {
  const requestKey = newRequestKey();
  const token = sessionToken;
  let response: ApiResponse<unknown>;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await transport(name, input, token, requestKey);
      link.ok('calls');
      break;
    } catch (err) {
      if (!(err instanceof LinkDown)) throw err;
      link.failed('calls');
      await link.waitToRetry(attempt);
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.error);
    if (error.code === 'UNAUTHENTICATED' && sessionToken && name !== 'accounts.login') unauthenticatedListeners.forEach((l) => l(error));
    if (error.code === 'RECOVERY_MODE') recoveryListeners.forEach((l) => l(error));
    throw error;
  }
  return response.result as HandlerOutput<K>;
}
