import { openDatabase, type OpenedDatabase, type OpenOptions } from '../database/open';
import { createBackupSync, rotateBackups, type BackupInfo } from './backups';
import { recordBackup } from './audit';
import { anchorAuditHead } from '../audit/anchor';

/**
 * openDatabase with a backup (VACUUM INTO) taken just before migrations run on a file that
 * already has a schema. A migration that goes wrong in a way its transaction cannot undo
 * (a wrong data conversion that commits) can then still be undone. If the backup cannot
 * be made (disk full), nothing is migrated and the error goes to the host.
 */
export function openWithPreMigrationBackup(path: string, options: OpenOptions, backupsDir: string, now: () => Date): OpenedDatabase {
  let taken: { info: BackupInfo; from: number; to: number } | null = null;
  const opened = openDatabase(path, {
    ...options,
    beforeMigrate: (db, from, to) => {
      // A new file holds nothing to lose.
      if (from > 0) {
        taken = { info: createBackupSync(db, backupsDir, 'pre-migration', now()), from, to };
        rotateBackups(backupsDir, now());
      }
      options.beforeMigrate?.(db, from, to);
    },
  });
  const t = taken as { info: BackupInfo; from: number; to: number } | null;
  if (t) {
    try {
      recordBackup(opened.db, null, now(), 'database.migrate', t.info, { fromVersion: t.from, toVersion: t.to });
      anchorAuditHead(opened.db, path, now());
    } catch (err) {
      opened.db.close();
      throw err;
    }
  }
  return opened;
}
