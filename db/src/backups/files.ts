import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { validationError } from '../kernel/errors';
import { CHINA_OFFSET_MS, chinaStamp } from '../shared/china-time';

export const BACKUP_KINDS = ['daily', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
/** A plain copy of a database that could not be opened, kept by the recovery host before it restores. */
export type ListedKind = BackupKind | 'broken';

export const BACKUPS_FOLDER = 'backups';
/** Daily backups older than this many days (China dates) are removed. */
export const DAILY_KEEP_DAYS = 30;
/** How many pre-migration backups are kept, newest first. */
export const PRE_MIGRATION_KEEP = 10;

/** Backups sit beside the database, so moving the data folder moves them with it. */
export function backupsDirFor(dbPath: string): string {
  return join(dirname(dbPath), BACKUPS_FOLDER);
}

// onewindow-YYYYMMDD-HHMMSS-kind[-n].sqlite, in China time: the names sort by time and an
// administrator can read them in a file manager. -n separates two backups in one second.
const NAME = /^onewindow-(\d{8})-(\d{6})-(daily|manual|pre-migration|pre-restore|broken)(?:-(\d+))?\.sqlite$/;


export interface ParsedName {
  file: string;
  kind: ListedKind;
  /** 'YYYYMMDD', China date */
  date: string;
  createdAt: Date;
  seq: number;
}

export function parseBackupName(file: string): ParsedName | null {
  const m = NAME.exec(file);
  if (!m) return null;
  const [, date, time] = m as unknown as [string, string, string];
  const createdAt = new Date(
    Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6)) -
      CHINA_OFFSET_MS,
  );
  if (Number.isNaN(createdAt.getTime())) return null;
  return { file, kind: m[3] as ListedKind, date, createdAt, seq: m[4] ? Number(m[4]) : 1 };
}

/** A name not yet used in `dir` for a backup of this kind taken at `at`. */
export function newBackupName(dir: string, kind: ListedKind, at: Date, taken: (path: string) => boolean = existsSync): string {
  const { date, time } = chinaStamp(at);
  for (let n = 1; ; n++) {
    const file = `onewindow-${date}-${time}-${kind}${n === 1 ? '' : `-${n}`}.sqlite`;
    if (!taken(join(dir, file))) return file;
  }
}

/** Newest first; files that are not backups (temporary files, notes, strays) are left out. */
export function listBackupNames(dir: string): ParsedName[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map(parseBackupName)
    .filter((p): p is ParsedName => p !== null)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq || (a.file < b.file ? -1 : 1));
}

/**
 * The path of a backup named by a caller. Only plain names of backups in the folder are
 * accepted: a path would let an administrator's click (or a crafted request) restore or
 * read any SQLite file on the machine.
 */
export function backupPathFor(dir: string, file: string): string {
  if (file !== basename(file) || file.includes('/') || file.includes('\\') || file.includes('..') || !parseBackupName(file)) {
    throw validationError([{ path: 'file', message: '请给出备份文件夹中的备份文件名（不能包含路径）' }]);
  }
  return join(dir, file);
}

/**
 * The schema version stored in the file header (`user_version`, 4 bytes big-endian at
 * offset 60): read without opening the file with SQLite, so listing many backups stays cheap.
 */
export function headerSchemaVersion(path: string): number | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return null;
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return null;
    return header.readUInt32BE(60);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

/** Flushes a file's contents to the disk before it is renamed into place. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Windows cannot open a folder for this; NTFS journals renames. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported on this platform
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
