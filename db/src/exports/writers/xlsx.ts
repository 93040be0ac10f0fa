/**
 * XLSX, streamed: the package parts and the sheet's head and tail (xlsx-template.ts, as
 * exceljs writes them), the rows rendered straight into bytes (xlsx-rows.ts) and gathered
 * into blocks, and a zip of our own (zip.ts) that deflates the sheet on zlib's thread pool
 * while the next rows are rendered. Memory stays flat however many rows: a block goes to the
 * deflate stream when full, and `drained()` waits while a few are queued.
 *
 * Dates are written as text 'YYYY-MM-DD' (China day): unambiguous in every time zone, and
 * a date number format would need a style on every cell. Amounts and percentages are
 * numbers with a 2-decimal format where the layout has them.
 */
import type { Cell, Column } from '../layout';
import { rowWriter, type Utf8Buffer } from './xlsx-rows';
import { xlsxTemplate, type XlsxPart } from './xlsx-template';
import { ZipFile, type ZipEntryStream } from './zip';

// Rows are rendered into a block of this size, which goes to zlib whole. One deflate call
// per block, and zlib's answer reaches this thread only between blocks (drained()), so a
// block should hold at least the rows between two drained() calls of the callers (200).
const BLOCK_BYTES = 256 * 1024;

export class XlsxWriter {
  private block = Buffer.allocUnsafe(BLOCK_BYTES) as Utf8Buffer;
  private used = 0;
  private rowNo = 0;

  private constructor(
    readonly path: string,
    private readonly zip: ZipFile,
    private readonly sheet: ZipEntryStream,
    private readonly sheetTail: Buffer,
    private readonly after: readonly XlsxPart[],
    private readonly rows: ReturnType<typeof rowWriter>,
  ) {}

  static async open(path: string, columns: readonly Column[], sheetName: string): Promise<XlsxWriter> {
    const template = xlsxTemplate(columns, sheetName);
    const zip = ZipFile.create(path);
    try {
      for (const part of template.before) zip.addFile(part.name, part.data);
      const sheet = zip.openEntry(template.sheetPath);
      const writer = new XlsxWriter(path, zip, sheet, Buffer.from(template.sheetTail, 'utf8'), template.after, rowWriter(columns, template.styleIds));
      writer.put(Buffer.from(template.sheetHead, 'utf8'));
      writer.write(columns.map((c) => c.name));
      return writer;
    } catch (err) {
      zip.abort();
      throw err;
    }
  }

  write(cells: readonly Cell[]): void {
    const rowNo = ++this.rowNo;
    let end = this.rows.write(this.block, this.used, rowNo, cells);
    if (end < 0) {
      this.flush();
      end = this.rows.write(this.block, 0, rowNo, cells);
      if (end < 0) {
        // one row larger than a block (a very long text): a buffer of its own
        const own = Buffer.allocUnsafe(this.rows.room(cells)) as Utf8Buffer;
        this.sheet.write(own.subarray(0, this.rows.write(own, 0, rowNo, cells)));
        return;
      }
    }
    this.used = end;
  }

  private put(bytes: Buffer): void {
    if (this.used + bytes.length > BLOCK_BYTES) this.flush();
    if (bytes.length > BLOCK_BYTES) this.sheet.write(bytes);
    else this.used += bytes.copy(this.block, this.used);
  }

  private flush(): void {
    if (this.used === 0) return;
    // zlib keeps the block until it has read it: the next rows go to one it has finished with.
    this.sheet.write(this.block.subarray(0, this.used), this.block);
    this.block = (this.sheet.spare.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES)) as Utf8Buffer;
    this.used = 0;
  }

  /** Resolves when the deflate stream has room again, so that rows never pile up in memory. */
  drained(): Promise<void> {
    return this.sheet.drained();
  }

  async end(): Promise<void> {
    this.put(this.sheetTail);
    this.flush();
    await this.sheet.end();
    for (const part of this.after) this.zip.addFile(part.name, part.data);
    this.zip.finish();
  }

  abort(): void {
    this.zip.abort();
  }
}
