/**
 * A job worker thread: runs the jobs it is sent, one at a time, and posts their progress
 * and outcome. Each job opens its own connection; none uses the host's. The thread is kept
 * for the next job (starting one costs up to a second from TypeScript sources).
 */
import { parentPort } from 'node:worker_threads';
import { JOBS, type JobName } from './jobs';
import { serializeError as serialize, type FromJob, type ToJob } from './protocol';
import { startHelpersThrough } from './helper-jobs';

const post = (message: FromJob) => parentPort!.postMessage(message);

async function run({ id, name, input }: ToJob): Promise<void> {
  // A helper job comes from the host's pool of workers (kept warm there), not from a pool
  // of this thread's own.
  startHelpersThrough((helper, helperInput) => parentPort!.postMessage({ id, type: 'start', name: helper, input: helperInput } satisfies FromJob, [helperInput.port]));
  try {
    const job = Object.hasOwn(JOBS, name) ? JOBS[name as JobName] : undefined;
    if (!job) throw new Error(`没有名为“${name}”的后台任务`);
    const fn = (await job()) as (input: unknown, progress: (p: unknown) => void) => unknown;
    const result = await fn(input, (progress) => post({ id, type: 'progress', progress }));
    post({ id, type: 'done', result });
  } catch (err) {
    post({ id, type: 'error', error: serialize(err) });
  }
}

parentPort!.on('message', (message: ToJob) => void run(message));
