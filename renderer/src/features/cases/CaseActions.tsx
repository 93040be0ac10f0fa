import { Button, Group, NumberInput, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useApiMutation } from '../../api/query';
import { ApprovalAmountHint } from '../beneficiaries/ApprovalAmountHint';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import type { ActionName, CaseView } from './types';
import { AwaitedMaterials, awaitedOf } from './AwaitedMaterials';
import { MeansSection, meansToSend, type MeansEntries } from '../intake/MeansSection';

/** Tells the case page whether this panel holds input not yet sent. */
function useEditing(report: ((editing: boolean) => void) | undefined, editing: boolean): void {
  useEffect(() => {
    report?.(editing);
  }, [report, editing]);
  useEffect(() => () => report?.(false), [report]);
}

const ACTION_COLORS: Partial<Record<ActionName, string>> = { approve: 'green', reject: 'red', terminate: 'red', withdraw: 'gray', extend: 'orange' };

/**
 * What a reviewer (or the clerk, for 撤回) does next on the case: the allowed actions, an
 * opinion, and for the approval of a monthly benefit the amount and start month. The core's
 * rules come back in Chinese and are shown right under the action: an illegal step, the
 * four-eyes rule (审批人不能是受理人), a 公示 not yet over.
 */
export function TransitionPanel({
  c,
  isReviewer,
  accountId,
  onStale,
  onEditing,
}: {
  c: CaseView;
  isReviewer: boolean;
  accountId: number | null;
  /** the case moved on meanwhile: read it again (the message stays) */
  onStale(): void;
  /** whether an action is chosen and its opinion being written (not to be refreshed away) */
  onEditing?(editing: boolean): void;
}) {
  const atApproval = c.status === 'in_progress' && c.stage?.kind === 'approval';
  // The approval buttons stay visible to a reviewer barred by four eyes (the acceptor, or
  // whoever took an earlier stage), so the rule is shown where the decision would be taken
  // rather than the buttons silently missing.
  const fourEyes = accountId !== null && isReviewer && atApproval && !c.allowedActions.some((a) => a.action === 'approve');
  const acceptedHere = accountId !== null && (c.clerk.id === accountId || c.acceptedBy?.id === accountId);
  const actions: CaseView['allowedActions'] = fourEyes
    ? [{ action: 'approve', label: '审批通过', nextStage: null }, { action: 'reject', label: '不予批准', nextStage: null }, ...c.allowedActions]
    : c.allowedActions;

  const [action, setAction] = useState<ActionName | null>(null);
  const [opinion, setOpinion] = useState('');
  const [amount, setAmount] = useState<number | ''>('');
  const [startMonth, setStartMonth] = useState('');
  // A field's message goes once its input is edited; the alert stays until the next try.
  const [edited, setEdited] = useState<string[]>([]);
  const transition = useApiMutation('cases.transition', {
    // An approval of a monthly benefit starts its payment.
    invalidates: ['beneficiaries'],
    onMutate: () => setEdited([]),
    onSuccess: () => {
      setAction(null);
      setOpinion('');
      setAmount('');
      setStartMonth('');
    },
    onError: (err) => {
      if (err.code === 'CONFLICT') {
        setAction(null);
        onStale();
      }
    },
  });
  const errors = Object.fromEntries(Object.entries(fieldErrors(transition.error)).filter(([path]) => !edited.includes(path)));
  useEditing(onEditing, action !== null);

  if (actions.length === 0) return null;
  const chosen = actions.find((a) => a.action === action) ?? null;
  const withAmount = action === 'approve' && c.item.recurring;

  const submit = () => {
    if (!action) return;
    transition.mutate({
      caseId: c.id,
      action,
      opinion,
      ...(c.stage ? { stage: c.stage.key } : {}),
      ...(withAmount && amount !== '' ? { monthlyAmount: amount } : {}),
      ...(withAmount && startMonth.trim() ? { startMonth: startMonth.trim() } : {}),
    });
  };
  const busy = transition.isPending;

  return (
    <Paper withBorder p="md" component="section" aria-label="办理">
      <Stack gap="sm">
        <Title order={4}>办理{c.stage ? `：${c.stage.name}` : ''}</Title>
        {c.stage && (
          <Text size="xs" c="dimmed">
            第 {c.stage.index + 1} / {c.stage.total} 环节
            {c.deadline.postingEndsOn ? `，公示期至 ${c.deadline.postingEndsOn}` : ''}
          </Text>
        )}
        <AwaitedMaterials c={c} />
        <Group gap="xs" role="group" aria-label="可进行的操作">
          {actions.map((a) => (
            <Button
              key={a.action}
              disabled={a.action === 'approve' && awaitedOf(c).length > 0}
              size="xs"
              variant={action === a.action ? 'filled' : 'light'}
              color={ACTION_COLORS[a.action] ?? 'blue'}
              aria-pressed={action === a.action}
              onClick={() => {
                setAction(a.action);
                transition.reset();
              }}
            >
              {a.label}
              {a.nextStage ? `（进入${a.nextStage.name}）` : ''}
            </Button>
          ))}
        </Group>
        {fourEyes && (
          <Text size="xs" c="orange.8">
            {acceptedHere
              ? '您是本件的受理人。按“审批人不能是受理人”的规定，审批决定须由其他审批人员作出。'
              : '您办理过本件此前的环节。按“审批须由未参与本案前序环节的人员办理”的规定，审批决定须由其他审批人员作出。'}
          </Text>
        )}
        {chosen && (
          <Stack gap="xs">
            <Textarea
              label={`${chosen.label}意见`}
              withAsterisk
              value={opinion}
              onChange={(e) => {
                setOpinion(e.currentTarget.value);
                setEdited((x) => [...x, 'opinion']);
              }}
              error={errors.opinion}
              autosize
              minRows={2}
              maxLength={1000}
              autoFocus
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.ctrlKey) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
            {withAmount && <ApprovalAmountHint caseId={c.id} startMonth={startMonth} />}
            {withAmount && (
              <Group grow align="flex-start">
                <NumberInput
                  label="月发放金额（元）"
                  description={
                    c.meansTest?.amountText
                      ? `按低保标准核算：${c.meansTest.amountText}；留空即按核算金额，填写须一致`
                      : '留空则按表单核定金额、年龄档或事项默认金额'
                  }
                  value={amount}
                  onChange={(v) => setAmount(typeof v === 'number' ? v : '')}
                  min={0}
                  decimalScale={2}
                  hideControls
                  error={errors.monthlyAmount}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                />
                <TextInput
                  label="起始月份"
                  description="YYYY-MM，留空为下月"
                  placeholder="YYYY-MM"
                  value={startMonth}
                  onChange={(e) => setStartMonth(e.currentTarget.value)}
                  error={errors.startMonth}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                />
              </Group>
            )}
            <Group gap="xs">
              <Button loading={busy} color={ACTION_COLORS[chosen.action] ?? 'blue'} onClick={submit}>
                确认{chosen.label}（Ctrl+Enter）
              </Button>
              <Button variant="default" onClick={() => setAction(null)} disabled={busy}>
                取消
              </Button>
            </Group>
          </Stack>
        )}
        <ErrorAlert error={transition.error} placed={(p) => ['opinion', 'monthlyAmount', 'startMonth'].includes(p)} title="未能办理" />
      </Stack>
    </Paper>
  );
}

/** 补交材料: what the applicant brings after 一次告知 or a 容缺 acceptance. */
export function SupplyPanel({ c, onEditing }: { c: CaseView; onEditing?(editing: boolean): void }) {
  const short = c.materials.filter((m) => m.copiesReceived < m.copiesRequired && (m.required || m.deferredDue));
  const [copies, setCopies] = useState<Record<string, number>>({});
  useEditing(onEditing, Object.values(copies).some((n) => n > 0));
  // 低保 after 一次性告知: the members' means come with the materials that complete the case.
  const [means, setMeans] = useState<MeansEntries>({});
  const askMeans = c.status === 'waiting_materials' && c.meansTest !== null && !c.meansTest.complete;
  const supply = useApiMutation('cases.supplyMaterials', { onSuccess: () => setCopies({}) });
  if (short.length === 0) return null;
  const done = supply.data ? (supply.data.accepted ? '材料已齐，办件已受理并开始计时。' : '已登记补交的材料。') : null;
  const busy = supply.isPending;
  const sentMeans = askMeans ? meansToSend(means) : undefined;
  const submit = () =>
    supply.mutate({
      caseId: c.id,
      materials: short.filter((m) => (copies[m.key] ?? 0) > 0).map((m) => ({ key: m.key, copies: copies[m.key]! })),
      ...(sentMeans ? { means: sentMeans } : {}),
    });
  return (
    <Paper withBorder p="md" component="section" aria-label="补交材料">
      <Stack gap="xs">
        <Title order={4}>补交材料</Title>
        {short.map((m) => (
          <Group key={m.key} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" style={{ flex: 1 }}>
              {m.name}
              <Text span size="xs" c="dimmed">
                （应交 {m.copiesRequired}，已交 {m.copiesReceived}
                {m.deferredDue ? `，${m.deferredDue} 前` : ''}）
              </Text>
            </Text>
            <NumberInput
              aria-label={`${m.name} 本次补交份数`}
              size="xs"
              w={72}
              min={0}
              max={99}
              allowDecimal={false}
              value={copies[m.key] ?? 0}
              onChange={(v) => setCopies((x) => ({ ...x, [m.key]: typeof v === 'number' ? v : 0 }))}
            />
          </Group>
        ))}
        {askMeans && <MeansSection working={c.meansTest} loading={false} entries={means} onChange={(id, e) => setMeans((m) => ({ ...m, [id]: e }))} />}
        <Button size="xs" loading={busy} onClick={submit} disabled={!short.some((m) => (copies[m.key] ?? 0) > 0)}>
          登记补交
        </Button>
        {done && (
          <Text size="sm" c="green.8">
            {done}
          </Text>
        )}
        <ErrorAlert error={supply.error} />
      </Stack>
    </Paper>
  );
}
