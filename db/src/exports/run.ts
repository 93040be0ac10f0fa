/**
 * One export run, start to end: check the period and the folder, take the kind's lock,
 * stream the rows from a read-only snapshot into the XLSX and the CSV at once, write the
 * manifest, publish the folder atomically, and log and audit the outcome either way.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { appendAudit } from '../audit/chain';
import { anchorAuditHead, auditHead } from '../audit/anchor';
import { shanghaiDate } from '../calendar/dates';
import { AppError, conflict } from '../errors';
import { readSettings } from '../settings/settings';
import { PRIVATE_FILE_MODE } from '../database/private-files';
import { checkExportDir, createTempFolder, freeRunNo, fsyncPath, publishFolder, removeQuietly } from './atomic-folder';
import { ledgerKind } from './kinds/ledger';
import { monthlyKind } from './kinds/monthly';
import { rosterKind } from './kinds/roster';
import type { CsvEncoding, ExportKind, KindSpec } from './layout';
import { csvEncodingLabel, hashFile, MANIFEST_NAME, manifestJson, type Manifest, type ManifestFile } from './manifest';
import { checkPeriod, fileBase, folderName } from './periods';
import { beginRun, endActive, getRun, lastRunNo, runView, type Actor, type ExportRunView } from './runs';
import { CsvWriter } from './writers/csv';
import { XlsxWriter } from './writers/xlsx';

export const KINDS: Record<ExportKind, KindSpec> = { ledger: ledgerKind, monthly: monthlyKind, roster: rosterKind };

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
}

const PROGRESS_EVERY = 5000;
const DRAIN_EVERY = 200;

export async function runExport(host: ExportHost, req: ExportRequest): Promise<ExportRunView> {
  const range = checkPeriod(req.kind, req.period, req.now);
  const settings = readSettings(host.db);
  const dir = settings.exportDir;
  checkExportDir(dir);
  const encoding = req.encoding ?? settings.exportCsvEncoding;
  const spec = KINDS[req.kind];
  const db = host.db;
  const runId = beginRun(db, host.dbPath, { kind: req.kind, period: req.period, encoding, trigger: req.trigger, actor: req.actor, at: req.now });
  let temp: string | null = null;
  let snapshot: Database.Database | null = null;
  let csv: CsvWriter | null = null;
  let xlsx: XlsxWriter | null = null;
  try {
    temp = createTempFolder(dir, `${req.kind}_${req.period}_${runId}`);
    db.prepare('UPDATE export_runs SET temp_folder = ? WHERE id = ?').run(temp, runId);

    // A connection of its own: the rows are read across awaits (the XLSX writer drains),
    // and better-sqlite3 refuses any other statement on a connection while one iterates,
    // which would block every clerk's save for the length of the export. In WAL mode the
    // read transaction is also one consistent snapshot for the whole file.
    snapshot = new Database(host.dbPath, { readonly: true, fileMustExist: true });
    snapshot.pragma('busy_timeout = 5000');
    snapshot.exec('BEGIN');

    const base = fileBase(settings.centreCode, req.kind, req.period);
    const xlsxName = `${base}.xlsx`;
    const csvName = `${base}.csv`;
    xlsx = await XlsxWriter.open(join(temp, xlsxName), spec.columns, spec.label);
    csv = await CsvWriter.open(join(temp, csvName), spec.columns, encoding);
    const output = spec.open(snapshot, range, shanghaiDate(req.now));
    // The audit chain as far as this snapshot: the manifest names it, so the district holds
    // a head of the chain the centre cannot quietly cut back to before it.
    const head = auditHead(snapshot);
    let rows = 0;
    const progress = db.prepare('UPDATE export_runs SET rows = ? WHERE id = ?');
    for (const cells of output.rows) {
      xlsx.write(cells);
      csv.write(cells);
      rows++;
      if (rows % DRAIN_EVERY === 0) await xlsx.drained();
      if (rows % PROGRESS_EVERY === 0) {
        progress.run(rows, runId);
        req.onProgress?.(rows);
      }
    }
    const totalsRows = output.totals ? 1 : 0;
    if (output.totals) {
      const totals = output.totals();
      xlsx.write(totals);
      csv.write(totals);
    }
    snapshot.exec('COMMIT');
    snapshot.close();
    snapshot = null;
    csv.end();
    await xlsx.end();

    const runNo = freeRunNo(dir, lastRunNo(db, req.kind, req.period) + 1, (n) => folderName(settings.centreCode, req.kind, req.period, n));
    const files: ManifestFile[] = [
      { name: xlsxName, format: 'xlsx', rows, headerRows: 1, totalsRows, ...(await hashFile(join(temp, xlsxName))), encoding: 'xlsx' },
      { name: csvName, format: 'csv', rows, headerRows: 1, totalsRows, ...(await hashFile(join(temp, csvName))), encoding: csvEncodingLabel(encoding) },
    ];
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
      ...(output.summary ? { summary: output.summary() } : {}),
    };
    const manifestPath = join(temp, MANIFEST_NAME);
    writeFileSync(manifestPath, manifestJson(manifest), { flag: 'wx', mode: PRIVATE_FILE_MODE });
    fsyncPath(manifestPath);
    const { sha256: manifestSha } = await hashFile(manifestPath);
    const folder = publishFolder(dir, temp, folderName(settings.centreCode, req.kind, req.period, runNo));
    temp = null;

    db.transaction(() => {
      db.prepare(
        `UPDATE export_runs SET status = 'ok', run_no = @runNo, folder = @folder, temp_folder = NULL, rows = @rows, files = @files,
                manifest_sha256 = @manifestSha, finished_at = @at WHERE id = @id`,
      ).run({ id: runId, runNo, folder, rows, files: JSON.stringify(files), manifestSha, at: readClock(req).toISOString() });
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
        },
      });
    })();
    anchorAuditHead(db, host.dbPath, req.now);
    return runView(host.dbPath, getRun(db, runId)!);
  } catch (err) {
    csv?.abort();
    xlsx?.abort();
    if (snapshot?.open) snapshot.close();
    removeQuietly(temp);
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
