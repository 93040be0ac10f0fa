import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../ui/errors';

interface Page<T> {
  cursors: (string | undefined)[];
  index: number;
  items: T[];
  next: string | null;
}

/**
 * A list paged by the core's keyset cursor: 下一页 passes the last cursor, 上一页 goes back
 * through the cursors already seen. `key` changes (new filters) start again from page 1.
 */
export function useKeyset<T>(key: string, load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null | undefined }>) {
  const [page, setPage] = useState<Page<T> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const seq = useRef(0);

  const go = useCallback(async (cursors: (string | undefined)[], index: number) => {
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const r = await loader.current(cursors[index]);
      if (mine === seq.current) setPage({ cursors, index, items: r.items, next: r.nextCursor ?? null });
    } catch (err) {
      if (mine === seq.current) setError(errorText(err));
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    void go([undefined], 0);
  }, [key, go]);

  return {
    items: page?.items ?? [],
    loaded: page !== null,
    index: page?.index ?? 0,
    hasNext: !!page?.next,
    busy,
    error,
    next: () => page?.next && void go([...page.cursors.slice(0, page.index + 1), page.next], page.index + 1),
    previous: () => page && page.index > 0 && void go(page.cursors, page.index - 1),
    reload: () => page && void go(page.cursors, page.index),
  };
}
