import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCrashSoak } from '../../scripts/crash/soak';
import { tempDir } from '../support/temp';

// Twenty writer processes are started and killed; on a loaded machine that takes minutes.
describe('crash safety', () => {
  it('loses no acknowledged write and never breaks the file or the audit chain when the writer is killed (SIGKILL) 20 times', async () => {
    const result = await runCrashSoak({ kills: 20, dbPath: join(tempDir(), 'crash.sqlite') });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ kills: 20, integrityFailures: 0, lostWrites: 0 });
    expect(result.acknowledged).toBeGreaterThanOrEqual(20);
    // A write may commit and be killed before it is acknowledged, never the other way round.
    expect(result.rows).toBeGreaterThanOrEqual(result.acknowledged);
  }, 300_000);
});
