/**
 * The due exports the core's services run (`exports.scheduled`, by the system actor): the
 * daily time from the settings, and a run of every due period.
 */
import type Database from 'better-sqlite3';
import type { TaskGate } from '../kernel/dispatch';
import { readSettings } from '../settings/settings';
import { PROGRAM_VERSION } from '../version';
import { duePeriods } from './due';
import { runExport } from './run';
import type { ExportRunView } from './runs';

/** What the schedule needs of a core (structural, so this module does not import core.ts). */
export interface ExportsCore {
  readonly db: Database.Database;
  dbPath: string;
  tasks: TaskGate;
}

/** The daily time, or null while no export folder is set (nothing could be written). */
export function scheduleTime(core: Pick<ExportsCore, 'db'>): string | null {
  const s = readSettings(core.db);
  return s.exportDir && s.exportTime ? s.exportTime : null;
}

export interface DueRunReport {
  runs: ExportRunView[];
  failures: { kind: string; period: string; message: string }[];
}

/**
 * Exports every due period, oldest first per kind. A failed period stops its kind (the
 * later ones would leave a gap behind them) but not the other kinds; failures are in the
 * report (exports.scheduled).
 */
export async function exportDuePeriods(core: Pick<ExportsCore, 'db' | 'dbPath'>, now: Date): Promise<DueRunReport> {
  const report: DueRunReport = { runs: [], failures: [] };
  if (!readSettings(core.db).exportDir) return report;
  for (const due of duePeriods(core.db, now, scheduleTime(core))) {
    for (const period of due.periods) {
      try {
        report.runs.push(await runExport({ db: core.db, dbPath: core.dbPath, programVersion: PROGRAM_VERSION }, { kind: due.kind, period, trigger: 'schedule', actor: null, now }));
      } catch (err) {
        report.failures.push({ kind: due.kind, period, message: (err as Error).message });
        break;
      }
    }
  }
  return report;
}

/** The same under the task gate, throwing when anything failed so that the caller retries. */
export async function runDueExports(core: ExportsCore, now: Date): Promise<DueRunReport> {
  if (!readSettings(core.db).exportDir) return { runs: [], failures: [] };
  // A restore swaps the connection: never under it.
  if (!core.tasks.tryEnter()) throw new Error('正在恢复备份，计划导出稍后重试');
  let report: DueRunReport;
  try {
    report = await exportDuePeriods(core, now);
  } finally {
    core.tasks.leave();
  }
  throwOnFailures(report);
  return report;
}

/** A run with failures throws, so the scheduler records the failure and retries. */
export function throwOnFailures(report: DueRunReport): void {
  if (report.failures.length > 0) {
    throw Object.assign(new Error(`计划导出未全部完成：${report.failures.map((f) => `${f.kind} ${f.period}：${f.message}`).join('；')}`), { report });
  }
}
