import { openDatabase, type OpenOptions } from './database/open';
import { createDispatcher } from './dispatcher/dispatch';
import type { Logger } from './dispatcher/handler';
import { handlers } from './handlers';
import { PROGRAM_VERSION } from './version';

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
}

/** Opens the database and returns the dispatcher every host uses. */
export function openCore(options: CoreOptions) {
  const { db, path, applied } = openDatabase(options.dbPath, options);
  const log = options.logger ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  const dispatch = createDispatcher({
    handlers,
    ctx: () => ({ db, dbPath: path, programVersion: PROGRAM_VERSION, now, log }),
  });
  return {
    db,
    dbPath: path,
    applied,
    dispatch,
    close() {
      if (!db.open) return;
      // Fold the WAL back into the main file so a copy of the folder is whole.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

export type Core = ReturnType<typeof openCore>;
