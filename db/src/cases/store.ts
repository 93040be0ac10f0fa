/**
 * Rows of the case tables and the few statements every case module shares. Statements are
 * prepared once per connection (kernel/prepared.ts keeps the cache).
 */
import type Database from 'better-sqlite3';
import { notFound } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import type { Family } from '../catalogue/definition';
import type { Ctx } from '../kernel/handler';
import type { CaseStatus, Decision } from '../shared/vocabulary';
import { shanghaiDate } from '../calendar/dates';

export interface CaseRow {
  id: number;
  case_no: string;
  resident_id: number;
  item_code: string;
  item_version: number;
  item_name: string;
  family: Family;
  time_limit_days: number;
  decision: Decision;
  status: CaseStatus;
  stage: string | null;
  form_values: string;
  household: string | null;
  notice_missing: string | null;
  commitment: string | null;
  refusal_reason: string | null;
  refer_to: string | null;
  received_on: string;
  accepted_on: string | null;
  accepted_by: number | null;
  due_on: string | null;
  paused_days: number;
  paused_since: string | null;
  posting_ends_on: string | null;
  extension_days: number;
  extension_reason: string | null;
  completed_on: string | null;
  outcome_reason: string | null;
  /** 收受分离 (migration 0024): hand-off to the deciding authority and its decision */
  handed_off_on: string | null;
  handoff_run_id: number | null;
  decided_by: string | null;
  decision_no: string | null;
  decision_date: string | null;
  decision_import_id: number | null;
  applicant_told_on: string | null;
  applicant_told_how: 'notice_printed' | 'delivered' | null;
  clerk_id: number;
  window_no: string | null;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
}

export interface MaterialRow {
  case_id: number;
  key: string;
  position: number;
  name: string;
  form: 'original' | 'copy';
  required: 0 | 1;
  may_defer: 0 | 1;
  copies_required: number;
  copies_received: number;
  deferred_due: string | null;
  received_later_on: string | null;
}

export interface EventRow {
  id: number;
  case_id: number;
  at: string;
  on_date: string;
  action: string;
  from_status: string | null;
  to_status: string;
  from_stage: string | null;
  to_stage: string | null;
  opinion: string | null;
  actor_id: number;
  actor_name: string;
  detail: string | null;
}

export const today = (ctx: Pick<Ctx, 'now'>) => shanghaiDate(ctx.now());

export function getCaseRow(db: Database.Database, id: number): CaseRow | undefined {
  return prepared<{ id: number }, CaseRow>(db, 'SELECT * FROM cases WHERE id = @id').get({ id });
}

export function caseByNo(db: Database.Database, caseNo: string): CaseRow | undefined {
  return prepared<{ caseNo: string }, CaseRow>(db, 'SELECT * FROM cases WHERE case_no = @caseNo').get({ caseNo });
}

export function caseByIdempotencyKey(db: Database.Database, key: string): CaseRow | undefined {
  return prepared<{ key: string }, CaseRow>(db, 'SELECT * FROM cases WHERE idempotency_key = @key').get({ key });
}

export function requireCase(db: Database.Database, ref: { id?: number | undefined; caseNo?: string | undefined }): CaseRow {
  const row = ref.id !== undefined ? getCaseRow(db, ref.id) : ref.caseNo !== undefined ? caseByNo(db, ref.caseNo) : undefined;
  if (!row) throw notFound(`没有找到办件${ref.caseNo ? `“${ref.caseNo}”` : `（编号 ${ref.id}）`}`, { ...ref });
  return row;
}

export function caseMaterials(db: Database.Database, caseId: number): MaterialRow[] {
  return prepared<{ caseId: number }, MaterialRow>(db, 'SELECT * FROM case_materials WHERE case_id = @caseId ORDER BY position').all({ caseId });
}

export function caseEvents(db: Database.Database, caseId: number): EventRow[] {
  return prepared<{ caseId: number }, EventRow>(db, 'SELECT * FROM case_events WHERE case_id = @caseId ORDER BY id').all({ caseId });
}

export interface NewEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  fromStage: string | null;
  toStage: string | null;
  opinion: string | null;
  detail?: unknown;
}

/** Appends a timeline entry by the signed-in person at the dispatcher's clock. */
export function addEvent(ctx: Ctx, caseId: number, e: NewEvent): void {
  const s = ctx.session!;
  prepared(
    ctx.db,
    `INSERT INTO case_events (case_id, at, on_date, action, from_status, to_status, from_stage, to_stage, opinion, actor_id, actor_name, detail)
     VALUES (@caseId, @at, @onDate, @action, @fromStatus, @toStatus, @fromStage, @toStage, @opinion, @actorId, @actorName, @detail)`,
  ).run({
    caseId,
    at: ctx.now().toISOString(),
    onDate: today(ctx),
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromStage: e.fromStage,
    toStage: e.toStage,
    opinion: e.opinion,
    actorId: s.userId,
    actorName: s.displayName,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  });
}

/** Writes the changed columns of a case row and stamps updated_at. */
export function updateCase(ctx: Ctx, id: number, patch: Partial<Omit<CaseRow, 'id' | 'case_no' | 'created_at' | 'updated_at'>>): void {
  const keys = Object.keys(patch);
  if (keys.length === 0) return;
  const sql = `UPDATE cases SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @updated_at WHERE id = @id`;
  prepared(ctx.db, sql).run({ ...patch, updated_at: ctx.now().toISOString(), id });
}

/** The compact state of a case recorded as before/after in the audit log (no personal data). */
export function auditState(row: CaseRow) {
  return {
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemVersion: row.item_version,
    residentId: row.resident_id,
    decision: row.decision,
    status: row.status,
    stage: row.stage,
    acceptedOn: row.accepted_on,
    dueOn: row.due_on,
    pausedDays: row.paused_days,
    pausedSince: row.paused_since,
    extensionDays: row.extension_days,
    completedOn: row.completed_on,
    outcomeReason: row.outcome_reason,
    // Keys only: form values may hold phone numbers, and the audit log can never forget.
    formValueKeys: Object.keys(JSON.parse(row.form_values) as object),
  };
}

export function userName(db: Database.Database, id: number | null): string | null {
  if (id === null) return null;
  const row = prepared<{ id: number }, { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = @id').get({ id });
  return row?.display_name ?? null;
}
