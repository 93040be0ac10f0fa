import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir, fsyncFile } from './files';
import { makePrivateFile } from '../database/private-files';

const SIDECARS = ['-wal', '-shm'] as const;

export interface FileSwap {
  /** the new file opened fine: drop the set-aside old one (the caller kept a backup of it) */
  commit(): void;
  /** the new file did not open: put the old one back as it was */
  undo(): void;
}

/**
 * Puts a copy of `fromFile` in place of the database at `livePath`. Every connection to
 * the live file must be closed first (after a checkpoint).
 *
 * The copy is written beside the live file and flushed, then renamed over it: a rename
 * within a folder is atomic, so after a power cut the database is either the old file or
 * the new one, never a mixture and never missing. The old file is kept under a side name
 * (a hard link, so no time is spent copying) until the new one has opened. Its -wal and
 * -shm move aside with it: SQLite would otherwise replay the old WAL into the new file.
 */
export function swapInDatabaseFile(livePath: string, fromFile: string): FileSwap {
  const tag = randomBytes(4).toString('hex');
  const staging = `${livePath}.restoring-${tag}`;
  const aside = `${livePath}.before-restore-${tag}`;
  copyFileSync(fromFile, staging, constants.COPYFILE_EXCL);
  // The copy takes the backup's mode; the live file (and the -wal/-shm SQLite derives from it) is 0600.
  makePrivateFile(staging);
  fsyncFile(staging);

  const hadLive = existsSync(livePath);
  if (hadLive) {
    try {
      linkSync(livePath, aside);
    } catch {
      // file systems without hard links (FAT on a USB stick)
      copyFileSync(livePath, aside, constants.COPYFILE_EXCL);
    }
  }
  for (const s of SIDECARS) if (existsSync(livePath + s)) renameSync(livePath + s, aside + s);
  renameSync(staging, livePath);
  fsyncDir(dirname(livePath));

  return {
    commit() {
      for (const s of ['', ...SIDECARS]) rmSync(aside + s, { force: true });
    },
    undo() {
      // The sidecars now beside the live name belong to the new file.
      for (const s of SIDECARS) rmSync(livePath + s, { force: true });
      if (hadLive) renameSync(aside, livePath);
      for (const s of SIDECARS) if (existsSync(aside + s)) renameSync(aside + s, livePath + s);
      fsyncDir(dirname(livePath));
    },
  };
}
