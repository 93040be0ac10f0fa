import { Badge, Button, Group, Loader, Paper, SegmentedControl, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/query';
import { DEADLINE_LABELS, DECISION_LABELS, DECISIONS, RATING_LABELS, STATUS_LABELS, STATUSES, DEADLINE_STATUSES } from '../../../../db/src/shared/vocabulary';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FAMILY_LABELS } from '../../ui/labels';
import { useAuth } from '../auth/AuthContext';
import { CaseTable, CursorPager } from './CaseTable';
import type { Worklist, WorklistGroupKey } from './types';
import { useCatalogue } from './useCatalogue';
import { useApiPages } from '../../api/pages';

const GROUPS: { key: WorklistGroupKey; label: string; color: string }[] = [
  { key: 'overdue', label: '已逾期', color: 'red' },
  { key: 'dueSoon', label: '即将到期', color: 'orange' },
  { key: 'waitingMaterials', label: '待补正', color: 'yellow' },
  { key: 'deferredDue', label: '容缺材料到期', color: 'grape' },
  { key: 'followUps', label: '差评回访', color: 'pink' },
  // handed off and past the deciding authority's due date: the district's lapse, to chase there
  { key: 'districtOverdue', label: '区级逾期', color: 'violet' },
  { key: 'toTell', label: '待告知申请人', color: 'teal' },
];

function WorklistPanel() {
  const { hasRole } = useAuth();
  const [params] = useSearchParams();
  // the overview links to a group (?worklist=followUps)
  const asked = GROUPS.find((g) => g.key === params.get('worklist'))?.key;
  const [person, setPerson] = useState<'me' | 'all'>(hasRole('clerk') && !asked ? 'me' : 'all');
  const [tab, setTab] = useState<WorklistGroupKey>(asked ?? 'overdue');
  // Every group's total, and the cases of the open tab only: a tab switch asks again, and
  // the totals shown stay until the answer has come.
  const worklist = useApiQuery('cases.worklist', { person, limit: 50, group: tab }, { placeholderData: keepPreviousData });
  const data: Worklist | null = worklist.data ?? null;
  const error = worklist.error;
  // The tab whose cases `data` holds; the others have their totals only.
  const loadedTab = data && !worklist.isPlaceholderData ? tab : null;

  return (
    <Paper withBorder p="md" component="section" aria-label="待办">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>待办</Title>
          <SegmentedControl
            size="xs"
            value={person}
            onChange={(v) => setPerson(v as 'me' | 'all')}
            data={[
              { value: 'me', label: '我受理的' },
              { value: 'all', label: '全部' },
            ]}
            aria-label="待办范围"
          />
        </Group>
        <ErrorAlert error={error} />
        {!data && !error && <Loader size="sm" aria-label="正在加载" />}
        {data && (
          <Tabs value={tab} onChange={(v) => v && setTab(v as WorklistGroupKey)} keepMounted={false}>
            <Tabs.List>
              {GROUPS.map((g) => (
                <Tabs.Tab
                  key={g.key}
                  value={g.key}
                  rightSection={
                    <Badge size="sm" circle={data[g.key].total < 100} color={data[g.key].total ? g.color : 'gray'} variant={data[g.key].total ? 'filled' : 'light'}>
                      {data[g.key].total}
                    </Badge>
                  }
                >
                  {g.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {GROUPS.map((g) => (
              <Tabs.Panel key={g.key} value={g.key} pt="sm">
                {loadedTab !== g.key ? (
                  <Loader size="sm" aria-label="正在加载" />
                ) : data[g.key].items.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    没有{g.label}的办件
                  </Text>
                ) : (
                  <Stack gap={4}>
                    <CaseTable
                      label={g.label}
                      items={data[g.key].items}
                      extra={
                        g.key === 'deferredDue'
                          ? {
                              title: '容缺材料',
                              render: (c) => {
                                const m = (c as Worklist['deferredDue']['items'][number]).material;
                                return (
                                  <Text size="sm" c={m.overdue ? 'red' : undefined}>
                                    {m.name}：{m.dueDate} 前
                                  </Text>
                                );
                              },
                            }
                          : g.key === 'followUps'
                            ? {
                                title: '回访',
                                render: (c) => {
                                  const f = (c as Worklist['followUps']['items'][number]).followUp;
                                  return (
                                    <Text size="sm" c={f.overdue ? 'red' : undefined}>
                                      {RATING_LABELS[f.score]}，{f.dueOn} 前回访
                                    </Text>
                                  );
                                },
                              }
                            : undefined
                      }
                    />
                    {data[g.key].total > data[g.key].items.length && (
                      <Text size="xs" c="dimmed">
                        显示前 {data[g.key].items.length} 件，共 {data[g.key].total} 件；请用下方列表的筛选查看全部
                      </Text>
                    )}
                  </Stack>
                )}
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
      </Stack>
    </Paper>
  );
}

interface Filters {
  status: string | null;
  itemCode: string | null;
  family: string | null;
  deadline: string | null;
  from: string;
  to: string;
  clerk: string | null;
  /** from the overview's links only: a day's intakes by decision and window */
  decision: string | null;
  windowNo: string | null;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

function CaseList() {
  const { hasRole } = useAuth();
  const { items: catalogue } = useCatalogue();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    status: params.get('status'),
    itemCode: params.get('item'),
    family: params.get('family'),
    deadline: params.get('deadline'),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    clerk: params.get('clerk'),
    decision: params.get('decision'),
    windowNo: params.get('windowNo'),
  };
  // several statuses at once ('waiting_materials,in_progress': the overview's 在办)
  const statuses = (filters.status ?? '').split(',').filter((x): x is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(x));
  const [dates, setDates] = useState({ from: filters.from, to: filters.to });

  const accounts = useApiQuery('accounts.list', { includeInactive: true }, { enabled: hasRole('admin') });
  const clerks = (accounts.data ?? []).filter((a) => a.roles.includes('clerk')).map((a) => ({ value: String(a.id), label: a.displayName }));

  const set = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    if (next.status) p.set('status', next.status);
    if (next.itemCode) p.set('item', next.itemCode);
    if (next.family) p.set('family', next.family);
    if (next.deadline) p.set('deadline', next.deadline);
    if (next.from) p.set('from', next.from);
    if (next.to) p.set('to', next.to);
    if (next.clerk) p.set('clerk', next.clerk);
    if (next.decision) p.set('decision', next.decision);
    if (next.windowNo) p.set('windowNo', next.windowNo);
    setParams(p, { replace: true });
  };

  const list = useApiPages('cases.list', {
    ...(statuses.length ? { status: statuses.length === 1 ? statuses[0]! : statuses } : {}),
    ...(filters.itemCode ? { itemCode: filters.itemCode } : {}),
    ...(filters.family ? { family: filters.family as 'subsidy' } : {}),
    ...(filters.deadline ? { deadline: filters.deadline as (typeof DEADLINE_STATUSES)[number] } : {}),
    ...(isDate(filters.from) ? { from: filters.from } : {}),
    ...(isDate(filters.to) ? { to: filters.to } : {}),
    ...(filters.clerk ? { clerkId: filters.clerk === 'me' ? ('me' as const) : Number(filters.clerk) } : {}),
    ...(filters.decision && (DECISIONS as readonly string[]).includes(filters.decision) ? { decision: filters.decision as (typeof DECISIONS)[number] } : {}),
    ...(filters.windowNo ? { windowNo: filters.windowNo } : {}),
    limit: 20,
  });

  const dateError = (s: string) => (s && !isDate(s) ? '格式为 YYYY-MM-DD' : undefined);
  const applyDates = () => {
    if ((dates.from && !isDate(dates.from)) || (dates.to && !isDate(dates.to))) return;
    set({ from: dates.from, to: dates.to });
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="办件列表">
      <Stack gap="sm">
        <Title order={3}>办件列表</Title>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
          <Select
            label="状态"
            clearable
            placeholder="全部"
            data={[
              ...(statuses.length > 1 ? [{ value: filters.status!, label: statuses.map((x) => STATUS_LABELS[x]).join('、') }] : []),
              ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
            ]}
            value={filters.status}
            onChange={(v) => set({ status: v })}
          />
          <Select
            label="事项"
            clearable
            searchable
            placeholder="全部"
            data={catalogue.map((i) => ({ value: i.code, label: i.name }))}
            value={filters.itemCode}
            onChange={(v) => set({ itemCode: v })}
            nothingFoundMessage="没有相符的事项"
          />
          <Select
            label="类别"
            clearable
            placeholder="全部"
            data={Object.entries(FAMILY_LABELS).map(([value, label]) => ({ value, label }))}
            value={filters.family}
            onChange={(v) => set({ family: v })}
          />
          <Select
            label="时限状态"
            clearable
            placeholder="全部"
            data={DEADLINE_STATUSES.map((s) => ({ value: s, label: DEADLINE_LABELS[s] }))}
            value={filters.deadline}
            onChange={(v) => set({ deadline: v })}
          />
          <TextInput
            label="收件日期从"
            placeholder="YYYY-MM-DD"
            value={dates.from}
            onChange={(e) => setDates((d) => ({ ...d, from: e.currentTarget.value }))}
            onBlur={applyDates}
            onKeyDown={(e) => e.key === 'Enter' && applyDates()}
            error={dateError(dates.from)}
          />
          <TextInput
            label="收件日期至"
            placeholder="YYYY-MM-DD"
            value={dates.to}
            onChange={(e) => setDates((d) => ({ ...d, to: e.currentTarget.value }))}
            onBlur={applyDates}
            onKeyDown={(e) => e.key === 'Enter' && applyDates()}
            error={dateError(dates.to)}
          />
          <Select
            label="受理人"
            clearable
            placeholder="全部"
            data={[{ value: 'me', label: '我' }, ...clerks]}
            value={filters.clerk}
            onChange={(v) => set({ clerk: v })}
          />
          <Group align="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setDates({ from: '', to: '' });
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              清除筛选
            </Button>
          </Group>
        </SimpleGrid>
        {(filters.decision || filters.windowNo) && (
          <Group gap="xs" data-testid="extra-filters">
            {filters.decision && <Badge variant="light">受理决定：{DECISION_LABELS[filters.decision as (typeof DECISIONS)[number]] ?? filters.decision}</Badge>}
            {filters.windowNo && <Badge variant="light">窗口：{filters.windowNo}</Badge>}
          </Group>
        )}
        <ErrorAlert error={list.error} />
        {list.loaded && list.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            没有符合条件的办件
          </Text>
        ) : (
          <CaseTable label="办件" items={list.items} />
        )}
        <CursorPager index={list.index} hasNext={list.hasNext} busy={list.busy} onPrevious={list.previous} onNext={list.next} label="办件分页" />
      </Stack>
    </Paper>
  );
}

/** 办件: the worklist and the filtered, paged case list. */
export function CasesPage() {
  return (
    <Stack>
      <Title order={2}>办件</Title>
      <WorklistPanel />
      <CaseList />
    </Stack>
  );
}

