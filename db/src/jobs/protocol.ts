/** Messages between a job's worker thread and the thread that starts jobs on it. */
import type { MessagePort } from 'node:worker_threads';

export interface ToJob {
  id: number;
  name: string;
  input: unknown;
}

/** An error as it crosses the thread boundary: enough to rebuild a typed AppError. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  fields?: unknown;
  details?: Record<string, unknown>;
  /** DatabaseCorruptError's problems */
  problems?: string[];
}

export type FromJob =
  | { id: number; type: 'progress'; progress: unknown }
  /** the job asks its host to start a helper job on another worker, talking on `input.port` */
  | { id: number; type: 'start'; name: string; input: { port: MessagePort } }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  const e = err as Partial<SerializedError> & Error;
  const out: SerializedError = { name: e?.name ?? 'Error', message: e?.message ?? String(err) };
  if (typeof e?.code === 'string') out.code = e.code;
  if (e?.fields !== undefined) out.fields = e.fields;
  if (e?.details !== undefined) out.details = e.details;
  if (Array.isArray(e?.problems)) out.problems = e.problems;
  return out;
}
