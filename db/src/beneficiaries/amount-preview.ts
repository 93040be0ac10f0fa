/**
 * What an approval of a case would pay, shown on the approval form before the reviewer
 * decides: the amount and where it comes from, the age tier, the next automatic step
 * ("满80周岁后自2027-05起每月180元") and the item's amount range. The same functions as the
 * approval itself (resolveAmount, tier-steps.ts), so the hint cannot disagree with what is
 * then recorded.
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../catalogue/catalogue';
import { matchTier, tierLabel } from '../catalogue/definition';
import type { FormValues } from '../catalogue/form-values';
import { getCaseRow } from '../cases/store';
import { AppError, notFound } from '../kernel/errors';
import { requireResidentRow } from '../residents/residents';
import { checkAgeTier } from './age-tiers';
import { amountRangeLabel } from './amount-range';
import { resolveAmount } from './beneficiaries';
import { addMonths, monthOf, toYuan } from './months';
import { paidAge, stepFromOf, tierStepsAfter } from './tier-steps';

export interface AmountPreview {
  recurring: boolean;
  startMonth: string;
  /** yuan; null when the reviewer must type it (or the item is not paid monthly) */
  amount: number | null;
  source: 'field' | 'age_tier' | 'default' | 'approval' | null;
  /** the tier the start month is paid at, e.g. 70–79岁 */
  tier: string | null;
  age: number | null;
  stepFrom: 'birthday_month' | 'next_month' | null;
  /** the steps after the start month, first first */
  steps: { effectiveMonth: string; age: number; amount: number; text: string }[];
  /** 每月 100–1500 元, when the item declares a range for typed amounts */
  range: string | null;
  /** why an approval from this month would be refused by the age rule, or null */
  refusal: string | null;
}

export function amountPreview(db: Database.Database, caseId: number, today: string, startMonth?: string): AmountPreview {
  const c = getCaseRow(db, caseId);
  if (!c) throw notFound(`没有编号为 ${caseId} 的办件`, { caseId });
  const item = getItemVersion(db, c.item_code, c.item_version);
  const start = startMonth ?? addMonths(monthOf(today), 1);
  const r = item.recurring;
  const empty: AmountPreview = { recurring: false, startMonth: start, amount: null, source: null, tier: null, age: null, stepFrom: null, steps: [], range: null, refusal: null };
  if (!r) return empty;
  const birth = requireResidentRow(db, c.resident_id).birth_date;
  const values = JSON.parse(c.form_values) as FormValues;
  let refusal: string | null = null;
  try {
    checkAgeTier(item, values, birth, today, start, undefined);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    refusal = err.message;
  }
  const amount = resolveAmount(item, values, birth, start, undefined);
  const tiered = amount?.source === 'age_tier';
  const age = r.ageTiers?.length ? paidAge(r, birth, start) : null;
  const tier = tiered && age !== null ? matchTier(r, age) : undefined;
  return {
    ...empty,
    recurring: true,
    amount: amount ? toYuan(amount.fen) : null,
    source: amount?.source ?? null,
    tier: tier ? tierLabel(tier) : null,
    age,
    stepFrom: r.ageTiers?.length ? stepFromOf(r) : null,
    steps: tiered
      ? tierStepsAfter(r, birth, start).map((s) => ({
          effectiveMonth: s.month,
          age: s.age,
          amount: toYuan(s.fen),
          text: `满${s.age}周岁后自${s.month}起每月${toYuan(s.fen)}元`,
        }))
      : [],
    range: amountRangeLabel(r),
    refusal,
  };
}
