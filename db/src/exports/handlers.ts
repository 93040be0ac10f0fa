import { isAbsolute, join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { notFound, validationError } from '../kernel/errors';
import { readSettings } from '../settings/settings';
import { duePeriods } from './due';
import { ENCODINGS, EXPORT_KINDS } from './layout';
import { runExport } from './run';
import { listRuns } from './runs';
import { scheduleTime } from './schedule';
import { verifyFolder } from './verify';
import { pendingHandoffs } from './kinds/handoff';

const actorOf = (ctx: Ctx) => (ctx.session ? { id: ctx.session.userId, name: ctx.session.displayName } : null);
const kindInput = z.enum(EXPORT_KINDS, { error: '导出种类只能是办件明细（ledger）、月报（monthly）、发放名册（roster）或移交包（handoff）' });

/** A folder name inside the export folder, or a full path; NOT_FOUND when it is not there. */
function exportFolder(ctx: Ctx, folder: string): string {
  const dir = readSettings(ctx.db).exportDir;
  let path: string;
  if (isAbsolute(folder)) path = folder;
  else {
    if (/[\\/]/.test(folder) || folder === '.' || folder === '..') throw validationError([{ path: 'folder', message: '请给出导出文件夹中的文件夹名' }]);
    if (!dir) throw validationError([{ path: 'folder', message: '尚未设置导出文件夹' }]);
    path = join(dir, folder);
  }
  if (!existsSync(path) || !statSync(path).isDirectory()) throw notFound(`文件夹不存在：${path}`, { path });
  return path;
}

export const exportsHandlers = {
  'exports.run': handler({
    summary: '立即导出一期文件（办件明细和移交包按日，月报和发放名册按月），写入设置的导出文件夹；移交包可选定办件（caseIds）当天移交',
    kind: 'task',
    roles: ['admin'],
    input: z
      .object({
        kind: kindInput,
        period: z.string({ error: '请给出导出期间' }).trim().min(1, '请给出导出期间'),
        encoding: z.enum(ENCODINGS, { error: 'CSV 编码只能是 UTF-8（utf8）或 GB 18030（gb18030），不提供 GBK' }).optional(),
        caseIds: z
          .array(z.number({ error: '办件编号应为数字' }).int('办件编号应为整数').min(1, '办件编号应为正整数'), { error: '选定的办件应为办件编号的列表' })
          .min(1, '请选择要移交的办件')
          .max(1000, '一个移交包最多选定 1000 件')
          .optional(),
      })
      .strict(),
    run: (ctx, input) =>
      runExport(
        { db: ctx.db, dbPath: ctx.database.path, programVersion: ctx.programVersion },
        { kind: input.kind, period: input.period, encoding: input.encoding, trigger: 'manual', actor: actorOf(ctx), now: ctx.now(), clock: ctx.clock, caseIds: input.caseIds },
      ),
  }),

  'exports.history': handler({
    summary: '导出记录，最新的在前（状态、行数、校验值、文件夹）',
    kind: 'read',
    roles: ['admin'],
    input: z
      .object({
        kind: kindInput.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        beforeId: z.number().int().min(1).optional(),
      })
      .strict(),
    run: (ctx, input) => listRuns(ctx.db, ctx.database.path, input),
  }),

  'exports.due': handler({
    summary: '计划导出尚欠的期间（自上次成功导出以来错过的每一期）',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => ({ scheduleTime: scheduleTime(ctx), kinds: duePeriods(ctx.db, ctx.now(), scheduleTime(ctx)) }),
  }),

  'exports.handoffPending': handler({
    summary: '待移交的办件：在“待区级审核确认”环节、尚未随移交包移交区级决定机关的办件（可选定后当天移交）',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => pendingHandoffs(ctx.db),
  }),

  'exports.verify': handler({
    summary: '重新读取一个导出文件夹，核对清单中的 SHA-256 校验值和行数',
    kind: 'read',
    roles: ['admin'],
    input: z.object({ folder: z.string({ error: '请给出文件夹' }).trim().min(1, '请给出文件夹').max(1000, '路径过长') }).strict(),
    run: (ctx, input) => verifyFolder(exportFolder(ctx, input.folder)),
  }),
};
