import { Badge, Table } from '@mantine/core';
import type { HandlerOutput } from '../../../../db/src/contract';

export type DecisionRow = HandlerOutput<'decisions.import'>['rows'][number];

export const RESULT_LABELS: Record<DecisionRow['result'], string> = { applied: '已办结', unchanged: '未改动', refused: '不予导入' };
const RESULT_COLORS: Record<DecisionRow['result'], string> = { applied: 'green', unchanged: 'gray', refused: 'red' };

/** The row report of a decision import, line by line, on screen. */
export function DecisionRows({ rows, dryRun }: { rows: readonly DecisionRow[]; dryRun: boolean }) {
  return (
    <Table withTableBorder striped aria-label="逐行结果">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>行号</Table.Th>
          <Table.Th>办件编号</Table.Th>
          <Table.Th>申请人</Table.Th>
          <Table.Th>事项</Table.Th>
          <Table.Th>决定</Table.Th>
          <Table.Th>决定文号</Table.Th>
          <Table.Th>结果</Table.Th>
          <Table.Th>说明</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.line} data-testid="decision-row" data-result={r.result}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Td>{r.caseNo || '—'}</Table.Td>
            <Table.Td>{r.name ?? '—'}</Table.Td>
            <Table.Td>{r.itemName ?? '—'}</Table.Td>
            <Table.Td>{r.decision || '—'}</Table.Td>
            <Table.Td>{r.decisionNo || '—'}</Table.Td>
            <Table.Td>
              <Badge color={RESULT_COLORS[r.result]} variant="light">
                {dryRun && r.result === 'applied' ? '可导入' : RESULT_LABELS[r.result]}
              </Badge>
            </Table.Td>
            <Table.Td>{r.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
