import type Database from 'better-sqlite3';
import { conflict, notFound, validationError } from '../kernel/errors';
import { maskIdNumber } from '../privacy/mask';
import { ageOn } from '../shared/age';
import { requireResidentRow } from '../residents/residents';
import { prepared } from '../kernel/prepared';

import type { MemberRelation } from '../shared/vocabulary';

export { RELATIONS, type MemberRelation } from '../shared/vocabulary';
export type Relation = MemberRelation | '本人';

export interface HouseholdRow {
  id: number;
  address: string | null;
  created_at: string;
  updated_at: string;
  dissolved_on: string | null;
}

interface MembershipRow {
  id: number;
  household_id: number;
  resident_id: number;
  relation: Relation;
  is_head: 0 | 1;
  joined_on: string;
  left_on: string | null;
}

interface MemberWithResident extends MembershipRow {
  name: string;
  id_number: string;
  birth_date: string;
  sex: 'male' | 'female';
}

const MEMBER_COLUMNS = `m.id, m.household_id, m.resident_id, m.relation, m.is_head, m.joined_on, m.left_on,
  r.name, r.id_number, r.birth_date, r.sex`;

export function getHouseholdRow(db: Database.Database, id: number): HouseholdRow | undefined {
  return prepared<{ id: number }, HouseholdRow>(db, 'SELECT id, address, created_at, updated_at, dissolved_on FROM households WHERE id = @id').get({ id });
}

function requireHousehold(db: Database.Database, id: number): HouseholdRow {
  const row = getHouseholdRow(db, id);
  if (!row) throw notFound(`没有户号为 ${id} 的户`, { householdId: id });
  return row;
}

function requireOpenHousehold(db: Database.Database, id: number): HouseholdRow {
  const row = requireHousehold(db, id);
  if (row.dissolved_on) throw conflict(`户号 ${id} 已于 ${row.dissolved_on} 注销（已无成员），不能再变更`, { householdId: id });
  return row;
}

export function currentMembership(db: Database.Database, residentId: number): MembershipRow | undefined {
  return prepared(
    db,
    `SELECT id, household_id, resident_id, relation, is_head, joined_on, left_on
     FROM household_members WHERE resident_id = @residentId AND left_on IS NULL`,
  ).get({ residentId }) as MembershipRow | undefined;
}

function currentMembers(db: Database.Database, householdId: number): MemberWithResident[] {
  return prepared(
    db,
    `SELECT ${MEMBER_COLUMNS} FROM household_members m JOIN residents r ON r.id = m.resident_id
     WHERE m.household_id = @householdId AND m.left_on IS NULL
     ORDER BY m.is_head DESC, m.joined_on, m.id`,
  ).all({ householdId }) as MemberWithResident[];
}

function memberHistory(db: Database.Database, householdId: number): MemberWithResident[] {
  return prepared(
    db,
    `SELECT ${MEMBER_COLUMNS} FROM household_members m JOIN residents r ON r.id = m.resident_id
     WHERE m.household_id = @householdId ORDER BY m.joined_on, m.id`,
  ).all({ householdId }) as MemberWithResident[];
}

function openMembership(
  db: Database.Database,
  row: { householdId: number; residentId: number; relation: Relation; date: string },
): void {
  prepared(
    db,
    `INSERT INTO household_members (household_id, resident_id, relation, is_head, joined_on)
     VALUES (@householdId, @residentId, @relation, @isHead, @date)`,
  ).run({ ...row, isHead: row.relation === '本人' ? 1 : 0 });
}

function closeMembership(db: Database.Database, membershipId: number, date: string): void {
  prepared(db, 'UPDATE household_members SET left_on = @date WHERE id = @membershipId').run({ membershipId, date });
}

function touch(db: Database.Database, householdId: number, nowIso: string, dissolvedOn: string | null = null): void {
  prepared(
    db,
    'UPDATE households SET updated_at = @nowIso, dissolved_on = coalesce(@dissolvedOn, dissolved_on) WHERE id = @householdId',
  ).run({ householdId, nowIso, dissolvedOn });
}

/**
 * Ends the resident's current membership, if any, before they join `targetHouseholdId`
 * (null: a new household). The head of a household that still has other members cannot
 * simply leave: that household would be left without a head.
 */
function leaveCurrentHousehold(
  db: Database.Database,
  residentId: number,
  targetHouseholdId: number | null,
  date: string,
  nowIso: string,
): void {
  const current = currentMembership(db, residentId);
  if (!current) return;
  if (current.household_id === targetHouseholdId) {
    throw conflict('该居民已是本户成员', { householdId: current.household_id, residentId });
  }
  const others = currentMembers(db, current.household_id).filter((m) => m.resident_id !== residentId);
  if (current.is_head && others.length > 0) {
    throw conflict(`该居民是户号 ${current.household_id} 的户主，该户还有其他成员：请先在该户指定新户主`, {
      householdId: current.household_id,
      residentId,
    });
  }
  closeMembership(db, current.id, date);
  touch(db, current.household_id, nowIso, others.length === 0 ? date : null);
}

export function createHousehold(
  db: Database.Database,
  input: { headResidentId: number; address: string | null; date: string; nowIso: string },
): number {
  requireResidentRow(db, input.headResidentId);
  leaveCurrentHousehold(db, input.headResidentId, null, input.date, input.nowIso);
  const { lastInsertRowid } = prepared(
    db,
    'INSERT INTO households (address, created_at, updated_at) VALUES (@address, @nowIso, @nowIso)',
  ).run(input);
  const householdId = Number(lastInsertRowid);
  openMembership(db, { householdId, residentId: input.headResidentId, relation: '本人', date: input.date });
  return householdId;
}

/** Adds a resident; one who lives in another household is moved, keeping that history. */
export function addHouseholdMember(
  db: Database.Database,
  input: { householdId: number; residentId: number; relation: MemberRelation; date: string; nowIso: string },
): void {
  requireOpenHousehold(db, input.householdId);
  requireResidentRow(db, input.residentId);
  leaveCurrentHousehold(db, input.residentId, input.householdId, input.date, input.nowIso);
  openMembership(db, input);
  touch(db, input.householdId, input.nowIso);
}

/**
 * Removes a current member. The head can leave only by naming a current member as the
 * new head (whose relation becomes 本人), unless nobody else is left, which dissolves the
 * household. `relations` restates other members' relations to the new head; members not
 * listed keep the relation they had.
 */
export function removeHouseholdMember(
  db: Database.Database,
  input: {
    householdId: number;
    residentId: number;
    newHeadResidentId?: number | undefined;
    relations?: { residentId: number; relation: MemberRelation }[] | undefined;
    date: string;
    nowIso: string;
  },
): void {
  requireOpenHousehold(db, input.householdId);
  const members = currentMembers(db, input.householdId);
  const leaving = members.find((m) => m.resident_id === input.residentId);
  if (!leaving) {
    throw conflict('该居民不是本户的现有成员', { householdId: input.householdId, residentId: input.residentId });
  }
  const others = members.filter((m) => m.resident_id !== input.residentId);

  if (!leaving.is_head || others.length === 0) {
    if (input.newHeadResidentId !== undefined) {
      const why = leaving.is_head ? '该户已无其他成员，无法指定新户主' : '移出的不是户主，无须指定新户主';
      throw validationError([{ path: 'newHeadResidentId', message: why }]);
    }
    if (input.relations?.length) {
      throw validationError([{ path: 'relations', message: '只有更换户主时才需重新填写与户主关系' }]);
    }
    closeMembership(db, leaving.id, input.date);
    touch(db, input.householdId, input.nowIso, others.length === 0 ? input.date : null);
    return;
  }

  if (input.newHeadResidentId === undefined) {
    throw validationError(
      [{ path: 'newHeadResidentId', message: '移出户主前须指定新户主（须为本户现有成员）' }],
      '移出户主前须指定新户主（须为本户现有成员）',
    );
  }
  const newHead = others.find((m) => m.resident_id === input.newHeadResidentId);
  if (!newHead) throw validationError([{ path: 'newHeadResidentId', message: '新户主须为本户的现有成员' }]);
  const restated = new Map<number, MemberRelation>();
  (input.relations ?? []).forEach((r, i) => {
    const member = others.find((m) => m.resident_id === r.residentId);
    if (!member || member === newHead) {
      throw validationError([{ path: `relations.${i}.residentId`, message: '只能为留在本户、且不是新户主的成员填写关系' }]);
    }
    restated.set(r.residentId, r.relation);
  });

  // The old head's row is closed before the new one opens: one current head per household
  // is enforced by a unique index.
  closeMembership(db, leaving.id, input.date);
  closeMembership(db, newHead.id, input.date);
  openMembership(db, { householdId: input.householdId, residentId: newHead.resident_id, relation: '本人', date: input.date });
  for (const [residentId, relation] of restated) {
    const member = others.find((m) => m.resident_id === residentId)!;
    if (member.relation === relation) continue;
    closeMembership(db, member.id, input.date);
    openMembership(db, { householdId: input.householdId, residentId, relation, date: input.date });
  }
  touch(db, input.householdId, input.nowIso);
}

export interface HouseholdMemberView {
  residentId: number;
  name: string;
  /** masked */
  idNumber: string;
  sex: 'male' | 'female';
  age: number;
  relation: Relation;
  isHead: boolean;
  joinedOn: string;
}

export interface HouseholdView {
  id: number;
  address: string | null;
  createdAt: string;
  dissolvedOn: string | null;
  head: HouseholdMemberView | null;
  members: HouseholdMemberView[];
  history: { residentId: number; name: string; relation: Relation; isHead: boolean; joinedOn: string; leftOn: string | null }[];
}

export function householdView(db: Database.Database, householdId: number, today: string): HouseholdView {
  const household = requireHousehold(db, householdId);
  const members = currentMembers(db, householdId).map((m) => ({
    residentId: m.resident_id,
    name: m.name,
    idNumber: maskIdNumber(m.id_number),
    sex: m.sex,
    age: ageOn(m.birth_date, today),
    relation: m.relation,
    isHead: m.is_head === 1,
    joinedOn: m.joined_on,
  }));
  return {
    id: household.id,
    address: household.address,
    createdAt: household.created_at,
    dissolvedOn: household.dissolved_on,
    head: members.find((m) => m.isHead) ?? null,
    members,
    history: memberHistory(db, householdId).map((m) => ({
      residentId: m.resident_id,
      name: m.name,
      relation: m.relation,
      isHead: m.is_head === 1,
      joinedOn: m.joined_on,
      leftOn: m.left_on,
    })),
  };
}

/** The current household of a resident, for the resident's own page; null if none. */
export function householdSummary(db: Database.Database, residentId: number) {
  const membership = currentMembership(db, residentId);
  if (!membership) return null;
  const members = currentMembers(db, membership.household_id);
  const head = members.find((m) => m.is_head === 1);
  return {
    id: membership.household_id,
    address: getHouseholdRow(db, membership.household_id)!.address,
    headResidentId: head?.resident_id ?? null,
    headName: head?.name ?? null,
    relation: membership.relation,
    isHead: membership.is_head === 1,
    memberCount: members.length,
    joinedOn: membership.joined_on,
  };
}

export interface HouseholdSnapshot {
  householdId: number;
  address: string | null;
  headResidentId: number | null;
  members: {
    residentId: number;
    name: string;
    /** full number: a snapshot is for the core (case intake, rosters), masked on display */
    idNumber: string;
    birthDate: string;
    sex: 'male' | 'female';
    relation: Relation;
    isHead: boolean;
    joinedOn: string;
  }[];
}

/**
 * The resident's household as it stands now, with full values, for a case to keep as
 * the composition it was decided on. Null when the resident belongs to no household.
 */
export function currentHouseholdSnapshot(db: Database.Database, residentId: number): HouseholdSnapshot | null {
  const membership = currentMembership(db, residentId);
  if (!membership) return null;
  const members = currentMembers(db, membership.household_id);
  return {
    householdId: membership.household_id,
    address: getHouseholdRow(db, membership.household_id)!.address,
    headResidentId: members.find((m) => m.is_head === 1)?.resident_id ?? null,
    members: members.map((m) => ({
      residentId: m.resident_id,
      name: m.name,
      idNumber: m.id_number,
      birthDate: m.birth_date,
      sex: m.sex,
      relation: m.relation,
      isHead: m.is_head === 1,
      joinedOn: m.joined_on,
    })),
  };
}

/**
 * Restates a current member's relation to the head (an import that knows it better): the
 * stay is closed and reopened with the new relation, so the old one stays in the history.
 */
export function restateMemberRelation(
  db: Database.Database,
  input: { householdId: number; residentId: number; relation: MemberRelation; date: string; nowIso: string },
): void {
  const current = currentMembership(db, input.residentId);
  if (!current || current.household_id !== input.householdId || current.is_head) {
    throw conflict('该居民不是本户的现有成员（户主除外）', { householdId: input.householdId, residentId: input.residentId });
  }
  if (current.relation === input.relation) return;
  closeMembership(db, current.id, input.date);
  openMembership(db, input);
  touch(db, input.householdId, input.nowIso);
}
