import type { Core } from '../core';
import type { Logger } from '../dispatcher/handler';
import { ensureDailyBackup } from '../backups/daily';
import { runDueExports, scheduleTime } from '../exports/schedule';
import { createScheduler, type ScheduledJob, type Scheduler, type SchedulerState } from './scheduler';

export const BACKUP_JOB = 'backups.daily';
export const EXPORTS_JOB = 'exports.due';

/**
 * The core's periodic work: today's backup (checked hourly, a no-op once today's copy
 * exists, so a counter left running overnight gets the next day's) and the due district
 * exports at the administrator's daily time. Both are audited as the system (no person).
 */
export function coreJobs(core: () => Core | null): ScheduledJob[] {
  const live = () => {
    const c = core();
    if (!c) throw Object.assign(new Error('数据库未打开'), { name: 'ShuttingDownError' });
    return c;
  };
  return [
    { name: BACKUP_JOB, schedule: () => ({ type: 'every', minutes: 60 }), run: (now) => ensureDailyBackup(live(), now) },
    {
      name: EXPORTS_JOB,
      schedule: () => {
        const c = core();
        const at = c ? scheduleTime(c) : null;
        return at ? { type: 'daily', at } : null;
      },
      run: (now) => runDueExports(live(), now),
    },
  ];
}

export interface ServicesOptions {
  /** the working core, or null while in recovery mode (nothing runs then) */
  core(): Core | null;
  now(): Date;
  log: Logger;
  /** wraps each run, e.g. the desktop's quit gate, which may refuse to start it */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
  /** how often due jobs are looked for (default a minute) */
  intervalMs?: number;
  load?: () => SchedulerState;
  save?: (state: SchedulerState) => void;
}

export function createServices(options: ServicesOptions) {
  let scheduler: Scheduler | null = null;
  let wanted = false;
  let started = false;
  const build = () =>
    createScheduler({
      jobs: coreJobs(options.core),
      load: options.load ?? (() => ({})),
      save: options.save ?? (() => {}),
      now: options.now,
      ...(options.track ? { track: options.track } : {}),
      log: { info: (m) => options.log.info(m), error: (m, err) => options.log.error(m, err) },
    });
  return {
    /** Runs the due jobs now (catch-up at start) and then every minute; idle while in recovery. */
    start(): void {
      wanted = true;
      if (started || !options.core()) return;
      scheduler ??= build();
      scheduler.start(options.intervalMs ?? 60_000);
      started = true;
    },
    stop(): void {
      wanted = false;
      started = false;
      scheduler?.stop();
    },
    /** Starts every due job now; resolves when they have finished (tests move the clock and call it). */
    tick(): Promise<void> {
      scheduler ??= build();
      return options.core() ? scheduler.tick() : Promise.resolve();
    },
    /** the app calls it once a working core is there (after the check, after a restore) */
    resume(): void {
      if (wanted) this.start();
    },
    /** the app calls it when the core goes away (a damaged file found by the background check) */
    pause(): void {
      started = false;
      scheduler?.stop();
    },
    get running(): ReadonlySet<string> {
      return scheduler?.running ?? new Set();
    },
    get state(): SchedulerState {
      return scheduler?.state ?? {};
    },
  };
}

export type Services = ReturnType<typeof createServices>;
