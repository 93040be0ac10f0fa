/**
 * The recovery screen's count of wrong passwords, kept in a small file in the data folder
 * rather than in memory (a restart used to clear it) or in the database (which is what is
 * broken when the screen is shown). The same limits as signing in: see sign-in-limits.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lockedUntilAfter } from '../accounts/sign-in-limits';
import { writePrivateJsonFile } from '../database/private-files';

export const RECOVERY_LOCKOUT_FILE = 'recovery-lockout.json';

export interface RecoveryLockout {
  /** wrong passwords in a row since the last successful restore */
  failures: number;
  /** ISO time, or null when not locked */
  lockedUntil: string | null;
}

export const recoveryLockoutPath = (dbPath: string) => join(dirname(dbPath), RECOVERY_LOCKOUT_FILE);

export function readRecoveryLockout(path: string): RecoveryLockout {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { failures: 0, lockedUntil: null };
  }
  const r = raw as Partial<RecoveryLockout> | null;
  const failures = typeof r?.failures === 'number' && Number.isInteger(r.failures) && r.failures > 0 ? r.failures : 0;
  const lockedUntil = typeof r?.lockedUntil === 'string' && !Number.isNaN(Date.parse(r.lockedUntil)) ? r.lockedUntil : null;
  return { failures, lockedUntil };
}

/** Counts one wrong password at `at` and returns the new state (locked when the limit is reached). */
export function recordRecoveryFailure(path: string, at: Date): RecoveryLockout {
  const failures = readRecoveryLockout(path).failures + 1;
  const state = { failures, lockedUntil: lockedUntilAfter(failures, at)?.toISOString() ?? null };
  writePrivateJsonFile(path, state);
  return state;
}

export function clearRecoveryLockout(path: string): void {
  rmSync(path, { force: true });
}
