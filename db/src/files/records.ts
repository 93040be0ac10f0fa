/**
 * The records of a small file handed in whole (a bank return, a district decision file):
 * XLSX by its zip signature, otherwise CSV in UTF-8 (with or without BOM) or, failing that,
 * GB 18030 as Excel on Chinese Windows saves it.
 */
import { parseCsv } from './csv-parser';
import { readXlsxRowsSync } from './xlsx-read';

export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The file's records, header first: XLSX by its zip signature, CSV otherwise. */
export function fileRecords(bytes: Buffer): string[][] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readXlsxRowsSync(bytes);
  return parseCsv(decodeText(bytes));
}
