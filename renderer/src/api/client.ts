/**
 * The typed API client: one function whose argument and result types come from the core's
 * handler map, over whichever transport this page has (the desktop preload bridge, or
 * HTTP to the browser-mode host on 127.0.0.1).
 */
import type { ApiErrorBody, ApiResponse, ErrorCode, FieldIssue, HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';
// The preload bridge's type (window.onewindow) is declared once, beside the preload.
import type {} from '../../../electron/bridge';
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

async function transport(name: string, input: unknown): Promise<ApiResponse<unknown>> {
  if (window.onewindow) return await window.onewindow.invoke(name, input, sessionToken);
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...pageHeaders(),
        ...(sessionToken ? { 'x-onewindow-session': sessionToken } : {}),
      },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: ERROR_TITLES.NETWORK } };
  }
  try {
    return (await res.json()) as ApiResponse<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `${ERROR_TITLES.NETWORK}（HTTP ${res.status}）` } };
  }
}

export async function call<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<HandlerOutput<K>> {
  const response = await transport(name, input);
  if (!response.ok) {
    const error = new ApiError(response.error);
    if (error.code === 'UNAUTHENTICATED' && sessionToken && name !== 'accounts.login') unauthenticatedListeners.forEach((l) => l(error));
    if (error.code === 'RECOVERY_MODE') recoveryListeners.forEach((l) => l(error));
    throw error;
  }
  return response.result as HandlerOutput<K>;
}
