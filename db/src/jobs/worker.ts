/**
 * A job worker thread: runs the jobs it is sent, one at a time, and posts their progress
 * and outcome. Each job opens its own connection; none uses the host's. The thread is kept
 * for the next job (starting one costs up to a second from TypeScript sources).
 */
import { parentPort } from 'node:worker_threads';
import { JOBS, type JobName } from './jobs';
import type { FromJob, SerializedError, ToJob } from './protocol';

const post = (message: FromJob) => parentPort!.postMessage(message);

function serialize(err: unknown): SerializedError {
  const e = err as Partial<SerializedError> & Error;
  const out: SerializedError = { name: e?.name ?? 'Error', message: e?.message ?? String(err) };
  if (typeof e?.code === 'string') out.code = e.code;
  if (e?.fields !== undefined) out.fields = e.fields;
  if (e?.details !== undefined) out.details = e.details;
  if (Array.isArray(e?.problems)) out.problems = e.problems;
  return out;
}

async function run({ id, name, input }: ToJob): Promise<void> {
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
