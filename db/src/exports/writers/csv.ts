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
import type { Utf8Buffer } from './xlsx-rows';

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

/**
 * A text field straight into UTF-8 bytes at `at`, as Buffer's encoder writes it (a lone
 * surrogate becomes U+FFFD); returns the end, or -1 when the field needs care (a formula
 * start, or a character to quote), which the caller then writes the long way. Most fields
 * need none: one pass over a short field's characters both checks and encodes it, where a
 * regular expression per field, a string per line and its encoding took two passes and a
 * copy. Longer fields (over 16 units, often concatenated strings, whose characters are slow
 * to read one by one) go to Buffer's encoder after the expression, as in the sheet. On the
 * 60,000-row ledger: 77 ms before, 67 ms now. The caller has made room for 3 bytes a unit.
 */
function writePlainField(out: Uint8Array, at: number, text: string): number {
  const length = text.length;
  if (length === 0) return at;
  const first = text.charCodeAt(0);
  // = + - @ tab CR: a formula start (FORMULA_START)
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) return -1;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      // " , CR LF: quoted (NEEDS_QUOTES)
      if (code === 34 || code === 44 || code === 13 || code === 10) return -1;
      out[at++] = code;
    } else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0xd800 || code > 0xdfff) {
      out[at++] = 0xe0 | (code >> 12);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    } else {
      const low = code <= 0xdbff && i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        out[at++] = 0xf0 | (code >> 18);
        out[at++] = 0x80 | ((code >> 12) & 0x3f);
        out[at++] = 0x80 | ((code >> 6) & 0x3f);
        out[at++] = 0x80 | (code & 0x3f);
      } else {
        out[at++] = 0xef;
        out[at++] = 0xbf;
        out[at++] = 0xbd;
      }
    }
  }
  return at;
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
    if (this.block && this.lineBytes(this.block, cells)) return;
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

  /**
   * UTF-8: the line encoded field by field into the block. False when it may not fit in a
   * block of its own (a very long text): then it goes the string way.
   */
  private lineBytes(block: Buffer, cells: readonly Cell[]): boolean {
    // the most a line can take: 3 bytes a unit, the quotes doubled, an apostrophe, two
    // quotes and a comma a field, and CRLF
    let room = 2;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      room += typeof v === 'string' ? v.length * 3 + 4 : 32;
    }
    if (room > BLOCK_BYTES) return false;
    if (this.used + room > BLOCK_BYTES) this.flush();
    let at = this.used;
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) block[at++] = 44;
      const v = cells[i] ?? null;
      if (v === null) continue;
      if (typeof v === 'string') {
        const end = v.length > 16 ? (NEEDS_CARE.test(v) ? -1 : at + (block as Utf8Buffer).utf8Write(v, at, v.length * 3)) : writePlainField(block, at, v);
        if (end >= 0) at = end;
        else at += block.write(field(v, 'text'), at, 'utf8');
      } else {
        const text = field(v, this.columns[i]?.type ?? 'text');
        for (let k = 0; k < text.length; k++) block[at++] = text.charCodeAt(k);
      }
    }
    block[at++] = 13;
    block[at++] = 10;
    this.used = at;
    return true;
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
