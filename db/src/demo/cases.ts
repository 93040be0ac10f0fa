/**
 * Cases across every catalogue item, taken in day by day (more towards the present) by
 * residents the items' age rules admit, each then played to `until` by playCase. The first
 * cases go through every item and every final status once; a few stay overdue.
 */
import type { DibaoStandard } from '../means/standards';
import type { ItemVersion } from '../catalogue/catalogue';
import type { CaseStatus } from '../shared/vocabulary';
import type { Staff } from './accounts';
import type { AuditTrail } from './audit-trail';
import type { Days, WorkingDays } from './days';
import { playCase, type CaseDay, type CaseWorld } from './play-case';
import { Weighted, type Rng } from './prng';
import type { Population, Resident } from './residents';
import type { RowBatch } from './row-batch';
import type { StepSink } from './steps';

export interface CasePlan {
  cases: number;
  untilDay: number;
  fromYear: number;
  firstCaseDay: number;
  centreCode: string;
  items: readonly ItemVersion[];
  dibaoStandards: readonly DibaoStandard[];
  steps?: StepSink | undefined;
}

export interface CaseCounts {
  cases: number;
  events: number;
  materials: number;
  ratings: number;
  followUps: number;
  beneficiaries: number;
  changes: number;
  byStatus: Record<string, number>;
}

/** Applicant pools by the items' age rules (resident indexes in registration order). */
function applicantPools(items: readonly ItemVersion[], residents: readonly Resident[], until: number, fromYear: number): Int32Array[] {
  const bornBy = (year: number) => (r: Resident) => r.birthYear <= year;
  const bornBetween = (a: number, b: number) => (r: Resident) => r.birthYear >= a && r.birthYear <= b;
  const Y = until;
  const pools: Record<string, (r: Resident) => boolean> = {
    adult: bornBy(Y - 22),
    household: (r) => r.householdId > 0 && r.birthYear <= Y - 22,
    elder60: bornBy(fromYear - 61),
    elder65: bornBy(fromYear - 66),
    elder70: bornBy(fromYear - 71),
    elder90: bornBy(fromYear - 91),
    working: bornBetween(Y - 59 + 4, fromYear - 20),
    youth: bornBetween(Y - 35 + 4, fromYear - 18),
  };
  const poolOfItem: Record<string, string> = {
    'MZ-DB-001': 'household',
    'MZ-LSJZ-001': 'household',
    'MZ-TK-001': 'adult',
    'MZ-ZNHH-001': 'elder60',
    'CL-SHBT-001': 'adult',
    'MZ-JJYL-001': 'elder60',
    'YB-CHXP-001': 'elder60',
    'MZ-LNJT-001': 'elder65',
    'MZ-GLYY-001': 'elder90',
    'MZ-YLJG-001': 'elder70',
    'MZ-LNRT-001': 'elder70',
    'RS-SYDJ-001': 'working',
    'RS-JYKN-001': 'working',
    'RS-CYFC-001': 'working',
    'RS-ZYPX-001': 'working',
    'RS-LHJY-001': 'working',
    'RS-QNJY-001': 'youth',
  };
  const N = residents.length;
  const poolIndexes = new Map<string, Int32Array>();
  for (const [name, test] of Object.entries(pools)) {
    const out: number[] = [];
    for (let i = 0; i < N; i++) if (test(residents[i]!)) out.push(i);
    poolIndexes.set(name, Int32Array.from(out.length ? out : [...Array(N).keys()].filter((i) => pools.adult!(residents[i]!))));
  }
  return items.map((it) => poolIndexes.get(poolOfItem[it.code] ?? 'adult')!);
}

const ITEM_WEIGHTS: Record<string, number> = {
  'MZ-DB-001': 7, 'MZ-TK-001': 1.5, 'MZ-LSJZ-001': 7, 'MZ-ZNHH-001': 1.5, 'CL-SHBT-001': 4,
  'MZ-JJYL-001': 9, 'YB-CHXP-001': 12, 'MZ-LNJT-001': 5, 'MZ-GLYY-001': 1, 'MZ-YLJG-001': 3, 'MZ-LNRT-001': 2,
  'RS-SYDJ-001': 14, 'RS-JYKN-001': 6, 'RS-CYFC-001': 3, 'RS-ZYPX-001': 10, 'RS-LHJY-001': 8, 'RS-QNJY-001': 3,
};
const FINAL: CaseStatus[] = ['approved', 'not_approved', 'withdrawn', 'terminated', 'refused'];

/** Cases in a batch before it is handed over even in the middle of a busy day. */
const CASES_PER_BATCH = 500;

/**
 * Takes in and plays `plan.cases` cases into `batch`, calling `emit` when it is worth
 * inserting; the audit rows of each finished day go with it.
 */
export function playCases(
  plan: CasePlan,
  caseDays: readonly number[],
  rng: Rng,
  days: Days,
  wd: WorkingDays,
  trail: AuditTrail,
  batch: RowBatch,
  emit: () => void,
  pop: Population,
  staff: Staff,
): CaseCounts {
  const { items, untilDay, centreCode } = plan;
  const { residents, regDayOf } = pop;
  const rows = batch.rows;
  const N = residents.length;
  const K = items.length;
  const ds = (day: number) => days.date(day);

  const itemPools = applicantPools(items, residents, Number(ds(untilDay).slice(0, 4)), plan.fromYear);
  const itemPicker = new Weighted(items.map((_, i) => i), items.map((it) => ITEM_WEIGHTS[it.code] ?? 3));
  // Per resident and item: the day the resident's last case of the item closed (an open
  // case refuses a second one), approved recurring benefits, items ever applied for (to
  // avoid the combinations precheck warns about) and the year of the last 临时救助.
  const openUntil = new Int32Array(N * K);
  const benefit = new Uint8Array(N * K);
  const applied = new Uint32Array(N);
  const lsjzYear = new Int16Array(N);
  const excludesMask = items.map((a) =>
    items.reduce((mask, b, j) => (a.cannotCombineWith.includes(b.code) || b.cannotCombineWith.includes(a.code) ? mask | (1 << j) : mask), 0),
  );
  const approvalFields = items.map((it) => new Set(it.fields.filter((f) => /审批时填写|评估完成后填写/.test(f.help ?? '') || f.key === it.recurring?.amountField).map((f) => f.key)));
  const deferrableRequired = items.map((it) => it.materials.filter((m) => m.required && m.deferrable).map((m) => m.key));

  const M = plan.cases;
  const weights = caseDays.map((_, i) => (1 + (0.25 * i) / caseDays.length) * (0.7 + 0.6 * rng.next()) * (i >= caseDays.length - 20 ? 2.5 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const perDay: number[] = [];
  {
    let acc = 0;
    let given = 0;
    for (const w of weights) {
      acc += w;
      const target = Math.round((acc / totalWeight) * M);
      perDay.push(target - given);
      given = target;
    }
  }
  const forced = Math.min(M, K * FINAL.length);
  const counters = { cases: 0, events: 0, materials: 0, services: 0, ratings: 0, followUps: 0, beneficiaries: 0, changes: 0 };
  const byStatus: Record<string, number> = {};

  const w: CaseWorld = {
    rng, days, wd, trail, rows, untilDay, items, approvalFields, deferrableRequired,
    residents, householdJson: pop.householdJson, householdSize: pop.householdSize, dibaoStandards: plan.dibaoStandards, staff,
    openUntil, benefit, applied, lsjzYear, counters, byStatus, stuckCount: 0, steps: plan.steps,
  };
  let forcedK = 0;
  let deficit = 0;
  let regCursor = 0;
  for (let di = 0; di < caseDays.length; di++) {
    const D0 = caseDays[di]!;
    while (regCursor < N && regDayOf[regCursor]! <= D0) regCursor++;
    const registered = regCursor;
    const dayStr = ds(D0);
    const year = Number(dayStr.slice(0, 4));
    const monthDay = Number(dayStr.slice(5, 7)) * 100 + Number(dayStr.slice(8, 10));
    const ymd = dayStr.replaceAll('-', '');
    const today: CaseDay = { D0, dayStr, year, monthDay };
    // a case nobody was eligible for moves to the next day, so that the total is exact
    const count = perDay[di]! + deficit;
    deficit = 0;
    const minutes = Array.from({ length: count }, () => rng.range(510, 990)).sort((a, b) => a - b);
    let seq = 0;
    for (let n = 0; n < count; n++) {
      // The first cases go through every item and every final status once (then chance rules).
      let forcedItem = forcedK < forced ? forcedK % K : -1;
      let forcedFinal = forcedK < forced ? FINAL[Math.floor(forcedK / K) % FINAL.length]! : null;
      // ── applicant and item ──
      let ii = -1;
      let ri = -1;
      for (let attempt = 0; attempt < 80 && ri < 0; attempt++) {
        if (attempt === 40 && forcedItem >= 0) {
          // nobody eligible for the forced item yet: an ordinary case now, the forced one later
          forcedItem = -1;
          forcedFinal = null;
        }
        const cand = forcedItem >= 0 ? forcedItem : itemPicker.pick(rng);
        const pool = itemPools[cand]!;
        let hi = pool.length;
        // registered residents form a prefix of every pool
        let lo = 0;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (pool[mid]! < registered) lo = mid + 1;
          else hi = mid;
        }
        if (lo === 0) continue;
        const r = pool[rng.int(lo)]!;
        if (regDayOf[r]! > D0) continue;
        if (openUntil[r * K + cand]! >= D0 && openUntil[r * K + cand]! !== 0) continue;
        // a benefit received (paid, or a service approved) is not applied for again; 临时救助 has its own rule
        if (!items[cand]!.repeatRule && benefit[r * K + cand]) continue;
        if (applied[r]! & excludesMask[cand]!) continue;
        if (items[cand]!.repeatRule && lsjzYear[r] === year) continue;
        ii = cand;
        ri = r;
      }
      if (ri < 0) {
        deficit++;
        continue;
      }
      if (forcedItem >= 0) forcedK++;
      playCase(w, today, ii, ri, `${centreCode}${ymd}${String(++seq).padStart(4, '0')}`, forcedFinal, minutes[n]!);
      if (++batch.cases >= CASES_PER_BATCH) emit();
    }
    if (seq > 9999) throw new Error(`${dayStr} 的办件超过每日 9999 件`);
    if (seq > 0) rows.case_number_days.push(ymd, seq);
    trail.flush(D0, rows.audit_log);
    emit();
  }
  trail.flush(untilDay + 100_000, rows.audit_log);
  emit();
  return { ...counters, byStatus };
}
