/**
 * The bulk resident import (issue #20) as the administrator runs it: `npm run cli --
 * residents.import` (the command line's bundle, as shipped) on a fresh database, a CSV of
 * N residents in households of three. Measures the wall time, the CPU time and the peak
 * resident set of that process (VmHWM, read from /proc while it runs: Linux only), then
 * the same file again (a no-op). Targets: 100,000 rows in < 60 s, < 300 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore } from '../../db/src/core';
import { bulkRows, IMPORT_HEADER, writeImportFile } from '../../tests/support/resident-import-file';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = { username: 'admin', password: 'bench-pass-1', displayName: '王管理', staffIdNumber: '110101198001010037' };

export interface ImportRun {
  seconds: number;
  cpuSeconds: number | null;
  peakRssMiB: number | null;
  rows: number;
  created: number;
  applied: number;
  refused: number;
}

export interface ResidentImportBench {
  rows: number;
  fileBytes: number;
  first: ImportRun;
  repeat: ImportRun;
}

/** /proc/<pid>/status VmHWM (peak RSS) and /proc/<pid>/stat utime+stime, while it lives. */
function procFigures(pid: number): { hwmKiB: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { hwmKiB: hwm ? Number(hwm[1]) : 0, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

async function cliImport(dbPath: string, file: string): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/run-bundle.cjs', 'cli', '--db', dbPath, '--user', ADMIN.username, 'residents.import', JSON.stringify({ file })], {
    cwd: ROOT,
    env: { ...process.env, ONEWINDOW_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errText = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (errText += d));
  let last: { hwmKiB: number; cpuTicks: number } | null = null;
  const timer = setInterval(() => {
    const f = procFigures(child.pid!);
    // an exiting process's status has no VmHWM any more: keep the highest seen
    if (f) last = { hwmKiB: Math.max(f.hwmKiB, last?.hwmKiB ?? 0), cpuTicks: Math.max(f.cpuTicks, last?.cpuTicks ?? 0) };
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`residents.import exited ${code}: ${errText}`);
  const r = JSON.parse(out) as { rows: number; created: number; applied: number; refused: unknown[] };
  const figures = last as { hwmKiB: number; cpuTicks: number } | null;
  return {
    seconds: (performance.now() - started) / 1000,
    // clock ticks of 1/100 s on Linux; the last sample is up to 0.1 s before the end
    cpuSeconds: figures ? figures.cpuTicks / 100 : null,
    peakRssMiB: figures ? Math.round(figures.hwmKiB / 1024) : null,
    rows: r.rows,
    created: r.created,
    applied: r.applied,
    refused: r.refused.length,
  };
}

export async function benchResidentImport(rows: number, log: (line: string) => void): Promise<ResidentImportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-import-'));
  try {
    const file = await writeImportFile(dir, 'utf-8', bulkRows(rows), IMPORT_HEADER, 'residents');
    const dbPath = join(dir, 'import.sqlite');
    const core = openCore({ dbPath, logger: { error: () => {}, warn: () => {}, info: () => {} }, integrityCheck: false });
    const setup = await core.dispatch('accounts.setup', ADMIN);
    core.close();
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    log(`居民导入：${rows.toLocaleString('en-US')} 行，${(statSync(file).size / 2 ** 20).toFixed(1)} MiB（npm run cli -- residents.import）`);
    const first = await cliImport(dbPath, file);
    log(`  首次导入 ${first.seconds.toFixed(1)} 秒（CPU ${first.cpuSeconds?.toFixed(1) ?? '—'} 秒），峰值内存 ${first.peakRssMiB ?? '—'} MiB，新登记 ${first.created}`);
    const repeat = await cliImport(dbPath, file);
    log(`  同一文件再导入 ${repeat.seconds.toFixed(1)} 秒（CPU ${repeat.cpuSeconds?.toFixed(1) ?? '—'} 秒），峰值内存 ${repeat.peakRssMiB ?? '—'} MiB，生效 ${repeat.applied} 行`);
    return { rows, fileBytes: statSync(file).size, first, repeat };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
