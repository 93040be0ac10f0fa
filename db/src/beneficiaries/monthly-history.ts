/**
 * A benefit month by month (the 待遇 page's 按月发放记录): what the roster paid each month
 * by the amount rule (amountInMonth, the rule the roster and the 月报 use) beside what the
 * bank's return reported for it. The latest MONTHS months up to this one.
 */
import type Database from 'better-sqlite3';
import { amountInMonth, changesOf, type BeneficiaryRow } from './beneficiaries';
import { addMonths, monthOf, toYuan } from './months';

export const HISTORY_MONTHS = 24;

export interface MonthRow {
  month: string;
  /** yuan; null when nothing was due that month (before the start, from the stop on) */
  amount: number | null;
  /** the bank's latest result for the month (银行回盘), if one was imported */
  payment: { result: 'paid' | 'failed'; amount: number; reason: string | null } | null;
}

export function monthlyHistory(db: Database.Database, row: BeneficiaryRow, today: string, payments: readonly ({ month: string } & NonNullable<MonthRow['payment']>)[]): MonthRow[] {
  const changes = changesOf(db, row.id);
  const current = monthOf(today);
  const last = row.stop_month !== null && row.stop_month <= current ? addMonths(row.stop_month, -1) : current;
  const earliest = addMonths(last, -(HISTORY_MONTHS - 1));
  const first = row.start_month > earliest ? row.start_month : earliest;
  const byMonth = new Map(payments.map((p) => [p.month, p]));
  const out: MonthRow[] = [];
  for (let m = last; m >= first; m = addMonths(m, -1)) {
    const fen = amountInMonth(row, changes, m);
    const p = byMonth.get(m);
    out.push({ month: m, amount: fen === null ? null : toYuan(fen), payment: p ? { result: p.result, amount: p.amount, reason: p.reason } : null });
  }
  return out;
}
