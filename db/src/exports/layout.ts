/**
 * What every export kind shares: its columns with their types, and the cells of a row.
 * The column names and types here are the contract with the district; docs/exports.md
 * documents each one and a test keeps the two in step.
 */
import type Database from 'better-sqlite3';

export const EXPORT_KINDS = ['ledger', 'monthly', 'roster', 'handoff'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const KIND_LABELS: Record<ExportKind, string> = {
  ledger: '办件明细',
  monthly: '月报',
  roster: '发放名册',
  handoff: '移交包',
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
  /** the rows of the kind's further tables (KindSpec.tables), by key, read after `rows` */
  tables?: () => Record<string, Iterable<Cell[]>>;
  /** the cases the files carry, read after the rows (the 移交 marks them handed off) */
  caseIds?: () => number[];
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
   * A kind of several linked tables (the 移交 package): the first table's file name part
   * (`<base>_<fileKey>.csv`) and the others, each a file pair of its own.
   */
  fileKey?: string;
  tables?: readonly TableSpec[];
  /**
   * The rows of a period, streamed from a read connection. `from`/`to` are days (ledger) or
   * months; `asOf` is the China day of the run (deadline statuses are as of then).
   */
  open(db: Database.Database, range: { from: string; to: string }, asOf: string, options?: KindOptions): KindOutput;
}

/** A further table of a kind: its file name part, sheet name and columns. */
export interface TableSpec {
  key: string;
  label: string;
  columns: readonly Column[];
}

export interface KindOptions {
  /** the 移交 package on demand: exactly these cases */
  caseIds?: readonly number[] | undefined;
}

/** Yuan with 2 decimals from integer fen, exact (no floating point on the way). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
