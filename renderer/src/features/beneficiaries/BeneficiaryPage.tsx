import { Anchor, Badge, Grid, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { HandlerOutput } from '../../../../db/src/contract';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAuth } from '../auth/AuthContext';
import { BenefitPanel } from './BenefitPanel';
import { BENEFIT_STATUS_LABELS } from './BeneficiariesPage';

type Benefit = HandlerOutput<'beneficiaries.get'>;

/**
 * One beneficiary: the month-by-month record beside the 待遇 panel the case page shows
 * (amount, changes, reviews, bank results, and the two-person change or stop).
 */
export function BeneficiaryPage() {
  const id = Number(useParams().id);
  const { hasRole, account } = useAuth();
  const benefit = useApiQuery('beneficiaries.get', { id }, { enabled: Number.isInteger(id) && id > 0 });
  const b = benefit.data;
  return (
    <Stack>
      <Group gap="sm" align="baseline">
        <Anchor component={Link} to="/beneficiaries" size="sm">
          ← 待遇
        </Anchor>
        <Title order={2}>{b ? `${b.resident.name} · ${b.itemName}` : '享受对象'}</Title>
        {b && <Badge variant="light">{BENEFIT_STATUS_LABELS[b.status]}</Badge>}
      </Group>
      <ErrorAlert error={benefit.error} />
      {!b && !benefit.error && <Loader aria-label="正在加载" />}
      {b && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="md" component="section" aria-label="按月发放记录">
              <Title order={4} mb="xs">
                按月发放记录
              </Title>
              <Text size="sm" mb="xs">
                {b.resident.name}（{b.resident.idNumber}），办件{' '}
                <Anchor component={Link} to={`/cases/${b.caseId}`}>
                  {b.caseNo}
                </Anchor>
              </Text>
              <MonthTable months={b.months} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <BenefitPanel benefit={b} canPropose={hasRole('reviewer', 'admin')} accountId={account?.id ?? null} onChanged={() => void benefit.refetch()} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function MonthTable({ months }: { months: Benefit['months'] }) {
  if (months.length === 0)
    return (
      <Text size="sm" c="dimmed">
        尚未开始发放
      </Text>
    );
  return (
    <Table withTableBorder aria-label="按月发放">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>月份</Table.Th>
          <Table.Th>应发金额</Table.Th>
          <Table.Th>银行回盘</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {months.map((m) => (
          <Table.Tr key={m.month} aria-label={`月份 ${m.month}`}>
            <Table.Td ff="monospace">{m.month}</Table.Td>
            <Table.Td>{m.amount === null ? '不发放' : `${m.amount.toFixed(2)} 元`}</Table.Td>
            <Table.Td>
              {m.payment === null ? (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ) : m.payment.result === 'paid' ? (
                `发放成功 ${m.payment.amount.toFixed(2)} 元`
              ) : (
                <Text size="sm" c="red">
                  发放失败（{m.payment.reason ?? '未说明原因'}）
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
