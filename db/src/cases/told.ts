/**
 * 一窗反馈: a decision that came back from a district authority is told to the applicant at
 * the window, by printing the result notice or by recording its delivery. Until then the
 * case stays on the worklist as 待告知申请人.
 */
import type { Ctx } from '../kernel/handler';
import { conflict } from '../kernel/errors';
import { addEvent, getCaseRow, today, updateCase, type CaseRow } from './store';

export const TOLD_HOW = ['notice_printed', 'delivered'] as const;
export type ToldHow = (typeof TOLD_HOW)[number];
const HOW_LABELS: Record<ToldHow, string> = { notice_printed: '打印办结通知', delivered: '送达' };

export function recordTold(ctx: Ctx, row: CaseRow, how: ToldHow, note: string | null): CaseRow {
  if (row.decided_by === null || (row.status !== 'approved' && row.status !== 'not_approved')) {
    throw conflict(`办件 ${row.case_no} 不是区级决定办结的办件，无须登记告知申请人`, { caseNo: row.case_no, status: row.status });
  }
  if (row.applicant_told_on !== null) {
    throw conflict(`办件 ${row.case_no} 已于 ${row.applicant_told_on} 告知申请人`, { caseNo: row.case_no, toldOn: row.applicant_told_on, how: row.applicant_told_how });
  }
  const day = today(ctx);
  updateCase(ctx, row.id, { applicant_told_on: day, applicant_told_how: how });
  addEvent(ctx, row.id, {
    action: 'applicant_told',
    fromStatus: row.status,
    toStatus: row.status,
    fromStage: null,
    toStage: null,
    opinion: note ?? `${row.decided_by}的决定已告知申请人（${HOW_LABELS[how]}）`,
    detail: { how, decidedBy: row.decided_by, decisionNo: row.decision_no },
  });
  return getCaseRow(ctx.db, row.id)!;
}
