/**
 * An import file read as a stream of records, so that 100,000 rows never sit in memory as
 * one string or one workbook: CSV through an incremental RFC 4180 parser after the
 * encoding is detected; XLSX through exceljs's streaming reader (first worksheet).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CsvParser } from '../../files/csv-parser';
import { statIncomingFile } from '../../files/incoming-file';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx';

export interface RecordSource {
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  bytesTotal: number;
  /** bytes of the file read so far (for the progress estimate) */
  bytesRead(): number;
  /** records in file order, the header first; `line` counts from 1 */
  records(): AsyncGenerator<{ line: number; cells: string[] }>;
}

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export const statImportFile = (file: string): number => statIncomingFile(file, '导入文件', MAX_IMPORT_BYTES);

/** SHA-256 of the whole file, streamed. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function head(file: string, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: n - 1 })) {
    parts.push(chunk as Buffer);
    got += (chunk as Buffer).length;
  }
  return Buffer.concat(parts, got);
}

/**
 * UTF-8 when the whole file decodes as UTF-8 (GB 18030 text of any length almost never
 * does), GB 18030 otherwise. Read to the end, streamed: a file may be UTF-8 for 50,000
 * rows and GB 18030 only where the first 生僻字 comes.
 */
async function detectEncoding(file: string, scanAll: boolean): Promise<Encoding> {
  const first = await head(file, 3);
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return 'utf-8-bom';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let scanned = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      decoder.decode(chunk as Buffer, { stream: true });
      scanned += (chunk as Buffer).length;
      // A preview looks at the first megabytes only.
      if (!scanAll && scanned >= 4 << 20) return 'utf-8';
    }
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const isZip = (b: Buffer) => b[0] === 0x50 && b[1] === 0x4b;

/** Opens the file: `scanAll` false for a preview (encoding judged on the first megabytes). */
export async function openRecords(file: string, scanAll = true): Promise<RecordSource> {
  const bytesTotal = statImportFile(file);
  const first = await head(file, 4);
  if (isZip(first)) return xlsxSource(file, bytesTotal);
  const encoding = await detectEncoding(file, scanAll);
  let read = 0;
  return {
    format: 'csv',
    encoding,
    bytesTotal,
    bytesRead: () => read,
    async *records() {
      const decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', { ignoreBOM: false });
      const parser = new CsvParser();
      let line = 0;
      const out: string[][] = [];
      for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
        read += (chunk as Buffer).length;
        parser.push(decoder.decode(chunk as Buffer, { stream: true }), out);
        for (const cells of out) yield { line: ++line, cells };
        out.length = 0;
      }
      parser.push(decoder.decode(), out);
      parser.end(out);
      for (const cells of out) yield { line: ++line, cells };
    },
  };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 1e15 ? value.toExponential() : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  return '';
}

async function xlsxSource(file: string, bytesTotal: number): Promise<RecordSource> {
  // Loaded here, not at the start: exceljs takes longer to load than the rest of the program.
  const { default: ExcelJS } = await import('exceljs');
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    bytesTotal,
    bytesRead: () => stream.bytesRead,
    async *records() {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
      let expected = 1;
      try {
        for await (const sheet of reader) {
          for await (const row of sheet as AsyncIterable<{ number: number; values: unknown[] }>) {
            // exceljs skips empty rows: the rows between keep their numbers as blank records.
            while (expected < row.number) yield { line: expected++, cells: [] };
            const values = Array.isArray(row.values) ? row.values : [];
            const cells: string[] = [];
            for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
            yield { line: expected++, cells };
          }
          break;
        }
      } finally {
        stream.destroy();
      }
    },
  };
}
