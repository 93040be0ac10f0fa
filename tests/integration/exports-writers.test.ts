import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Cell, Column } from '../../db/src/exports/layout';
import { CsvWriter } from '../../db/src/exports/writers/csv';
import { XlsxWriter } from '../../db/src/exports/writers/xlsx';
import { readXlsx, xlsxParts as parts } from '../support/exports';
import { tempDir } from '../support/temp';

const MIXED: Column[] = [
  { name: '文本', type: 'text' },
  { name: '日期', type: 'date' },
  { name: '日期时间', type: 'datetime' },
  { name: '整数', type: 'integer' },
  { name: '金额（元）', type: 'amount' },
  { name: '百分比', type: 'percent' },
  { name: '末列', type: 'text' },
];
const PLAIN = MIXED.filter((c) => c.type !== 'amount' && c.type !== 'percent');

const TEXTS = ['', 'a', '张𠮷', 'A,"B"\r\nC', `<&>'"`, 'tab\there', 'ctl\u0001\u0008\u000b\u000c\u000e\u001f\u007fend', '  lead and trail  ', '=SUM(A1)', '😀', '\u2028', '&amp;'];
const NUMBERS = [0, 1, -1, 150, 15000, 123456789, -0.5, 95.24, 1e21, 0.1 + 0.2, 12345678901234567890];

/** Awkward rows for a layout: every value kind in every column, empty cells, an all-empty row. */
function rowsFor(columns: readonly Column[], count = 300): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < count; i++) {
    rows.push(
      columns.map((c, j): Cell => {
        if ((i + j) % 6 === 0) return null;
        if (c.type === 'integer' || c.type === 'percent') return NUMBERS[(i * 7 + j) % NUMBERS.length]!;
        if (c.type === 'amount') return Math.round(NUMBERS[(i * 5 + j) % NUMBERS.length]! * 100);
        return TEXTS[(i * 3 + j) % TEXTS.length]!;
      }),
    );
  }
  rows.push(columns.map(() => null), columns.map((_, j) => (j === 0 ? 'only the first' : null)));
  return rows;
}

/** The file exceljs itself writes for these rows, with the options the writer used to give it row by row. */
async function exceljsFile(columns: readonly Column[], rows: Cell[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const styled = columns.some((c) => c.type === 'amount' || c.type === 'percent');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: styled, useSharedStrings: false });
  const sheet = workbook.addWorksheet('工作表', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: c.name,
    key: `c${i}`,
    width: c.type === 'text' ? Math.max(12, Math.min(30, c.name.length * 2 + 4)) : c.type === 'datetime' ? 20 : 14,
    ...(styled && (c.type === 'amount' || c.type === 'percent') ? { style: { numFmt: '0.00' } } : {}),
  }));
  for (const cells of rows) sheet.addRow(cells.map((v, i) => (typeof v === 'number' && columns[i]!.type === 'amount' ? v / 100 : v))).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

describe('export writers', () => {
  it('XLSX: every part is what exceljs writes for the same rows (styled and plain layouts, escapes, control characters, empty rows)', async () => {
    const dir = tempDir('onewindow-writers-');
    for (const [name, columns, count] of [
      ['mixed', MIXED, 300],
      ['plain', PLAIN, 300],
      // row numbers of one to five digits in the cells' references
      ['long', PLAIN, 12_000],
    ] as const) {
      const rows = rowsFor(columns, count);
      const path = join(dir, `${name}.xlsx`);
      const writer = await XlsxWriter.open(path, columns, '工作表');
      for (const cells of rows) writer.write(cells);
      await writer.end();
      const ours = await parts(readFileSync(path));
      expect(ours).toEqual(await parts(await exceljsFile(columns, rows)));
      expect(ours.map(([n]) => n)).toContain('xl/worksheets/sheet1.xml');

      // and read back: the header, then every row but the empty one
      const back = await readXlsx(path);
      expect(back[0]).toEqual(columns.map((c) => c.name));
      expect(back.length).toBe(1 + rows.length);
    }
  });

  it('XLSX: rows far beyond one block, and a single cell larger than a block', async () => {
    const dir = tempDir('onewindow-writers-');
    const path = join(dir, 'big.xlsx');
    const columns: Column[] = [
      { name: '序号', type: 'integer' },
      { name: '文本', type: 'text' },
    ];
    const rows: Cell[][] = [];
    for (let i = 0; i < 20_000; i++) rows.push([i, i === 7_000 ? '𠮷'.repeat(200_000) : `第${i}行 𠮷`]);
    const writer = await XlsxWriter.open(path, columns, '工作表');
    for (const [i, cells] of rows.entries()) {
      writer.write(cells);
      if (i % 200 === 0) await writer.drained();
    }
    await writer.end();
    const back = await readXlsx(path);
    expect(back.slice(1)).toEqual(rows);
  });

  it('CSV in UTF-8: each field encoded into the block gives the bytes of the line encoded at once (formula starts, quotes, surrogates, at the lengths where the path changes)', async () => {
    const dir = tempDir('onewindow-writers-');
    const columns: Column[] = [
      { name: '文本', type: 'text' },
      { name: '另一段', type: 'text' },
      { name: '数', type: 'integer' },
    ];
    const pieces = ['', 'a', 'é', '张', '𠮷', '\uD800', '\uDC00x', 'x\uD83D', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', 'ü€', '\u007f', '\u0001'];
    const texts: string[] = [];
    for (const p of pieces) for (const q of pieces) for (const length of [1, 15, 16, 17, 40]) texts.push((p + 'b'.repeat(length) + q).slice(0, length + p.length + q.length));
    for (const p of pieces) texts.push(p, `${p}${p}`, `第${p}行`, `=${p}`, `${'长'.repeat(16)}${p}`);
    const rows: Cell[][] = texts.map((t, i) => [t, i % 5 === 0 ? null : texts[(i * 7) % texts.length]!, i % 3 === 0 ? -i : i]);
    const field = (v: Cell) => {
      if (v === null) return '';
      if (typeof v === 'number') return String(v);
      const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const text = [columns.map((c) => c.name), ...rows].map((r) => `${r.map(field).join(',')}\r\n`).join('');
    const path = join(dir, 'fields.csv');
    const writer = await CsvWriter.open(path, columns, 'utf8');
    for (const cells of rows) writer.write(cells);
    writer.end();
    expect(readFileSync(path).equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(true);
  });

  it('CSV: the same bytes as encoding the whole text at once, across blocks, with long fields, in UTF-8 and GB 18030', async () => {
    const dir = tempDir('onewindow-writers-');
    const columns: Column[] = [
      { name: '序号', type: 'integer' },
      { name: '文本', type: 'text' },
      { name: '金额', type: 'amount' },
      { name: '百分比', type: 'percent' },
    ];
    const rows: Cell[][] = [];
    for (let i = 0; i < 30_000; i++) {
      rows.push([i, i === 9_000 ? '张𠮷,"'.repeat(100_000) : i % 3 === 0 ? null : `第${i}行 𠮷 "引号", 逗号`, i * 101 - 5000, i % 7 === 0 ? null : i / 3]);
    }
    const field = (v: Cell, type: Column['type']) => {
      if (v === null) return '';
      const text = typeof v === 'number' ? (type === 'amount' ? (v < 0 ? '-' : '') + (Math.abs(v) / 100).toFixed(2) : type === 'percent' ? v.toFixed(2) : String(v)) : v;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const text = [columns.map((c) => c.name), ...rows].map((r) => `${r.map((v, i) => field(v, columns[i]!.type)).join(',')}\r\n`).join('');
    for (const encoding of ['utf8', 'gb18030'] as const) {
      const path = join(dir, `${encoding}.csv`);
      const writer = await CsvWriter.open(path, columns, encoding);
      for (const cells of rows) writer.write(cells);
      writer.end();
      const expected = encoding === 'utf8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'gb18030');
      expect(readFileSync(path).equals(expected)).toBe(true);
    }
  });
});
