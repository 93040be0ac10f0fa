/** Reading export files back for the export tests: the XLSX with exceljs, the CSV with TextDecoder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export type Row = (string | number | null)[];

/** Every row of the first sheet, header included, as plain values (empty cells null). */
export async function readXlsx(path: string): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0]!;
  const width = sheet.getRow(1).cellCount;
  const rows: Row[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const out: Row = [];
    for (let i = 1; i <= width; i++) {
      const v = row.getCell(i).value;
      out.push(v === undefined || v === null || v === '' ? null : (v as string | number));
    }
    rows.push(out);
  });
  return rows;
}

/** RFC 4180 records of a CSV file decoded as `encoding` ('utf-8' strips the BOM by itself). */
export function readCsv(path: string, encoding: 'utf-8' | 'gb18030'): { text: string; rows: string[][]; bom: boolean } {
  const bytes = readFileSync(path);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder(encoding).decode(bytes);
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
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return { text, rows, bom };
}

/** The non-temporary folders in the export folder. */
export const completeFolders = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith('.tmp-')).sort();

export const manifestOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));

/** A spreadsheet cell as the CSV writes it, for comparing the two files cell by cell. */
export function asCsvText(v: string | number | null, type: string): string {
  if (v === null) return '';
  if (typeof v === 'number') return type === 'amount' || type === 'percent' ? v.toFixed(2) : String(v);
  // The CSV neutralises text that a spreadsheet would run as a formula (docs/exports.md).
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * An XLSX file's zip entries in order, uncompressed, for comparing two writers part by part;
 * the times in docProps/core.xml are blanked (they are the time of writing).
 */
export async function xlsxParts(bytes: Buffer): Promise<[string, string][]> {
  const zip = await JSZip.loadAsync(bytes);
  const out: [string, string][] = [];
  for (const file of Object.values(zip.files)) {
    const text = await file.async('string');
    out.push([file.name, file.name === 'docProps/core.xml' ? text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'T') : text]);
  }
  return out;
}
