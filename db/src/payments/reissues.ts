/**
 * 补发: a payment the bank reported failed, paid again in a later 发放名册 once a second
 * reviewer confirmed it (the table's CHECK refuses the proposer as confirmer as well).
 */
import type Database from 'better-sqlite3';
import type { Ctx } from '../kernel/handler';
import { AppError, notFound } from '../kernel/errors';
import { maskIdNumber } from '../privacy/mask';
import { addMonths } from '../beneficiaries/months';
import { shanghaiDate } from '../calendar/dates';

export interface ReissueRow {
  id: number;
  beneficiary_id: number;
  failed_month: string;
  amount_fen: number;
  reason: string;
  proposed_by: number;
  proposed_by_name: string;
  proposed_at: string;
  confirmed_by: number | null;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  reissue_month: string | null;
}

export const reissueView = (r: ReissueRow) => ({
  id: r.id,
  beneficiaryId: r.beneficiary_id,
  month: r.failed_month,
  amount: r.amount_fen / 100,
  reason: r.reason,
  status: r.confirmed_at ? ('confirmed' as const) : ('proposed' as const),
  proposedBy: r.proposed_by_name,
  proposedAt: r.proposed_at,
  confirmedBy: r.confirmed_by_name,
  confirmedAt: r.confirmed_at,
  /** the roster month that pays it; null until confirmed */
  reissueMonth: r.reissue_month,
});

/** The 本月变动说明 of a 补发 row in the roster. */
export const reissueNote = (failedMonth: string) => `补发 ${failedMonth} 发放失败款项`;

const getReissue = (db: Database.Database, id: number) => db.prepare('SELECT * FROM payment_reissues WHERE id = ?').get(id) as ReissueRow | undefined;

/** The latest result the bank reported for a beneficiary's month. */
function latestResult(db: Database.Database, beneficiaryId: number, month: string) {
  return db
    .prepare('SELECT result, amount_fen, reason FROM payment_results WHERE beneficiary_id = ? AND month = ? ORDER BY id DESC LIMIT 1')
    .get(beneficiaryId, month) as { result: 'paid' | 'failed'; amount_fen: number; reason: string | null } | undefined;
}

export function proposeReissue(ctx: Ctx, beneficiaryId: number, month: string, reason: string): ReissueRow {
  if (!ctx.db.prepare('SELECT 1 FROM beneficiaries WHERE id = ?').get(beneficiaryId)) throw notFound(`享受对象 ${beneficiaryId} 不存在`, { beneficiaryId });
  const result = latestResult(ctx.db, beneficiaryId, month);
  if (!result || result.result !== 'failed') {
    throw new AppError('CONFLICT', `${month} 的款项没有银行回盘报告的发放失败，无需补发`, { details: { beneficiaryId, month } });
  }
  const existing = ctx.db.prepare('SELECT * FROM payment_reissues WHERE beneficiary_id = ? AND failed_month = ?').get(beneficiaryId, month) as ReissueRow | undefined;
  if (existing) {
    throw new AppError('CONFLICT', existing.confirmed_at ? `${month} 的失败款项已确认补发（${existing.reissue_month} 发放名册）` : `${month} 的失败款项已有补发申请，待另一名审核人员确认`, {
      details: { reissueId: existing.id },
    });
  }
  const s = ctx.session!;
  const id = Number(
    ctx.db
      .prepare(
        `INSERT INTO payment_reissues (beneficiary_id, failed_month, amount_fen, reason, proposed_by, proposed_by_name, proposed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(beneficiaryId, month, result.amount_fen, reason, s.userId, s.displayName, ctx.now().toISOString()).lastInsertRowid,
  );
  return getReissue(ctx.db, id)!;
}

export function confirmReissue(ctx: Ctx, id: number, now: Date): { before: ReissueRow; after: ReissueRow } {
  const before = getReissue(ctx.db, id);
  if (!before) throw notFound(`补发申请 ${id} 不存在`, { reissueId: id });
  if (before.confirmed_at) throw new AppError('CONFLICT', `补发申请 ${id} 已确认（${before.reissue_month} 发放名册）`, { details: { reissueId: id } });
  const s = ctx.session!;
  if (s.userId === before.proposed_by) {
    throw new AppError('CONFLICT', '补发涉及资金，须由另一名审核人员确认，不能确认本人提出的补发', { details: { reissueId: id } });
  }
  // Paid in the roster of the confirmation's month, never before the month after the failure.
  const current = shanghaiDate(now).slice(0, 7);
  const next = addMonths(before.failed_month, 1);
  const reissueMonth = current > next ? current : next;
  ctx.db
    .prepare('UPDATE payment_reissues SET confirmed_by = ?, confirmed_by_name = ?, confirmed_at = ?, reissue_month = ? WHERE id = ?')
    .run(s.userId, s.displayName, now.toISOString(), reissueMonth, id);
  return { before, after: getReissue(ctx.db, id)! };
}

/** Failed payments awaiting follow-up: the latest result of the month is a failure. */
export function failures(db: Database.Database, month?: string) {
  const rows = db
    .prepare(
      `SELECT pr.beneficiary_id, pr.month, pr.amount_fen, pr.reason, b.item_code, ci.name AS item_name, c.case_no,
              r.name, r.id_number, ri.id AS reissue_id, ri.confirmed_at, ri.reissue_month
         FROM payment_results pr
         JOIN beneficiaries b ON b.id = pr.beneficiary_id
         JOIN cases c ON c.id = b.case_id
         JOIN catalogue_items ci ON ci.code = b.item_code
         JOIN residents r ON r.id = b.resident_id
         LEFT JOIN payment_reissues ri ON ri.beneficiary_id = pr.beneficiary_id AND ri.failed_month = pr.month
        WHERE pr.result = 'failed'
          AND pr.id = (SELECT max(x.id) FROM payment_results x WHERE x.beneficiary_id = pr.beneficiary_id AND x.month = pr.month)
          AND (@month IS NULL OR pr.month = @month)
        ORDER BY pr.month DESC, pr.id`,
    )
    .all({ month: month ?? null }) as {
    beneficiary_id: number; month: string; amount_fen: number; reason: string | null; item_code: string; item_name: string; case_no: string;
    name: string; id_number: string; reissue_id: number | null; confirmed_at: string | null; reissue_month: string | null;
  }[];
  return rows.map((r) => ({
    beneficiaryId: r.beneficiary_id,
    name: r.name,
    idNumber: maskIdNumber(r.id_number),
    itemCode: r.item_code,
    itemName: r.item_name,
    caseNo: r.case_no,
    month: r.month,
    amount: r.amount_fen / 100,
    reason: r.reason,
    reissue: r.reissue_id === null ? null : { id: r.reissue_id, status: r.confirmed_at ? ('confirmed' as const) : ('proposed' as const), reissueMonth: r.reissue_month },
  }));
}
