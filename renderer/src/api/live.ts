/**
 * Live updates: what other windows change reaches this screen's cache. At a centre server
 * the page listens to the server's change stream (`GET /api/events`, Server-Sent Events);
 * the desktop app in client mode hands the same events over its bridge. Each event
 * invalidates only the reads it touches (changes.ts), a burst of events at once; a case
 * page open on a changed case is told, so that it can say so (and wait while a form on it
 * is being filled in).
 *
 * The stream is also half of the connection banner: it failing or coming back is reported
 * to the link (connection.ts), and after a reconnect every read on screen is read again,
 * since events sent meanwhile were missed.
 */
import { useEffect, useState } from 'react';
import type { Query, QueryKey } from '@tanstack/react-query';
import { casesIn, createCoalescer, EVERYTHING, keysForChanges, matchesKey, type ChangeEvent } from './changes';
import { link, retryDelay } from './connection';
import { isOwnWrite } from './own-writes';
import { apiKey, queryClient } from './query';

/** events arriving within this time are invalidated together */
export const COALESCE_MS = 150;

/** Reads not to refetch under a person's hands (a form on them is being filled in): marked stale only. */
const held = new Map<number, QueryKey>();
let holds = 0;
const isHeld = (q: Query) => [...held.values()].some((k) => matchesKey(k, q.queryKey));

function invalidate(events: ChangeEvent[]): void {
  const keys = keysForChanges(events);
  if (keys === EVERYTHING) {
    void queryClient.invalidateQueries();
    return;
  }
  if (keys.length === 0) return;
  const hit = (q: Query) => keys.some((k) => matchesKey(k, q.queryKey));
  void queryClient.invalidateQueries({ predicate: (q) => hit(q) && !isHeld(q) });
  void queryClient.invalidateQueries({ predicate: (q) => hit(q) && isHeld(q), refetchType: 'none' });
}

const caseListeners = new Map<number, Set<() => void>>();

/** One change event: the case pages told at once, the cache with the burst it belongs to. */
function receive(event: ChangeEvent, coalescer: { push(e: ChangeEvent): void }): void {
  if (!isOwnWrite(event.handler)) {
    for (const id of casesIn(event)) caseListeners.get(id)?.forEach((l) => l());
  }
  coalescer.push(event);
}

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

/** The change stream of the host that served this page, if it has one. */
function eventsUrl(): string | null {
  if (meta('onewindow-centre') === 'paired' && meta('onewindow-csrf')) return `/api/events?csrf=${encodeURIComponent(meta('onewindow-csrf'))}`;
  if (meta('onewindow-live') === 'events' && meta('onewindow-token')) return `/api/events?token=${encodeURIComponent(meta('onewindow-token'))}`;
  return null;
}

/** Opens the change stream; returns how to close it. */
export function startLive(): () => void {
  const coalescer = createCoalescer<ChangeEvent>(invalidate, COALESCE_MS);
  const stops: (() => void)[] = [() => coalescer.cancel()];
  // Events sent while the link was down were missed: read again everything on screen.
  stops.push(link.onReconnect(() => link.resyncing(queryClient.invalidateQueries())));

  const desktop = window.onewindow;
  if (desktop) {
    if (desktop.changes) stops.push(desktop.changes.subscribe((e) => receive(e, coalescer)));
    if (desktop.connection) stops.push(desktop.connection.subscribe((s) => (s === 'online' ? link.ok('desktop') : link.failed('desktop'))));
    return () => stops.forEach((s) => s());
  }

  const url = eventsUrl();
  if (!url || typeof EventSource === 'undefined') return () => stops.forEach((s) => s());
  let source: EventSource | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const open = () => {
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => {
      attempt = 0;
      link.ok('events');
    });
    es.addEventListener('change', (e) => {
      try {
        receive(JSON.parse((e as MessageEvent<string>).data) as ChangeEvent, coalescer);
      } catch {
        // an event this page cannot read: the next one, or the next reconnect, catches up
      }
    });
    es.addEventListener('error', () => {
      if (stopped) return;
      link.failed('events');
      // The browser reconnects by itself after a dropped stream; after a refused one (the
      // server answered an error while restarting) it gives up, and we start again.
      if (es.readyState === EventSource.CLOSED) retry = setTimeout(open, retryDelay(attempt++));
    });
  };
  open();
  stops.push(() => {
    stopped = true;
    source?.close();
    if (retry !== null) clearTimeout(retry);
    link.ok('events');
  });
  return () => stops.forEach((s) => s());
}

/** Keeps this page's change stream open while the signed-in layout is shown. */
export function useLiveUpdates(): void {
  useEffect(() => startLive(), []);
}

/**
 * For a case page: whether the case was changed by another window while shown. While
 * `editing` (a form on the page holds unsaved input) the case is not read again under the
 * person's hands: `pending` says a newer version waits, and `refresh` fetches it.
 */
export function useChangedElsewhere(caseId: number, editing: boolean) {
  const [changed, setChanged] = useState(false);
  const [pending, setPending] = useState(false);
  const caseKey = apiKey('cases.get', { id: caseId });

  useEffect(() => {
    setChanged(false);
    setPending(false);
    const listeners = caseListeners.get(caseId) ?? new Set();
    caseListeners.set(caseId, listeners);
    const listener = () => {
      setChanged(true);
      if (editingNow.current) setPending(true);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) caseListeners.delete(caseId);
    };
  }, [caseId]);

  const editingNow = useRefValue(editing);
  useEffect(() => {
    if (!editing) return;
    const holdId = ++holds;
    held.set(holdId, caseKey);
    return () => {
      held.delete(holdId);
    };
    // caseKey is derived from caseId
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, caseId]);

  const refresh = () => {
    setPending(false);
    void queryClient.refetchQueries({ queryKey: caseKey });
  };
  // The form was sent or put away: the newer version that waited is shown now.
  useEffect(() => {
    if (!editing && pending) refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, pending]);

  return { changed, pending, refresh, dismiss: () => setChanged(false) };
}

/** A ref that always holds the latest value (read from listeners registered once). */
function useRefValue<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}
