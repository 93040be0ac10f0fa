import { Anchor, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiPages } from '../../api/pages';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CaseTable, CursorPager } from '../cases/CaseTable';

const BENEFIT_STATUS = { active: '在保', stopping: '将停发', stopped: '已停发' } as const;

/** The resident's cases (newest first, paged) and the benefits being paid (在保) on the profile page. */
export function ResidentCasesSection({ residentId }: { residentId: number }) {
  const cases = useApiPages('cases.list', { residentId, limit: 10 });
  // The amounts of a month the clerk chooses (an age-tier step shows from its month on).
  const [month, setMonth] = useState('');
  const benefitList = useApiQuery('beneficiaries.list', { residentId, limit: 50, ...(/^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? { month } : {}) });
  const benefits = benefitList.data?.items.filter((b) => b.status !== 'stopped') ?? null;

  return (
    <Paper withBorder p="md" component="section" aria-label="办件与在保待遇" data-resident-id={residentId}>
      <Stack gap="sm">
        <Title order={3}>办件与在保待遇</Title>
        <Group justify="space-between" align="flex-end">
          <Title order={4}>在保待遇</Title>
          <TextInput size="xs" type="month" label="发放月份" value={month || (benefitList.data?.items[0]?.amountMonth ?? '')} onChange={(e) => setMonth(e.currentTarget.value)} w={150} />
        </Group>
        <ErrorAlert error={benefitList.error} />
        {benefits && benefits.length === 0 && (
          <Text size="sm" c="dimmed">
            无在保待遇
          </Text>
        )}
        {benefits && benefits.length > 0 && (
          <Table withTableBorder verticalSpacing={4} aria-label="在保待遇">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>事项</Table.Th>
                <Table.Th w={90}>状态</Table.Th>
                <Table.Th w={100}>起始月份</Table.Th>
                <Table.Th w={170}>月发放金额{benefits[0] ? `（${benefits[0].amountMonth}）` : ''}</Table.Th>
                <Table.Th w={170}>办件编号</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {benefits.map((b) => (
                <Table.Tr key={b.id} data-testid="active-benefit">
                  <Table.Td>{b.itemName}</Table.Td>
                  <Table.Td>
                    {BENEFIT_STATUS[b.status]}
                    {b.stopMonth ? `（${b.stopMonth} 起停发）` : ''}
                  </Table.Td>
                  <Table.Td>{b.startMonth}</Table.Td>
                  <Table.Td>
                    {b.monthlyAmount === null ? (b.amountMonth < b.startMonth ? `${b.latestAmount.toFixed(2)} 元（${b.startMonth} 起）` : '不发放') : `${b.monthlyAmount.toFixed(2)} 元`}
                    {b.nextStep && (
                      <Text size="xs" c="teal.8" data-testid="benefit-next-step">
                        {b.nextStep.effectiveMonth} 起 {b.nextStep.amount.toFixed(2)} 元（年龄档调整）
                      </Text>
                    )}
                    {b.pendingChange && (
                      <Text size="xs" c="orange.8" data-testid="pending-benefit-change">
                        有待确认的{b.pendingChange.kind === 'stop' ? '停发' : '变更'}（在办件页确认）
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${b.caseId}`} ff="monospace" size="sm">
                      {b.caseNo}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Title order={4}>办件</Title>
        </Group>
        <ErrorAlert error={cases.error} />
        {cases.loaded && cases.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            无办件记录
          </Text>
        ) : (
          <CaseTable label="居民的办件" items={cases.items} showApplicant={false} />
        )}
        <CursorPager index={cases.index} hasNext={cases.hasNext} busy={cases.busy} onPrevious={cases.previous} onNext={cases.next} label="办件分页" />
      </Stack>
    </Paper>
  );
}
