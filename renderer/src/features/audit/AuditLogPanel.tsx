import { Autocomplete, Badge, Button, Code, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useApiQuery } from '../../api/query';
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../residents/format';
import { AuditVerifyPanel } from './AuditVerifyPanel';

type Row = HandlerOutput<'audit.list'>['items'][number];
type Filters = { actorId: string | null; handler: string; recordType: string; recordId: string; from: string; to: string };

const EMPTY: Filters = { actorId: null, handler: '', recordType: '', recordId: '', from: '', to: '' };
const PAGE_SIZE = 50;

// The record types the handlers write (kernel audit rows); free text is accepted too.
const RECORD_TYPES = ['case', 'resident', 'household', 'beneficiary', 'user', 'settings', 'catalogue_item', 'calendar_day', 'backup', 'export_run', 'device', 'payment_return', 'payment_reissue'];

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The filters as audit.list takes them: dates are Shanghai days, both ends included (the core reads them so). */
function toInput(f: Filters): HandlerInput<'audit.list'> {
  return {
    ...(f.actorId ? { actorId: Number(f.actorId) } : {}),
    ...(f.handler.trim() ? { handler: f.handler.trim() } : {}),
    ...(f.recordType.trim() ? { recordType: f.recordType.trim() } : {}),
    ...(f.recordId.trim() ? { recordId: f.recordId.trim() } : {}),
    ...(isDate(f.from) ? { from: f.from } : {}),
    ...(isDate(f.to) ? { to: f.to } : {}),
    limit: PAGE_SIZE,
  };
}

/**
 * 管理 → 审计日志: every recorded change and sign-in, newest first, filtered by person,
 * handler, record and days, fifty to a page (the core pages by row id); a row opens its
 * before and after (personal numbers masked by the core). The chain's check is beside it.
 */
export function AuditLogPanel() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // The row ids each page starts below: 下一页 pushes the page's nextBeforeId.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [opened, setOpened] = useState<Row | null>(null);
  const people = useApiQuery('accounts.list', { includeInactive: true });
  const cursor = cursors[cursors.length - 1];
  const input = { ...toInput(applied), ...(cursor ? { beforeId: cursor } : {}) };
  const page = useApiQuery('audit.list', input);
  // The handler names met so far, offered in the 功能 filter.
  const [seen, setSeen] = useState<string[]>([]);
  const handlers = useMemo(() => [...new Set([...seen, ...(page.data?.items.map((r) => r.handler) ?? [])])].sort(), [seen, page.data]);

  const dateError = (s: string) => (s && !isDate(s) ? '格式为 YYYY-MM-DD' : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dateError(draft.from) || dateError(draft.to)) return;
    setSeen(handlers);
    setApplied(draft);
    setCursors([undefined]);
  };
  const clear = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setCursors([undefined]);
  };

  return (
    <Stack>
      <AuditVerifyPanel />
      <Paper withBorder p="md" component="section" aria-label="审计日志">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3}>审计日志</Title>
            {/* the log grows with every write: a page is read when asked, not kept live */}
            <Button variant="subtle" size="xs" loading={page.isFetching} onClick={() => void page.refetch()}>
              刷新
            </Button>
          </Group>
          <form onSubmit={submit} aria-label="筛选审计日志" noValidate>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
                <Select
                  label="人员"
                  clearable
                  searchable
                  placeholder="全部"
                  data={(people.data ?? []).map((p) => ({ value: String(p.id), label: `${p.displayName}（${p.username}）` }))}
                  value={draft.actorId}
                  onChange={(v) => setDraft({ ...draft, actorId: v })}
                  nothingFoundMessage="没有相符的账户"
                />
                <Autocomplete label="功能" placeholder="如 cases.intake" data={handlers} value={draft.handler} onChange={(v) => setDraft({ ...draft, handler: v })} />
                <Autocomplete label="记录类型" placeholder="如 case、resident" data={RECORD_TYPES} value={draft.recordType} onChange={(v) => setDraft({ ...draft, recordType: v })} />
                <TextInput label="记录编号" placeholder="如 12" value={draft.recordId} onChange={(e) => setDraft({ ...draft, recordId: e.currentTarget.value })} />
                <TextInput label="日期从" placeholder="YYYY-MM-DD" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} error={dateError(draft.from)} />
                <TextInput label="日期至" placeholder="YYYY-MM-DD" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} error={dateError(draft.to)} />
              </SimpleGrid>
              <Group gap="xs">
                <Button type="submit">筛选</Button>
                <Button variant="subtle" onClick={clear}>
                  清除条件
                </Button>
                <Text size="xs" c="dimmed">
                  日期按北京时间，含起止两日。
                </Text>
              </Group>
            </Stack>
          </form>
          <ErrorAlert error={page.error ?? people.error} />
          {page.data && page.data.items.length === 0 && <Text c="dimmed">没有符合条件的记录。</Text>}
          {page.data && page.data.items.length > 0 && (
            <Table withTableBorder highlightOnHover verticalSpacing={4} aria-label="审计记录">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>序号</Table.Th>
                  <Table.Th w={140}>时间</Table.Th>
                  <Table.Th>人员</Table.Th>
                  <Table.Th>功能</Table.Th>
                  <Table.Th>动作</Table.Th>
                  <Table.Th>记录</Table.Th>
                  <Table.Th w={70} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.id}</Table.Td>
                    <Table.Td>{formatDateTime(r.at)}</Table.Td>
                    <Table.Td>{r.actorName ?? <Text span c="dimmed" size="sm">系统</Text>}</Table.Td>
                    <Table.Td>
                      <Code>{r.handler}</Code>
                    </Table.Td>
                    <Table.Td>{r.action}</Table.Td>
                    <Table.Td>{r.recordType ? `${r.recordType}${r.recordId ? ` #${r.recordId}` : ''}` : '—'}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" aria-label={`查看第 ${r.id} 条`} onClick={() => setOpened(r)}>
                        查看
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group justify="space-between" role="navigation" aria-label="审计日志分页">
            <Text size="sm" c="dimmed">
              第 {cursors.length} 页，每页 {PAGE_SIZE} 条
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="default" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                上一页
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={!page.data?.nextBeforeId || page.isFetching}
                onClick={() => page.data?.nextBeforeId && setCursors([...cursors, page.data.nextBeforeId])}
              >
                下一页
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
      {opened && <AuditRowModal row={opened} onClose={() => setOpened(null)} />}
    </Stack>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          无
        </Text>
      ) : (
        <Code block aria-label={label} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

function AuditRowModal({ row, onClose }: { row: Row; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title={`审计记录第 ${row.id} 条`} size="xl">
      <Stack gap="sm">
        <Group gap="xs">
          <Badge variant="light">{row.handler}</Badge>
          <Badge variant="outline">{row.action}</Badge>
          <Text size="sm">
            {formatDateTime(row.at)} · {row.actorName ?? '系统'}
            {row.recordType ? ` · ${row.recordType}${row.recordId ? ` #${row.recordId}` : ''}` : ''}
          </Text>
        </Group>
        <SimpleGrid cols={2}>
          <Json label="修改前" value={row.before} />
          <Json label="修改后" value={row.after} />
        </SimpleGrid>
        <Json label="说明" value={row.detail} />
        <Text size="xs" c="dimmed">
          身份证号、电话和银行账号已脱敏。哈希：<Code>{row.hash}</Code>
        </Text>
      </Stack>
    </Modal>
  );
}
