import { describe, expect, it } from 'vitest';
import { createScheduler, dueJobs, isDue, latestDailySlot, parseTimeOfDay, type JobRecord, type SchedulerState } from '../../db/src/services/scheduler';

// Shanghai is UTC+8: 02:00 there is 18:00 UTC the day before.
const sh = (local: string) => new Date(`${local}+08:00`);
const rec = (lastSuccess: string | null, lastFailure: string | null = null): JobRecord => ({ lastSuccess, lastFailure, lastError: null });

describe('daily times', () => {
  it('reads HH:mm only', () => {
    expect(parseTimeOfDay('02:30')).toEqual({ hours: 2, minutes: 30 });
    expect(parseTimeOfDay('23:59')).toEqual({ hours: 23, minutes: 59 });
    for (const bad of ['2:30', '24:00', '12:60', '', 'noon', '02:30:00']) expect(parseTimeOfDay(bad)).toBeNull();
  });

  it('finds the latest slot at or before now, in China time', () => {
    expect(latestDailySlot('02:00', sh('2026-11-22T09:15:00'))).toEqual(sh('2026-11-22T02:00:00'));
    expect(latestDailySlot('02:00', sh('2026-11-22T01:59:00'))).toEqual(sh('2026-11-21T02:00:00'));
    expect(latestDailySlot('02:00', sh('2026-11-22T02:00:00'))).toEqual(sh('2026-11-22T02:00:00'));
    // New year in Shanghai while it is still the old year in UTC.
    expect(latestDailySlot('00:30', sh('2027-01-01T00:45:00'))).toEqual(sh('2027-01-01T00:30:00'));
    expect(latestDailySlot('25:00', sh('2027-01-01T00:45:00'))).toBeNull();
  });
});

describe('what is due', () => {
  const daily = { type: 'daily', at: '02:00' } as const;
  const hourly = { type: 'every', minutes: 60 } as const;

  it('catches up at start a daily run missed while the computer was off', () => {
    // Last export ran on the 20th; the computer was off at 02:00 on the 21st and 22nd.
    expect(isDue(daily, rec(sh('2026-11-20T02:01:00').toISOString()), sh('2026-11-22T08:30:00'))).toBe(true);
    expect(isDue(daily, undefined, sh('2026-11-22T08:30:00'))).toBe(true);
  });

  it('does not run a daily job twice for the same slot', () => {
    expect(isDue(daily, rec(sh('2026-11-22T02:00:30').toISOString()), sh('2026-11-22T23:59:00'))).toBe(false);
    expect(isDue(daily, rec(sh('2026-11-22T02:00:30').toISOString()), sh('2026-11-23T02:00:00'))).toBe(true);
    // Caught up at 08:30 on the 22nd: the next run is the 23rd at 02:00.
    expect(isDue(daily, rec(sh('2026-11-22T08:30:10').toISOString()), sh('2026-11-23T01:59:00'))).toBe(false);
  });

  it('runs interval jobs when the interval has passed', () => {
    expect(isDue(hourly, undefined, sh('2026-11-22T08:00:00'))).toBe(true);
    expect(isDue(hourly, rec(sh('2026-11-22T08:00:00').toISOString()), sh('2026-11-22T08:59:00'))).toBe(false);
    expect(isDue(hourly, rec(sh('2026-11-22T08:00:00').toISOString()), sh('2026-11-22T09:00:00'))).toBe(true);
    expect(isDue({ type: 'every', minutes: 0 }, undefined, sh('2026-11-22T09:00:00'))).toBe(false);
  });

  it('retries a failed run after a pause, not at every tick', () => {
    const failed = rec(sh('2026-11-21T02:00:10').toISOString(), sh('2026-11-22T02:00:05').toISOString());
    expect(isDue(daily, failed, sh('2026-11-22T02:10:00'))).toBe(false);
    expect(isDue(daily, failed, sh('2026-11-22T02:15:05'))).toBe(true);
    // A success after the failure counts as usual.
    expect(isDue(daily, rec(sh('2026-11-22T02:20:00').toISOString(), sh('2026-11-22T02:00:05').toISOString()), sh('2026-11-22T03:00:00'))).toBe(false);
  });

  it('runs nothing that is switched off or already running', () => {
    const now = sh('2026-11-22T08:30:00');
    const jobs = [
      { name: 'backup', schedule: hourly },
      { name: 'exports', schedule: daily },
      { name: 'off', schedule: null },
    ];
    expect(dueJobs(jobs, {}, new Set(), now)).toEqual(['backup', 'exports']);
    expect(dueJobs(jobs, {}, new Set(['exports']), now)).toEqual(['backup']);
  });
});

describe('the scheduler', () => {
  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  it('never runs two jobs of the same kind at once, and records the runs', async () => {
    let clock = sh('2026-11-22T08:30:00');
    const saved: SchedulerState[] = [];
    const gate = deferred();
    let starts = 0;
    const s = createScheduler({
      jobs: [{ name: 'exports', schedule: () => ({ type: 'every', minutes: 1 }), run: () => (starts++, gate.promise) }],
      load: () => ({}),
      save: (state) => saved.push(state),
      now: () => clock,
    });
    const first = s.tick();
    clock = sh('2026-11-22T08:45:00');
    const second = s.tick();
    expect(starts).toBe(1);
    expect([...s.running]).toEqual(['exports']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(s.running.size).toBe(0);
    expect(s.state.exports?.lastSuccess).toBe(clock.toISOString());
    expect(saved).toHaveLength(1);
    await s.tick();
    expect(starts).toBe(1);
  });

  it('catches up from the saved state at start and keeps the error of a failed run', async () => {
    const clock = sh('2026-11-22T08:30:00');
    const ran: string[] = [];
    const s = createScheduler({
      jobs: [
        { name: 'exports', schedule: () => ({ type: 'daily', at: '02:00' }), run: async (at) => void ran.push(`exports ${at.toISOString()}`) },
        {
          name: 'backup',
          schedule: () => ({ type: 'every', minutes: 60 }),
          run: async () => {
            throw new Error('磁盘已满');
          },
        },
      ],
      load: () => ({ exports: rec(sh('2026-11-20T02:00:00').toISOString()), backup: rec(sh('2026-11-22T08:00:00').toISOString()) }),
      save: () => {},
      now: () => clock,
      log: { info: () => {}, error: () => {} },
    });
    await s.tick();
    expect(ran).toEqual([`exports ${clock.toISOString()}`]);
    const t2 = sh('2026-11-22T09:10:00');
    const s2 = createScheduler({
      jobs: [{ name: 'backup', schedule: () => ({ type: 'every', minutes: 60 }), run: async () => Promise.reject(new Error('磁盘已满')) }],
      load: () => s.state,
      save: () => {},
      now: () => t2,
      log: { info: () => {}, error: () => {} },
    });
    await s2.tick();
    expect(s2.state.backup).toMatchObject({ lastSuccess: sh('2026-11-22T08:00:00').toISOString(), lastFailure: t2.toISOString(), lastError: '磁盘已满' });
  });

  it('does not count a run refused by quitting as a failure', async () => {
    const s = createScheduler({
      jobs: [{ name: 'backup', schedule: () => ({ type: 'every', minutes: 60 }), run: async () => 'x' }],
      load: () => ({}),
      save: () => {},
      track: () => Promise.reject(Object.assign(new Error('程序正在退出'), { name: 'ShuttingDownError' })),
    });
    await s.tick();
    expect(s.state.backup).toBeUndefined();
  });
});
