/**
 * 中心概览 (overview.get) on generated data: every figure against a raw SQL statement of
 * its rule, and against the list or report it links to (the worklist's totals, the 月报).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { addMonths } from '../../db/src/beneficiaries/months';
import { DEMO_PASSWORD, seedDatabase, type SeedResult } from '../../db/src/demo/generate';
import { MONTHLY_COLUMNS, monthlyKind } from '../../db/src/exports/kinds/monthly';
import type { HandlerOutput } from '../../db/src/contract';
import { FAMILIES, FAMILY_LABELS } from '../../db/src/catalogue/definition';

const UNTIL = '2026-11-20';
type Overview = HandlerOutput<'overview.get'>;

// One generated database and one core for the whole file (the support's temp helpers
// remove theirs after each test).
const dir = mkdtempSync(join(tmpdir(), 'onewindow-overview-'));
const dbPath = join(dir, 'seed.sqlite');
let seeded: SeedResult;
let core: ReturnType<typeof openCore>;
const quiet = { error: () => {}, warn: () => {}, info: () => {} };

beforeAll(() => {
  seeded = seedDatabase({ dbPath, residents: 500, cases: 3000, seed: 'overview', until: UNTIL });
  core = openCore({ dbPath, logger: quiet, now: () => new Date(`${UNTIL}T07:00:00.000Z`) });
}, 240_000);

afterAll(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

const signIn = (role: 'reviewer' | 'admin' | 'clerk') => {
  const account = seeded.accounts.find((a) => (role === 'clerk' ? a.roles.length === 1 && a.roles[0] === 'clerk' : a.roles.includes(role)))!;
  return core.login(account.username, DEMO_PASSWORD);
};

function raw<T>(sql: string, params: Record<string, unknown> = {}): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(params) as T[];
  } finally {
    db.close();
  }
}
const one = (sql: string, params: Record<string, unknown> = {}) => (raw<{ n: number }>(sql, params)[0]?.n ?? 0);

describe('overview.get on generated data', () => {
  let o: Overview;
  let token: string;

  beforeAll(async () => {
    token = await signIn('reviewer');
    const res = await core.dispatch('overview.get', {}, token);
    expect(res.ok, JSON.stringify(res)).toBe(true);
    o = (res as { ok: true; result: Overview }).result;
  }, 60_000);

  it('counts the day’s intakes by window and by decision, as cases.list lists them', async () => {
    expect(o.day).toBe(UNTIL);
    const rows = raw<{ window_no: string | null; decision: string; n: number }>('SELECT window_no, decision, count(*) AS n FROM cases WHERE received_on = ? GROUP BY 1, 2'.replace('?', `'${UNTIL}'`));
    const total = rows.reduce((n, r) => n + r.n, 0);
    expect(total).toBeGreaterThan(0);
    expect(o.intakes.total).toBe(total);
    for (const r of rows) {
      expect(o.intakes.byWindow.find((w) => w.windowNo === r.window_no)?.byDecision[r.decision as 'accept']).toBe(r.n);
    }
    for (const d of ['accept', 'accept_deferred', 'notify_missing', 'refuse'] as const) {
      expect(o.intakes.byDecision[d]).toBe(rows.filter((r) => r.decision === d).reduce((n, r) => n + r.n, 0));
    }
    // each number links to cases.list {from, to: the day, decision?, windowNo?}
    const listed = async (filter: Record<string, unknown>) => {
      const res = await core.dispatch('cases.list', { from: UNTIL, to: UNTIL, limit: 200, ...filter }, token);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      const items = (res as { ok: true; result: HandlerOutput<'cases.list'> }).result.items;
      expect(items.every((c) => c.receivedOn === UNTIL && (!filter.decision || c.decision === filter.decision) && (!filter.windowNo || c.windowNo === filter.windowNo))).toBe(true);
      return items.length;
    };
    expect(await listed({})).toBe(o.intakes.total);
    for (const w of o.intakes.byWindow.filter((x) => x.windowNo !== null && x.total > 0)) {
      expect(await listed({ windowNo: w.windowNo })).toBe(w.total);
      expect(await listed({ windowNo: w.windowNo, decision: 'accept' })).toBe(w.byDecision.accept);
    }
    for (const d of ['accept', 'notify_missing'] as const) expect(await listed({ decision: d })).toBe(o.intakes.byDecision[d]);
  });

  it('counts open, due-soon, overdue and 公示 cases as the worklist and raw SQL do', async () => {
    expect(o.cases.open).toBe(one("SELECT count(*) AS n FROM cases WHERE status IN ('waiting_materials', 'in_progress')"));
    expect(o.cases.waitingMaterials).toBe(one("SELECT count(*) AS n FROM cases WHERE status = 'waiting_materials'"));
    expect(o.cases.overdue).toBe(one("SELECT count(*) AS n FROM cases WHERE status = 'in_progress' AND paused_since IS NULL AND due_on < @d", { d: UNTIL }));
    expect(o.cases.inPosting).toBe(one("SELECT count(*) AS n FROM cases WHERE status = 'in_progress' AND paused_since IS NOT NULL"));
    expect(o.cases.overdue).toBeGreaterThan(0);
    const worklist = await core.dispatch('cases.worklist', { person: 'all' }, token);
    expect(worklist.ok).toBe(true);
    const w = (worklist as { ok: true; result: HandlerOutput<'cases.worklist'> }).result;
    expect(o.cases.overdue).toBe(w.overdue.total);
    expect(o.cases.dueSoon).toBe(w.dueSoon.total);
    expect(o.cases.waitingMaterials).toBe(w.waitingMaterials.total);
    expect(o.ratings.openFollowUps).toBe(w.followUps.total);
    // the 公示 link lists in-progress cases whose clock is paused: the same number, page by page
    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await core.dispatch('cases.list', { status: 'in_progress', deadline: 'paused', limit: 200, ...(cursor ? { cursor } : {}) }, token);
      const r = (page as { ok: true; result: HandlerOutput<'cases.list'> }).result;
      listed += r.items.length;
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    expect(listed).toBe(o.cases.inPosting);
  });

  it('gives this month and the last per family with the 月报’s figures', () => {
    const db = new Database(dbPath, { readonly: true });
    let rows: unknown[][];
    try {
      rows = monthlyKind.open(db, { from: o.month, to: o.month }, UNTIL).rows as unknown[][];
    } finally {
      db.close();
    }
    const col = (name: string) => MONTHLY_COLUMNS.findIndex((c) => c.name === name);
    const check = (row: unknown[], f: Overview['months'][number]) => {
      expect(f.current.received).toBe(row[col('收件数')]);
      expect(f.previous.received).toBe(row[col('收件数（上月）')]);
      expect(f.current.approved).toBe(row[col('办结准予数')]);
      expect(f.current.overdue).toBe(row[col('逾期数')]);
      expect(f.current.beneficiaries).toBe(row[col('在保人数')]);
      expect(f.current.amountFen).toBe(row[col('发放金额（元）')]);
      expect(f.current.onTimeRate).toBe(row[col('按时办结率（%）')]);
    };
    for (const family of FAMILIES) {
      const row = rows.find((r) => r[1] === '类别小计' && r[2] === FAMILY_LABELS[family])!;
      check(row, o.months.find((m) => m.family === family)!);
    }
    const total = rows.find((r) => r[1] === '合计')!;
    check(total, o.months.find((m) => m.family === null)!);
    expect(o.months.find((m) => m.family === null)!.current.received).toBe(
      one('SELECT count(*) AS n FROM cases WHERE received_on BETWEEN @a AND @b', { a: `${o.month}-01`, b: `${o.month}-31` }),
    );
    expect(o.roster).toEqual({ month: o.month, beneficiaries: total[col('在保人数')], amountFen: total[col('发放金额（元）')] });
    expect(o.roster.beneficiaries).toBeGreaterThan(0);
  });

  it('gives the satisfaction of each month and the open 差评 follow-ups from the ratings', () => {
    const byMonth = raw<{ m: string; n: number; ok: number }>(
      "SELECT strftime('%Y-%m', datetime(rated_at, '+8 hours')) AS m, count(*) AS n, sum(score >= 3) AS ok FROM case_ratings GROUP BY m",
    );
    expect(o.ratings.byMonth).toHaveLength(6);
    expect(o.ratings.byMonth[5]!.month).toBe(o.month);
    expect(o.ratings.byMonth[0]!.month).toBe(addMonths(o.month, -5));
    for (const m of o.ratings.byMonth) {
      const r = byMonth.find((x) => x.m === m.month);
      expect(m.count, m.month).toBe(r?.n ?? 0);
      expect(m.satisfied, m.month).toBe(r?.ok ?? 0);
      expect(m.rate).toBe(r ? Math.round((r.ok / r.n) * 10000) / 100 : null);
    }
    expect(o.ratings.byMonth.some((m) => m.count > 0 && m.rate! < 100)).toBe(true);
    expect(o.ratings.month).toEqual(o.ratings.byMonth[5]);
    expect(o.ratings.openFollowUps).toBe(one('SELECT count(*) AS n FROM case_follow_ups WHERE closed_at IS NULL'));
    expect(o.ratings.overdueFollowUps).toBe(one('SELECT count(*) AS n FROM case_follow_ups WHERE closed_at IS NULL AND due_on < @d', { d: UNTIL }));
  });

  it('charts the intakes per working day by family and the overdue cases of each day', () => {
    expect(o.charts.intakes.length).toBeGreaterThanOrEqual(18);
    expect(o.charts.intakes.length).toBeLessThanOrEqual(23);
    const perDay = raw<{ d: string; family: string; n: number }>(
      'SELECT c.received_on AS d, i.family AS family, count(*) AS n FROM cases c JOIN catalogue_items i ON i.code = c.item_code WHERE c.received_on >= @a AND c.received_on <= @b GROUP BY 1, 2',
      { a: o.charts.intakes[0]!.day, b: UNTIL },
    );
    for (const p of perDay) {
      const row = o.charts.intakes.find((r) => r.day === p.d);
      // intakes on a non-working day (none in generated data) would be left out of the chart
      expect(row?.[p.family as 'subsidy'], `${p.d} ${p.family}`).toBe(p.n);
    }
    expect(o.charts.intakes[o.charts.intakes.length - 1]!.day).toBe(UNTIL);
    expect(o.charts.overdue.map((r) => r.day)).toEqual(o.charts.intakes.map((r) => r.day));
    expect(o.charts.overdue[o.charts.overdue.length - 1]!.overdue).toBe(o.cases.overdue);
    for (const { day, overdue } of o.charts.overdue) {
      expect(overdue, day).toBe(
        one(
          `SELECT count(*) AS n FROM cases WHERE due_on < @d AND (
             (status = 'in_progress' AND paused_since IS NULL) OR (completed_on > @d AND completed_on <= @today))`,
          { d: day, today: UNTIL },
        ),
      );
    }
  });

  it('is for reviewers and administrators, and refuses a day after today in Chinese', async () => {
    const admin = await core.dispatch('overview.get', {}, await signIn('admin'));
    expect(admin.ok).toBe(true);
    const clerkToken = await signIn('clerk');
    const refused = await core.dispatch('overview.get', {}, clerkToken);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    const later = await core.dispatch('overview.get', { day: '2026-11-21' }, token);
    expect(later.ok).toBe(false);
    if (!later.ok) {
      expect(later.error.code).toBe('VALIDATION');
      expect(JSON.stringify(later.error)).toContain('日期不能晚于今天');
    }
    const earlier = await core.dispatch('overview.get', { day: '2026-10-30' }, token);
    expect(earlier.ok).toBe(true);
    if (earlier.ok) expect((earlier.result as Overview).month).toBe('2026-10');
  });
});
