import { Alert, Text } from '@mantine/core';
import type { CaseView } from './types';

/** The 容缺 materials a running case still waits for: not yet supplied, with the promised day. */
export function awaitedOf(c: CaseView): CaseView['deferred'] {
  return c.status === 'in_progress' ? c.deferred.filter((d) => d.receivedOn === null) : [];
}

/**
 * Beside the decision buttons: a 容缺 case is approved only once its deferred materials are
 * in (the core refuses 审批通过 before); 不予批准 stays possible.
 */
export function AwaitedMaterials({ c }: { c: CaseView }) {
  const awaited = awaitedOf(c);
  if (awaited.length === 0) return null;
  return (
    <Alert color="orange" py="xs" title="容缺材料尚未补交" data-testid="awaited-materials">
      <Text size="sm">
        {awaited.map((d) => `“${d.name}”（约定 ${d.dueDate} 前补交${d.overdue ? '，已逾期' : ''}）`).join('、')}
      </Text>
      <Text size="xs" c="dimmed">
        材料补齐后方可审批通过；如不符合条件，仍可作出不予批准决定。
      </Text>
    </Alert>
  );
}
