/**
 * The desktop shell's security decisions as small pure functions, so each can be unit
 * tested without an Electron binary.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'onewindow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const INVOKE_CHANNEL = 'onewindow:invoke';

/** The packaged UI is the only content our windows may show. */
export function isOwnAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only plain web links a person clicked leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Maps an app:// request to a file below the renderer folder, or null when the path would
 * leave it. Paths that are not files are routes of the single-page app.
 */
export function appUrlToRelativeFile(raw: string): string | null {
  if (!isOwnAppUrl(raw)) return null;
  const { pathname } = new URL(raw);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const parts = decoded.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.includes('\0') || /^[a-zA-Z]:$/.test(p))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PRINT_CHANNEL = 'onewindow:print';
export const PRINTERS_CHANNEL = 'onewindow:printers';
export const STARTUP_CHANNEL = 'onewindow:startup';
export const RUN_MODE_GET_CHANNEL = 'onewindow:run-mode:get';
export const RUN_MODE_CHOOSE_CHANNEL = 'onewindow:run-mode:choose';
/** main → page only (webContents.send): the centre's change events and the link's state */
export const CHANGES_CHANNEL = 'onewindow:changes';
export const CONNECTION_CHANNEL = 'onewindow:connection';

/** Which of our windows an IPC message came from; null for anything else. */
export type SenderRole = 'main' | 'print' | 'startup' | 'rate';

export interface SenderFacts {
  /** webContents.id of event.sender */
  webContentsId: number;
  /** event.senderFrame?.url; undefined when the frame is gone */
  frameUrl: string | undefined;
  /** whether the message came from the top frame (an iframe could hold anything) */
  isMainFrame: boolean;
}

export interface KnownWindows {
  mainId: number | null;
  printIds: ReadonlySet<number>;
  startupId: number | null;
  /** the resident-facing rating window on the second display (#19), if open */
  rateId?: number | null;
}

/**
 * Every IPC message is checked against the windows we opened and the page they show: the
 * main window and hidden print windows at app://onewindow, the start-up error window at
 * its own data: page. A frame that navigated elsewhere loses its access.
 */
export function senderRole(facts: SenderFacts, windows: KnownWindows): SenderRole | null {
  if (!facts.isMainFrame) return null;
  if (windows.startupId !== null && facts.webContentsId === windows.startupId) {
    return facts.frameUrl?.startsWith('data:text/html') ? 'startup' : null;
  }
  if (!isOwnAppUrl(facts.frameUrl)) return null;
  if (windows.mainId !== null && facts.webContentsId === windows.mainId) return 'main';
  if (windows.printIds.has(facts.webContentsId)) return 'print';
  if (windows.rateId != null && facts.webContentsId === windows.rateId) return 'rate';
  return null;
}

/** Which channels each window may use. Print windows render documents: they only read. */
export function channelAllowed(channel: string, role: SenderRole | null): boolean {
  if (role === null) return false;
  switch (channel) {
    case INVOKE_CHANNEL:
      return role === 'main' || role === 'print' || role === 'rate';
    case PRINT_CHANNEL:
    case PRINTERS_CHANNEL:
    case RUN_MODE_GET_CHANNEL:
    case RUN_MODE_CHOOSE_CHANNEL:
      return role === 'main';
    case STARTUP_CHANNEL:
      return role === 'startup';
    default:
      return false;
  }
}

/**
 * The rating window faces the resident: it calls only what the rating page does, and never
 * with the clerk's session (the core refuses a rating sent with a staff session).
 */
export const RATE_WINDOW_HANDLERS: ReadonlySet<string> = new Set(['cases.ratingOffer', 'cases.rate']);

/** A print window may call the core's read handlers only, whatever session it borrows. */
export function printWindowMayInvoke(handlerKind: string | undefined): boolean {
  return handlerKind === 'read';
}

/**
 * In client mode the handler kinds live on the server, not in this program's main process
 * (which holds no handler code): a print window there may call only what a document page
 * reads (renderer/src/features/documents, checked by tests/unit/desktop-ipc.test.ts).
 */
export const PRINT_WINDOW_REMOTE_HANDLERS: ReadonlySet<string> = new Set(['cases.get', 'residents.stopNotice', 'decisions.report']);

/**
 * Permission requests (session.setPermissionRequestHandler) and checks
 * (setPermissionCheckHandler). Everything is refused except writing to the clipboard
 * (Mantine's copy buttons: a case number into another system) from our own page; no
 * camera, microphone, location, notifications, HID/serial/USB or fullscreen requests.
 */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!isMainFrame || !isOwnAppUrl(requestingUrl)) return false;
  return permission === 'clipboard-sanitized-write';
}

/**
 * The page's request key for a retried call (a UUID it made once per logical call), or
 * undefined when it sent none or something else: a malformed key is dropped rather than
 * refusing the call, since the key only protects against doubling.
 */
export function requestKeyOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{8,100}$/.test(raw) ? raw : undefined;
}
