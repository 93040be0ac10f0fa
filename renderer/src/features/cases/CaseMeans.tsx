/**
 * 低保: the household's declared means and the per-capita working, as approved (the
 * standard of the approval day, recorded with the decision) or, while the case is open,
 * as an approval today would compute it.
 */
import { Alert, Paper, Table, Text, Title } from '@mantine/core';
import type { CaseView } from './types';

type Working = NonNullable<CaseView['meansTest']>;

export function CaseMeans({ working, approved }: { working: Working; approved: boolean }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="家庭经济状况核算">
      <Title order={4} mb="xs">
        家庭收入核算{approved ? '（审批时）' : `（按 ${working.on} 执行的标准）`}
      </Title>
      <Table withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>成员</Table.Th>
            <Table.Th>关系</Table.Th>
            <Table.Th>月收入（元）</Table.Th>
            <Table.Th>财产（元）</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {working.members.map((m) => (
            <Table.Tr key={m.residentId}>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>{m.relation}</Table.Td>
              <Table.Td>{m.monthlyIncome === null ? '未填' : m.monthlyIncome.toFixed(2)}</Table.Td>
              <Table.Td>{m.assets === null ? '未填' : m.assets.toFixed(2)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Alert mt="xs" color={working.belowStandard === false ? 'orange' : 'blue'} aria-label="人均收入核算">
        <Text size="sm">{working.text}</Text>
        {working.amountText && (
          <Text size="sm">
            {approved ? '核定' : '核算'}保障金额：{working.amountText}
          </Text>
        )}
      </Alert>
    </Paper>
  );
}
