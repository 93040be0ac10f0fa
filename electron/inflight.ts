/**
 * Quitting while a clerk's save is on its way must not cut it off: invocations and
 * scheduled jobs are counted, and the core is closed (which checkpoints the WAL) only when
 * the count is back to zero or a time limit has passed.
 */

export type DrainResult = 'idle' | 'timeout';

export class ShuttingDownError extends Error {
  constructor() {
    super('程序正在退出，未执行此操作');
    this.name = 'ShuttingDownError';
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function createInflight(timers: Timers = realTimers) {
  let pending = 0;
  let closing = false;
  const idleWaiters = new Set<() => void>();

  const settle = () => {
    pending--;
    if (pending === 0) for (const wake of [...idleWaiters]) wake();
  };

  return {
    get pending(): number {
      return pending;
    },
    get closing(): boolean {
      return closing;
    },
    /** Runs `work` counted; once shutdown has begun, refuses new work instead. */
    async track<T>(work: () => Promise<T> | T): Promise<T> {
      if (closing) throw new ShuttingDownError();
      pending++;
      try {
        return await work();
      } finally {
        settle();
      }
    },
    /** Stops accepting work and resolves when the running work is done, or at the limit. */
    drain(timeoutMs: number): Promise<DrainResult> {
      closing = true;
      if (pending === 0) return Promise.resolve('idle');
      return new Promise<DrainResult>((resolve) => {
        const wake = () => {
          idleWaiters.delete(wake);
          timers.clearTimeout(handle);
          resolve('idle');
        };
        const handle = timers.setTimeout(() => {
          idleWaiters.delete(wake);
          resolve('timeout');
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
  };
}

export type Inflight = ReturnType<typeof createInflight>;

/**
 * The quit sequence as a small state machine: the first quit request is held back while
 * work drains and the core closes; the quit that follows is let through.
 */
export function createQuitGate(options: {
  inflight: Inflight;
  timeoutMs: number;
  /** stops timers that would start new work (the scheduler) */
  onDrainStart?: () => void;
  /**
   * closes the core; told whether the work finished or the limit was reached. A promise
   * it returns (the desktop's core process closing) is waited for before quitting.
   */
  close: (result: DrainResult) => unknown;
}) {
  let state: 'running' | 'draining' | 'closed' = 'running';
  let done: Promise<DrainResult> | null = null;
  return {
    get state() {
      return state;
    },
    /** 'allow' once everything is closed; otherwise 'defer' and `whenClosed` tells when to quit again. */
    request(): 'allow' | 'defer' {
      if (state === 'closed') return 'allow';
      if (state === 'running') {
        state = 'draining';
        done = (async () => {
          options.onDrainStart?.();
          const result = await options.inflight.drain(options.timeoutMs);
          try {
            await options.close(result);
          } finally {
            state = 'closed';
          }
          return result;
        })();
      }
      return 'defer';
    },
    get whenClosed(): Promise<DrainResult> | null {
      return done;
    },
  };
}
