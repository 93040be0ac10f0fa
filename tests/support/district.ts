/**
 * Cases of district-decided items (收受分离) brought to 待区级审核确认 and handed off, for the
 * tests of the decisions coming back. In production the 移交 export hands cases off; here
 * markHandedOff runs inside a core transaction, as that export's run does.
 */
import { expect } from 'vitest';
import { handOffIn } from './handoff';
import type { caseWorld } from './cases';
import { VALUES } from './cases';

type World = Awaited<ReturnType<typeof caseWorld>>;

export const DIBAO = 'MZ-DB-001';
export const TEKUN = 'MZ-TK-001';

/** Advances every centre stage (公示 waits its days) up to 待区级审核确认, by reviewer wang. */
export async function toDistrictStage(w: World, caseId: number): Promise<void> {
  for (let i = 0; i < 10 && w.row(caseId).stage !== 'district'; i++) {
    const ends = w.row(caseId).posting_ends_on as string | null;
    if (ends) w.setDay(ends);
    await w.transition('wang', caseId, 'advance', { opinion: `完成${String(w.row(caseId).stage)}：情况属实` });
  }
  expect(w.row(caseId)).toMatchObject({ status: 'in_progress', stage: 'district' });
}

/** Hands the cases off on `day` in a (pretend) export run of that day, as the 移交 export will. */
export function handOff(w: World, caseIds: number[], day: string): void {
  handOffIn(w.core.db, caseIds, day);
}

/** A one-person household, so that the 低保 means test has its members. */
export async function dibaoCase(w: World, name: string, income = 400): Promise<{ caseId: number; caseNo: string; residentId: number }> {
  const residentId = await w.resident(name, { birth: '19600101' });
  await w.household(residentId);
  const { case: c } = await w.intake({ residentId, itemCode: DIBAO, values: VALUES[DIBAO], means: w.householdMeans(residentId, [income]) });
  return { caseId: c.id, caseNo: c.caseNo, residentId };
}

export async function tekunCase(w: World, name: string): Promise<{ caseId: number; caseNo: string; residentId: number }> {
  const residentId = await w.resident(name, { birth: '19500101' });
  const { case: c } = await w.intake({ residentId, itemCode: TEKUN, values: VALUES[TEKUN] });
  return { caseId: c.id, caseNo: c.caseNo, residentId };
}
