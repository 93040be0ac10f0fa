import { describe, expect, it } from 'vitest';
import { listBackups } from '../../db/src/backups/backups';
import { hostJobs, BACKUP_JOB, EXPORTS_JOB, type ExportsForHosts } from '../../electron/host-jobs';
import { createInflight } from '../../electron/inflight';
import { createScheduler } from '../../electron/scheduler';
import { testCore } from '../support/temp';

describe('the desktop host schedule on a real database', () => {
  it('takes the daily backup at start and not again within the hour', async () => {
    const core = testCore();
    let clock = new Date('2026-11-22T01:00:00Z');
    const inflight = createInflight();
    const scheduler = createScheduler({ jobs: hostJobs(core, null), load: () => ({}), save: () => {}, now: () => clock, track: (w) => inflight.track(w) });
    await scheduler.tick();
    const backups = listBackups(core.database.backupsDir);
    expect(backups.map((b) => b.kind)).toEqual(['daily']);
    expect(scheduler.state[BACKUP_JOB]?.lastSuccess).toBe(clock.toISOString());

    clock = new Date('2026-11-22T01:30:00Z');
    await scheduler.tick();
    clock = new Date('2026-11-22T02:00:00Z');
    // Due again by the hour, but ensureDailyBackup sees today's copy and takes none.
    await scheduler.tick();
    expect(listBackups(core.database.backupsDir)).toHaveLength(1);
    expect(inflight.pending).toBe(0);
  });

  it('runs the export feature on its daily time once it is wired', async () => {
    const core = testCore();
    const runs: string[] = [];
    const exportsFeature: ExportsForHosts = { scheduleTime: () => '02:00', runDueExports: async (_c, now) => void runs.push(now.toISOString()) };
    const jobs = hostJobs(core, exportsFeature);
    expect(jobs.map((j) => j.name)).toEqual([BACKUP_JOB, EXPORTS_JOB]);
    const scheduler = createScheduler({ jobs: jobs.filter((j) => j.name === EXPORTS_JOB), load: () => ({}), save: () => {}, now: () => new Date('2026-11-22T01:00:00Z') });
    await scheduler.tick();
    await scheduler.tick();
    expect(runs).toEqual(['2026-11-22T01:00:00.000Z']);
    const off = hostJobs(core, { ...exportsFeature, scheduleTime: () => null }).find((j) => j.name === EXPORTS_JOB)!;
    expect(off.schedule()).toBeNull();
  });
});
