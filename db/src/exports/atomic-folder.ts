/**
 * A folder that appears complete or not at all: everything is written into a temporary
 * folder beside the target (`.tmp-…`, on the same file system so the rename is atomic),
 * each file and the folder are fsynced, and only then is it renamed to its final name. A
 * crash leaves at most a `.tmp-` folder, which no reader takes for an export.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { conflict, validationError } from '../kernel/errors';
import { PRIVATE_DIR_MODE } from '../database/private-files';

export const TEMP_PREFIX = '.tmp-';

/** The export folder must be set, exist, be a folder, and take a new folder. */
export function checkExportDir(dir: string): void {
  if (!dir) throw validationError([{ path: 'exportDir', message: '尚未设置导出文件夹，请先在“导出”页设置' }], '尚未设置导出文件夹，请先在“导出”页设置');
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw conflict(`导出文件夹不存在：${dir}`, { path: dir });
  }
  if (!isDir) throw conflict(`导出文件夹不是文件夹：${dir}`, { path: dir });
}

/** fsync of a file or folder. Windows cannot open a folder for it; NTFS journals the rename. */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (process.platform === 'win32') return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (process.platform !== 'win32') throw err;
  } finally {
    closeSync(fd);
  }
}

/** Creates the temporary folder; an unwritable export folder is reported with its path. */
export function createTempFolder(dir: string, name: string): string {
  const path = join(dir, `${TEMP_PREFIX}${name}`);
  try {
    // 0700, and 0600 for each file in it (the writers), whatever the folder above allows:
    // an export holds residents' records.
    mkdirSync(path, { mode: PRIVATE_DIR_MODE });
  } catch (err) {
    throw conflict(`导出文件夹不可写入：${dir}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`, { path: dir });
  }
  return path;
}

/** The first run number from `from` on whose folder does not exist yet. */
export function freeRunNo(dir: string, from: number, nameFor: (runNo: number) => string): number {
  let runNo = from;
  while (existsSync(join(dir, nameFor(runNo)))) runNo++;
  return runNo;
}

/**
 * Renames the finished temporary folder to `name`. An existing folder is never replaced
 * (rename(2) would silently replace an empty one, hence the check).
 */
export function publishFolder(dir: string, temp: string, name: string): string {
  fsyncPath(temp);
  const target = join(dir, name);
  if (existsSync(target)) throw conflict(`导出文件夹中已有同名文件夹：${target}`, { path: target });
  renameSync(temp, target);
  fsyncPath(dir);
  return target;
}

export function removeQuietly(path: string | null | undefined): void {
  if (!path) return;
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Best effort: a leftover keeps its .tmp- name and is never taken for an export.
  }
}
