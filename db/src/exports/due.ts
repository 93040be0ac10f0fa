/**
 * Which periods the schedule owes: per kind, every period after the last one exported
 * successfully, up to the latest ended period as of the last scheduled time. A period that
 * failed, or was never reached because the computer was off, stays due until a run of it
 * succeeds.
 */
import type Database from 'better-sqlite3';
import { addDays, shanghaiDate } from '../calendar/dates';
import { EXPORT_KINDS, KIND_LABELS, type ExportKind } from './layout';
import { lastEndedPeriod, nextPeriod } from './periods';

/** Safety limits for a computer switched off for very long: the most recent periods only. */
export const MAX_DUE: Record<ExportKind, number> = { ledger: 62, monthly: 24, roster: 24 };

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The China day whose exports are due at `now`: today once the daily time has passed,
 * yesterday before it. Without a schedule time, today.
 */
export function scheduleDay(now: Date, scheduleTime: string | null): string {
  const today = shanghaiDate(now);
  if (!scheduleTime) return today;
  const local = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);
  return local >= scheduleTime ? today : addDays(today, -1);
}

export interface DueKind {
  kind: ExportKind;
  kindLabel: string;
  /** the latest period exported successfully (any trigger), or null */
  lastExported: string | null;
  /** oldest first */
  periods: string[];
}

export function duePeriods(db: Database.Database, now: Date, scheduleTime: string | null): DueKind[] {
  const day = scheduleDay(now, scheduleTime);
  return EXPORT_KINDS.map((kind) => {
    const target = lastEndedPeriod(kind, day);
    const row = db
      .prepare("SELECT max(period) AS p FROM export_runs WHERE kind = ? AND status = 'ok' AND period <= ?")
      .get(kind, target) as { p: string | null };
    const periods: string[] = [];
    if (row.p === null) periods.push(target);
    else for (let p = nextPeriod(kind, row.p); p <= target; p = nextPeriod(kind, p)) periods.push(p);
    // Day and month strings of one kind compare as they sort, so <= above is date order.
    return { kind, kindLabel: KIND_LABELS[kind], lastExported: row.p, periods: periods.slice(-MAX_DUE[kind]) };
  });
}
