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
