/**
 * A second application for a benefit the person already receives (a recurring benefit
 * being paid, or an approved case of a service item, see precheck's activeBenefits) is
 * normally not taken in: the intake screen proposes 不予受理 with this reason, and taking
 * it in anyway (a change of circumstances, a correction) needs the clerk's explicit
 * confirmation with a reason, which the case's timeline and the audit keep.
 *
 * Items with their own repeat rule (临时救助: once per cause and year) are judged by that
 * rule instead: a second 临时救助 for another cause is no duplicate.
 */
import type { ItemVersion } from '../catalogue/catalogue';
import { conflict } from '../kernel/errors';
import type { Decision } from '../shared/vocabulary';
import type { ActiveBenefit } from './precheck';

export interface DuplicateBenefit {
  itemCode: string;
  itemName: string;
  caseNo: string;
  source: ActiveBenefit['source'];
  /** 'YYYY-MM' start month of a paid benefit, 'YYYY-MM-DD' approval day of a service */
  since: string;
  /** the 不予受理 reason the intake screen proposes */
  refusalReason: string;
}

export interface DuplicateConfirmation {
  reason: string;
}

export function duplicateBenefit(item: Pick<ItemVersion, 'code' | 'repeatRule'>, benefits: readonly ActiveBenefit[]): DuplicateBenefit | null {
  if (item.repeatRule) return null;
  const b = benefits.find((x) => x.itemCode === item.code);
  if (!b) return null;
  const held = b.source === 'beneficiary' ? `已享受${b.itemName}（办件 ${b.caseNo}，自${b.since}起）` : `已获批${b.itemName}（办件 ${b.caseNo}，${b.since}办结）`;
  return { itemCode: b.itemCode, itemName: b.itemName, caseNo: b.caseNo, source: b.source, since: b.since, refusalReason: `申请人${held}，不予重复受理` };
}

/**
 * Taking the application in (any decision but 不予受理) for a person who already receives
 * the benefit is refused unless confirmed; returns what the intake records.
 */
export function checkDuplicateIntake(
  duplicate: DuplicateBenefit | null,
  decision: Decision,
  confirm: DuplicateConfirmation | undefined,
): (DuplicateConfirmation & { itemCode: string; caseNo: string }) | null {
  if (!duplicate || decision === 'refuse') return null;
  if (!confirm) {
    throw conflict(`${duplicate.refusalReason}：如情况有变化确需受理，请勾选“情况有变化，确认仍予受理”并写明理由`, {
      rule: 'duplicate_benefit',
      duplicate,
    });
  }
  return { reason: confirm.reason, itemCode: duplicate.itemCode, caseNo: duplicate.caseNo };
}
