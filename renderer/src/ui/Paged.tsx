import { Group, Pagination, Text } from '@mantine/core';
import { useEffect, useState } from 'react';

/** Client-side paging of a list already in memory: every list longer than a page pages. */
export function usePaged<T>(items: readonly T[], pageSize = 15) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  useEffect(() => {
    if (page > pages) setPage(pages);
  }, [page, pages]);
  const current = Math.min(page, pages);
  return {
    page: current,
    pages,
    setPage,
    total: items.length,
    items: items.slice((current - 1) * pageSize, current * pageSize),
  };
}

const CONTROL_LABELS = { first: '第一页', previous: '上一页', next: '下一页', last: '最后一页' } as const;

/** The pager under a list; nothing when the list fits on one page. */
export function Pager({ page, pages, total, setPage, label = '分页' }: { page: number; pages: number; total: number; setPage(p: number): void; label?: string }) {
  if (pages <= 1) return null;
  return (
    <Group justify="space-between" wrap="nowrap" aria-label={label} role="navigation">
      <Text size="sm" c="dimmed">
        共 {total} 条，第 {page} / {pages} 页
      </Text>
      <Pagination
        total={pages}
        value={page}
        onChange={setPage}
        size="sm"
        withEdges
        getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })}
        getItemProps={(p) => ({ 'aria-label': `第 ${p} 页` })}
      />
    </Group>
  );
}
