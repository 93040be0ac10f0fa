/**
 * 满意率 and 差评回访 for the centre overview, read from the ratings tables (one rating per
 * service, migration 0025) through these two functions only.
 *
 * 满意率 = ratings of 基本满意 or better ÷ all ratings of the month (in percent); a 差评 is
 * 不满意 or 非常不满意 (cases/ratings.ts LOW_RATING).
 */
import type Database from 'better-sqlite3';
import { addMonths } from '../beneficiaries/months';
import { LOW_RATING } from '../cases/ratings';
import { prepared } from '../kernel/prepared';
import { CHINA_OFFSET_MS } from '../shared/china-time';

export interface MonthRatings {
  month: string;
  count: number;
  /** 基本满意 or better */
  satisfied: number;
  /** 不满意 and 非常不满意 */
  low: number;
  /** percent with two decimals; null without ratings */
  rate: number | null;
}

/** The UTC instant at which a Shanghai month begins, as stored instants are written. */
const monthStartIso = (month: string) => new Date(Date.parse(`${month}-01T00:00:00.000Z`) - CHINA_OFFSET_MS).toISOString();

const rateOf = (satisfied: number, count: number) => (count === 0 ? null : Math.round((satisfied / count) * 10_000) / 100);

/** The ratings of each month from `from` to `to` ('YYYY-MM', Shanghai months), oldest first (index case_ratings_rated). */
export function ratingsByMonth(db: Database.Database, from: string, to: string): MonthRatings[] {
  const rows = prepared(
    db,
    `SELECT strftime('%Y-%m', r.rated_at, '+8 hours') AS month, count(*) AS n,
            sum(r.score > @low) AS satisfied, sum(r.score <= @low) AS low
       FROM case_ratings r
      WHERE r.rated_at >= @start AND r.rated_at < @end
      GROUP BY month`,
  ).all({ low: LOW_RATING, start: monthStartIso(from), end: monthStartIso(addMonths(to, 1)) }) as { month: string; n: number; satisfied: number; low: number }[];
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const out: MonthRatings[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    const r = byMonth.get(m);
    out.push({ month: m, count: r?.n ?? 0, satisfied: r?.satisfied ?? 0, low: r?.low ?? 0, rate: rateOf(r?.satisfied ?? 0, r?.n ?? 0) });
  }
  return out;
}

/** 差评回访 not yet closed, and of those past their deadline on `day`. */
export function openFollowUps(db: Database.Database, day: string): { open: number; overdue: number } {
  const r = prepared(db, 'SELECT count(*) AS open, coalesce(sum(due_on < @day), 0) AS overdue FROM case_follow_ups WHERE closed_at IS NULL').get({ day }) as {
    open: number;
    overdue: number;
  };
  return r;
}
