/**
 * CSV per RFC 4180 with CRLF line ends, in UTF-8 with a BOM (what Excel on Chinese Windows
 * opens correctly) or GB 18030 (which encodes every character, 𠮷 included, unlike GBK).
 * Lines are gathered into blocks and written synchronously: the rows come from a
 * synchronous SQLite iterator anyway, and one write per block keeps it fast.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';
import { formatFen, type Cell, type Column, type CsvEncoding } from '../layout';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BLOCK_CHARS = 256 * 1024;

function field(value: Cell, type: Column['type']): string {
  if (value === null) return '';
  let text: string;
  if (typeof value === 'number') {
    text = type === 'amount' ? formatFen(value) : type === 'percent' ? value.toFixed(2) : String(value);
  } else text = value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class CsvWriter {
  private fd: number;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    readonly path: string,
    private readonly columns: readonly Column[],
    readonly encoding: CsvEncoding,
  ) {
    // 'wx': the temporary folder is ours alone, an existing file means something is wrong
    this.fd = openSync(path, 'wx');
    if (encoding === 'utf8') writeSync(this.fd, UTF8_BOM);
    this.line(columns.map((c) => c.name));
  }

  private line(cells: readonly Cell[]): void {
    let text = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) text += ',';
      text += field(cells[i] ?? null, this.columns[i]?.type ?? 'text');
    }
    text += '\r\n';
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BLOCK_CHARS) this.flush();
  }

  write(cells: readonly Cell[]): void {
    this.line(cells);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    writeSync(this.fd, this.encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030'));
  }

  /** Flushes, forces the bytes to disk and closes. */
  end(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  /** Closes without caring about the content (the run failed). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
