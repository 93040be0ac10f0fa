/**
 * The export_runs table: one row per run, inserted as 'running' under a write lock so that
 * two runs of one kind never overlap, even from two processes on the same file (the
 * desktop app and the CLI). A 'running' row whose process is gone was killed: it is closed
 * as failed when the next run of its kind starts, and its temporary folder removed.
 */
import type Database from 'better-sqlite3';
import { appendAudit } from '../kernel/audit-chain';
import { conflict } from '../kernel/errors';
import { removeQuietly } from './atomic-folder';
import { KIND_LABELS, type CsvEncoding, type ExportKind } from './layout';
import type { ManifestFile } from './manifest';

export type Actor = { id: number; name: string } | null;

export interface ExportRunRow {
  id: number;
  kind: ExportKind;
  period: string;
  run_no: number | null;
  trigger: 'manual' | 'schedule';
  actor_id: number | null;
  actor_name: string | null;
  encoding: CsvEncoding;
  status: 'running' | 'ok' | 'failed';
  folder: string | null;
  temp_folder: string | null;
  rows: number;
  files: string | null;
  manifest_sha256: string | null;
  error: string | null;
  pid: number | null;
  started_at: string;
  finished_at: string | null;
}

/** Runs under way in this process, by database file and run id. */
const active = new Set<string>();
const activeKey = (dbPath: string, id: number) => `${dbPath}#${id}`;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a 'running' row is really under way (here, or in another live process). */
export function isLive(dbPath: string, row: Pick<ExportRunRow, 'id' | 'pid'>): boolean {
  if (row.pid === process.pid) return active.has(activeKey(dbPath, row.id));
  return row.pid !== null && processAlive(row.pid);
}

export const INTERRUPTED = '导出中途中断（程序被关闭或崩溃），未生成完整的导出文件夹';

/**
 * Closes the dead 'running' rows of a kind (in the caller's transaction) and returns their
 * temporary folders for removal once the transaction has committed.
 */
function closeDeadRuns(db: Database.Database, dbPath: string, kind: ExportKind, at: Date): { live: ExportRunRow | null; leftovers: string[] } {
  const running = db.prepare("SELECT * FROM export_runs WHERE kind = ? AND status = 'running'").all(kind) as ExportRunRow[];
  const leftovers: string[] = [];
  let live: ExportRunRow | null = null;
  for (const row of running) {
    if (isLive(dbPath, row)) {
      live = row;
      continue;
    }
    db.prepare("UPDATE export_runs SET status = 'failed', error = @error, finished_at = @at WHERE id = @id").run({ id: row.id, error: INTERRUPTED, at: at.toISOString() });
    appendAudit(db, null, at, {
      handler: 'exports.run',
      action: 'export_interrupted',
      recordType: 'export_run',
      recordId: row.id,
      detail: { kind: row.kind, period: row.period, startedAt: row.started_at, pid: row.pid },
    });
    if (row.temp_folder) leftovers.push(row.temp_folder);
  }
  return { live, leftovers };
}

/** Starts a run: CONFLICT while another run of the kind is under way. */
export function beginRun(
  db: Database.Database,
  dbPath: string,
  req: { kind: ExportKind; period: string; encoding: CsvEncoding; trigger: 'manual' | 'schedule'; actor: Actor; at: Date },
): number {
  const { id, leftovers } = db
    .transaction(() => {
      const { live, leftovers } = closeDeadRuns(db, dbPath, req.kind, req.at);
      if (live) {
        throw conflict(`${KIND_LABELS[req.kind]}正在导出（${live.period}，${live.actor_name ?? '计划任务'}），请等它完成后再试`, {
          reason: 'export_running',
          runId: live.id,
        });
      }
      const id = Number(
        db
          .prepare(
            `INSERT INTO export_runs (kind, period, trigger, actor_id, actor_name, encoding, status, pid, started_at)
             VALUES (@kind, @period, @trigger, @actorId, @actorName, @encoding, 'running', @pid, @at)`,
          )
          .run({
            kind: req.kind,
            period: req.period,
            trigger: req.trigger,
            actorId: req.actor?.id ?? null,
            actorName: req.actor?.name ?? null,
            encoding: req.encoding,
            pid: process.pid,
            at: req.at.toISOString(),
          }).lastInsertRowid,
      );
      return { id, leftovers };
    })
    .immediate();
  active.add(activeKey(dbPath, id));
  for (const path of leftovers) removeQuietly(path);
  return id;
}

export function endActive(dbPath: string, id: number): void {
  active.delete(activeKey(dbPath, id));
}

export function getRun(db: Database.Database, id: number): ExportRunRow | undefined {
  return db.prepare('SELECT * FROM export_runs WHERE id = ?').get(id) as ExportRunRow | undefined;
}

/** The highest run number of the complete folders of a period. */
export function lastRunNo(db: Database.Database, kind: ExportKind, period: string): number {
  const row = db.prepare("SELECT max(run_no) AS n FROM export_runs WHERE kind = ? AND period = ? AND status = 'ok'").get(kind, period) as { n: number | null };
  return row.n ?? 0;
}

export interface ExportRunView {
  id: number;
  kind: ExportKind;
  kindLabel: string;
  period: string;
  runNo: number | null;
  trigger: 'manual' | 'schedule';
  by: string;
  encoding: CsvEncoding;
  /** 'interrupted': left 'running' by a process that no longer exists */
  status: 'running' | 'ok' | 'failed' | 'interrupted';
  folder: string | null;
  folderName: string | null;
  rows: number;
  files: ManifestFile[];
  manifestSha256: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export function runView(dbPath: string, row: ExportRunRow): ExportRunView {
  const interrupted = row.status === 'running' && !isLive(dbPath, row);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    period: row.period,
    runNo: row.run_no,
    trigger: row.trigger,
    by: row.trigger === 'schedule' ? '计划任务' : (row.actor_name ?? ''),
    encoding: row.encoding,
    status: interrupted ? 'interrupted' : row.status,
    folder: row.folder,
    folderName: row.folder ? (row.folder.split(/[\\/]/).pop() ?? null) : null,
    rows: row.rows,
    files: row.files ? (JSON.parse(row.files) as ManifestFile[]) : [],
    manifestSha256: row.manifest_sha256,
    error: interrupted ? INTERRUPTED : row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function listRuns(db: Database.Database, dbPath: string, opts: { kind?: ExportKind | undefined; limit: number; beforeId?: number | undefined }): ExportRunView[] {
  const rows = db
    .prepare(
      `SELECT * FROM export_runs WHERE (@kind IS NULL OR kind = @kind) AND (@beforeId IS NULL OR id < @beforeId)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ kind: opts.kind ?? null, beforeId: opts.beforeId ?? null, limit: opts.limit }) as ExportRunRow[];
  return rows.map((r) => runView(dbPath, r));
}
