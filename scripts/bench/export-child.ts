/**
 * Child process of the benchmark: streams the case ledger (db/src/exports: the ledger
 * kind's rows and its CSV or XLSX writer) of the whole history into a file and reports
 * rows/s, its CPU time and its own peak memory (VmHWM). A process of its own, so that the
 * peak is the export's and not the benchmark's.
 *   node --import tsx scripts/bench/export-child.ts --db FILE --format csv|xlsx --rows N --out DIR --until YYYY-MM-DD
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    until: { type: 'string', default: '2026-11-20' },
  },
});
const { ledgerKind } = await import('../../db/src/exports/kinds/ledger');
const { CsvWriter } = await import('../../db/src/exports/writers/csv');
const { XlsxWriter } = await import('../../db/src/exports/writers/xlsx');

const limit = Number(values.rows);
mkdirSync(values.out!, { recursive: true });
const path = join(values.out!, `ledger.${values.format}`);
rmSync(path, { force: true });
const db = new Database(values.db!, { readonly: true, fileMustExist: true });
db.exec('BEGIN');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const output = ledgerKind.open(db, { from: '2000-01-01', to: values.until! }, values.until!);
let rows = 0;
let tEnd = 0;
if (values.format === 'xlsx') {
  const xlsx = await XlsxWriter.open(path, ledgerKind.columns, ledgerKind.label);
  for (const cells of output.rows) {
    xlsx.write(cells);
    if (++rows % 200 === 0) await xlsx.drained();
    if (rows >= limit) break;
  }
  tEnd = performance.now();
  await xlsx.end();
} else {
  const csv = await CsvWriter.open(path, ledgerKind.columns, 'utf8');
  for (const cells of output.rows) {
    csv.write(cells);
    if (++rows >= limit) break;
  }
  tEnd = performance.now();
  csv.end();
}
const t1 = performance.now();
const seconds = (t1 - t0) / 1000;
// CPU time of this process (all its threads: zlib deflates on the thread pool). On a shared
// machine it varies less than the wall time, which is what rows/s is computed from.
const cpu = process.cpuUsage(cpu0);
db.exec('COMMIT');
db.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const bytes = statSync(path).size;
rmSync(path, { force: true });
const report = {
  format: values.format,
  rows,
  seconds,
  rowsPerSecond: rows / seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  // of `seconds`, finishing the file: the last block, the end of the zip, fsync
  endSeconds: (t1 - tEnd) / 1000,
  peakRssMB: hwm ? Number(hwm) / 1024 : null,
  bytes,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
