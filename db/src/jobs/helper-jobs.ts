/**
 * A job that needs a second thread (an export's files, written beside the reading of its
 * rows) starts a helper job talking on a MessagePort. On a jobs worker the helper is started
 * by the host, from the host's pool, whose idle workers have their modules loaded already
 * (starting a worker from TypeScript sources costs up to a second, more than the whole
 * export of 60,000 rows); elsewhere (tests, a script) it is started here.
 */
import type { MessagePort } from 'node:worker_threads';
import type { JobName } from './jobs';
import { startJob } from './run-job';

type Starter = (name: JobName, input: { port: MessagePort }) => void;

let throughHost: Starter | null = null;

/** Set by the jobs worker: helpers go to its host. */
export function startHelpersThrough(starter: Starter): void {
  throughHost = starter;
}

/** Starts `name` with `input`, its port moved to the helper. Its outcome comes on the port. */
export function startHelperJob(name: JobName, input: { port: MessagePort }): void {
  if (throughHost) throughHost(name, input);
  else startJob(name, input as never, { transfer: [input.port] }).result.catch(() => undefined);
}
