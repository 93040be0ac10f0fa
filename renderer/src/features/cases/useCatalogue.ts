import { useApiQuery } from '../../api/query';
import type { CatalogueEntry } from './types';

const NONE: CatalogueEntry[] = [];

/**
 * The selectable items, read once and kept (the picker filters them locally as the clerk
 * types); an edit of the catalogue invalidates them.
 */
export function useCatalogue(): { items: CatalogueEntry[]; error: string | null } {
  const list = useApiQuery('catalogue.list', {}, { staleTime: Infinity });
  return { items: list.data ?? NONE, error: list.error ? list.error.message : null };
}

/** Name, short name, code, full pinyin or initials; the best match first. */
export function matchItems(items: readonly CatalogueEntry[], search: string): CatalogueEntry[] {
  const q = search.trim().toLowerCase();
  if (!q) return [...items];
  const latin = q.replace(/[\s'’-]/g, '');
  const ranked: { item: CatalogueEntry; rank: number }[] = [];
  for (const item of items) {
    const names = [item.name, ...item.aliases];
    const code = item.code.toLowerCase();
    let rank = 0;
    if (code === q) rank = 1;
    else if (names.some((n) => n.startsWith(q))) rank = 2;
    else if (names.some((n) => n.includes(q))) rank = 3;
    else if (code.includes(q) || (latin && code.replace(/-/g, '').includes(latin))) rank = 4;
    else if (latin && (item.pinyinInitials.startsWith(latin) || item.pinyin.replace(/\s/g, '').startsWith(latin))) rank = 5;
    else if (latin && (item.pinyinInitials.includes(latin) || item.pinyin.replace(/\s/g, '').includes(latin))) rank = 6;
    else continue;
    ranked.push({ item, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.item);
}
