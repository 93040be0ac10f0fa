import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '../db/src/database/private-files';

/**
 * Makes sure the data folder exists and can be written, before SQLite is asked to: SQLite
 * reports a read-only folder as a vague SQLITE_CANTOPEN, the errno here names the cause.
 * Throws the errno error (EACCES, EROFS, ENOSPC, ENOTDIR ...).
 */
export function ensureWritableDataDir(dir: string): void {
  // 0700: the folder holds residents' records (see private-files.ts).
  makePrivateDir(dir);
  const probe = join(dir, `.onewindow-write-test-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
  } finally {
    rmSync(probe, { force: true });
  }
}
