import Database from 'better-sqlite3';
import { constants, copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, RecoveryPort } from '../kernel/handler';
import { AppError, conflict, notFound } from '../kernel/errors';
import { appendAudit } from '../kernel/audit-chain';
import { anchorAuditHead } from '../audit/anchor';
import { DUMMY_HASH, verifyPassword } from '../accounts/passwords';
import type { UserRow } from '../accounts/accounts';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../database/migrations';
import type { Core } from '../core';
import { listBackups, readBackupMetadata, type BackupInfo } from './backups';
import { runJob } from '../jobs/run-job';
import { backupPathFor, backupsDirFor, fsyncDir, newBackupName } from './files';
import { swapInDatabaseFile } from './swap';
import { lockLengthText, lockMinutesAfter } from '../accounts/sign-in-limits';
import { clearRecoveryLockout, readRecoveryLockout, recordRecoveryFailure, recoveryLockoutPath } from './recovery-lockout';
import { makePrivateDir, makePrivateFile } from '../database/private-files';

export type OpenFailureKind = 'corrupt' | 'too_new' | 'unreadable';

export type RecoveryStatus = RecoveryStatusView;

const BAD_CREDENTIALS = '用户名或密码错误，或该账户在所选备份中不是启用的管理员';

export function openFailureKind(err: unknown): OpenFailureKind {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return kind === 'corrupt' || kind === 'too_new' ? kind : 'unreadable';
}

/**
 * Checks credentials against the users table of the backup about to be restored: the
 * live database may be unreadable, and the backup is what the person will work in.
 */
function adminInBackup(path: string, username: string, password: string): { id: number; name: string } | null {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'users'").get()) {
      throw conflict('该备份早于账户功能，无法核对管理员身份；请选择较新的备份');
    }
    const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    // Hash even for an unknown name, so timing does not tell which names exist.
    const passwordOk = verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !passwordOk || row.active !== 1 || !(JSON.parse(row.roles) as string[]).includes('admin')) return null;
    return { id: row.id, name: row.display_name };
  } finally {
    db.close();
  }
}

/**
 * A plain copy of the database that would not open, with its WAL. Copying the file is
 * right here and nowhere else: it is closed, may be damaged beyond what SQLite's backup
 * API would read, and must be kept exactly as it was.
 */
function keepBrokenCopy(dbPath: string, dir: string, at: Date): string | null {
  if (!existsSync(dbPath)) return null;
  makePrivateDir(dir);
  const file = newBackupName(dir, 'broken', at);
  const target = join(dir, file);
  // Copied under the name SQLite looks for, so opening the copy sees the same data.
  const wal = `${dbPath}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    copyFileSync(wal, `${target}-wal`, constants.COPYFILE_EXCL);
    makePrivateFile(`${target}-wal`);
  }
  copyFileSync(dbPath, target, constants.COPYFILE_EXCL);
  makePrivateFile(target);
  fsyncDir(dir);
  return file;
}

export interface RecoveryRestoreOptions {
  dbPath: string;
  /** what opening the database threw */
  error: unknown;
  /** the sentence to show; defaults to the error's message */
  message?: string;
  migrationsDir?: string;
  log: Logger;
  /** opens a working core on the restored file (the app's openCore with its options) */
  reopen(): Core;
}

/**
 * What the recovery handlers act on while the database cannot be opened (damaged, from a
 * newer program, unreadable): `status()` and `restore()`, given to them as ctx.recovery.
 * restore checks that the credentials are those of an active administrator in the chosen
 * backup, keeps a copy of the current file (`…-broken.sqlite`), swaps the backup in and
 * returns the working core it opened. Nothing is ever deleted. Five wrong passwords lock
 * restoring for 15 minutes, each further one for twice as long (recovery-lockout.ts keeps
 * the count in a file across restarts).
 */
export function recoveryPort(options: RecoveryRestoreOptions, onRestored: (core: Core) => void): TypedRecoveryPort {
  const { dbPath, log } = options;
  const backupsDir = backupsDirFor(dbPath);
  const kind = openFailureKind(options.error);
  const message = options.message ?? (options.error instanceof Error ? options.error.message : String(options.error));
  const lockoutPath = recoveryLockoutPath(dbPath);
  const migrations = () => loadMigrations(options.migrationsDir ?? defaultMigrationsDir());

  return {
    status(): RecoveryStatus {
      let backups: BackupInfo[] = [];
      try {
        backups = listBackups(backupsDir);
      } catch (err) {
        log.warn(`cannot list backups in ${backupsDir}: ${(err as Error).message}`);
      }
      return { kind, message, dbPath, backups };
    },

    async restore(input, at) {
      const lockout = readRecoveryLockout(lockoutPath);
      if (lockout.lockedUntil && at.getTime() < Date.parse(lockout.lockedUntil)) {
        const minutes = lockMinutesAfter(lockout.failures) ?? 0;
        throw new AppError('UNAUTHENTICATED', `连续失败 ${lockout.failures} 次，恢复功能已锁定 ${lockLengthText(minutes)}，请稍后再试`, {
          details: { lockedUntil: lockout.lockedUntil },
        });
      }
      const path = backupPathFor(backupsDir, input.file);
      if (!existsSync(path)) throw notFound(`备份文件“${input.file}”不存在`, { file: input.file });
      // The copy's quick_check, schema and whole audit chain: seconds on a centre's copy, so
      // on a worker thread as backups.restore does; recovery.status answers meanwhile (the
      // dispatcher's task gate refuses a second restore until this one is done).
      const known = migrations();
      const report = await runJob(
        'backups.restoreCheck',
        { path, file: input.file, programSchemaVersion: latestVersion(known), migrations: known, head: readBackupMetadata(backupsDir, input.file).auditHead },
        { owner: dbPath },
      );

      const admin = adminInBackup(path, input.username, input.password);
      if (!admin) {
        recordRecoveryFailure(lockoutPath, at);
        throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
      }
      clearRecoveryLockout(lockoutPath);

      const brokenCopy = keepBrokenCopy(dbPath, backupsDir, at);
      const swap = swapInDatabaseFile(dbPath, path);
      let restored: Core;
      try {
        restored = options.reopen();
      } catch (err) {
        swap.undo();
        log.error('restored backup did not open', err);
        throw conflict(`恢复后的数据库无法打开，已放回原文件：${(err as Error).message}`);
      }
      swap.commit();
      restored.db.transaction(() => {
        appendAudit(restored.db, admin, at, {
          handler: 'recovery.restore',
          action: 'restore',
          recordType: 'backup',
          recordId: input.file,
          detail: { restoredFrom: input.file, brokenCopy, reason: kind, fromVersion: report.schemaVersion },
        });
      })();
      anchorAuditHead(restored.db, dbPath, at, { reset: true, log });
      onRestored(restored);
      return { restoredFrom: input.file, brokenCopy, schemaVersion: restored.db.pragma('user_version', { simple: true }) as number };
    },
  };
}

/** The recovery port with this feature's result types (the kernel knows it as `RecoveryPort`). */
export interface TypedRecoveryPort extends RecoveryPort {
  status(): RecoveryStatusView;
  restore(input: { file: string; username: string; password: string }, at: Date): Promise<RecoveryRestoreResult>;
}

export interface RecoveryStatusView {
  kind: 'corrupt' | 'too_new' | 'unreadable';
  message: string;
  dbPath: string;
  backups: BackupInfo[];
}

export interface RecoveryRestoreResult {
  restoredFrom: string;
  brokenCopy: string | null;
  schemaVersion: number;
}
