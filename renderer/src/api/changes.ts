/**
 * What a change made elsewhere means for this screen's cache: a change event (the handler
 * and the records its audit rows named, never their content) becomes the TanStack Query keys
 * to invalidate. Keys are built as in query.ts (handler name, then input), and a key given
 * here matches every cached query it is a prefix of (`['cases.list']` matches each page
 * of every list; `['cases.get', { id: 5 }]` that one case only).
 *
 * Pure, so that which screens refresh for which change is tested on its own
 * (tests/unit/live-changes.test.ts).
 */
import type { ChangeEvent, HandlerName } from '../../../db/src/contract';

export type { ChangeEvent };

/** A TanStack Query key (handler name, then input), as query.ts builds them. */
export type QueryKey = readonly unknown[];

/** every cached read (a restore replaced the database) */
export const EVERYTHING = 'all' as const;
export type Invalidation = QueryKey[] | typeof EVERYTHING;

/** Writes that change nothing another screen shows: the audit row is their whole trace. */
const NOTHING_SHOWN = new Set<string>(['residents.reveal', 'accounts.login', 'accounts.logout', 'exports.verify', 'backups.verify', 'residents.importUpload']);
/** Writes after which nothing cached can be trusted. */
const REPLACES_ALL = new Set<string>(['backups.restore', 'recovery.restore']);

const key = (name: HandlerName, input?: Record<string, unknown>): QueryKey => (input === undefined ? [name] : [name, input]);
/** every read of a feature (`cases` → cases.get, cases.list, cases.worklist…) */
const feature = (name: string): QueryKey => [`${name}.`];

/** A numeric record id as the reads take it; null when the record has none. */
function numericId(id: string | null): number | null {
  if (id === null) return null;
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** The reads one changed record appears in. */
function keysForRecord(type: string, rawId: string | null): QueryKey[] | null {
  const id = numericId(rawId);
  switch (type) {
    case 'case':
      return [
        id === null ? key('cases.get') : key('cases.get', { id }),
        key('cases.list'),
        key('cases.worklist'),
        // the duplicate-open-case check at intake
        key('cases.precheck'),
        // 中心概览 counts cases, ratings and follow-ups
        key('overview.get'),
      ];
    case 'resident':
      return [id === null ? key('residents.get') : key('residents.get', { id }), key('residents.search'), key('households.get'), key('cases.precheck')];
    case 'household':
      return [id === null ? key('households.get') : key('households.get', { id }), key('residents.get'), key('cases.precheck')];
    case 'beneficiary':
      // the case page shows its benefit: which case a benefit came from is not in the event
      return [feature('beneficiaries'), key('cases.get'), key('overview.get')];
    case 'catalogue_item':
      return [key('catalogue.list'), rawId === null ? key('catalogue.get') : key('catalogue.get', { code: rawId }), key('cases.precheck')];
    case 'calendar_day':
      // due dates and the worklist's groups are counted in working days
      return [feature('calendar'), key('cases.get'), key('cases.list'), key('cases.worklist')];
    case 'settings':
      return [feature('settings'), feature('exports')];
    case 'user':
      return [feature('accounts')];
    case 'device':
      return [feature('devices')];
    case 'export_run':
      return [feature('exports')];
    case 'backup':
      return [feature('backups')];
    default:
      return null;
  }
}

/** The handler-name prefix a key stands for, for matching (`'cases.'` or `'cases.get'`). */
export function keyName(k: QueryKey): string {
  return String(k[0]);
}

/**
 * The keys one change invalidates: those of each record it names; for a record type this
 * table does not know, or a change that named none, every read of the handler's feature.
 */
export function keysForChange(event: Pick<ChangeEvent, 'handler' | 'records'>): Invalidation {
  if (REPLACES_ALL.has(event.handler)) return EVERYTHING;
  if (NOTHING_SHOWN.has(event.handler)) return [];
  const keys: QueryKey[] = [];
  let unknown = event.records.length === 0;
  for (const r of event.records) {
    const found = keysForRecord(r.type, r.id);
    if (found) keys.push(...found);
    else unknown = true;
  }
  const dot = event.handler.indexOf('.');
  if (unknown && dot > 0) keys.push(feature(event.handler.slice(0, dot)));
  return dedupe(keys);
}

/** The union of several changes' keys (a burst of events, invalidated once). */
export function keysForChanges(events: readonly Pick<ChangeEvent, 'handler' | 'records'>[]): Invalidation {
  const all: QueryKey[] = [];
  for (const e of events) {
    const keys = keysForChange(e);
    if (keys === EVERYTHING) return EVERYTHING;
    all.push(...keys);
  }
  return dedupe(all);
}

/** Drops repeats and keys already covered by a shorter one (`['cases.get']` covers `['cases.get', {id: 5}]`). */
function dedupe(keys: QueryKey[]): QueryKey[] {
  const seen = new Map<string, QueryKey>();
  for (const k of keys) seen.set(JSON.stringify(k), k);
  const unique = [...seen.values()];
  return unique.filter((k) => !unique.some((other) => other !== k && covers(other, k)));
}

/** Whether invalidating `a` also invalidates `b`. */
export function covers(a: QueryKey, b: QueryKey): boolean {
  const nameA = keyName(a);
  const nameB = keyName(b);
  if (nameA.endsWith('.')) return a.length === 1 && nameB.startsWith(nameA);
  return a.length === 1 && b.length > 1 && nameA === nameB;
}

/**
 * Whether a cached query's key falls under an invalidation key: the same handler (or one of
 * the feature's, for a feature key) and an input that contains the key's input.
 */
export function matchesKey(invalidation: QueryKey, queryKey: QueryKey): boolean {
  const name = keyName(invalidation);
  const queryName = typeof queryKey[0] === 'string' ? queryKey[0] : '';
  if (name.endsWith('.')) return queryName.startsWith(name);
  if (queryName !== name) return false;
  if (invalidation.length === 1) return true;
  const want = invalidation[1] as Record<string, unknown>;
  const have = queryKey[1];
  if (typeof have !== 'object' || have === null) return false;
  return Object.entries(want).every(([k, v]) => (have as Record<string, unknown>)[k] === v);
}

/** The case ids a change names (for the "changed elsewhere" notice on a case page). */
export function casesIn(event: Pick<ChangeEvent, 'records'>): number[] {
  return event.records.filter((r) => r.type === 'case').flatMap((r) => {
    const id = numericId(r.id);
    return id === null ? [] : [id];
  });
}

/** Collects items and hands them over once no more came for `delayMs`, at most `delayMs × 4` after the first. */
export function createCoalescer<T>(flush: (items: T[]) => void, delayMs: number, timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = globalThis) {
  let items: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let first = 0;
  const run = () => {
    timer = null;
    const batch = items;
    items = [];
    flush(batch);
  };
  return {
    push(item: T, now = Date.now()) {
      if (items.length === 0) first = now;
      items.push(item);
      if (timer !== null) timers.clearTimeout(timer);
      // a steady trickle still flushes: never later than four delays after the first
      timer = timers.setTimeout(run, now - first >= delayMs * 3 ? 0 : delayMs);
    },
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      items = [];
    },
  };
}
