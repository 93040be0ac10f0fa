import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaStamp } from '../shared/china-time';
import {
  DAILY_KEEP_DAYS,
  PRE_MIGRATION_KEEP,
  fileSize,
  fsyncDir,
  fsyncFile,
  headerSchemaVersion,
  listBackupNames,
  newBackupName,
  type BackupKind,
  type ListedKind,
} from './files';
import { auditHead, type AuditHead } from '../audit/anchor';
import { runJob } from '../jobs/run-job';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE, writePrivateFile } from '../database/private-files';

export interface BackupInfo {
  file: string;
  kind: ListedKind;
  size: number;
  /** ISO time the backup was taken (from its name) */
  createdAt: string;
  /** user_version of the copy, read from its header; null when the header is unreadable */
  schemaVersion: number | null;
  note: string | null;
  /**
   * The last audit row in the copy when it was taken (from the metadata beside it): a copy
   * whose chain ends elsewhere has been cut or rewritten since. Null for copies without
   * one (older backups, broken copies, a database without an audit log yet).
   */
  auditHead: AuditHead | null;
  /** the last backups.verify of this copy (kept in its metadata); null when never checked */
  lastCheck: BackupCheck | null;
}

/** A backups.verify result as remembered beside the copy, for the list. */
export interface BackupCheck {
  /** ISO time of the check */
  at: string;
  ok: boolean;
  problems: string[];
  schemaVersion: number | null;
}

// Names chosen but not yet renamed into place: two backups started in the same second in
// this process must not pick the same name (existsSync cannot see the other one yet).
const reserved = new Set<string>();

function reserveName(dir: string, kind: ListedKind, at: Date): string {
  const file = newBackupName(dir, kind, at, (path) => reserved.has(path) || existsSync(path));
  reserved.add(join(dir, file));
  return file;
}

const notePath = (dir: string, file: string) => join(dir, `${file}.json`);
const partialPath = (dir: string, file: string) => join(dir, `.${file}.${randomBytes(4).toString('hex')}.partial`);

function removeWithSidecars(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/**
 * Puts a finished copy in place under its final name. The copy is first switched to a
 * rollback journal: a WAL-mode file would sprout -wal and -shm files beside it whenever it
 * is opened, even read-only, and a copy must be one self-contained file.
 */
function publish(dir: string, partial: string, file: string, note: string | null): void {
  const copy = new Database(partial);
  let head: AuditHead | null;
  try {
    copy.pragma('journal_mode = DELETE');
    head = auditHead(copy);
  } finally {
    copy.close();
  }
  // SQLite creates the copy 0644; it holds every record.
  makePrivateFile(partial);
  fsyncFile(partial);
  // The metadata: the note, and the copy's audit head (checked again before a restore).
  writeFileSync(notePath(dir, file), JSON.stringify({ note, auditHead: head }), { mode: PRIVATE_FILE_MODE });
  // Renamed only when whole, so a half-written backup never appears in the list.
  renameSync(partial, join(dir, file));
  fsyncDir(dir);
}

export function describeBackup(dir: string, file: string, kind: ListedKind, createdAt: Date): BackupInfo {
  const path = join(dir, file);
  const meta = readBackupMetadata(dir, file);
  return { file, kind, size: fileSize(path), createdAt: createdAt.toISOString(), schemaVersion: headerSchemaVersion(path), ...meta };
}

type BackupMetadata = { note: string | null; auditHead: AuditHead | null; lastCheck: BackupCheck | null };

const NO_METADATA: BackupMetadata = { note: null, auditHead: null, lastCheck: null };

function readCheck(raw: unknown): BackupCheck | null {
  const c = raw as Partial<BackupCheck> | null | undefined;
  if (!c || typeof c.at !== 'string' || typeof c.ok !== 'boolean') return null;
  return {
    at: c.at,
    ok: c.ok,
    problems: Array.isArray(c.problems) ? c.problems.map(String) : [],
    schemaVersion: Number.isInteger(c.schemaVersion) ? c.schemaVersion! : null,
  };
}

export function readBackupMetadata(dir: string, file: string): BackupMetadata {
  try {
    if (!existsSync(notePath(dir, file))) return NO_METADATA;
    const meta = JSON.parse(readFileSync(notePath(dir, file), 'utf8')) as { note?: unknown; auditHead?: Partial<AuditHead> | null; lastCheck?: unknown };
    const head = meta.auditHead;
    return {
      note: typeof meta.note === 'string' ? meta.note : null,
      auditHead: head && Number.isInteger(head.id) && typeof head.hash === 'string' ? { id: head.id!, hash: head.hash } : null,
      lastCheck: readCheck(meta.lastCheck),
    };
  } catch {
    // unreadable metadata is not worth failing a list for
    return NO_METADATA;
  }
}

/**
 * Remembers a check's result beside the copy, for the list (管理 → 备份). The rest of the
 * metadata is kept as written: its audit head is what a restore compares the copy with.
 * Never throws: the check has been done and answered; a full disk only loses the memory.
 */
export function recordBackupCheck(dir: string, report: VerifyReport, at: Date): BackupCheck | null {
  const check: BackupCheck = { at: at.toISOString(), ok: report.ok, problems: report.problems, schemaVersion: report.schemaVersion };
  try {
    const path = notePath(dir, report.file);
    let meta: Record<string, unknown> = {};
    if (existsSync(path)) {
      try {
        const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        if (raw && typeof raw === 'object' && !Array.isArray(raw)) meta = raw as Record<string, unknown>;
      } catch {
        // unreadable before: the check is all it will say (no head, as before)
      }
    }
    writePrivateFile(path, JSON.stringify({ ...meta, lastCheck: check }));
    return check;
  } catch {
    return null;
  }
}

/**
 * Copies the live database on a worker thread (jobs/), through a connection of its own:
 * `VACUUM INTO` in one read transaction, a consistent copy of the file as committed when it
 * starts, while the counter keeps reading and writing (WAL). `db` names the file; nothing
 * runs on it here. The caller writes the audit row.
 */
export async function createBackup(
  db: Database.Database,
  dir: string,
  kind: BackupKind,
  at: Date,
  note: string | null = null,
  onProgress?: (progress: BackupProgress) => void,
): Promise<BackupInfo> {
  makePrivateDir(dir);
  const file = reserveName(dir, kind, at);
  const partial = partialPath(dir, file);
  try {
    await runJob('backups.copy', { source: db.name, dir, partial, file, note }, { owner: db.name, ...(onProgress ? { onProgress } : {}) });
  } catch (err) {
    removeWithSidecars(partial);
    throw err;
  } finally {
    reserved.delete(join(dir, file));
  }
  return describeBackup(dir, file, kind, at);
}

export type BackupProgress = { phase: 'copying' | 'publishing' };

/** The worker's side of createBackup: the copy and its publication, never the live connection. */
export function copyDatabaseJob(
  input: { source: string; dir: string; partial: string; file: string; note: string | null },
  progress: (p: BackupProgress) => void,
): void {
  const source = new Database(input.source, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    progress({ phase: 'copying' });
    source.prepare('VACUUM INTO ?').run(input.partial);
  } finally {
    source.close();
  }
  progress({ phase: 'publishing' });
  publish(input.dir, input.partial, input.file, input.note);
}

/**
 * The synchronous variant (`VACUUM INTO`), for the backup taken while the database is
 * being opened, before migrations run: nothing else can use the connection at that point.
 */
export function createBackupSync(db: Database.Database, dir: string, kind: BackupKind, at: Date): BackupInfo {
  makePrivateDir(dir);
  const file = reserveName(dir, kind, at);
  const partial = partialPath(dir, file);
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    publish(dir, partial, file, null);
  } catch (err) {
    removeWithSidecars(partial);
    throw err;
  } finally {
    reserved.delete(join(dir, file));
  }
  return describeBackup(dir, file, kind, at);
}

export function listBackups(dir: string): BackupInfo[] {
  const out: BackupInfo[] = [];
  for (const p of listBackupNames(dir)) {
    try {
      out.push(describeBackup(dir, p.file, p.kind, p.createdAt));
    } catch {
      // removed between the listing and the stat
    }
  }
  return out;
}

export interface VerifyReport {
  file: string;
  ok: boolean;
  /** what quick_check or opening the file reported; empty when ok */
  problems: string[];
  schemaVersion: number | null;
  /** a healthy copy made by a newer program: this program cannot restore it */
  newerThanProgram: boolean;
}

/**
 * Opens a copy read-only and runs `PRAGMA quick_check`. A damaged file makes SQLite throw
 * (SQLITE_CORRUPT, SQLITE_NOTADB) as often as it makes quick_check report rows; both end
 * up as problems, never as an exception.
 */
export function verifyBackupFile(path: string, file: string, programSchemaVersion: number): VerifyReport {
  const problems: string[] = [];
  let schemaVersion: number | null = null;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const messages = rows.map((r) => r.quick_check);
    if (!(messages.length === 1 && messages[0] === 'ok')) problems.push(...messages.map((m) => `完整性检查：${m}`));
    schemaVersion = db.pragma('user_version', { simple: true }) as number;
    // Every version of the schema has the settings table (0001); older copies lack later
    // tables such as users and are migrated when restored.
    const ours = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'").get();
    if (problems.length === 0 && (schemaVersion === 0 || !ours)) problems.push('不是本程序的数据库');
  } catch (err) {
    problems.push(`无法读取：${(err as Error).message}`);
  } finally {
    db?.close();
  }
  return {
    file,
    ok: problems.length === 0,
    problems,
    schemaVersion,
    newerThanProgram: schemaVersion !== null && schemaVersion > programSchemaVersion,
  };
}

/**
 * Daily backups are kept for DAILY_KEEP_DAYS China dates, pre-migration ones the newest
 * PRE_MIGRATION_KEEP; manual, pre-restore and broken copies are only ever removed by a
 * person. Leftovers of backups interrupted by a crash are removed too: they are not
 * backups and were never listed. Returns the names removed.
 */
export function rotateBackups(dir: string, now: Date): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  const remove = (file: string) => {
    rmSync(join(dir, file), { force: true });
    rmSync(notePath(dir, file), { force: true });
    removed.push(file);
  };
  const oldestKept = chinaStamp(new Date(now.getTime() - (DAILY_KEEP_DAYS - 1) * 86_400_000)).date;
  let preMigration = 0;
  for (const p of listBackupNames(dir)) {
    if (p.kind === 'daily' && p.date < oldestKept) remove(p.file);
    if (p.kind === 'pre-migration' && ++preMigration > PRE_MIGRATION_KEEP) remove(p.file);
  }
  for (const file of readdirSync(dir)) {
    if (!/^\..+\.partial(-wal|-shm|-journal)?$/.test(file)) continue;
    try {
      // File times are wall-clock times, whatever clock the caller runs on.
      if (Date.now() - statSync(join(dir, file)).mtimeMs > 3600_000) unlinkSync(join(dir, file));
    } catch {
      // already gone
    }
  }
  return removed;
}
