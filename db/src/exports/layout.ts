/**
 * What every export kind shares: its columns with their types, and the cells of a row.
 * The column names and types here are the contract with the district; docs/exports.md
 * documents each one and a test keeps the two in step.
 */
import type Database from 'better-sqlite3';

export const EXPORT_KINDS = ['ledger', 'monthly', 'roster'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const KIND_LABELS: Record<ExportKind, string> = {
  ledger: '办件明细',
  monthly: '月报',
  roster: '发放名册',
};

export const ENCODINGS = ['utf8', 'gb18030'] as const;
export type CsvEncoding = (typeof ENCODINGS)[number];

/**
 * - text: as it is (ID numbers and case numbers are text, never numbers: 18 digits do not
 *   fit a spreadsheet number)
 * - date: 'YYYY-MM-DD', a day in China; datetime: 'YYYY-MM-DD HH:mm:ss' China time
 * - integer: a count
 * - amount: yuan with 2 decimals; the cell value is integer fen
 * - percent: a percentage (or percentage points) with 2 decimals, e.g. 95.24
 */
export type ColumnType = 'text' | 'date' | 'datetime' | 'integer' | 'amount' | 'percent';
export interface Column {
  name: string;
  type: ColumnType;
}

/** One cell: strings for text and dates, numbers for the rest (fen for amounts), null = empty. */
export type Cell = string | number | null;

export interface KindOutput {
  rows: Iterable<Cell[]>;
  /** a closing line computed after the rows (the roster's totals), or none */
  totals?: () => Cell[];
  /** extra facts for the manifest, read after the rows are consumed */
  summary?: () => Record<string, unknown>;
}

export interface KindSpec {
  kind: ExportKind;
  label: string;
  /** a change of columns or of their meaning is a new version */
  layoutVersion: number;
  columns: readonly Column[];
  /**
   * The rows of a period, streamed from a read connection. `from`/`to` are days (ledger) or
   * months; `asOf` is the China day of the run (deadline statuses are as of then).
   */
  open(db: Database.Database, range: { from: string; to: string }, asOf: string): KindOutput;
}

/** Yuan with 2 decimals from integer fen, exact (no floating point on the way). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
