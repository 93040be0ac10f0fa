import { Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiKey, useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { shanghaiDate } from '../../../../db/src/shared/china-time';
import { ErrorAlert } from '../../ui/ErrorAlert';

type Pending = HandlerOutput<'exports.handoffPending'>[number];

/**
 * 移交包 on demand: the cases waiting at 待区级审核确认 and not yet handed off; the chosen
 * ones leave today in a package of their own, the rest with the next daily package.
 */
export function HandoffChooser({ encoding }: { encoding: 'utf8' | 'gb18030' }) {
  const client = useQueryClient();
  const pending = useApiQuery('exports.handoffPending', {});
  const [chosen, setChosen] = useState<number[]>([]);
  const run = useApiMutation('exports.run', {
    invalidates: 'none',
    onSuccess: (done) => {
      setChosen([]);
      notifications.show({ color: 'green', message: `已移交 ${done.rows} 件，移交包 ${done.folderName}` });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: apiKey('exports.handoffPending', {}) });
      void client.invalidateQueries({ queryKey: apiKey('exports.history', { limit: 50 }) });
      void client.invalidateQueries({ queryKey: apiKey('exports.due') });
    },
  });
  const cases: Pending[] = pending.data ?? [];
  const toggle = (id: number, on: boolean) => setChosen((xs) => (on ? [...xs, id] : xs.filter((x) => x !== id)));

  return (
    <Stack gap="xs" aria-label="待移交办件" component="section">
      <Text size="sm" fw={500}>
        待移交办件（{cases.length} 件）
      </Text>
      <ErrorAlert error={pending.error} />
      {cases.length === 0 ? (
        <Text size="sm" c="dimmed">
          没有待移交的办件
        </Text>
      ) : (
        <Table aria-label="待移交办件列表" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>选定</Table.Th>
              <Table.Th>办件编号</Table.Th>
              <Table.Th>事项</Table.Th>
              <Table.Th>申请人</Table.Th>
              <Table.Th>决定机关</Table.Th>
              <Table.Th>进入待区级审核确认</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cases.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Checkbox aria-label={`选定 ${c.caseNo}`} checked={chosen.includes(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
                </Table.Td>
                <Table.Td ff="monospace">{c.caseNo}</Table.Td>
                <Table.Td>{c.itemName}</Table.Td>
                <Table.Td>{c.applicantName}</Table.Td>
                <Table.Td>{c.decidedBy}</Table.Td>
                <Table.Td>{c.reachedOn ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button
          variant="light"
          disabled={chosen.length === 0}
          loading={run.isPending}
          onClick={() => run.mutate({ kind: 'handoff', period: shanghaiDate(new Date()), encoding, caseIds: chosen })}
        >
          今天移交选定的 {chosen.length} 件
        </Button>
        <Text size="xs" c="dimmed">
          未选定的办件随每日移交包移交（计划导出，或上面的“立即导出”）。
        </Text>
      </Group>
      <ErrorAlert error={run.error} title="移交失败" />
    </Stack>
  );
}
