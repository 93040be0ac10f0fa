/**
 * Decisions of district authorities coming back (导入区级决定, 收受分离). Roles: reviewer or
 * administrator, as for the bank returns.
 */
import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { notFound } from '../kernel/errors';
import { importDecisions, storedImport } from './import-decisions';
import { incomingFilePath, readIncomingFile } from '../files/incoming-file';

const REVIEWERS = ['reviewer', 'admin'] as const;
// A row per decided case: a district's daily file is a few hundred rows, never megabytes.
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const fileInput = incomingFilePath('区级决定文件', 'D:\\区级决定\\2026-05-20.csv');

const readDecisionFile = (file: string): Buffer => readIncomingFile(file, '区级决定文件', MAX_FILE_BYTES);

export const decisionsHandlers = {
  'decisions.import': handler({
    summary: '导入区级决定（CSV 或 XLSX，格式见导入说明“区级决定”）：逐行核对已移交、待区级审核确认的办件，合格的行按区级决定办结（准予的按月待遇自区级核定的金额和月份起发放），不合格的行列出原因且不改动任何数据；同一文件再次导入不生效；dryRun 只核对不记录',
    kind: 'write',
    roles: REVIEWERS,
    input: z.object({ file: fileInput, dryRun: z.boolean().default(false) }).strict(),
    run: (ctx, input) => {
      const report = importDecisions(ctx, readDecisionFile(input.file), input.file, input.dryRun);
      ctx.audit({
        action: input.dryRun ? 'import_dry_run' : report.alreadyImported ? 'import_repeat' : 'import',
        recordType: 'decision_import',
        recordId: report.importId,
        detail: { file: input.file, fileName: report.fileName, sha256: report.sha256, rows: report.rows.length, applied: report.applied, unchanged: report.unchanged, refused: report.refused.length },
      });
      return report;
    },
  }),
  'decisions.report': handler({
    summary: '一次区级决定导入的逐行结果（打印或保存导入报告用）',
    kind: 'read',
    roles: REVIEWERS,
    input: z.object({ importId: z.number({ error: '请给出导入编号' }).int().positive('导入编号应为正整数') }).strict(),
    run: (ctx, input) => {
      const found = storedImport(ctx, input.importId);
      if (!found) throw notFound(`没有编号为 ${input.importId} 的区级决定导入记录`, { importId: input.importId });
      return found;
    },
  }),
};
