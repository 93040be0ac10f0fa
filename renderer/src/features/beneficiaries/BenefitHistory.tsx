import { Badge, Table, Text } from '@mantine/core';
import type { HandlerOutput } from '../../../../db/src/contract';

type History = HandlerOutput<'beneficiaries.get'>['history'];

const KIND_LABELS = { start: '审批发放', change: '金额变更', stop: '停发' } as const;

/**
 * Every start, change and stop of a benefit with its reason, the age-tier steps among them
 * (recorded at approval, effective by themselves in their month): the clerk answering
 * "why is it 180 元 now" reads it here.
 */
export function BenefitHistory({ history }: { history: History }) {
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="发放变动记录">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>生效月份</Table.Th>
          <Table.Th w={110}>类型</Table.Th>
          <Table.Th w={100}>月发放金额</Table.Th>
          <Table.Th>原因</Table.Th>
          <Table.Th w={140}>经办</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.map((h) => (
          <Table.Tr key={h.id} data-testid="benefit-history-row" data-rule={h.rule ?? undefined}>
            <Table.Td>{h.effectiveMonth}</Table.Td>
            <Table.Td>
              {h.rule === 'age_tier' ? (
                <Badge size="sm" variant="light" color="teal">
                  年龄档调整
                </Badge>
              ) : (
                KIND_LABELS[h.kind]
              )}
            </Table.Td>
            <Table.Td>{h.amount === null ? '—' : `${h.amount.toFixed(2)} 元`}</Table.Td>
            <Table.Td>{h.reason}</Table.Td>
            <Table.Td>
              <Text size="xs">
                {h.rule === 'age_tier' ? '按年龄档自动调整' : h.by}
                {h.proposedBy ? `（${h.proposedBy} 提出）` : ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
