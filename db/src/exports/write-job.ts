/**
 * An export's files, written on worker threads (jobs/): the rows read from a read-only
 * snapshot of its own and turned into cells here, and written into the XLSX and the CSV at
 * once by a second worker (writers/files-thread.ts), so that on two cores the files are
 * rendered while the next rows are read; then both hashed there. The thread that answers
 * requests meanwhile only records progress and, at the end, the run.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { auditHead, type AuditHead } from '../audit/anchor';
import { KIND_SPECS } from './kinds/specs';
import type { CsvEncoding, ExportKind } from './layout';
import { csvEncodingLabel, type ManifestFile } from './manifest';
import { FilesThread } from './writers/files-thread';

export interface WriteInput {
  dbPath: string;
  kind: ExportKind;
  range: { from: string; to: string };
  /** the China day of the run */
  asOf: string;
  encoding: CsvEncoding;
  temp: string;
  base: string;
  /** the 移交 package on demand: exactly these cases */
  caseIds?: number[] | undefined;
}

export interface Written {
  rows: number;
  totalsRows: number;
  files: ManifestFile[];
  /** the audit chain as far as this snapshot */
  auditHead: AuditHead | null;
  summary?: Record<string, unknown>;
  /** the cases the files carry (the 移交 package) */
  caseIds?: number[];
}

const PROGRESS_EVERY = 5000;
const DRAIN_EVERY = 200;

export async function writeExportFiles(input: WriteInput, progress: (p: { rows: number }) => void): Promise<Written> {
  const spec = KIND_SPECS[input.kind];
  let snapshot: Database.Database | null = null;
  let files: FilesThread | null = null;
  try {
    // In WAL mode one read transaction is one consistent snapshot for the whole file.
    snapshot = new Database(input.dbPath, { readonly: true, fileMustExist: true });
    snapshot.pragma('busy_timeout = 5000');
    snapshot.exec('BEGIN');
    const mainBase = spec.fileKey ? `${input.base}_${spec.fileKey}` : input.base;
    const xlsxName = `${mainBase}.xlsx`;
    const csvName = `${mainBase}.csv`;
    files = FilesThread.open({ xlsxPath: join(input.temp, xlsxName), csvPath: join(input.temp, csvName), columns: spec.columns, sheetName: spec.label, encoding: input.encoding });
    const output = spec.open(snapshot, input.range, input.asOf, { caseIds: input.caseIds });
    // The manifest names it, so the district holds a head of the chain the centre cannot
    // quietly cut back to before it.
    const head = auditHead(snapshot);
    let rows = 0;
    for (const cells of output.rows) {
      files.write(cells);
      rows++;
      if (rows % DRAIN_EVERY === 0) await files.drained();
      if (rows % PROGRESS_EVERY === 0) progress({ rows });
    }
    const totalsRows = output.totals ? 1 : 0;
    if (output.totals) {
      const totals = output.totals();
      files.write(totals);
    }
    const summary = output.summary?.();
    const tables = output.tables?.() ?? {};
    const caseIds = output.caseIds?.();
    snapshot.exec('COMMIT');
    snapshot.close();
    snapshot = null;
    const written = await files.end();
    files = null;
    if (written.rows !== rows + totalsRows) throw new Error(`写文件的线程写入 ${written.rows} 行，应为 ${rows + totalsRows} 行`);
    const manifestFiles: ManifestFile[] = [
      { name: xlsxName, format: 'xlsx', rows, headerRows: 1, totalsRows, ...written.xlsx, encoding: 'xlsx' },
      { name: csvName, format: 'csv', rows, headerRows: 1, totalsRows, ...written.csv, encoding: csvEncodingLabel(input.encoding) },
    ];
    // The further tables of a kind (the 移交 package's members, materials, stages): small,
    // one case's worth each, so held in memory and written one after another.
    for (const table of spec.tables ?? []) {
      const tableRows = tables[table.key] ?? [];
      const tx = `${input.base}_${table.key}.xlsx`;
      const tc = `${input.base}_${table.key}.csv`;
      files = FilesThread.open({ xlsxPath: join(input.temp, tx), csvPath: join(input.temp, tc), columns: table.columns, sheetName: table.label, encoding: input.encoding });
      let n = 0;
      for (const cells of tableRows) {
        files.write(cells);
        if (++n % DRAIN_EVERY === 0) await files.drained();
      }
      const done = await files.end();
      files = null;
      if (done.rows !== n) throw new Error(`写文件的线程写入 ${done.rows} 行，应为 ${n} 行`);
      manifestFiles.push(
        { name: tx, format: 'xlsx', rows: n, headerRows: 1, totalsRows: 0, ...done.xlsx, encoding: 'xlsx' },
        { name: tc, format: 'csv', rows: n, headerRows: 1, totalsRows: 0, ...done.csv, encoding: csvEncodingLabel(input.encoding) },
      );
    }
    return { rows, totalsRows, files: manifestFiles, auditHead: head, ...(summary ? { summary } : {}), ...(caseIds ? { caseIds } : {}) };
  } catch (err) {
    await files?.abort();
    throw err;
  } finally {
    if (snapshot?.open) snapshot.close();
  }
}
