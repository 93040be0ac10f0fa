import { ApiError } from '../api/client';

/** Field errors of an API error keyed by path, for showing next to each input. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries(err.fields.filter((f) => f.path).map((f) => [f.path, f.message]));
}

/** One sentence for an alert next to the action that failed. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
