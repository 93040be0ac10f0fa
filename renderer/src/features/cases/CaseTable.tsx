import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DeadlineBadge, StatusBadge } from './badges';
import type { CaseListItem } from './types';

/** A table of cases (case desk, worklist groups, the resident's profile). */
export function CaseTable({
  items,
  label,
  showApplicant = true,
  extra,
}: {
  items: readonly CaseListItem[];
  label: string;
  showApplicant?: boolean;
  /** an extra column, e.g. the deferred material or the follow-up */
  extra?: { title: string; render(item: CaseListItem): ReactNode };
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label={label} highlightOnHover withTableBorder verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>办件编号</Table.Th>
            <Table.Th>事项</Table.Th>
            {showApplicant && <Table.Th w={190}>申请人</Table.Th>}
            <Table.Th w={100}>收件日期</Table.Th>
            <Table.Th w={100}>承诺办结</Table.Th>
            <Table.Th w={130}>状态</Table.Th>
            <Table.Th w={160}>时限</Table.Th>
            <Table.Th w={90}>受理人</Table.Th>
            {extra && <Table.Th>{extra.title}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={`${c.id}-${'material' in c ? String((c as { material?: { key: string } }).material?.key) : ''}`} data-case-no={c.caseNo}>
              <Table.Td>
                <Anchor component={Link} to={`/cases/${c.id}`} ff="monospace" size="sm">
                  {c.caseNo}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.itemName}</Text>
                <Text size="xs" c="dimmed">
                  {c.familyLabel}
                </Text>
              </Table.Td>
              {showApplicant && (
                <Table.Td>
                  <Text size="sm">{c.applicant.name}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {c.applicant.idNumber}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{c.receivedOn}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.dueOn ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2} align="flex-start">
                  <StatusBadge status={c.status} label={c.statusLabel} />
                  {c.stageName && (
                    <Text size="xs" c="dimmed">
                      {c.stageName}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <DeadlineBadge deadline={c.deadline} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.clerk.name}</Text>
              </Table.Td>
              {extra && <Table.Td>{extra.render(c)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** 上一页 / 下一页 over a keyset cursor: the cursors seen so far make going back cheap. */
export function CursorPager({
  index,
  hasNext,
  busy,
  onPrevious,
  onNext,
  label = '分页',
}: {
  index: number;
  hasNext: boolean;
  busy: boolean;
  onPrevious(): void;
  onNext(): void;
  label?: string;
}) {
  if (index === 0 && !hasNext) return null;
  return (
    <Group justify="flex-end" gap="xs" role="navigation" aria-label={label}>
      <Text size="sm" c="dimmed">
        第 {index + 1} 页
      </Text>
      <Button size="xs" variant="default" disabled={index === 0} loading={busy} onClick={onPrevious}>
        上一页
      </Button>
      <Button size="xs" variant="default" disabled={!hasNext} loading={busy} onClick={onNext}>
        下一页
      </Button>
    </Group>
  );
}
