/**
 * The pool of job workers: a job that started a helper (an export's files thread) settles
 * only once the helper has, so that both workers are back in the pool and the next export
 * finds them ready (a new worker from TypeScript sources costs up to a second, more than a
 * whole 60,000-row export). Asserted on the pool's size when the job's promise settles.
 */
import { describe, expect, it } from 'vitest';
import { idleWorkers, startJob } from '../../db/src/jobs/run-job';
import { tempDir, testCore } from '../support/temp';

describe('job workers', () => {
  it("an export job settles after its files helper: both workers are in the pool, and the next export starts no new one", async () => {
    const core = testCore();
    const dbPath = core.db.name;
    const input = (i: number) => ({
      dbPath,
      kind: 'ledger' as const,
      range: { from: '2026-01-01', to: '2026-12-31' },
      asOf: '2026-03-03',
      encoding: 'utf8' as const,
      temp: tempDir('onewindow-pool-'),
      base: `ledger-${i}`,
    });
    expect(idleWorkers()).toBe(0);
    for (let i = 0; i < 5; i++) {
      const idleWhenSettled = await startJob('exports.write', input(i)).result.then(() => idleWorkers());
      expect(idleWhenSettled).toBe(2);
    }
  });
});
