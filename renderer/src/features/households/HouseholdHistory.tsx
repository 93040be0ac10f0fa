import { Stack, Table, Text, Title } from '@mantine/core';
import { Pager, usePaged } from '../../ui/Paged';
import type { HouseholdView } from './types';

/** Who joined and left the household when, newest first. */
export function HouseholdHistory({ history }: { history: HouseholdView['history'] }) {
  const paged = usePaged([...history].reverse(), 8);
  return (
    <Stack gap={6}>
      <Title order={4}>成员变动记录</Title>
      <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="成员变动记录">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>姓名</Table.Th>
            <Table.Th>与户主关系</Table.Th>
            <Table.Th>迁入日期</Table.Th>
            <Table.Th>迁出日期</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paged.items.map((h, i) => (
            <Table.Tr key={`${h.residentId}-${h.joinedOn}-${i}`}>
              <Table.Td>{h.name}</Table.Td>
              <Table.Td>{h.isHead ? '户主（本人）' : h.relation}</Table.Td>
              <Table.Td>{h.joinedOn}</Table.Td>
              <Table.Td>{h.leftOn ?? <Text span c="dimmed" size="sm">现为成员</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...paged} label="成员变动记录分页" />
    </Stack>
  );
}
