/**
 * CSV per RFC 4180 with CRLF line ends, in UTF-8 with a BOM (what Excel on Chinese Windows
 * opens correctly) or GB 18030 (which encodes every character, 𠮷 included, unlike GBK).
 * Lines are gathered into blocks and written synchronously: the rows come from a
 * synchronous SQLite iterator anyway, and one write per block keeps it fast.
 * iconv-lite is loaded at the first GB 18030 file: a command-line call never pays for it.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { formatFen, type Cell, type Column, type CsvEncoding } from '../layout';
import { PRIVATE_FILE_MODE } from '../../database/private-files';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BLOCK_BYTES = 256 * 1024;
const BLOCK_CHARS = 256 * 1024;
const NEEDS_QUOTES = /[",\r\n]/;
// Excel and WPS run a cell that starts with one of these as a formula (=HYPERLINK(...),
// +cmd|...): text from residents and clerks must arrive as text.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as the district's spreadsheet must show it: a value that would start a formula gets
 * a leading apostrophe. Only text cells: numbers (amounts, 环比 such as -75.00) stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Either a formula start or a character to quote: most texts have neither, one test tells. */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

function field(value: Cell, type: Column['type']): string {
  if (value === null) return '';
  let text: string;
  if (typeof value === 'number') {
    text = type === 'amount' ? formatFen(value) : type === 'percent' ? value.toFixed(2) : String(value);
  } else {
    if (!NEEDS_CARE.test(value)) return value;
    text = neutraliseFormula(value);
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** write(2) may write less than asked (a disk filling up): go on until all is written or it fails. */
function writeAll(fd: number, bytes: Buffer, length = bytes.length): void {
  for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done);
}

async function gb18030Encoder(): Promise<(text: string) => Buffer> {
  const { default: iconv } = await import('iconv-lite');
  return (text) => iconv.encode(text, 'gb18030');
}

export class CsvWriter {
  private fd: number;
  // UTF-8: each line is encoded straight into the block (Buffer#write), which was measured
  // faster than joining a block of lines and encoding that: the joined string has to be
  // flattened first. GB 18030 goes through iconv-lite, one call per block of text.
  private block: Buffer | null;
  private used = 0;
  private pending = '';

  static async open(path: string, columns: readonly Column[], encoding: CsvEncoding): Promise<CsvWriter> {
    const encode = encoding === 'gb18030' ? await gb18030Encoder() : null;
    return new CsvWriter(path, columns, encoding, encode);
  }

  private constructor(
    readonly path: string,
    private readonly columns: readonly Column[],
    readonly encoding: CsvEncoding,
    private readonly encode: ((text: string) => Buffer) | null,
  ) {
    // 'wx': the temporary folder is ours alone, an existing file means something is wrong
    this.fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    this.block = encoding === 'utf8' ? Buffer.allocUnsafe(BLOCK_BYTES) : null;
    if (encoding === 'utf8') writeAll(this.fd, UTF8_BOM);
    this.line(columns.map((c) => c.name));
  }

  private line(cells: readonly Cell[]): void {
    let text = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) text += ',';
      text += field(cells[i] ?? null, this.columns[i]?.type ?? 'text');
    }
    text += '\r\n';
    if (this.block) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (this.used + text.length * 3 > BLOCK_BYTES) {
        this.flush();
        if (text.length * 3 > BLOCK_BYTES) {
          writeAll(this.fd, Buffer.from(text, 'utf8'));
          return;
        }
      }
      this.used += this.block.write(text, this.used, 'utf8');
    } else {
      this.pending += text;
      if (this.pending.length >= BLOCK_CHARS) this.flush();
    }
  }

  write(cells: readonly Cell[]): void {
    this.line(cells);
  }

  private flush(): void {
    if (this.block) {
      writeAll(this.fd, this.block, this.used);
      this.used = 0;
    } else if (this.pending.length > 0) {
      writeAll(this.fd, this.encode!(this.pending));
      this.pending = '';
    }
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
