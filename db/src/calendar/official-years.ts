/**
 * Which years' holidays are official (the State Council's notice shipped or imported) and
 * which are provisional (computed from the statutory rule until the notice is imported).
 * A provisional year's due dates may still move: the notice adds bridging days and
 * make-up working weekends, so every screen that shows such a due date says so.
 */
import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';
import { STATUTORY_FROM_YEAR, STATUTORY_TO_YEAR } from './statutory';

/** 'weekly': a year before the 2024 amendment with no notice imported, on the weekly rule alone */
export type YearStatus = 'official' | 'provisional' | 'weekly';

export function officialYears(db: Database.Database): Set<number> {
  return new Set(prepared<[], { year: number }>(db, 'SELECT year FROM calendar_years').all().map((r) => r.year));
}

/** Years before the 2024 amendment that were never imported stay on the weekly rule alone. */
export function yearIsProvisional(official: ReadonlySet<number>, year: number): boolean {
  return year >= STATUTORY_FROM_YEAR && year <= STATUTORY_TO_YEAR && !official.has(year);
}

export function yearStatus(official: ReadonlySet<number>, year: number): YearStatus {
  if (official.has(year)) return 'official';
  return yearIsProvisional(official, year) ? 'provisional' : 'weekly';
}

export function markYearsOfficial(db: Database.Database, years: readonly number[]): void {
  const stmt = db.prepare(
    `INSERT INTO calendar_years (year, source) VALUES (@year, 'import')
     ON CONFLICT(year) DO UPDATE SET source = 'import'`,
  );
  for (const year of years) stmt.run({ year });
}

export function provisionalWarning(year: number): string {
  return `${year}年放假安排尚未导入国务院通知，节假日为按法定节日推算的临时安排，办结时限可能变动`;
}

/** The years a computation from `from` to `to` (inclusive, either order) depends on, provisional ones only. */
export function provisionalYearsBetween(official: ReadonlySet<number>, from: string, to: string): number[] {
  const a = Number(from.slice(0, 4));
  const b = Number(to.slice(0, 4));
  const out: number[] = [];
  for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (yearIsProvisional(official, y)) out.push(y);
  return out;
}

/**
 * What a due date shown to a resident should carry: whether it rests on a provisional
 * year (counting from `start` to `due`) and the warning to show with it.
 */
export function dueDateNotice(official: ReadonlySet<number>, start: string | null, due: string | null): { dueDateProvisional: boolean; dueDateWarning: string | null } {
  if (start === null || due === null) return { dueDateProvisional: false, dueDateWarning: null };
  const years = provisionalYearsBetween(official, start, due);
  if (years.length === 0) return { dueDateProvisional: false, dueDateWarning: null };
  return { dueDateProvisional: true, dueDateWarning: years.map(provisionalWarning).join('；') };
}
