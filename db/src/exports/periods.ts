/**
 * Periods: a day 'YYYY-MM-DD' for the ledger, a month 'YYYY-MM' for the monthly statistics
 * and the roster. Only ended periods are exported: a file is a closed account of its
 * period, never a partial one the district might take for the whole.
 */
import { addDays, isValidDate, shanghaiDate } from '../calendar/dates';
import { addMonths } from '../beneficiaries/months';
import { validationError } from '../kernel/errors';
import type { ExportKind } from './layout';

export const isDayKind = (kind: ExportKind) => kind === 'ledger' || kind === 'handoff';

/**
 * `onDemand`: a 移交包 of chosen cases may be made today; the daily package, like every
 * other file, only for a day that has ended.
 */
export function checkPeriod(kind: ExportKind, period: string, now: Date, onDemand = false): { from: string; to: string } {
  const today = shanghaiDate(now);
  if (kind === 'handoff') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(period) || !isValidDate(period)) {
      throw validationError([{ path: 'period', message: '移交包按日导出：期间应为日期 YYYY-MM-DD，例如 2026-03-01' }]);
    }
    if (onDemand ? period > today : period >= today) {
      throw validationError([{ path: 'period', message: onDemand ? `${period} 还没有到，选定办件的移交包最晚为今天` : `${period} 尚未结束，每日移交包只能导出今天以前的日期（今天移交请选定办件）` }]);
    }
    return { from: period, to: period };
  }
  if (isDayKind(kind)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(period) || !isValidDate(period)) {
      throw validationError([{ path: 'period', message: '办件明细按日导出：期间应为日期 YYYY-MM-DD，例如 2026-03-01' }]);
    }
    if (period >= today) throw validationError([{ path: 'period', message: `${period} 尚未结束，只能导出今天以前的日期` }]);
    return { from: period, to: period };
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    throw validationError([{ path: 'period', message: '月报和发放名册按月导出：期间应为月份 YYYY-MM，例如 2026-02' }]);
  }
  if (period >= today.slice(0, 7)) throw validationError([{ path: 'period', message: `${period} 尚未结束，只能导出本月以前的月份` }]);
  return { from: period, to: period };
}

/** The period after `period` of the same kind. */
export const nextPeriod = (kind: ExportKind, period: string) => (isDayKind(kind) ? addDays(period, 1) : addMonths(period, 1));

/** The latest ended period of a kind on China day `today`: yesterday, or last month. */
export const lastEndedPeriod = (kind: ExportKind, today: string) => (isDayKind(kind) ? addDays(today, -1) : addMonths(today.slice(0, 7), -1));

/** `<centreCode>_<kind>_<period>` and `_runN` from the second complete run on. */
export function folderName(centreCode: string, kind: ExportKind, period: string, runNo: number): string {
  return `${centreCode}_${kind}_${period}${runNo > 1 ? `_run${runNo}` : ''}`;
}

export const fileBase = (centreCode: string, kind: ExportKind, period: string) => `${centreCode}_${kind}_${period}`;
