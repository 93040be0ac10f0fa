import { Badge, Button, Checkbox, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { fetchApi, useApiQuery } from '../../api/query';
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FAMILY_LABELS } from '../../ui/labels';
import { Pager, usePaged } from '../../ui/Paged';
import { CatalogueItemPage } from './CatalogueItemPage';

type Entry = HandlerOutput<'catalogue.list'>[number];
type Family = Entry['family'];

/** 事项目录: the items by family, found by name, code or pinyin; open one to view, edit, retire. */
export function CataloguePanel() {
  const [family, setFamily] = useState<'all' | Family>('all');
  const [query, setQuery] = useState('');
  const [includeRetired, setIncludeRetired] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(query, 150);

  const input = (q: string): HandlerInput<'catalogue.list'> => ({
    includeRetired,
    ...(family !== 'all' ? { family } : {}),
    ...(q.trim() ? { query: q.trim() } : {}),
  });
  // The list shown stays until the next one has come; an edit of an item invalidates it.
  const list = useApiQuery('catalogue.list', input(debounced), { placeholderData: keepPreviousData });
  const items: Entry[] | null = list.data ?? null;
  const paged = usePaged(items ?? [], 15);

  // Other filters, another list: from its first page.
  useEffect(() => {
    paged.setPage(1);
    // paged.setPage is left out of the dependencies: it is stable
  }, [family, debounced, includeRetired]);

  // Enter opens the first match of what is typed now, even before the list has caught up.
  // A refusal here is the list's own: it shows under the search once the list catches up.
  const openFirst = () => {
    const now = debounced === query && items && !list.isPlaceholderData ? Promise.resolve(items) : fetchApi('catalogue.list', input(query));
    now.then(
      ([first]) => first && setOpen(first.code),
      () => {},
    );
  };

  if (open) {
    return (
      <CatalogueItemPage
        code={open}
        onBack={() => {
          setOpen(null);
          paged.setPage(1);
        }}
      />
    );
  }

  return (
    <Stack>
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          aria-label="查找事项"
          placeholder="事项名称、简称、编码或拼音首字母（Enter 打开第一项）"
          style={{ flex: 1 }}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') openFirst();
          }}
          data-autofocus
          autoFocus
        />
        <SegmentedControl
          aria-label="事项类别"
          value={family}
          onChange={(v) => setFamily(v as 'all' | Family)}
          data={[{ value: 'all', label: '全部' }, ...Object.entries(FAMILY_LABELS).map(([value, label]) => ({ value, label }))]}
        />
        <Checkbox label="含已停用" checked={includeRetired} onChange={(e) => setIncludeRetired(e.currentTarget.checked)} mb={8} />
      </Group>
      <ErrorAlert error={list.error} />
      {items && items.length === 0 && <Text c="dimmed">没有符合条件的事项。</Text>}
      {items && items.length > 0 && (
        <Table withTableBorder highlightOnHover verticalSpacing={6} aria-label="事项目录">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130}>编码</Table.Th>
              <Table.Th>名称</Table.Th>
              <Table.Th w={130}>类别</Table.Th>
              <Table.Th w={90}>主管部门</Table.Th>
              <Table.Th w={190}>办理时限</Table.Th>
              <Table.Th w={70}>版本</Table.Th>
              <Table.Th w={80}>状态</Table.Th>
              <Table.Th w={70} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.items.map((it) => (
              <Table.Tr key={it.code} style={{ cursor: 'pointer' }} onClick={() => setOpen(it.code)} c={it.retired ? 'dimmed' : undefined}>
                <Table.Td ff="monospace" fz="sm">
                  {it.code}
                </Table.Td>
                <Table.Td>
                  {it.name}
                  {it.aliases.length > 0 && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      （{it.aliases.join('、')}）
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="sm">{it.familyLabel}</Table.Td>
                <Table.Td fz="sm">{it.department}</Table.Td>
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {it.timeLimitDays} 个工作日{it.extensionDays > 0 ? `（可延 ${it.extensionDays}）` : ''}
                </Table.Td>
                <Table.Td fz="sm">第 {it.version} 版</Table.Td>
                <Table.Td>{it.retired ? <Badge color="gray">已停用</Badge> : <Badge color="green" variant="light">使用中</Badge>}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" aria-label={`打开事项 ${it.name}`}>
                    打开
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Pager {...paged} label="事项目录分页" />
    </Stack>
  );
}
