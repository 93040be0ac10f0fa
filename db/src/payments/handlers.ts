/**
 * Payment results coming back from the bank (银行回盘) and the 补发 of failed payments.
 * Roles: reviewer or administrator. A 补发 is money: one reviewer proposes it, another
 * confirms it, and only then does the next roster list it.
 */
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { freeText } from '../validation/free-text';
import { monthSchema } from '../beneficiaries/months';
import { importReturn } from './import-return';
import { incomingFilePath, readIncomingFile } from '../files/incoming-file';
import { confirmReissue, failures, proposeReissue, reissueView } from './reissues';

const REVIEWERS = ['reviewer', 'admin'] as const;
// Bank returns are a row per payment: a few thousand rows, never tens of megabytes.
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const fileInput = incomingFilePath('回盘文件', 'D:\\回盘\\2026-05.csv');

const readReturnFile = (file: string): Buffer => readIncomingFile(file, '回盘文件', MAX_FILE_BYTES);

const today = (ctx: Ctx) => ctx.now();

export const paymentsHandlers = {
  'payments.importReturn': handler({
    summary: '导入银行回盘（CSV 或 XLSX，格式见导出说明“银行回盘”）：逐行核对发放名册，成功与失败的记录入账，不符的行列出原因且不改动任何数据；同一文件再次导入不生效；dryRun 只核对不记录',
    kind: 'write',
    roles: REVIEWERS,
    input: z.object({ file: fileInput, dryRun: z.boolean().default(false) }).strict(),
    run: (ctx, input) => {
      const report = importReturn(ctx, readReturnFile(input.file), input.file, input.dryRun);
      ctx.audit({
        action: input.dryRun ? 'import_dry_run' : report.alreadyImported ? 'import_repeat' : 'import',
        recordType: 'payment_return',
        recordId: report.importId,
        detail: { file: input.file, month: report.month, applied: report.applied, paid: report.paid, failed: report.failed.length, refused: report.refused },
      });
      return report;
    },
  }),
  'payments.failures': handler({
    summary: '发放失败、待跟进的款项（银行回盘所报），含是否已申请或确认补发',
    kind: 'read',
    roles: REVIEWERS,
    input: z.object({ month: monthSchema.optional() }).strict(),
    run: (ctx, input) => ({ items: failures(ctx.db, input.month) }),
  }),
  'payments.reissue': handler({
    summary: '申请补发某月发放失败的款项（须另一名审核人员以 payments.confirmReissue 确认后，列入下月发放名册）',
    kind: 'write',
    roles: REVIEWERS,
    input: z
      .object({
        beneficiaryId: z.number({ error: '请给出享受对象编号' }).int().positive('编号应为正整数'),
        month: monthSchema,
        reason: freeText('补发原因', { min: 1, max: 500, multiline: true, emptyMessage: '请填写补发原因' }),
      })
      .strict(),
    run: (ctx, input) => {
      const row = proposeReissue(ctx, input.beneficiaryId, input.month, input.reason);
      const view = reissueView(row);
      ctx.audit({ action: 'propose_reissue', recordType: 'payment_reissue', recordId: row.id, after: view, detail: { beneficiaryId: input.beneficiaryId, month: input.month } });
      return view;
    },
  }),
  'payments.confirmReissue': handler({
    summary: '确认他人申请的补发（本人申请的不能自己确认）：列入确认当月（最早为失败月份的下月）的发放名册',
    kind: 'write',
    roles: REVIEWERS,
    input: z.object({ reissueId: z.number({ error: '请给出补发申请编号' }).int().positive('编号应为正整数') }).strict(),
    run: (ctx, input) => {
      const { before, after } = confirmReissue(ctx, input.reissueId, today(ctx));
      const view = reissueView(after);
      ctx.audit({ action: 'confirm_reissue', recordType: 'payment_reissue', recordId: after.id, before: reissueView(before), after: view });
      return view;
    },
  }),
};
