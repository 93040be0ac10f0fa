/**
 * Annual review (复核) of a recurring benefit whose item asks for it: due a year after the
 * start month, then a year after the last review. A review is a record on the benefit, not
 * a case: it decides nothing new about eligibility from an application, it re-checks a
 * running payment, and its money consequences already have a home (the two-person
 * proposals of proposals.ts, then beneficiary_changes, which the roster reads).
 *
 * confirm: done at once, the benefit continues. change / stop: the review records a
 * proposal; it counts as done only once a second person confirms the proposal, and a
 * rejected proposal leaves the benefit due again.
 */
import type Database from 'better-sqlite3';
import { getItemVersion } from '../catalogue/catalogue';
import { gradeAmount, gradeOf } from '../catalogue/grade-amounts';
import type { FormValues } from '../catalogue/form-values';
import type { Ctx } from '../kernel/handler';
import { conflict, validationError } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import type { BeneficiaryRow } from './beneficiaries';
import { requireBeneficiary } from './beneficiaries';
import { addMonths, monthOf, toFen, toYuan } from './months';
import { getProposal, propose, type ProposalRow } from './proposals';

export interface ReviewRow {
  id: number;
  beneficiary_id: number;
  due_month: string;
  outcome: 'confirm' | 'change' | 'stop';
  reviewed_on: string;
  opinion: string;
  grade: string | null;
  amount_fen: number | null;
  from_month: string | null;
  proposal_id: number | null;
  reviewer_id: number;
  reviewer_name: string;
  at: string;
}

export interface ReviewView {
  id: number;
  dueMonth: string;
  outcome: ReviewRow['outcome'];
  reviewedOn: string;
  opinion: string;
  grade: string | null;
  /** yuan; the new amount of a change */
  monthlyAmount: number | null;
  fromMonth: string | null;
  reviewedBy: string;
  /** 'done': in force (a confirm, or a change/stop a second person confirmed); 'pending'; 'rejected' */
  status: 'done' | 'pending' | 'rejected';
  proposalId: number | null;
  /** who confirmed or rejected the change/stop (null for a confirm or while pending) */
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
}

export interface ReviewSummary {
  /** the month the next review falls due (may be past: overdue); null when the item has no annual review or the benefit stops first */
  nextDueMonth: string | null;
  /** the assessed grade in force, for an item paid by grade */
  grade: string | null;
  pending: ReviewView | null;
  history: ReviewView[];
}

const reviewsOf = (db: Database.Database, beneficiaryId: number) =>
  prepared<{ beneficiaryId: number }, ReviewRow>(db, 'SELECT * FROM benefit_reviews WHERE beneficiary_id = @beneficiaryId ORDER BY id').all({ beneficiaryId });

function statusOf(r: ReviewRow, p: ProposalRow | undefined): ReviewView['status'] {
  if (r.outcome === 'confirm') return 'done';
  return p?.status === 'confirmed' ? 'done' : p?.status === 'rejected' ? 'rejected' : 'pending';
}

function reviewView(db: Database.Database, r: ReviewRow): ReviewView {
  const p = r.proposal_id === null ? undefined : getProposal(db, r.proposal_id);
  return {
    id: r.id,
    dueMonth: r.due_month,
    outcome: r.outcome,
    reviewedOn: r.reviewed_on,
    opinion: r.opinion,
    grade: r.grade,
    monthlyAmount: r.amount_fen === null ? null : toYuan(r.amount_fen),
    fromMonth: r.from_month,
    reviewedBy: r.reviewer_name,
    status: statusOf(r, p),
    proposalId: r.proposal_id,
    decidedBy: p?.decided_by_name ?? null,
    decidedAt: p?.decided_at ?? null,
    rejectReason: p?.reject_reason ?? null,
  };
}

/** The month reviews count from: the last review in force, else the start month. */
function baseMonth(b: BeneficiaryRow, history: readonly ReviewView[]): string {
  const done = history.filter((r) => r.status === 'done').map((r) => monthOf(r.reviewedOn));
  return done.reduce((m, x) => (x > m ? x : m), b.start_month);
}

function caseGrade(db: Database.Database, b: BeneficiaryRow): string | null {
  const c = prepared(db, 'SELECT item_code, item_version, form_values FROM cases WHERE id = @id').get({ id: b.case_id }) as
    | { item_code: string; item_version: number; form_values: string }
    | undefined;
  if (!c) return null;
  const item = getItemVersion(db, c.item_code, c.item_version);
  return gradeOf(item.recurring, JSON.parse(c.form_values) as FormValues) ?? null;
}

export function reviewSummary(db: Database.Database, b: BeneficiaryRow): ReviewSummary {
  const history = reviewsOf(db, b.id).map((r) => reviewView(db, r));
  const next = addMonths(baseMonth(b, history), 12);
  const graded = history.filter((r) => r.status === 'done' && r.grade !== null);
  return {
    nextDueMonth: b.annual_review === 1 && (b.stop_month === null || next < b.stop_month) ? next : null,
    grade: graded.length ? graded[graded.length - 1]!.grade : caseGrade(db, b),
    pending: history.find((r) => r.status === 'pending') ?? null,
    history,
  };
}

/** Annual reviews (复核) falling due in [from, to]: a year after the start or the last review in force, then yearly. */
export function reviewsDue(db: Database.Database, from: string, to: string) {
  const rows = prepared(
    db,
    `SELECT * FROM beneficiaries
     WHERE annual_review = 1 AND start_month <= @latestStart AND (stop_month IS NULL OR stop_month > @from)
     ORDER BY start_month, id`,
  ).all({ latestStart: addMonths(to, -12), from }) as BeneficiaryRow[];
  const out: { beneficiary: BeneficiaryRow; dueMonth: string; cycle: number }[] = [];
  for (const b of rows) {
    const history = reviewsOf(db, b.id).map((r) => reviewView(db, r));
    const base = baseMonth(b, history);
    const done = history.filter((r) => r.status === 'done').length;
    for (let k = 1; ; k++) {
      const due = addMonths(base, 12 * k);
      if (due > to) break;
      if (b.stop_month !== null && due >= b.stop_month) break;
      if (due >= from) out.push({ beneficiary: b, dueMonth: due, cycle: done + k });
    }
  }
  return out.sort((a, b) => (a.dueMonth < b.dueMonth ? -1 : a.dueMonth > b.dueMonth ? 1 : a.beneficiary.id - b.beneficiary.id));
}

/**
 * Reviews due before `month` and still not done: without them an unreviewed benefit would
 * drop off the month's list once its due month has passed, and be paid on unreviewed.
 */
export function reviewsOverdue(db: Database.Database, month: string) {
  const rows = prepared(
    db,
    `SELECT * FROM beneficiaries
     WHERE annual_review = 1 AND status = 'active' AND start_month <= @latestStart
     ORDER BY start_month, id`,
  ).all({ latestStart: addMonths(month, -13) }) as BeneficiaryRow[];
  return rows
    .map((b) => ({ beneficiary: b, dueMonth: reviewSummary(db, b).nextDueMonth }))
    .filter((r): r is { beneficiary: BeneficiaryRow; dueMonth: string } => r.dueMonth !== null && r.dueMonth < month)
    .sort((a, b) => (a.dueMonth < b.dueMonth ? -1 : a.dueMonth > b.dueMonth ? 1 : a.beneficiary.id - b.beneficiary.id));
}

export interface ReviewInput {
  beneficiaryId: number;
  outcome: ReviewRow['outcome'];
  reviewedOn: string;
  opinion: string;
  monthlyAmount?: number | undefined;
  grade?: string | undefined;
  fromMonth?: string | undefined;
}

/** Records a review; a change or stop also records its proposal, in the caller's transaction. */
export function recordReview(ctx: Ctx, input: ReviewInput, today: string): ReviewView {
  const b = requireBeneficiary(ctx.db, input.beneficiaryId);
  if (b.annual_review !== 1) throw conflict('该待遇的事项不要求年度复核', { id: b.id });
  if (b.status === 'stopped') throw conflict(`该享受对象已于 ${b.stop_month} 起停发，不能再复核`, { id: b.id, stopMonth: b.stop_month });
  if (input.reviewedOn > today) throw validationError([{ path: 'reviewedOn', message: `复核日期不能晚于今天（${today}）` }]);
  if (monthOf(input.reviewedOn) < b.start_month) throw validationError([{ path: 'reviewedOn', message: `复核日期不能早于起始月份（${b.start_month}）` }]);
  const summary = reviewSummary(ctx.db, b);
  if (summary.pending) {
    throw conflict(`该享受对象已有一次待确认的复核（${summary.pending.reviewedBy} ${summary.pending.reviewedOn}），请先确认或驳回其变更`, { reviewId: summary.pending.id });
  }
  if (input.outcome === 'confirm') {
    if (input.grade !== undefined || input.monthlyAmount !== undefined || input.fromMonth !== undefined) {
      throw validationError([{ path: 'outcome', message: '复核结论为“维持”时不填写新的等级、金额或生效月份' }]);
    }
  }
  const fromMonth = input.outcome === 'confirm' ? null : (input.fromMonth ?? addMonths(monthOf(input.reviewedOn), 1));
  let amountFen: number | null = null;
  let grade: string | null = null;
  if (input.outcome === 'change') ({ amountFen, grade } = changedAmount(ctx.db, b, input, summary.grade));
  else if (input.grade !== undefined || input.monthlyAmount !== undefined) {
    throw validationError([{ path: input.grade !== undefined ? 'grade' : 'monthlyAmount', message: '停发时不填写新的等级或金额' }]);
  }
  const reason = `年度复核：${input.opinion}`;
  const proposal =
    input.outcome === 'change'
      ? propose(ctx, b.id, { kind: 'change', monthlyAmount: toYuan(amountFen!), fromMonth: fromMonth!, reason })
      : input.outcome === 'stop'
        ? propose(ctx, b.id, { kind: 'stop', fromMonth: fromMonth!, reason })
        : null;
  const id = Number(
    prepared(
      ctx.db,
      `INSERT INTO benefit_reviews (beneficiary_id, due_month, outcome, reviewed_on, opinion, grade, amount_fen, from_month, proposal_id, reviewer_id, reviewer_name, at)
       VALUES (@beneficiaryId, @dueMonth, @outcome, @reviewedOn, @opinion, @grade, @amountFen, @fromMonth, @proposalId, @by, @byName, @at)`,
    ).run({
      beneficiaryId: b.id,
      dueMonth: summary.nextDueMonth ?? addMonths(b.start_month, 12),
      outcome: input.outcome,
      reviewedOn: input.reviewedOn,
      opinion: input.opinion,
      grade,
      amountFen,
      fromMonth,
      proposalId: proposal?.id ?? null,
      by: ctx.session!.userId,
      byName: ctx.session!.displayName,
      at: ctx.now().toISOString(),
    }).lastInsertRowid,
  );
  return reviewView(ctx.db, prepared<{ id: number }, ReviewRow>(ctx.db, 'SELECT * FROM benefit_reviews WHERE id = @id').get({ id })!);
}

/**
 * The new amount of a change: for an item paid by grade, the grade's amount in the item's
 * current catalogue version (the administrator's table in force now); otherwise as typed.
 */
function changedAmount(db: Database.Database, b: BeneficiaryRow, input: ReviewInput, currentGrade: string | null): { amountFen: number; grade: string | null } {
  const item = getItemVersion(db, b.item_code);
  const table = item.recurring?.gradeAmounts;
  if (table) {
    if (input.monthlyAmount !== undefined) throw validationError([{ path: 'monthlyAmount', message: `${item.name}按评估等级发放：请选择新的等级，金额随等级确定` }]);
    if (input.grade === undefined) throw validationError([{ path: 'grade', message: '请选择复核后的评估等级' }]);
    const amount = gradeAmount(item.recurring!, input.grade);
    if (amount === undefined) {
      throw validationError([{ path: 'grade', message: `等级“${input.grade}”不在${item.name}的等级金额表中（可选：${table.amounts.map((a) => a.grade).join('、')}）` }]);
    }
    if (input.grade === currentGrade) throw validationError([{ path: 'grade', message: `评估等级仍为${currentGrade}：等级未变请选择“维持”` }]);
    return { amountFen: toFen(amount), grade: input.grade };
  }
  if (input.grade !== undefined) throw validationError([{ path: 'grade', message: `${item.name}不按评估等级发放：请填写新的月发放金额` }]);
  if (input.monthlyAmount === undefined) throw validationError([{ path: 'monthlyAmount', message: '请填写复核后的月发放金额' }]);
  return { amountFen: toFen(input.monthlyAmount), grade: null };
}
