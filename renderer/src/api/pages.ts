/**
 * A list the core pages with a keyset cursor, read through the data layer: each page is one
 * cached query (handler name + input + cursor), 下一页 passes the page's nextCursor and 上一页
 * goes back through the cursors already seen. A new input starts again from page 1.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';
import { useApiQuery } from './query';

/** The handlers that take a cursor and answer with items (residents.search, cases.list…). */
export type PagedHandler = {
  [K in HandlerName]: 'cursor' extends keyof HandlerInput<K> ? (HandlerOutput<K> extends { items: readonly unknown[] } ? K : never) : never;
}[HandlerName];

export type PageItem<K extends PagedHandler> = HandlerOutput<K> extends { items: readonly (infer T)[] } ? T : never;

interface Position {
  key: string | null;
  cursors: (string | undefined)[];
  index: number;
}

/** The list a page belongs to: its input without the cursor. */
function baseKey(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const { cursor: _cursor, ...base } = input as Record<string, unknown>;
  return JSON.stringify(base);
}

/** `input` null: nothing asked yet (no query runs). */
export function useApiPages<K extends PagedHandler>(name: K, input: Omit<HandlerInput<K>, 'cursor'> | null) {
  const key = input === null ? null : JSON.stringify(input);
  const [at, setAt] = useState<Position>({ key, cursors: [undefined], index: 0 });
  const pos: Position = at.key === key ? at : { key, cursors: [undefined], index: 0 };
  const cursor = pos.cursors[pos.index];
  const query = useApiQuery(name, { ...(input ?? {}), ...(cursor ? { cursor } : {}) } as HandlerInput<K>, {
    enabled: input !== null,
    // The page on screen stays while the next one of the same list loads, as a turned page
    // does; another list's page (another resident's cases) is never shown in its place.
    placeholderData: (previous, previousQuery) => (previousQuery && baseKey(previousQuery.queryKey[1]) === key ? keepPreviousData(previous) : undefined),
  });
  const data = input === null ? undefined : (query.data as { items: PageItem<K>[]; nextCursor?: string | null } | undefined);
  const next = data && !query.isPlaceholderData ? (data.nextCursor ?? null) : null;
  return {
    /** the answer on screen: the current page's, or the previous page's while this one loads */
    data,
    items: data?.items ?? [],
    loaded: data !== undefined,
    isPlaceholderData: query.isPlaceholderData,
    index: pos.index,
    hasNext: next !== null,
    busy: query.isFetching,
    error: query.error,
    next: () => {
      if (next !== null) setAt({ key, cursors: [...pos.cursors.slice(0, pos.index + 1), next], index: pos.index + 1 });
    },
    previous: () => {
      if (pos.index > 0) setAt({ ...pos, index: pos.index - 1 });
    },
    first: () => setAt({ key, cursors: [undefined], index: 0 }),
    refetch: () => void query.refetch(),
  };
}
