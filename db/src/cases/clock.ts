/**
 * Whose time limit runs (收受分离). A case of an item the centre decides runs on the centre's
 * limit from acceptance to the end. A district-decided case runs on the centre's limit until
 * it is handed off; from the hand-off day it runs on the authority's limit (due_on is then
 * the authority's due date, handoff.ts), and a lapse is the authority's (区级逾期), not the
 * centre's: the lists label it so and the centre's own overdue group leaves it out.
 */
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import type { ItemVersion } from '../catalogue/catalogue';
import { CENTRE } from '../catalogue/definition';
import { prepared } from '../kernel/prepared';
import { DEADLINE_LABELS, type CaseStatus, type DeadlineStatus } from '../shared/vocabulary';
import { districtTimeLimit } from './handoff';

export type ClockOwner = 'centre' | 'district';

/** The lists' and pages' word for a deadline status, from whose clock runs. */
export const DISTRICT_DEADLINE_LABELS: Record<DeadlineStatus, string> = {
  normal: '区级办理中',
  warning: '区级预警',
  overdue: '区级逾期',
  paused: DEADLINE_LABELS.paused,
  done: DEADLINE_LABELS.done,
};

export function clockOwner(row: { handed_off_on: string | null; status: CaseStatus }): ClockOwner {
  return row.handed_off_on !== null && row.status === 'in_progress' ? 'district' : 'centre';
}

export function deadlineLabel(status: DeadlineStatus, owner: ClockOwner): string {
  return owner === 'district' ? DISTRICT_DEADLINE_LABELS[status] : DEADLINE_LABELS[status];
}

interface ClockRow {
  status: CaseStatus;
  accepted_on: string | null;
  due_on: string | null;
  time_limit_days: number;
  extension_days: number;
  handed_off_on: string | null;
}

/**
 * The sentence the case page shows about the running time limit, or null when no clock runs
 * (待补正, or closed):
 *   本中心办理时限：30 个工作日（另延期 15 个工作日），自 2026-03-02 受理起，截止 2026-04-14
 *   区民政局办理时限：10 个工作日，自 2026-03-20 移交起，截止 2026-04-03
 */
export function clockText(row: ClockRow, item: ItemVersion): string | null {
  if (row.status !== 'in_progress' || row.due_on === null || row.accepted_on === null) return null;
  if (clockOwner(row) === 'district') {
    return `${item.decidedBy}办理时限：${districtTimeLimit(item)} 个工作日，自 ${row.handed_off_on} 移交起，截止 ${row.due_on}`;
  }
  const extension = row.extension_days > 0 ? `（另延期 ${row.extension_days} 个工作日）` : '';
  return `本中心办理时限：${row.time_limit_days} 个工作日${extension}，自 ${row.accepted_on} 受理起，截止 ${row.due_on}`;
}

export interface DistrictView {
  /** the deciding authority, e.g. 区民政局 */
  decidedBy: string;
  /** the authority's time limit in working days from the hand-off */
  timeLimitDays: number;
  handedOffOn: string | null;
  handoffRunId: number | null;
  /** the 移交 package's folder name, once handed off */
  packageName: string | null;
  /** the centre's due date when it handed the case off, and whether it was met */
  centreDueOn: string | null;
  centreOnTime: boolean | null;
  /** 待移交区民政局 · 已于 2026-03-20 随移交包 … 移交区民政局 (null before the case reaches the authority's stage) */
  line: string | null;
}

/** For a case of a district-decided item: who decides and where the case stands with them; null for the centre's own items. */
export function districtView(db: Database.Database, row: ClockRow & { id: number; stage: string | null; handoff_run_id: number | null }, item: ItemVersion, atDistrict: boolean): DistrictView | null {
  if (item.decidedBy === CENTRE) return null;
  const run =
    row.handoff_run_id === null
      ? undefined
      : prepared<{ id: number }, { folder: string | null }>(db, 'SELECT folder FROM export_runs WHERE id = @id').get({ id: row.handoff_run_id });
  const packageName = run?.folder ? basename(run.folder) : null;
  // The centre's own due date as it stood at the hand-off (the hand-off event keeps it).
  const handoff =
    row.handed_off_on === null
      ? undefined
      : prepared<{ id: number }, { detail: string | null }>(db, "SELECT detail FROM case_events WHERE case_id = @id AND action = 'handoff' ORDER BY id DESC LIMIT 1").get({ id: row.id });
  const centreDueOn = handoff?.detail ? ((JSON.parse(handoff.detail) as { dueOn?: { from?: string | null } }).dueOn?.from ?? null) : null;
  let line: string | null = null;
  if (row.handed_off_on !== null) line = `已于 ${row.handed_off_on} ${packageName ? `随移交包 ${packageName} ` : ''}移交${item.decidedBy}`;
  else if (atDistrict) line = `待移交${item.decidedBy}`;
  return {
    decidedBy: item.decidedBy,
    timeLimitDays: districtTimeLimit(item),
    handedOffOn: row.handed_off_on,
    handoffRunId: row.handoff_run_id,
    packageName,
    centreDueOn,
    centreOnTime: centreDueOn !== null && row.handed_off_on !== null ? row.handed_off_on <= centreDueOn : null,
    line,
  };
}
