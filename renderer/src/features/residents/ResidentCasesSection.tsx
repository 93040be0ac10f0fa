import { Anchor, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useApiPages } from '../../api/pages';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CaseTable, CursorPager } from '../cases/CaseTable';

const BENEFIT_STATUS = { active: '在保', stopping: '将停发', stopped: '已停发' } as const;

/** The resident's cases (newest first, paged) and the benefits being paid (在保) on the profile page. */
export function ResidentCasesSection({ residentId }: { residentId: number }) {
  const cases = useApiPages('cases.list', { residentId, limit: 10 });
  const benefitList = useApiQuery('beneficiaries.list', { residentId, limit: 50 });
  const benefits = benefitList.data?.items.filter((b) => b.status !== 'stopped') ?? null;

  return (
    <Paper withBorder p="md" component="section" aria-label="办件与在保待遇" data-resident-id={residentId}>
      <Stack gap="sm">
        <Title order={3}>办件与在保待遇</Title>
        <Title order={4}>在保待遇</Title>
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
                <Table.Th w={130}>月发放金额</Table.Th>
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
                    {(b.monthlyAmount ?? b.latestAmount).toFixed(2)} 元
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
