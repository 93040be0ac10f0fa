import { z } from '../kernel/zod-zh';

/**
 * Calendar dates are plain 'YYYY-MM-DD' strings meaning a day in China (Asia/Shanghai): a
 * deadline is a day on the wall calendar of the centre, not an instant, so no Date object
 * (whose day depends on the machine's time zone) ever stands for one.
 *
 * Internally a date is also handled as a day number (days since 1970-01-01), which makes
 * stepping and weekday arithmetic plain integer operations.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Day number of a valid date string, or null when it is not a real calendar date. */
export function tryDayNumber(date: string): number | null {
  const m = DATE_SHAPE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches it. Years below 100 are
  // mapped to 19xx by Date.UTC, which the year comparison also catches.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

export function isValidDate(date: string): boolean {
  return tryDayNumber(date) !== null;
}

/** Day number of a date string; a malformed one is a programming error here, not input. */
export function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (n === null) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return n;
}

export function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

export { shanghaiDate } from '../shared/china-time';

/** Input schema for a date field: the shape first, then whether the day exists. */
export const dateSchema = z
  .string()
  .regex(DATE_SHAPE, '日期格式应为 YYYY-MM-DD，例如 2026-02-14')
  .refine(isValidDate, '不是存在的日期');
