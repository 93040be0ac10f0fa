/**
 * Money changes are two-person (maker-checker): a change of amount or a stop is first a
 * proposal; a second person, neither its proposer nor the acceptor of the benefit's case,
 * confirms it (only then is it a change that is paid and exported) or rejects it.
 */
import type Database from 'better-sqlite3';
import { isSamePerson } from '../accounts/persons';
import type { Ctx } from '../kernel/handler';
import { AppError, conflict, forbidden, notFound } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { assertChangeAllowed, changeAmount, requireBeneficiary, stopBenefit, type BeneficiaryRow } from './beneficiaries';
import { toFen, toYuan } from './months';

export interface ProposalRow {
  id: number;
  beneficiary_id: number;
  kind: 'change' | 'stop';
  effective_month: string;
  amount_fen: number | null;
  reason: string;
  proposed_by: number;
  proposed_by_name: string;
  proposed_at: string;
  status: 'pending' | 'confirmed' | 'rejected';
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  reject_reason: string | null;
  change_id: number | null;
}

export interface ProposalView {
  id: number;
  beneficiaryId: number;
  kind: ProposalRow['kind'];
  effectiveMonth: string;
  /** yuan; null for a stop */
  amount: number | null;
  reason: string;
  status: ProposalRow['status'];
  proposedById: number;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
}

export function proposalView(p: ProposalRow): ProposalView {
  return {
    id: p.id,
    beneficiaryId: p.beneficiary_id,
    kind: p.kind,
    effectiveMonth: p.effective_month,
    amount: p.amount_fen === null ? null : toYuan(p.amount_fen),
    reason: p.reason,
    status: p.status,
    proposedById: p.proposed_by,
    proposedBy: p.proposed_by_name,
    proposedAt: p.proposed_at,
    decidedBy: p.decided_by_name,
    decidedAt: p.decided_at,
    rejectReason: p.reject_reason,
  };
}

export const proposalsOf = (db: Database.Database, beneficiaryId: number) =>
  prepared<{ beneficiaryId: number }, ProposalRow>(db, 'SELECT * FROM beneficiary_change_proposals WHERE beneficiary_id = @beneficiaryId ORDER BY id').all({ beneficiaryId });

export const pendingProposalOf = (db: Database.Database, beneficiaryId: number) =>
  prepared<{ beneficiaryId: number }, ProposalRow>(
    db,
    "SELECT * FROM beneficiary_change_proposals WHERE beneficiary_id = @beneficiaryId AND status = 'pending'",
  ).get({ beneficiaryId });

export const getProposal = (db: Database.Database, id: number) =>
  prepared<{ id: number }, ProposalRow>(db, 'SELECT * FROM beneficiary_change_proposals WHERE id = @id').get({ id });

/** Pending proposals, oldest first (the ones waiting longest). */
export function pendingProposals(db: Database.Database, limit: number): ProposalRow[] {
  return prepared<{ limit: number }, ProposalRow>(db, "SELECT * FROM beneficiary_change_proposals WHERE status = 'pending' ORDER BY id LIMIT @limit").all({ limit });
}

export type ProposalInput = { kind: 'change'; monthlyAmount: number; fromMonth: string; reason: string } | { kind: 'stop'; fromMonth: string; reason: string };

export function propose(ctx: Ctx, beneficiaryId: number, input: ProposalInput): ProposalRow {
  const row = requireBeneficiary(ctx.db, beneficiaryId);
  assertChangeAllowed(ctx.db, row, input.kind, input.fromMonth);
  const open = pendingProposalOf(ctx.db, row.id);
  if (open) {
    throw conflict(`该享受对象已有一项待确认的${open.kind === 'stop' ? '停发' : '金额变更'}（${open.proposed_by_name} 提出），请先确认或驳回`, {
      proposalId: open.id,
    });
  }
  const id = Number(
    prepared(
      ctx.db,
      `INSERT INTO beneficiary_change_proposals (beneficiary_id, kind, effective_month, amount_fen, reason, proposed_by, proposed_by_name, proposed_at)
       VALUES (@beneficiaryId, @kind, @month, @amount, @reason, @by, @byName, @at)`,
    ).run({
      beneficiaryId: row.id,
      kind: input.kind,
      month: input.fromMonth,
      amount: input.kind === 'change' ? toFen(input.monthlyAmount) : null,
      reason: input.reason,
      by: ctx.session!.userId,
      byName: ctx.session!.displayName,
      at: ctx.now().toISOString(),
    }).lastInsertRowid,
  );
  return getProposal(ctx.db, id)!;
}

/** The accounts that accepted a case the benefit comes from (its start and any re-approval). */
function acceptorsOf(db: Database.Database, b: BeneficiaryRow): number[] {
  const rows = prepared(
    db,
    `SELECT c.clerk_id, c.accepted_by FROM cases c
      WHERE c.id = @caseId OR c.id IN (SELECT case_id FROM beneficiary_changes WHERE beneficiary_id = @id AND case_id IS NOT NULL)`,
  ).all({ caseId: b.case_id, id: b.id }) as { clerk_id: number; accepted_by: number | null }[];
  return rows.flatMap((r) => (r.accepted_by === null ? [r.clerk_id] : [r.clerk_id, r.accepted_by]));
}

/** Why the signed-in person may not decide the pending proposal, or null when they may. */
export function decisionRefusal(ctx: Ctx, proposalId: number): string | null {
  try {
    requirePending(ctx, proposalId, '确认');
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

function requirePending(ctx: Ctx, proposalId: number, verb: '确认' | '驳回'): ProposalRow {
  const p = getProposal(ctx.db, proposalId);
  if (!p) throw notFound(`没有编号为 ${proposalId} 的变更申请`, { proposalId });
  if (p.status !== 'pending') {
    throw conflict(`该变更已由 ${p.decided_by_name} ${p.status === 'confirmed' ? '确认' : '驳回'}，不能再${verb}`, { proposalId, status: p.status });
  }
  const me = ctx.session!.userId;
  if (isSamePerson(ctx.db, me, [p.proposed_by])) {
    throw forbidden(`不能${verb}自己提出的变更：须由另一位审核人员${verb}`, { rule: 'four_eyes', proposalId });
  }
  if (isSamePerson(ctx.db, me, acceptorsOf(ctx.db, requireBeneficiary(ctx.db, p.beneficiary_id)))) {
    throw forbidden(`您受理了该享受对象的办件，不能${verb}其待遇变更：须由未参与受理的审核人员${verb}`, { rule: 'four_eyes', proposalId });
  }
  return p;
}

/** Applies the proposal as a change of the benefit, in the caller's transaction. */
export function confirmProposal(ctx: Ctx, proposalId: number): { proposal: ProposalRow; beneficiary: BeneficiaryRow } {
  const p = requirePending(ctx, proposalId, '确认');
  const beneficiary =
    p.kind === 'change'
      ? changeAmount(ctx, p.beneficiary_id, { monthlyAmount: toYuan(p.amount_fen!), fromMonth: p.effective_month, reason: p.reason })
      : stopBenefit(ctx, p.beneficiary_id, { fromMonth: p.effective_month, reason: p.reason });
  const changeId = (prepared(ctx.db, 'SELECT max(id) AS id FROM beneficiary_changes WHERE beneficiary_id = @id').get({ id: p.beneficiary_id }) as { id: number }).id;
  decide(ctx, p.id, 'confirmed', null, changeId);
  return { proposal: getProposal(ctx.db, p.id)!, beneficiary };
}

export function rejectProposal(ctx: Ctx, proposalId: number, reason: string): ProposalRow {
  const p = requirePending(ctx, proposalId, '驳回');
  decide(ctx, p.id, 'rejected', reason, null);
  return getProposal(ctx.db, p.id)!;
}

function decide(ctx: Ctx, id: number, status: 'confirmed' | 'rejected', rejectReason: string | null, changeId: number | null): void {
  prepared(
    ctx.db,
    `UPDATE beneficiary_change_proposals
        SET status = @status, decided_by = @by, decided_by_name = @byName, decided_at = @at, reject_reason = @rejectReason, change_id = @changeId
      WHERE id = @id AND status = 'pending'`,
  ).run({ id, status, by: ctx.session!.userId, byName: ctx.session!.displayName, at: ctx.now().toISOString(), rejectReason, changeId });
}
