import { Alert, Anchor, Badge, Button, Breadcrumbs, Center, Grid, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { CaseMeans } from './CaseMeans';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useChangedElsewhere } from '../../api/live';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SEX_LABELS } from '../../ui/labels';
import { useAuth } from '../auth/AuthContext';
import { PrintButtons } from '../documents/PrintButtons';
import { DistrictDecisionPanel } from '../decisions/DistrictDecisionPanel';
import { formatDateTime } from '../residents/format';
import { DeadlineBadge, StatusBadge } from './badges';
import { BenefitPanel } from '../beneficiaries/BenefitPanel';
import { SupplyPanel, TransitionPanel } from './CaseActions';
import { RatingPanel } from './RatingPanel';
import { DistrictPanel } from './DistrictPanel';
import type { CaseView } from './types';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

const STAGE_STATE = { done: '已完成', current: '办理中', pending: '待办', skipped: '未进行' } as const;
const STAGE_COLOR = { done: 'green', current: 'blue', pending: 'gray', skipped: 'gray' } as const;

/** /cases/:id — one case: facts, form, materials, stages and timeline, documents, actions, rating. */
export function CasePage() {
  const id = Number(useParams().id);
  const { account, hasRole } = useAuth();
  const valid = Number.isInteger(id) && id > 0;
  // Every action on the case invalidates it: the page shows the case as the core has it now.
  const read = useApiQuery('cases.get', { id }, { enabled: valid });
  const c: CaseView | null = read.data ?? null;
  const error = read.error;
  const reload = () => void read.refetch();
  // Which action panels hold input not yet sent: a change made elsewhere then waits for 刷新.
  const [editing, setEditing] = useState<Record<string, boolean>>({});
  const editingIn = useCallback((panel: string) => (on: boolean) => setEditing((e) => (e[panel] === on ? e : { ...e, [panel]: on })), []);
  const [onTransitionEditing, onSupplyEditing, onRatingEditing] = useMemo(() => [editingIn('transition'), editingIn('supply'), editingIn('rating')], [editingIn]);
  const elsewhere = useChangedElsewhere(id, Object.values(editing).some(Boolean));

  if (!valid) return <ErrorAlert error="办件编号无效" />;
  if (!c) {
    return error ? (
      <Stack>
        <ErrorAlert error={error} />
        <Anchor component={Link} to="/cases">
          返回办件
        </Anchor>
      </Stack>
    ) : (
      <Center h={200}>
        <Loader aria-label="正在加载" />
      </Center>
    );
  }

  const open = c.status === 'in_progress' || c.status === 'waiting_materials';
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/cases">
          办件
        </Anchor>
        <span>{c.caseNo}</span>
      </Breadcrumbs>
      {elsewhere.changed && (
        <Alert color="yellow" py="xs" withCloseButton closeButtonLabel="关闭提示" onClose={elsewhere.dismiss} role="status" data-testid="changed-elsewhere" title="此办件已被其他窗口更新">
          {elsewhere.pending ? (
            <Group gap="sm">
              <Text size="sm">您正在填写的内容尚未提交，页面暂未刷新。</Text>
              <Button size="compact-sm" variant="light" onClick={elsewhere.refresh}>
                刷新
              </Button>
            </Group>
          ) : (
            <Text size="sm">已显示最新内容。</Text>
          )}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={2} ff="monospace" data-testid="case-no">
            {c.caseNo}
          </Title>
          <Title order={3} fw={500}>
            {c.item.name}
          </Title>
          <StatusBadge status={c.status} label={c.statusLabel} />
          <DeadlineBadge deadline={c.deadline} />
        </Group>
      </Group>
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="基本信息">
              <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" verticalSpacing="sm">
                <Field label="申请人">
                  <Anchor component={Link} to={`/residents/${c.applicant.residentId}`} size="sm">
                    {c.applicant.name}
                  </Anchor>
                  （{SEX_LABELS[c.applicant.sex]}，{c.applicant.age} 岁）
                </Field>
                <Field label="身份证号码">
                  <Text span ff="monospace" size="sm">
                    {c.applicant.idNumber}
                  </Text>
                </Field>
                <Field label="事项">
                  {c.item.name}（{c.item.familyLabel}）
                </Field>
                <Field label="窗口决定" testId="decision">
                  {c.decisionLabel}
                </Field>
                <Field label="收件日期">{c.dates.receivedOn}</Field>
                <Field label="受理日期">{c.dates.acceptedOn ?? '—'}</Field>
                <Field label="承诺办结日期" testId="due-on">
                  {c.dates.dueOn ?? '—'}
                  {c.dates.dueDateProvisional && (
                    <Text span size="xs" c="yellow.8" title={c.dates.dueDateWarning ?? undefined}>
                      {' '}
                      （临时安排，可能变动）
                    </Text>
                  )}
                </Field>
                <Field label="办结日期">{c.dates.completedOn ?? '—'}</Field>
                <Field label="受理人">{c.clerk.name ?? '—'}</Field>
                <Field label="窗口">{c.windowNo ?? '—'}</Field>
                <Field label="时限">
                  {c.deadline.timeLimitDays} 个工作日{c.deadline.extensionDays ? `，已延期 ${c.deadline.extensionDays} 天` : ''}
                  {c.deadline.pausedDays ? `，暂停 ${c.deadline.pausedDays} 天` : ''}
                </Field>
                <Field label="当前环节">{c.stage ? c.stage.name : (c.outcome?.label ?? '—')}</Field>
                {c.district && <Field label="决定机关">{c.district.decidedBy}</Field>}
              </SimpleGrid>
              {c.deadline.clock && (
                <Text size="sm" mt="sm" data-testid="case-clock" data-owner={c.deadline.owner}>
                  {c.deadline.clock}
                </Text>
              )}
              {c.refusal && (
                <Text size="sm" mt="sm" data-testid="refusal">
                  不予受理理由：{c.refusal.reason}
                  {c.refusal.referTo ? `；建议向 ${c.refusal.referTo} 申请` : ''}
                </Text>
              )}
              {c.outcome && c.outcome.reason && !c.refusal && (
                <Text size="sm" mt="sm">
                  办结意见：{c.outcome.reason}
                </Text>
              )}
            </Paper>

            {c.form.length > 0 && (
              <Paper withBorder p="md" component="section" aria-label="申请表">
                <Title order={4} mb="xs">
                  申请表
                </Title>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={6}>
                  {c.form.map((f) => (
                    <Field key={f.key} label={f.label}>
                      {f.display || '—'}
                    </Field>
                  ))}
                </SimpleGrid>
              </Paper>
            )}

            <Paper withBorder p="md" component="section" aria-label="材料">
              <Title order={4} mb="xs">
                材料
              </Title>
              <Table withTableBorder verticalSpacing={4} aria-label="材料清单">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>材料</Table.Th>
                    <Table.Th w={70}>形式</Table.Th>
                    <Table.Th w={56}>应交</Table.Th>
                    <Table.Th w={56}>实交</Table.Th>
                    <Table.Th w={190}>说明</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.materials.map((m) => (
                    <Table.Tr key={m.key}>
                      <Table.Td>
                        {m.name}
                        {!m.required && (
                          <Badge size="xs" variant="light" color="gray" ml={6}>
                            非必交
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{m.formLabel}</Table.Td>
                      <Table.Td>{m.copiesRequired}</Table.Td>
                      <Table.Td c={m.required && !m.complete ? 'red' : undefined}>{m.copiesReceived}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {m.deferredDue ? `容缺，${m.deferredDue} 前补交${m.receivedLaterOn ? `；${m.receivedLaterOn} 已补交` : ''}` : m.complete ? '已收齐' : m.required ? '未交齐' : '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {c.commitment && (
                <Text size="xs" c="dimmed" mt="xs">
                  容缺受理承诺：{c.commitment}
                </Text>
              )}
            </Paper>

            {c.household && (
              <Paper withBorder p="md" component="section" aria-label="家庭成员">
                <Title order={4} mb="xs">
                  家庭成员（受理时）
                </Title>
                <Table withTableBorder verticalSpacing={4}>
                  <Table.Tbody>
                    {c.household.members.map((m) => (
                      <Table.Tr key={m.residentId}>
                        <Table.Td>{m.name}</Table.Td>
                        <Table.Td>{m.isHead ? '户主' : m.relation}</Table.Td>
                        <Table.Td>{SEX_LABELS[m.sex]}</Table.Td>
                        <Table.Td>{m.age} 岁</Table.Td>
                        <Table.Td ff="monospace">{m.idNumber}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}

            {c.meansTest && <CaseMeans working={c.meansTest} approved={c.status === 'approved'} />}

            <Paper withBorder p="md" component="section" aria-label="办理进度">
              <Title order={4} mb="xs">
                办理进度
              </Title>
              <Group gap="xs" mb="md" wrap="wrap" aria-label="环节">
                {c.stages.map((s, i) => (
                  <Group key={s.key} gap={4} wrap="nowrap">
                    {i > 0 && <Text c="dimmed">→</Text>}
                    <Badge color={STAGE_COLOR[s.state]} variant={s.state === 'current' ? 'filled' : 'light'} data-stage-state={s.state}>
                      {s.name}·{STAGE_STATE[s.state]}
                    </Badge>
                  </Group>
                ))}
              </Group>
              <Timeline bulletSize={14} lineWidth={2} active={c.timeline.length - 1} aria-label="办理记录">
                {c.timeline.map((e) => (
                  <Timeline.Item
                    key={e.id}
                    title={
                      <Group gap="xs" wrap="wrap">
                        <Text size="sm" fw={600}>
                          {e.actionLabel}
                          {e.stageName ? `（${e.stageName}）` : ''}
                        </Text>
                        {e.toStageName && e.action !== 'intake' && e.toStage !== e.stage && (
                          <Text size="xs" c="dimmed">
                            → {e.toStageName}
                          </Text>
                        )}
                      </Group>
                    }
                  >
                    {e.opinion && <Text size="sm">意见：{e.opinion}</Text>}
                    <Text size="xs" c="dimmed">
                      {e.actor.name} · {formatDateTime(e.at)}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="文书">
              <Title order={4} mb="xs">
                文书（A4，一式两份）
              </Title>
              <PrintButtons c={c} size="xs" />
            </Paper>
            {c.districtDecision && <DistrictDecisionPanel c={c} canRecord={hasRole('clerk', 'reviewer')} onChanged={reload} />}
            <DistrictPanel c={c} />
            <TransitionPanel c={c} isReviewer={hasRole('reviewer')} accountId={account?.id ?? null} onStale={reload} onEditing={onTransitionEditing} />
            {open && hasRole('clerk') && <SupplyPanel c={c} onEditing={onSupplyEditing} />}
            {c.beneficiary && <BenefitPanel benefit={c.beneficiary} canPropose={hasRole('reviewer', 'admin')} accountId={account?.id ?? null} onChanged={reload} />}
            <RatingPanel c={c} canOffer={hasRole('clerk', 'reviewer')} canFollowUp={hasRole('clerk', 'reviewer', 'admin')} accountId={account?.id ?? null} onEditing={onRatingEditing} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
