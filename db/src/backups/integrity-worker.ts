/**
 * The start-up quick_check on a worker thread (jobs/). On a centre's file it takes seconds
 * and on a district's archive most of a minute (about 2.5 s per GiB here), which the
 * counter must not wait for: the host serves at once and switches to recovery if the check
 * fails.
 */
import Database from 'better-sqlite3';
import { JobCancelledError, startJob } from '../jobs/run-job';
import { checkFailure } from './integrity';

/** The worker's side: the rows quick_check reports, through a read-only connection of its own. */
export function quickCheckJob(input: { path: string }): string[] {
  const db = new Database(input.path, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
  } finally {
    db.close();
  }
}

export interface BackgroundCheck {
  /** resolves when the file passed; rejects with DatabaseCorruptError or DatabaseUnreadableError */
  result: Promise<void>;
  /** stops the check (closing the core before it finished) */
  stop(): void;
}

export function checkDatabaseIntegrityInBackground(path: string): BackgroundCheck {
  const job = startJob('integrity.check', { path });
  const result = job.result.then(
    (rows) => {
      const failure = checkFailure({ rows });
      if (failure) throw failure;
    },
    (err: unknown) => {
      if (err instanceof JobCancelledError) return;
      throw checkFailure({ error: err }) ?? err;
    },
  );
  return { result, stop: job.cancel };
}
