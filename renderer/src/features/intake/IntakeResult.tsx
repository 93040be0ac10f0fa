import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { RefObject } from 'react';
import { Link } from 'react-router';
import { DeadlineBadge } from '../cases/badges';
import { PrintButtons } from '../documents/PrintButtons';
import { DECISIONS, type IntakeOutput } from './intakeState';

/** After the decision: the case number, its dates, and the documents to print (Enter prints the first). */
export function IntakeResult({ result, printButton, onNext }: { result: IntakeOutput; printButton: RefObject<HTMLButtonElement | null>; onNext(keepApplicant: boolean): void }) {
  const c = result.case;
  const done = DECISIONS.find((d) => d.value === c.decision)!;
  return (
    <Stack maw={900}>
      <Title order={2}>受理</Title>
      <Paper withBorder p="lg" aria-label="受理结果" component="section">
        <Stack gap="sm">
          <Group gap="sm">
            <Title order={3}>{done.done}</Title>
            {result.replayed && <Badge color="gray">重复提交，已是同一办件</Badge>}
          </Group>
          <Group gap="xl" align="flex-end">
            <Stack gap={0}>
              <Text size="sm" c="dimmed">
                办件编号
              </Text>
              <Text fz={28} fw={700} ff="monospace" data-testid="case-no">
                {c.caseNo}
              </Text>
            </Stack>
            <Stack gap={2}>
              <Text size="sm">
                {c.applicant.name} · {c.item.name}
              </Text>
              <Group gap="xs">
                {c.dates.dueOn && (
                  <Text size="sm">
                    承诺办结日期 <b data-testid="due-on">{c.dates.dueOn}</b>
                  </Text>
                )}
                <DeadlineBadge deadline={c.deadline} />
              </Group>
            </Stack>
          </Group>
          {c.missing.length > 0 && c.decision === 'notify_missing' && <Text size="sm">须补正：{c.missing.map((m) => m.name).join('、')}</Text>}
          {c.deferred.length > 0 && <Text size="sm">容缺材料：{c.deferred.map((d) => `${d.name}（${d.dueDate} 前）`).join('、')}</Text>}
          {c.refusal && <Text size="sm">不予受理理由：{c.refusal.reason}</Text>}
          {c.dates.dueDateWarning && (
            <Alert color="yellow" py="xs" data-testid="due-date-provisional">
              {c.dates.dueDateWarning}
            </Alert>
          )}
          {result.warnings.map((w, i) => (
            <Alert key={i} color="orange" py="xs">
              {w.message}
            </Alert>
          ))}
          <PrintButtons ref={printButton} c={c} shortcut="Alt+P" size="md" />
          <Group gap="xs">
            <Button variant="default" onClick={() => onNext(false)}>
              下一位（Alt+N）
            </Button>
            <Button variant="default" onClick={() => onNext(true)}>
              为{c.applicant.name}再办一件
            </Button>
            <Anchor component={Link} to={`/cases/${c.id}`} size="sm">
              查看办件
            </Anchor>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
