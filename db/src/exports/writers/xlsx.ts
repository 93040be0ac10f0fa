/**
 * XLSX through exceljs's streaming WorkbookWriter: each row is committed as it comes, so
 * memory stays flat however many rows. Dates are written as text 'YYYY-MM-DD' (China day):
 * unambiguous in every time zone, and a date number format would need cell styles, which
 * halve the writer's speed on the big ledger. Amounts and percentages are numbers with a
 * 2-decimal format where the layout has them (small files: styles cost nothing there).
 */
import { createWriteStream, closeSync, fsyncSync, openSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Cell, Column } from '../layout';

/** The parts of exceljs's internals used for backpressure (not in its type declarations). */
interface SheetInternals {
  stream?: { pipes?: { _writableState?: { needDrain?: boolean }; once(event: 'drain', cb: () => void): unknown }[] };
}

export class XlsxWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly out: ReturnType<typeof createWriteStream>;
  private readonly closed: Promise<void>;
  private readonly styled: boolean;
  private count = 0;

  constructor(
    readonly path: string,
    private readonly columns: readonly Column[],
    sheetName: string,
  ) {
    this.out = createWriteStream(path, { flags: 'wx' });
    this.closed = new Promise((resolve, reject) => {
      this.out.once('close', resolve);
      this.out.once('error', reject);
    });
    // Silences the unhandled rejection when the run fails before end() awaits it.
    this.closed.catch(() => {});
    this.styled = columns.some((c) => c.type === 'amount' || c.type === 'percent');
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.out, useStyles: this.styled, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = columns.map((c, i) => ({
      header: c.name,
      key: `c${i}`,
      width: c.type === 'text' ? Math.max(12, Math.min(30, c.name.length * 2 + 4)) : c.type === 'datetime' ? 20 : 14,
      ...(this.styled && (c.type === 'amount' || c.type === 'percent') ? { style: { numFmt: '0.00' } } : {}),
    }));
  }

  write(cells: readonly Cell[]): void {
    const values: (string | number | null)[] = new Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i] ?? null;
      values[i] = typeof v === 'number' && this.columns[i]?.type === 'amount' ? v / 100 : v;
    }
    this.sheet.addRow(values).commit();
    this.count++;
  }

  /**
   * Resolves when exceljs's sheet buffer has room again. The sheet stream ignores
   * backpressure itself, so without this the whole sheet piles up in memory while the zip
   * compressor catches up.
   */
  async drained(): Promise<void> {
    const pipes = (this.sheet as unknown as SheetInternals).stream?.pipes ?? [];
    for (const p of pipes) {
      while (p._writableState?.needDrain) await new Promise<void>((resolve) => p.once('drain', resolve));
    }
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.closed;
    const fd = openSync(this.path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  abort(): void {
    this.out.destroy();
  }
}
