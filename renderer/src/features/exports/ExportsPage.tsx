import { Badge, Button, Code, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiKey, useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { chinaMinute, shanghaiDate } from '../../../../db/src/shared/china-time';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';
import { WithheldAlert } from './WithheldAlert';
import { HandoffChooser } from './HandoffChooser';

type Run = HandlerOutput<'exports.history'>[number];
type Kind = Run['kind'];
type Encoding = Run['encoding'];
type Due = HandlerOutput<'exports.due'>;
type Settings = HandlerOutput<'settings.get'>;
type ExportSettings = Pick<Settings, 'exportDir' | 'exportTime' | 'exportCsvEncoding' | 'exportStartDate'>;

const KIND_OPTIONS: { value: Kind; label: string }[] = [
  { value: 'ledger', label: '办件明细（按日）' },
  { value: 'monthly', label: '月报（按月）' },
  { value: 'roster', label: '发放名册（按月）' },
  { value: 'handoff', label: '移交包（按日，移交区级决定机关）' },
];
const ENCODING_OPTIONS: { value: Encoding; label: string }[] = [
  { value: 'utf8', label: 'UTF-8（带 BOM，Excel 可直接打开）' },
  { value: 'gb18030', label: 'GB 18030' },
];
const STATUS: Record<Run['status'], { label: string; color: string }> = {
  running: { label: '正在导出', color: 'blue' },
  ok: { label: '成功', color: 'green' },
  failed: { label: '失败', color: 'red' },
  interrupted: { label: '已中断', color: 'orange' },
};

/** Today in China, whatever the computer's time zone. */
const chinaToday = () => shanghaiDate(new Date());
function defaultPeriod(kind: Kind): string {
  const today = chinaToday();
  if (kind === 'ledger' || kind === 'handoff') return new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const shortTime = chinaMinute;

/** 导出: run any kind now, the history with checks, and the schedule settings. */
export function ExportsPage() {
  // A run, a failed run too, and saved settings invalidate both.
  const history = useApiQuery('exports.history', { limit: 50 });
  const due = useApiQuery('exports.due', {});
  const refresh = () => {
    void history.refetch();
    void due.refetch();
  };

  return (
    <Stack>
      <Title order={2}>导出</Title>
      <RunPanel />
      <SettingsPanel />
      {due.data && <DueText due={due.data} />}
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3}>导出记录</Title>
            <Button variant="subtle" size="xs" onClick={refresh}>
              刷新
            </Button>
          </Group>
          <ErrorAlert error={history.error ?? due.error} />
          <HistoryTable runs={history.data ?? []} />
        </Stack>
      </Paper>
      <Text size="xs" c="dimmed">
        导出文件含完整身份证号码和银行账号，只写入上面设置的导出文件夹，每次导出都记录导出人、时间、期间和校验值。桌面版的“打开文件夹”稍后提供。
      </Text>
    </Stack>
  );
}

function RunPanel() {
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>('ledger');
  const [period, setPeriod] = useState(defaultPeriod('ledger'));
  const [encoding, setEncoding] = useState<Encoding>('utf8');
  const run = useApiMutation('exports.run', {
    // The run is over when the core answers: the history and the periods owed are asked
    // again after it (a failed run is in the history too), not waited for, and the progress
    // query below is not among them.
    invalidates: 'none',
    onSuccess: (done) => notifications.show({ color: 'green', message: `已导出 ${done.kindLabel} ${done.period}：${done.rows} 行，文件夹 ${done.folderName}` }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: apiKey('exports.history', { limit: 50 }) });
      void client.invalidateQueries({ queryKey: apiKey('exports.due') });
    },
  });
  // The run is one call; its row in the history counts the rows written so far.
  const latest = useApiQuery('exports.history', { kind, limit: 1 }, { enabled: run.isPending, refetchInterval: 1000 });
  const running = latest.dataUpdatedAt > run.submittedAt && latest.data?.[0]?.status === 'running' ? latest.data[0] : null;
  const progress = run.isPending ? (running ? `正在导出… 已写出 ${running.rows} 行` : '正在导出…') : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate({ kind, period: period.trim(), encoding });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="立即导出">
      <Stack gap="xs">
        <Title order={3}>立即导出</Title>
        <Group align="flex-start" grow>
          <NativeSelect
            label="种类"
            data={KIND_OPTIONS}
            value={kind}
            onChange={(e) => {
              const k = e.currentTarget.value as Kind;
              setKind(k);
              setPeriod(defaultPeriod(k));
            }}
          />
          <TextInput
            label={kind === 'ledger' || kind === 'handoff' ? '日期（YYYY-MM-DD）' : '月份（YYYY-MM）'}
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={fieldErrors(run.error).period}
          />
          <NativeSelect label="CSV 编码" data={ENCODING_OPTIONS} value={encoding} onChange={(e) => setEncoding(e.currentTarget.value as Encoding)} />
        </Group>
        <Group>
          <Button type="submit" loading={run.isPending}>
            立即导出
          </Button>
          {progress && (
            <Text size="sm" role="status">
              {progress}
            </Text>
          )}
        </Group>
        <ErrorAlert error={run.error} title="导出失败" />
        {!run.isPending && <WithheldAlert withheld={run.data?.withheld} />}
        {kind === 'handoff' && <HandoffChooser encoding={encoding} />}
      </Stack>
    </Paper>
  );
}

const pickExportSettings = ({ exportDir, exportTime, exportCsvEncoding, exportStartDate }: ExportSettings): ExportSettings => ({ exportDir, exportTime, exportCsvEncoding, exportStartDate });
const NO_SETTINGS: ExportSettings = { exportDir: '', exportTime: '', exportCsvEncoding: 'utf8', exportStartDate: '' };

function SettingsPanel() {
  const loaded = useApiQuery('settings.get', {});
  // The fields edited, over the saved settings; after a save it shows the saved ones again.
  const [edited, setEdited] = useState<Partial<ExportSettings>>({});
  const client = useQueryClient();
  const save = useApiMutation('settings.update', {
    // The answer is the saved settings: they replace the cached ones at once, and the periods
    // owed (which depend on the schedule and its start date) are asked again, not waited for.
    invalidates: 'none',
    onSuccess: (saved) => {
      client.setQueryData(apiKey('settings.get', {}), saved);
      setEdited({});
      notifications.show({ color: 'green', message: '导出设置已保存' });
      void client.invalidateQueries({ queryKey: apiKey('exports.due') });
    },
  });
  const values: ExportSettings = { ...(loaded.data ? pickExportSettings(loaded.data) : NO_SETTINGS), ...edited };
  const { exportDir, exportTime, exportCsvEncoding, exportStartDate } = values;
  const set = <K extends keyof ExportSettings>(key: K, value: ExportSettings[K]) => setEdited((x) => ({ ...x, [key]: value }));
  const errors = fieldErrors(save.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(values);
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="导出设置">
      <Stack gap="xs">
        <Title order={3}>导出文件夹与计划</Title>
        <TextInput
          label="导出文件夹（完整路径）"
          description="文件写在这里；不设置则不导出"
          value={exportDir}
          onChange={(e) => set('exportDir', e.currentTarget.value)}
          error={errors.exportDir}
        />
        <Group grow align="flex-start">
          <TextInput
            label="每日导出时间（HH:mm，空为关闭）"
            description="办件明细和移交包导出前一天，月报和发放名册导出上个月；启动时补导错过的期间"
            value={exportTime}
            onChange={(e) => set('exportTime', e.currentTarget.value)}
            error={errors.exportTime}
          />
          <NativeSelect
            label="计划导出的 CSV 编码"
            data={ENCODING_OPTIONS}
            value={exportCsvEncoding}
            onChange={(e) => set('exportCsvEncoding', e.currentTarget.value as Encoding)}
            error={errors.exportCsvEncoding}
          />
          <TextInput
            label="导出起始日期（YYYY-MM-DD，可空）"
            description="自此日起每一期都应导出，未成功的期间一直列为待补；空则自首次成功导出的期间算起"
            value={exportStartDate}
            onChange={(e) => set('exportStartDate', e.currentTarget.value)}
            error={errors.exportStartDate}
          />
        </Group>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!loaded.data} variant="light">
            保存导出设置
          </Button>
        </Group>
        <ErrorAlert error={save.error ?? loaded.error} />
      </Stack>
    </Paper>
  );
}

function DueText({ due }: { due: Due }) {
  const owed = due.kinds.filter((k) => k.periods.length > 0);
  return (
    <Text size="sm" data-testid="exports-due">
      {owed.length === 0
        ? '计划导出：没有待补的期间。'
        : `计划导出待补：${owed.map((k) => `${k.kindLabel} ${k.periods.length > 3 ? `${k.periods[0]} 至 ${k.periods[k.periods.length - 1]} 间 ${k.periods.length} 期` : k.periods.join('、')}${k.olderMissing > 0 ? `，另有更早的 ${k.olderMissing} 期` : ''}`).join('；')}`}
      {due.scheduleTime ? `（每日 ${due.scheduleTime}）` : '（计划导出未开启）'}
    </Text>
  );
}

function HistoryTable({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <Text c="dimmed">还没有导出记录</Text>;
  return (
    <Table striped highlightOnHover aria-label="导出记录">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>时间</Table.Th>
          <Table.Th>种类</Table.Th>
          <Table.Th>期间</Table.Th>
          <Table.Th>状态</Table.Th>
          <Table.Th>行数</Table.Th>
          <Table.Th>文件夹 / 错误</Table.Th>
          <Table.Th>校验值（SHA-256 前 12 位）</Table.Th>
          <Table.Th>导出人</Table.Th>
          <Table.Th>校验</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((r) => (
          <HistoryRow key={r.id} run={r} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function HistoryRow({ run }: { run: Run }) {
  // A check the admin asks for by pressing the button, answered beside it; it changes nothing.
  const verify = useApiMutation('exports.verify', { invalidates: 'none' });
  const result = verify.data ?? null;
  const status = STATUS[run.status];
  return (
    <Table.Tr>
      <Table.Td>{shortTime(run.startedAt)}</Table.Td>
      <Table.Td>{run.kindLabel}</Table.Td>
      <Table.Td>{run.period}</Table.Td>
      <Table.Td>
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
      </Table.Td>
      <Table.Td>{run.rows}</Table.Td>
      <Table.Td>
        {run.folderName ? <Code>{run.folderName}</Code> : null}
        {run.error ? (
          <Text size="xs" c="red">
            {run.error}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {run.files.map((f) => (
          <Text key={f.name} size="xs" ff="monospace" title={`${f.name} ${f.sha256}`}>
            {f.format.toUpperCase()} {f.sha256.slice(0, 12)}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>{run.by}</Table.Td>
      <Table.Td>
        {run.status === 'ok' && (
          <Stack gap={4}>
            <Button size="xs" variant="light" loading={verify.isPending} onClick={() => verify.mutate({ folder: run.folder! })} aria-label={`校验 ${run.folderName}`}>
              校验
            </Button>
            {result && (
              <Text size="xs" c={result.ok ? 'green' : 'red'} role="status">
                {result.ok ? '校验通过' : `校验未通过：${[...result.problems, ...result.files.flatMap((f) => f.problems.map((p) => `${f.name}：${p}`))].join('；')}`}
              </Text>
            )}
            {verify.error && (
              <Text size="xs" c="red" role="alert">
                {errorText(verify.error)}
              </Text>
            )}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
