/**
 * 中心概览: the centre today and this month, for its head and the reviewers. Every figure
 * is the same query or function as the list or report it links to, so the numbers on the
 * screen are the numbers a click shows:
 * - open / due soon / overdue / in 公示 are cases.list's deadline conditions (cases/list.ts);
 * - this month against last, per family, and the roster, are the 月报's monthFigures;
 * - 满意率 and 差评回访 come from satisfaction.ts (the ratings tables).
 * Each part is an index range; the benchmark holds the whole answer to 100 ms at district scale.
 */
import type Database from 'better-sqlite3';
import { dayNumber, dateOf } from '../calendar/dates';
import type { WorkingCalendar } from '../calendar/working-days';
import { addMonths, monthOf } from '../beneficiaries/months';
import { FAMILIES, FAMILY_LABELS, type Family } from '../catalogue/definition';
import { deadlineBounds } from '../cases/deadlines';
import { deadlineCondition } from '../cases/list';
import { monthFigures, onTimeRate, type Figures } from '../exports/kinds/monthly';
import { prepared } from '../kernel/prepared';
import { DECISIONS, type Decision } from '../shared/vocabulary';
import { openFollowUps, ratingsByMonth, type MonthRatings } from './satisfaction';

/** how far back the daily charts reach, in calendar days (their working days are shown) */
export const CHART_DAYS = 30;
/** how many months the satisfaction chart shows, this month included */
export const RATING_MONTHS = 6;

type ByDecision = Record<Decision, number>;
const noDecisions = (): ByDecision => Object.fromEntries(DECISIONS.map((d) => [d, 0])) as ByDecision;
const noFamilies = (): Record<Family, number> => Object.fromEntries(FAMILIES.map((f) => [f, 0])) as Record<Family, number>;

export interface FamilyFigures {
  family: Family | null;
  label: string;
  current: Figures & { onTimeRate: number | null };
  previous: Figures & { onTimeRate: number | null };
}

export interface Overview {
  day: string;
  month: string;
  previousMonth: string;
  /** the working days left that make a case 即将到期 (setting warningDays) */
  warningDays: number;
  intakes: {
    total: number;
    byDecision: ByDecision;
    /** per window (null: a case recorded without one), in window order */
    byWindow: { windowNo: string | null; total: number; byDecision: ByDecision }[];
  };
  cases: { open: number; waitingMaterials: number; inProgress: number; dueSoon: number; overdue: number; inPosting: number };
  /** the 月报's figures of this month and the previous one, per family and in total (family null) */
  months: FamilyFigures[];
  /** this month's roster (发放名册): beneficiaries paid and the amount, as the 月报 counts them */
  roster: { month: string; beneficiaries: number; amountFen: number };
  ratings: { month: MonthRatings; byMonth: MonthRatings[]; openFollowUps: number; overdueFollowUps: number };
  charts: {
    /** received per working day over the last CHART_DAYS days, per family */
    intakes: ({ day: string } & Record<Family, number>)[];
    /** cases overdue at the end of each of those working days */
    overdue: { day: string; overdue: number }[];
  };
}

function count(db: Database.Database, sql: string, params: Record<string, unknown>): number {
  return (prepared(db, sql).get(params) as { n: number }).n;
}

/** The day's intakes by window and decision (cases_received: one day's index range). */
function intakesOf(db: Database.Database, day: string, windows: readonly string[]): Overview['intakes'] {
  const rows = prepared(
    db,
    'SELECT window_no, decision, count(*) AS n FROM cases WHERE received_on = @day GROUP BY window_no, decision',
  ).all({ day }) as { window_no: string | null; decision: Decision; n: number }[];
  const byDecision = noDecisions();
  const byWindow = new Map<string | null, { windowNo: string | null; total: number; byDecision: ByDecision }>();
  for (const w of windows) byWindow.set(w, { windowNo: w, total: 0, byDecision: noDecisions() });
  let total = 0;
  for (const r of rows) {
    let w = byWindow.get(r.window_no);
    if (!w) byWindow.set(r.window_no, (w = { windowNo: r.window_no, total: 0, byDecision: noDecisions() }));
    w.total += r.n;
    w.byDecision[r.decision] += r.n;
    byDecision[r.decision] += r.n;
    total += r.n;
  }
  return { total, byDecision, byWindow: [...byWindow.values()] };
}

/** Open cases by deadline state, with cases.list's own conditions (what a click lists). */
function openCases(db: Database.Database, day: string, warningDays: number): Overview['cases'] {
  const bounds = deadlineBounds(db, day, warningDays);
  const byStatus = prepared(db, "SELECT status, count(*) AS n FROM cases WHERE status IN ('waiting_materials', 'in_progress') GROUP BY status").all() as {
    status: string;
    n: number;
  }[];
  const of = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
  const running = (deadline: 'overdue' | 'warning') => count(db, `SELECT count(*) AS n FROM cases c INDEXED BY cases_running_due WHERE ${deadlineCondition(deadline)}`, bounds);
  // In 公示 = in progress with the clock paused: every in-progress case less the running ones
  // (both index counts), the same set as cases.list {status: in_progress, deadline: paused}.
  const runningAll = count(db, "SELECT count(*) AS n FROM cases c INDEXED BY cases_running_due WHERE c.status = 'in_progress' AND c.paused_since IS NULL", {});
  return {
    open: of('waiting_materials') + of('in_progress'),
    waitingMaterials: of('waiting_materials'),
    inProgress: of('in_progress'),
    dueSoon: running('warning'),
    overdue: running('overdue'),
    inPosting: of('in_progress') - runningAll,
  };
}

function familiesOf(db: Database.Database): Map<string, Family> {
  const items = prepared(db, 'SELECT code, family FROM catalogue_items').all() as { code: string; family: Family }[];
  return new Map(items.map((i) => [i.code, i.family]));
}

/** The 月报's figures per family and in total, this month and the previous one (as monthly.ts sums them). */
function monthsOf(db: Database.Database, month: string, familyOf: ReadonlyMap<string, Family>): FamilyFigures[] {
  const sum = (figures: Map<string, Figures>) => {
    const out = new Map<Family | null, Figures>();
    for (const [code, f] of figures) {
      const family = familyOf.get(code);
      if (!family) continue;
      for (const key of [family, null]) {
        const acc = out.get(key);
        if (!acc) out.set(key, { ...f });
        else for (const k of Object.keys(f) as (keyof Figures)[]) acc[k] += f[k];
      }
    }
    return out;
  };
  const current = sum(monthFigures(db, month));
  const previous = sum(monthFigures(db, addMonths(month, -1)));
  const zero = (): Figures => ({
    received: 0, accepted: 0, deferred: 0, notified: 0, refused: 0, approved: 0, notApproved: 0, overdue: 0,
    completedWithDeadline: 0, onTime: 0, beneficiaries: 0, amountFen: 0, paidFen: 0, ratings: 0, satisfied: 0, lowRatings: 0, lowRectified: 0,
  });
  const view = (f: Figures | undefined) => {
    const v = f ?? zero();
    return { ...v, onTimeRate: onTimeRate(v) };
  };
  return [...FAMILIES, null].map((family) => ({
    family,
    label: family === null ? '合计' : FAMILY_LABELS[family],
    current: view(current.get(family)),
    previous: view(previous.get(family)),
  }));
}

/** The working days among the CHART_DAYS calendar days ending on `day`. */
function chartDays(cal: WorkingCalendar, day: string): string[] {
  const out: string[] = [];
  const last = dayNumber(day);
  for (let d = last - CHART_DAYS + 1; d <= last; d++) if (cal.isWorkingDay(dateOf(d))) out.push(dateOf(d));
  return out;
}

/** Received per day and family (cases_received_month covers received_on and item_code). */
function intakeChart(db: Database.Database, days: string[], familyOf: ReadonlyMap<string, Family>): Overview['charts']['intakes'] {
  const out = days.map((day) => ({ day, ...noFamilies() }));
  if (days.length === 0) return out;
  const at = new Map(out.map((r) => [r.day, r]));
  const rows = prepared(
    db,
    'SELECT received_on AS day, item_code AS code, count(*) AS n FROM cases WHERE received_on >= @first AND received_on <= @last GROUP BY received_on, item_code',
  ).all({ first: days[0], last: days[days.length - 1] }) as { day: string; code: string; n: number }[];
  for (const r of rows) {
    const row = at.get(r.day);
    const family = familyOf.get(r.code);
    if (row && family) row[family] += r.n;
  }
  return out;
}

/**
 * Overdue at the end of each day D: due before D and not completed by D. The cases still
 * running (overdue now, as cases.list counts them: no 公示 pause now) and the cases
 * completed late after D; a case in 公示 today is left out of the earlier days too (when a
 * 公示 began is not kept per day). On the last day this is the overdue count above.
 */
function overdueChart(db: Database.Database, days: string[], day: string): Overview['charts']['overdue'] {
  if (days.length === 0) return [];
  const first = days[0]!;
  const running = prepared(
    db,
    "SELECT c.due_on AS due FROM cases c INDEXED BY cases_running_due WHERE c.status = 'in_progress' AND c.paused_since IS NULL AND c.due_on < @day",
  ).all({ day }) as { due: string }[];
  const late = prepared(
    db,
    `SELECT due_on AS due, completed_on AS done FROM cases INDEXED BY cases_completed_month
      WHERE completed_on > @first AND completed_on <= @day AND due_on < completed_on`,
  ).all({ first, day }) as { due: string; done: string }[];
  return days.map((d) => ({
    day: d,
    overdue: running.reduce((n, r) => n + (r.due < d ? 1 : 0), 0) + late.reduce((n, r) => n + (r.due < d && r.done > d ? 1 : 0), 0),
  }));
}

export function overviewOf(db: Database.Database, cal: WorkingCalendar, day: string, settings: { warningDays: number; windows: readonly string[] }): Overview {
  const month = monthOf(day);
  const familyOf = familiesOf(db);
  const months = monthsOf(db, month, familyOf);
  const total = months.find((m) => m.family === null)!;
  const byMonth = ratingsByMonth(db, addMonths(month, -(RATING_MONTHS - 1)), month);
  const followUps = openFollowUps(db, day);
  const days = chartDays(cal, day);
  return {
    day,
    month,
    previousMonth: addMonths(month, -1),
    warningDays: settings.warningDays,
    intakes: intakesOf(db, day, settings.windows),
    cases: openCases(db, day, settings.warningDays),
    months,
    roster: { month, beneficiaries: total.current.beneficiaries, amountFen: total.current.amountFen },
    ratings: { month: byMonth[byMonth.length - 1]!, byMonth, openFollowUps: followUps.open, overdueFollowUps: followUps.overdue },
    charts: { intakes: intakeChart(db, days, familyOf), overdue: overdueChart(db, days, day) },
  };
}
