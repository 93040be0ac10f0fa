/**
 * Case numbers: centre code + yyyymmdd (the Shanghai date of the intake) + a 4-digit
 * sequence of that day: centre 310101001 on 2026-03-02, 7th case → "310101001202603020007".
 *
 * The sequence lives in case_number_days and is incremented by the same statement
 * inside the intake's transaction. Consequences:
 * - Two intakes can never get the same number: SQLite serialises writers, and case_no is
 *   UNIQUE besides.
 * - A day starts at 0001 by the Shanghai clock, whatever the machine's time zone.
 * - An intake that fails after taking a number rolls the increment back with the case:
 *   that number was never printed or given to anyone, so the next intake takes it. The
 *   numbers that exist are therefore gapless per day, and each one is issued once.
 */
import type Database from 'better-sqlite3';
import { shanghaiDate } from '../calendar/dates';
import { conflict } from '../kernel/errors';
import { prepared } from '../kernel/prepared';

export const MAX_CASES_PER_DAY = 9999;

export function allocateCaseNo(db: Database.Database, centreCode: string, now: Date): string {
  const day = shanghaiDate(now).replaceAll('-', '');
  const { last_seq: seq } = prepared(
    db,
    `INSERT INTO case_number_days (day, last_seq) VALUES (@day, 1)
     ON CONFLICT (day) DO UPDATE SET last_seq = last_seq + 1
     RETURNING last_seq`,
  ).get({ day }) as { last_seq: number };
  if (seq > MAX_CASES_PER_DAY) {
    throw conflict(`今日办件编号已用完（每日最多 ${MAX_CASES_PER_DAY} 件），请联系管理员`, { day });
  }
  return `${centreCode}${day}${String(seq).padStart(4, '0')}`;
}
