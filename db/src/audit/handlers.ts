import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import type { AuditRow } from '../kernel/audit-chain';
import { runJob } from '../jobs/run-job';

const parse = (text: string | null) => (text === null ? null : JSON.parse(text));

export const auditHandlers = {
  'audit.list': handler({
    summary: '审计日志（管理员）：按记录、人员、功能或时间筛选，新的在前，按 id 翻页',
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
          from: input.from ?? null,
          to: input.to ?? null,
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
          before: parse(r.before),
          after: parse(r.after),
          detail: parse(r.detail),
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
    run: (ctx) => runJob('audit.verify', { dbPath: ctx.database.path }, { owner: ctx.database.path }),
  }),
};
