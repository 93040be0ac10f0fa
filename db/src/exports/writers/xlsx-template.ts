/**
 * Everything of an export's XLSX but its data rows, as exceljs makes it: exceljs writes a
 * workbook with the header row and one probe row (columns, widths, frozen header, styles,
 * workbook and package parts), and its zip entries are taken apart here. The writer then
 * streams the data rows into the sheet between the header and the end of the sheet data,
 * and copies every other part unchanged. So exceljs still decides the whole file except
 * the rows' XML (xlsx-rows.ts), and the probe row tells which style each column's cells
 * carry. exceljs and jszip are loaded at the first export: exceljs alone takes longer to
 * load than the rest of the program.
 */
import { Writable } from 'node:stream';
import type { Column } from '../layout';
import { columnLetter } from './xlsx-rows';

export interface XlsxPart {
  name: string;
  data: Buffer;
}

export interface XlsxTemplate {
  /** the zip entries exceljs writes before the sheet, in its order */
  before: XlsxPart[];
  sheetPath: string;
  /** the sheet's XML up to and including the header row */
  sheetHead: string;
  /** the sheet's XML from the end of its data on */
  sheetTail: string;
  after: XlsxPart[];
  /** per column: the style id of its cells, if any */
  styleIds: (number | undefined)[];
}

const isStyled = (c: Column) => c.type === 'amount' || c.type === 'percent';

/** What exceljs was told when it still wrote every row; the template keeps it exactly. */
function workbookOf(ExcelJS: typeof import('exceljs'), columns: readonly Column[], sheetName: string, stream: Writable) {
  // Styles only where a column needs a number format: they cost nothing in the small
  // files, and the big ledger has none.
  const styled = columns.some(isStyled);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: styled, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: c.name,
    key: `c${i}`,
    width: c.type === 'text' ? Math.max(12, Math.min(30, c.name.length * 2 + 4)) : c.type === 'datetime' ? 20 : 14,
    ...(styled && isStyled(c) ? { style: { numFmt: '0.00' } } : {}),
  }));
  return { workbook, sheet };
}

export async function xlsxTemplate(columns: readonly Column[], sheetName: string): Promise<XlsxTemplate> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const [{ default: ExcelJS }, { default: JSZip }] = await Promise.all([import('exceljs'), import('jszip')]);
  const { workbook, sheet } = workbookOf(ExcelJS, columns, sheetName, sink);
  sheet.addRow(columns.map(() => 0)).commit();
  sheet.commit();
  await workbook.commit();

  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  const parts: XlsxPart[] = [];
  for (const file of Object.values(zip.files)) {
    if (!file.dir) parts.push({ name: file.name, data: await file.async('nodebuffer') });
  }
  const sheetIndex = parts.findIndex((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p.name));
  const xml = parts[sheetIndex]?.data.toString('utf8') ?? '';
  const probeAt = xml.indexOf('<row r="2"');
  const probeEnd = xml.indexOf('</row>', probeAt);
  const tailAt = xml.indexOf('</sheetData>');
  if (sheetIndex < 0 || probeAt < 0 || probeEnd < 0 || tailAt !== probeEnd + '</row>'.length) {
    throw new Error('exceljs 写出的工作表结构与预期不同，无法生成 XLSX');
  }
  const probe = xml.slice(probeAt, tailAt);
  return {
    before: parts.slice(0, sheetIndex),
    sheetPath: parts[sheetIndex]!.name,
    sheetHead: xml.slice(0, probeAt),
    sheetTail: xml.slice(tailAt),
    after: parts.slice(sheetIndex + 1),
    styleIds: columns.map((_, i) => {
      const style = new RegExp(`<c r="${columnLetter(i)}2"(?: s="(\\d+)")?[ >/]`).exec(probe);
      if (!style) throw new Error('exceljs 写出的工作表结构与预期不同，无法生成 XLSX');
      return style[1] === undefined ? undefined : Number(style[1]);
    }),
  };
}
