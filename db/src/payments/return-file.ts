/**
 * Reading a bank return (银行回盘) file: the layout docs/exports.md documents under 银行回盘.
 * CSV (UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows saves it) or XLSX.
 */
import { readXlsxRowsSync } from './xlsx-read';

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

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The file's records, header first: XLSX by its zip signature, CSV otherwise. */
export function fileRecords(bytes: Buffer): string[][] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readXlsxRowsSync(bytes);
  return parseCsv(decodeText(bytes));
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
