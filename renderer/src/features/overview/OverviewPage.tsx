import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Anchor, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { HandlerOutput } from '../../../../db/src/contract';
import { DECISION_LABELS, DECISIONS, FAMILIES } from '../../../../db/src/shared/vocabulary';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FAMILY_LABELS } from '../../ui/labels';

type Overview = HandlerOutput<'overview.get'>;
type Figures = Overview['months'][number]['current'];

/**
 * Besides the live events (other windows' writes refresh it through live.ts), read again
 * every minute: the day turns, cases fall overdue, and a desktop without a centre server
 * has no event stream.
 */
export const OVERVIEW_REFRESH_MS = 60_000;

const FAMILY_COLORS = { subsidy: 'blue.6', elderly_care: 'teal.6', employment: 'orange.6' } as const;
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);
const cases = (q: Record<string, string>) => `/cases?${new URLSearchParams(q).toString()}`;
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** A figure that opens the list behind it. */
function Figure({ label, value, to, testId, color }: { label: string; value: ReactNode; to?: string; testId: string; color?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} fz={26} fw={700} c={color} data-testid={testId} aria-label={`${label}：${String(value)}`}>
          {value}
        </Anchor>
      ) : (
        <Text fz={26} fw={700} c={color} data-testid={testId}>
          {value}
        </Text>
      )}
    </Paper>
  );
}

/** 中心概览: the centre today and this month, for its head and the reviewers. */
export function OverviewPage() {
  const overview = useApiQuery('overview.get', {}, { refetchInterval: OVERVIEW_REFRESH_MS, placeholderData: keepPreviousData });
  const o = overview.data;
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>中心概览</Title>
        {o && (
          <Text size="sm" c="dimmed" data-testid="overview-day">
            {o.day} · 每分钟自动刷新{overview.isFetching ? '（正在刷新）' : ''}
          </Text>
        )}
      </Group>
      <ErrorAlert error={overview.error} />
      {!o && !overview.error && <Loader aria-label="正在加载" />}
      {o && <OverviewBody o={o} />}
    </Stack>
  );
}

function OverviewBody({ o }: { o: Overview }) {
  const today = { from: o.day, to: o.day };
  return (
    <>
      <Paper withBorder p="md" component="section" aria-label="今日收件">
        <Title order={3} mb="sm">
          今日收件
        </Title>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <Figure label="收件合计" value={o.intakes.total} to={cases(today)} testId="intakes-total" />
          {DECISIONS.map((d) => (
            <Figure key={d} label={DECISION_LABELS[d]} value={o.intakes.byDecision[d]} to={cases({ ...today, decision: d })} testId={`intakes-${d}`} />
          ))}
        </SimpleGrid>
        <Table mt="sm" withTableBorder aria-label="按窗口">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>窗口</Table.Th>
              <Table.Th>收件</Table.Th>
              {DECISIONS.map((d) => (
                <Table.Th key={d}>{DECISION_LABELS[d]}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.intakes.byWindow.map((w) => {
              const link = (extra: Record<string, string>) => (w.windowNo === null ? undefined : cases({ ...today, windowNo: w.windowNo, ...extra }));
              const cell = (n: number, to: string | undefined) => (to && n > 0 ? <Anchor component={Link} to={to}>{n}</Anchor> : n);
              return (
                <Table.Tr key={w.windowNo ?? '—'} aria-label={`窗口 ${w.windowNo ?? '未记录'}`}>
                  <Table.Td>{w.windowNo ?? '（未记录窗口）'}</Table.Td>
                  <Table.Td>{cell(w.total, link({}))}</Table.Td>
                  {DECISIONS.map((d) => (
                    <Table.Td key={d}>{cell(w.byDecision[d], link({ decision: d }))}</Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>

      <Paper withBorder p="md" component="section" aria-label="在办办件">
        <Title order={3} mb="sm">
          在办办件
        </Title>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <Figure label="在办合计" value={o.cases.open} to={cases({ status: 'waiting_materials,in_progress' })} testId="cases-open" />
          <Figure label="待补正" value={o.cases.waitingMaterials} to={cases({ status: 'waiting_materials' })} testId="cases-waiting" />
          <Figure label={`${o.warningDays} 个工作日内到期`} value={o.cases.dueSoon} to={cases({ deadline: 'warning' })} testId="cases-due-soon" color="orange" />
          <Figure label="已逾期" value={o.cases.overdue} to={cases({ deadline: 'overdue' })} testId="cases-overdue" color="red" />
          <Figure label="公示中" value={o.cases.inPosting} to={cases({ status: 'in_progress', deadline: 'paused' })} testId="cases-posting" />
        </SimpleGrid>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-label="好差评">
          <Title order={3} mb="sm">
            好差评（{o.month}）
          </Title>
          <SimpleGrid cols={3} spacing="sm">
            <Figure label="满意率" value={pct(o.ratings.month.rate)} testId="satisfaction-rate" />
            <Figure label="评价数 / 差评" value={`${o.ratings.month.count} / ${o.ratings.month.low}`} testId="ratings-count" />
            <Figure label="待回访差评" value={o.ratings.openFollowUps} to="/cases?worklist=followUps" testId="follow-ups-open" color={o.ratings.overdueFollowUps ? 'red' : undefined} />
          </SimpleGrid>
          {o.ratings.overdueFollowUps > 0 && (
            <Text size="sm" c="red" mt={4}>
              其中 {o.ratings.overdueFollowUps} 件已超过回访期限
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            满意率 = 基本满意及以上的评价 ÷ 本月评价数；差评为不满意、非常不满意。
          </Text>
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="本月发放名册">
          <Title order={3} mb="sm">
            本月发放名册（{o.roster.month}）
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Figure label="在保人数" value={o.roster.beneficiaries} to="/beneficiaries?status=active" testId="roster-beneficiaries" />
            <Figure label="发放金额（元）" value={yuan(o.roster.amountFen)} testId="roster-amount" />
          </SimpleGrid>
        </Paper>
      </SimpleGrid>

      <MonthTable o={o} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-label="近 30 天收件">
          <Title order={4} mb="sm">
            近 30 天每个工作日收件（按事项类别）
          </Title>
          <BarChart
            h={240}
            data={o.charts.intakes.map((r) => ({ ...r, day: r.day.slice(5) }))}
            dataKey="day"
            type="stacked"
            withLegend
            series={FAMILIES.map((f) => ({ name: f, label: FAMILY_LABELS[f], color: FAMILY_COLORS[f] }))}
          />
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="逾期趋势">
          <Title order={4} mb="sm">
            逾期办件趋势（各工作日末）
          </Title>
          <LineChart h={240} data={o.charts.overdue.map((r) => ({ ...r, day: r.day.slice(5) }))} dataKey="day" series={[{ name: 'overdue', label: '逾期件数', color: 'red.6' }]} />
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="满意率趋势">
          <Title order={4} mb="sm">
            每月满意率
          </Title>
          <LineChart
            h={240}
            data={o.ratings.byMonth.map((m) => ({ month: m.month, rate: m.rate }))}
            dataKey="month"
            connectNulls
            unit="%"
            yAxisProps={{ domain: [0, 100] }}
            series={[{ name: 'rate', label: '满意率', color: 'green.6' }]}
          />
        </Paper>
      </SimpleGrid>
    </>
  );
}

const METRICS: { label: string; value: (f: Figures) => number | null; format?: (v: number | null) => string; link?: 'received' }[] = [
  { label: '收件数', value: (f) => f.received, link: 'received' },
  { label: '受理数', value: (f) => f.accepted },
  { label: '办结准予数', value: (f) => f.approved },
  { label: '办结不予批准数', value: (f) => f.notApproved },
  { label: '逾期数', value: (f) => f.overdue },
  { label: '按时办结率', value: (f) => f.onTimeRate, format: pct },
  { label: '在保人数', value: (f) => f.beneficiaries },
  { label: '发放金额（元）', value: (f) => f.amountFen, format: (v) => (v === null ? '—' : yuan(v)) },
];

/** This month against the previous one per family: the 月报's figures (exports' monthFigures). */
function MonthTable({ o }: { o: Overview }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="本月与上月">
      <Title order={3} mb="sm">
        本月（{o.month}）与上月（{o.previousMonth}）
      </Title>
      <Table withTableBorder aria-label="本月与上月（按事项类别）">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>事项类别</Table.Th>
            {METRICS.map((m) => (
              <Table.Th key={m.label}>{m.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {o.months.map((row) => (
            <Table.Tr key={row.family ?? 'total'} aria-label={row.label}>
              <Table.Td fw={row.family === null ? 700 : undefined}>{row.label}</Table.Td>
              {METRICS.map((m) => {
                const cur = m.value(row.current);
                const prev = m.value(row.previous);
                const show = m.format ?? ((v: number | null) => String(v ?? '—'));
                const family: Record<string, string> = row.family ? { family: row.family } : {};
                return (
                  <Table.Td key={m.label}>
                    {m.link ? (
                      <Anchor component={Link} to={cases({ ...family, from: `${o.month}-01`, to: lastDay(o.month) })}>
                        {show(cur)}
                      </Anchor>
                    ) : (
                      show(cur)
                    )}
                    <Text size="xs" c="dimmed">
                      上月{' '}
                      {m.link ? (
                        <Anchor component={Link} size="xs" to={cases({ ...family, from: `${o.previousMonth}-01`, to: lastDay(o.previousMonth) })}>
                          {show(prev)}
                        </Anchor>
                      ) : (
                        show(prev)
                      )}
                    </Text>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        口径与月报相同（导出 → 月报）。
      </Text>
    </Paper>
  );
}
