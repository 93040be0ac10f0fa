/**
 * The range an item declares for its monthly amount (recurring.minMonthlyAmount /
 * maxMonthlyAmount): an amount a person types (at approval, or in the item's amount field)
 * must lie in it. A slip of the keyboard (1500 for 150) used to be paid as typed. Amounts
 * from the item itself (a tier, the default) are the item's own and are not checked.
 */
import type { ItemVersion } from '../catalogue/catalogue';
import type { Recurring } from '../catalogue/definition';
import { validationError } from '../kernel/errors';
import { toFen, toYuan } from './months';

/** 每月 100–1500 元 / 每月不低于 100 元 / 每月不超过 1500 元, or null when the item sets no range. */
export function amountRangeLabel(r: Recurring | null | undefined): string | null {
  const min = r?.minMonthlyAmount;
  const max = r?.maxMonthlyAmount;
  if (min !== undefined && max !== undefined) return `每月 ${min}–${max} 元`;
  if (min !== undefined) return `每月不低于 ${min} 元`;
  if (max !== undefined) return `每月不超过 ${max} 元`;
  return null;
}

export function checkAmountRange(item: ItemVersion, amount: { fen: number; source: 'field' | 'age_tier' | 'default' | 'approval' }): void {
  const r = item.recurring;
  if (!r || (amount.source !== 'approval' && amount.source !== 'field')) return;
  const below = r.minMonthlyAmount !== undefined && amount.fen < toFen(r.minMonthlyAmount);
  const above = r.maxMonthlyAmount !== undefined && amount.fen > toFen(r.maxMonthlyAmount);
  if (!below && !above) return;
  const field = amount.source === 'field' ? item.fields.find((f) => f.key === r.amountField) : undefined;
  const what = field ? `“${field.label}”` : '月发放金额';
  throw validationError([
    {
      path: field ? `values.${field.key}` : 'monthlyAmount',
      message: `${item.name}的${what}超出本事项规定的范围（${amountRangeLabel(r)}），不能为 ${toYuan(amount.fen)} 元`,
    },
  ]);
}
