import { DatabaseTooNewError, DatabaseUnreadableError } from '../db/src/database/open';
import { DatabaseCorruptError } from '../db/src/backups/integrity';

/** One Chinese sentence for a database that cannot be opened; shared by the CLI and both hosts. */
export function describeOpenError(err: unknown, dbPath: string): string {
  if (err instanceof DatabaseTooNewError) return `无法打开数据库 ${dbPath}：${err.message}`;
  if (err instanceof DatabaseUnreadableError) return `无法打开数据库 ${dbPath}：${err.message}`;
  // The message already says nothing was changed and a backup can be restored.
  if (err instanceof DatabaseCorruptError) return `无法打开数据库 ${dbPath}：${err.message}`;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `无法打开数据库 ${dbPath}：数据文件夹不可写（${code}）。`;
  return `无法打开数据库 ${dbPath}：${(err as Error)?.message ?? String(err)}`;
}
