/**
 * The core as the desktop's core process runs it (electron/core-process.ts), without
 * Electron: prepares the data folder, seeds the demo file, starts createApp, and describes
 * its state for the windows (the start-up window's screen). Tests run it on a worker thread.
 */
import { createApp, type App } from '../db/src/app';
import { listBackups } from '../db/src/backups/backups';
import { backupsDirFor } from '../db/src/backups/files';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../db/src/database/migrations';
import type { ApiResponse } from '../db/src/kernel/dispatch';
import type { CentreIdentity } from '../db/src/kernel/handler';
import { handlers } from '../db/src/handlers';
import type { SchedulerState } from '../db/src/services/scheduler';
import type { Caller, CoreConfig, CoreStatus } from './core-protocol';
import { ensureWritableDataDir } from './data-dir';
import { demoNotice, ensureDemoDatabase } from './demo';
import { createInflight } from './inflight';
import { readJsonFile, writeJsonFileAtomic } from './json-file';
import { printWindowMayInvoke } from './security';
import { describeOpenError } from './startup-errors';
import { startupScreenFor, type BackupSummary } from './startup-screen';

/** How long closing waits for a backup or an export that is under way. */
export const CLOSE_DRAIN_MS = 15_000;

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } } as const;
const NOT_OPEN = { ok: false, error: { code: 'CONFLICT', message: '数据库尚未打开' } } as const;

export interface CoreSession {
  /** a handler call from the window `caller`; never throws */
  dispatch(name: string, input: unknown, token: string | null, caller: Caller, requestKey?: string): Promise<ApiResponse<unknown>>;
  status(): CoreStatus;
  /** told on every change of status (the background check found damage, a restore worked) */
  onStatus(listener: (status: CoreStatus) => void): void;
  /** the daily backup and the due exports */
  start(): void;
  /** stops the services, waits for work under way (up to closeTimeoutMs), closes the file */
  close(): Promise<void>;
  /** the App itself, for the centre host of server mode (null when the file could not be prepared, or after close) */
  app(): App | null;
}

export function openCoreSession(config: CoreConfig, log: (line: string) => void = console.log, centre?: CentreIdentity): CoreSession {
  const listeners = new Set<(status: CoreStatus) => void>();
  const inflight = createInflight();
  let app: App | null = null;
  let failed: CoreStatus | null = null;

  function programSchemaVersion(): number {
    try {
      return latestVersion(loadMigrations(config.migrationsDir ?? defaultMigrationsDir()));
    } catch {
      return latestVersion(loadMigrations(defaultMigrationsDir()));
    }
  }

  function screenFor(err: unknown, recoveryAvailable: boolean) {
    const message = describeOpenError(err, config.dbPath);
    let backups: BackupSummary[] = [];
    try {
      backups = listBackups(backupsDirFor(config.dbPath));
    } catch {
      // no backups folder: the screen says so
    }
    return startupScreenFor({ error: err, message, dbPath: config.dbPath, dataDir: config.dataDir, backups, programSchemaVersion: programSchemaVersion(), recoveryAvailable });
  }

  function status(): CoreStatus {
    if (failed) return failed;
    if (!app) return { mode: 'failed', screen: screenFor(new Error('数据库已关闭'), false) };
    if (app.mode === 'ready') return { mode: 'ready' };
    // Restoring is offered while the app is in recovery mode (recovery.restore answers).
    return { mode: 'recovery', screen: screenFor(app.failure?.error, true) };
  }

  try {
    ensureWritableDataDir(config.dataDir);
    // --demo: the separate demo file, seeded on first use exactly as browser mode seeds it.
    if (config.demo) for (const line of demoNotice(config.dbPath, ensureDemoDatabase(config.dbPath, config.migrationsDir ? { migrationsDir: config.migrationsDir } : {}))) log(line);
  } catch (err) {
    console.error(describeOpenError(err, config.dbPath));
    failed = { mode: 'failed', screen: screenFor(err, false) };
  }

  if (!failed) {
    const statePath = config.statePath ?? null;
    let memoryState: SchedulerState = {};
    app = createApp({
      dbPath: config.dbPath,
      ...(config.migrationsDir ? { migrationsDir: config.migrationsDir } : {}),
      // The quick_check runs on a worker thread while the clerk signs in.
      integrityCheck: 'background',
      describeOpenError,
      // server mode: devices.createPairingCode answers the fingerprints the host shows
      ...(centre ? { centre } : {}),
      // During createApp `app` is still null: the first status is asked for after it.
      onModeChange: () => {
        if (!app) return;
        const now = status();
        for (const listener of listeners) listener(now);
      },
      services: {
        load: () => (statePath ? ((readJsonFile(statePath) as SchedulerState | null) ?? {}) : memoryState),
        save: (state) => (statePath ? writeJsonFileAtomic(statePath, state) : void (memoryState = state)),
        track: (work) => inflight.track(work),
      },
    });
  }

  return {
    async dispatch(name, input, token, caller, requestKey) {
      if (!app) return NOT_OPEN;
      if (caller === 'startup') {
        // The start-up window restores a backup, nothing else.
        if (!name.startsWith('recovery.')) return FORBIDDEN;
      } else {
        if (app.mode !== 'ready') return NOT_OPEN;
        if (caller === 'print') {
          const spec = Object.hasOwn(handlers, name) ? (handlers as Record<string, { kind?: string }>)[name] : undefined;
          if (!printWindowMayInvoke(spec?.kind)) return FORBIDDEN;
        }
      }
      try {
        return await app.dispatch(name, input, token, typeof requestKey === 'string' ? { requestKey } : {});
      } catch (err) {
        // dispatch never throws; should it, the window still gets an answer
        return { ok: false, error: { code: 'INTERNAL', message: `内部错误：${(err as Error)?.message ?? String(err)}` } };
      }
    },
    status,
    app: () => app,
    onStatus(listener) {
      listeners.add(listener);
    },
    start() {
      // Idle in recovery mode; a backup or export missed while the computer was off runs now.
      app?.services.start();
    },
    async close() {
      if (!app) return;
      app.services.stop();
      const result = await inflight.drain(config.closeTimeoutMs ?? CLOSE_DRAIN_MS);
      if (result === 'timeout') console.error(`[onewindow] 关闭时仍有 ${inflight.pending} 个后台任务未完成，已等待 ${(config.closeTimeoutMs ?? CLOSE_DRAIN_MS) / 1000} 秒`);
      // close checkpoints the WAL, so the folder can be copied as it is.
      app.close();
      app = null;
    },
  };
}
