/**
 * One export run, start to end: check the period and the folder, take the kind's lock,
 * have a worker stream the rows from a read-only snapshot into the XLSX and the CSV at once
 * (write-job.ts), write the manifest, publish the folder atomically, and log and audit the
 * outcome either way.
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { appendAudit } from '../kernel/audit-chain';
import { anchorAuditHead } from '../audit/anchor';
import { shanghaiDate } from '../calendar/dates';
import { AppError, conflict, validationError } from '../kernel/errors';
import type { Ctx } from '../kernel/handler';
import { getItemVersion } from '../catalogue/catalogue';
import { markHandedOff } from '../cases/handoff';
import { getCaseRow } from '../cases/store';
import { handoffCases } from './kinds/handoff';
import { readSettings } from '../settings/settings';
import { PRIVATE_FILE_MODE } from '../database/private-files';
import { checkExportDir, createTempFolder, freeRunNo, fsyncPath, publishFolder, removeQuietly } from './atomic-folder';
import { KIND_SPECS } from './kinds/specs';
import type { CsvEncoding, ExportKind, KindSpec } from './layout';
import { hashFile, MANIFEST_NAME, manifestJson, type Manifest } from './manifest';
import { checkPeriod, fileBase, folderName } from './periods';
import { beginRun, endActive, getRun, lastRunNo, runView, type Actor, type ExportRunView } from './runs';
import { runJob } from '../jobs/run-job';

export const KINDS: Record<ExportKind, KindSpec> = KIND_SPECS;

/** What a run needs of the core: the live connection (for the log) and the file (for the snapshot). */
export interface ExportHost {
  db: Database.Database;
  dbPath: string;
  programVersion: string;
}

export interface ExportRequest {
  kind: ExportKind;
  period: string;
  encoding?: CsvEncoding | undefined;
  trigger: 'manual' | 'schedule';
  actor: Actor;
  now: Date;
  /** the clock read again when the files are done; the wall clock if not given */
  clock?: () => Date;
  /** called every few thousand rows (the run row's `rows` is updated too) */
  onProgress?: (rows: number) => void;
  /** the 移交 package on demand: exactly these cases (kind 'handoff' only) */
  caseIds?: number[] | undefined;
}

export async function runExport(host: ExportHost, req: ExportRequest): Promise<ExportRunView & { withheld?: { caseNo: string; itemCode: string; reason: string }[]; handedOff?: string[] }> {
  if (req.caseIds !== undefined && req.kind !== 'handoff') throw validationError([{ path: 'caseIds', message: '只有移交包可以选定办件导出' }]);
  const range = checkPeriod(req.kind, req.period, req.now, req.caseIds !== undefined);
  // Chosen cases that cannot leave are refused before anything starts (no failed run left behind).
  if (req.caseIds !== undefined) handoffCases(host.db, range.to, req.caseIds);
  const settings = readSettings(host.db);
  const dir = settings.exportDir;
  checkExportDir(dir);
  const encoding = req.encoding ?? settings.exportCsvEncoding;
  const spec = KINDS[req.kind];
  const db = host.db;
  const asOf = shanghaiDate(req.now);
  const runId = beginRun(db, host.dbPath, { kind: req.kind, period: req.period, encoding, trigger: req.trigger, actor: req.actor, at: req.now });
  let temp: string | null = null;
  let published: string | null = null;
  try {
    temp = createTempFolder(dir, `${req.kind}_${req.period}_${runId}`);
    db.prepare('UPDATE export_runs SET temp_folder = ? WHERE id = ?').run(temp, runId);

    // The rows and the files on a worker with a snapshot connection of its own: this
    // thread keeps answering searches and saves, and only records the progress.
    const progress = db.prepare('UPDATE export_runs SET rows = ? WHERE id = ?');
    const written = await runJob(
      'exports.write',
      { dbPath: host.dbPath, kind: req.kind, range, asOf, encoding, temp, base: fileBase(settings.centreCode, req.kind, req.period), caseIds: req.caseIds },
      {
        owner: host.dbPath,
        onProgress: ({ rows }) => {
          progress.run(rows, runId);
          req.onProgress?.(rows);
        },
      },
    );
    const { rows, files, auditHead: head } = written;

    const runNo = freeRunNo(dir, lastRunNo(db, req.kind, req.period) + 1, (n) => folderName(settings.centreCode, req.kind, req.period, n));
    const manifest: Manifest = {
      layoutVersion: spec.layoutVersion,
      centreCode: settings.centreCode,
      centreName: settings.centreName,
      kind: req.kind,
      kindLabel: spec.label,
      period: req.period,
      generatedAt: readClock(req).toISOString(),
      programVersion: host.programVersion,
      runNo,
      files,
      auditHead: head,
      ...(written.summary ? { summary: written.summary } : {}),
    };
    const manifestPath = join(temp, MANIFEST_NAME);
    writeFileSync(manifestPath, manifestJson(manifest), { flag: 'wx', mode: PRIVATE_FILE_MODE });
    fsyncPath(manifestPath);
    const { sha256: manifestSha } = await hashFile(manifestPath);
    const finishedAt = readClock(req);
    const name = folderName(settings.centreCode, req.kind, req.period, runNo);
    const complete = (folder: string): void => {
      db.prepare(
        `UPDATE export_runs SET status = 'ok', run_no = @runNo, folder = @folder, temp_folder = NULL, rows = @rows, files = @files,
                manifest_sha256 = @manifestSha, finished_at = @at WHERE id = @id`,
      ).run({ id: runId, runNo, folder, rows, files: JSON.stringify(files), manifestSha, at: finishedAt.toISOString() });
      appendAudit(db, req.actor, req.now, {
        handler: 'exports.run',
        action: 'export',
        recordType: 'export_run',
        recordId: runId,
        detail: {
          kind: req.kind,
          period: req.period,
          trigger: req.trigger,
          folder,
          rows,
          files: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
          manifestSha256: manifestSha,
          ...(req.kind === 'handoff' ? { handedOff, ...(req.caseIds ? { onDemand: true } : {}) } : {}),
        },
      });
    };
    const handedOff: string[] = [];
    let folder: string;
    if (req.kind === 'handoff') {
      // The cases leave with the package or not at all: marked handed off, the folder
      // published and the run completed in one transaction. A case changed meanwhile (withdrawn)
      // fails the run before the folder is published.
      folder = db.transaction(() => {
        handedOff.push(...markPackageHandedOff(db, req, runId, asOf, written.caseIds ?? [], finishedAt));
        published = publishFolder(dir, temp!, name);
        complete(published);
        return published;
      })();
    } else {
      folder = publishFolder(dir, temp, name);
      db.transaction(() => complete(folder))();
    }
    temp = null;
    published = null;
    anchorAuditHead(db, host.dbPath, req.now);
    // Benefits the roster left out (two exclusive items of one person) reach the person who ran it.
    const withheld = written.summary?.['withheld'] as { caseNo: string; itemCode: string; reason: string }[] | undefined;
    return { ...runView(host.dbPath, getRun(db, runId)!), ...(withheld?.length ? { withheld } : {}), ...(req.kind === 'handoff' ? { handedOff } : {}) };
  } catch (err) {
    removeQuietly(temp);
    // a package whose cases were not marked handed off must not look complete
    removeQuietly(published);
    const failure = toAppError(err, dir);
    try {
      db.transaction(() => {
        db.prepare("UPDATE export_runs SET status = 'failed', temp_folder = NULL, error = @error, finished_at = @at WHERE id = @id").run({
          id: runId,
          error: failure.message,
          at: readClock(req).toISOString(),
        });
        appendAudit(db, req.actor, req.now, {
          handler: 'exports.run',
          action: 'export_failed',
          recordType: 'export_run',
          recordId: runId,
          detail: { kind: req.kind, period: req.period, trigger: req.trigger, error: failure.message },
        });
      })();
      anchorAuditHead(db, host.dbPath, req.now);
    } catch {
      // The database itself failing is reported by the original error below.
    }
    throw failure;
  } finally {
    endActive(host.dbPath, runId);
  }
}

/**
 * Marks every case of a 移交 package handed off with the run (cases/handoff.ts), each with a
 * timeline entry and an audit row. case_events names a person by a users row: a package of
 * the schedule names 计划任务 and refers to the case's own clerk only to keep that reference.
 */
function markPackageHandedOff(db: Database.Database, req: ExportRequest, runId: number, day: string, caseIds: readonly number[], at: Date): string[] {
  return caseIds.map((id) => {
    const row = getCaseRow(db, id);
    if (!row) throw conflict(`办件（编号 ${id}）已不存在，移交包作废，请重新导出`, { caseId: id });
    const item = getItemVersion(db, row.item_code, row.item_version);
    const session = req.actor ? { userId: req.actor.id, displayName: req.actor.name } : { userId: row.clerk_id, displayName: '计划任务' };
    const ctx = { db, now: () => at, session } as unknown as Ctx;
    const after = markHandedOff(ctx, row, item, runId, day);
    appendAudit(db, req.actor, at, {
      handler: 'exports.run',
      action: 'handoff',
      recordType: 'case',
      recordId: id,
      before: { handedOffOn: row.handed_off_on, handoffRunId: row.handoff_run_id, dueOn: row.due_on },
      after: { handedOffOn: after.handed_off_on, handoffRunId: after.handoff_run_id, dueOn: after.due_on },
      detail: { caseNo: row.case_no, decidedBy: item.decidedBy, exportRunId: runId, period: req.period },
    });
    return row.case_no;
  });
}

/** Now, by the request's clock, never before the run started (a clock put back meanwhile). */
function readClock(req: ExportRequest): Date {
  const t = req.clock ? req.clock() : new Date();
  return t.getTime() < req.now.getTime() ? req.now : t;
}

/** File system failures become a CONFLICT naming the folder; the rest stays as it is. */
function toAppError(err: unknown, dir: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return conflict(`导出文件夹所在磁盘已满：${dir}`, { path: dir, code });
  if (code && /^E[A-Z]+$/.test(code)) return conflict(`写入导出文件夹失败：${dir}（${code}）`, { path: dir, code });
  return conflict(`导出失败：${(err as Error)?.message ?? String(err)}`, { path: dir });
}
