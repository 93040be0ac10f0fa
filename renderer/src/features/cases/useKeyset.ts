import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../../../db/src/contract';
import { useApiQuery } from '../../api/query';

/** The handlers that page by the core's keyset cursor. */
type KeysetName = {
  [K in HandlerName]: HandlerInput<K> extends { cursor?: string | undefined }
    ? HandlerOutput<K> extends { items: unknown[]; nextCursor?: string | null | undefined }
      ? K
      : never
    : never;
}[HandlerName];

type ItemOf<K extends KeysetName> = HandlerOutput<K> extends { items: (infer T)[] } ? T : never;

interface Position {
  /** the input the cursors belong to: another one starts again from page 1 */
  key: string;
  cursors: (string | undefined)[];
  index: number;
}

/**
 * A list paged by the core's keyset cursor, one cached query per page: 下一页 passes the
 * last cursor, 上一页 goes back through the cursors already seen. A new input (new filters)
 * starts again from page 1; the page shown stays until the next one has come.
 */
export function useKeyset<K extends KeysetName>(name: K, input: Omit<HandlerInput<K>, 'cursor'>) {
  const key = JSON.stringify(input);
  const [position, setPosition] = useState<Position>({ key, cursors: [undefined], index: 0 });
  const at = position.key === key ? position : { key, cursors: [undefined], index: 0 };
  const cursor = at.cursors[at.index];
  const query = useApiQuery(name, { ...input, ...(cursor ? { cursor } : {}) } as HandlerInput<K>, { placeholderData: keepPreviousData });
  const page = query.data as { items: ItemOf<K>[]; nextCursor?: string | null } | undefined;
  // While a page is on its way the one shown is the previous page: its cursor is not the next one.
  const settled = !query.isPlaceholderData;

  return {
    items: page?.items ?? ([] as ItemOf<K>[]),
    loaded: page !== undefined,
    index: at.index,
    hasNext: settled && !!page?.nextCursor,
    busy: query.isFetching,
    error: query.error,
    next: () => {
      if (settled && page?.nextCursor) setPosition({ key, cursors: [...at.cursors.slice(0, at.index + 1), page.nextCursor], index: at.index + 1 });
    },
    previous: () => {
      if (at.index > 0) setPosition({ ...at, index: at.index - 1 });
    },
  };
}
