import type { OpenOptions } from './database/open';
import { defaultMigrationsDir, latestVersion, loadMigrations } from './database/migrations';
import { createDispatcher, TaskGate } from './dispatcher/dispatch';
import type { Logger } from './dispatcher/handler';
import { backupsDirFor } from './backups/files';
import { checkDatabaseIntegrity } from './backups/integrity';
import { openWithPreMigrationBackup } from './backups/pre-migration';
import { liveDatabaseFile } from './backups/database-file';
import { handlers } from './handlers';
import { PROGRAM_VERSION } from './version';
import { SessionStore } from './accounts/sessions';
import { readSetting } from './settings/settings';

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
   */
  integrityCheck?: boolean;
}

/** Opens the database and returns the dispatcher every host uses. */
export function openCore(options: CoreOptions) {
  const log = options.logger ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  if (options.integrityCheck !== false) checkDatabaseIntegrity(options.dbPath);
  const backupsDir = backupsDirFor(options.dbPath);
  const open = () => openWithPreMigrationBackup(options.dbPath, options, backupsDir, now);
  const opened = open();
  const { path, applied } = opened;
  // A restore replaces the connection; everything reads it through `state`.
  const state = { db: opened.db };
  const sessions = new SessionStore();
  // Shared by the dispatcher and host timers (daily backups): a restore runs alone.
  const tasks = new TaskGate();

  const database = liveDatabaseFile({
    path,
    backupsDir,
    programSchemaVersion: latestVersion(loadMigrations(options.migrationsDir ?? defaultMigrationsDir())),
    state,
    open,
    sessions,
  });
  const dispatch = createDispatcher({
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
  });
  return {
    get db() {
      return state.db;
    },
    dbPath: path,
    applied,
    dispatch,
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
      if (!state.db.open) return;
      // Fold the WAL back into the main file so a copy of the folder is whole.
      state.db.pragma('wal_checkpoint(TRUNCATE)');
      state.db.close();
    },
  };
}

export type Core = ReturnType<typeof openCore>;
