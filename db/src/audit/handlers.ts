import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import type { AuditRow } from '../kernel/audit-chain';
import { runJob } from '../jobs/run-job';
import { CHINA_OFFSET_MS } from '../shared/china-time';
import { maskAuditValue } from './masked-values';
import { beginVerify, verifyProgress } from './verify-progress';

/**
 * A bound of the time filter as the stored times are written (ISO, UTC, 'Z'), so that the
 * text comparison in SQL is a time comparison. A date is a day in Shanghai: `from` its
 * first moment, `to` the first moment of the day after (the day itself included); a time
 * with an offset is that instant.
 */
function storedBound(value: string | undefined, side: 'from' | 'to'): string | null {
  if (value === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`) - CHINA_OFFSET_MS;
    return new Date(side === 'from' ? start : start + 86_400_000).toISOString();
  }
  return new Date(value).toISOString();
}

const parse = (text: string | null) => (text === null ? null : JSON.parse(text));

export const auditHandlers = {
  'audit.list': handler({
    summary: '审计日志（管理员）：按记录、人员、功能或时间筛选（日期按北京时间，含起止两日），新的在前，按 id 翻页；前后内容中的身份证号、电话、银行账号已脱敏',
    kind: 'read',
    roles: ['admin'],
    input: z
      .object({
        recordType: z.string().max(40).optional(),
        recordId: z.union([z.string(), z.number()]).optional(),
        actorId: z.number().int().optional(),
        handler: z.string().max(60).optional(),
        from: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
        to: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    run: (ctx, input) => {
      const rows = ctx.db
        .prepare(
          `SELECT * FROM audit_log
           WHERE (@recordType IS NULL OR record_type = @recordType)
             AND (@recordId IS NULL OR record_id = @recordId)
             AND (@actorId IS NULL OR actor_id = @actorId)
             AND (@handler IS NULL OR handler = @handler)
             AND (@from IS NULL OR at >= @from)
             AND (@to IS NULL OR at < @to)
             AND (@beforeId IS NULL OR id < @beforeId)
           ORDER BY id DESC LIMIT @limit`,
        )
        .all({
          recordType: input.recordType ?? null,
          recordId: input.recordId === undefined ? null : String(input.recordId),
          actorId: input.actorId ?? null,
          handler: input.handler ?? null,
          from: storedBound(input.from, 'from'),
          to: storedBound(input.to, 'to'),
          beforeId: input.beforeId ?? null,
          limit: input.limit + 1,
        }) as AuditRow[];
      const page = rows.slice(0, input.limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          handler: r.handler,
          action: r.action,
          recordType: r.record_type,
          recordId: r.record_id,
          before: maskAuditValue(parse(r.before)),
          after: maskAuditValue(parse(r.after)),
          detail: maskAuditValue(parse(r.detail)),
          hash: r.hash,
        })),
        nextBeforeId: rows.length > input.limit ? page[page.length - 1]!.id : null,
      };
    },
  }),

  'audit.verify': handler({
    summary: '校验审计日志哈希链，报告第一处不符的行；并与数据文件夹中的锚定（最近一次备份或导出时的末行）比对，发现末尾被删除或整条链被改写',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    // Seconds at a centre's scale: on a worker, so searches and intakes answer meanwhile.
    // The rows checked so far go to audit.verifyProgress, which the screen asks meanwhile.
    run: async (ctx) => {
      // max(id), not count(*): one index lookup rather than a scan, and the same in a whole chain.
      const total = (ctx.db.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
      const report = beginVerify(ctx.database.path, total, ctx.clock());
      try {
        const result = await runJob('audit.verify', { dbPath: ctx.database.path }, { owner: ctx.database.path, onProgress: ({ rows }) => report.progress(rows) });
        report.done(result, ctx.clock());
        return result;
      } catch (err) {
        report.failed(err, ctx.clock());
        throw err;
      }
    },
  }),

  'audit.verifyProgress': handler({
    summary: '审计日志校验的进度：正在进行的 audit.verify 已校验的行数与总行数，以及最近一次校验的结果与锚定',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => verifyProgress(ctx.database.path),
  }),
};
