/**
 * The decision at the window (受理 / 容缺受理 / 一次性告知 / 不予受理) and 补正 supplies.
 * Everything of one intake — number, case, materials, timeline, audit — is one transaction
 * (the dispatcher's), so a failure leaves no trace and issues no number.
 */
import { assertItemSelectable, getItemVersion, type ItemVersion } from '../catalogue/catalogue';
import { validateFormValues, type FormValues } from '../catalogue/form-values';
import { workingCalendar } from '../calendar/working-days';
import type { Ctx } from '../kernel/handler';
import { conflict, validationError, type FieldIssue } from '../kernel/errors';
import { currentHouseholdSnapshot } from '../households/households';
import { requireResidentRow } from '../residents/residents';
import { refuseInactiveResident } from '../residents/status';
import { prepared } from '../kernel/prepared';
import { readSettings, unknownWindow } from '../settings/settings';
import { dueDate } from './deadlines';
import { allocateCaseNo } from './numbering';
import { refuseOpenCase, runPrecheck, type PrecheckWarning, type EligibilityHint } from './precheck';
import { checkDuplicateIntake, type DuplicateConfirmation } from './duplicate-benefit';
import { addEvent, caseByIdempotencyKey, caseMaterials, getCaseRow, today, updateCase, type CaseRow, type MaterialRow } from './store';
import { startClock } from './transitions';
import type { Decision } from '../shared/vocabulary';
import { checkMeansAtSupply, checkMeansInput, saveMeans, type MeansInput } from '../means/means-test';

export const DEFAULT_COMMITMENT =
  '本人承诺：所缺材料将在约定期限内补交；逾期未补交的，同意终止办理，相关责任由本人承担。';

export interface MaterialCount {
  key: string;
  copies: number;
}

export interface MissingMaterial {
  key: string;
  name: string;
  form: 'original' | 'copy';
  copiesRequired: number;
  copiesReceived: number;
  deferrable: boolean;
}

/** Required materials with fewer copies than the item asks for. */
export function missingOf(rows: readonly Pick<MaterialRow, 'key' | 'name' | 'form' | 'required' | 'may_defer' | 'copies_required' | 'copies_received'>[]): MissingMaterial[] {
  return rows
    .filter((m) => m.required === 1 && m.copies_received < m.copies_required)
    .map((m) => ({
      key: m.key,
      name: m.name,
      form: m.form,
      copiesRequired: m.copies_required,
      copiesReceived: m.copies_received,
      deferrable: m.may_defer === 1,
    }));
}

function receivedCounts(item: ItemVersion, materials: readonly MaterialCount[], issues: FieldIssue[]): Map<string, number> {
  const known = new Set(item.materials.map((m) => m.key));
  const out = new Map<string, number>();
  materials.forEach((m, i) => {
    if (!known.has(m.key)) issues.push({ path: `materials.${i}.key`, message: `${item.name}没有“${m.key}”这项材料` });
    else if (out.has(m.key)) issues.push({ path: `materials.${i}.key`, message: `材料“${item.materials.find((x) => x.key === m.key)!.name}”重复填写` });
    else out.set(m.key, m.copies);
  });
  return out;
}

export interface Deferral {
  key: string;
  dueDate: string;
}

/**
 * The 容缺 rules: every missing required material is deferrable and has a due date
 * between today and the case's due date; only deferrable, incomplete materials may be
 * deferred. Issues are appended, so one VALIDATION names everything.
 */
function checkDeferrals(
  item: ItemVersion,
  rows: readonly Pick<MaterialRow, 'key' | 'name' | 'form' | 'required' | 'may_defer' | 'copies_required' | 'copies_received'>[],
  deferred: readonly Deferral[],
  day: string,
  caseDue: string,
  issues: FieldIssue[],
): void {
  const missing = missingOf(rows);
  if (missing.length === 0 && deferred.length === 0) {
    issues.push({ path: 'decision', message: '材料已齐全，请直接受理' });
    return;
  }
  for (const m of missing) {
    if (!m.deferrable) issues.push({ path: `materials.${m.key}`, message: `“${m.name}”是主要材料，不能容缺（应交 ${m.copiesRequired} 份，实交 ${m.copiesReceived} 份）` });
    else if (!deferred.some((d) => d.key === m.key)) issues.push({ path: `deferred.${m.key}`, message: `容缺材料“${m.name}”须约定补交日期` });
  }
  const seen = new Set<string>();
  deferred.forEach((d, i) => {
    const row = rows.find((r) => r.key === d.key);
    if (!row) issues.push({ path: `deferred.${i}.key`, message: `${item.name}没有“${d.key}”这项材料` });
    else if (seen.has(d.key)) issues.push({ path: `deferred.${i}.key`, message: `容缺材料“${row.name}”重复填写` });
    else if (row.may_defer !== 1) issues.push({ path: `deferred.${i}.key`, message: `“${row.name}”不允许容缺` });
    else if (row.copies_received >= row.copies_required) issues.push({ path: `deferred.${i}.key`, message: `“${row.name}”已交齐，无须容缺` });
    if (d.dueDate < day) issues.push({ path: `deferred.${i}.dueDate`, message: `补交日期不能早于今天（${day}）` });
    else if (d.dueDate > caseDue) issues.push({ path: `deferred.${i}.dueDate`, message: `补交日期不能晚于办件的承诺办结日期（${caseDue}）` });
    seen.add(d.key);
  });
}

export interface IntakeInput {
  residentId: number;
  itemCode: string;
  values: Record<string, unknown>;
  materials: MaterialCount[];
  decision: Decision;
  deferred?: Deferral[] | undefined;
  commitment?: { signed: true; text?: string | undefined } | undefined;
  refusal?: { reason: string; referTo?: string | undefined } | undefined;
  idempotencyKey: string;
  windowNo?: string | undefined;
  /** taking in an application for a benefit the person already receives (duplicate-benefit.ts) */
  confirmDuplicate?: DuplicateConfirmation | undefined;
  /** 低保: each household member's declared monthly income and assets */
  means?: MeansInput | undefined;
}

export interface IntakeOutcome {
  row: CaseRow;
  replayed: boolean;
  warnings: PrecheckWarning[];
  hints: EligibilityHint[];
  /** the confirmation recorded for a duplicate benefit taken in anyway */
  duplicateConfirmed: ReturnType<typeof checkDuplicateIntake>;
}

function replay(ctx: Ctx, existing: CaseRow, input: IntakeInput): IntakeOutcome {
  if (existing.resident_id !== input.residentId || existing.item_code !== input.itemCode.trim().toUpperCase()) {
    throw conflict(`该请求编号已用于另一件申请（${existing.case_no}），请重新提交`, { caseNo: existing.case_no, idempotencyKey: input.idempotencyKey });
  }
  ctx.audit({ action: 'intake_replayed', recordType: 'case', recordId: existing.id, detail: { caseNo: existing.case_no, idempotencyKey: input.idempotencyKey } });
  return { row: existing, replayed: true, warnings: [], hints: [], duplicateConfirmed: null };
}

function clerkWindow(ctx: Ctx, given: string | undefined, issues: FieldIssue[]): string | null {
  // At a centre server the window is where the device stands, whoever signs in there.
  if (ctx.device?.windowNo) return ctx.device.windowNo;
  if (given !== undefined) {
    const badWindow = unknownWindow(ctx.db, given);
    if (badWindow) issues.push({ path: 'windowNo', message: badWindow });
    return given;
  }
  const row = prepared<{ id: number }, { window_no: string | null }>(ctx.db, 'SELECT window_no FROM users WHERE id = @id').get({ id: ctx.session!.userId });
  return row?.window_no ?? null;
}

export function intake(ctx: Ctx, input: IntakeInput): IntakeOutcome {
  const existing = caseByIdempotencyKey(ctx.db, input.idempotencyKey);
  if (existing) return replay(ctx, existing, input);

  const item = assertItemSelectable(ctx.db, input.itemCode);
  const resident = requireResidentRow(ctx.db, input.residentId);
  refuseInactiveResident(resident);
  const day = today(ctx);
  const issues: FieldIssue[] = [];

  // A refusal records what the applicant brought; it need not be a complete application.
  const fields = input.decision === 'refuse' ? item.fields.map((f) => ({ ...f, required: false })) : item.fields;
  const checked = validateFormValues(fields, input.values);
  const values: FormValues = checked.ok ? checked.values : {};
  if (!checked.ok) issues.push(...checked.issues);

  const pre = runPrecheck(ctx.db, { residentId: resident.id, item, values, today: day, means: input.means });
  if (input.decision !== 'refuse') refuseOpenCase(pre);
  const duplicateConfirmed = checkDuplicateIntake(pre.duplicateBenefit, input.decision, input.confirmDuplicate);

  const received = receivedCounts(item, input.materials, issues);
  const rows = item.materials.map((m, position) => ({
    key: m.key,
    position,
    name: m.name,
    form: m.form,
    required: (m.required ? 1 : 0) as 0 | 1,
    may_defer: (m.deferrable ? 1 : 0) as 0 | 1,
    copies_required: m.copies,
    copies_received: received.get(m.key) ?? 0,
    deferred_due: null as string | null,
  }));
  const missing = missingOf(rows);
  const caseDue = dueDate(workingCalendar(ctx.db), day, item.timeLimitDays, 0, 0);
  const deferred = input.deferred ?? [];

  if (input.decision !== 'accept_deferred') {
    if (deferred.length) issues.push({ path: 'deferred', message: '只有容缺受理时才填写容缺材料' });
    if (input.commitment) issues.push({ path: 'commitment', message: '只有容缺受理时才需要申请人承诺' });
  }
  if (input.decision !== 'refuse' && input.refusal) issues.push({ path: 'refusal', message: '只有不予受理时才填写不予受理理由' });
  if (input.decision === 'refuse' && input.confirmDuplicate) issues.push({ path: 'confirmDuplicate', message: '不予受理时无须确认重复受理' });
  switch (input.decision) {
    case 'accept':
      for (const m of missing) {
        issues.push({
          path: `materials.${m.key}`,
          message: `“${m.name}”应交 ${m.copiesRequired} 份，实交 ${m.copiesReceived} 份：材料不齐不能直接受理（可容缺受理或一次性告知）`,
        });
      }
      break;
    case 'accept_deferred':
      checkDeferrals(item, rows, deferred, day, caseDue, issues);
      if (!input.commitment?.signed) issues.push({ path: 'commitment', message: '容缺受理须由申请人签署容缺受理承诺书' });
      break;
    case 'notify_missing':
      if (missing.length === 0) issues.push({ path: 'decision', message: '材料已齐全，应当受理，不能出具一次性告知书' });
      break;
    case 'refuse':
      if (!input.refusal?.reason) issues.push({ path: 'refusal.reason', message: '不予受理须写明理由' });
      break;
  }
  const household = item.householdBased ? currentHouseholdSnapshot(ctx.db, resident.id) : null;
  if (item.householdBased && !household && input.decision !== 'refuse') {
    issues.push({ path: 'residentId', message: `${item.name}以家庭为单位申请：请先为${resident.name}登记户及家庭成员` });
  }
  const means = checkMeansInput(item, household, input.means, issues, input.decision === 'accept' || input.decision === 'accept_deferred');
  const windowNo = clerkWindow(ctx, input.windowNo, issues);
  if (issues.length) throw validationError(issues);

  const caseNo = allocateCaseNo(ctx.db, readSettings(ctx.db).centreCode, ctx.now());
  const nowIso = ctx.now().toISOString();
  const base = {
    case_no: caseNo,
    resident_id: resident.id,
    item_code: item.code,
    item_version: item.version,
    item_name: item.name,
    family: item.family,
    time_limit_days: item.timeLimitDays,
    decision: input.decision,
    form_values: JSON.stringify(values),
    household: household ? JSON.stringify(household) : null,
    notice_missing: input.decision === 'notify_missing' ? JSON.stringify(missing) : null,
    commitment: input.decision === 'accept_deferred' ? (input.commitment?.text?.trim() || DEFAULT_COMMITMENT) : null,
    refusal_reason: input.decision === 'refuse' ? input.refusal!.reason : null,
    refer_to: input.decision === 'refuse' ? (input.refusal!.referTo ?? null) : null,
    received_on: day,
    clerk_id: ctx.session!.userId,
    window_no: windowNo,
    idempotency_key: input.idempotencyKey,
    created_at: nowIso,
    updated_at: nowIso,
  };
  const state =
    input.decision === 'accept' || input.decision === 'accept_deferred'
      ? startClock(ctx, item, day)
      : input.decision === 'notify_missing'
        ? { status: 'waiting_materials' as const }
        : { status: 'refused' as const, completed_on: day, outcome_reason: input.refusal!.reason };
  const record: Record<string, unknown> = { ...base, ...state };
  const columns = Object.keys(record);
  const id = Number(
    prepared(ctx.db, `INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(record).lastInsertRowid,
  );
  const insertMaterial = prepared(
    ctx.db,
    `INSERT INTO case_materials (case_id, key, position, name, form, required, may_defer, copies_required, copies_received, deferred_due)
     VALUES (@case_id, @key, @position, @name, @form, @required, @may_defer, @copies_required, @copies_received, @deferred_due)`,
  );
  for (const m of rows) {
    const due = input.decision === 'accept_deferred' ? (deferred.find((d) => d.key === m.key)?.dueDate ?? null) : null;
    insertMaterial.run({ ...m, case_id: id, deferred_due: due });
  }
  saveMeans(ctx.db, id, means);
  const row = getCaseRow(ctx.db, id)!;
  addEvent(ctx, id, {
    action: 'intake',
    fromStatus: null,
    toStatus: row.status,
    fromStage: null,
    toStage: row.stage,
    opinion: input.decision === 'refuse' ? input.refusal!.reason : null,
    detail: {
      decision: input.decision,
      ...(missing.length && input.decision !== 'accept' ? { missing: missing.map((m) => m.key) } : {}),
      ...(deferred.length ? { deferred } : {}),
      ...(pre.warnings.length ? { warnings: pre.warnings.map((w) => ({ kind: w.kind, caseNo: w.caseNo, itemCode: w.itemCode })) } : {}),
      ...(duplicateConfirmed ? { duplicateConfirmed } : {}),
    },
  });
  return { row, replayed: false, warnings: pre.warnings, hints: pre.hints, duplicateConfirmed };
}

export interface SupplyInput {
  caseId: number;
  materials: MaterialCount[];
  deferred?: Deferral[] | undefined;
  commitment?: { signed: true; text?: string | undefined } | undefined;
  /** 低保: the members' means, when the case is accepted now and gave none at the window */
  means?: MeansInput | undefined;
}

/**
 * Materials brought after the window decision. Copies add to what was received. A 待补正
 * case whose required materials are now complete is accepted today (the clock starts);
 * with the rest deferrable and a commitment it is accepted under 容缺; otherwise it keeps
 * waiting with the new counts. In a 容缺 case, a deferred material that is now complete
 * is marked received today.
 */
export function supplyMaterials(ctx: Ctx, row: CaseRow, input: SupplyInput): { before: CaseRow; after: CaseRow; accepted: boolean } {
  if (row.status !== 'waiting_materials' && row.status !== 'in_progress') {
    throw conflict('办件已办结，不能再补交材料', { status: row.status, stage: row.stage, allowed: [] });
  }
  const item = getItemVersion(ctx.db, row.item_code, row.item_version);
  const day = today(ctx);
  const issues: FieldIssue[] = [];
  const added = receivedCounts(item, input.materials, issues);
  if (input.materials.length === 0) issues.push({ path: 'materials', message: '请填写补交的材料' });
  const before = caseMaterials(ctx.db, row.id);
  const afterRows = before.map((m) => ({ ...m, copies_received: m.copies_received + (added.get(m.key) ?? 0) }));
  const deferred = input.deferred ?? [];
  let accepting = false;
  if (row.status === 'waiting_materials') {
    const stillMissing = missingOf(afterRows);
    if (deferred.length || input.commitment) {
      const caseDue = dueDate(workingCalendar(ctx.db), day, item.timeLimitDays, 0, 0);
      checkDeferrals(item, afterRows, deferred, day, caseDue, issues);
      if (!input.commitment?.signed) issues.push({ path: 'commitment', message: '容缺受理须由申请人签署容缺受理承诺书' });
      accepting = true;
    } else accepting = stillMissing.length === 0;
  } else if (deferred.length || input.commitment) {
    issues.push({ path: 'deferred', message: '办件已受理，不能再约定容缺材料' });
  }
  const means = checkMeansAtSupply(ctx.db, row, item, accepting, input.means, issues);
  if (issues.length) throw validationError(issues);

  const update = prepared(
    ctx.db,
    'UPDATE case_materials SET copies_received = @copies_received, deferred_due = @deferred_due, received_later_on = @received_later_on WHERE case_id = @case_id AND key = @key',
  );
  for (const m of afterRows) {
    const deferral = deferred.find((d) => d.key === m.key);
    const complete = m.copies_received >= m.copies_required;
    const deferredDue = deferral?.dueDate ?? m.deferred_due;
    update.run({
      case_id: row.id,
      key: m.key,
      copies_received: m.copies_received,
      deferred_due: deferredDue,
      received_later_on: m.received_later_on ?? (deferredDue !== null && m.deferred_due !== null && complete && added.has(m.key) ? day : null),
    });
  }
  saveMeans(ctx.db, row.id, means);
  if (accepting) {
    updateCase(ctx, row.id, {
      ...startClock(ctx, item, day),
      ...(deferred.length ? { commitment: input.commitment?.text?.trim() || DEFAULT_COMMITMENT } : {}),
    });
  }
  // updated_at must move even when only materials changed: exports pick up changed cases by it.
  prepared(ctx.db, 'UPDATE cases SET updated_at = @at WHERE id = @id').run({ id: row.id, at: ctx.now().toISOString() });
  const after = getCaseRow(ctx.db, row.id)!;
  addEvent(ctx, row.id, {
    action: 'supply',
    fromStatus: row.status,
    toStatus: after.status,
    fromStage: row.stage,
    toStage: after.stage,
    opinion: null,
    detail: {
      materials: input.materials,
      ...(accepting ? { accepted: true, dueOn: after.due_on } : {}),
      ...(deferred.length ? { deferred } : {}),
      stillMissing: missingOf(afterRows).map((m) => m.key),
    },
  });
  return { before: row, after, accepted: accepting };
}
