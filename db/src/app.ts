/**
 * The one application core every host starts (browser-mode host, desktop, CLI, tests):
 * open → check → migrate → swap, the dispatcher, recovery mode and the background services.
 */
import { join } from 'node:path';
import { openCore, consoleLogger, type Core, type CoreOptions } from './core';
import { createDispatcher, type ApiResponse, type ChangeEvent } from './kernel/dispatch';
import type { CallOrigin, Logger, RecoveryPort } from './kernel/handler';
import { handlers } from './handlers';
import { PROGRAM_VERSION } from './version';
import { SessionStore } from './kernel/sessions';
import { openFailureKind, recoveryPort, type OpenFailureKind } from './backups/recovery';
import { createServices, type ServicesOptions } from './services/services';
import { fixedDatabaseFile } from './backups/database-file';
import { authenticateDevice, pairDevice } from './devices/pairing';
import { AppError, conflict } from './kernel/errors';

/** the database file in a data folder (electron/paths.ts resolves the folder) */
export const DB_FILE_NAME = 'onewindow.sqlite';

export interface AppOptions extends Omit<CoreOptions, 'dbPath' | 'logger'> {
  /** the data folder (the file is DB_FILE_NAME in it), or dbPath for a file elsewhere */
  dataDir?: string;
  dbPath?: string;
  log?: Logger;
  /** one sentence for a database that did not open (hosts pass describeOpenError) */
  describeOpenError?: (err: unknown, dbPath: string) => string;
  /** the scheduler's tick, quit gate and state store (desktop); defaults suit every host */
  services?: Pick<ServicesOptions, 'intervalMs' | 'track' | 'load' | 'save'>;
  /** told when the mode changes (a damaged file found by the background check, a restore) */
  onModeChange?(mode: AppMode): void;
}

export type AppMode = 'ready' | 'recovery';

export interface OpenFailure {
  kind: OpenFailureKind;
  message: string;
  error: unknown;
}

/**
 * Opens the database, or enters recovery mode when it cannot be opened (damaged, newer
 * than the program, unreadable): then only `recovery.status` and `recovery.restore`
 * answer, and a successful restore switches to 'ready' without a restart. Never throws
 * for a database that does not open.
 */
export function createApp(options: AppOptions) {
  const dbPath = options.dbPath ?? (options.dataDir ? join(options.dataDir, DB_FILE_NAME) : null);
  if (!dbPath) throw new Error('createApp needs dataDir or dbPath');
  const log = options.log ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  const { dataDir: _dataDir, dbPath: _dbPath, log: _log, describeOpenError, services: serviceOptions, onModeChange, ...coreOptions } = options;
  const changeListeners = new Set<(event: ChangeEvent) => void>();
  const onChange = (event: ChangeEvent) => {
    // Each subscriber (a device's event stream) on its own: one that fails keeps the change
    // from no other.
    for (const listener of changeListeners) {
      try {
        listener(event);
      } catch (err) {
        log.error(`change listener failed after ${event.handler}`, err);
      }
    }
  };
  const coreOf = (integrityCheck: CoreOptions['integrityCheck']) => openCore({ ...coreOptions, integrityCheck, dbPath, logger: log, now, onChange });

  let core: Core | null = null;
  let failure: OpenFailure | null = null;
  let port: RecoveryPort | null = null;

  const services = createServices({ core: () => core, now, log, ...serviceOptions });

  function becomeReady(opened: Core): void {
    core = opened;
    failure = null;
    port = null;
    services.resume();
    onModeChange?.('ready');
  }

  function enterRecovery(err: unknown): void {
    const message = describeOpenError ? describeOpenError(err, dbPath!) : err instanceof Error ? err.message : String(err);
    log.error(`${message}\n已进入恢复模式：由管理员选择备份进行恢复。`);
    failure = { kind: openFailureKind(err), message, error: err };
    // A restore opens the restored file with the full check before anything uses it.
    port = recoveryPort({ dbPath: dbPath!, error: err, message, log, reopen: () => coreOf(true), ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}) }, becomeReady);
    onModeChange?.('recovery');
  }

  // In recovery mode nothing is open: the recovery handlers read files, and sessions do not
  // exist (nobody can sign in to a database that does not open).
  const recoveryDispatch = createDispatcher({
    handlers,
    // Nothing is open; the recovery handlers never touch ctx.db.
    db: () => null as never,
    dbPath,
    programVersion: PROGRAM_VERSION,
    sessions: new SessionStore(),
    now,
    log,
    idleMinutes: () => 30,
    // No live file to hand to handlers: only the recovery handlers run, and they use ctx.recovery.
    database: fixedDatabaseFile(dbPath, () => null as never),
    mode: () => 'recovery',
    recovery: () => port ?? undefined,
  });

  let integrity: Promise<void> = Promise.resolve();
  try {
    const opened = coreOf(options.integrityCheck ?? true);
    core = opened;
    integrity = opened.integrity;
    // The background check found a damaged file: every later call goes to the recovery handlers.
    opened.integrity.catch((err: unknown) => {
      if (core !== opened) return;
      services.pause();
      try {
        opened.close();
      } catch {
        // a damaged file may refuse the checkpoint; recovery keeps it as it is anyway
      }
      core = null;
      enterRecovery(err);
    });
  } catch (err) {
    enterRecovery(err);
  }

  async function dispatch(name: string, input: unknown, sessionToken: string | null = null, origin: CallOrigin = {}): Promise<ApiResponse<unknown>> {
    if (core) return core.dispatch(name, input, sessionToken, origin);
    return recoveryDispatch(name, input, sessionToken);
  }

  /** the working core for a device call, or the typed answer of recovery mode */
  const readyFor = (what: string): Core => {
    if (core) return core;
    throw new AppError('RECOVERY_MODE', `数据库无法打开，中心服务器处于恢复模式：暂不能${what}，请管理员在服务器上从备份恢复`, { details: { recovery: true } });
  };

  const working = (): Core => {
    if (!core) throw new Error(`数据库处于恢复模式：${failure?.message ?? ''}`);
    return core;
  };

  // Services write (a backup, export runs): only into a file that passed the check.
  const startServices = () => void integrity.then(() => services.start(), () => {});
  return {
    dispatch,
    get mode(): AppMode {
      return core ? 'ready' : 'recovery';
    },
    /** why the database did not open (recovery mode), else null */
    get failure(): OpenFailure | null {
      return failure;
    },
    dbPath,
    /** daily backup and due exports; start() in a host, stop() comes with close() */
    services: Object.assign(Object.create(services) as typeof services, { start: startServices }),
    /**
     * The outcome of the start-up check: settled at once unless it runs in the background
     * (integrityCheck 'background'); services only write once it passed.
     */
    integrity,
    /** the working core (tests, the CLI); throws in recovery mode */
    get core(): Core {
      return working();
    },
    get db() {
      return working().db;
    },
    /** signs in and returns the session token, or throws the typed error body (CLI, tests) */
    login(username: string, password: string): Promise<string> {
      return working().login(username, password);
    },
    /**
     * The centre server's devices, for its HTTPS host: pairing (`POST /api/pair`, the code
     * is the proof, no session) and recognising a device on every call. Both throw an
     * AppError (UNAUTHENTICATED, DEVICE_UNKNOWN, DEVICE_REVOKED; RECOVERY_MODE in recovery mode;
     * pairing CONFLICT while a restore runs).
     */
    /** what every committed write changed (the centre server's live updates); returns the unsubscribe */
    changes: {
      subscribe(listener: (event: ChangeEvent) => void): () => void {
        changeListeners.add(listener);
        return () => changeListeners.delete(listener);
      },
    },
    devices: {
      // Pairing writes outside the dispatcher, so it passes the same task gate itself: never
      // while a restore swaps the file (its device would be lost with the replaced file).
      pair: (code: string, from: string | null) => {
        const opened = readyFor('配对');
        if (!opened.tasks.tryEnter()) throw conflict('正在恢复备份，请稍候再配对', { reason: 'exclusive_task' });
        try {
          return pairDevice(opened.db, code, now(), from);
        } finally {
          opened.tasks.leave();
        }
      },
      authenticate: (credential: string | null | undefined) => authenticateDevice(readyFor('设备验证').db, credential, now()),
    },
    close(): void {
      services.stop();
      core?.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
