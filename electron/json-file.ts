import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../db/src/database/private-files';

/** The parsed JSON of a small state file, or null when it is missing or unreadable. */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    // A missing or half-written state file only costs a default window size or a catch-up run.
    return null;
  }
}

/** Writes beside the target and renames, so a crash never leaves a truncated state file. */
export function writeJsonFileAtomic(path: string, value: unknown): void {
  makePrivateDir(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(value, null, 2), { mode: PRIVATE_FILE_MODE });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
