import type { OpenOptions } from './database/open';
import { defaultMigrationsDir, latestVersion, loadMigrations } from './database/migrations';
import { createDispatcher, TaskGate, type ChangeEvent } from './kernel/dispatch';
import type { CentreIdentity, Logger } from './kernel/handler';
import { backupsDirFor } from './backups/files';
import { checkDatabaseIntegrity } from './backups/integrity';
import { checkDatabaseIntegrityInBackground } from './backups/integrity-worker';
import { migrationsPending } from './database/open';
import { secureDataFolder } from './database/private-files';
import { openWithPreMigrationBackup } from './backups/pre-migration';
import { liveDatabaseFile } from './backups/database-file';
import { handlers } from './handlers';
import { cancelJobs } from './jobs/run-job';
import { PROGRAM_VERSION } from './version';
import { SessionStore } from './kernel/sessions';
import { pruneAnswers } from './kernel/answered-requests';
import { readSetting } from './settings/settings';
import { toAccount, toSession, userById } from './accounts/accounts';

export const consoleLogger: Logger = {
  error: (message, err) => console.error(`[onewindow] ${message}`, err instanceof Error ? err.stack : err ?? ''),
  warn: (message) => console.warn(`[onewindow] ${message}`),
  info: (message) => console.log(`[onewindow] ${message}`),
};

export interface CoreOptions extends OpenOptions {
  dbPath: string;
  logger?: Logger;
  /** tests move the clock; hosts leave it */
  now?: () => Date;
  /**
   * `PRAGMA quick_check` through a read-only connection before anything else (default
   * true). A failure throws DatabaseCorruptError and leaves the file as it was.
   * 'background': the hosts' choice. The check runs on a worker thread after the file is
   * open and its outcome is `integrity`; only when migrations are pending does it run
   * first, since a migration must never write into a damaged file.
   */
  integrityCheck?: boolean | 'background';
  /** set by the centre server host: its certificates' fingerprints (devices.* pairing) */
  centre?: CentreIdentity;
  /** told after every committed change (createApp fans it out to its subscribers) */
  onChange?: (event: ChangeEvent) => void;
}

/** Opens the database and returns the dispatcher every host uses. */
export function openCore(options: CoreOptions) {
  const log = options.logger ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  // Before anything reads or writes: files an older version left readable by everyone.
  for (const failure of secureDataFolder(options.dbPath)) log.warn(`cannot make private: ${failure}`);
  const migrations = loadMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const background = options.integrityCheck === 'background' && !migrationsPending(options.dbPath, latestVersion(migrations));
  if (options.integrityCheck !== false && !background) checkDatabaseIntegrity(options.dbPath);
  const backupsDir = backupsDirFor(options.dbPath);
  const open = () => openWithPreMigrationBackup(options.dbPath, options, backupsDir, now);
  let opened: ReturnType<typeof open>;
  try {
    opened = open();
  } catch (err) {
    // Unchecked, a damaged file can fail while opening: the check then says what is wrong.
    if (background) checkDatabaseIntegrity(options.dbPath);
    throw err;
  }
  const { path, applied } = opened;
  // A restore replaces the connection; everything reads it through `state`.
  const state = { db: opened.db };
  const sessions = new SessionStore({
    db: () => state.db,
    load: (userId) => {
      const row = userById(state.db, userId);
      return row && row.active === 1 ? toSession(toAccount(row)) : null;
    },
    deviceInUse: (deviceId) => !!state.db.prepare('SELECT 1 FROM devices WHERE id = ? AND revoked_at IS NULL').get(deviceId),
  });
  // Sessions of the last run come back, up to the idle time (a centre server's restart).
  sessions.restore(now(), readSetting(state.db, 'idleMinutes'));
  pruneAnswers(state.db, now());
  // Shared by the dispatcher and host timers (daily backups): a restore runs alone.
  const tasks = new TaskGate();

  const database = liveDatabaseFile({
    path,
    backupsDir,
    programSchemaVersion: latestVersion(migrations),
    migrations,
    state,
    open,
    sessions,
  });
  const deps = {
    handlers,
    db: () => state.db,
    dbPath: path,
    programVersion: PROGRAM_VERSION,
    sessions,
    now,
    log,
    idleMinutes: () => readSetting(state.db, 'idleMinutes'),
    database,
    tasks,
    ...(options.centre ? { centre: options.centre } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  };
  const dispatch = createDispatcher(deps);
  // The same handlers, gate and clock, for the core's services (daily backup, due exports).
  const systemDispatch = createDispatcher({ ...deps, system: true });
  const check = background ? checkDatabaseIntegrityInBackground(path) : null;
  return {
    get db() {
      return state.db;
    },
    /** the outcome of the start-up check (already settled unless it runs in the background) */
    integrity: check?.result ?? Promise.resolve(),
    dbPath: path,
    applied,
    dispatch,
    /** calls a 'system' handler as the system (services only; hosts never expose it) */
    systemDispatch: (name: string, input: unknown = {}) => systemDispatch(name, input, null),
    sessions,
    /** the file, its backups folder and the restore swap */
    database,
    /** running tasks; host timers (ensureDailyBackup) enter it too */
    tasks,
    /** signs in and returns the session token, or throws the typed error body (CLI, tests) */
    async login(username: string, password: string): Promise<string> {
      const res = await dispatch('accounts.login', { username, password });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { body: res.error });
      return (res.result as { token: string }).token;
    },
    close() {
      check?.stop();
      // Long jobs on workers (exports, backups, audit.verify) stop with their core.
      cancelJobs(path);
      if (!state.db.open) return;
      // Fold the WAL back into the main file so a copy of the folder is whole.
      state.db.pragma('wal_checkpoint(TRUNCATE)');
      state.db.close();
    },
  };
}

export type Core = ReturnType<typeof openCore>;
