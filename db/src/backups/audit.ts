import type Database from 'better-sqlite3';
import { appendAudit } from '../kernel/audit-chain';
import type { BackupInfo } from './backups';

export type Actor = { id: number; name: string } | null;

/**
 * One audit row for a backup taken, in its own transaction (backups are tasks: the copy
 * is not part of any SQL transaction). Skipped on a database without an audit log yet,
 * i.e. a file opened without migrating.
 */
export function recordBackup(db: Database.Database, actor: Actor, at: Date, handler: string, info: BackupInfo, detail: Record<string, unknown> = {}): void {
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'").get()) return;
  db.transaction(() => {
    appendAudit(db, actor, at, {
      handler,
      action: 'backup',
      recordType: 'backup',
      recordId: info.file,
      detail: { kind: info.kind, size: info.size, note: info.note, ...detail },
    });
  })();
}
