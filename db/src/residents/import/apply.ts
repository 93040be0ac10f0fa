/**
 * Applying checked rows inside the caller's transaction: residents registered or updated
 * through the same functions as residents.register / residents.update (so search keys are
 * built the same way), then households created or completed. Each household (or lone
 * resident) is a savepoint: a row the database refuses is reported and leaves nothing of
 * itself behind, while the rest goes on.
 */
import type Database from 'better-sqlite3';
import { appendAudit } from '../../kernel/audit-chain';
import { AppError } from '../../kernel/errors';
import {
  findResidentByIdNumber,
  insertResident,
  requireResidentRow,
  residentFieldsOf,
  residentView,
  updateResident,
  type ResidentFields,
} from '../residents';
import { addHouseholdMember, createHousehold, currentMembership, restateMemberRelation, type MemberRelation } from '../../households/households';
import type { CheckedRow, FieldKey } from './fields';

export interface Refusal {
  line: number;
  field: FieldKey | '';
  reason: string;
}

export interface ApplyCounts {
  created: number;
  unchanged: number;
  /** rows whose resident was as stored but who joined or changed relation in a household */
  linkedOnly: number;
  updated: { line: number; residentId: number; name: string; fields: string[] }[];
  households: { created: number; completed: number; unchanged: number };
  refused: Refusal[];
}

export interface ApplyContext {
  db: Database.Database;
  actor: { id: number; name: string } | null;
  now: Date;
  today: string;
  /** whether to write the per-resident audit rows (a dry run, rolled back, does not) */
  audit: boolean;
  /** called after each unit with the rows done so far; may throw to stop (cancel) */
  onRows(done: number): void;
}

const HANDLER = 'residents.import';
const UPDATABLE = ['name', 'phone', 'address', 'bankName', 'bankAccount', 'hukou', 'hukouDistrict'] as const;

/** A household as the file gives it, or a lone resident. */
export interface Unit {
  rows: CheckedRow[];
  /** household units only */
  household?: { label: string; head: CheckedRow | null; headIdNumber: string | null };
}

type Upserted = { id: number; change: 'created' | 'none' } | { id: number; change: 'updated'; entry: ApplyCounts['updated'][number] };

function upsert(ctx: ApplyContext, row: CheckedRow): Upserted {
  const nowIso = ctx.now.toISOString();
  const existing = findResidentByIdNumber(ctx.db, row.idNumber);
  if (!existing) {
    const fields: ResidentFields = {
      idNumber: row.idNumber,
      name: row.name,
      birthDate: row.birthDate,
      sex: row.sex,
      phone: row.phone,
      address: row.address,
      bankName: row.bankName,
      bankAccount: row.bankAccount,
      hukou: row.hukou ?? 'local',
      hukouDistrict: row.hukouDistrict,
    };
    const id = insertResident(ctx.db, fields, nowIso);
    if (ctx.audit) {
      appendAudit(ctx.db, ctx.actor, ctx.now, {
        handler: HANDLER,
        action: 'import_create',
        recordType: 'resident',
        recordId: id,
        after: residentView(requireResidentRow(ctx.db, id), ctx.today),
        detail: { line: row.line },
      });
    }
    return { id, change: 'created' };
  }
  const fields = residentFieldsOf(existing);
  const changed: string[] = [];
  for (const key of UPDATABLE) {
    const value = row[key];
    // An empty cell never blanks what is stored.
    if (value === null || value === fields[key]) continue;
    (fields as unknown as Record<string, unknown>)[key] = value;
    changed.push(key);
  }
  if (changed.length === 0) return { id: existing.id, change: 'none' };
  updateResident(ctx.db, existing.id, fields, nowIso);
  if (ctx.audit) {
    appendAudit(ctx.db, ctx.actor, ctx.now, {
      handler: HANDLER,
      action: 'import_update',
      recordType: 'resident',
      recordId: existing.id,
      before: residentView(existing, ctx.today),
      after: residentView(requireResidentRow(ctx.db, existing.id), ctx.today),
      detail: { line: row.line, fields: changed },
    });
  }
  return { id: existing.id, change: 'updated', entry: { line: row.line, residentId: existing.id, name: fields.name, fields: changed } };
}

const reasonOf = (err: unknown) => (err instanceof AppError ? err.message : `无法保存：${(err as Error)?.message ?? String(err)}`);

/** Counts a row's outcome once its savepoint has committed. */
function count(counts: ApplyCounts, up: Upserted, linked: boolean): void {
  if (up.change === 'created') counts.created++;
  else if (up.change === 'updated') counts.updated.push(up.entry);
  else if (!linked) counts.unchanged++;
  else counts.linkedOnly++;
}

/**
 * One lone resident or one household. Each row is a savepoint with its household link: a
 * row the database refuses leaves nothing of itself behind (not even its resident).
 */
function applyUnit(ctx: ApplyContext, unit: Unit, counts: ApplyCounts): void {
  const { db } = ctx;
  const refuse = (rows: CheckedRow[], field: FieldKey | '', err: unknown) => {
    for (const row of rows) counts.refused.push({ line: row.line, field, reason: typeof err === 'string' ? err : reasonOf(err) });
  };
  const h = unit.household;
  if (!h) {
    const row = unit.rows[0]!;
    try {
      count(counts, db.transaction(() => upsert(ctx, row))(), false);
    } catch (err) {
      refuse([row], '', err);
    }
    return;
  }
  const date = ctx.today;
  const nowIso = ctx.now.toISOString();
  let householdId: number;
  let headId: number;
  let created = false;
  const members = unit.rows.filter((r) => r !== h.head);
  if (h.head) {
    try {
      const out = db.transaction(() => {
        const up = upsert(ctx, h.head!);
        const current = currentMembership(db, up.id);
        if (current?.is_head) return { up, householdId: current.household_id, created: false };
        return { up, householdId: createHousehold(db, { headResidentId: up.id, address: h.head!.address, date, nowIso }), created: true };
      })();
      count(counts, out.up, out.created);
      ({ householdId, created } = out);
      headId = out.up.id;
    } catch (err) {
      refuse([h.head], 'relation', err);
      refuse(members, 'headIdNumber', `${h.label}的户主（第 ${h.head.line} 行）未能导入，本行一并退回`);
      return;
    }
  } else {
    // No 本人 row: the file completes a household whose head is already on record.
    const stored = h.headIdNumber ? findResidentByIdNumber(db, h.headIdNumber) : undefined;
    const membership = stored ? currentMembership(db, stored.id) : undefined;
    if (!stored || !membership?.is_head) {
      refuse(members, 'headIdNumber', `${h.label}的户主不在文件中，也不是已登记的户主：请补上户主（与户主关系为“本人”）的一行`);
      return;
    }
    headId = stored.id;
    householdId = membership.household_id;
  }

  const added: { residentId: number; relation: string }[] = [];
  for (const row of members) {
    const relation = row.relation as MemberRelation;
    try {
      const out = db.transaction(() => {
        const up = upsert(ctx, row);
        const membership = currentMembership(db, up.id);
        if (membership?.household_id === householdId && membership.relation === relation) return { up, linked: false };
        if (membership?.household_id === householdId) restateMemberRelation(db, { householdId, residentId: up.id, relation, date, nowIso });
        else addHouseholdMember(db, { householdId, residentId: up.id, relation, date, nowIso });
        return { up, linked: true };
      })();
      count(counts, out.up, out.linked);
      if (out.linked) added.push({ residentId: out.up.id, relation });
    } catch (err) {
      refuse([row], 'relation', err);
    }
  }
  if (created) counts.households.created++;
  else if (added.length > 0) counts.households.completed++;
  else counts.households.unchanged++;
  if (ctx.audit && (created || added.length > 0)) {
    appendAudit(db, ctx.actor, ctx.now, {
      handler: HANDLER,
      action: 'import_household',
      recordType: 'household',
      recordId: householdId,
      detail: { created, headResidentId: headId, members: added, fileHousehold: h.label },
    });
  }
}

const UNIT_BATCH = 1000;

/** Applies every unit in order; `onRows` hears progress about every 1,000 rows. */
export function applyUnits(ctx: ApplyContext, units: Unit[]): ApplyCounts {
  const counts: ApplyCounts = { created: 0, unchanged: 0, linkedOnly: 0, updated: [], households: { created: 0, completed: 0, unchanged: 0 }, refused: [] };
  let done = 0;
  let reported = 0;
  for (const unit of units) {
    applyUnit(ctx, unit, counts);
    done += unit.rows.length;
    if (done - reported >= UNIT_BATCH) {
      reported = done;
      ctx.onRows(done);
    }
  }
  ctx.onRows(done);
  return counts;
}
