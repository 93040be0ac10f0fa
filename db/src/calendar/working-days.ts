import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';
import { dateOf, dayNumber, isWeekend } from './dates';
import { officialYears, yearIsProvisional } from './official-years';
import { statutoryHolidays } from './statutory';

/**
 * Working days: Monday to Friday, except the days listed in `calendar_days` — a 'holiday'
 * row is a rest day, a 'workday' row a make-up working Saturday or Sunday (调休上班).
 * A year whose State Council notice has not been imported (official-years.ts) also has
 * its statutory holidays (statutory.ts) as rest days, with source 'provisional'; a stored
 * row of the same date (an administrator's) wins over the computed day.
 *
 * How deadlines are counted (the rule every function here follows):
 * - The start day never counts, whether or not it is a working day. A case accepted on
 *   day D with a limit of N working days is due on the Nth working day after D
 *   (`addWorkingDays(D, N)`), so an acceptance on an open Saturday morning starts counting
 *   on the next working day, just as one on a Monday does.
 * - `workingDaysBetween(from, to)` counts the working days after `from` up to and including
 *   `to`, so for N >= 0: workingDaysBetween(D, addWorkingDays(D, N)) === N.
 * - A pause (补正 waiting, 公示) from P to R adds workingDaysBetween(P, R) working days to
 *   the limit: the clock neither runs on the working days after P up to R nor loses any.
 *
 * The functions taking `db` read the exceptions of the range they need (one small range
 * query, rarely two) and are meant to be called inside the caller's transaction: they see
 * its uncommitted rows. For many computations at once (a worklist of thousands of cases),
 * create one `WorkingCalendar` with `workingCalendar(db)`, optionally `preload` the span,
 * and reuse it within the transaction: it reads each day's exception only once.
 */

export type ExceptionKind = 'holiday' | 'workday';
export type DaySource = 'official' | 'admin' | 'import' | 'provisional';

export interface CalendarException {
  date: string;
  kind: ExceptionKind;
  name: string | null;
  source: DaySource;
}

/**
 * Why a day is or is not a working day: 'holiday' and 'workday' are stored exceptions,
 * 'weekday' and 'weekend' the weekly rule.
 */
export type DayKind = ExceptionKind | 'weekday' | 'weekend';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  name?: string;
  source?: DaySource;
}

const rangeStatement = (db: Database.Database) =>
  prepared<{ from: string; to: string }, CalendarException>(db, 'SELECT date, kind, name, source FROM calendar_days WHERE date >= @from AND date < @to');

/** Weekdays (Mon–Fri) among the day numbers below `day`, counted from a Monday (1969-12-29). */
function weekdaysBefore(day: number): number {
  const s = day + 3;
  const weeks = Math.floor(s / 7);
  return weeks * 5 + Math.min(s - weeks * 7, 5);
}

// Days loaded at a time when a walk leaves the loaded range: a 30-working-day deadline
// across a long holiday fits in one window, and a window costs one small range query.
const WINDOW_DAYS = 120;

/**
 * A read-through view of the calendar for one unit of work. It loads the exceptions of the
 * range it is asked about and keeps them, so it must not outlive the transaction it was
 * created in: a later setDay or import is not seen by an existing instance.
 */
export class WorkingCalendar {
  private readonly days = new Map<number, CalendarException>();
  // Loaded day numbers form one contiguous range [lo, hi); empty while lo === hi.
  private lo = 0;
  private hi = 0;

  constructor(private readonly db: Database.Database) {}

  private official: Set<number> | undefined;

  private query(from: number, to: number): void {
    const rows = rangeStatement(this.db).all({ from: dateOf(from), to: dateOf(to) });
    for (const row of rows) this.days.set(dayNumber(row.date), row);
    const first = Number(dateOf(from).slice(0, 4));
    const last = Number(dateOf(to - 1).slice(0, 4));
    for (let year = first; year <= last; year++) {
      if (!this.isProvisionalYear(year)) continue;
      for (const d of statutoryHolidays(year)) {
        const day = dayNumber(d.date);
        if (day < from || day >= to || this.days.has(day)) continue;
        this.days.set(day, { date: d.date, kind: 'holiday', name: d.name, source: 'provisional' });
      }
    }
  }

  /** Whether a year runs on computed statutory holidays (no official notice imported yet). */
  isProvisionalYear(year: number): boolean {
    this.official ??= officialYears(this.db);
    return yearIsProvisional(this.official, year);
  }

  officialYears(): ReadonlySet<number> {
    this.official ??= officialYears(this.db);
    return this.official;
  }

  /** Makes sure the days first..last (inclusive) are loaded, growing the range by `slack`. */
  private ensure(first: number, last: number, slack = 0): void {
    if (this.lo === this.hi) {
      this.lo = first;
      this.hi = last + 1 + slack;
      this.query(this.lo, this.hi);
      return;
    }
    if (first < this.lo) {
      const from = Math.min(first, this.lo - slack);
      this.query(from, this.lo);
      this.lo = from;
    }
    if (last >= this.hi) {
      const to = Math.max(last + 1, this.hi + slack);
      this.query(this.hi, to);
      this.hi = to;
    }
  }

  /** Loads the exceptions of a whole range at once, for callers about to ask many questions in it. */
  preload(from: string, to: string): this {
    const a = dayNumber(from);
    const b = dayNumber(to);
    this.ensure(Math.min(a, b), Math.max(a, b));
    return this;
  }

  private workingDay(day: number): boolean {
    if (day < this.lo || day >= this.hi) this.ensure(day, day, WINDOW_DAYS);
    const exception = this.days.get(day);
    return exception ? exception.kind === 'workday' : !isWeekend(day);
  }

  /** The stored exception of a date, if any. */
  exception(date: string): CalendarException | undefined {
    const day = dayNumber(date);
    this.ensure(day, day);
    return this.days.get(day);
  }

  isWorkingDay(date: string): boolean {
    return this.workingDay(dayNumber(date));
  }

  dayInfo(date: string): DayInfo {
    const day = dayNumber(date);
    const exception = this.exception(date);
    if (exception) {
      const info: DayInfo = { date, working: exception.kind === 'workday', kind: exception.kind, source: exception.source };
      if (exception.name) info.name = exception.name;
      return info;
    }
    const weekend = isWeekend(day);
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday' };
  }

  /**
   * The nth working day after `start` (the start day itself never counts). n = 0 returns
   * `start` unchanged. A negative n walks backwards: the |n|th working day before `start`.
   */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isSafeInteger(n)) throw new RangeError(`working days must be an integer: ${n}`);
    let day = dayNumber(start);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    while (remaining > 0) {
      day += step;
      if (this.workingDay(day)) remaining -= 1;
    }
    return dateOf(day);
  }

  /**
   * Working days after `from` up to and including `to`. Equal dates give 0; when `to` is
   * before `from` the result is the negated count the other way round,
   * -workingDaysBetween(to, from), so "working days left until the due date" is negative
   * by exactly the working days a case is overdue.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (b < a) return -this.workingDaysBetween(to, from);
    if (a === b) return 0;
    // Counted, not walked: the weekly rule by arithmetic, then each stored exception in
    // the range corrects it by one; a year has a few dozen exceptions and 365 days.
    this.ensure(a + 1, b);
    let count = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
    for (const [day, exception] of this.days) {
      if (day <= a || day > b) continue;
      const weekend = isWeekend(day);
      if (exception.kind === 'holiday' && !weekend) count -= 1;
      else if (exception.kind === 'workday' && weekend) count += 1;
    }
    return count;
  }
}

export function workingCalendar(db: Database.Database): WorkingCalendar {
  return new WorkingCalendar(db);
}

export function isWorkingDay(db: Database.Database, date: string): boolean {
  return new WorkingCalendar(db).isWorkingDay(date);
}

/** The nth working day after `startDate`; see WorkingCalendar#addWorkingDays. */
export function addWorkingDays(db: Database.Database, startDate: string, n: number): string {
  return new WorkingCalendar(db).addWorkingDays(startDate, n);
}

/** Working days in (from, to]; negative when to < from. See WorkingCalendar#workingDaysBetween. */
export function workingDaysBetween(db: Database.Database, from: string, to: string): number {
  return new WorkingCalendar(db).workingDaysBetween(from, to);
}

export function dayInfo(db: Database.Database, date: string): DayInfo {
  return new WorkingCalendar(db).dayInfo(date);
}
