/**
 * The writes this window has in flight or has just had answered, by handler name: a change
 * event of such a write is this window's own (its screen refreshes by its own write), not
 * "changed by another window". The server sends the event before the call's answer, so it
 * arrives while the write is in flight or moments after its answer.
 */

/** how long after its answer a write's own event may still arrive */
export const OWN_EVENT_AFTER_MS = 750;

const inFlight = new Map<string, number>();
const answeredAt = new Map<string, number>();

export async function trackWrite<T>(name: string, run: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
  try {
    return await run();
  } finally {
    const left = (inFlight.get(name) ?? 1) - 1;
    if (left > 0) inFlight.set(name, left);
    else inFlight.delete(name);
    answeredAt.set(name, now());
  }
}

export function isOwnWrite(handler: string, now: number = Date.now()): boolean {
  if (inFlight.has(handler)) return true;
  const at = answeredAt.get(handler);
  return at !== undefined && now - at <= OWN_EVENT_AFTER_MS;
}
