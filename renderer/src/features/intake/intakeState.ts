/**
 * The intake screen's state as one pure reducer: what the clerk has chosen and typed, the
 * errors placed on the screen and the outcome. No React and no calls here, so every rule
 * of the screen (what a change clears, what a submit refuses before asking the core) is
 * tested in tests/unit/intake-state.test.ts without a browser.
 */
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import type { ItemDefinition } from '../cases/types';
import { isShort, normalizeDate, valuesToSend, type FieldValue, type FieldValues } from './values';

export type Decision = HandlerInput<'cases.intake'>['decision'];
export type IntakeInput = HandlerInput<'cases.intake'>;
export type IntakeOutput = HandlerOutput<'cases.intake'>;

export interface Applicant {
  id: number;
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  age: number;
  phone: string | null;
}

export const DECISIONS: { value: Decision; label: string; shortcut: string; done: string }[] = [
  { value: 'accept', label: '受理', shortcut: 'Alt+1', done: '已受理' },
  { value: 'accept_deferred', label: '容缺受理', shortcut: 'Alt+2', done: '已容缺受理' },
  { value: 'notify_missing', label: '一次告知', shortcut: 'Alt+3', done: '已出具一次性告知书（待补正）' },
  { value: 'refuse', label: '不予受理', shortcut: 'Alt+4', done: '不予受理' },
];

export const COMMITMENT_TEXT = '本人承诺：所缺材料将在约定期限内补交；逾期未补交的，同意终止办理，相关责任由本人承担。';
/** The alert beside the submit button while red fields say what to change. */
export const FIX_MARKED = '请按标红处的提示修改后再试';

export interface IntakeState {
  applicant: Applicant | null;
  registering: { query: string } | null;
  itemCode: string | null;
  itemSearch: string;
  // Per item, so switching items by mistake loses nothing typed.
  valuesByItem: Record<string, FieldValues>;
  receivedByItem: Record<string, Record<string, number>>;
  dueDates: Record<string, string>;
  decision: Decision;
  commitmentSigned: boolean;
  commitmentText: string;
  refusal: { reason: string; referTo: string };
  windowNo: string | null;
  fieldErrors: Record<string, string>;
  actionError: string | null;
  result: IntakeOutput | null;
  /** one intake attempt's request number: kept across retries, so a retry never makes a second case */
  idempotencyKey: string;
  /**
   * The applicant already receives the picked item (precheck's duplicateBenefit): the screen
   * proposes 不予受理 with this reason, and taking it in needs the confirmation and its reason.
   */
  duplicate: Duplicate | null;
  duplicateConfirmed: boolean;
  duplicateReason: string;
}

export interface Duplicate {
  /** applicant, item and case it was found for: a new finding proposes the refusal again */
  key: string;
  refusalReason: string;
}

export type IntakeAction =
  | { type: 'chooseApplicant'; applicant: Applicant }
  | { type: 'clearApplicant' }
  | { type: 'register'; query: string }
  | { type: 'cancelRegister' }
  | { type: 'searchItem'; text: string }
  | { type: 'pickItem'; code: string | null; name: string }
  | { type: 'setValue'; key: string; value: FieldValue }
  | { type: 'setReceived'; key: string; copies: number }
  | { type: 'allReceived'; materials: ItemDefinition['materials'] }
  | { type: 'setDueDate'; key: string; date: string }
  | { type: 'chooseDecision'; decision: Decision }
  | { type: 'setCommitmentText'; text: string }
  | { type: 'setCommitmentSigned'; signed: boolean }
  | { type: 'setRefusal'; reason?: string; referTo?: string }
  | { type: 'setWindow'; windowNo: string | null }
  | { type: 'setDuplicate'; duplicate: Duplicate | null }
  | { type: 'confirmDuplicate'; confirmed?: boolean; reason?: string }
  | { type: 'refuseLocally'; fieldErrors: Record<string, string>; actionError: string | null }
  | { type: 'submitStarted' }
  | { type: 'submitted'; result: IntakeOutput }
  | { type: 'submitFailed'; fieldErrors: Record<string, string>; actionError: string }
  | { type: 'reset'; keepApplicant: boolean; idempotencyKey: string };

export function initialIntake(windowNo: string | null, idempotencyKey: string): IntakeState {
  return {
    applicant: null,
    registering: null,
    itemCode: null,
    itemSearch: '',
    valuesByItem: {},
    receivedByItem: {},
    dueDates: {},
    decision: 'accept',
    commitmentSigned: false,
    commitmentText: COMMITMENT_TEXT,
    refusal: { reason: '', referTo: '' },
    windowNo,
    fieldErrors: {},
    actionError: null,
    result: null,
    idempotencyKey,
    duplicate: null,
    duplicateConfirmed: false,
    duplicateReason: '',
  };
}

/** Forgets a duplicate finding; the refusal it proposed goes with it unless the clerk changed it. */
function dropDuplicate(s: IntakeState): IntakeState {
  if (!s.duplicate) return s;
  const proposed = s.decision === 'refuse' && s.refusal.reason === s.duplicate.refusalReason;
  return {
    ...s,
    duplicate: null,
    duplicateConfirmed: false,
    duplicateReason: '',
    ...(proposed ? { decision: 'accept' as const, refusal: { ...s.refusal, reason: '' } } : {}),
  };
}

function without(errors: Record<string, string>, ...paths: string[]): Record<string, string> {
  if (!paths.some((p) => p in errors)) return errors;
  const rest = { ...errors };
  for (const p of paths) delete rest[p];
  return rest;
}

function step(s: IntakeState, a: IntakeAction): IntakeState {
  switch (a.type) {
    case 'chooseApplicant':
      return { ...dropDuplicate(s), applicant: a.applicant, registering: null, fieldErrors: without(s.fieldErrors, 'residentId') };
    case 'clearApplicant':
      return { ...dropDuplicate(s), applicant: null };
    case 'register':
      return { ...s, registering: { query: a.query } };
    case 'cancelRegister':
      return { ...s, registering: null };
    case 'searchItem':
      return { ...s, itemSearch: a.text };
    case 'pickItem':
      return { ...dropDuplicate(s), itemCode: a.code, itemSearch: a.code ? a.name : '', fieldErrors: {}, actionError: null, dueDates: {} };
    case 'setValue': {
      if (!s.itemCode) return s;
      const mine = { ...(s.valuesByItem[s.itemCode] ?? {}), [a.key]: a.value };
      return { ...s, valuesByItem: { ...s.valuesByItem, [s.itemCode]: mine }, fieldErrors: without(s.fieldErrors, `values.${a.key}`) };
    }
    case 'setReceived': {
      if (!s.itemCode) return s;
      const mine = { ...(s.receivedByItem[s.itemCode] ?? {}), [a.key]: a.copies };
      return { ...s, receivedByItem: { ...s.receivedByItem, [s.itemCode]: mine }, fieldErrors: without(s.fieldErrors, `materials.${a.key}`, 'decision') };
    }
    case 'allReceived': {
      if (!s.itemCode) return s;
      const all = Object.fromEntries(a.materials.filter((m) => m.required).map((m) => [m.key, m.copies]));
      return { ...s, receivedByItem: { ...s.receivedByItem, [s.itemCode]: all }, fieldErrors: without(s.fieldErrors, ...a.materials.map((m) => `materials.${m.key}`)) };
    }
    case 'setDueDate':
      return { ...s, dueDates: { ...s.dueDates, [a.key]: a.date }, fieldErrors: without(s.fieldErrors, `deferred.${a.key}`) };
    case 'chooseDecision':
      return { ...s, decision: a.decision, fieldErrors: without(s.fieldErrors, 'decision'), actionError: null };
    case 'setCommitmentText':
      return { ...s, commitmentText: a.text };
    case 'setCommitmentSigned':
      return { ...s, commitmentSigned: a.signed, fieldErrors: without(s.fieldErrors, 'commitment') };
    case 'setRefusal':
      return {
        ...s,
        refusal: { reason: a.reason ?? s.refusal.reason, referTo: a.referTo ?? s.refusal.referTo },
        fieldErrors: a.reason !== undefined ? without(s.fieldErrors, 'refusal.reason') : s.fieldErrors,
      };
    case 'setWindow':
      return { ...s, windowNo: a.windowNo };
    case 'setDuplicate': {
      if ((s.duplicate?.key ?? null) === (a.duplicate?.key ?? null)) return s;
      const cleared = dropDuplicate(s);
      if (!a.duplicate) return cleared;
      // The default for a benefit already received: 不予受理, the reason filled in.
      return {
        ...cleared,
        duplicate: a.duplicate,
        decision: 'refuse',
        refusal: { ...cleared.refusal, reason: a.duplicate.refusalReason },
        fieldErrors: without(s.fieldErrors, 'refusal.reason', 'decision'),
      };
    }
    case 'confirmDuplicate':
      return {
        ...s,
        duplicateConfirmed: a.confirmed ?? s.duplicateConfirmed,
        duplicateReason: a.reason ?? s.duplicateReason,
        fieldErrors: without(s.fieldErrors, 'confirmDuplicate', ...(a.reason !== undefined ? ['confirmDuplicate.reason'] : [])),
      };
    case 'refuseLocally':
      return { ...s, fieldErrors: a.fieldErrors, actionError: a.actionError };
    case 'submitStarted':
      return { ...s, fieldErrors: {}, actionError: null };
    case 'submitted':
      return { ...s, result: a.result };
    case 'submitFailed':
      return { ...s, fieldErrors: a.fieldErrors, actionError: a.actionError };
    case 'reset':
      return { ...initialIntake(s.windowNo, a.idempotencyKey), applicant: a.keepApplicant ? s.applicant : null };
  }
}

export function intakeReducer(s: IntakeState, a: IntakeAction): IntakeState {
  const next = step(s, a);
  // The pointer to the red fields goes once every red field has been dealt with.
  if (next.actionError === FIX_MARKED && Object.keys(next.fieldErrors).length === 0) return { ...next, actionError: null };
  return next;
}

/** What the current item's form and checklist hold. */
export function currentValues(s: Pick<IntakeState, 'itemCode' | 'valuesByItem'>): FieldValues {
  return s.itemCode ? (s.valuesByItem[s.itemCode] ?? {}) : {};
}
export function currentReceived(s: Pick<IntakeState, 'itemCode' | 'receivedByItem'>): Record<string, number> {
  return s.itemCode ? (s.receivedByItem[s.itemCode] ?? {}) : {};
}

export type Prepared =
  | { ok: true; input: IntakeInput; materials: { key: string }[]; deferred: { key: string }[] }
  | { ok: false; fieldErrors: Record<string, string>; actionError: string | null; focus?: 'item' };

/**
 * The cases.intake call for the current state, or what the screen says instead of sending
 * it: no applicant, no item, an empty 补交日期, a refusal without its reason.
 */
export function prepareIntake(s: IntakeState, item: ItemDefinition | null): Prepared {
  if (!s.applicant) return { ok: false, fieldErrors: s.fieldErrors, actionError: '请先查找并选定申请人' };
  if (!item || !s.itemCode) return { ok: false, fieldErrors: { itemCode: '请选择申请事项' }, actionError: null, focus: 'item' };
  const received = currentReceived(s);
  const materials = item.materials.map((m) => ({ key: m.key, copies: received[m.key] ?? 0 }));
  const deferred =
    s.decision === 'accept_deferred'
      ? item.materials.filter((m) => m.deferrable && isShort(m, received)).map((m) => ({ key: m.key, dueDate: normalizeDate(s.dueDates[m.key] ?? '') }))
      : [];
  // A due date left empty is named here: the core would stop at its format before its 容缺 rules.
  const local: Record<string, string> = {};
  for (const d of deferred) if (!/^\d{4}-\d{2}-\d{2}$/.test(d.dueDate)) local[`deferred.${d.key}`] = d.dueDate ? '日期格式应为 YYYY-MM-DD' : '请填写补交日期';
  if (s.decision === 'refuse' && !s.refusal.reason.trim()) local['refusal.reason'] = '不予受理须写明理由';
  const takingDuplicate = s.duplicate !== null && s.decision !== 'refuse';
  if (takingDuplicate && !s.duplicateConfirmed) local['confirmDuplicate'] = '申请人已享受该待遇：确需受理的，请勾选“情况有变化，确认仍予受理”';
  else if (takingDuplicate && !s.duplicateReason.trim()) local['confirmDuplicate.reason'] = '请写明仍予受理的理由';
  if (Object.keys(local).length) return { ok: false, fieldErrors: local, actionError: FIX_MARKED };
  const { reason, referTo } = s.refusal;
  const input: IntakeInput = {
    residentId: s.applicant.id,
    itemCode: s.itemCode,
    values: valuesToSend(item.fields, currentValues(s)),
    materials,
    decision: s.decision,
    ...(s.decision === 'accept_deferred'
      ? { deferred, ...(s.commitmentSigned ? { commitment: { signed: true as const, text: s.commitmentText.trim() || undefined } } : {}) }
      : {}),
    ...(s.decision === 'refuse' ? { refusal: { reason: reason.trim(), ...(referTo.trim() ? { referTo: referTo.trim() } : {}) } } : {}),
    idempotencyKey: s.idempotencyKey,
    ...(s.windowNo ? { windowNo: s.windowNo } : {}),
    ...(takingDuplicate ? { confirmDuplicate: { reason: s.duplicateReason.trim() } } : {}),
  };
  return { ok: true, input, materials, deferred };
}

/** Where the screen shows a field error of the core: materials and deferrals by key, not by index. */
export function screenPath(path: string, sentMaterials: readonly { key: string }[], sentDeferred: readonly { key: string }[]): string {
  const mat = /^materials\.(\d+)\.(key|copies)$/.exec(path);
  if (mat && sentMaterials[Number(mat[1])]) return `materials.${sentMaterials[Number(mat[1])]!.key}`;
  const def = /^deferred\.(\d+)\.(key|dueDate)$/.exec(path);
  if (def && sentDeferred[Number(def[1])]) return `deferred.${sentDeferred[Number(def[1])]!.key}`;
  return path;
}

/** The core's field errors keyed where the screen shows them (the first message per place). */
export function placeErrors(fields: readonly { path: string; message: string }[], sentMaterials: readonly { key: string }[], sentDeferred: readonly { key: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (f.path) out[screenPath(f.path, sentMaterials, sentDeferred)] ??= f.message;
  return out;
}

/** The places on the screen that can show a field error of this item. */
export function placesOf(item: ItemDefinition): Set<string> {
  return new Set<string>([
    ...item.fields.map((f) => `values.${f.key}`),
    ...item.materials.map((m) => `materials.${m.key}`),
    ...item.materials.map((m) => `deferred.${m.key}`),
    'commitment',
    'refusal.reason',
    'refusal.referTo',
    'confirmDuplicate',
    'confirmDuplicate.reason',
    'decision',
    'residentId',
    'windowNo',
    'itemCode',
  ]);
}
