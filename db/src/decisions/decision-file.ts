/**
 * Reading a district decision file (区级决定): the layout docs/exports.md “区级决定” documents.
 * CSV (UTF-8 with or without BOM, or GB 18030 as Excel on Chinese Windows saves it) or XLSX,
 * read the same way as a bank return (files/records.ts).
 */
import { dateOf, isValidDate } from '../calendar/dates';

export const DECISION_LAYOUT_VERSION = 1;
export const DECISION_COLUMNS = ['办件编号', '决定（准予/不予）', '决定文号', '决定日期', '月发放金额（元）', '起始月份', '理由'] as const;

export interface DecisionRow {
  /** the row's line in the file, the header being line 1 */
  line: number;
  caseNo: string;
  decision: string;
  decisionNo: string;
  decisionDate: string;
  amount: string;
  startMonth: string;
  reason: string;
}

// District systems write the header with ASCII or full-width brackets and spaces around them.
const normalHeader = (h: string) => h.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/／/g, '/');

/** The header must name the documented columns in order; the rows as records with their line. */
export function decisionRows(records: string[][]): { rows: DecisionRow[]; headerProblem: string | null } {
  const header = (records[0] ?? []).map(normalHeader);
  const expected = DECISION_COLUMNS.join(',');
  if (header.slice(0, DECISION_COLUMNS.length).join(',') !== expected) {
    return { rows: [], headerProblem: `区级决定文件的表头应为：${expected}（见导入说明“区级决定”）` };
  }
  const rows: DecisionRow[] = [];
  records.slice(1).forEach((r, i) => {
    if (r.every((c) => c.trim() === '')) return;
    const [caseNo, decision, decisionNo, decisionDate, amount, startMonth, reason] = DECISION_COLUMNS.map((_, k) => (r[k] ?? '').trim());
    rows.push({ line: i + 2, caseNo: caseNo!.toUpperCase(), decision: decision!, decisionNo: decisionNo!, decisionDate: decisionDate!, amount: amount!, startMonth: startMonth!, reason: reason! });
  });
  return { rows, headerProblem: null };
}

// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); day 25569 is 1970-01-01.
const EXCEL_EPOCH_DAY = 25569;

/** 2026-05-10, 2026/5/10, 2026.05.10, 20260510, 2026年5月10日, or an Excel date serial → 2026-05-10 */
export function normalDate(text: string): string | null {
  if (/^\d{5}$/.test(text)) {
    const unixDay = Number(text) - EXCEL_EPOCH_DAY;
    return unixDay > 0 ? dateOf(unixDay) : null;
  }
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** 2026-05, 2026/05, 202605, 2026年5月 → 2026-05 */
export function normalMonth(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})月?$/.exec(text);
  if (!m) return null;
  const month = `${m[1]}-${m[2]!.padStart(2, '0')}`;
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null;
}
