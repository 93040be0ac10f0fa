/**
 * Importing a bank return: each row is matched to the roster month and beneficiary (办件编号
 * and 身份证号码, the amount in force that month); a row that does not match is refused with
 * its reason and changes nothing. The same file (by SHA-256) imported again applies nothing.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Ctx } from '../kernel/handler';
import { AppError } from '../kernel/errors';
import { PAID_IN_MONTH_SQL } from '../exports/kinds/monthly';
import { withheldInMonth } from '../exports/kinds/roster-withheld';
import { fileRecords } from '../files/records';
import { returnRows, yuanToFen, type ReturnRow } from './return-file';

export interface ImportReport {
  applied: number;
  refused: { line: number; reason: string }[];
  /** the rows recorded as paid and as failed (a dry run: would be) */
  paid: number;
  /** `month` is the month the money is for: a 补发 row's is the failed month it pays (`reissue`) */
  failed: { line: number; caseNo: string; name: string; month: string; amount: number; reason: string; reissue: boolean }[];
  month: string | null;
  /** true when this very file (same SHA-256) was imported before: nothing was applied */
  alreadyImported: boolean;
  dryRun: boolean;
  importId: number | null;
}

interface Target {
  beneficiary_id: number;
  resident_id: number;
  item_code: string;
  id_number: string;
  name: string;
  amount_fen: number | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 2026-05, 2026/05, 202605 → 2026-05 */
function normalMonth(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})月?$/.exec(text);
  if (!m) return null;
  const month = `${m[1]}-${m[2]!.padStart(2, '0')}`;
  return MONTH.test(month) ? month : null;
}

export function importReturn(ctx: Ctx, bytes: Buffer, file: string, dryRun: boolean): ImportReport {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const previous = ctx.db.prepare('SELECT id, month FROM payment_return_imports WHERE sha256 = ?').get(sha256) as { id: number; month: string | null } | undefined;
  const base: ImportReport = { applied: 0, refused: [], paid: 0, failed: [], month: previous?.month ?? null, alreadyImported: !!previous, dryRun, importId: previous?.id ?? null };
  if (previous) return base;

  let records: string[][];
  try {
    records = fileRecords(bytes);
  } catch {
    throw new AppError('VALIDATION', '无法读取回盘文件：应为 CSV 或 XLSX（见导出说明“银行回盘”）', { fields: [{ path: 'file', message: '文件格式无法识别' }] });
  }
  const { rows, headerProblem } = returnRows(records);
  if (headerProblem) throw new AppError('VALIDATION', headerProblem, { fields: [{ path: 'file', message: headerProblem }] });
  if (rows.length === 0) throw new AppError('VALIDATION', '回盘文件没有数据行', { fields: [{ path: 'file', message: '回盘文件没有数据行' }] });

  const target = ctx.db.prepare(`
SELECT p.id AS beneficiary_id, p.resident_id, p.item_code, r.id_number, r.name, p.amount_fen
  FROM (${PAID_IN_MONTH_SQL}) p
  JOIN cases c ON c.id = p.case_id
  JOIN residents r ON r.id = p.resident_id
 WHERE c.case_no = @caseNo`);
  const caseExists = ctx.db.prepare('SELECT 1 FROM cases c JOIN beneficiaries b ON b.case_id = c.id WHERE c.case_no = ?');
  const recorded = ctx.db.prepare('SELECT 1 FROM payment_results WHERE beneficiary_id = ? AND month = ?');
  // A 补发 row of the roster carries the beneficiary's 办件编号 like the regular row: it is the
  // confirmed re-issue paid in this month with this amount. Its result is recorded for the
  // failed month it pays, so that month reads paid (or failed again) like any other.
  const reissues = ctx.db.prepare(`
SELECT ri.id, ri.beneficiary_id, ri.failed_month, ri.amount_fen, b.resident_id, b.item_code, r.id_number, r.name
  FROM payment_reissues ri
  JOIN beneficiaries b ON b.id = ri.beneficiary_id
  JOIN cases c ON c.id = b.case_id
  JOIN residents r ON r.id = b.resident_id
 WHERE c.case_no = @caseNo AND ri.reissue_month = @month AND ri.amount_fen = @fen
 ORDER BY ri.id`);
  // reconciled by an earlier return of the re-issue month (the failure itself came in the failed month's return)
  const reissueRecorded = ctx.db.prepare(
    'SELECT 1 FROM payment_results pr JOIN payment_return_imports i ON i.id = pr.import_id WHERE pr.beneficiary_id = ? AND pr.month = ? AND i.month = ?',
  );
  const withheldOf = new Map<string, ReturnType<typeof withheldInMonth>>();

  // The file's month is the month most of its rows name; a row of another month is refused.
  const counts = new Map<string, number>();
  for (const r of rows) {
    const m = normalMonth(r.month);
    if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const fileMonth = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

  const seen = new Set<string>();
  /** Why the row is not this month's regular payment of the case, or null when it is. */
  const regularProblem = (t: Target | undefined, row: ReturnRow, month: string, fen: number): string | null => {
    if (!t) return caseExists.get(row.caseNo) ? `办件 ${row.caseNo} 不在 ${month} 的发放名册中` : `办件编号 ${row.caseNo} 不存在或不是享受待遇的办件`;
    if (t.id_number.toUpperCase() !== row.idNumber) return `身份证号码与办件 ${row.caseNo} 的申请人不符`;
    let withheld = withheldOf.get(month);
    if (!withheld) withheldOf.set(month, (withheld = withheldInMonth(ctx.db, month)));
    if (t.amount_fen === null || withheld.has(`${t.resident_id}|${t.item_code}`)) return `办件 ${row.caseNo} 不在 ${month} 的发放名册中`;
    if (fen !== t.amount_fen) return `发放金额 ${row.amount} 元与 ${month} 应发金额 ${(t.amount_fen / 100).toFixed(2)} 元不符`;
    if (seen.has(`${t.beneficiary_id}|${month}`)) return `与文件中前面的行重复（办件 ${row.caseNo}，${month}）`;
    if (recorded.get(t.beneficiary_id, month)) return `办件 ${row.caseNo} 的 ${month} 发放结果已由此前的回盘导入`;
    return null;
  };
  const accepted: { row: ReturnRow; t: Target; month: string; fen: number; result: 'paid' | 'failed'; reissue: boolean }[] = [];
  for (const row of rows) {
    const refuse = (reason: string) => base.refused.push({ line: row.line, reason });
    const month = normalMonth(row.month);
    if (!month) { refuse(`发放月份“${row.month}”无效，应为 YYYY-MM`); continue; }
    if (month !== fileMonth) { refuse(`发放月份 ${month} 与本文件的月份 ${fileMonth} 不一致`); continue; }
    if (!row.caseNo) { refuse('缺少办件编号'); continue; }
    const result = row.result === '成功' ? 'paid' : row.result === '失败' ? 'failed' : null;
    if (!result) { refuse(`结果“${row.result}”无效，应为“成功”或“失败”`); continue; }
    if (result === 'failed' && !row.reason) { refuse('发放失败的行须填写失败原因'); continue; }
    const fen = yuanToFen(row.amount);
    if (fen === null) { refuse(`发放金额“${row.amount}”无效`); continue; }
    const t = target.get({ caseNo: row.caseNo, month }) as Target | undefined;
    const regular = regularProblem(t, row, month, fen);
    if (regular === null) {
      seen.add(`${t!.beneficiary_id}|${month}`);
      accepted.push({ row, t: t!, month, fen, result, reissue: false });
      continue;
    }
    const reissue = (reissues.all({ caseNo: row.caseNo, month, fen }) as (Target & { id: number; failed_month: string })[]).find(
      (r) => !seen.has(`reissue|${r.id}`) && !reissueRecorded.get(r.beneficiary_id, r.failed_month, month),
    );
    if (reissue && reissue.id_number.toUpperCase() === row.idNumber) {
      seen.add(`reissue|${reissue.id}`);
      accepted.push({ row, t: reissue, month: reissue.failed_month, fen, result, reissue: true });
      continue;
    }
    refuse(regular);
  }

  base.month = fileMonth;
  base.paid = accepted.filter((a) => a.result === 'paid').length;
  base.failed = accepted
    .filter((a) => a.result === 'failed')
    .map((a) => ({ line: a.row.line, caseNo: a.row.caseNo, name: a.t.name, month: a.month, amount: a.fen / 100, reason: a.row.reason, reissue: a.reissue }));
  base.applied = accepted.length;
  // Nothing to record: a dry run, or every row refused (the file may come again once fixed).
  if (dryRun || accepted.length === 0) return base;

  const session = ctx.session!;
  const at = ctx.now().toISOString();
  const importId = Number(
    ctx.db
      .prepare(
        `INSERT INTO payment_return_imports (file_name, sha256, month, actor_id, actor_name, at, rows_total, paid, failed, refused)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(basename(file), sha256, fileMonth, session.userId, session.displayName, at, rows.length, base.paid, base.failed.length, base.refused.length).lastInsertRowid,
  );
  const insert = ctx.db.prepare(
    `INSERT INTO payment_results (import_id, beneficiary_id, month, amount_fen, result, reason, line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const a of accepted) insert.run(importId, a.t.beneficiary_id, a.month, a.fen, a.result, a.result === 'failed' ? a.row.reason : null, a.row.line);
  base.importId = importId;
  return base;
}
