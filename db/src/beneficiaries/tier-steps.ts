/**
 * Age tiers step up by themselves (老年综合津贴: 150 元 at 70–79, 180 元 from 80). One rule
 * says which age a month is paid at, used by the approval (resolveAmount, checkAgeTier) and
 * by every later step alike: the age on the last day of the month itself
 * (tierStepFrom 'birthday_month', what approvals always did) or of the month before
 * ('next_month': paid at the new tier from the month after the birthday, as Shanghai does).
 *
 * The steps are recorded at approval as rows of beneficiary_changes (kind 'change',
 * rule 'age_tier', the reason naming the birthday) rather than worked out per row when a
 * roster is read: amountInMonth, the roster's PAID_IN_MONTH_SQL and the monthly totals that
 * migration 0010's triggers keep then all stay right with no age arithmetic, the roster
 * stays a plain SELECT (issue 15 measures it), and the history shows each step with its
 * reason before it happens. The steps follow the item version the benefit was approved
 * under, as its first amount does; a re-approval replaces the steps not yet reached.
 */
import type Database from 'better-sqlite3';
import type { ItemVersion } from '../catalogue/catalogue';
import { matchTier, tierLabel, type AgeTier, type Recurring, type TierStepFrom } from '../catalogue/definition';
import type { Ctx } from '../kernel/handler';
import { prepared } from '../kernel/prepared';
import { ageOn } from '../shared/age';
import { addMonths, lastDayOf, monthOf, toFen } from './months';

export const AGE_TIER_RULE = 'age_tier';

export const stepFromOf = (r: Recurring): TierStepFrom => r.tierStepFrom ?? 'birthday_month';

/** The age a month's amount is taken from, under the item's rule. */
export function paidAge(r: Recurring, birthDate: string, month: string): number {
  return ageOn(birthDate, lastDayOf(stepFromOf(r) === 'next_month' ? addMonths(month, -1) : month));
}

/** The day the resident turns `age` (a 29 February birthday turns over on 1 March, as ageOn). */
export function birthdayAt(birthDate: string, age: number): string {
  const year = Number(birthDate.slice(0, 4)) + age;
  const md = birthDate.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${md === '02-29' && !leap ? '03-01' : md}`;
}

export interface TierStep {
  month: string;
  age: number;
  birthday: string;
  tier: AgeTier;
  fen: number;
  reason: string;
}

/** 年满80周岁，按新年龄档发放（80–89岁，每月180元；生日 2027-04-15）. */
export function stepReason(age: number, tier: AgeTier, birthday: string): string {
  return `年满${age}周岁，按新年龄档发放（${tierLabel(tier)}，每月${tier.monthlyAmount}元；${age}周岁生日 ${birthday}）`;
}

/**
 * Every change of tier after `fromMonth` (exclusive), in order: the first month paid at
 * each tier the resident reaches later. A tier with the same amount as the one before is
 * no step; an age past every tier is no step either (the benefit is not stopped by itself:
 * a reviewer stops it, as any stop).
 */
export function tierStepsAfter(r: Recurring, birthDate: string, fromMonth: string): TierStep[] {
  const tiers = r.ageTiers ?? [];
  if (!tiers.length) return [];
  let current = matchTier(r, paidAge(r, birthDate, fromMonth));
  const out: TierStep[] = [];
  for (const t of tiers) {
    const birthday = birthdayAt(birthDate, t.minAge);
    const month = stepFromOf(r) === 'next_month' ? addMonths(monthOf(birthday), 1) : monthOf(birthday);
    if (month <= fromMonth) continue;
    if (current === undefined || toFen(current.monthlyAmount) !== toFen(t.monthlyAmount)) {
      out.push({ month, age: t.minAge, birthday, tier: t, fen: toFen(t.monthlyAmount), reason: stepReason(t.minAge, t, birthday) });
    }
    current = t;
  }
  return out;
}

/** The steps of a benefit paid by age tier from `startMonth`, recorded as changes of its history. */
export function scheduleTierSteps(ctx: Ctx, beneficiaryId: number, item: ItemVersion, birthDate: string, startMonth: string, caseId: number): TierStep[] {
  const steps = tierStepsAfter(item.recurring!, birthDate, startMonth);
  const insert = prepared(
    ctx.db,
    `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at, rule)
     VALUES (@beneficiaryId, 'change', @month, @fen, @reason, @caseId, @actorId, @actorName, @at, '${AGE_TIER_RULE}')`,
  );
  for (const s of steps) {
    insert.run({
      beneficiaryId,
      month: s.month,
      fen: s.fen,
      reason: s.reason,
      caseId,
      actorId: ctx.session!.userId,
      actorName: ctx.session!.displayName,
      at: ctx.now().toISOString(),
    });
  }
  return steps;
}

/**
 * Drops the automatic steps from `month` on: a re-approval decides the amount anew and
 * schedules its own. Steps not yet reached were never paid, so nothing paid is rewritten.
 */
export function dropTierStepsFrom(db: Database.Database, beneficiaryId: number, month: string): void {
  prepared(db, `DELETE FROM beneficiary_changes WHERE beneficiary_id = @beneficiaryId AND rule = '${AGE_TIER_RULE}' AND effective_month >= @month`).run({ beneficiaryId, month });
}
