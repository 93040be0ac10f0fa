/**
 * The three ways this computer can run (issue 16): 单机, 中心服务器, 连接中心服务器. The
 * desktop app chooses in its main process (the bridge's optional `runMode`); browser mode
 * has no bridge and is told by the page where it runs. The types are the bridge's
 * (electron/bridge.ts).
 */
import { normalizePairingCode, pairingCodeProblem } from '../devices/pairingCode';
import type { RunMode, RunModeChoice, RunModeState, OneWindowBridge } from '../../../../electron/bridge';

export type { RunMode, RunModeChoice, RunModeState };
export type RunModeBridge = NonNullable<OneWindowBridge['runMode']>;

export const RUN_MODE_LABELS: Record<RunMode, string> = { standalone: '单机', server: '中心服务器', client: '连接中心服务器' };

/** What the chooser's fields hold, as typed. */
export interface RunModeDraft {
  mode: RunMode;
  listen: string;
  url: string;
  code: string;
  fingerprint: string;
}

export const EMPTY_DRAFT: RunModeDraft = { mode: 'standalone', listen: '', url: '', code: '', fingerprint: '' };

/** `HOST:PORT` or `PORT`, as `npm run server -- --listen` takes it (IPv4 or localhost). */
function listenProblem(listen: string): string | null {
  const m = /^(?:((?:\d{1,3}\.){3}\d{1,3}|localhost):)?(\d{1,5})$/.exec(listen);
  if (!m) return '监听地址应为“地址:端口”（如 0.0.0.0:8443）或端口号';
  if (m[1] && m[1] !== 'localhost' && m[1].split('.').some((part) => Number(part) > 255)) return `地址 ${m[1]} 无效`;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return '端口应在 1 到 65535 之间';
  return null;
}

/** The server's address as the client will use it: https, a host, an optional port, nothing else. */
export function normalizeServerUrl(raw: string): string | null {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return `https://${url.host}/`;
}

/** A SHA-256 fingerprint as the server prints it (6A:84:…:2F), from any spacing or case. */
export function normalizeFingerprint(raw: string): string | null {
  const hex = raw.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** The choice to send to the desktop's main process, or the message for each wrong field. */
export function runModeChoice(draft: RunModeDraft): { choice: RunModeChoice; errors?: undefined } | { choice?: undefined; errors: Partial<Record<keyof RunModeDraft, string>> } {
  if (draft.mode === 'standalone') return { choice: { mode: 'standalone' } };
  if (draft.mode === 'server') {
    const listen = draft.listen.trim();
    if (listen === '') return { choice: { mode: 'server' } };
    const problem = listenProblem(listen);
    return problem ? { errors: { listen: problem } } : { choice: { mode: 'server', listen } };
  }
  const errors: Partial<Record<keyof RunModeDraft, string>> = {};
  const url = normalizeServerUrl(draft.url);
  if (!url) errors.url = draft.url.trim() === '' ? '请输入中心服务器的地址（如 https://192.168.1.10:8443/）' : '地址应为 https://地址:端口/，例如 https://192.168.1.10:8443/';
  const codeProblem = pairingCodeProblem(draft.code);
  if (codeProblem) errors.code = codeProblem;
  const fingerprint = normalizeFingerprint(draft.fingerprint);
  if (!fingerprint) errors.fingerprint = draft.fingerprint.trim() === '' ? '请输入管理员提供的证书指纹' : '证书指纹应为 64 位十六进制数字（可带冒号），与服务器上显示的一致';
  if (!url || codeProblem || !fingerprint) return { errors };
  return { choice: { mode: 'client', url, code: normalizePairingCode(draft.code), fingerprint } };
}
