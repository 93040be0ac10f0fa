import type Database from 'better-sqlite3';
import type { TaskGate } from '../kernel/dispatch';
import { createBackup, rotateBackups, type BackupInfo } from './backups';
import { recordBackup } from './audit';
import { listBackupNames } from './files';
import { chinaStamp } from '../shared/china-time';
import { anchorAuditHead } from '../audit/anchor';

/** What ensureDailyBackup needs of a core (structural, so this module does not import core.ts). */
export interface DailyBackupHost {
  readonly db: Database.Database;
  database: { backupsDir: string; path: string };
  tasks: TaskGate;
}

/**
 * Takes today's daily backup unless one exists (China date) and applies the rotation.
 * Hosts call it at start and then every hour, so a counter left running overnight still
 * gets one per day. Returns the backup taken, or null when none was needed or a restore
 * is running (the next call catches up).
 */
export async function takeDailyBackup(db: Database.Database, file: { backupsDir: string; path: string }, now: Date): Promise<BackupInfo | null> {
  const dir = file.backupsDir;
  const today = chinaStamp(now).date;
  if (listBackupNames(dir).some((p) => p.kind === 'daily' && p.date === today)) {
    rotateBackups(dir, now);
    return null;
  }
  const info = await createBackup(db, dir, 'daily', now);
  recordBackup(db, null, now, 'backups.daily', info);
  anchorAuditHead(db, file.path, now);
  rotateBackups(dir, now);
  return info;
}

export async function ensureDailyBackup(core: DailyBackupHost, now: Date = new Date()): Promise<BackupInfo | null> {
  const dir = core.database.backupsDir;
  const today = chinaStamp(now).date;
  if (listBackupNames(dir).some((p) => p.kind === 'daily' && p.date === today)) {
    rotateBackups(dir, now);
    return null;
  }
  if (!core.tasks.tryEnter()) return null;
  try {
    return await takeDailyBackup(core.db, core.database, now);
  } finally {
    core.tasks.leave();
  }
}
