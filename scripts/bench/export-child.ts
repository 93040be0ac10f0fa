/**
 * Child process of the benchmark: streams one export kind's rows (db/src/exports: the kind's
 * rows and its CSV or XLSX writer) into a file and reports rows/s, its CPU time and its own
 * peak memory (VmHWM); then reads the same rows with the kind's own query, raw (arrays, no
 * formatting, no file), in the same process, so that the two rates can be compared. A
 * process of its own, so that the peak is the export's and not the benchmark's.
 *   node --import tsx scripts/bench/export-child.ts --db FILE --kind ledger|roster --format csv|xlsx --rows N --out DIR --until YYYY-MM-DD
 * The ledger covers the whole history up to --until; the roster the month before --until's.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    kind: { type: 'string', default: 'ledger' },
    format: { type: 'string', default: 'csv' },
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    until: { type: 'string', default: '2026-11-20' },
  },
});
const { exportRange, rawQuery } = await import('./export-kinds');
const { KIND_SPECS } = await import('../../db/src/exports/kinds/specs');
const { CsvWriter } = await import('../../db/src/exports/writers/csv');
const { XlsxWriter } = await import('../../db/src/exports/writers/xlsx');

// An export loads no library of its own since the XLSX writer writes its zip itself
// (db/src/exports/writers/zip.ts): nothing to load before the clock starts.

const kind = values.kind as 'ledger' | 'roster';
const spec = KIND_SPECS[kind];
const range = exportRange(kind, values.until!);
const limit = Number(values.rows);
mkdirSync(values.out!, { recursive: true });
const path = join(values.out!, `${kind}.${values.format}`);
rmSync(path, { force: true });
const db = new Database(values.db!, { readonly: true, fileMustExist: true });
db.exec('BEGIN');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const output = spec.open(db, range, values.until!);
let rows = 0;
let tEnd = 0;
if (values.format === 'xlsx') {
  const xlsx = await XlsxWriter.open(path, spec.columns, spec.label);
  for (const cells of output.rows) {
    xlsx.write(cells);
    if (++rows % 200 === 0) await xlsx.drained();
    if (rows >= limit) break;
  }
  tEnd = performance.now();
  await xlsx.end();
} else {
  const csv = await CsvWriter.open(path, spec.columns, 'utf8');
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

// The same rows by the kind's own query, after the export (so the export, not the raw read,
// found the file's pages cold).
const { sql, params } = rawQuery(kind, range);
const r0 = performance.now();
const rcpu0 = process.cpuUsage();
let raw = 0;
for (const _row of db.prepare(sql).raw(true).iterate(params)) if (++raw >= rows) break;
const rawSeconds = (performance.now() - r0) / 1000;
const rawCpu = process.cpuUsage(rcpu0);
db.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const bytes = statSync(path).size;
rmSync(path, { force: true });
const report = {
  kind,
  format: values.format,
  rows,
  seconds,
  rowsPerSecond: rows / seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  // of `seconds`, finishing the file: the last block, the end of the zip, fsync
  endSeconds: (t1 - tEnd) / 1000,
  peakRssMB: hwm ? Number(hwm) / 1024 : null,
  bytes,
  raw: { rows: raw, seconds: rawSeconds, rowsPerSecond: raw / rawSeconds, cpuSeconds: (rawCpu.user + rawCpu.system) / 1e6 },
};
process.stdout.write(`${JSON.stringify(report)}\n`);
