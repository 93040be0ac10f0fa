/**
 * Where a centre server listens and which names its certificate covers, shared by
 * `npm run server` (electron/server-cli.ts) and the desktop's server mode: the same
 * host either way.
 */
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { ServerNames } from './certificates';

export const DEFAULT_PORT = 8443;

/** `HOST:PORT`, `:PORT`, `PORT` or `[IPv6]:PORT`; the host defaults to every address. Throws a Chinese message. */
export function parseListen(raw: string | undefined): { host: string; port: number } {
  if (!raw || raw.trim() === '') return { host: '0.0.0.0', port: DEFAULT_PORT };
  const m = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d{1,5})$/.exec(raw.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || !(port >= 0 && port < 65536)) throw new Error(`监听地址无效：${raw}（例如 0.0.0.0:8443）`);
  const host = m[1] ?? (m[2] || '0.0.0.0');
  if (host !== 'localhost' && isIP(host) === 0) throw new Error(`监听地址应为 IP 地址：${host}`);
  return { host, port };
}

/** The names the certificate covers: this computer's, the listening address, and what the administrator adds. */
export function serverNames(listenHost: string, extra: string[]): ServerNames {
  const dns = new Set(['localhost']);
  const ip = new Set(['127.0.0.1']);
  const own = hostname().toLowerCase();
  if (/^[a-z0-9][a-z0-9.-]*$/.test(own)) dns.add(own);
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') ip.add(a.address);
  } else if (isIP(listenHost)) ip.add(listenHost);
  for (const n of extra) (isIP(n) ? ip : dns).add(n.toLowerCase());
  return { dns: [...dns], ip: [...ip] };
}

/** The address to give the clients: a network address when listening on all of them. */
export function shownUrl(listenHost: string, names: ServerNames, port: number): string {
  const shown = listenHost === '0.0.0.0' || listenHost === '::' ? (names.ip.find((a) => a !== '127.0.0.1') ?? '127.0.0.1') : listenHost;
  return `https://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}
