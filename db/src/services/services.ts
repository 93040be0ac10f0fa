import type { Core } from '../core';
import type { Logger } from '../kernel/handler';
import type { ApiResponse } from '../kernel/dispatch';
import { scheduleTime, throwOnFailures, type DueRunReport } from '../exports/schedule';
import { createScheduler, type ScheduledJob, type Scheduler, type SchedulerState } from './scheduler';

/** the jobs are named after the 'system' handlers they dispatch */
export const BACKUP_JOB = 'backups.daily';
export const EXPORTS_JOB = 'exports.scheduled';

/** A refused or failed dispatch throws, so the scheduler records it and retries. */
function resultOf(res: ApiResponse<unknown>): unknown {
  if (!res.ok) throw Object.assign(new Error(res.error.message), { body: res.error });
  return res.result;
}

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
    { name: BACKUP_JOB, schedule: () => ({ type: 'every', minutes: 60 }), run: async () => resultOf(await live().systemDispatch(BACKUP_JOB)) },
    {
      name: EXPORTS_JOB,
      schedule: () => {
        const c = core();
        const at = c ? scheduleTime(c) : null;
        return at ? { type: 'daily', at } : null;
      },
      run: async () => {
        const report = resultOf(await live().systemDispatch(EXPORTS_JOB)) as DueRunReport;
        throwOnFailures(report);
        return report;
      },
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
