import { Alert, Button, Code, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { apiKey, useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../residents/format';

type Progress = HandlerOutput<'audit.verifyProgress'>;
type Anchor = NonNullable<Progress['result']>['anchor'];

/**
 * 校验: audit.verify reads the whole chain on a worker (seconds at a centre's scale) and
 * answers once; while it runs, audit.verifyProgress is asked every half second for the rows
 * checked so far. The last check's result stays on screen (whoever ran it), with the anchor
 * it was compared with.
 */
export function AuditVerifyPanel() {
  const client = useQueryClient();
  const verify = useApiMutation('audit.verify', {
    invalidates: 'none',
    onSettled: () => void client.invalidateQueries({ queryKey: apiKey('audit.verifyProgress', {}) }),
  });
  const progress = useApiQuery('audit.verifyProgress', {}, { refetchInterval: (q) => (verify.isPending || q.state.data?.running ? 500 : false) });
  const p = progress.data;
  const running = verify.isPending || !!p?.running;
  const checked = p ? Math.max(p.rows, 0) : 0;
  const total = p ? Math.max(p.total, p.rows) : 0;
  // Finished: the bar is full when the whole chain was read, and stops where a broken one did.
  const percent = !p || (running && total === 0) ? 0 : total === 0 ? 100 : Math.min(100, Math.round((checked / total) * 100));
  const result = running ? null : (p?.result ?? null);

  return (
    <Paper withBorder p="md" component="section" aria-label="校验审计日志">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3}>校验审计日志</Title>
          <Button onClick={() => verify.mutate({})} loading={running}>
            校验
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          逐行核对哈希链，并与数据文件夹中的锚定（最近一次备份或导出时的末行）比对：中间的行被改动或删除、末尾的行被删除、整条链被改写，都会被发现。
        </Text>
        {(running || p?.startedAt) && (
          <Stack gap={4}>
            <Progress value={percent} aria-label="校验进度" size="lg" animated={running} />
            <Text size="sm" role="status">
              {running ? `正在校验… 已校验 ${checked} / ${total} 行` : `已校验 ${checked} / ${total} 行${p?.finishedAt ? `（${formatDateTime(p.finishedAt)} 完成）` : ''}`}
            </Text>
          </Stack>
        )}
        {result && (
          <Alert color={result.ok ? 'green' : 'red'} title={result.ok ? '审计日志完整' : '审计日志不完整'} data-testid="audit-verify-result">
            <Stack gap={4}>
              <Text size="sm">
                {result.ok ? `共 ${result.rows} 行，哈希链完整，与锚定一致。` : `${result.reason ?? '哈希链不符'}${result.firstBadId ? `（第 ${result.firstBadId} 行）` : ''}`}
              </Text>
              <AnchorLine anchor={result.anchor} />
            </Stack>
          </Alert>
        )}
        {!running && p?.error && <ErrorAlert error={`校验未能完成：${p.error}`} />}
        <ErrorAlert error={verify.error ?? progress.error} />
      </Stack>
    </Paper>
  );
}

function AnchorLine({ anchor }: { anchor: Anchor }) {
  if (!anchor)
    return (
      <Text size="sm" data-testid="audit-anchor">
        尚无锚定：第一次备份或导出时写入。
      </Text>
    );
  return (
    <Text size="sm" data-testid="audit-anchor">
      最近锚定：第 {anchor.id} 行，{formatDateTime(anchor.at)}，哈希 <Code>{anchor.hash.slice(0, 16)}…</Code>
    </Text>
  );
}
