/**
 * 容缺受理 lets a case start before a secondary material is in, on the applicant's
 * promise; the result is issued only once that material is supplied. So the approval
 * stage may not decide 'approved' while a deferred material is outstanding. 不予批准 may
 * still be decided: refusing issues nothing that rests on the missing paper, and a case
 * found ineligible should not wait for a document that changes nothing.
 */
import type Database from 'better-sqlite3';
import { conflict } from '../kernel/errors';
import { prepared } from '../kernel/prepared';

export interface AwaitedMaterial {
  key: string;
  name: string;
  /** the day the applicant promised to bring it */
  dueDate: string;
}

export function awaitedMaterials(db: Database.Database, caseId: number): AwaitedMaterial[] {
  return prepared<{ caseId: number }, AwaitedMaterial>(
    db,
    `SELECT key, name, deferred_due AS dueDate FROM case_materials
      WHERE case_id = @caseId AND deferred_due IS NOT NULL AND received_later_on IS NULL ORDER BY position`,
  ).all({ caseId });
}

/** Refuses 审批通过 while a 容缺 material is still awaited, naming each and its promised day. */
export function assertNoAwaitedMaterial(db: Database.Database, c: { id: number; case_no: string }): void {
  const awaited = awaitedMaterials(db, c.id);
  if (awaited.length === 0) return;
  throw conflict(
    `容缺受理的材料尚未补交：${awaited.map((m) => `“${m.name}”（约定 ${m.dueDate} 前补交）`).join('、')}。材料补齐后方可审批通过；如不符合条件，仍可作出不予批准决定`,
    { rule: 'deferred_outstanding', caseNo: c.case_no, awaited },
  );
}
