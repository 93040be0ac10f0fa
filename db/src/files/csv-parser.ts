/**
 * CSV records of files handed in (resident lists, bank returns, district decisions), RFC
 * 4180: quoted fields may hold commas, quotes and line breaks. One parser, fed in pieces by
 * the streamed resident import and whole by the small files.
 */
/** Incremental RFC 4180: quoted fields may hold commas, quotes and line breaks. */
export class CsvParser {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  private quoteSeen = false;
  private pendingCr = false;

  push(text: string, out: string[][]): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
          // falls through: the character after a closing quote is read unquoted
        } else {
          if (ch === '"') this.quoteSeen = true;
          else this.field += ch;
          continue;
        }
      }
      if (ch === '"') this.quoted = true;
      else if (ch === ',') {
        this.row.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCr = true;
        this.row.push(this.field);
        out.push(this.row);
        this.row = [];
        this.field = '';
      } else this.field += ch;
    }
  }

  end(out: string[][]): void {
    if (this.quoteSeen) this.quoted = false;
    if (this.field || this.row.length) out.push([...this.row, this.field]);
    this.row = [];
    this.field = '';
  }
}

/** The records of a whole text. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const parser = new CsvParser();
  parser.push(text, out);
  parser.end(out);
  return out;
}
