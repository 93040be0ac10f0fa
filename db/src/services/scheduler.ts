/**
 * Host-side scheduling of the core's periodic jobs (daily backup, exports). Whether a job
 * is due is a pure function of its schedule, its last runs and the time, so catch-up at
 * start ("the counter was switched off at 02:00") and retries are tested without clocks.
 * The job functions are parameters: the scheduler knows nothing of backups or exports,
 * and browser mode can reuse it.
 */

import { CHINA_OFFSET_MS } from '../shared/china-time';

/** daily: at HH:mm China time (catching up a missed time at the next tick); every: an interval. */
export type Schedule = { type: 'daily'; at: string } | { type: 'every'; minutes: number };

export interface JobRecord {
  /** ISO times */
  lastSuccess: string | null;
  lastFailure: string | null;
  lastError: string | null;
}

export type SchedulerState = Record<string, JobRecord>;

export const RETRY_MINUTES = 15;
const MINUTE = 60_000;

export function parseTimeOfDay(text: string): { hours: number; minutes: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? { hours: Number(m[1]), minutes: Number(m[2]) } : null;
}

/** The latest instant at or before `now` whose China wall-clock time is `at` (HH:mm). */
export function latestDailySlot(at: string, now: Date): Date | null {
  const t = parseTimeOfDay(at);
  if (!t) return null;
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const slotLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), t.hours, t.minutes);
  const slot = slotLocal - CHINA_OFFSET_MS;
  return new Date(slot <= now.getTime() ? slot : slot - 86_400_000);
}

const time = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/**
 * Whether a job should start now. A schedule of null means switched off. After a failure
 * the job waits RETRY_MINUTES before trying again, so a full disk is not hammered every
 * minute, but is retried long before the next day.
 */
export function isDue(schedule: Schedule | null, record: JobRecord | undefined, now: Date, retryMinutes = RETRY_MINUTES): boolean {
  if (!schedule) return false;
  const success = time(record?.lastSuccess);
  const failure = time(record?.lastFailure);
  const nowMs = now.getTime();
  if (failure !== null && (success === null || failure > success) && nowMs - failure < retryMinutes * MINUTE) return false;

  if (schedule.type === 'every') {
    if (!(schedule.minutes > 0)) return false;
    return success === null || nowMs - success >= schedule.minutes * MINUTE;
  }
  const slot = latestDailySlot(schedule.at, now);
  if (!slot) return false;
  return success === null || success < slot.getTime();
}

export interface JobSpec {
  name: string;
  schedule: Schedule | null;
}

/** The jobs to start now: due, and not already running (never two of the same kind at once). */
export function dueJobs(jobs: readonly JobSpec[], state: SchedulerState, running: ReadonlySet<string>, now: Date): string[] {
  return jobs.filter((j) => !running.has(j.name) && isDue(j.schedule, state[j.name], now)).map((j) => j.name);
}

export interface ScheduledJob {
  name: string;
  /** read at every tick, so a changed setting (the export time) applies without a restart */
  schedule: () => Schedule | null;
  run: (now: Date) => Promise<unknown>;
}

export interface SchedulerOptions {
  jobs: readonly ScheduledJob[];
  load: () => SchedulerState;
  save: (state: SchedulerState) => void;
  now?: () => Date;
  /** wraps each run, e.g. the quit gate's counter, which may refuse to start it */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
  log?: { info(message: string): void; error(message: string, err?: unknown): void };
}

export function createScheduler(options: SchedulerOptions) {
  const now = options.now ?? (() => new Date());
  const track = options.track ?? (<T>(work: () => Promise<T>) => work());
  const running = new Map<string, Promise<void>>();
  let state: SchedulerState = options.load();
  let timer: ReturnType<typeof setInterval> | null = null;

  const record = (name: string, patch: Partial<JobRecord>) => {
    const prev = state[name] ?? { lastSuccess: null, lastFailure: null, lastError: null };
    state = { ...state, [name]: { ...prev, ...patch } };
    try {
      options.save(state);
    } catch (err) {
      options.log?.error(`无法保存计划任务状态`, err);
    }
  };

  function start(job: ScheduledJob, at: Date): Promise<void> {
    const p = (async () => {
      try {
        await track(() => job.run(at));
        record(job.name, { lastSuccess: now().toISOString(), lastError: null });
        options.log?.info(`计划任务 ${job.name} 已完成`);
      } catch (err) {
        // Quitting refused the run: nothing failed, the next start catches it up.
        if ((err as Error)?.name === 'ShuttingDownError') return;
        record(job.name, { lastFailure: now().toISOString(), lastError: (err as Error)?.message ?? String(err) });
        options.log?.error(`计划任务 ${job.name} 失败`, err);
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, p);
    return p;
  }

  return {
    /** Starts every due job; resolves when those runs have finished (tests await it, the timer does not). */
    tick(): Promise<void> {
      const at = now();
      const specs = options.jobs.map((j) => ({ name: j.name, schedule: j.schedule() }));
      const names = dueJobs(specs, state, new Set(running.keys()), at);
      const started = options.jobs.filter((j) => names.includes(j.name)).map((j) => start(j, at));
      return Promise.all(started).then(() => undefined);
    },
    /** Ticks now (catch-up at start) and then every `intervalMs`. */
    start(intervalMs = MINUTE): void {
      if (timer) return;
      void this.tick();
      timer = setInterval(() => void this.tick(), intervalMs);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    get running(): ReadonlySet<string> {
      return new Set(running.keys());
    },
    get state(): SchedulerState {
      return state;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
