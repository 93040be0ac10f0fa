/**
 * An export's files, written on a worker thread (jobs/): the rows streamed from a read-only
 * snapshot of its own into the CSV on this thread and into the XLSX on a second worker
 * (writers/xlsx-remote.ts), so that on two cores the sheet's XML and the query run side by
 * side; then both hashed, each on its own thread. The thread that answers requests meanwhile
 * only records progress and, at the end, the run.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { auditHead, type AuditHead } from '../audit/anchor';
import { KIND_SPECS } from './kinds/specs';
import type { CsvEncoding, ExportKind } from './layout';
import { csvEncodingLabel, hashFile, type ManifestFile } from './manifest';
import { CsvWriter } from './writers/csv';
import { RemoteXlsxWriter } from './writers/xlsx-remote';

export interface WriteInput {
  dbPath: string;
  kind: ExportKind;
  range: { from: string; to: string };
  /** the China day of the run */
  asOf: string;
  encoding: CsvEncoding;
  temp: string;
  base: string;
}

export interface Written {
  rows: number;
  totalsRows: number;
  files: ManifestFile[];
  /** the audit chain as far as this snapshot */
  auditHead: AuditHead | null;
  summary?: Record<string, unknown>;
}

const PROGRESS_EVERY = 5000;
const DRAIN_EVERY = 200;

export async function writeExportFiles(input: WriteInput, progress: (p: { rows: number }) => void): Promise<Written> {
  const spec = KIND_SPECS[input.kind];
  let snapshot: Database.Database | null = null;
  let csv: CsvWriter | null = null;
  let xlsx: RemoteXlsxWriter | null = null;
  try {
    // In WAL mode one read transaction is one consistent snapshot for the whole file.
    snapshot = new Database(input.dbPath, { readonly: true, fileMustExist: true });
    snapshot.pragma('busy_timeout = 5000');
    snapshot.exec('BEGIN');
    const xlsxName = `${input.base}.xlsx`;
    const csvName = `${input.base}.csv`;
    xlsx = await RemoteXlsxWriter.open(join(input.temp, xlsxName), spec.columns, spec.label);
    csv = await CsvWriter.open(join(input.temp, csvName), spec.columns, input.encoding);
    const output = spec.open(snapshot, input.range, input.asOf);
    // The manifest names it, so the district holds a head of the chain the centre cannot
    // quietly cut back to before it.
    const head = auditHead(snapshot);
    let rows = 0;
    for (const cells of output.rows) {
      xlsx.write(cells);
      csv.write(cells);
      rows++;
      if (rows % DRAIN_EVERY === 0) await xlsx.drained();
      if (rows % PROGRESS_EVERY === 0) progress({ rows });
    }
    const totalsRows = output.totals ? 1 : 0;
    if (output.totals) {
      const totals = output.totals();
      xlsx.write(totals);
      csv.write(totals);
    }
    const summary = output.summary?.();
    snapshot.exec('COMMIT');
    snapshot.close();
    snapshot = null;
    csv.end();
    csv = null;
    const [sheet, csvHash] = await Promise.all([xlsx.end(), hashFile(join(input.temp, csvName))]);
    xlsx = null;
    if (sheet.rows !== rows + totalsRows) throw new Error(`XLSX 线程写入 ${sheet.rows} 行，应为 ${rows + totalsRows} 行`);
    const files: ManifestFile[] = [
      { name: xlsxName, format: 'xlsx', rows, headerRows: 1, totalsRows, sha256: sheet.sha256, bytes: sheet.bytes, encoding: 'xlsx' },
      { name: csvName, format: 'csv', rows, headerRows: 1, totalsRows, ...csvHash, encoding: csvEncodingLabel(input.encoding) },
    ];
    return { rows, totalsRows, files, auditHead: head, ...(summary ? { summary } : {}) };
  } catch (err) {
    csv?.abort();
    await xlsx?.abort();
    throw err;
  } finally {
    if (snapshot?.open) snapshot.close();
  }
}
