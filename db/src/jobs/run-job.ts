/**
 * Runs a long job (audit.verify, an export's files, a backup copy, a quick_check, a
 * restore's checks) on a worker thread with a connection of its own, so that the thread
 * that answers requests only ever waits for short transactions. Records (audit rows, run
 * rows) are still written by the caller on its own connection: a job reads the database
 * and writes files, nothing else.
 */
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { AppError, type ErrorCode, type FieldIssue } from '../kernel/errors';
import type { JobInput, JobName, JobProgress, JobResult } from './jobs';
import type { FromJob, SerializedError, ToJob } from './protocol';

declare const __filename: string | undefined;

/**
 * Where the worker starts. From source (tsx, vitest) through a bootstrap that loads
 * TypeScript; from a bundle (dist/electron/*.cjs, *.mjs), the jobs bundle beside it, which
 * build/build-electron.mjs writes.
 */
function workerUrl(): URL {
  // In the CommonJS bundle import.meta is empty and __filename is the bundle.
  const here = typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename!).href;
  return new URL(here.endsWith('.ts') ? './worker-entry.mjs' : './jobs-worker.cjs', here);
}

export interface JobOptions<P> {
  onProgress?: (progress: P) => void;
  /** whose job it is (the database path): cancelJobs(owner) stops it when that core closes */
  owner?: string;
  /** moved to the worker rather than copied (a MessagePort the job talks on) */
  transfer?: readonly TransferListItem[];
  /**
   * A worker of its own with these heap limits, ended with the job (never pooled): V8 lets
   * an idle-looking heap grow far past what is live, and a job that holds a whole file's
   * rows (the resident import) must stay within the program's memory target.
   */
  resourceLimits?: ResourceLimits;
}

export interface JobHandle<R> {
  result: Promise<R>;
  /** stops the worker; `result` rejects with JobCancelledError */
  cancel(): void;
}

/** The job was stopped before it finished (its core closed). */
export class JobCancelledError extends Error {
  constructor(name: string) {
    super(`后台任务“${name}”已停止（程序正在关闭）`);
    this.name = 'JobCancelledError';
  }
}

/** A typed error stays typed across the thread; other errors keep their name and code. */
export function revive(e: SerializedError): Error {
  if (e.name === 'AppError' && e.code) {
    return new AppError(e.code as ErrorCode, e.message, {
      ...(e.fields ? { fields: e.fields as FieldIssue[] } : {}),
      ...(e.details ? { details: e.details } : {}),
    });
  }
  const err = new Error(e.message);
  err.name = e.name;
  return Object.assign(err, e.code ? { code: e.code } : {}, e.problems ? { problems: e.problems } : {});
}

// Idle workers wait (unreferenced, so they never keep a process alive) for the next job.
const IDLE_KEPT = 2;
const IDLE_MS = 60_000;
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
let nextId = 1;

/** How many workers wait for a job (for the tests of the pool). */
export function idleWorkers(): number {
  return idle.length;
}

function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }
  return new Worker(workerUrl());
}

function releaseWorker(worker: Worker): void {
  worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
  if (idle.length >= IDLE_KEPT) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const entry = { worker, timer: setTimeout(() => drop(entry), IDLE_MS).unref() };
  // A kept worker that dies is simply forgotten.
  worker.once('exit', () => drop(entry));
  idle.push(entry);
}

function drop(entry: { worker: Worker; timer: NodeJS.Timeout }): void {
  const i = idle.indexOf(entry);
  if (i >= 0) idle.splice(i, 1);
  clearTimeout(entry.timer);
  void entry.worker.terminate();
}

const running = new Map<string, Set<() => void>>();

export function startJob<N extends JobName>(name: N, input: JobInput<N>, options: JobOptions<JobProgress<N>> = {}): JobHandle<JobResult<N>> {
  const worker = options.resourceLimits ? new Worker(workerUrl(), { resourceLimits: options.resourceLimits }) : takeWorker();
  const id = nextId++;
  let settled = false;
  let cancelled = false;
  const stop = () => {
    // Once settled the worker may already run someone else's job.
    if (settled) return;
    cancelled = true;
    void worker.terminate();
  };
  const result = new Promise<JobResult<N>>((resolve, reject) => {
    const finish = (fn: () => void, reusable: boolean) => {
      if (settled) return;
      settled = true;
      if (options.owner) running.get(options.owner)?.delete(stop);
      if (reusable && !options.resourceLimits) releaseWorker(worker);
      else void worker.terminate();
      fn();
    };
    // The helpers this job started. The job settles after they have, so that their workers
    // are back in the pool first and the next job's helper finds one with its modules
    // loaded and its code compiled, rather than starting a new worker (up to a second from
    // TypeScript sources, more than a whole 60,000-row export).
    const helpers: Promise<unknown>[] = [];
    const afterHelpers = (fn: () => void) => {
      if (helpers.length === 0) fn();
      else void Promise.all(helpers).then(fn);
    };
    worker.on('message', (message: FromJob) => {
      if (message.id !== id) return;
      if (message.type === 'progress') options.onProgress?.(message.progress as JobProgress<N>);
      // the helper reports on its port, and stops when the port closes
      else if (message.type === 'start')
        helpers.push(
          startJob(message.name as JobName, message.input as never, { transfer: [message.input.port], ...(options.owner ? { owner: options.owner } : {}) }).result.catch(
            () => undefined,
          ),
        );
      else if (message.type === 'done') afterHelpers(() => finish(() => resolve(message.result as JobResult<N>), true));
      else afterHelpers(() => finish(() => reject(revive(message.error)), true));
    });
    worker.once('error', (err) => finish(() => reject(err), false));
    worker.once('exit', (code) =>
      finish(() => reject(cancelled ? new JobCancelledError(name) : new Error(`后台任务“${name}”的线程意外退出（${code}）`)), false),
    );
  });
  if (options.owner) {
    let set = running.get(options.owner);
    if (!set) running.set(options.owner, (set = new Set()));
    set.add(stop);
  }
  worker.postMessage({ id, name, input } satisfies ToJob, options.transfer ? [...options.transfer] : undefined);
  return { result, cancel: stop };
}

export function runJob<N extends JobName>(name: N, input: JobInput<N>, options: JobOptions<JobProgress<N>> = {}): Promise<JobResult<N>> {
  return startJob(name, input, options).result;
}

/** Stops every job a core started on this database (the core is closing). */
export function cancelJobs(owner: string): void {
  const set = running.get(owner);
  if (!set) return;
  running.delete(owner);
  for (const stop of set) stop();
}
