/**
 * Plausible application form values: what a clerk types at intake for each field type,
 * and what a reviewer fills in at the decision (核定金额, 评估等级).
 */
import type { FormField } from '../catalogue/definition';
import type { Days } from './days';
import type { Rng } from './prng';
import { mobile, surnames, type Resident } from './residents';
import * as V from './vocabulary';

const optionCache = new WeakMap<FormField, string[]>();
/** The values a select field offers, computed once per field. */
export function optionValues(f: FormField): string[] {
  let opts = optionCache.get(f);
  if (!opts) optionCache.set(f, (opts = (f.options ?? []).map((o) => (typeof o === 'string' ? o : o.value))));
  return opts;
}

const MONEY: Record<string, [number, number]> = {
  monthlyIncome: [0, 4000], expenses: [500, 30000], monthlyPension: [1200, 6500], fee: [800, 5000], monthlyContribution: [800, 1800],
};
const DAYS_BACK: Record<string, [number, number]> = { eventDate: [1, 60], settleDate: [365, 5000], unemployedSince: [10, 400], completedOn: [5, 90] };
const APPROVED_AMOUNTS: Record<string, [number, number]> = { 'MZ-DB-001': [300, 1510], 'MZ-TK-001': [1510, 2800], 'MZ-ZNHH-001': [200, 900], 'RS-LHJY-001': [300, 1000] };

export const hex = (rng: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
};

export interface Applicant {
  res: Resident;
  age: number;
  householdSize: number;
  /** the day of the application */
  day: number;
}

/** A value for one field as validateFormValues keeps it. */
export function intakeValue(f: FormField, a: Applicant, rng: Rng, days: Days): string | number | boolean | undefined {
  switch (f.type) {
    case 'select': {
      if (f.key === 'category') return a.age >= 60 ? '老年人' : '残疾人';
      return rng.pick(optionValues(f));
    }
    case 'boolean':
      return rng.chance(f.key === 'hasVehicle' ? 0.05 : f.key === 'urgent' || f.key === 'reassessment' ? 0.2 : 0.4);
    case 'number':
      if (f.key === 'householdSize') return a.householdSize;
      return rng.range(Math.max(f.min ?? 0, f.key === 'unemployedMonths' ? 6 : 0), Math.min(f.max ?? 20, f.key === 'employees' ? 12 : 36));
    case 'money': {
      const [lo, hi] = MONEY[f.key] ?? [100, 3000];
      return Math.round(rng.range(lo * 10, hi * 10)) / 10;
    }
    case 'date': {
      const [lo, hi] = DAYS_BACK[f.key] ?? [30, 700];
      return days.date(a.day - rng.range(lo, hi));
    }
    case 'text': {
      let s: string;
      const pool = V.TEXTS[f.key];
      if (pool) s = rng.pick(pool);
      else if (/phone/i.test(f.key)) s = mobile(rng);
      else if (f.key === 'disabilityCertNo') s = a.res.idNumber + rng.range(11, 44);
      else if (f.key === 'creditCode') s = `91310101${hex(rng, 10).toUpperCase()}`;
      else if (f.key === 'assessmentAddress') s = a.res.address;
      else if (f.key === 'guardianName') s = surnames.pick(rng) + rng.pick(V.GIVEN.male.mid);
      else if (f.key === 'emergencyContact') s = `${surnames.pick(rng)}${rng.pick(V.GIVEN.female.mid)} ${mobile(rng)}`;
      else s = '无';
      // a string no longer than the limit in UTF-16 units is within it in characters too
      const max = f.maxLength ?? 200;
      return s.length <= max ? s : Array.from(s).slice(0, max).join('');
    }
  }
}

/** A value filled in at the decision, or undefined when the reviewer leaves the field alone. */
export function decisionValue(
  f: FormField,
  approve: boolean,
  itemCode: string,
  householdSize: unknown,
  rng: Rng,
): string | number | undefined {
  if (f.type === 'select') {
    const opts = optionValues(f);
    return approve ? opts[Math.min(opts.length - 1, 2 + rng.int(Math.max(1, opts.length - 2)))]! : opts[rng.int(Math.min(2, opts.length))]!;
  }
  if (approve && (f.type === 'money' || f.type === 'number')) {
    const [lo, hi] = APPROVED_AMOUNTS[itemCode] ?? [100, 1000];
    const size = typeof householdSize === 'number' ? householdSize : 1;
    return rng.range(lo / 10, hi / 10) * 10 * (itemCode === 'MZ-DB-001' ? Math.min(size, 4) : 1);
  }
  return undefined;
}
