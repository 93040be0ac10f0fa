import type Database from 'better-sqlite3';
import type { OpenedDatabase } from '../database/open';
import { loadMigrations, type Migration } from '../database/migrations';
import type { SessionStore } from '../kernel/sessions';
import type { DatabaseFile } from '../kernel/handler';
import { conflict } from '../kernel/errors';
import { backupsDirFor, headerSchemaVersion } from './files';
import { swapInDatabaseFile } from './swap';

export interface LiveDatabaseParts {
  path: string;
  backupsDir: string;
  programSchemaVersion: number;
  migrations: Migration[];
  /** the core's holder of the open connection, swapped by a restore */
  state: { db: Database.Database };
  /** opens the file at `path` the way the core does (migrations, pre-migration backup) */
  open(): OpenedDatabase;
  sessions: SessionStore;
}

/** The core's DatabaseFile: a restore swaps the file and the connection every later call uses. */
export function liveDatabaseFile(parts: LiveDatabaseParts): DatabaseFile {
  const { path, backupsDir, programSchemaVersion, migrations, state, open, sessions } = parts;
  return {
    path,
    backupsDir,
    programSchemaVersion,
    migrations,
    replace(fromFile: string): Database.Database {
      // Checked before anything is touched: openDatabase would refuse it only after the swap.
      const fileVersion = headerSchemaVersion(fromFile);
      if (fileVersion === null || fileVersion === 0) throw conflict('所选文件不是本程序的数据库，未做任何改动');
      if (fileVersion > programSchemaVersion) {
        throw conflict(`备份的数据库版本（${fileVersion}）比本程序支持的版本（${programSchemaVersion}）新，不能恢复；未做任何改动`);
      }
      const old = state.db;
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
      const swap = swapInDatabaseFile(path, fromFile);
      let reopened: OpenedDatabase;
      try {
        reopened = open();
      } catch (err) {
        swap.undo();
        state.db = open().db;
        throw err;
      }
      swap.commit();
      state.db = reopened.db;
      // The restored users table may differ (a removed role, an older password): nobody
      // keeps a session made against the replaced one, nor one the backup had stored.
      sessions.endAll();
      return state.db;
    },
  };
}

/**
 * For a dispatcher built without a core (tests of the dispatcher itself): backups work,
 * restores are refused because nothing could swap the connection. The open database is
 * at the program's newest schema after openDatabase, so its version stands in for it.
 */
export function fixedDatabaseFile(dbPath: string, db: () => Database.Database): DatabaseFile {
  return {
    path: dbPath,
    backupsDir: backupsDirFor(dbPath),
    get programSchemaVersion() {
      return db().pragma('user_version', { simple: true }) as number;
    },
    get migrations() {
      return loadMigrations();
    },
    replace() {
      throw conflict('此运行环境不支持恢复备份');
    },
  };
}
