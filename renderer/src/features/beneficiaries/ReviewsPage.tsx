import { Anchor, Badge, Button, Group, Modal, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { shanghaiDate } from '../../../../db/src/shared/china-time';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';

type Due = HandlerOutput<'beneficiaries.reviewsDue'>['items'][number] | (HandlerOutput<'beneficiaries.reviewsDue'>['overdue'][number] & { cycle?: undefined });
type Benefit = Due['beneficiary'];
type Outcome = 'confirm' | 'change' | 'stop';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const OUTCOME_LABELS: Record<Outcome, string> = { confirm: '维持', change: '变更', stop: '停发' };

/**
 * 年度复核：the reviews due in a month (this month unless chosen), and the review itself. A
 * change or stop decided here waits for a second reviewer (on the case page's 待遇 panel),
 * as every money change does; until then the row shows it as 待确认.
 */
export function ReviewsPage() {
  const [month, setMonth] = useState(() => shanghaiDate(new Date()).slice(0, 7));
  const valid = MONTH.test(month);
  const due = useApiQuery('beneficiaries.reviewsDue', { from: month, to: month }, { enabled: valid });
  const [reviewing, setReviewing] = useState<Benefit | null>(null);

  return (
    <Stack>
      <Title order={2}>年度复核</Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group align="flex-end">
            <TextInput label="复核月份（YYYY-MM）" value={month} onChange={(e) => setMonth(e.currentTarget.value.trim())} error={valid ? undefined : '月份格式应为 YYYY-MM'} w={200} />
            <Text size="sm" c="dimmed">
              需年度复核的待遇自起始月满一年到期，复核后自复核月起再满一年到期；此前到期仍未复核的列为逾期。
            </Text>
          </Group>
          <ErrorAlert error={due.error} />
          <Table withTableBorder aria-label="到期复核名单">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>姓名</Table.Th>
                <Table.Th>事项</Table.Th>
                <Table.Th>月发放金额</Table.Th>
                <Table.Th>评估等级</Table.Th>
                <Table.Th>起始月</Table.Th>
                <Table.Th>应复核月</Table.Th>
                <Table.Th>状态</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {due.data?.overdue.map((d) => (
                <DueRow key={`${d.beneficiary.id}-overdue`} due={d} onReview={() => setReviewing(d.beneficiary)} />
              ))}
              {due.data?.items.map((d) => (
                <DueRow key={`${d.beneficiary.id}-${d.dueMonth}`} due={d} onReview={() => setReviewing(d.beneficiary)} />
              ))}
              {due.data?.items.length === 0 && due.data.overdue.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text size="sm" c="dimmed">
                      {month} 没有到期的复核
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      <Modal opened={reviewing !== null} onClose={() => setReviewing(null)} title={reviewing ? `复核：${reviewing.resident.name} · ${reviewing.itemName}` : ''} size="lg">
        {reviewing && <ReviewForm benefit={reviewing} onDone={() => setReviewing(null)} />}
      </Modal>
    </Stack>
  );
}

function DueRow({ due, onReview }: { due: Due; onReview(): void }) {
  const b = due.beneficiary;
  const pending = b.review.pending;
  return (
    <Table.Tr aria-label={`复核 ${b.resident.name}`}>
      <Table.Td>{b.resident.name}</Table.Td>
      <Table.Td>{b.itemName}</Table.Td>
      <Table.Td>{b.latestAmount.toFixed(2)} 元</Table.Td>
      <Table.Td>{b.review.grade ?? '—'}</Table.Td>
      <Table.Td>{b.startMonth}</Table.Td>
      <Table.Td>
        {due.dueMonth}
        {due.cycle === undefined ? '' : `（第 ${due.cycle} 次）`}
      </Table.Td>
      <Table.Td>
        {pending ? (
          <Stack gap={2}>
            <Badge color="yellow">待确认</Badge>
            <Text size="xs">
              {pending.reviewedBy} 复核为{OUTCOME_LABELS[pending.outcome]}
              {pending.grade ? `（${pending.grade}）` : ''}，须另一位审核人员在
              <Anchor component={Link} to={`/cases/${b.caseId}`} size="xs">
                办件页
              </Anchor>
              确认
            </Text>
          </Stack>
        ) : due.cycle === undefined ? (
          <Badge color="red">逾期未复核</Badge>
        ) : (
          <Badge color="blue">待复核</Badge>
        )}
      </Table.Td>
      <Table.Td>
        {!pending && (
          <Button size="xs" onClick={onReview}>
            复核
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ReviewForm({ benefit, onDone }: { benefit: Benefit; onDone(): void }) {
  const [outcome, setOutcome] = useState<Outcome>('confirm');
  const [reviewedOn, setReviewedOn] = useState(() => shanghaiDate(new Date()));
  const [opinion, setOpinion] = useState('');
  const [grade, setGrade] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | ''>('');
  const [fromMonth, setFromMonth] = useState('');
  const item = useApiQuery('catalogue.get', { code: benefit.itemCode });
  const table = item.data?.recurring?.gradeAmounts;
  const record = useApiMutation('beneficiaries.recordReview', {
    invalidates: ['cases'],
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: r.review.status === 'done' ? `已记录复核：维持，下次复核 ${r.beneficiary.review.nextDueMonth ?? '—'}` : `已记录复核：${OUTCOME_LABELS[r.review.outcome]}，待另一位审核人员确认后生效`,
      });
      onDone();
    },
  });
  const errors = fieldErrors(record.error);

  const submit = () => {
    record.reset();
    record.mutate({
      beneficiaryId: benefit.id,
      outcome,
      reviewedOn,
      opinion,
      ...(outcome === 'change' && table ? { grade: grade ?? '' } : {}),
      ...(outcome === 'change' && !table ? { monthlyAmount: amount === '' ? Number.NaN : amount } : {}),
      ...(outcome !== 'confirm' && fromMonth.trim() ? { fromMonth: fromMonth.trim() } : {}),
    });
  };

  return (
    <Stack gap="sm" component="form" aria-label="复核结论" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Text size="sm">
        现每月 {benefit.latestAmount.toFixed(2)} 元{benefit.review.grade ? `，评估等级 ${benefit.review.grade}` : ''}，自 {benefit.startMonth} 起发放。
      </Text>
      <SegmentedControl value={outcome} onChange={(v) => setOutcome(v as Outcome)} data={(['confirm', 'change', 'stop'] as const).map((v) => ({ value: v, label: OUTCOME_LABELS[v] }))} />
      <TextInput label="复核日期" value={reviewedOn} onChange={(e) => setReviewedOn(e.currentTarget.value)} error={errors.reviewedOn} />
      {outcome === 'change' && table && (
        <Select
          label="复核后的评估等级"
          data={table.amounts.map((a) => ({ value: a.grade, label: `${a.grade}（每月 ${a.monthlyAmount} 元）` }))}
          value={grade}
          onChange={setGrade}
          error={errors.grade}
        />
      )}
      {outcome === 'change' && !table && (
        <NumberInput label="复核后的月发放金额（元）" value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} error={errors.monthlyAmount} />
      )}
      {outcome !== 'confirm' && (
        <TextInput label={outcome === 'stop' ? '自何月起停发（YYYY-MM，默认复核次月）' : '自何月起生效（YYYY-MM，默认复核次月）'} value={fromMonth} onChange={(e) => setFromMonth(e.currentTarget.value)} error={errors.fromMonth} />
      )}
      <Textarea label="复核意见" value={opinion} onChange={(e) => setOpinion(e.currentTarget.value)} error={errors.opinion} autosize minRows={2} />
      {outcome !== 'confirm' && (
        <Text size="xs" c="dimmed">
          变更与停发记录为待确认的变更，须由另一位审核人员（非本人、非本案受理人）确认后才生效；确认前照原金额发放。
        </Text>
      )}
      <ErrorAlert error={record.error} placed={(p) => ['reviewedOn', 'grade', 'monthlyAmount', 'fromMonth', 'opinion'].includes(p)} />
      <Group justify="flex-end">
        <Button type="submit" loading={record.isPending}>
          记录复核结论
        </Button>
      </Group>
    </Stack>
  );
}
