import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes sure the data folder exists and can be written, before SQLite is asked to: SQLite
 * reports a read-only folder as a vague SQLITE_CANTOPEN, the errno here names the cause.
 * Throws the errno error (EACCES, EROFS, ENOSPC, ENOTDIR ...).
 */
export function ensureWritableDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const probe = join(dir, `.onewindow-write-test-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
  } finally {
    rmSync(probe, { force: true });
  }
}
