/**
 * Slows down wrong passwords from one source in the browser-mode host. Accounts lock after
 * five failures each, but without this one local process could run through every account
 * name in a second and lock them all (or guess at all of them at once). Per source (the
 * remote address and the page token it sends): attempts are taken one at a time, the first
 * few failures cost nothing (a person mistyping), and after that each failure makes the
 * source wait twice as long before its next attempt is even checked; an attempt that comes
 * too early is answered RATE_LIMITED without looking at the password.
 */
import type { ApiResponse } from '../db/src/kernel/dispatch';

/** The handlers that check a password. */
export const SIGN_IN_HANDLERS: ReadonlySet<string> = new Set(['accounts.login', 'recovery.restore']);
/** Failures in a row that are not slowed down. */
export const FREE_FAILURES = 2;
export const MAX_DELAY_MS = 60_000;

/** How long a source waits after its `failures`-th failure in a row. */
export function delayAfter(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(1000 * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_MS);
}

interface SourceState {
  failures: number;
  /** epoch ms before which the next attempt is refused */
  notBefore: number;
  /** the attempt being checked now; the next one waits for it */
  queue: Promise<unknown>;
}

export function rateLimited(waitMs: number): ApiResponse<never> {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    ok: false,
    error: { code: 'RATE_LIMITED', message: `登录尝试过于频繁，请 ${seconds} 秒后再试`, details: { retryAfterSeconds: seconds } },
  };
}

export function createSignInThrottle(now: () => number = Date.now) {
  const sources = new Map<string, SourceState>();
  return {
    /** Runs one sign-in attempt of `source` after its earlier ones, or refuses it as too early. */
    attempt(source: string, check: () => Promise<ApiResponse<unknown>>): Promise<ApiResponse<unknown>> {
      let state = sources.get(source);
      if (!state) {
        state = { failures: 0, notBefore: 0, queue: Promise.resolve() };
        sources.set(source, state);
      }
      const s = state;
      const turn = s.queue.then(async (): Promise<ApiResponse<unknown>> => {
        const t = now();
        if (t < s.notBefore) return rateLimited(s.notBefore - t);
        const response = await check();
        if (response.ok) {
          s.failures = 0;
          s.notBefore = 0;
        } else if (response.error.code === 'UNAUTHENTICATED') {
          s.failures++;
          s.notBefore = now() + delayAfter(s.failures);
        }
        return response;
      });
      s.queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
