/**
 * Recurring benefits. Roles: list and reviewsDue for any signed-in person; change and stop
 * for a reviewer or an administrator (they change what is paid).
 */
import { z } from '../dispatcher/zod-zh';
import { handler, type Ctx } from '../dispatcher/handler';
import { shanghaiDate } from '../calendar/dates';
import { validationError } from '../errors';
import { beneficiaryView, changeAmount, requireBeneficiary, reviewsDue, stopBenefit, type BeneficiaryRow } from './beneficiaries';
import { monthSchema } from './months';
import { freeText } from '../validation/free-text';

const ANY_ROLE = ['clerk', 'reviewer', 'admin'] as const;
const today = (ctx: Ctx) => shanghaiDate(ctx.now());
const id = z.number({ error: '请给出享受对象编号' }).int().positive('编号应为正整数');
const reason = freeText('原因', { min: 1, max: 500, multiline: true });
const amount = z
  .number({ error: '请填写月发放金额' })
  .nonnegative('金额不能为负数')
  .max(1_000_000, '金额不合理')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '金额最多保留两位小数');

export const beneficiariesHandlers = {
  'beneficiaries.list': handler({
    summary: '享受对象（在保）名单：按居民、事项、状态筛选，按游标翻页',
    kind: 'read',
    roles: ANY_ROLE,
    input: z
      .object({
        residentId: z.number().int().positive().optional(),
        itemCode: z.string().trim().min(1).max(32).optional(),
        status: z.enum(['active', 'stopped']).optional(),
        cursor: z.string().regex(/^\d+$/, '翻页游标无效').optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    run: (ctx, input) => {
      const where: string[] = [];
      if (input.residentId !== undefined) where.push('resident_id = @residentId');
      if (input.itemCode !== undefined) where.push('item_code = @itemCode');
      if (input.status !== undefined) where.push('status = @status');
      if (input.cursor !== undefined) where.push('id < @cursor');
      const rows = ctx.db
        .prepare(`SELECT * FROM beneficiaries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`)
        .all({
          residentId: input.residentId,
          itemCode: input.itemCode?.toUpperCase(),
          status: input.status,
          cursor: input.cursor === undefined ? undefined : Number(input.cursor),
          limit: input.limit + 1,
        }) as BeneficiaryRow[];
      const page = rows.slice(0, input.limit);
      return {
        items: page.map((r) => beneficiaryView(ctx.db, r, today(ctx))),
        nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  }),

  'beneficiaries.change': handler({
    summary: '变更月发放金额（自某月起生效，须写明原因，保留历史）',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ id, monthlyAmount: amount, fromMonth: monthSchema, reason }).strict(),
    run: (ctx, input) => {
      const before = beneficiaryView(ctx.db, requireBeneficiary(ctx.db, input.id), today(ctx));
      const after = beneficiaryView(ctx.db, changeAmount(ctx, input.id, input), today(ctx));
      ctx.audit({ action: 'change', recordType: 'beneficiary', recordId: input.id, before, after, detail: { fromMonth: input.fromMonth, reason: input.reason } });
      return after;
    },
  }),

  'beneficiaries.stop': handler({
    summary: '停发（自某月起不再发放，须写明原因）',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ id, fromMonth: monthSchema, reason }).strict(),
    run: (ctx, input) => {
      const row = requireBeneficiary(ctx.db, input.id);
      if (input.fromMonth < row.start_month) {
        throw validationError([{ path: 'fromMonth', message: `停发月份不能早于起始月份（${row.start_month}）` }]);
      }
      const before = beneficiaryView(ctx.db, row, today(ctx));
      const after = beneficiaryView(ctx.db, stopBenefit(ctx, input.id, input), today(ctx));
      ctx.audit({ action: 'stop', recordType: 'beneficiary', recordId: input.id, before, after, detail: { fromMonth: input.fromMonth, reason: input.reason } });
      return after;
    },
  }),

  'beneficiaries.reviewsDue': handler({
    summary: '到期复核名单：需年度复核的享受对象，起始月满一年起每年一次',
    kind: 'read',
    roles: ANY_ROLE,
    input: z.object({ from: monthSchema, to: monthSchema }).strict(),
    run: (ctx, input) => {
      if (input.from > input.to) throw validationError([{ path: 'to', message: '结束月份不能早于开始月份' }]);
      const day = today(ctx);
      return {
        items: reviewsDue(ctx.db, input.from, input.to).map((r) => ({
          dueMonth: r.dueMonth,
          cycle: r.cycle,
          beneficiary: beneficiaryView(ctx.db, r.beneficiary, day),
        })),
      };
    },
  }),
};
