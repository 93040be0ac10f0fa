/**
 * The records are personal data: on POSIX systems only the account that runs the program
 * may read them. Folders are made 0700 and files 0600 when they are created, and the
 * modes of what an older version left behind (0755 / 0644) are put right at start.
 *
 * Windows ignores these modes; there the data folder sits in the user's own profile
 * (%APPDATA%), which other ordinary accounts cannot read.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = () => process.platform !== 'win32';

/** Small state files the hosts keep beside the database (see their modules). */
export const DATA_FOLDER_STATE_FILES = ['recovery-lockout.json', 'scheduler-state.json', 'window-state.json'];
/**
 * Folders below the data folder that hold copies of the records (backups, printed
 * documents) or secrets (a centre server's TLS keys).
 */
export const DATA_FOLDER_SUBFOLDERS = ['backups', 'archive', 'tls', 'imports'];

/** mkdir -p with mode 0700 for every folder it creates, and 0700 for `dir` itself. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix()) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** 0600 for a file that exists (a missing one is left missing). */
export function makePrivateFile(path: string): void {
  if (!posix()) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** chmod that reports instead of throwing: a file owned by another account must not stop the program. */
function setMode(path: string, mode: number, current: number, failures: string[]): void {
  if ((current & 0o777) === mode) return;
  try {
    chmodSync(path, mode);
  } catch (err) {
    failures.push(`${path}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);
  }
}

function secureTree(dir: string, failures: string[]): void {
  setMode(dir, PRIVATE_DIR_MODE, lstatSync(dir).mode, failures);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    // A symbolic link is followed by chmod: whatever it points to is not ours to change.
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) secureTree(path, failures);
    else if (st.isFile()) setMode(path, PRIVATE_FILE_MODE, st.mode, failures);
  }
}

/**
 * Creates the data folder 0700 when it is missing and puts right the modes of what is in
 * it: the database and its -wal/-shm/-journal (and any other OneWindow database file, the
 * demo one, a restore's side copies), the state files, and everything below backups/ and
 * archive/. Other files a person keeps in the folder are left alone. Returns what could
 * not be changed (another account's file), for the log.
 */
export function secureDataFolder(dbPath: string): string[] {
  const dir = dirname(dbPath);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const failures: string[] = [];
  if (!posix()) return failures;
  setMode(dir, PRIVATE_DIR_MODE, lstatSync(dir).mode, failures);
  const db = basename(dbPath);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory() && DATA_FOLDER_SUBFOLDERS.includes(name)) secureTree(path, failures);
    const ours =
      name.startsWith(db) || /^onewindow.*\.sqlite/.test(name) || name.endsWith('.audit-anchor.json') || DATA_FOLDER_STATE_FILES.includes(name);
    if (st.isFile() && ours) setMode(path, PRIVATE_FILE_MODE, st.mode, failures);
  }
  return failures;
}


/**
 * Writes a small JSON file whole or not at all (beside it, fsynced, renamed), 0600: a
 * crash never leaves half a file, and no other account reads it.
 */
export function writePrivateJsonFile(path: string, value: unknown): void {
  writePrivateFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a small text file whole or not at all, 0600 (as writePrivateJsonFile). */
export function writePrivateFile(path: string, text: string): void {
  makePrivateDir(dirname(path));
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
