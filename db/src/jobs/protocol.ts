/** Messages between a job's worker thread and the thread that starts jobs on it. */
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
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; error: SerializedError };
