/**
 * 居民批量导入 (issue #20), administrator only: preview, import (or dry run) on a worker
 * thread with progress and cancel, and the refused rows as XLSX. docs/resident-import.md
 * is the contract the import screen is built on.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from '../../kernel/zod-zh';
import { handler, type Ctx } from '../../kernel/handler';
import { conflict, notFound } from '../../kernel/errors';
import { textRule } from '../../validation/free-text';
import { shanghaiDate } from '../../shared/china-time';
import { startJob } from '../../jobs/run-job';
import { anchorAuditHead } from '../../audit/anchor';
import { prepared } from '../../kernel/prepared';
import { FIELD_KEYS, FIELD_LABELS, REQUIRED, checkRow, columnsOf, missingRequired, resolveMapping, type Mapping } from './fields';
import { openRecords, statImportFile } from './read-file';
import { REPORT_SUFFIX } from './report';
import { incomingFilePath } from '../../files/incoming-file';
import { removeOlderThan } from '../../files/remove-old';
import type { ImportProgress, ImportResult } from './job';

const fileInput = incomingFilePath('导入文件', 'D:\\导入\\居民.xlsx');

const mappingInput = z
  .record(
    z.string().max(100, '表头过长').check(textRule('表头')),
    z.enum(FIELD_KEYS, { error: `列只能对应：${FIELD_KEYS.join('、')}（或 null 表示不导入）` }).nullable(),
  )
  .refine((m) => Object.keys(m).length <= 200, '列对应最多 200 项');

const MAPPING_KEY = 'residentImportMapping';
const PREVIEW_ROWS = 20;

/** The mapping the last import used, by header name (a settings row outside settings.get's). */
function rememberedMapping(ctx: Ctx): Mapping {
  const row = prepared<[string], { value: string }>(ctx.db, 'SELECT value FROM settings WHERE key = ?').get(MAPPING_KEY);
  if (!row) return {};
  const parsed = mappingInput.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : {};
}

function rememberMapping(ctx: Ctx, mapping: Mapping): void {
  const merged = { ...rememberedMapping(ctx), ...mapping };
  const keys = Object.keys(merged);
  // The newest 200 headers are enough for any file a centre receives.
  const kept = Object.fromEntries(keys.slice(Math.max(0, keys.length - 200)).map((k) => [k, merged[k]!]));
  prepared(
    ctx.db,
    `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @at)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ key: MAPPING_KEY, value: JSON.stringify(kept), at: ctx.now().toISOString() });
}

interface Running {
  importId: string;
  fileName: string;
  dryRun: boolean;
  startedAt: number;
  progress: ImportProgress | null;
  flag: Int32Array;
  cancelledBy: { id: number; name: string } | null;
}

// One import at a time per database; what importProgress reports.
const running = new Map<string, Running>();

const actorOf = (ctx: Ctx) => (ctx.session ? { id: ctx.session.userId, name: ctx.session.displayName } : null);
const reportDir = (ctx: Ctx) => join(dirname(ctx.database.path), 'imports');
const REPORT_ID = /^\d{14}-[0-9a-f]{6}$/;
const KEEP_REPORTS_MS = 30 * 24 * 60 * 60 * 1000;

function newImportId(now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The import worker's heap: the rows it holds take about 12 bytes per byte of CSV (an XLSX
 * is zipped, about 6 times smaller), plus room for the apply's short-lived objects. A limit
 * makes V8 collect them rather than let the heap grow to several times what is live.
 */
function heapLimitMb(file: string, bytes: number): number {
  const mb = bytes / 2 ** 20;
  const perMb = /\.xlsx$/i.test(file) ? 72 : 12;
  return Math.min(4096, Math.max(128, Math.ceil(mb * perMb) + 64));
}

/** Reading about a third of the time, applying the rest: the estimate's weights. */
const READ_SHARE = 0.3;

function progressView(r: Running, nowMs: number) {
  const p = r.progress;
  let fraction = 0;
  if (p?.phase === 'reading') fraction = READ_SHARE * (p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0);
  else if (p?.phase === 'applying') fraction = READ_SHARE + (1 - READ_SHARE) * (p.rowsTotal ? Math.min(1, p.rowsApplied / p.rowsTotal) : 0);
  const elapsedMs = nowMs - r.startedAt;
  return {
    running: true as const,
    importId: r.importId,
    dryRun: r.dryRun,
    fileName: r.fileName,
    phase: p?.phase ?? ('reading' as const),
    rowsRead: p?.rowsRead ?? 0,
    rowsTotal: p?.rowsTotal ?? null,
    rowsApplied: p?.rowsApplied ?? 0,
    fraction,
    elapsedMs,
    etaSeconds: fraction >= 0.02 ? Math.round((elapsedMs * (1 - fraction)) / fraction / 1000) : null,
    cancelRequested: Atomics.load(r.flag, 0) === 1,
  };
}

export const residentImportHandlers = {
  'residents.importPreview': handler({
    summary: '居民导入预览：识别编码、表头与列对应（记住上次的对应），前 20 行按导入后的样子列出并逐行检查',
    kind: 'read',
    roles: ['admin'],
    input: z.object({ file: fileInput, mapping: mappingInput.optional() }).strict(),
    run: async (ctx, input) => {
      const source = await openRecords(input.file, false);
      const remembered = rememberedMapping(ctx);
      const today = shanghaiDate(ctx.now());
      let headers: string[] = [];
      let mapping: Mapping = {};
      let cols: ReturnType<typeof columnsOf> = {};
      const rows: { line: number; values: Record<string, string>; problems: { field: string; reason: string }[] }[] = [];
      for await (const { line, cells } of source.records()) {
        if (line === 1) {
          headers = cells.map((c) => c.trim());
          mapping = resolveMapping(headers, input.mapping, remembered);
          cols = columnsOf(headers, mapping);
          continue;
        }
        if (cells.every((c) => c.trim() === '')) continue;
        const { row, problems } = checkRow(cells, cols, line, today);
        const values: Record<string, string> = {};
        if (row) {
          for (const [k, v] of Object.entries(row)) if (k !== 'line' && v !== null) values[k] = String(v);
        }
        rows.push({ line, values, problems });
        if (rows.length >= PREVIEW_ROWS) break;
      }
      return {
        fileName: input.file.split(/[\\/]/).pop()!,
        format: source.format,
        encoding: source.encoding,
        headers,
        mapping,
        remembered,
        fields: FIELD_KEYS.map((key) => ({ key, label: FIELD_LABELS[key], required: REQUIRED.includes(key) })),
        missingRequired: missingRequired(cols),
        rows,
      };
    },
  }),

  'residents.import': handler({
    summary: '批量导入居民和户（CSV 或 XLSX，格式见 docs/resident-import.md）：逐行检查，新身份证号登记、已有的只更新不同的项，户新建或补全；整次导入一个事务，取消或中断则全部不生效；dryRun 只检查不写入',
    kind: 'task',
    roles: ['admin'],
    input: z.object({ file: fileInput, mapping: mappingInput.optional(), dryRun: z.boolean().default(false) }).strict(),
    run: async (ctx, input): Promise<Omit<ImportResult, 'reportFile'> & { reportFile: string | null }> => {
      const bytes = statImportFile(input.file);
      const dbPath = ctx.database.path;
      if (running.has(dbPath)) throw conflict('已有居民导入正在进行，请等它完成或取消后再试', { importId: running.get(dbPath)!.importId });
      const now = ctx.now();
      const importId = newImportId(now);
      const cancelFlag = new SharedArrayBuffer(4);
      const entry: Running = {
        importId,
        fileName: input.file.split(/[\\/]/).pop()!,
        dryRun: input.dryRun,
        startedAt: ctx.clock().getTime(),
        progress: null,
        flag: new Int32Array(cancelFlag),
        cancelledBy: null,
      };
      running.set(dbPath, entry);
      try {
        // The refused-rows reports of earlier imports name residents: kept for a month to be sent back, then removed.
        removeOlderThan(reportDir(ctx), KEEP_REPORTS_MS, (name) => name.endsWith(REPORT_SUFFIX));
        const job = startJob(
          'residents.import',
          {
            dbPath,
            file: input.file,
            mapping: input.mapping,
            remembered: rememberedMapping(ctx),
            dryRun: input.dryRun,
            actor: actorOf(ctx),
            nowIso: now.toISOString(),
            today: shanghaiDate(now),
            importId,
            cancelFlag,
            reportDir: reportDir(ctx),
          },
          { owner: dbPath, onProgress: (p) => (entry.progress = p), resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(input.file, bytes) } },
        );
        const result = await job.result.catch((err: unknown) => {
          if ((err as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            throw conflict('导入文件的行数太多，超出了导入可用的内存：请把文件分成几个（每个 10 万行以内）分别导入', { file: input.file });
          }
          throw err;
        });
        ctx.db.transaction(() => {
          if (result.cancelled) {
            ctx.audit({
              action: 'import_cancelled',
              recordType: 'resident_import',
              recordId: importId,
              detail: { fileName: result.fileName, sha256: result.sha256, dryRun: input.dryRun, rowsRead: result.rows, cancelledBy: entry.cancelledBy },
            });
          } else if (input.dryRun) {
            ctx.audit({
              action: 'import_dry_run',
              recordType: 'resident_import',
              recordId: importId,
              detail: { fileName: result.fileName, sha256: result.sha256, rows: result.rows, applied: result.applied, refused: result.refused.length },
            });
          } else rememberMapping(ctx, result.mapping);
        })();
        if (!result.cancelled && !input.dryRun) anchorAuditHead(ctx.db, dbPath, now);
        return result;
      } finally {
        running.delete(dbPath);
      }
    },
  }),

  'residents.importProgress': handler({
    summary: '正在进行的居民导入的进度（已读行数、已写入行数、估计剩余时间）',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => {
      const r = running.get(ctx.database.path);
      return r ? progressView(r, ctx.clock().getTime()) : { running: false as const };
    },
  }),

  'residents.importCancel': handler({
    summary: '取消正在进行的居民导入：在下一批（至多 1000 行）处停下并回滚，数据库保持导入前的样子',
    kind: 'task',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => {
      const r = running.get(ctx.database.path);
      if (!r) return { cancelled: false };
      r.cancelledBy = actorOf(ctx);
      Atomics.store(r.flag, 0, 1);
      return { cancelled: true, importId: r.importId };
    },
  }),

  'residents.importReport': handler({
    summary: '居民导入被退回的行（XLSX，原表头与原值，末列“问题”），供来文单位改正后重发',
    kind: 'read',
    roles: ['admin'],
    input: z.object({ reportId: z.string({ error: '请给出报告编号' }).regex(REPORT_ID, '报告编号格式有误') }).strict(),
    run: (ctx, input) => {
      const fileName = `${input.reportId}${REPORT_SUFFIX}`;
      const file = join(reportDir(ctx), fileName);
      if (!existsSync(file)) throw notFound(`没有编号为 ${input.reportId} 的导入报告（该次导入没有退回的行，或报告已删除）`, { reportId: input.reportId });
      return { fileName, file, contentBase64: readFileSync(file).toString('base64') };
    },
  }),
};
