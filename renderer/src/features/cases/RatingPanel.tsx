import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../residents/format';
import { windowLabel } from '../../../../db/src/shared/vocabulary';
import type { CaseView } from './types';

type ServiceKind = 'intake' | 'supply' | 'result_notice';
const OFFER_LABELS: Record<ServiceKind, string> = { intake: '受理', supply: '补正/容缺递交', result_notice: '结果通知' };

/** The services of this case the counter may offer for rating now: each is rated once. */
export function offerable(c: CaseView): ServiceKind[] {
  const rated = (kind: ServiceKind) => c.services.some((s) => s.kind === kind && s.rated);
  const out: ServiceKind[] = [];
  if (c.timeline.some((e) => e.action === 'intake') && !rated('intake')) out.push('intake');
  // each delivery is a service: the latest one is offered, once
  const lastSupply = [...c.timeline].reverse().find((e) => e.action === 'supply');
  if (lastSupply && !c.services.some((s) => s.kind === 'supply' && s.rated && s.servedOn >= lastSupply.at.slice(0, 10))) out.push('supply');
  if ((c.status === 'approved' || c.status === 'not_approved') && !rated('result_notice')) out.push('result_notice');
  return out;
}

/**
 * 好差评 on the case page: the counter offers a service for rating on its window's rating
 * screen (the resident rates there, never here), and sees whether a rating came; a reviewer
 * sees the ratings themselves. A 差评's 回访 is closed here by anyone but the rated person,
 * with what was found and what was put right.
 */
export function RatingPanel({ c, canOffer, canFollowUp, accountId, onEditing }: { c: CaseView; canOffer: boolean; canFollowUp: boolean; accountId: number | null; onEditing?(editing: boolean): void }) {
  const offer = useApiMutation('cases.offerRating');
  const closeFollowUp = useApiMutation('cases.closeFollowUp');
  const [note, setNote] = useState<Record<number, string>>({});
  const [rectification, setRectification] = useState<Record<number, string>>({});
  const editing = Object.values(note).some((v) => v !== '') || Object.values(rectification).some((v) => v !== '');
  useEffect(() => {
    onEditing?.(editing);
  }, [onEditing, editing]);
  useEffect(() => () => onEditing?.(false), [onEditing]);
  const kinds = canOffer ? offerable(c) : [];
  // While the resident has the offer on their screen, the case is read again now and then:
  // the counter sees that a rating came (not what it says).
  const waitingAny = c.services.some((s) => !s.rated && s.offerEndsAt !== null && s.offerEndsAt > new Date().toISOString());
  useApiQuery('cases.get', { id: c.id }, { refetchInterval: waitingAny ? 2000 : false });
  const error = closeFollowUp.submittedAt > offer.submittedAt ? closeFollowUp.error : offer.error;

  return (
    <Paper withBorder p="md" component="section" aria-label="评价">
      <Stack gap="xs">
        <Title order={4}>好差评</Title>
        {c.services.length === 0 && (
          <Text size="sm" c="dimmed">
            尚未邀请评价
          </Text>
        )}
        {c.services.map((s) => {
          const waiting = !s.rated && s.offerEndsAt !== null && s.offerEndsAt > new Date().toISOString();
          return (
            <Group key={s.id} gap="xs" data-testid="rating-service" data-service={s.kind}>
              <Text size="sm" fw={500}>
                {s.label}
              </Text>
              <Text size="xs" c="dimmed">
                {s.servedBy.name} · {s.servedOn}
              </Text>
              {s.rated ? (
                <Badge color="green" variant="light" data-testid="rating-state">
                  已评价
                </Badge>
              ) : waiting ? (
                <Badge color="blue" variant="light" data-testid="rating-state">
                  等待群众在评价屏上评价
                </Badge>
              ) : (
                <Badge color="gray" variant="light" data-testid="rating-state">
                  未评价
                </Badge>
              )}
              {s.rating && (
                <Text size="sm" data-testid="rating">
                  {s.rating.score} 分 · {s.rating.label}
                  {s.rating.reasons.length > 0 && `（${s.rating.reasons.join('、')}）`}
                  {s.rating.comment && ` ${s.rating.comment}`}
                </Text>
              )}
            </Group>
          );
        })}
        {kinds.length > 0 && (
          <Group gap="xs" role="group" aria-label="邀请评价">
            {kinds.map((k) => (
              <Button key={k} size="xs" variant="light" loading={offer.isPending && offer.variables?.service === k} onClick={() => offer.mutate({ caseId: c.id, service: k })}>
                请群众评价：{OFFER_LABELS[k]}
              </Button>
            ))}
          </Group>
        )}
        {offer.isSuccess && !offer.isPending && (
          <Text size="xs" c="dimmed">
            已在{windowLabel(offer.data.windowNo)}的评价屏上邀请评价（{offer.data.service}）
          </Text>
        )}
        {c.followUps.map((f) => (
          <Alert
            key={f.id}
            color={f.closedAt ? 'gray' : f.overdue ? 'red' : 'orange'}
            py="xs"
            title={f.closedAt ? `差评回访已办结（${f.serviceLabel}）` : `差评回访（${f.serviceLabel}）：${f.dueOn} 前`}
            data-testid="follow-up"
          >
            {f.closedAt ? (
              <Text size="sm">
                {f.note}
                {f.rectification && `；整改：${f.rectification}`}（{f.closedBy}，{formatDateTime(f.closedAt)}）
              </Text>
            ) : accountId === f.clerkId ? (
              <Text size="sm">对您的差评须由其他工作人员回访</Text>
            ) : canFollowUp ? (
              <Stack gap={6}>
                <Textarea label="回访情况" value={note[f.id] ?? ''} onChange={(e) => setNote({ ...note, [f.id]: e.currentTarget.value })} autosize minRows={2} maxLength={1000} />
                <Textarea
                  label="整改情况"
                  value={rectification[f.id] ?? ''}
                  onChange={(e) => setRectification({ ...rectification, [f.id]: e.currentTarget.value })}
                  autosize
                  minRows={2}
                  maxLength={1000}
                />
                <Button
                  size="xs"
                  loading={closeFollowUp.isPending}
                  disabled={!(note[f.id] ?? '').trim() || !(rectification[f.id] ?? '').trim()}
                  onClick={() =>
                    closeFollowUp.mutate(
                      { caseId: c.id, followUpId: f.id, note: (note[f.id] ?? '').trim(), rectification: (rectification[f.id] ?? '').trim() },
                      {
                        onSuccess: () => {
                          setNote({ ...note, [f.id]: '' });
                          setRectification({ ...rectification, [f.id]: '' });
                        },
                      },
                    )
                  }
                >
                  回访办结
                </Button>
              </Stack>
            ) : (
              <Text size="sm">待回访（被评价人：{f.clerkName}）</Text>
            )}
          </Alert>
        ))}
        <ErrorAlert error={error} />
      </Stack>
    </Paper>
  );
}
