/**
 * 月报 (monthly statistics): per item, per family and in total, the month's figures beside
 * the previous month's and the month-on-month change. A few dozen rows, computed with
 * grouped queries over index ranges.
 */
import type Database from 'better-sqlite3';
import { FAMILIES, FAMILY_LABELS, type Family } from '../../catalogue/definition';
import { addMonths, lastDayOf } from '../../beneficiaries/months';
import { prepared } from '../../kernel/prepared';
import { round2, type Cell, type Column, type KindSpec } from '../layout';
import { withheldInMonth } from './roster-withheld';
import { LOW_RATING } from '../../cases/ratings';

export interface Figures {
  received: number;
  accepted: number;
  deferred: number;
  notified: number;
  refused: number;
  approved: number;
  notApproved: number;
  overdue: number;
  /** completed (approved / not approved) with a deadline, and of those on time: the rate's parts */
  completedWithDeadline: number;
  onTime: number;
  beneficiaries: number;
  amountFen: number;
  /** what the bank reported paid for the month (银行回盘), the latest result of each payment */
  paidFen: number;
  /** 好差评 given in the month (Shanghai day of rated_at), of those 基本满意 or better, and 差评 (1–2) */
  ratings: number;
  satisfied: number;
  lowRatings: number;
  /** the month's 差评 whose 回访 was closed with its 整改 by the month's end */
  lowRectified: number;
}

const zero = (): Figures => ({
  received: 0,
  accepted: 0,
  deferred: 0,
  notified: 0,
  refused: 0,
  approved: 0,
  notApproved: 0,
  overdue: 0,
  completedWithDeadline: 0,
  onTime: 0,
  beneficiaries: 0,
  amountFen: 0,
  paidFen: 0,
  ratings: 0,
  satisfied: 0,
  lowRatings: 0,
  lowRectified: 0,
});

function add(a: Figures, b: Figures): Figures {
  const out = zero();
  for (const k of Object.keys(out) as (keyof Figures)[]) out[k] = a[k] + b[k];
  return out;
}

/** Percentage with 2 decimals, or null when nothing was completed with a deadline. */
export const onTimeRate = (f: Figures): number | null => (f.completedWithDeadline === 0 ? null : round2((f.onTime / f.completedWithDeadline) * 100));

/** 满意率: 基本满意 or better among the month's ratings, or null without ratings. */
export const satisfactionRate = (f: Figures): number | null => (f.ratings === 0 ? null : round2((f.satisfied / f.ratings) * 100));
/** 差评整改率: the month's 差评 put right (回访 closed) by the month's end, or null without 差评. */
export const rectificationRate = (f: Figures): number | null => (f.lowRatings === 0 ? null : round2((f.lowRectified / f.lowRatings) * 100));

/** Change against the previous month in percent, or null when the previous month is 0. */
export const changePercent = (current: number, previous: number): number | null => (previous === 0 ? null : round2(((current - previous) / previous) * 100));

/**
 * The metrics in column order: name, how to read it from the figures, and its type. Each
 * gives three columns: this month, the previous month, and the change.
 */
const METRICS: { name: string; type: 'integer' | 'amount' | 'percent'; value: (f: Figures) => number | null }[] = [
  { name: '收件数', type: 'integer', value: (f) => f.received },
  { name: '受理数', type: 'integer', value: (f) => f.accepted },
  { name: '容缺受理数', type: 'integer', value: (f) => f.deferred },
  { name: '一次性告知数', type: 'integer', value: (f) => f.notified },
  { name: '不予受理数', type: 'integer', value: (f) => f.refused },
  { name: '办结准予数', type: 'integer', value: (f) => f.approved },
  { name: '办结不予批准数', type: 'integer', value: (f) => f.notApproved },
  { name: '逾期数', type: 'integer', value: (f) => f.overdue },
  { name: '按时办结率', type: 'percent', value: onTimeRate },
  { name: '在保人数', type: 'integer', value: (f) => f.beneficiaries },
  { name: '发放金额', type: 'amount', value: (f) => f.amountFen },
  // Layout version 2: the amount the bank's returns report paid, beside the amount due.
  { name: '实际发放金额', type: 'amount', value: (f) => f.paidFen },
  // Layout version 3: 好差评 given by the residents on the rating screens (#19).
  { name: '评价数', type: 'integer', value: (f) => f.ratings },
  { name: '满意率', type: 'percent', value: satisfactionRate },
  { name: '差评数', type: 'integer', value: (f) => f.lowRatings },
  { name: '差评整改率', type: 'percent', value: rectificationRate },
];

const metricColumns = (): Column[] =>
  METRICS.flatMap((m) =>
    m.type === 'percent'
      ? [
          { name: `${m.name}（%）`, type: 'percent' as const },
          { name: `${m.name}（上月，%）`, type: 'percent' as const },
          { name: `${m.name}环比（百分点）`, type: 'percent' as const },
        ]
      : [
          { name: m.type === 'amount' ? `${m.name}（元）` : m.name, type: m.type },
          { name: m.type === 'amount' ? `${m.name}（上月，元）` : `${m.name}（上月）`, type: m.type },
          { name: `${m.name}环比（%）`, type: 'percent' as const },
        ],
  );

export const MONTHLY_COLUMNS: readonly Column[] = [
  { name: '统计月份', type: 'text' },
  { name: '统计层级', type: 'text' },
  { name: '事项类别', type: 'text' },
  { name: '事项编码', type: 'text' },
  { name: '事项名称', type: 'text' },
  ...metricColumns(),
];

/** The cells of one metric: this month, the previous month, the change. */
function metricCells(current: Figures, previous: Figures): Cell[] {
  return METRICS.flatMap((m) => {
    const c = m.value(current);
    const p = m.value(previous);
    if (m.type === 'percent') return [c, p, c === null || p === null ? null : round2(c - p)];
    return [c, p, changePercent(c ?? 0, p ?? 0)];
  });
}

/** Active beneficiaries and the amount paid per item in `month` (same rule as amountInMonth). */
export const PAID_IN_MONTH_SQL = `
SELECT b.id, b.resident_id, b.case_id, b.item_code,
       (SELECT ch.amount_fen FROM beneficiary_changes ch
         WHERE ch.beneficiary_id = b.id AND ch.kind <> 'stop' AND ch.effective_month <= @month
         ORDER BY ch.effective_month DESC, ch.id DESC LIMIT 1) AS amount_fen
  FROM beneficiaries b
 WHERE b.start_month <= @month AND (b.stop_month IS NULL OR b.stop_month > @month)`;

/**
 * The same figures per item from the monthly totals that migration 0010's triggers keep:
 * a few hundred rows instead of every beneficiary ever recorded. The tests compare it with
 * PAID_IN_MONTH_SQL, which states the rule.
 */
export const PAID_BY_ITEM_SQL = `
SELECT item_code, sum(beneficiaries) AS n, sum(amount_fen) AS fen
  FROM benefit_month_deltas WHERE month <= @month
 GROUP BY item_code HAVING sum(beneficiaries) <> 0 OR sum(amount_fen) <> 0`;

/** Every figure of one month per item code. */
export function monthFigures(db: Database.Database, month: string): Map<string, Figures> {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const byItem = new Map<string, Figures>();
  const of = (code: string) => {
    let f = byItem.get(code);
    if (!f) byItem.set(code, (f = zero()));
    return f;
  };
  const intake = prepared(
      db,
      `SELECT item_code, count(*) AS n,
              sum(decision = 'accept') AS accepted, sum(decision = 'accept_deferred') AS deferred,
              sum(decision = 'notify_missing') AS notified, sum(decision = 'refuse') AS refused
         FROM cases WHERE received_on >= @first AND received_on <= @last GROUP BY item_code`,
    )
    .all({ first, last }) as { item_code: string; n: number; accepted: number; deferred: number; notified: number; refused: number }[];
  for (const r of intake) Object.assign(of(r.item_code), { received: r.n, accepted: r.accepted, deferred: r.deferred, notified: r.notified, refused: r.refused });

  const completed = prepared(
      db,
      `SELECT item_code, sum(status = 'approved') AS approved, sum(status = 'not_approved') AS not_approved,
              sum(due_on IS NOT NULL) AS with_deadline, sum(due_on IS NOT NULL AND completed_on <= due_on) AS on_time
         FROM cases
        WHERE completed_on >= @first AND completed_on <= @last AND +status IN ('approved', 'not_approved')
        GROUP BY item_code`,
    )
    .all({ first, last }) as { item_code: string; approved: number; not_approved: number; with_deadline: number; on_time: number }[];
  for (const r of completed) {
    Object.assign(of(r.item_code), { approved: r.approved, notApproved: r.not_approved, completedWithDeadline: r.with_deadline, onTime: r.on_time });
  }

  // Fell due in the month and not completed by then: still open (unless the clock stands
  // still in a 公示 now), or completed late.
  const overdue = prepared(
      db,
      `SELECT item_code, count(*) AS n FROM cases
        WHERE due_on >= @first AND due_on <= @last
          AND (completed_on > due_on OR (completed_on IS NULL AND paused_since IS NULL))
        GROUP BY item_code`,
    )
    .all({ first, last }) as { item_code: string; n: number }[];
  for (const r of overdue) of(r.item_code).overdue = r.n;

  const paid = prepared(db, PAID_BY_ITEM_SQL).all({ month }) as { item_code: string; n: number; fen: number }[];
  for (const r of paid) Object.assign(of(r.item_code), { beneficiaries: r.n, amountFen: r.fen });
  // The roster leaves out the later of two exclusive benefits (roster-withheld.ts): the 月报 counts what is paid.
  for (const w of withheldInMonth(db, month).values()) {
    const f = of(w.itemCode);
    f.beneficiaries -= 1;
    f.amountFen -= w.amountFen;
  }

  const returned = prepared(
      db,
      `SELECT b.item_code, sum(pr.amount_fen) AS fen
         FROM payment_results pr JOIN beneficiaries b ON b.id = pr.beneficiary_id
        WHERE pr.month = @month AND pr.result = 'paid'
          AND pr.id = (SELECT max(x.id) FROM payment_results x WHERE x.beneficiary_id = pr.beneficiary_id AND x.month = pr.month)
        GROUP BY b.item_code`,
    )
    .all({ month }) as { item_code: string; fen: number }[];
  for (const r of returned) of(r.item_code).paidFen = r.fen;

  // rated_at is an instant: the month is Shanghai's (UTC+8, no daylight saving), so the
  // bounds are the instants of its first and next month's first midnight there.
  const from = new Date(`${first}T00:00:00+08:00`).toISOString();
  const until = new Date(`${addMonths(month, 1)}-01T00:00:00+08:00`).toISOString();
  const rated = prepared(
      db,
      `SELECT c.item_code, count(*) AS n, sum(r.score >= 3) AS satisfied, sum(r.score <= ${LOW_RATING}) AS low,
              sum(r.score <= ${LOW_RATING} AND f.closed_at IS NOT NULL AND f.closed_at < @until) AS rectified
         FROM case_ratings r JOIN cases c ON c.id = r.case_id LEFT JOIN case_follow_ups f ON f.rating_id = r.id
        WHERE r.rated_at >= @from AND r.rated_at < @until
        GROUP BY c.item_code`,
    )
    .all({ from, until }) as { item_code: string; n: number; satisfied: number; low: number; rectified: number }[];
  for (const r of rated) Object.assign(of(r.item_code), { ratings: r.n, satisfied: r.satisfied, lowRatings: r.low, lowRectified: r.rectified });
  return byItem;
}

export const monthlyKind: KindSpec = {
  kind: 'monthly',
  label: '月报',
  layoutVersion: 3,
  columns: MONTHLY_COLUMNS,
  open(db, range) {
    const month = range.to;
    const current = monthFigures(db, month);
    const previous = monthFigures(db, addMonths(month, -1));
    const items = db.prepare('SELECT code, name, family FROM catalogue_items ORDER BY code').all() as { code: string; name: string; family: Family }[];
    const out: Cell[][] = [];
    let totalCur = zero();
    let totalPrev = zero();
    for (const family of FAMILIES) {
      let famCur = zero();
      let famPrev = zero();
      for (const item of items.filter((i) => i.family === family)) {
        const c = current.get(item.code) ?? zero();
        const p = previous.get(item.code) ?? zero();
        famCur = add(famCur, c);
        famPrev = add(famPrev, p);
        out.push([month, '事项', FAMILY_LABELS[family], item.code, item.name, ...metricCells(c, p)]);
      }
      out.push([month, '类别小计', FAMILY_LABELS[family], null, null, ...metricCells(famCur, famPrev)]);
      totalCur = add(totalCur, famCur);
      totalPrev = add(totalPrev, famPrev);
    }
    out.push([month, '合计', null, null, null, ...metricCells(totalCur, totalPrev)]);
    return { rows: out };
  },
};
