import { Badge, Group, Stack, Text } from '@mantine/core';
import type { HandlerOutput } from '../../../../db/src/contract';

type History = HandlerOutput<'beneficiaries.get'>['history'];

const KIND_LABELS = { start: '审批发放', change: '金额变更', stop: '停发' } as const;

/**
 * Every start, change and stop of a benefit with its reason, the age-tier steps among them
 * (recorded at approval, effective by themselves in their month): the clerk answering
 * "why is it 180 元 now" reads it here. A list rather than a table: it sits in the case
 * page's narrow side column.
 */
export function BenefitHistory({ history }: { history: History }) {
  return (
    <Stack gap={6} component="ul" aria-label="发放变动记录" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {history.map((h) => (
        <li key={h.id} data-testid="benefit-history-row" data-rule={h.rule ?? undefined}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" ff="monospace">
              {h.effectiveMonth}
            </Text>
            {h.rule === 'age_tier' ? (
              <Badge size="sm" variant="light" color="teal" style={{ flexShrink: 0 }}>
                年龄档调整
              </Badge>
            ) : (
              <Text size="sm">{KIND_LABELS[h.kind]}</Text>
            )}
            <Text size="sm" fw={600}>
              {h.amount === null ? '' : `${h.amount.toFixed(2)} 元`}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {h.reason} · {h.rule === 'age_tier' ? '按年龄档自动调整' : h.by}
            {h.proposedBy ? `（${h.proposedBy} 提出）` : ''}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
