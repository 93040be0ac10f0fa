import { Badge, Button, Code, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { HandlerOutput } from '../../../../db/src/contract';
import { chinaMinute, shanghaiDate } from '../../../../db/src/shared/china-time';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';

type Run = HandlerOutput<'exports.history'>[number];
type Kind = Run['kind'];
type Encoding = Run['encoding'];
type Due = HandlerOutput<'exports.due'>;
type Verify = HandlerOutput<'exports.verify'>;

const KIND_OPTIONS: { value: Kind; label: string }[] = [
  { value: 'ledger', label: '办件明细（按日）' },
  { value: 'monthly', label: '月报（按月）' },
  { value: 'roster', label: '发放名册（按月）' },
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
  if (kind === 'ledger') return new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const shortTime = chinaMinute;

/** 导出: run any kind now, the history with checks, and the schedule settings. */
export function ExportsPage() {
  const [history, setHistory] = useState<Run[]>([]);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [due, setDue] = useState<Due | null>(null);

  const refresh = useCallback(async () => {
    try {
      setHistory(await call('exports.history', { limit: 50 }));
      setDue(await call('exports.due', {}));
      setHistoryError(null);
    } catch (err) {
      setHistoryError(errorText(err));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <Stack>
      <Title order={2}>导出</Title>
      <RunPanel onDone={refresh} />
      <SettingsPanel onSaved={refresh} />
      {due && <DueText due={due} />}
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3}>导出记录</Title>
            <Button variant="subtle" size="xs" onClick={() => void refresh()}>
              刷新
            </Button>
          </Group>
          <ErrorAlert error={historyError} />
          <HistoryTable runs={history} />
        </Stack>
      </Paper>
      <Text size="xs" c="dimmed">
        导出文件含完整身份证号码和银行账号，只写入上面设置的导出文件夹，每次导出都记录导出人、时间、期间和校验值。桌面版的“打开文件夹”稍后提供。
      </Text>
    </Stack>
  );
}

function RunPanel({ onDone }: { onDone: () => Promise<void> }) {
  const [kind, setKind] = useState<Kind>('ledger');
  const [period, setPeriod] = useState(defaultPeriod('ledger'));
  const [encoding, setEncoding] = useState<Encoding>('utf8');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [periodError, setPeriodError] = useState<string | undefined>();
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setPeriodError(undefined);
    setProgress('正在导出…');
    // The run is one call; its row in the history counts the rows written so far.
    poll.current = setInterval(() => {
      call('exports.history', { kind, limit: 1 })
        .then(([run]) => {
          if (run?.status === 'running') setProgress(`正在导出… 已写出 ${run.rows} 行`);
        })
        .catch(() => {});
    }, 1000);
    try {
      const run = await call('exports.run', { kind, period: period.trim(), encoding });
      notifications.show({ color: 'green', message: `已导出 ${run.kindLabel} ${run.period}：${run.rows} 行，文件夹 ${run.folderName}` });
    } catch (err) {
      setPeriodError(fieldErrors(err).period);
      setError(errorText(err));
    } finally {
      if (poll.current) clearInterval(poll.current);
      setProgress(null);
      setBusy(false);
      await onDone();
    }
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
            label={kind === 'ledger' ? '日期（YYYY-MM-DD）' : '月份（YYYY-MM）'}
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={periodError}
          />
          <NativeSelect label="CSV 编码" data={ENCODING_OPTIONS} value={encoding} onChange={(e) => setEncoding(e.currentTarget.value as Encoding)} />
        </Group>
        <Group>
          <Button type="submit" loading={busy}>
            立即导出
          </Button>
          {progress && (
            <Text size="sm" role="status">
              {progress}
            </Text>
          )}
        </Group>
        <ErrorAlert error={error} title="导出失败" />
      </Stack>
    </Paper>
  );
}

function SettingsPanel({ onSaved }: { onSaved: () => Promise<void> }) {
  const [exportDir, setExportDir] = useState('');
  const [exportTime, setExportTime] = useState('');
  const [exportCsvEncoding, setEncoding] = useState<Encoding>('utf8');
  const [exportStartDate, setExportStartDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('settings.get', {}).then(
      (s) => {
        setExportDir(s.exportDir);
        setExportTime(s.exportTime);
        setEncoding(s.exportCsvEncoding);
        setExportStartDate(s.exportStartDate);
      },
      (err) => setError(errorText(err)),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await call('settings.update', { exportDir, exportTime, exportCsvEncoding, exportStartDate });
      notifications.show({ color: 'green', message: '导出设置已保存' });
      await onSaved();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="导出设置">
      <Stack gap="xs">
        <Title order={3}>导出文件夹与计划</Title>
        <TextInput
          label="导出文件夹（完整路径）"
          description="文件写在这里；不设置则不导出"
          value={exportDir}
          onChange={(e) => setExportDir(e.currentTarget.value)}
          error={errors.exportDir}
        />
        <Group grow align="flex-start">
          <TextInput
            label="每日导出时间（HH:mm，空为关闭）"
            description="办件明细导出前一天，月报和发放名册导出上个月；启动时补导错过的期间"
            value={exportTime}
            onChange={(e) => setExportTime(e.currentTarget.value)}
            error={errors.exportTime}
          />
          <NativeSelect
            label="计划导出的 CSV 编码"
            data={ENCODING_OPTIONS}
            value={exportCsvEncoding}
            onChange={(e) => setEncoding(e.currentTarget.value as Encoding)}
            error={errors.exportCsvEncoding}
          />
          <TextInput
            label="导出起始日期（YYYY-MM-DD，可空）"
            description="自此日起每一期都应导出，未成功的期间一直列为待补；空则自首次成功导出的期间算起"
            value={exportStartDate}
            onChange={(e) => setExportStartDate(e.currentTarget.value)}
            error={errors.exportStartDate}
          />
        </Group>
        <Group>
          <Button type="submit" loading={busy} variant="light">
            保存导出设置
          </Button>
        </Group>
        <ErrorAlert error={error} />
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
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = STATUS[run.status];
  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await call('exports.verify', { folder: run.folder! }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
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
            <Button size="xs" variant="light" loading={busy} onClick={() => void verify()} aria-label={`校验 ${run.folderName}`}>
              校验
            </Button>
            {result && (
              <Text size="xs" c={result.ok ? 'green' : 'red'} role="status">
                {result.ok ? '校验通过' : `校验未通过：${[...result.problems, ...result.files.flatMap((f) => f.problems.map((p) => `${f.name}：${p}`))].join('；')}`}
              </Text>
            )}
            {error && (
              <Text size="xs" c="red" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
