import { Anchor, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import type { HandlerOutput } from '../../../../db/src/contract';
import { shanghaiDate } from '../../../../db/src/shared/china-time';
import { useApiPages } from '../../api/pages';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAuth } from '../auth/AuthContext';
import { CursorPager } from '../cases/CaseTable';
import { useCatalogue } from '../cases/useCatalogue';

type Benefit = HandlerOutput<'beneficiaries.list'>['items'][number];

export const BENEFIT_STATUS_LABELS: Record<Benefit['status'], string> = { active: '在保', stopping: '将停发', stopped: '已停发' };
const STATUS_COLORS: Record<Benefit['status'], string> = { active: 'green', stopping: 'orange', stopped: 'gray' };

/**
 * 待遇: the beneficiaries by item and status (filters kept in the address, so the overview
 * can link here), the changes waiting for a second reviewer, and this month's reviews.
 */
export function BeneficiariesPage() {
  const { hasRole } = useAuth();
  const { items: catalogue } = useCatalogue();
  const [params, setParams] = useSearchParams();
  const itemCode = params.get('item');
  const status = params.get('status') === 'active' || params.get('status') === 'stopped' ? (params.get('status') as 'active' | 'stopped') : null;
  const set = (patch: { item?: string | null; status?: string | null }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const list = useApiPages('beneficiaries.list', { ...(itemCode ? { itemCode } : {}), ...(status ? { status } : {}), limit: 20 });
  const reviewer = hasRole('reviewer', 'admin');

  return (
    <Stack>
      <Title order={2}>待遇</Title>
      {reviewer && <PendingChanges />}
      <ReviewsThisMonth />
      <Paper withBorder p="md" component="section" aria-label="享受对象">
        <Stack gap="sm">
          <Title order={3}>享受对象</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Select
              label="事项"
              clearable
              searchable
              placeholder="全部"
              data={catalogue.map((i) => ({ value: i.code, label: i.name }))}
              value={itemCode}
              onChange={(v) => set({ item: v })}
              nothingFoundMessage="没有相符的事项"
            />
            <Select
              label="状态"
              clearable
              placeholder="全部"
              data={[
                { value: 'active', label: '在保（含将停发）' },
                { value: 'stopped', label: '已停发' },
              ]}
              value={status}
              onChange={(v) => set({ status: v })}
            />
          </SimpleGrid>
          <ErrorAlert error={list.error} />
          {list.loaded && list.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              没有符合条件的享受对象
            </Text>
          ) : (
            <Table withTableBorder aria-label="享受对象名单">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>姓名</Table.Th>
                  <Table.Th>身份证号</Table.Th>
                  <Table.Th>事项</Table.Th>
                  <Table.Th>本月金额</Table.Th>
                  <Table.Th>起始月</Table.Th>
                  <Table.Th>状态</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((b) => (
                  <Table.Tr key={b.id} aria-label={`享受对象 ${b.resident.name}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/beneficiaries/${b.id}`}>
                        {b.resident.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ff="monospace">{b.resident.idNumber}</Table.Td>
                    <Table.Td>{b.itemName}</Table.Td>
                    <Table.Td>{b.monthlyAmount === null ? '不发放' : `${b.monthlyAmount.toFixed(2)} 元`}</Table.Td>
                    <Table.Td>{b.startMonth}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge color={STATUS_COLORS[b.status]} variant="light">
                          {BENEFIT_STATUS_LABELS[b.status]}
                        </Badge>
                        {b.pendingChange && <Badge color="yellow">待确认变更</Badge>}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <CursorPager index={list.index} hasNext={list.hasNext} busy={list.busy} onPrevious={list.previous} onNext={list.next} label="享受对象分页" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/** Changes and stops proposed and awaiting a second reviewer, oldest first. */
function PendingChanges() {
  const pending = useApiQuery('beneficiaries.pendingChanges', { limit: 100 });
  const items = pending.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-label="待确认的变更">
      <Title order={3} mb="sm">
        待确认的变更{pending.data ? `（${items.length}）` : ''}
      </Title>
      <ErrorAlert error={pending.error} />
      {pending.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          没有待确认的金额变更或停发
        </Text>
      )}
      {items.length > 0 && (
        <Table withTableBorder aria-label="待确认的变更">
          <Table.Tbody>
            {items.map(({ proposal: p, beneficiary: b, refusal }) => (
              <Table.Tr key={p.id} aria-label={`变更 ${b.resident.name}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/beneficiaries/${b.id}`}>
                    {b.resident.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{b.itemName}</Table.Td>
                <Table.Td>{p.kind === 'stop' ? `自 ${p.effectiveMonth} 起停发` : `自 ${p.effectiveMonth} 起每月 ${p.amount!.toFixed(2)} 元`}</Table.Td>
                <Table.Td>{p.proposedBy} 提出</Table.Td>
                <Table.Td>
                  <Text size="xs" c={refusal ? 'dimmed' : 'green'}>
                    {refusal ?? '可由您确认'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** This month's annual reviews (复核), done on the 复核 screen. */
function ReviewsThisMonth() {
  const month = shanghaiDate(new Date()).slice(0, 7);
  const due = useApiQuery('beneficiaries.reviewsDue', { from: month, to: month });
  return (
    <Paper withBorder p="md" component="section" aria-label="本月到期复核">
      <Group justify="space-between">
        <Text size="sm" data-testid="reviews-due">
          {month} 到期复核 {due.data?.items.length ?? '…'} 人{due.data?.overdue.length ? `，逾期未复核 ${due.data.overdue.length} 人` : ''}
        </Text>
        <Anchor component={Link} to="/reviews" size="sm">
          去复核
        </Anchor>
      </Group>
      <ErrorAlert error={due.error} />
    </Paper>
  );
}
