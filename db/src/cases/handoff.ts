/**
 * Handing a district-decided case to its deciding authority (收受分离). A case reaches the
 * 待区级审核确认 stage when the centre's own stages are done; it leaves in a 移交 package
 * (exports kind 'handoff'), and from that day the authority's time limit runs instead of
 * the centre's: due_on becomes the authority's due date.
 */
import type { ItemVersion } from '../catalogue/catalogue';
import { CENTRE } from '../catalogue/definition';
import { workingCalendar, type WorkingCalendar } from '../calendar/working-days';
import type { Ctx } from '../kernel/handler';
import { conflict } from '../kernel/errors';
import { dueDate } from './deadlines';
import { stageOf } from './transitions';
import { addEvent, getCaseRow, updateCase, type CaseRow } from './store';

/** The authority's time limit in working days, counted from the hand-off day. */
export function districtTimeLimit(item: ItemVersion): number {
  return item.districtTimeLimitDays ?? item.timeLimitDays;
}

/** The authority's due date for a case handed off on `handedOffOn` (the hand-off day itself never counts). */
export function districtDueDate(cal: WorkingCalendar, item: ItemVersion, handedOffOn: string): string {
  return dueDate(cal, handedOffOn, districtTimeLimit(item), 0, 0);
}

/** Whether the case waits at 待区级审核确认 (handed off or not yet). */
export function atDistrictStage(row: CaseRow, item: ItemVersion): boolean {
  return row.status === 'in_progress' && item.decidedBy !== CENTRE && stageOf(item, row.stage)?.stage.kind === 'district';
}

/**
 * Records that the case left in the package of export run `runId` on `day`, with its audit
 * trail on the case's timeline. Refused for a case not waiting at 待区级审核确认 or already
 * handed off (a package never carries a case twice).
 */
export function markHandedOff(ctx: Ctx, row: CaseRow, item: ItemVersion, runId: number, day: string): CaseRow {
  if (!atDistrictStage(row, item)) throw conflict(`办件 ${row.case_no} 不在“待区级审核确认”环节，不能移交`, { caseNo: row.case_no, status: row.status, stage: row.stage });
  if (row.handed_off_on !== null) throw conflict(`办件 ${row.case_no} 已于 ${row.handed_off_on} 移交`, { caseNo: row.case_no, handedOffOn: row.handed_off_on });
  const due = districtDueDate(workingCalendar(ctx.db), item, day);
  updateCase(ctx, row.id, { handed_off_on: day, handoff_run_id: runId, due_on: due });
  addEvent(ctx, row.id, {
    action: 'handoff',
    fromStatus: row.status,
    toStatus: row.status,
    fromStage: row.stage,
    toStage: row.stage,
    opinion: `移交${item.decidedBy}审核确认`,
    detail: { exportRunId: runId, decidedBy: item.decidedBy, dueOn: { from: row.due_on, to: due } },
  });
  return getCaseRow(ctx.db, row.id)!;
}
