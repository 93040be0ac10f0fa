/**
 * The HTTP headers of OneWindow's own API, named once for the hosts (browser mode, centre
 * server) and the desktop's client link, which must agree on them.
 */
export const DEVICE_HEADER = 'x-onewindow-device';
export const CSRF_HEADER = 'x-onewindow-csrf';
export const SESSION_HEADER = 'x-onewindow-session';
export const CLIENT_HEADER = 'x-onewindow-client';
/** the client's key for one logical call, the same on every retry (a write is never doubled) */
export const REQUEST_HEADER = 'x-onewindow-request';
