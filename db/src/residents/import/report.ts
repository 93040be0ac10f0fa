/**
 * The refused rows as an XLSX the sender can correct and send again: the file's own header
 * and cells of each refused row, and a last column 问题 saying what is wrong with it.
 */
import { chmodSync } from 'node:fs';
import { FIELD_LABELS, type FieldKey } from './fields';
import { openRecords } from './read-file';

/** A report's file name is the import's id and this. */
export const REPORT_SUFFIX = '-问题行.xlsx';

export async function writeReport(
  file: string,
  reportFile: string,
  refused: { line: number; field: FieldKey | ''; reason: string }[],
  mode: number,
): Promise<number> {
  const problems = new Map<number, string[]>();
  for (const r of refused) {
    const text = r.field === '' ? r.reason : `${FIELD_LABELS[r.field]}：${r.reason}`;
    const list = problems.get(r.line);
    if (list) list.push(text);
    else problems.set(r.line, [text]);
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: reportFile, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('问题行');
  const source = await openRecords(file);
  let rows = 0;
  let width = 0;
  for await (const { line, cells } of source.records()) {
    if (line === 1) {
      width = cells.length;
      sheet.addRow(['行号', ...cells, '问题']).commit();
      continue;
    }
    const list = problems.get(line);
    if (!list) continue;
    const padded = [...cells];
    while (padded.length < width) padded.push('');
    // Every cell as text: an ID number must not turn into a number on the way back.
    sheet.addRow([line, ...padded.map(String), list.join('；')]).commit();
    rows++;
  }
  sheet.commit();
  await workbook.commit();
  chmodSync(reportFile, mode);
  return rows;
}
