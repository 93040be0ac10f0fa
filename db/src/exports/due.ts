/**
 * Which periods the schedule owes: per kind, every period without a successful run, from
 * the start of exporting up to the latest ended period as of the last scheduled time. A
 * period that failed, was never reached because the computer was off, or was passed over by
 * a manual run of a later one, stays due until a run of it succeeds.
 */
import type Database from 'better-sqlite3';
import { addDays } from '../calendar/dates';
import { chinaWallClock, shanghaiDate } from '../shared/china-time';
import { EXPORT_KINDS, KIND_LABELS, type ExportKind } from './layout';
import { isDayKind, lastEndedPeriod, nextPeriod } from './periods';
import { readSetting } from '../settings/settings';

/** Safety limits for a computer switched off for very long: the most recent periods only. */
export const MAX_DUE: Record<ExportKind, number> = { ledger: 62, monthly: 24, roster: 24, handoff: 62 };

/**
 * The China day whose exports are due at `now`: today once the daily time has passed,
 * yesterday before it. Without a schedule time, today.
 */
export function scheduleDay(now: Date, scheduleTime: string | null): string {
  const today = shanghaiDate(now);
  if (!scheduleTime) return today;
  const local = chinaWallClock(now).slice(11, 16);
  return local >= scheduleTime ? today : addDays(today, -1);
}

export interface DueKind {
  kind: ExportKind;
  kindLabel: string;
  /** the latest period exported successfully (any trigger), or null */
  lastExported: string | null;
  /** oldest first: every period without a successful run, the most recent MAX_DUE of them */
  periods: string[];
  /** still-missing periods older than those listed; they are listed once the newer ones are done */
  olderMissing: number;
}

/**
 * Per kind, every period from the start up to the latest ended one that has no successful
 * run. The start is the export start date setting, or else the first period ever exported
 * successfully; a centre that has never exported owes only the latest period. A later run
 * never hides an earlier gap: the gap stays due until its own run succeeds.
 */
export function duePeriods(db: Database.Database, now: Date, scheduleTime: string | null): DueKind[] {
  const day = scheduleDay(now, scheduleTime);
  const startDate = readSetting(db, 'exportStartDate');
  const exported = db.prepare("SELECT DISTINCT period FROM export_runs WHERE kind = ? AND status = 'ok' AND period <= ? ORDER BY period");
  return EXPORT_KINDS.map((kind) => {
    const target = lastEndedPeriod(kind, day);
    // Day and month strings of one kind compare as they sort, so string order is date order.
    const done = exported.pluck().all(kind, target) as string[];
    const doneSet = new Set(done);
    const start = startDate ? (isDayKind(kind) ? startDate : startDate.slice(0, 7)) : (done[0] ?? target);
    const missing: string[] = [];
    for (let p = start; p <= target; p = nextPeriod(kind, p)) if (!doneSet.has(p)) missing.push(p);
    const periods = missing.slice(-MAX_DUE[kind]);
    return {
      kind,
      kindLabel: KIND_LABELS[kind],
      lastExported: done.length > 0 ? done[done.length - 1]! : null,
      periods,
      olderMissing: missing.length - periods.length,
    };
  });
}
