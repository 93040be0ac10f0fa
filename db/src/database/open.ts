import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-files';
import { defaultMigrationsDir, latestVersion, loadMigrations, migrate, schemaVersion } from './migrations';

/** Thrown before anything is written when the file belongs to a newer program. */
export class DatabaseTooNewError extends Error {
  readonly kind = 'too_new' as const;
  constructor(
    readonly fileVersion: number,
    readonly programVersion: number,
  ) {
    super(`数据库版本（${fileVersion}）比本程序支持的版本（${programVersion}）新：请安装新版程序。数据库文件未被改动。`);
    this.name = 'DatabaseTooNewError';
  }
}

export class DatabaseUnreadableError extends Error {
  readonly kind = 'unreadable' as const;
  constructor(
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'DatabaseUnreadableError';
  }
}

export interface OpenOptions {
  migrationsDir?: string;
  /** run migrations (default true); false opens the file as it is, for inspection */
  migrate?: boolean;
  /** called with the pending versions before they are applied, e.g. to take a backup */
  beforeMigrate?: (db: Database.Database, from: number, to: number) => void;
}

export interface OpenedDatabase {
  db: Database.Database;
  path: string;
  applied: number[];
}

/**
 * Whether opening the file would migrate it: true for a file older than the program (and
 * for one that cannot be read, so that the check before opening says why), false for a
 * new file or a current one.
 */
export function migrationsPending(path: string, programVersion: number): boolean {
  if (!existsSync(path)) return false;
  try {
    const probe = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return schemaVersion(probe) < programVersion;
    } finally {
      probe.close();
    }
  } catch {
    return true;
  }
}

/**
 * Opens (creating if absent) the SQLite file and brings its schema up to date.
 *
 * The version is read through a read-only connection first: a file from a newer program
 * must stay byte for byte as it was, and even switching journal mode would write to it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = loadMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const programVersion = latestVersion(migrations);

  if (existsSync(path)) {
    let fileVersion: number;
    try {
      const probe = new Database(path, { readonly: true, fileMustExist: true });
      try {
        fileVersion = schemaVersion(probe);
      } finally {
        probe.close();
      }
    } catch (err) {
      throw new DatabaseUnreadableError(`无法读取数据库文件（${(err as Error).message}）。文件未被改动。`, err);
    }
    if (fileVersion > programVersion) throw new DatabaseTooNewError(fileVersion, programVersion);
  } else {
    makePrivateDir(dirname(path));
    // Created empty by us, 0600: SQLite would make it 0644, and gives its -wal and -shm
    // files the mode of the database file.
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  }

  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut. A case
    // number printed on a receipt must exist after the power comes back; an fsync per
    // commit is cheap next to a resident waiting at the window.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Hosts, the CLI and the scheduler may touch the same file; wait rather than fail.
    db.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a worklist reads a few hundred cases,
    // applicants and index pages spread over a multi-gigabyte file, and with 2 MiB each
    // call read most of them again from the OS (district scale: 4.8 against 2.8 ms median).
    db.pragma('cache_size = -65536');

    let applied: number[] = [];
    if (options.migrate !== false) {
      const from = schemaVersion(db);
      if (from < programVersion) {
        options.beforeMigrate?.(db, from, programVersion);
        applied = migrate(db, migrations);
      }
    }
    return { db, path, applied };
  } catch (err) {
    db.close();
    throw err;
  }
}
