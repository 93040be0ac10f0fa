import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { DatabaseUnreadableError } from '../database/open';

/** The database file failed `PRAGMA quick_check` at start. Nothing was changed or deleted. */
export class DatabaseCorruptError extends Error {
  readonly kind = 'corrupt' as const;
  constructor(
    readonly problems: string[],
    cause?: unknown,
  ) {
    super(
      `数据库文件已损坏，完整性检查未通过（${problems.slice(0, 3).join('；')}${problems.length > 3 ? '……' : ''}）。` +
        '文件未被改动，也没有删除任何数据；请由管理员从备份恢复。',
      { cause },
    );
    this.name = 'DatabaseCorruptError';
  }
}

const DAMAGED_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Runs `PRAGMA quick_check` on the file through a read-only connection, before anything
 * opens it for writing: opening for writing switches the journal mode and runs
 * migrations, and neither may touch a damaged file. Throws DatabaseCorruptError when the
 * check fails or SQLite calls the file damaged; other failures to read it become
 * DatabaseUnreadableError. A file that does not exist yet passes.
 */
export function checkDatabaseIntegrity(path: string): void {
  if (!existsSync(path)) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
    const failure = checkFailure({ rows });
    if (failure) throw failure;
  } catch (err) {
    throw checkFailure({ error: err }) ?? err;
  } finally {
    db?.close();
  }
}

/** What a quick_check's rows, or the error that stopped it, mean for the file (null: it passed). */
export function checkFailure(outcome: { rows: string[] } | { error: unknown }): Error | null {
  if ('rows' in outcome) return outcome.rows.length === 1 && outcome.rows[0] === 'ok' ? null : new DatabaseCorruptError(outcome.rows);
  const err = outcome.error;
  if (err instanceof DatabaseCorruptError) return err;
  const code = (err as { code?: string }).code;
  if (code && DAMAGED_CODES.has(code)) return new DatabaseCorruptError([(err as Error).message], err);
  return new DatabaseUnreadableError(`无法读取数据库文件（${(err as Error).message}）。文件未被改动。`, err);
}
