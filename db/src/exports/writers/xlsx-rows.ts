/**
 * The XML of the data rows, exactly as exceljs's streaming writer renders them without
 * shared strings: text as `t="str"` cells, numbers plain, empty cells left out (or kept
 * with their style when the column has one), a row without any value left out. Written
 * here because exceljs builds a row, cell and model object per cell and costs ~20 µs a
 * ledger row, more than the 33 µs a row may take in all at 30 000 rows/s
 * (docs/performance.md); this costs ~2 µs.
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

const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * Text for an XML element, as exceljs's xmlEncode makes it: the five markup characters
 * escaped, the control characters XML 1.0 cannot hold (all below 0x20 but tab, LF and CR,
 * and DEL) dropped.
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
    else if (code === 127 || (code < 32 && code !== 9 && code !== 10 && code !== 13)) escape = '';
    else continue;
    out += text.slice(from, i) + escape;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Renders rows for a sheet with these columns and the style ids the template found. */
export function rowRenderer(columns: readonly Column[], styleIds: readonly (number | undefined)[]) {
  const letters = columns.map((_, i) => columnLetter(i));
  const styleAttrs = columns.map((_, i) => (styleIds[i] ? ` s="${styleIds[i]}"` : ''));
  const amounts = columns.map((c) => c.type === 'amount');
  return (rowNo: number, cells: readonly Cell[]): string => {
    let xml = '';
    let values = 0;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i] ?? null;
      const style = styleAttrs[i] ?? '';
      if (v === null) {
        if (style) xml += `<c r="${letters[i] ?? columnLetter(i)}${rowNo}"${style}/>`;
        continue;
      }
      values++;
      if (typeof v === 'number') xml += `<c r="${letters[i] ?? columnLetter(i)}${rowNo}"${style}><v>${amounts[i] ? v / 100 : v}</v></c>`;
      else xml += `<c r="${letters[i] ?? columnLetter(i)}${rowNo}"${style} t="str"><v>${xmlText(v)}</v></c>`;
    }
    return values === 0 ? '' : `<row r="${rowNo}" spans="1:${cells.length}" x14ac:dyDescent="0.25">${xml}</row>`;
  };
}
