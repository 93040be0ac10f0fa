import { Alert, Badge, Button, Checkbox, FileInput, Group, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { shanghaiDate } from '../../../../db/src/shared/china-time';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Pager, usePaged } from '../../ui/Paged';

type YearList = HandlerOutput<'calendar.list'>;
type Day = YearList['days'][number];
type SetKind = 'holiday' | 'workday' | 'default';

const KIND_LABELS: Record<Day['kind'], string> = { holiday: '休', workday: '班' };
const SOURCE_LABELS: Record<string, string> = { official: '内置（国务院通知）', import: '文件导入', admin: '管理员调整', provisional: '按法定节日推算（临时）' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function weekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `星期${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
}

const thisYear = () => Number(shanghaiDate(new Date()).slice(0, 4));

/** 节假日: a year's exceptions (休 / 班) with their source, setting one day, importing a file. */
export function CalendarPanel() {
  const [year, setYear] = useState(thisYear);
  // The year shown stays until the next one has come; a change of any day invalidates it.
  const list = useApiQuery('calendar.list', { year }, { placeholderData: keepPreviousData });
  const data: YearList | null = list.data ?? null;
  const error = list.error;
  const [preset, setPreset] = useState<Preset | null>(null);
  const paged = usePaged(data?.days ?? [], 15);

  const years = [...new Set([thisYear() - 1, thisYear(), thisYear() + 1, year, ...(data?.yearsWithData ?? [])])].sort((a, b) => a - b);
  const provisionalYears = new Set((data?.years ?? []).filter((y) => y.status === 'provisional').map((y) => y.year));
  if (data?.provisional) provisionalYears.add(data.year);
  const otherProvisional = [...provisionalYears].filter((y) => y !== year && y >= thisYear()).sort((a, b) => a - b);

  return (
    <Stack>
      <Group align="flex-start" grow wrap="nowrap" gap="md">
        <SetDayForm year={year} preset={preset} />
        <ImportForm
          onImported={(years) => {
            if (years.length && !years.includes(year)) setYear(years[0]!);
          }}
        />
      </Group>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={4}>例外日</Title>
          <Select
            aria-label="年份"
            w={150}
            data={years.map((y) => ({ value: String(y), label: provisionalYears.has(y) ? `${y} 年（临时）` : `${y} 年` }))}
            value={String(year)}
            onChange={(v) => v && setYear(Number(v))}
            allowDeselect={false}
          />
          {data && !data.provisional && !data.yearsWithData.includes(year) && (
            <Text size="sm" c="orange.8">
              该年尚无节假日安排，期限只按“周一至周五上班”计算。
            </Text>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          未列出的日子按星期规则：周一至周五上班，周六、周日休息。
        </Text>
      </Group>
      {data?.provisional && data.warning && (
        <Alert color="yellow" title={`${data.year} 年为临时安排`} data-testid="calendar-provisional">
          {data.warning}。导入国务院通知后，临时安排的日子被通知替换，在办件的承诺办结日期随之重新计算。
        </Alert>
      )}
      {otherProvisional.length > 0 && (
        <Text size="sm" c="yellow.8" data-testid="calendar-provisional-years">
          {otherProvisional.map((y) => `${y} 年`).join('、')}放假安排尚未导入国务院通知，节假日为按法定节日推算的临时安排，到期日落在这些年份的办件办结时限可能变动。
        </Text>
      )}
      <ErrorAlert error={error} />
      {data && data.days.length > 0 && (
        <Table withTableBorder verticalSpacing={4} aria-label="例外日">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>日期</Table.Th>
              <Table.Th w={80}>星期</Table.Th>
              <Table.Th w={70}>类型</Table.Th>
              <Table.Th>名称</Table.Th>
              <Table.Th w={160}>来源</Table.Th>
              <Table.Th w={70} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.items.map((d) => (
              <Table.Tr key={d.date}>
                <Table.Td ff="monospace">{d.date}</Table.Td>
                <Table.Td>{weekday(d.date)}</Table.Td>
                <Table.Td>
                  <Badge color={d.kind === 'holiday' ? 'red' : 'blue'} variant="light">
                    {KIND_LABELS[d.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.name ?? ''}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {SOURCE_LABELS[d.source] ?? d.source}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" aria-label={`调整 ${d.date}`} onClick={() => setPreset({ date: d.date, kind: d.kind, name: d.name ?? '', at: Date.now() })}>
                    调整
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Pager {...paged} label="例外日分页" />
    </Stack>
  );
}

type Preset = { date: string; kind: SetKind; name: string; at: number };

function SetDayForm({ year, preset }: { year: number; preset: Preset | null }) {
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<SetKind>('holiday');
  const [name, setName] = useState('');
  const dateInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!preset) return;
    setDate(preset.date);
    setKind(preset.kind);
    setName(preset.name);
    dateInput.current?.focus();
  }, [preset]);
  const setting = useApiMutation('calendar.setDay', {
    onSuccess: (day, sent) => {
      const label = day.working ? '工作日' : '休息日';
      notifications.show({ color: 'green', message: `${sent.date} 已设为${sent.kind === 'default' ? '默认（按星期）' : KIND_LABELS[sent.kind]}，现为${label}` });
    },
  });
  const errors = fieldErrors(setting.error);
  // Field messages stand at their inputs; only an error without any gets the alert.
  const error = setting.error && Object.keys(errors).length === 0 ? setting.error : null;
  const busy = setting.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setting.mutate({ date, kind, ...(kind !== 'default' && name.trim() ? { name } : {}) });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="调整某日" noValidate>
        <Stack gap="sm">
          <Title order={4}>调整某日</Title>
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <TextInput
              ref={dateInput}
              label="日期"
              placeholder={`${year}-02-06`}
              value={date}
              onChange={(e) => setDate(e.currentTarget.value.trim())}
              error={errors.date}
              w={150}
              autoComplete="off"
              autoFocus
              data-autofocus
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                设为
              </Text>
              <SegmentedControl
                aria-label="设为"
                value={kind}
                onChange={(v) => setKind(v as SetKind)}
                data={[
                  { value: 'holiday', label: '休' },
                  { value: 'workday', label: '班' },
                  { value: 'default', label: '默认' },
                ]}
              />
            </Stack>
            <TextInput label="名称" placeholder="如 春节" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} disabled={kind === 'default'} style={{ flex: 1 }} miw={100} />
          </Group>
          <Group>
            <Button type="submit" loading={busy}>
              保存（Enter）
            </Button>
            <Text size="xs" c="dimmed">
              “默认”删除该日的例外，恢复按星期规则。
            </Text>
          </Group>
          <ErrorAlert error={error} />
        </Stack>
      </form>
    </Paper>
  );
}

function ImportForm({ onImported }: { onImported(years: number[]): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [noFile, setNoFile] = useState(false);
  const importing = useApiMutation('calendar.import', {
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: `已导入 ${result.imported} 天（${result.years.map((y) => `${y} 年`).join('、')}）` });
      setFile(null);
      onImported(result.years);
    },
  });
  const failed = importing.error;
  // A file with bad lines lists every line's problem; nothing of it was imported.
  const problems = failed instanceof ApiError && failed.code === 'VALIDATION' && failed.fields.length > 0 ? failed.fields.map((f) => f.message) : null;
  const error = noFile ? '请选择要导入的文件' : problems ? null : failed;
  const busy = importing.isPending;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    importing.reset();
    setNoFile(!file);
    if (!file) return;
    importing.mutate({ content: await file.text(), format: 'csv', replace });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="导入节假日文件" noValidate>
        <Stack gap="sm">
          <Title order={4}>导入节假日文件</Title>
          <Group align="flex-end" wrap="nowrap" gap="sm">
            <FileInput
              label="CSV 文件（日期,类型,名称；UTF-8）"
              placeholder="选择文件…"
              accept=".csv,.txt,text/csv,text/plain"
              value={file}
              onChange={(f) => {
                setFile(f);
                importing.reset();
                setNoFile(false);
              }}
              clearable
              style={{ flex: 1 }}
              miw={0}
            />
            <Button type="submit" loading={busy}>
              导入
            </Button>
          </Group>
          <Checkbox label="替换文件中各年份的全部例外日（文件成为这些年份的完整日历）" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} />
          {problems && (
            <Alert color="red" role="alert" title="文件有误，未导入任何日期">
              <Stack gap={2}>
                {problems.map((p) => (
                  <Text key={p} size="sm">
                    {p}
                  </Text>
                ))}
                <Text size="xs" c="dimmed" mt={4}>
                  请改正后重新导入：只要有一行有误，整个文件都不导入。
                </Text>
              </Stack>
            </Alert>
          )}
          <ErrorAlert error={error} />
        </Stack>
      </form>
    </Paper>
  );
}
