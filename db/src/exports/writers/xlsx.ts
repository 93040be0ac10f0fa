/**
 * XLSX, streamed: the workbook's parts and the header come from exceljs (xlsx-template.ts),
 * the data rows are rendered as exceljs renders them (xlsx-rows.ts) and gathered into
 * blocks, and archiver (the zip library exceljs itself writes with, at the same fastest
 * deflate level) packs it all. Both are loaded at the first export (a command-line call
 * or a host's start never pays for them). Memory stays flat however many rows: the sheet is one
 * stream entry whose backpressure `drained()` honours.
 *
 * Dates are written as text 'YYYY-MM-DD' (China day): unambiguous in every time zone, and
 * a date number format would need a style on every cell. Amounts and percentages are
 * numbers with a 2-decimal format where the layout has them.
 */
import { closeSync, createWriteStream, fsyncSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type archiver from 'archiver';
import type { Cell, Column } from '../layout';
import { rowRenderer } from './xlsx-rows';
import { xlsxTemplate, type XlsxTemplate } from './xlsx-template';
import { PRIVATE_FILE_MODE } from '../../database/private-files';

// Row XML is encoded row by row into a block of this size, which goes to the zip stream
// whole. Gathering the text first and encoding it per block cost 1.7 s against 0.6 s for
// the 300 000-row ledger: the long concatenated string has to be flattened first. Blocks are
// garbage once zipped and V8 collects them late; 64 KiB kept the peak ~30 MB lower than
// 256 KiB at the same speed.
const BLOCK_BYTES = 64 * 1024;

// Building a template has exceljs write a workbook and jszip take it apart: ~50 ms warm and
// several hundred on a worker's first export, as long as a roster's rows. A kept job worker
// makes the same few layouts again and again; the parts are only ever read.
const templates = new Map<string, Promise<XlsxTemplate>>();
function cachedTemplate(columns: readonly Column[], sheetName: string): Promise<XlsxTemplate> {
  const key = JSON.stringify([sheetName, columns]);
  let template = templates.get(key);
  if (!template) {
    template = xlsxTemplate(columns, sheetName);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  return template;
}

export class XlsxWriter {
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private rowNo = 1;
  private readonly failed: Promise<never>;

  private constructor(
    readonly path: string,
    private readonly out: ReturnType<typeof createWriteStream>,
    private readonly closed: Promise<void>,
    private readonly archive: archiver.Archiver,
    private readonly sheet: PassThrough,
    private readonly sheetTail: string,
    private readonly render: (rowNo: number, cells: readonly Cell[]) => string,
  ) {
    // A failed disk never sends 'drain': waiting for room must end with the error instead.
    this.failed = new Promise<never>((_, reject) => {
      out.once('error', reject);
      archive.once('error', reject);
    });
    this.failed.catch(() => {});
  }

  static async open(path: string, columns: readonly Column[], sheetName: string): Promise<XlsxWriter> {
    const template = await cachedTemplate(columns, sheetName);
    const out = createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE });
    const closed = new Promise<void>((resolve, reject) => {
      out.once('close', resolve);
      out.once('error', reject);
    });
    // Silences the unhandled rejection when the run fails before end() awaits it.
    closed.catch(() => {});
    const { default: createArchive } = await import('archiver');
    const archive = createArchive('zip');
    archive.pipe(out);
    const sheet = new PassThrough({ highWaterMark: 1024 * 1024 });
    for (const part of template.before) archive.append(part.data, { name: part.name });
    archive.append(sheet, { name: template.sheetPath });
    for (const part of template.after) archive.append(part.data, { name: part.name });
    sheet.write(template.sheetHead);
    return new XlsxWriter(path, out, closed, archive, sheet, template.sheetTail, rowRenderer(columns, template.styleIds));
  }

  write(cells: readonly Cell[]): void {
    const xml = this.render(++this.rowNo, cells);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + xml.length * 3 > BLOCK_BYTES) {
      this.flush();
      if (xml.length * 3 > BLOCK_BYTES) {
        this.sheet.write(Buffer.from(xml, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(xml, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    // The stream keeps the block until the zip has read it: the next rows go to a new one.
    this.sheet.write(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(BLOCK_BYTES);
    this.used = 0;
  }

  /** Resolves when the zip stream has room again, so that rows never pile up in memory. */
  async drained(): Promise<void> {
    if (this.sheet.writableNeedDrain) await Promise.race([once(this.sheet, 'drain'), this.failed]);
  }

  async end(): Promise<void> {
    this.flush();
    this.sheet.end(this.sheetTail);
    await Promise.race([this.archive.finalize(), this.failed]);
    await this.closed;
    const fd = openSync(this.path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  abort(): void {
    this.archive.abort();
    this.out.destroy();
  }
}
