/**
 * Re-planning due dates after the calendar of some years changed (calendar.import, e.g. the
 * State Council's notice replacing a provisional year). A running case's due date is the
 * (limit + extension + paused)th working day after its acceptance (deadlines.ts); under
 * the new calendar that day may move, and the case, its worklist status and its reprinted
 * receipt must follow. Each moved case gets a timeline entry and its own audit row.
 *
 * `paused_days` is kept as counted when each 公示 ended: the pause was measured on the
 * calendar in force then, and re-measuring would need every finished pause's dates.
 */
import { workingCalendar } from '../calendar/working-days';
import type { Ctx } from '../kernel/handler';
import { prepared } from '../kernel/prepared';
import { getItemVersion } from '../catalogue/catalogue';
import { dueDate } from './deadlines';
import { districtDueDate } from './handoff';
import { addEvent, updateCase, type CaseRow } from './store';

export interface ReplannedCase {
  caseId: number;
  caseNo: string;
  from: string;
  to: string;
}

export function replanDueDates(ctx: Ctx, years: readonly number[]): ReplannedCase[] {
  if (years.length === 0) return [];
  // A due date before the first changed year was reached without walking into it, so it
  // cannot move; only later ones are computed again.
  const from = `${Math.min(...years)}-01-01`;
  const rows = prepared(
    ctx.db,
    "SELECT * FROM cases WHERE status = 'in_progress' AND due_on IS NOT NULL AND accepted_on IS NOT NULL AND due_on >= @from ORDER BY id",
  ).all({ from }) as CaseRow[];
  // Created after the import's writes, so it sees the new days and the new official years.
  const cal = workingCalendar(ctx.db);
  const out: ReplannedCase[] = [];
  for (const row of rows) {
    // A case handed off to its deciding authority runs on the authority's limit from the
    // hand-off day (handoff.ts), not on the centre's from acceptance.
    const due =
      row.handed_off_on !== null
        ? districtDueDate(cal, getItemVersion(ctx.db, row.item_code, row.item_version), row.handed_off_on)
        : dueDate(cal, row.accepted_on!, row.time_limit_days, row.extension_days, row.paused_days);
    if (due === row.due_on) continue;
    updateCase(ctx, row.id, { due_on: due });
    addEvent(ctx, row.id, {
      action: 'replan_due',
      fromStatus: row.status,
      toStatus: row.status,
      fromStage: row.stage,
      toStage: row.stage,
      opinion: `节假日安排调整（${years.join('、')}年），承诺办结日期由 ${row.due_on} 改为 ${due}`,
      detail: { dueOn: { from: row.due_on, to: due }, years },
    });
    ctx.audit({
      action: 'replan_due',
      recordType: 'case',
      recordId: row.id,
      before: { caseNo: row.case_no, dueOn: row.due_on },
      after: { caseNo: row.case_no, dueOn: due },
      detail: { reason: 'calendar_import', years },
    });
    out.push({ caseId: row.id, caseNo: row.case_no, from: row.due_on!, to: due });
  }
  return out;
}
