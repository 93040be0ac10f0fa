import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useApiPages } from '../../api/pages';
import { errorText } from '../../ui/errors';
import { SEX_LABELS } from '../../ui/labels';
import { MATCHED_BY_LABELS, type SearchItem } from './format';

export interface ResidentSearchProps {
  /** called with the chosen row (Enter on the highlighted row, or a click) */
  onOpen(item: SearchItem): void;
  autoFocus?: boolean;
  /** rows per page; the core pages with a cursor, so later pages cost the same as the first */
  pageSize?: number;
  /** a query to run at once (e.g. from the page address when coming back) */
  initialQuery?: string;
  /** told after each new search, e.g. to keep the query in the address */
  onSearched?(query: string): void;
  /** shown under "未找到" (e.g. a button to register the resident) */
  renderEmpty?(query: string): ReactNode;
  /** the text on the row's action, e.g. 打开 or 选择 */
  openLabel?: string;
  /** accessible name of the search form */
  label?: string;
}

/**
 * The one search box of the counter: full ID number, its last 4–6 digits, name, pinyin or
 * initials, phone. Results are masked. Keyboard: Enter searches, ↑/↓ pick a row, Enter on
 * a row opens it, PageDown/PageUp turn the page. Reused by the intake screen.
 */
export function ResidentSearch({
  onOpen,
  autoFocus = true,
  pageSize = 10,
  initialQuery = '',
  onSearched,
  renderEmpty,
  openLabel = '打开',
  label = '查找居民',
}: ResidentSearchProps) {
  const [query, setQuery] = useState(initialQuery);
  // The query last asked for (Enter or 查找); its pages are read through the data layer.
  const [asked, setAsked] = useState<string | null>(initialQuery.trim() || null);
  const [emptyQuery, setEmptyQuery] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const pages = useApiPages('residents.search', asked === null ? null : { query: asked, limit: pageSize });
  const busy = pages.busy;

  // Each answer that arrives starts again on its first row.
  useEffect(() => setActive(0), [pages.data]);

  const search = () => {
    const q = query.trim();
    if (!q) {
      setEmptyQuery(true);
      input.current?.focus();
      return;
    }
    setEmptyQuery(false);
    onSearched?.(q);
    if (q !== asked) setAsked(q);
    else if (pages.index > 0) pages.first();
    else pages.refetch();
  };

  const nextPage = () => {
    if (!busy) pages.next();
  };
  const previousPage = () => {
    if (!busy) pages.previous();
  };

  const page = asked !== null && pages.loaded ? { query: asked, index: pages.index, items: pages.items, nextCursor: pages.hasNext } : null;
  const error = emptyQuery ? '请输入身份证号码、后 4–6 位、姓名、拼音或电话' : pages.error ? errorText(pages.error) : null;
  const stale = !page || page.query !== query.trim();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const items = page?.items ?? [];
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!stale && items[active]) onOpen(items[active]);
      else search();
    } else if (e.key === 'ArrowDown' && items.length) {
      e.preventDefault();
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && items.length) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'PageDown') {
      e.preventDefault();
      nextPage();
    } else if (e.key === 'PageUp') {
      e.preventDefault();
      previousPage();
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
      setAsked(null);
    }
  };

  return (
    <Stack gap="sm">
      <form
        role="search"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            ref={input}
            style={{ flex: 1 }}
            aria-label="查找内容"
            placeholder="身份证号码 / 后 4–6 位 / 姓名 / 拼音或首字母 / 电话"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            autoFocus={autoFocus}
            autoComplete="off"
            spellCheck={false}
            data-autofocus={autoFocus || undefined}
            error={error}
          />
          <Button type="submit" loading={busy}>
            查找（Enter）
          </Button>
        </Group>
      </form>
      {page && !pages.isPlaceholderData && page.items.length === 0 && (
        <Alert color="gray" title={`未找到与“${page.query}”相符的居民`}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">请核对输入，或改用身份证号码、姓名拼音查找。</Text>
            {renderEmpty?.(page.query)}
          </Stack>
        </Alert>
      )}
      {page && page.items.length > 0 && (
        <>
          <Table highlightOnHover verticalSpacing={6} aria-label="查找结果" striped={false} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>姓名</Table.Th>
                <Table.Th w={56}>性别</Table.Th>
                <Table.Th w={64}>年龄</Table.Th>
                <Table.Th>身份证号码</Table.Th>
                <Table.Th>电话</Table.Th>
                <Table.Th>匹配</Table.Th>
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.items.map((item, i) => (
                <Table.Tr
                  key={item.id}
                  aria-selected={i === active}
                  data-active={i === active || undefined}
                  bg={i === active ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ cursor: 'pointer' }}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => onOpen(item)}
                >
                  <Table.Td fw={500} data-testid="result-name">
                    {item.name}
                  </Table.Td>
                  <Table.Td>{SEX_LABELS[item.sex]}</Table.Td>
                  <Table.Td>{item.age}</Table.Td>
                  <Table.Td ff="monospace">{item.idNumber}</Table.Td>
                  <Table.Td ff="monospace">{item.phone ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {MATCHED_BY_LABELS[item.matchedBy]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant={i === active ? 'filled' : 'subtle'}
                      tabIndex={-1}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(item);
                      }}
                    >
                      {openLabel}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              ↑↓ 选择，Enter {openLabel}
              {page.index > 0 || page.nextCursor ? '，PageUp / PageDown 翻页' : ''}
            </Text>
            {(page.index > 0 || page.nextCursor) && (
              <Group gap="xs" wrap="nowrap" role="navigation" aria-label="查找结果分页">
                <Text size="sm" c="dimmed">
                  第 {page.index + 1} 页
                </Text>
                <Button size="xs" variant="default" disabled={page.index === 0} loading={busy} onClick={previousPage}>
                  上一页（PgUp）
                </Button>
                <Button size="xs" variant="default" disabled={!page.nextCursor} loading={busy} onClick={nextPage}>
                  下一页（PgDn）
                </Button>
              </Group>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
