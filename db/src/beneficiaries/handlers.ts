/**
 * Recurring benefits. Roles: list, get and reviewsDue for any signed-in person; change, stop,
 * confirmChange, rejectChange, pendingChanges, amountPreview and recordReview for a reviewer
 * or an administrator. list and get show the amount of a month (`month`, default the current
 * one), so an age-tier step is visible before and after it. A change or stop, also one a
 * review (复核) decides, is only a proposal until a second person confirms it (proposals.ts,
 * reviews.ts).
 */
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { dateSchema, shanghaiDate } from '../calendar/dates';
import { validationError } from '../kernel/errors';
import { beneficiaryView, requireBeneficiary, reviewsDue, type BeneficiaryRow } from './beneficiaries';
import { confirmProposal, decisionRefusal, getProposal, pendingProposals, proposalView, propose, rejectProposal } from './proposals';
import { monthSchema } from './months';
import { recordReview, reviewsOverdue } from './reviews';
import { amountPreview } from './amount-preview';
import { monthlyHistory } from './monthly-history';
import { freeText } from '../validation/free-text';

const ANY_ROLE = ['clerk', 'reviewer', 'admin'] as const;
const today = (ctx: Ctx) => shanghaiDate(ctx.now());
const id = z.number({ error: '请给出享受对象编号' }).int().positive('编号应为正整数');
const proposalId = z.number({ error: '请给出变更申请编号' }).int().positive('编号应为正整数');
const reason = freeText('原因', { min: 1, max: 500, multiline: true, emptyMessage: '请填写原因' });
const amount = z
  .number({ error: '请填写月发放金额' })
  .nonnegative('金额不能为负数')
  .max(1_000_000, '金额不合理')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '金额最多保留两位小数');

/** A change or a stop becomes a pending proposal, audited; a second reviewer confirms it. */
function proposeAndAudit(ctx: Ctx, id: number, request: Parameters<typeof propose>[2]) {
  const proposal = proposalView(propose(ctx, id, request));
  ctx.audit({ action: `propose_${proposal.kind}`, recordType: 'beneficiary', recordId: id, after: proposal, detail: { proposalId: proposal.id } });
  return { proposal, beneficiary: beneficiaryView(ctx.db, requireBeneficiary(ctx.db, id), today(ctx)) };
}

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
        /** the month whose amount each row shows (monthlyAmount); the current month when absent */
        month: monthSchema.optional(),
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
        items: page.map((r) => beneficiaryView(ctx.db, r, today(ctx), input.month)),
        nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  }),

  'beneficiaries.get': handler({
    summary: '一位享受对象：某月（默认本月）的发放金额、下一次年龄档调整、全部变动记录与近 24 个月的按月发放记录',
    kind: 'read',
    roles: ANY_ROLE,
    input: z.object({ id, month: monthSchema.optional() }).strict(),
    run: (ctx, input) => {
      const row = requireBeneficiary(ctx.db, input.id);
      const view = beneficiaryView(ctx.db, row, today(ctx), input.month);
      return { ...view, months: monthlyHistory(ctx.db, row, today(ctx), view.payments) };
    },
  }),

  'beneficiaries.amountPreview': handler({
    summary: '审批前预览：按月发放事项审批通过后的月发放金额、所在年龄档、此后的年龄档调整与金额范围',
    kind: 'read',
    roles: ['reviewer', 'admin'],
    input: z.object({ caseId: z.number({ error: '请给出办件编号' }).int().positive('编号应为正整数'), startMonth: monthSchema.optional() }).strict(),
    run: (ctx, input) => amountPreview(ctx.db, input.caseId, today(ctx), input.startMonth),
  }),

  'beneficiaries.change': handler({
    summary: '提出变更月发放金额（自某月起生效，须写明原因）：经另一位审核人员确认后生效',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ id, monthlyAmount: amount, fromMonth: monthSchema, reason }).strict(),
    run: (ctx, input) => proposeAndAudit(ctx, input.id, { kind: 'change', ...input }),
  }),

  'beneficiaries.stop': handler({
    summary: '提出停发（自某月起不再发放，须写明原因）：经另一位审核人员确认后生效',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ id, fromMonth: monthSchema, reason }).strict(),
    run: (ctx, input) => proposeAndAudit(ctx, input.id, { kind: 'stop', ...input }),
  }),

  'beneficiaries.confirmChange': handler({
    summary: '确认待确认的金额变更或停发（不能是提出人，也不能是该办件的受理人）：确认后生效',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ proposalId }).strict(),
    run: (ctx, input) => {
      const pending = getProposal(ctx.db, input.proposalId);
      const before = pending ? beneficiaryView(ctx.db, requireBeneficiary(ctx.db, pending.beneficiary_id), today(ctx)) : null;
      const out = confirmProposal(ctx, input.proposalId);
      const after = beneficiaryView(ctx.db, out.beneficiary, today(ctx));
      const proposal = proposalView(out.proposal);
      ctx.audit({
        action: proposal.kind === 'stop' ? 'stop' : 'change',
        recordType: 'beneficiary',
        recordId: after.id,
        before,
        after,
        detail: { proposalId: proposal.id, proposedBy: proposal.proposedBy, fromMonth: proposal.effectiveMonth, reason: proposal.reason },
      });
      return { proposal, beneficiary: after };
    },
  }),

  'beneficiaries.rejectChange': handler({
    summary: '驳回待确认的金额变更或停发（须写明理由；不能是提出人，也不能是该办件的受理人）',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z.object({ proposalId, reason }).strict(),
    run: (ctx, input) => {
      const proposal = proposalView(rejectProposal(ctx, input.proposalId, input.reason));
      ctx.audit({ action: 'reject_change', recordType: 'beneficiary', recordId: proposal.beneficiaryId, after: proposal, detail: { proposalId: proposal.id, reason: input.reason } });
      return { proposal, beneficiary: beneficiaryView(ctx.db, requireBeneficiary(ctx.db, proposal.beneficiaryId), today(ctx)) };
    },
  }),

  'beneficiaries.pendingChanges': handler({
    summary: '待确认的金额变更与停发（最早提出的在前），并告知本人能否确认',
    kind: 'read',
    roles: ['reviewer', 'admin'],
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    run: (ctx, input) => {
      const day = today(ctx);
      return {
        items: pendingProposals(ctx.db, input.limit).map((p) => ({
          proposal: proposalView(p),
          beneficiary: beneficiaryView(ctx.db, requireBeneficiary(ctx.db, p.beneficiary_id), day),
          refusal: decisionRefusal(ctx, p.id),
        })),
      };
    },
  }),

  'beneficiaries.reviewsDue': handler({
    summary: '到期复核名单：需年度复核的享受对象，起始月（或上次复核）满一年到期；overdue 为此前到期仍未复核的',
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
        overdue: reviewsOverdue(ctx.db, input.from).map((r) => ({ dueMonth: r.dueMonth, beneficiary: beneficiaryView(ctx.db, r.beneficiary, day) })),
      };
    },
  }),

  'beneficiaries.recordReview': handler({
    summary: '记录年度复核结论：维持（次年再复核）、变更（新金额或新评估等级）或停发；变更与停发须另一位审核人员确认后生效',
    kind: 'write',
    roles: ['reviewer', 'admin'],
    input: z
      .object({
        beneficiaryId: id,
        outcome: z.enum(['confirm', 'change', 'stop'], { error: '复核结论应为 confirm（维持）、change（变更）或 stop（停发）' }),
        reviewedOn: dateSchema,
        opinion: freeText('复核意见', { min: 1, max: 400, multiline: true, emptyMessage: '请填写复核意见' }),
        monthlyAmount: amount.optional(),
        grade: freeText('评估等级', { min: 1, max: 40, emptyMessage: '请选择评估等级' }).optional(),
        fromMonth: monthSchema.optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const day = today(ctx);
      const review = recordReview(ctx, input, day);
      const beneficiary = beneficiaryView(ctx.db, requireBeneficiary(ctx.db, input.beneficiaryId), day);
      ctx.audit({
        action: 'review',
        recordType: 'beneficiary',
        recordId: input.beneficiaryId,
        after: review,
        detail: { outcome: review.outcome, proposalId: review.proposalId },
      });
      return { review, beneficiary };
    },
  }),
};
