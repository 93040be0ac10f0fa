/**
 * Importing a district authority's decisions (导入区级决定, 收受分离): each row is checked
 * against its case (it exists, its item is decided by a district authority, it was handed
 * off and still waits at 待区级审核确认, the amount and start month make sense); a valid row
 * closes its case with the authority's decision and, for a 准予 of a recurring item, starts
 * the benefit at the authority's amount. An invalid row is listed with its reason and
 * changes nothing. The same file (by SHA-256) imported again applies nothing.
 *
 * Each row is applied in a savepoint of its own, so that a rule only the application finds
 * (an exclusion with another benefit, a resident who has died) refuses that row alone. A dry
 * run applies every row the same way and then rolls all of it back, so that it reports
 * exactly what the import would do.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ItemVersion } from '../catalogue/catalogue';
import { getItemVersion } from '../catalogue/catalogue';
import { CENTRE } from '../catalogue/definition';
import type { FormValues } from '../catalogue/form-values';
import type { Ctx } from '../kernel/handler';
import type { AuditEntry } from '../kernel/audit-chain';
import { AppError } from '../kernel/errors';
import { amountRangeLabel } from '../beneficiaries/amount-range';
import { beneficiaryView, startBenefit } from '../beneficiaries/beneficiaries';
import { addMonths, monthOf, toYuan } from '../beneficiaries/months';
import { textIssue } from '../validation/free-text';
import { requireResidentRow } from '../residents/residents';
import { refuseApprovalForInactive } from '../residents/status';
import { yuanToFen } from '../payments/return-file';
import { atDistrictStage } from '../cases/handoff';
import { addEvent, auditState, caseByNo, getCaseRow, today, updateCase, type CaseRow } from '../cases/store';
import { fileRecords } from '../files/records';
import { decisionRows, normalDate, normalMonth, type DecisionRow } from './decision-file';

export type RowResult = 'applied' | 'unchanged' | 'refused';

/** One line of the row report, as shown on screen, printed and stored with the import. */
export interface ReportRow {
  line: number;
  caseNo: string;
  /** 准予 / 不予 as the file says it ('' when the row has none) */
  decision: string;
  decisionNo: string;
  result: RowResult;
  /** why a row was refused or left unchanged; what it did when applied */
  reason: string;
  /** the applicant and item of a case that exists, for the report */
  name: string | null;
  itemName: string | null;
  /** 准予 of a recurring item: the benefit it starts (yuan a month from startMonth) */
  amount: number | null;
  startMonth: string | null;
}

export interface DecisionImportReport {
  applied: number;
  unchanged: number;
  refused: { line: number; reason: string }[];
  rows: ReportRow[];
  /** the recorded import (a repeated file: the earlier one); null for a dry run or when nothing applied */
  importId: number | null;
  /** true when this very file (same SHA-256) was imported before: nothing was applied */
  alreadyImported: boolean;
  dryRun: boolean;
  fileName: string;
  sha256: string;
}

const DECISIONS: Record<string, 'approved' | 'not_approved'> = { 准予: 'approved', 不予: 'not_approved', 不予批准: 'not_approved' };
const MAX_DECISION_NO = 60;
const MAX_REASON = 500;
/** A start month later than this after the decision is a slip of the keyboard, not a plan. */
const MAX_START_MONTHS_AFTER = 12;

class RowRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
const refuse = (reason: string): never => {
  throw new RowRefused(reason);
};

/** The row's reason from an error of the rules the application runs (startBenefit …). */
function reasonOf(err: unknown): string {
  if (err instanceof RowRefused) return err.reason;
  if (err instanceof AppError) return err.fields?.length ? err.fields.map((f) => f.message).join('；') : err.message;
  throw err;
}

class DryRunRollback extends Error {}

interface Checked {
  row: CaseRow;
  item: ItemVersion;
  status: 'approved' | 'not_approved';
  decisionDate: string;
  amountFen: number | null;
  startMonth: string | null;
}

/** The row's own checks against its case; throws RowRefused, or answers 'unchanged'. */
function check(ctx: Ctx, r: DecisionRow, day: string): Checked | { unchanged: string } {
  if (!r.caseNo) refuse('缺少办件编号');
  const row = caseByNo(ctx.db, r.caseNo) ?? refuse(`办件编号 ${r.caseNo} 不存在`);
  const item = getItemVersion(ctx.db, row.item_code, row.item_version);
  if (item.decidedBy === CENTRE) refuse(`办件 ${r.caseNo}（${row.item_name}）由本中心审批，不是区级决定的事项`);
  const status = DECISIONS[r.decision] ?? refuse(`决定“${r.decision}”无效，应为“准予”或“不予”`);
  if (!r.decisionNo) refuse('缺少决定文号');
  if (Array.from(r.decisionNo).length > MAX_DECISION_NO) refuse(`决定文号过长（最多 ${MAX_DECISION_NO} 个字）`);
  const badNo = textIssue(r.decisionNo, { label: '决定文号', multiline: false });
  if (badNo) refuse(badNo);
  const badReason = textIssue(r.reason, { label: '理由', multiline: true });
  if (badReason) refuse(badReason);
  if (Array.from(r.reason).length > MAX_REASON) refuse(`理由过长（最多 ${MAX_REASON} 个字）`);
  if (row.status === 'approved' || row.status === 'not_approved') {
    // A district that sends its decisions cumulatively repeats the ones already imported.
    if (row.decision_import_id !== null && row.decision_no === r.decisionNo && row.status === status) {
      return { unchanged: `已于 ${row.completed_on} 按本决定办结，未再改动` };
    }
    refuse(`办件 ${r.caseNo} 已办结（${row.completed_on}${row.decision_no ? `，决定文号 ${row.decision_no}` : ''}），不能再次决定`);
  }
  if (row.status !== 'in_progress') refuse(`办件 ${r.caseNo} 已${row.status === 'withdrawn' ? '撤回' : row.status === 'terminated' ? '终止' : '结束'}，不再等待区级决定`);
  if (!atDistrictStage(row, item)) refuse(`办件 ${r.caseNo} 尚未到“待区级审核确认”环节`);
  const handedOffOn = row.handed_off_on ?? refuse(`办件 ${r.caseNo} 尚未移交${item.decidedBy}，不能导入其决定`);
  const decisionDate = normalDate(r.decisionDate) ?? refuse(r.decisionDate ? `决定日期“${r.decisionDate}”无效，应为 YYYY-MM-DD` : '缺少决定日期');
  if (decisionDate > day) refuse(`决定日期 ${decisionDate} 晚于今天`);
  if (decisionDate < handedOffOn) refuse(`决定日期 ${decisionDate} 早于移交日期 ${handedOffOn}`);
  if (status === 'not_approved') {
    if (!r.reason) refuse('不予的决定须写明理由');
    if (r.amount || r.startMonth) refuse('不予的决定不填写月发放金额和起始月份');
    return { row, item, status, decisionDate, amountFen: null, startMonth: null };
  }
  if (!item.recurring) {
    if (r.amount || r.startMonth) refuse(`${item.name}不按月发放，月发放金额和起始月份应留空`);
    return { row, item, status, decisionDate, amountFen: null, startMonth: null };
  }
  if (!r.amount) refuse(`${item.name}按月发放：准予的决定须填写月发放金额`);
  const amountFen = yuanToFen(r.amount) ?? refuse(`月发放金额“${r.amount}”无效`);
  if (amountFen <= 0) refuse('月发放金额应大于 0');
  const range = item.recurring;
  if ((range.minMonthlyAmount !== undefined && amountFen < Math.round(range.minMonthlyAmount * 100)) || (range.maxMonthlyAmount !== undefined && amountFen > Math.round(range.maxMonthlyAmount * 100))) {
    refuse(`月发放金额 ${toYuan(amountFen).toFixed(2)} 元超出本事项规定的范围（${amountRangeLabel(range)}）`);
  }
  const startMonth = r.startMonth ? (normalMonth(r.startMonth) ?? refuse(`起始月份“${r.startMonth}”无效，应为 YYYY-MM`)) : addMonths(monthOf(decisionDate), 1);
  if (startMonth < monthOf(row.received_on)) refuse(`起始月份 ${startMonth} 早于申请月份 ${monthOf(row.received_on)}`);
  if (startMonth > addMonths(monthOf(decisionDate), MAX_START_MONTHS_AFTER)) refuse(`起始月份 ${startMonth} 晚于决定日期 ${MAX_START_MONTHS_AFTER} 个月以上`);
  return { row, item, status, decisionDate, amountFen, startMonth };
}

/** Closes the case with the authority's decision; the audit entries it calls for. */
function apply(ctx: Ctx, c: Checked, r: DecisionRow, importId: number, day: string): { audits: Omit<AuditEntry, 'handler'>[]; beneficiaryId: number | null } {
  const { row, item } = c;
  const approved = c.status === 'approved';
  let values = JSON.parse(row.form_values) as FormValues;
  // The authority's amount stands: it goes into the item's amount field, which the amount
  // rule reads first, so neither the 低保 means test nor a default overrules it.
  const amountField = item.recurring?.amountField;
  const formValues = approved && c.amountFen !== null && amountField ? { form_values: JSON.stringify((values = { ...values, [amountField]: toYuan(c.amountFen) })) } : {};
  if (approved) refuseApprovalForInactive(requireResidentRow(ctx.db, row.resident_id));
  const opinion = r.reason || `经${item.decidedBy}审核确认，${approved ? '准予' : '不予批准'}`;
  updateCase(ctx, row.id, {
    ...formValues,
    status: c.status,
    stage: null,
    completed_on: day,
    outcome_reason: opinion,
    decided_by: item.decidedBy,
    decision_no: r.decisionNo,
    decision_date: c.decisionDate,
    decision_import_id: importId,
  });
  const after = getCaseRow(ctx.db, row.id)!;
  const benefit = approved && item.recurring ? startBenefit(ctx, after, item, values, c.decisionDate, { monthlyAmount: c.amountFen === null ? undefined : toYuan(c.amountFen), startMonth: c.startMonth ?? undefined }) : null;
  addEvent(ctx, row.id, {
    action: 'district_decision',
    fromStatus: row.status,
    toStatus: c.status,
    fromStage: row.stage,
    toStage: null,
    opinion,
    detail: {
      decidedBy: item.decidedBy,
      decisionNo: r.decisionNo,
      decisionDate: c.decisionDate,
      decisionImportId: importId,
      ...(benefit ? { beneficiaryId: benefit.id, monthlyAmount: toYuan(c.amountFen!), startMonth: c.startMonth } : {}),
    },
  });
  const audits: Omit<AuditEntry, 'handler'>[] = [
    { action: 'district_decision', recordType: 'case', recordId: row.id, before: auditState(row), after: auditState(after), detail: { decisionImportId: importId, decisionNo: r.decisionNo, line: r.line } },
  ];
  if (benefit) {
    audits.push({ action: 'start', recordType: 'beneficiary', recordId: benefit.id, after: beneficiaryView(ctx.db, benefit, day), detail: { caseNo: row.case_no, decisionNo: r.decisionNo } });
  }
  return { audits, beneficiaryId: benefit?.id ?? null };
}

function badFile(message: string): AppError {
  return new AppError('VALIDATION', message, { fields: [{ path: 'file', message }] });
}

export function importDecisions(ctx: Ctx, bytes: Buffer, file: string, dryRun: boolean): DecisionImportReport {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = basename(file);
  const previous = ctx.db.prepare('SELECT id FROM decision_imports WHERE sha256 = ?').get(sha256) as { id: number } | undefined;
  const report: DecisionImportReport = { applied: 0, unchanged: 0, refused: [], rows: [], importId: previous?.id ?? null, alreadyImported: !!previous, dryRun, fileName, sha256 };
  if (previous) return report;

  let records: string[][];
  try {
    records = fileRecords(bytes);
  } catch {
    throw badFile('无法读取区级决定文件：应为 CSV 或 XLSX（见导入说明“区级决定”）');
  }
  const { rows, headerProblem } = decisionRows(records);
  if (headerProblem) throw badFile(headerProblem);
  if (rows.length === 0) throw badFile('区级决定文件没有数据行');

  // A case named on two rows: the file contradicts or repeats itself, and which row the
  // authority meant is not ours to guess, so every such row is refused.
  const linesOf = new Map<string, number[]>();
  for (const r of rows) if (r.caseNo) linesOf.set(r.caseNo, [...(linesOf.get(r.caseNo) ?? []), r.line]);

  const day = today(ctx);
  const session = ctx.session!;
  const audits: Omit<AuditEntry, 'handler'>[] = [];
  const run = ctx.db.transaction(() => {
    const importId = Number(
      ctx.db
        .prepare(
          `INSERT INTO decision_imports (file_name, sha256, actor_id, actor_name, at, rows_total, applied, refused, report)
           VALUES (?, ?, ?, ?, ?, ?, 0, 0, '[]')`,
        )
        .run(fileName, sha256, session.userId, session.displayName, ctx.now().toISOString(), rows.length).lastInsertRowid,
    );
    for (const r of rows) {
      const known = r.caseNo ? caseByNo(ctx.db, r.caseNo) : undefined;
      const line: ReportRow = { line: r.line, caseNo: r.caseNo, decision: r.decision, decisionNo: r.decisionNo, result: 'refused', reason: '', name: null, itemName: known?.item_name ?? null, amount: null, startMonth: null };
      if (known) line.name = (ctx.db.prepare('SELECT name FROM residents WHERE id = ?').get(known.resident_id) as { name: string }).name;
      try {
        const twice = linesOf.get(r.caseNo) ?? [];
        if (twice.length > 1) refuse(`办件编号 ${r.caseNo} 在文件中出现多次（第 ${twice.join('、')} 行），均不导入`);
        const checked = check(ctx, r, day);
        if ('unchanged' in checked) {
          line.result = 'unchanged';
          line.reason = checked.unchanged;
        } else {
          const done = ctx.db.transaction(() => apply(ctx, checked, r, importId, day))();
          audits.push(...done.audits);
          line.result = 'applied';
          line.amount = checked.amountFen === null ? null : toYuan(checked.amountFen);
          line.startMonth = done.beneficiaryId === null ? null : checked.startMonth;
          line.reason = checked.status === 'approved' ? `已办结（准予）${done.beneficiaryId !== null ? `，自 ${checked.startMonth} 起每月发放 ${line.amount!.toFixed(2)} 元` : ''}` : '已办结（不予批准）';
        }
      } catch (err) {
        line.reason = reasonOf(err);
      }
      report.rows.push(line);
    }
    report.applied = report.rows.filter((l) => l.result === 'applied').length;
    report.unchanged = report.rows.filter((l) => l.result === 'unchanged').length;
    report.refused = report.rows.filter((l) => l.result === 'refused').map((l) => ({ line: l.line, reason: l.reason }));
    // Nothing to record: a dry run, or nothing applied (the file may come again once fixed).
    if (dryRun || report.applied === 0) throw new DryRunRollback();
    ctx.db.prepare('UPDATE decision_imports SET applied = ?, refused = ?, report = ? WHERE id = ?').run(report.applied, report.refused.length, JSON.stringify(report.rows), importId);
    report.importId = importId;
  });
  try {
    run();
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
    audits.length = 0;
  }
  // Audit rows chain by hash, so they are written only once the changes they record stand.
  for (const a of audits) ctx.audit(a);
  return report;
}

export interface StoredImport {
  id: number;
  fileName: string;
  sha256: string;
  actorName: string;
  at: string;
  rowsTotal: number;
  applied: number;
  refused: number;
  rows: ReportRow[];
}

export function storedImport(ctx: Ctx, id: number): StoredImport | undefined {
  const r = ctx.db.prepare('SELECT * FROM decision_imports WHERE id = ?').get(id) as
    | { id: number; file_name: string; sha256: string; actor_name: string; at: string; rows_total: number; applied: number; refused: number; report: string }
    | undefined;
  if (!r) return undefined;
  return { id: r.id, fileName: r.file_name, sha256: r.sha256, actorName: r.actor_name, at: r.at, rowsTotal: r.rows_total, applied: r.applied, refused: r.refused, rows: JSON.parse(r.report) as ReportRow[] };
}
