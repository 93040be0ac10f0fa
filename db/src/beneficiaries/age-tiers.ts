/**
 * Approval of a benefit paid by age tier (老年综合津贴, 高龄营养费, any item whose
 * definition lists ageTiers): the applicant must be in a tier on the approval date, and an
 * amount the approver types must be the tier's. Without these a case taken in for the
 * wrong age used to fall through to "the approver sets the amount" and paid whatever was
 * typed.
 */
import type { ItemVersion } from '../catalogue/catalogue';
import { matchTier, tierLabel, tiersLabel } from '../catalogue/definition';
import type { FormValues } from '../catalogue/form-values';
import { conflict, validationError } from '../kernel/errors';
import { ageOn } from '../shared/age';
import { addMonths, toFen } from './months';
import { paidAge as paidAgeOf, stepFromOf } from './tier-steps';

export function checkAgeTier(item: ItemVersion, values: FormValues, birthDate: string, approvedOn: string, startMonth: string, given: number | undefined): void {
  const r = item.recurring;
  const tiers = r?.ageTiers;
  if (!r || !tiers?.length) return;
  const age = ageOn(birthDate, approvedOn);
  if (!matchTier(r, age)) {
    throw conflict(`申请人审批日年龄${age}岁，不在${item.name}任何年龄档（${tiersLabel(tiers)}）内，不能审批通过`, {
      rule: 'age_tier',
      age,
      tiers,
    });
  }
  // The amount is the tier of the age the start month is paid at (resolveAmount, by the
  // item's tierStepFrom); a last tier with an upper bound may be left by then.
  const paidAge = paidAgeOf(r, birthDate, startMonth);
  const tier = matchTier(r, paidAge);
  if (!tier) {
    const when = stepFromOf(r) === 'next_month' ? `${addMonths(startMonth, -1)} 月末` : `${startMonth} 月末`;
    throw conflict(`申请人在 ${when}年龄${paidAge}岁，不在${item.name}任何年龄档（${tiersLabel(tiers)}）内，不能自该月起发放`, {
      rule: 'age_tier',
      age: paidAge,
      tiers,
    });
  }
  // A value in the item's amount field pays instead of the tier (resolveAmount): nothing typed at approval is used then.
  const fieldPays = r.amountField !== undefined && typeof values[r.amountField] === 'number';
  if (given !== undefined && !fieldPays && toFen(given) !== toFen(tier.monthlyAmount)) {
    throw validationError([
      { path: 'monthlyAmount', message: `${item.name}按年龄档发放：${paidAge}岁（${tierLabel(tier)}）每月 ${tier.monthlyAmount} 元，不能填写 ${given} 元` },
    ]);
  }
}
