import { Alert, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import type { CaseView } from '../cases/types';
import { BenefitHistory } from './BenefitHistory';
import { BenefitMonthAmount } from './BenefitMonthAmount';
import { ReviewSummary } from './ReviewSummary';
import { PaymentResults } from './PaymentResults';
import { BenefitStopNotice } from '../residents/ResidentStatusAction';

type Benefit = NonNullable<CaseView['beneficiary']>;

/**
 * 待遇发放 on the case page. A change of amount or a stop is a proposal: it is paid (and
 * exported) only once a second reviewer, neither the proposer nor the acceptor, confirms it.
 */
export function BenefitPanel({ benefit, canPropose, accountId, onChanged }: { benefit: Benefit; canPropose: boolean; accountId: number | null; onChanged(): void }) {
  const pending = benefit.pendingChange;
  return (
    <Paper withBorder p="md" component="section" aria-label="待遇">
      <Title order={4} mb="xs">
        待遇发放
      </Title>
      <Stack gap="sm">
        <Text size="sm" data-testid="benefit">
          {benefit.status === 'stopped' ? '已停发' : '在保'}：自 {benefit.startMonth} 起每月 {benefit.latestAmount.toFixed(2)} 元
          {benefit.stopMonth && benefit.status !== 'stopped' ? `，${benefit.stopMonth} 起停发` : ''}
        </Text>
        <BenefitMonthAmount benefit={benefit} />
        <BenefitHistory history={benefit.history} />
        <ReviewSummary review={benefit.review} annualReview={benefit.annualReview} />
        <PaymentResults payments={benefit.payments} />
        {benefit.stopMonth && <BenefitStopNotice residentId={benefit.resident.id} />}
        {pending && <PendingChange benefit={benefit} canDecide={canPropose} accountId={accountId} onChanged={onChanged} />}
        {!pending && canPropose && benefit.status !== 'stopped' && <ProposeChange benefit={benefit} onChanged={onChanged} />}
      </Stack>
    </Paper>
  );
}

function PendingChange({ benefit, canDecide, accountId, onChanged }: { benefit: Benefit; canDecide: boolean; accountId: number | null; onChanged(): void }) {
  const p = benefit.pendingChange!;
  const [reason, setReason] = useState('');
  const confirm = useApiMutation('beneficiaries.confirmChange', { invalidates: ['cases'], onSuccess: onChanged });
  const reject = useApiMutation('beneficiaries.rejectChange', { invalidates: ['cases'], onSuccess: onChanged });
  const mine = p.proposedById === accountId;

  const run = (what: 'confirm' | 'reject') => {
    confirm.reset();
    reject.reset();
    if (what === 'confirm') confirm.mutate({ proposalId: p.id });
    else reject.mutate({ proposalId: p.id, reason });
  };

  return (
    <Alert color="yellow" title="待确认的变更" data-testid="pending-change">
      <Stack gap={6}>
        <Text size="sm">
          {p.kind === 'stop' ? `自 ${p.effectiveMonth} 起停发` : `自 ${p.effectiveMonth} 起每月改为 ${p.amount!.toFixed(2)} 元`}（原因：{p.reason}）
        </Text>
        <Text size="xs" c="dimmed">
          {p.proposedBy} 提出，须由另一位审核人员（非提出人、非受理人）确认后才生效；确认前照原金额发放。
        </Text>
        {canDecide && mine && <Text size="sm">这是您提出的变更，请等待另一位审核人员确认。</Text>}
        {canDecide && !mine && (
          <>
            <Group gap="xs">
              <Button size="xs" color="green" loading={confirm.isPending} onClick={() => void run('confirm')}>
                确认变更
              </Button>
              <TextInput size="xs" aria-label="驳回理由" placeholder="驳回理由" value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button size="xs" color="red" variant="light" loading={reject.isPending} onClick={() => void run('reject')}>
                驳回
              </Button>
            </Group>
          </>
        )}
        <ErrorAlert error={confirm.error ?? reject.error} />
      </Stack>
    </Alert>
  );
}

function ProposeChange({ benefit, onChanged }: { benefit: Benefit; onChanged(): void }) {
  const [kind, setKind] = useState<'change' | 'stop'>('change');
  const [amount, setAmount] = useState<number | ''>('');
  const [fromMonth, setFromMonth] = useState('');
  const [reason, setReason] = useState('');
  const done = () => {
    setAmount('');
    setFromMonth('');
    setReason('');
    onChanged();
  };
  const change = useApiMutation('beneficiaries.change', { invalidates: ['cases'], onSuccess: done });
  const stop = useApiMutation('beneficiaries.stop', { invalidates: ['cases'], onSuccess: done });
  const failed = change.error ?? stop.error;
  const errors = fieldErrors(failed);

  const submit = () => {
    change.reset();
    stop.reset();
    if (kind === 'change') change.mutate({ id: benefit.id, monthlyAmount: amount === '' ? Number.NaN : amount, fromMonth, reason });
    else stop.mutate({ id: benefit.id, fromMonth, reason });
  };

  return (
    <Stack gap={6} component="form" aria-label="提出待遇变更" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <SegmentedControl
        size="xs"
        value={kind}
        onChange={(v) => setKind(v as 'change' | 'stop')}
        data={[
          { value: 'change', label: '变更金额' },
          { value: 'stop', label: '停发' },
        ]}
      />
      {kind === 'change' && (
        <NumberInput size="xs" label="新的月发放金额（元）" value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} error={errors.monthlyAmount} />
      )}
      <TextInput size="xs" label={kind === 'change' ? '自何月起（YYYY-MM）' : '自何月起停发（YYYY-MM）'} value={fromMonth} onChange={(e) => setFromMonth(e.currentTarget.value)} error={errors.fromMonth} />
      <TextInput size="xs" label="原因" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
      <Text size="xs" c="dimmed">
        提出后为待确认的变更，须由另一位审核人员（非提出人、非本案受理人）确认后才生效。
      </Text>
      <ErrorAlert error={failed} placed={(path) => ['monthlyAmount', 'fromMonth', 'reason'].includes(path)} />
      <Group justify="flex-end">
        <Button size="xs" type="submit" loading={change.isPending || stop.isPending}>
          {kind === 'change' ? '提出金额变更' : '提出停发'}
        </Button>
      </Group>
    </Stack>
  );
}
