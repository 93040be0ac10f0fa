/**
 * Deadlines in working days (calendar/working-days.ts: the start day never counts).
 *
 * - The clock starts on the acceptance day A: at the window for 受理 and 容缺受理, or on the
 *   day cases.supplyMaterials completes a 补正 case. Before that (待补正) it does not run.
 * - due = the (limit + extension + paused)th working day after A, where `paused` is the
 *   sum of workingDaysBetween(P, R) over finished 公示 periods (entered on P, left on R):
 *   the working days after P up to and including R do not count.
 * - A 公示 lasts at least the stage's minDays CALENDAR days (public practice: "公示期 7
 *   天" runs on the wall calendar, weekends included). It starts on the day it is entered,
 *   and the next stage may begin on day P + minDays at the earliest.
 * - Status against today: overdue when today is after the due date; warning when at most
 *   `warningDays` working days are left (today itself never counts, so on the due day
 *   0 are left); paused while 待补正 or during 公示; done once completed.
 */
import type Database from 'better-sqlite3';
import { addDays } from '../calendar/dates';
import { workingCalendar, type WorkingCalendar } from '../calendar/working-days';
import type { CaseStatus, DeadlineStatus } from '../shared/vocabulary';
import { isOpen } from '../shared/vocabulary';

export interface DeadlineInput {
  status: CaseStatus;
  accepted_on: string | null;
  due_on: string | null;
  paused_since: string | null;
}

export interface DeadlineState {
  status: DeadlineStatus;
  /** working days from today to the due date; negative once overdue; null without a running clock */
  daysLeft: number | null;
  /** why the clock stands still, when it does */
  pausedFor: 'materials' | 'posting' | null;
}

export function dueDate(cal: WorkingCalendar, acceptedOn: string, limitDays: number, extensionDays: number, pausedDays: number): string {
  return cal.addWorkingDays(acceptedOn, limitDays + extensionDays + pausedDays);
}

/** The earliest day a 公示 entered on `startedOn` may end. */
export function postingEndsOn(startedOn: string, minDays: number): string {
  return addDays(startedOn, minDays);
}

/**
 * A case's deadline status on `today`. Pure but for the calendar it is given; exports and
 * the worklist share it, so 预警/逾期 mean the same in every place.
 */
export function deadlineStatus(c: DeadlineInput, today: string, warningDays: number, cal: WorkingCalendar): DeadlineState {
  if (!isOpen(c.status)) return { status: 'done', daysLeft: null, pausedFor: null };
  if (c.status === 'waiting_materials' || c.due_on === null) return { status: 'paused', daysLeft: null, pausedFor: 'materials' };
  const daysLeft = cal.workingDaysBetween(today, c.due_on);
  if (c.paused_since !== null) return { status: 'paused', daysLeft, pausedFor: 'posting' };
  if (c.due_on < today) return { status: 'overdue', daysLeft, pausedFor: null };
  return { status: daysLeft <= warningDays ? 'warning' : 'normal', daysLeft, pausedFor: null };
}

/**
 * The due-date bounds that turn deadline statuses into index range conditions:
 * warning ⇔ today <= due < warnBefore (exact for any due date, working or not).
 */
export function deadlineBounds(db: Database.Database, today: string, warningDays: number) {
  return { today, warnBefore: workingCalendar(db).addWorkingDays(today, warningDays + 1) };
}
