/**
 * Recurring benefits (在保): who is paid what from which month, and every change. The
 * amount of a month is the amount of the latest start or change effective on or before
 * it; a benefit is paid from its start month up to, not including, its stop month.
 */
import type Database from 'better-sqlite3';
import type { ItemVersion } from '../catalogue/catalogue';
import { tierAmount } from '../catalogue/definition';
import { gradeAmount, gradeOf } from '../catalogue/grade-amounts';
import type { FormValues } from '../catalogue/form-values';
import type { Ctx } from '../kernel/handler';
import { conflict, notFound, validationError } from '../kernel/errors';
import { maskIdNumber } from '../privacy/mask';
import { requireResidentRow } from '../residents/residents';
import { prepared } from '../kernel/prepared';
import { checkAgeTier } from './age-tiers';
import { checkAmountRange } from './amount-range';
import { dropTierStepsFrom, paidAge, scheduleTierSteps } from './tier-steps';
import { addMonths, monthOf, toFen, toYuan } from './months';
import { assertNotExcluded } from './exclusions';
import { proposalsOf, proposalView, type ProposalView } from './proposals';
import { reviewSummary, type ReviewSummary } from './reviews';

export interface BeneficiaryRow {
  id: number;
  resident_id: number;
  item_code: string;
  case_id: number;
  amount_fen: number;
  amount_source: 'field' | 'age_tier' | 'default' | 'approval';
  start_month: string;
  status: 'active' | 'stopped';
  stop_month: string | null;
  stop_reason: string | null;
  annual_review: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface ChangeRow {
  id: number;
  beneficiary_id: number;
  kind: 'start' | 'change' | 'stop';
  effective_month: string;
  amount_fen: number | null;
  reason: string;
  case_id: number | null;
  actor_id: number;
  actor_name: string;
  at: string;
  /** 'age_tier': a step to a new age tier recorded at approval (tier-steps.ts); null for a decision */
  rule: 'age_tier' | null;
}

export function getBeneficiaryRow(db: Database.Database, id: number): BeneficiaryRow | undefined {
  return prepared<{ id: number }, BeneficiaryRow>(db, 'SELECT * FROM beneficiaries WHERE id = @id').get({ id });
}

export function requireBeneficiary(db: Database.Database, id: number): BeneficiaryRow {
  const row = getBeneficiaryRow(db, id);
  if (!row) throw notFound(`没有编号为 ${id} 的享受对象记录`, { id });
  return row;
}

export function beneficiaryOfCase(db: Database.Database, caseId: number): BeneficiaryRow | undefined {
  return prepared(
    db,
    `SELECT b.* FROM beneficiaries b WHERE b.case_id = @caseId
     UNION ALL
     SELECT b.* FROM beneficiary_changes ch JOIN beneficiaries b ON b.id = ch.beneficiary_id WHERE ch.case_id = @caseId AND b.case_id <> @caseId
     LIMIT 1`,
  ).get({ caseId }) as BeneficiaryRow | undefined;
}

export function changesOf(db: Database.Database, beneficiaryId: number): ChangeRow[] {
  return prepared<{ beneficiaryId: number }, ChangeRow>(db, 'SELECT * FROM beneficiary_changes WHERE beneficiary_id = @beneficiaryId ORDER BY id').all({ beneficiaryId });
}

/** The amount paid for `month` (fen), or null when the benefit is not paid that month. */
export function amountInMonth(row: BeneficiaryRow, changes: readonly ChangeRow[], month: string): number | null {
  if (month < row.start_month || (row.stop_month !== null && month >= row.stop_month)) return null;
  return amountInForce(changes, month);
}

/** The amount of the latest start or change effective by `month`, whether or not the benefit is paid then. */
function amountInForce(changes: readonly ChangeRow[], month: string): number | null {
  let amount: number | null = null;
  let from = '';
  for (const c of changes) {
    if (c.kind === 'stop' || c.effective_month > month) continue;
    // Later rows win among equal months: a correction recorded after a change replaces it.
    if (c.effective_month >= from) {
      from = c.effective_month;
      amount = c.amount_fen;
    }
  }
  return amount;
}

export function insertChange(ctx: Ctx, c: Omit<ChangeRow, 'id' | 'actor_id' | 'actor_name' | 'at' | 'rule'>): void {
  prepared(
    ctx.db,
    `INSERT INTO beneficiary_changes (beneficiary_id, kind, effective_month, amount_fen, reason, case_id, actor_id, actor_name, at)
     VALUES (@beneficiary_id, @kind, @effective_month, @amount_fen, @reason, @case_id, @actor_id, @actor_name, @at)`,
  ).run({ ...c, actor_id: ctx.session!.userId, actor_name: ctx.session!.displayName, at: ctx.now().toISOString() });
}

export interface BenefitStart {
  /** yuan; used when neither the form, an age tier nor a default gives the amount */
  monthlyAmount?: number | undefined;
  startMonth?: string | undefined;
}

/**
 * The monthly amount an approval pays, first match wins: the item's amount field in the
 * form, the amount of the grade in the form (grade-amounts.ts), the age tier (of the age the
 * start month is paid at, tier-steps.ts: a resident who reaches a tier's age during that month
 * is paid at it from that month or the next, as the item declares), the item's default, the
 * approver's amount.
 */
export function resolveAmount(
  item: ItemVersion,
  values: FormValues,
  birthDate: string,
  startMonth: string,
  given: number | undefined,
): { fen: number; source: BeneficiaryRow['amount_source'] } | null {
  const r = item.recurring!;
  const field = r.amountField ? values[r.amountField] : undefined;
  if (typeof field === 'number') return { fen: toFen(field), source: 'field' };
  const graded = gradeAmount(r, gradeOf(r, values) ?? '');
  if (graded !== undefined) return { fen: toFen(graded), source: 'field' }; // from the form's grade
  const tier = r.ageTiers?.length ? tierAmount(r, paidAge(r, birthDate, startMonth)) : null;
  if (tier !== null) return { fen: toFen(tier), source: 'age_tier' };
  if (r.defaultMonthlyAmount !== undefined) return { fen: toFen(r.defaultMonthlyAmount), source: 'default' };
  if (given !== undefined) return { fen: toFen(given), source: 'approval' };
  return null;
}

/**
 * Makes the applicant of an approved case of a recurring item a beneficiary. A resident
 * already paid for the same item (e.g. a re-application) keeps one record: the new case
 * records a change of amount on it rather than a second, parallel payment.
 */
export function startBenefit(
  ctx: Ctx,
  c: { id: number; case_no: string; resident_id: number; received_on: string },
  item: ItemVersion,
  values: FormValues,
  approvedOn: string,
  opts: BenefitStart,
): BeneficiaryRow {
  const resident = requireResidentRow(ctx.db, c.resident_id);
  const startMonth = opts.startMonth ?? addMonths(monthOf(approvedOn), 1);
  if (startMonth < monthOf(c.received_on)) {
    throw validationError([{ path: 'startMonth', message: `起始月份不能早于申请月份（${monthOf(c.received_on)}）` }]);
  }
  checkAgeTier(item, values, resident.birth_date, approvedOn, startMonth, opts.monthlyAmount);
  assertNotExcluded(ctx.db, item, c.resident_id, startMonth);
  const amount = resolveAmount(item, values, resident.birth_date, startMonth, opts.monthlyAmount);
  if (!amount) {
    const hint = item.recurring?.amountField ? `填写“${item.fields.find((f) => f.key === item.recurring!.amountField)?.label ?? item.recurring!.amountField}”或` : '';
    throw validationError([{ path: 'monthlyAmount', message: `${item.name}按月发放：请${hint}给出月发放金额` }]);
  }
  checkAmountRange(item, amount);
  const nowIso = ctx.now().toISOString();
  const existing = prepared<{ r: number; i: string }, BeneficiaryRow>(ctx.db, "SELECT * FROM beneficiaries WHERE resident_id = @r AND item_code = @i AND status = 'active'").get({
    r: c.resident_id,
    i: item.code,
  });
  if (existing) {
    const month = startMonth < existing.start_month ? existing.start_month : startMonth;
    // The re-approval decides the amount anew: steps scheduled by the earlier approval from
    // its month on would otherwise override it with the old version's tiers.
    dropTierStepsFrom(ctx.db, existing.id, month);
    insertChange(ctx, { beneficiary_id: existing.id, kind: 'change', effective_month: month, amount_fen: amount.fen, reason: `重新审批（办件 ${c.case_no}）`, case_id: c.id });
    if (amount.source === 'age_tier') scheduleTierSteps(ctx, existing.id, item, resident.birth_date, month, c.id);
    prepared(ctx.db, 'UPDATE beneficiaries SET updated_at = @nowIso WHERE id = @id').run({ id: existing.id, nowIso });
    return requireBeneficiary(ctx.db, existing.id);
  }
  const id = Number(
    prepared(
      ctx.db,
      `INSERT INTO beneficiaries (resident_id, item_code, case_id, amount_fen, amount_source, start_month, status, annual_review, created_at, updated_at)
       VALUES (@resident_id, @item_code, @case_id, @amount_fen, @amount_source, @start_month, 'active', @annual_review, @nowIso, @nowIso)`,
    ).run({
      resident_id: c.resident_id,
      item_code: item.code,
      case_id: c.id,
      amount_fen: amount.fen,
      amount_source: amount.source,
      start_month: startMonth,
      annual_review: item.annualReview ? 1 : 0,
      nowIso,
    }).lastInsertRowid,
  );
  insertChange(ctx, { beneficiary_id: id, kind: 'start', effective_month: startMonth, amount_fen: amount.fen, reason: `审批通过（办件 ${c.case_no}）`, case_id: c.id });
  if (amount.source === 'age_tier') scheduleTierSteps(ctx, id, item, resident.birth_date, startMonth, c.id);
  return requireBeneficiary(ctx.db, id);
}

/**
 * The month of the latest decision. Automatic age-tier steps do not count: they are the
 * item's rule, not a decision a later change could contradict, so a manual change before
 * the birthday stays possible. Such a change does not cancel the steps after it: the
 * resident still reaches the next tier (paid from its month on), and a reviewer who wants
 * another amount after that proposes a change from that month or later.
 */
function latestEffective(changes: readonly ChangeRow[]): string {
  return changes.reduce((m, c) => (c.rule === null && c.effective_month > m ? c.effective_month : m), '');
}

/**
 * Refuses a change or stop the benefit's recorded history does not allow. Checked when it
 * is proposed and again when it is confirmed: a re-approval may have come in between.
 */
export function assertChangeAllowed(db: Database.Database, row: BeneficiaryRow, kind: 'change' | 'stop', fromMonth: string): void {
  const id = row.id;
  if (row.status === 'stopped') {
    throw kind === 'change'
      ? conflict(`该享受对象已于 ${row.stop_month} 起停发，不能再变更金额`, { id, stopMonth: row.stop_month })
      : conflict(`该享受对象已于 ${row.stop_month} 起停发`, { id, stopMonth: row.stop_month });
  }
  if (kind === 'stop' && fromMonth < row.start_month) {
    throw validationError([{ path: 'fromMonth', message: `停发月份不能早于起始月份（${row.start_month}）` }]);
  }
  const latest = latestEffective(changesOf(db, id));
  if (fromMonth < latest) {
    throw validationError([{ path: 'fromMonth', message: `${kind === 'change' ? '生效' : '停发'}月份不能早于最近一次变动的生效月份（${latest}）` }]);
  }
}

/** Records a confirmed change of amount (see proposals.ts: never called without a second person). */
export function changeAmount(ctx: Ctx, id: number, input: { monthlyAmount: number; fromMonth: string; reason: string }): BeneficiaryRow {
  assertChangeAllowed(ctx.db, requireBeneficiary(ctx.db, id), 'change', input.fromMonth);
  insertChange(ctx, { beneficiary_id: id, kind: 'change', effective_month: input.fromMonth, amount_fen: toFen(input.monthlyAmount), reason: input.reason, case_id: null });
  prepared(ctx.db, 'UPDATE beneficiaries SET updated_at = @nowIso WHERE id = @id').run({ id, nowIso: ctx.now().toISOString() });
  return requireBeneficiary(ctx.db, id);
}

/** Records a confirmed stop (see proposals.ts). */
export function stopBenefit(ctx: Ctx, id: number, input: { fromMonth: string; reason: string }): BeneficiaryRow {
  assertChangeAllowed(ctx.db, requireBeneficiary(ctx.db, id), 'stop', input.fromMonth);
  insertChange(ctx, { beneficiary_id: id, kind: 'stop', effective_month: input.fromMonth, amount_fen: null, reason: input.reason, case_id: null });
  prepared(
    ctx.db,
    "UPDATE beneficiaries SET status = 'stopped', stop_month = @m, stop_reason = @reason, updated_at = @nowIso WHERE id = @id",
  ).run({ id, m: input.fromMonth, reason: input.reason, nowIso: ctx.now().toISOString() });
  return requireBeneficiary(ctx.db, id);
}

export interface BeneficiaryView {
  id: number;
  resident: { id: number; name: string; idNumber: string };
  itemCode: string;
  itemName: string;
  caseId: number;
  caseNo: string;
  /** 'active': being paid or about to start; 'stopping': a stop is recorded for a later month; 'stopped' */
  status: 'active' | 'stopping' | 'stopped';
  startMonth: string;
  stopMonth: string | null;
  stopReason: string | null;
  /** yuan, for `amountMonth` (null when not paid that month) */
  monthlyAmount: number | null;
  /** 'YYYY-MM': the month monthlyAmount is for (the input's `month`, else the current month) */
  amountMonth: string;
  /**
   * yuan, the latest amount decided (may take effect later), or the amount of an age-tier
   * step already reached by amountMonth; steps still to come are in nextStep
   */
  latestAmount: number;
  /** the next automatic age-tier step after amountMonth, while the benefit is paid then */
  nextStep: { effectiveMonth: string; amount: number; reason: string } | null;
  amountSource: BeneficiaryRow['amount_source'];
  annualReview: boolean;
  history: {
    id: number;
    kind: ChangeRow['kind'];
    effectiveMonth: string;
    amount: number | null;
    reason: string;
    caseId: number | null;
    by: string;
    at: string;
    /** for a change or stop: who proposed it (`by` confirmed it); null for older rows and approvals */
    proposedBy: string | null;
    /** 'age_tier': a step to a new age tier recorded at approval, effective by itself; null for a decision */
    rule: ChangeRow['rule'];
  }[];
  /** a change or stop proposed and awaiting a second person; not paid, not in any roster */
  pendingChange: ProposalView | null;
  /** annual review (复核): next due month, grade in force, reviews recorded */
  review: ReviewSummary;
  /** what the bank's returns (银行回盘) reported per month, latest first: paid or failed */
  payments: { month: string; result: 'paid' | 'failed'; amount: number; reason: string | null }[];
}

/** The amount of the latest non-stop row effective by `month`, ignoring the start and stop months. */
/** `amountMonth` ('YYYY-MM') defaults to the month of `today`. */
export function beneficiaryView(db: Database.Database, row: BeneficiaryRow, today: string, amountMonth?: string): BeneficiaryView {
  const resident = requireResidentRow(db, row.resident_id);
  const meta = prepared(db, 'SELECT case_no, item_name FROM cases WHERE id = @id').get({ id: row.case_id }) as { case_no: string; item_name: string };
  // Steps from the stop month on were never reached: a stop ends them.
  const changes = changesOf(db, row.id).filter((c) => c.rule === null || row.stop_month === null || c.effective_month < row.stop_month);
  const month = monthOf(today);
  const viewed = amountMonth ?? month;
  const current = amountInMonth(row, changes, viewed);
  const decided = latestEffective(changes);
  const latest = amountInForce(changes, viewed > decided ? viewed : decided);
  const next = changes
    .filter((c) => c.rule !== null && c.effective_month > viewed)
    .sort((a, b) => (a.effective_month < b.effective_month ? -1 : a.effective_month > b.effective_month ? 1 : a.id - b.id))[0];
  const proposals = proposalsOf(db, row.id);
  const proposers = new Map(proposals.filter((p) => p.change_id !== null).map((p) => [p.change_id!, p.proposed_by_name]));
  const pending = proposals.find((p) => p.status === 'pending');
  // The latest imported result of each month (db/src/payments).
  const payments = (
    prepared(
      db,
      `SELECT month, result, amount_fen, reason FROM payment_results pr
        WHERE beneficiary_id = @id AND id = (SELECT max(x.id) FROM payment_results x WHERE x.beneficiary_id = pr.beneficiary_id AND x.month = pr.month)
        ORDER BY month DESC`,
    ).all({ id: row.id }) as { month: string; result: 'paid' | 'failed'; amount_fen: number; reason: string | null }[]
  ).map((p) => ({ month: p.month, result: p.result, amount: toYuan(p.amount_fen), reason: p.reason }));
  return {
    payments,
    id: row.id,
    resident: { id: resident.id, name: resident.name, idNumber: maskIdNumber(resident.id_number) },
    itemCode: row.item_code,
    itemName: meta.item_name,
    caseId: row.case_id,
    caseNo: meta.case_no,
    status: row.status === 'active' ? 'active' : row.stop_month! > month ? 'stopping' : 'stopped',
    startMonth: row.start_month,
    stopMonth: row.stop_month,
    stopReason: row.stop_reason,
    monthlyAmount: current === null ? null : toYuan(current),
    amountMonth: viewed,
    latestAmount: toYuan(latest ?? row.amount_fen),
    nextStep: next ? { effectiveMonth: next.effective_month, amount: toYuan(next.amount_fen!), reason: next.reason } : null,
    amountSource: row.amount_source,
    annualReview: row.annual_review === 1,
    history: changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      effectiveMonth: c.effective_month,
      amount: c.amount_fen === null ? null : toYuan(c.amount_fen),
      reason: c.reason,
      caseId: c.case_id,
      by: c.actor_name,
      at: c.at,
      proposedBy: proposers.get(c.id) ?? null,
      rule: c.rule,
    })),
    pendingChange: pending ? proposalView(pending) : null,
    review: reviewSummary(db, row),
  };
}

/** Annual reviews (复核) falling due in [from, to], counted from the last review (reviews.ts). */
export { reviewsDue } from './reviews';
