/**
 * Whether this screen reaches its server: the calls (client.ts) and the change stream
 * (live.ts) report here when they fail at the network level and when they get through
 * again. The layout shows a banner while the link is down; calls waiting to retry are woken
 * as soon as any part of the link is back, instead of sleeping out their backoff.
 */

/** what reports on the link: API calls, the change stream, the desktop's own link state */
export type LinkPart = 'calls' | 'events' | 'desktop';

export interface LinkSnapshot {
  online: boolean;
  /**
   * The data on screen may be older than the server's: the link is down, or it came back
   * and what is shown has not been read again yet.
   */
  stale: boolean;
}

/** The wait before retry number `attempt` (0-based): doubling from half a second, at most 10 s. */
export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** Math.max(0, attempt), 10_000);
}

export interface Link {
  snapshot(): LinkSnapshot;
  subscribe(listener: () => void): () => void;
  failed(part: LinkPart): void;
  ok(part: LinkPart): void;
  /** told once each time the link comes back after being down */
  onReconnect(listener: () => void): () => void;
  /** the screens are reading again after a reconnect; `done` once they have */
  resyncing(promise: Promise<unknown>): void;
  /** resolves after the backoff for `attempt`, or as soon as the link is reported back */
  waitToRetry(attempt: number): Promise<void>;
}

export function createLink(timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = globalThis): Link {
  const down = new Set<LinkPart>();
  let pendingResync = 0;
  let snap: LinkSnapshot = { online: true, stale: false };
  const listeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  const waiters = new Set<() => void>();

  const update = () => {
    const online = down.size === 0;
    const next = { online, stale: !online || pendingResync > 0 };
    if (next.online === snap.online && next.stale === snap.stale) return;
    snap = next;
    listeners.forEach((l) => l());
  };

  return {
    snapshot: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    failed(part) {
      down.add(part);
      update();
    },
    ok(part) {
      const wasDown = down.size > 0;
      down.delete(part);
      // any part getting through means the server answers: wake the calls waiting to retry
      for (const wake of [...waiters]) wake();
      if (wasDown && down.size === 0) {
        update();
        reconnectListeners.forEach((l) => l());
      } else update();
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    resyncing(promise) {
      pendingResync++;
      update();
      void promise.finally(() => {
        pendingResync--;
        update();
      });
    },
    waitToRetry(attempt) {
      return new Promise<void>((resolve) => {
        const wake = () => {
          timers.clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = timers.setTimeout(wake, retryDelay(attempt));
        waiters.add(wake);
      });
    },
  };
}

/** this page's link */
export const link = createLink();
