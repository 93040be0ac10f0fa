/**
 * How this computer runs (issue #16: 单机, 中心服务器, 连接中心服务器), kept in a small
 * private file in the user data folder: read by main at start, written when the person
 * chooses (at the first start or in 管理 → 运行方式), after which the app starts again.
 * Plain Node so that tests exercise the choice for real, pairing included.
 *
 * A client keeps the centre it paired with: its address, the certificate fingerprint the
 * person confirmed, the centre certificate every later call is pinned to, and the device
 * credential sealed by `protect` (Electron safeStorage in main).
 */
import { join } from 'node:path';
import type { RunMode, RunModeChoice, RunModeState } from './bridge';
import { pairWithCentre, PairingError, type PairedCentre, type Protect } from './client/centre-link';
import { readJsonFile, writeJsonFileAtomic } from './json-file';
import { parseListen } from './server/listen';

export const RUN_MODE_FILE = 'run-mode.json';

export interface RunModeConfig {
  mode: RunMode;
  /** server mode: `HOST:PORT` (default every address, port 8443) */
  listen?: string;
  /** client mode: the centre server this computer is paired with */
  client?: PairedCentre;
}

export interface StoredRunMode {
  /** false until the person has chosen (no file, or one that cannot be read) */
  chosen: boolean;
  config: RunModeConfig;
}

export const runModePath = (userDataDir: string) => join(userDataDir, RUN_MODE_FILE);

function validClient(raw: unknown): raw is PairedCentre {
  const c = raw as Partial<PairedCentre> | null;
  return !!c && typeof c === 'object' && [c.url, c.deviceName, c.fingerprint, c.caCertPem, c.credentialSealed].every((v) => typeof v === 'string' && v !== '');
}

/** The stored choice; a missing or damaged file means not chosen yet (the renderer asks again). */
export function readRunMode(userDataDir: string): StoredRunMode {
  const raw = readJsonFile(runModePath(userDataDir)) as Partial<RunModeConfig> | null;
  const notChosen: StoredRunMode = { chosen: false, config: { mode: 'standalone' } };
  if (!raw || typeof raw !== 'object') return notChosen;
  switch (raw.mode) {
    case 'standalone':
      return { chosen: true, config: { mode: 'standalone' } };
    case 'server':
      return { chosen: true, config: { mode: 'server', ...(typeof raw.listen === 'string' ? { listen: raw.listen } : {}) } };
    case 'client':
      return validClient(raw.client) ? { chosen: true, config: { mode: 'client', client: raw.client } } : notChosen;
    default:
      return notChosen;
  }
}

/** Written beside and renamed (json-file.ts), 0600: a crash never leaves half a choice. */
export function writeRunMode(userDataDir: string, config: RunModeConfig): void {
  writeJsonFileAtomic(runModePath(userDataDir), config);
}

/**
 * The mode this start runs in: `--server` on the command line makes a server whatever the
 * file says (the packaged app started as the centre's server by a shortcut or a service).
 */
export function effectiveRunMode(stored: StoredRunMode, argv: readonly string[]): StoredRunMode {
  if (!argv.includes('--server')) return stored;
  return { chosen: true, config: { mode: 'server', ...(stored.config.mode === 'server' && stored.config.listen ? { listen: stored.config.listen } : {}) } };
}

/** What the renderer is told (runMode.get): never the credential or the certificate. */
export function runModeState(stored: StoredRunMode, server?: { url: string; fingerprint: string } | null): RunModeState {
  const { config } = stored;
  const state: RunModeState = { chosen: stored.chosen, mode: config.mode };
  if (config.mode === 'client' && config.client) state.client = { url: config.client.url, deviceName: config.client.deviceName, fingerprint: config.client.fingerprint };
  if (config.mode === 'server' && server) state.server = { url: server.url, fingerprint: server.fingerprint, listen: config.listen ?? '0.0.0.0:8443' };
  return state;
}

/** The page's choice checked field by field (the page is not trusted); a Chinese message when it is not one. */
export function parseRunModeChoice(raw: unknown): { ok: true; choice: RunModeChoice } | { ok: false; message: string } {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return { ok: false, message: '请选择运行方式' };
  const str = (key: string) => (typeof r[key] === 'string' ? (r[key] as string).trim() : '');
  switch (r.mode) {
    case 'standalone':
      return { ok: true, choice: { mode: 'standalone' } };
    case 'server': {
      const listen = str('listen');
      if (r.listen !== undefined && typeof r.listen !== 'string') return { ok: false, message: '监听地址应为文字，例如 0.0.0.0:8443' };
      try {
        parseListen(listen || undefined);
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
      return { ok: true, choice: listen ? { mode: 'server', listen } : { mode: 'server' } };
    }
    case 'client': {
      const [url, code, fingerprint] = [str('url'), str('code'), str('fingerprint')];
      if (!url) return { ok: false, message: '请填写中心服务器地址' };
      if (!code) return { ok: false, message: '请填写管理员给出的 8 位配对码' };
      if (!fingerprint) return { ok: false, message: '请填写服务器屏幕上显示的证书指纹' };
      return { ok: true, choice: { mode: 'client', url, code, fingerprint } };
    }
    default:
      return { ok: false, message: '运行方式应为单机、中心服务器或连接中心服务器' };
  }
}

/**
 * Carries out a choice: checks it, pairs with the centre server for client mode, and only
 * then writes the file. A refused choice leaves the stored one as it was.
 */
export async function chooseRunMode(raw: unknown, deps: { userDataDir: string; protect: Protect; pair?: typeof pairWithCentre }): Promise<{ ok: true; config: RunModeConfig } | { ok: false; message: string }> {
  const parsed = parseRunModeChoice(raw);
  if (!parsed.ok) return parsed;
  const { choice } = parsed;
  let config: RunModeConfig;
  if (choice.mode === 'client') {
    try {
      const client = await (deps.pair ?? pairWithCentre)({ url: choice.url, code: choice.code, fingerprint: choice.fingerprint, protect: deps.protect });
      config = { mode: 'client', client };
    } catch (err) {
      return { ok: false, message: err instanceof PairingError ? err.message : `配对失败：${(err as Error).message}` };
    }
  } else {
    config = choice.mode === 'server' && choice.listen ? { mode: 'server', listen: choice.listen } : { mode: choice.mode };
  }
  try {
    writeRunMode(deps.userDataDir, config);
  } catch (err) {
    return { ok: false, message: `无法保存运行方式：${(err as Error).message}` };
  }
  return { ok: true, config };
}

/**
 * Who may change how this computer runs, once it has been chosen: an administrator (as the
 * server or the paired centre knows them); or anyone when the centre refuses this device
 * (revoked or unknown), since pairing again is then the only way forward. A client whose
 * server is unreachable waits: otherwise pulling the network cable would let anyone at
 * the desk re-pair the computer elsewhere.
 */
export function runModeChangeAllowed(facts: { chosen: boolean; mode: RunMode; deviceRefused: boolean; offline: boolean; roles: readonly string[] | null }): { ok: true } | { ok: false; message: string } {
  if (!facts.chosen || facts.deviceRefused) return { ok: true };
  if (facts.mode === 'client' && facts.offline) return { ok: false, message: '无法连接中心服务器：请在连接恢复后由管理员更改运行方式' };
  if (facts.roles?.includes('admin')) return { ok: true };
  return { ok: false, message: '只有管理员可以更改运行方式：请以管理员身份登录后再试' };
}

/**
 * Whether the program must start again for a new choice: not when it already runs so (单机
 * chosen at the first start, which ran standalone while asking), only the file changes.
 */
export function restartNeeded(running: RunModeConfig, chosen: RunModeConfig, argv: readonly string[]): boolean {
  return !(running.mode === 'standalone' && chosen.mode === 'standalone' && !argv.includes('--server'));
}

/** The command line of the restarted app: the same, without `--server` (the file decides now). */
export function relaunchArgs(argv: readonly string[]): string[] {
  return argv.slice(1).filter((a) => a !== '--server');
}
