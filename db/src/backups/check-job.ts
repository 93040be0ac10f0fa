/**
 * A backup's checks on a worker thread: quick_check of the copy (backups.verify), and for a
 * restore also its schema and its whole audit chain, which take seconds on a centre's copy.
 */
import type { AuditHead } from '../audit/anchor';
import type { Migration } from '../database/migrations';
import { conflict } from '../kernel/errors';
import { verifyBackupFile, type VerifyReport } from './backups';
import { assertRestorable } from './restorable';

export function verifyBackupJob(input: { path: string; file: string; programSchemaVersion: number }): VerifyReport {
  return verifyBackupFile(input.path, input.file, input.programSchemaVersion);
}

/** What backups.restore checks before it touches anything; throws the handler's CONFLICT. */
export function restoreCheckJob(
  input: { path: string; file: string; programSchemaVersion: number; migrations: Migration[]; head: AuditHead | null },
  progress: (p: { phase: 'quick_check' | 'schema_and_audit' }) => void,
): VerifyReport {
  progress({ phase: 'quick_check' });
  const report = verifyBackupFile(input.path, input.file, input.programSchemaVersion);
  if (report.newerThanProgram) {
    throw conflict(`该备份来自较新版本的程序（数据库版本 ${report.schemaVersion}），本程序不能恢复它；未做任何改动`, { file: input.file });
  }
  if (!report.ok) throw conflict('该备份未通过完整性检查，不能用于恢复；未做任何改动', { file: input.file, problems: report.problems });
  progress({ phase: 'schema_and_audit' });
  assertRestorable(input.path, input.file, input.migrations, input.head);
  return report;
}
