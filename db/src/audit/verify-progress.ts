/**
 * How far the running audit.verify has got, for the screen's progress bar. audit.verify is
 * one call that answers when the whole chain is read (seconds at a centre's scale); the
 * screen asks audit.verifyProgress meanwhile. Kept in memory per database file: it
 * describes a call in progress in this process, and the last finished check, nothing that
 * must survive a restart (the audit row of a backup or export is the lasting record).
 */
import type { AuditVerifyResult } from './anchor';

export interface VerifyProgress {
  running: boolean;
  /** rows checked so far (all of them once finished) */
  rows: number;
  /** rows in the log when the check began: the progress bar's end */
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** the last finished check's result; null before the first */
  result: AuditVerifyResult | null;
  /** the last check's failure to run at all (not a broken chain: that is in result) */
  error: string | null;
}

const IDLE: VerifyProgress = { running: false, rows: 0, total: 0, startedAt: null, finishedAt: null, result: null, error: null };

const byDatabase = new Map<string, VerifyProgress>();
// Two administrators may start a check at once: the later one is the one shown.
const latestRun = new Map<string, number>();
let nextRun = 1;

export function verifyProgress(dbPath: string): VerifyProgress {
  return byDatabase.get(dbPath) ?? IDLE;
}

/** Starts recording a check; the returned functions report on it (ignored once a later check began). */
export function beginVerify(dbPath: string, total: number, at: Date) {
  const run = nextRun++;
  latestRun.set(dbPath, run);
  const previous = verifyProgress(dbPath);
  byDatabase.set(dbPath, { running: true, rows: 0, total, startedAt: at.toISOString(), finishedAt: null, result: previous.result, error: null });
  const update = (change: Partial<VerifyProgress>) => {
    if (latestRun.get(dbPath) !== run) return;
    byDatabase.set(dbPath, { ...verifyProgress(dbPath), ...change });
  };
  return {
    progress: (rows: number) => update({ rows }),
    done: (result: AuditVerifyResult, at: Date) => update({ running: false, rows: result.rows, result, finishedAt: at.toISOString() }),
    failed: (err: unknown, at: Date) => update({ running: false, error: (err as Error)?.message ?? String(err), finishedAt: at.toISOString() }),
  };
}
