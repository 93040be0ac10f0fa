/**
 * The XML of the sheet's rows, exactly as exceljs's streaming writer renders them without
 * shared strings (text as `t="str"` cells, numbers plain, empty cells left out or kept with
 * their style when the column has one, a row without any value left out), written straight
 * into bytes: the constant pieces (`<c r="B`, `" t="str"><v>`, …) are pre-encoded and stored
 * a 32-bit word at a time, the row number's digits made once a row, and each short text is
 * escaped and UTF-8 encoded in one pass over its characters (a long one without anything to
 * escape by Buffer). For the 60,000-row ledger (876 bytes of XML a row) building each row as
 * a string and encoding it took 250 ms, this 130 ms, 105 ms with the words; the budget of
 * the whole export beside its query is about 330 ms (docs/performance.md, "Export rate
 * beside the export's own query").
 */
import type { Cell, Column } from '../layout';

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = (n - rest - 1) / 26;
  }
  return letters;
}

/**
 * Texts longer than this without a character to escape go to Buffer's own UTF-8 encoder:
 * one call costs about what 16 characters cost in the loop below (measured on the ledger:
 * all texts through the loop 200 ms for 60,000 rows, all through Buffer 180 ms, split here
 * 130 ms).
 */
const NATIVE_FROM = 16;
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/**
 * Text for an XML element, as exceljs's xmlEncode makes it: the five markup characters
 * escaped, the control characters XML 1.0 cannot hold (all below 0x20 but tab, LF and CR,
 * and DEL) dropped. Also dropped, unlike exceljs: U+FFFE and U+FFFF, which XML 1.0 cannot
 * hold either (exceljs writes them, and then neither it nor Excel opens the file). The byte
 * writer below does the same; this is for the package parts.
 */
export function xmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let escape: string;
    if (code === 34) escape = '&quot;';
    else if (code === 38) escape = '&amp;';
    else if (code === 39) escape = '&apos;';
    else if (code === 60) escape = '&lt;';
    else if (code === 62) escape = '&gt;';
    else if (code === 127 || (code < 32 && code !== 9 && code !== 10 && code !== 13) || code >= 0xfffe) escape = '';
    else continue;
    out += text.slice(from, i) + escape;
    from = i + 1;
  }
  return out + text.slice(from);
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Per ASCII character: 0 copied, 1 dropped (a control character), else the escape's bytes. */
const ASCII_ACTION: (0 | 1 | Uint8Array)[] = Array.from({ length: 128 }, (_, code) => {
  if (code === 34) return ascii('&quot;');
  if (code === 38) return ascii('&amp;');
  if (code === 39) return ascii('&apos;');
  if (code === 60) return ascii('&lt;');
  if (code === 62) return ascii('&gt;');
  if (code === 127 || (code < 32 && code !== 9 && code !== 10 && code !== 13)) return 1;
  return 0;
});

/** The most bytes one UTF-16 unit of text can take here (`"` → `&quot;`). */
export const MAX_BYTES_PER_UNIT = 6;

/**
 * Writes `text` escaped for XML (as xmlText) and UTF-8 encoded at `at`; returns the end. A
 * lone surrogate becomes U+FFFD, as Buffer's own UTF-8 encoding makes it. The caller has made
 * room for MAX_BYTES_PER_UNIT bytes per unit.
 */
export function writeXmlText(out: Uint8Array, at: number, text: string): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      const action = ASCII_ACTION[code]!;
      if (action === 0) out[at++] = code;
      else if (action !== 1) for (let k = 0; k < action.length; k++) out[at++] = action[k]!;
    } else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0xd800 || (code > 0xdfff && code < 0xfffe)) {
      out[at++] = 0xe0 | (code >> 12);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xfffe) {
      // U+FFFE and U+FFFF: not characters in XML 1.0, dropped
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

/**
 * A constant piece of the sheet's XML (`<c r="B`, `" s="1" t="str"><v>`, `</v></c>`), kept as
 * little-endian 32-bit words and a tail of up to 3 bytes. These pieces are most of the sheet
 * (780 of the ledger's 876 bytes a row), and storing them a word at a time through a
 * DataView, which the compiler turns into plain unaligned stores, takes a fifth off the
 * rows of the 60,000-row ledger against a loop over their bytes (145 → 115 ms of CPU, old
 * and new in turns on a loaded machine; a native copy per piece cost about as much as the
 * loop: the pieces are short). The row number in each cell's reference goes the same way.
 */
interface Piece {
  words: Uint32Array;
  tail: Uint8Array;
}

function piece(text: string): Piece {
  const bytes = ascii(text);
  const n = bytes.length >> 2;
  const words = new Uint32Array(n);
  for (let i = 0; i < n; i++) words[i] = (bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24)) >>> 0;
  return { words, tail: bytes.subarray(n * 4) };
}

function put(view: DataView, out: Uint8Array, at: number, p: Piece): number {
  const words = p.words;
  for (let i = 0; i < words.length; i++, at += 4) view.setUint32(at, words[i]!, true);
  const tail = p.tail;
  for (let k = 0; k < tail.length; k++) out[at++] = tail[k]!;
  return at;
}

interface ColumnBytes {
  /** `<c r="B` */
  open: Piece;
  /** `" s="1" t="str"><v>` */
  text: Piece;
  /** `" s="1"><v>` */
  number: Piece;
  /** `" s="1"/>`, or null when an empty cell of the column is left out */
  empty: Piece | null;
  amount: boolean;
}

/** Buffer's UTF-8 writer without Buffer#write's argument checks (Node's own, untyped). */
export type Utf8Buffer = Buffer & { utf8Write(text: string, offset: number, length: number): number };

const VALUE_END = piece('</v></c>');
const ROW_OPEN = piece('<row r="');
const ROW_END = piece('</row>');
const ROW_END_BYTES = 6;

/**
 * Writes rows of a sheet with these columns and the style ids of their cells: `write` puts
 * a row at `at` and returns its end (`at` itself for a row without any value, which is left
 * out), or -1 when the row does not fit before the end of `out` (nothing then counts of
 * what it wrote). `room` is the most bytes a row can take, for a buffer of its own.
 */
export function rowWriter(columns: readonly Column[], styleIds: readonly (number | undefined)[]) {
  const byColumn: ColumnBytes[] = [];
  const spans = new Map<number, Piece>();
  const forColumn = (i: number): ColumnBytes => {
    let bytes = byColumn[i];
    if (!bytes) {
      const style = styleIds[i] ? ` s="${styleIds[i]}"` : '';
      bytes = {
        open: piece(`<c r="${columnLetter(i)}`),
        text: piece(`"${style} t="str"><v>`),
        number: piece(`"${style}><v>`),
        empty: style ? piece(`"${style}/>`) : null,
        amount: columns[i]?.type === 'amount',
      };
      byColumn[i] = bytes;
    }
    return bytes;
  };
  columns.forEach((_, i) => forColumn(i));
  // exceljs gives the span of the row's cells, however many the layout has
  const spanOf = (count: number): Piece => {
    let bytes = spans.get(count);
    if (!bytes) spans.set(count, (bytes = piece(`" spans="1:${count}" x14ac:dyDescent="0.25">`)));
    return bytes;
  };
  const digits = new Uint8Array(16);
  // the view of the block last written to (a writer fills a few blocks in turn)
  let viewOf: Uint8Array | null = null;
  let view: DataView | null = null;
  // the most a cell takes besides its text: `<c r="XFD1048576" s="999" t="str"><v>` and the end, or a number
  const CELL_BYTES = 96;

  return {
    room(cells: readonly Cell[]): number {
      let bytes = 128;
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        bytes += CELL_BYTES + (typeof v === 'string' ? v.length * MAX_BYTES_PER_UNIT : 0);
      }
      return bytes;
    },

    write(out: Utf8Buffer, at: number, rowNo: number, cells: readonly Cell[]): number {
      const start = at;
      const limit = out.length;
      if (at + 128 > limit) return -1;
      if (out !== viewOf) {
        viewOf = out;
        view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      }
      const v32 = view!;
      let nDigits = 0;
      for (let n = rowNo; n > 0; n = Math.floor(n / 10)) digits[nDigits++] = 48 + (n % 10);
      // the row number written in every cell: its first four digits as one word (digits
      // holds them least significant first)
      const wordDigits = nDigits >= 4;
      const word = wordDigits ? (digits[nDigits - 1]! | (digits[nDigits - 2]! << 8) | (digits[nDigits - 3]! << 16) | (digits[nDigits - 4]! << 24)) >>> 0 : 0;
      const restFrom = wordDigits ? nDigits - 5 : nDigits - 1;
      at = put(v32, out, at, ROW_OPEN);
      for (let d = nDigits - 1; d >= 0; d--) out[at++] = digits[d]!;
      at = put(v32, out, at, spanOf(cells.length));
      let values = 0;
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i] ?? null;
        const column = byColumn[i] ?? forColumn(i);
        if (v === null && column.empty === null) continue;
        if (at + CELL_BYTES + (typeof v === 'string' ? v.length * MAX_BYTES_PER_UNIT : 0) > limit) return -1;
        at = put(v32, out, at, column.open);
        if (wordDigits) {
          v32.setUint32(at, word, true);
          at += 4;
        }
        for (let d = restFrom; d >= 0; d--) out[at++] = digits[d]!;
        if (v === null) {
          at = put(v32, out, at, column.empty!);
          continue;
        }
        values++;
        if (typeof v === 'number') {
          at = put(v32, out, at, column.number);
          const text = String(column.amount ? v / 100 : v);
          for (let k = 0; k < text.length; k++) out[at++] = text.charCodeAt(k);
        } else {
          at = put(v32, out, at, column.text);
          at = v.length > NATIVE_FROM && !XML_SPECIAL.test(v) ? at + out.utf8Write(v, at, v.length * 3) : writeXmlText(out, at, v);
        }
        at = put(v32, out, at, VALUE_END);
      }
      if (values === 0) return start;
      if (at + ROW_END_BYTES > limit) return -1;
      return put(v32, out, at, ROW_END);
    },
  };
}
