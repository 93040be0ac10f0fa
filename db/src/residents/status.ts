/**
 * A resident's death or move-out (已死亡 / 已迁出), registered by a reviewer from its
 * certificate (死亡证明 / 迁移证明), and what it does to the person's money: every benefit
 * still running is stopped from the month after the date, in the same transaction.
 *
 * Deliberate design decision: these stops do not wait for a second person, unlike the stops
 * of proposals.ts. They follow a registered fact backed by a certificate, not anyone's
 * judgement, and they only ever stop money (never start or raise it); making them wait
 * would keep paying a dead person until someone confirmed. The registration itself is
 * a reviewer's action and audited, with the certificate's number.
 */
import type Database from 'better-sqlite3';
import type { Ctx } from '../kernel/handler';
import { conflict, validationError } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { shanghaiDate } from '../shared/china-time';
import {
  amountInMonth,
  beneficiaryView,
  changesOf,
  insertChange,
  requireBeneficiary,
  type BeneficiaryRow,
} from '../beneficiaries/beneficiaries';
import { pendingProposalOf } from '../beneficiaries/proposals';
import { addMonths, monthOf } from '../beneficiaries/months';
import { RESIDENT_STATUS_LABELS, STATUS_MATERIALS, requireResidentRow, type ResidentRow } from './residents';

export type RegisteredStatus = 'deceased' | 'moved_out';

export interface SetStatusInput {
  residentId: number;
  status: RegisteredStatus;
  date: string;
  reason: string;
  movedTo?: string | undefined;
  materialNo?: string | undefined;
}

const EVENT = { deceased: '死亡', moved_out: '迁出' } as const;

/** Refuses a new case for a resident who has died or moved away (cases.intake, any decision). */
export function refuseInactiveResident(resident: ResidentRow): void {
  if (resident.status === 'registered') return;
  throw conflict(
    `${resident.name}已于 ${resident.status_date} ${resident.status === 'deceased' ? '死亡' : '迁出'}（${RESIDENT_STATUS_LABELS[resident.status]}），不能为其受理新的申请`,
    { rule: 'resident_status', status: resident.status, statusDate: resident.status_date },
  );
}

/**
 * A case still open when the death or move-out was registered cannot be approved: nothing
 * may start for the person. The reviewer decides it 不予批准 or terminates it instead.
 */
export function refuseApprovalForInactive(resident: ResidentRow): void {
  if (resident.status === 'registered') return;
  throw conflict(
    `${resident.name}已于 ${resident.status_date} ${resident.status === 'deceased' ? '死亡' : '迁出'}（${RESIDENT_STATUS_LABELS[resident.status]}），不能审批通过：请作不予批准或终止办理`,
    { rule: 'resident_status', status: resident.status, statusDate: resident.status_date },
  );
}

/** What the clerk sees on picking a resident who has died or moved away, before any item. */
export function statusWarnings(resident: ResidentRow): { kind: 'resident_inactive'; message: string; itemCode: string; caseNo: null }[] {
  if (resident.status === 'registered') return [];
  const what = resident.status === 'deceased' ? '死亡' : `迁出${resident.moved_to ? `（迁往${resident.moved_to}）` : ''}`;
  return [{ kind: 'resident_inactive', itemCode: '', caseNo: null, message: `${resident.name}已于 ${resident.status_date} ${what}，不能为其受理新的申请` }];
}

/** The reason written on every stopped benefit: the event, its date and the certificate. */
function stopReason(r: ResidentRow, input: SetStatusInput): string {
  const where = input.status === 'moved_out' && input.movedTo ? `（迁往${input.movedTo}）` : '';
  const material = `${STATUS_MATERIALS[input.status]}${input.materialNo ? ` ${input.materialNo}` : ''}`;
  return `${r.name}于 ${input.date} ${EVENT[input.status]}${where}，凭${material}停发：${input.reason}`;
}

/** Benefits that would still pay from `stopMonth`: running ones and those with a later stop. */
function benefitsPayingFrom(db: Database.Database, residentId: number, stopMonth: string): BeneficiaryRow[] {
  return prepared<{ residentId: number; stopMonth: string }, BeneficiaryRow>(
    db,
    `SELECT * FROM beneficiaries WHERE resident_id = @residentId AND (stop_month IS NULL OR stop_month > @stopMonth) ORDER BY id`,
  ).all({ residentId, stopMonth });
}

/** What the confirmation screen names before the reviewer registers the status. */
export function benefitsToStop(db: Database.Database, residentId: number, date: string) {
  const stopMonth = addMonths(monthOf(date), 1);
  return benefitsPayingFrom(db, residentId, stopMonth).map((b) => ({ beneficiary: b, stopMonth: b.start_month > stopMonth ? b.start_month : stopMonth }));
}

function checkInput(r: ResidentRow, input: SetStatusInput, today: string): void {
  if (r.status !== 'registered') {
    throw conflict(
      `${r.name}已于 ${r.status_date} 登记为${RESIDENT_STATUS_LABELS[r.status]}，不能再登记${RESIDENT_STATUS_LABELS[input.status]}`,
      { rule: 'resident_status', status: r.status, statusDate: r.status_date },
    );
  }
  const what = `${EVENT[input.status]}日期`;
  if (input.date > today) throw validationError([{ path: 'date', message: `${what}不能晚于今天（${today}）` }]);
  if (input.date < r.birth_date) throw validationError([{ path: 'date', message: `${what}不能早于出生日期（${r.birth_date}）` }]);
  if (input.status !== 'moved_out' && input.movedTo !== undefined) {
    throw validationError([{ path: 'movedTo', message: '只有登记迁出时才填写迁往何处' }]);
  }
}

/**
 * Registers the status and stops the money, in the caller's transaction; each stopped
 * benefit gets a stop row in its history and an audit row of its own, and its pending
 * change or stop proposal is withdrawn (rejected with the same reason).
 */
export function setResidentStatus(ctx: Ctx, input: SetStatusInput) {
  const r = requireResidentRow(ctx.db, input.residentId);
  const today = shanghaiDate(ctx.now());
  checkInput(r, input, today);
  const reason = stopReason(r, input);
  const nowIso = ctx.now().toISOString();
  const stopped: { beneficiaryId: number; stopMonth: string; withdrawnProposalId: number | null }[] = [];
  for (const { beneficiary: b, stopMonth } of benefitsToStop(ctx.db, r.id, input.date)) {
    const before = beneficiaryView(ctx.db, b, today);
    const pending = pendingProposalOf(ctx.db, b.id);
    if (pending) {
      prepared(
        ctx.db,
        `UPDATE beneficiary_change_proposals
            SET status = 'rejected', decided_by = @by, decided_by_name = @byName, decided_at = @at, reject_reason = @reason
          WHERE id = @id AND status = 'pending'`,
      ).run({ id: pending.id, by: ctx.session!.userId, byName: ctx.session!.displayName, at: nowIso, reason: `撤回：${reason}` });
    }
    const changes = changesOf(ctx.db, b.id);
    const neverPaid = b.start_month >= stopMonth;
    // the amount of the last month paid; for one never paid, the amount it would have started with
    const amountFen = (neverPaid ? null : amountInMonth(b, changes, addMonths(stopMonth, -1))) ?? changes.find((c) => c.kind === 'start')?.amount_fen ?? b.amount_fen;
    // Straight to the history, not through assertChangeAllowed: a change recorded for a month
    // after the death must not keep the stop from being recorded (the stop month wins when paying).
    insertChange(ctx, { beneficiary_id: b.id, kind: 'stop', effective_month: stopMonth, amount_fen: null, reason, case_id: null });
    prepared(
      ctx.db,
      "UPDATE beneficiaries SET status = 'stopped', stop_month = @stopMonth, stop_reason = @reason, updated_at = @nowIso WHERE id = @id",
    ).run({ id: b.id, stopMonth, reason, nowIso });
    prepared(
      ctx.db,
      `INSERT INTO resident_status_stops (resident_id, beneficiary_id, stop_month, amount_fen, never_paid)
       VALUES (@residentId, @beneficiaryId, @stopMonth, @amountFen, @neverPaid)`,
    ).run({ residentId: r.id, beneficiaryId: b.id, stopMonth, amountFen, neverPaid: neverPaid ? 1 : 0 });
    const after = beneficiaryView(ctx.db, requireBeneficiary(ctx.db, b.id), today);
    ctx.audit({
      action: 'stop',
      recordType: 'beneficiary',
      recordId: b.id,
      before,
      after,
      detail: { residentStatus: input.status, residentId: r.id, fromMonth: stopMonth, reason, withdrawnProposalId: pending?.id ?? null },
    });
    stopped.push({ beneficiaryId: b.id, stopMonth, withdrawnProposalId: pending?.id ?? null });
  }
  prepared(
    ctx.db,
    `UPDATE residents SET status = @status, status_date = @date, status_reason = @reason, status_material_no = @materialNo,
       moved_to = @movedTo, status_recorded_at = @nowIso, status_recorded_by = @by, updated_at = @nowIso WHERE id = @id`,
  ).run({
    id: r.id,
    status: input.status,
    date: input.date,
    reason: input.reason,
    materialNo: input.materialNo ?? null,
    movedTo: input.movedTo ?? null,
    nowIso,
    by: ctx.session!.displayName,
  });
  return { before: r, stopped };
}
