/** What the generating worker and the inserting thread tell each other (worker.ts, worker-client.ts). */
import type { Generated } from './generate-rows';
import type { RowBatch } from './row-batch';

export type FromGenerator = { type: 'batch'; batch: RowBatch } | { type: 'done'; generated: Generated } | { type: 'error'; message: string };

/** Slots of the shared Int32Array: messages posted by the worker, batches inserted by the main thread. */
export const POSTED = 0;
export const CONSUMED = 1;
/** How far the generator may run ahead: enough to ride out a commit, little enough to bound memory. */
export const BATCHES_AHEAD = 8;
