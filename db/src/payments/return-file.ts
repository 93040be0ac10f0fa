/**
 * The bank return (银行回盘) layout docs/exports.md documents under 银行回盘: its rows out of
 * the file's records (files/records.ts reads CSV or XLSX).
 */

export const RETURN_LAYOUT_VERSION = 1;
export const RETURN_COLUMNS = ['发放月份', '身份证号码', '姓名', '银行账号', '发放金额（元）', '办件编号', '结果', '失败原因'] as const;

export interface ReturnRow {
  /** the row's line in the file, the header being line 1 */
  line: number;
  month: string;
  idNumber: string;
  name: string;
  account: string;
  amount: string;
  caseNo: string;
  result: string;
  reason: string;
}

/** The header must name the documented columns in order; the rows as records with their line. */
export function returnRows(records: string[][]): { rows: ReturnRow[]; headerProblem: string | null } {
  const header = (records[0] ?? []).map((h) => h.trim());
  const expected = RETURN_COLUMNS.join(',');
  if (header.slice(0, RETURN_COLUMNS.length).join(',') !== expected) {
    return { rows: [], headerProblem: `回盘文件的表头应为：${expected}（见导出说明“银行回盘”）` };
  }
  const rows: ReturnRow[] = [];
  records.slice(1).forEach((r, i) => {
    if (r.every((c) => c.trim() === '')) return;
    const [month, idNumber, name, account, amount, caseNo, result, reason] = RETURN_COLUMNS.map((_, k) => (r[k] ?? '').trim());
    rows.push({ line: i + 2, month: month!, idNumber: idNumber!.toUpperCase(), name: name!, account: account!, amount: amount!, caseNo: caseNo!, result: result!, reason: reason! });
  });
  return { rows, headerProblem: null };
}

/** '150', '150.5', '150.00' 元 in fen; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
