/**
 * Cases of district-decided items (收受分离) brought to 待区级审核确认 and handed off, for the
 * tests of the decisions coming back. In production the 移交 export hands cases off; here
 * markHandedOff runs inside a core transaction, as that export's run does.
 */
import { expect } from 'vitest';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { markHandedOff } from '../../db/src/cases/handoff';
import { getCaseRow } from '../../db/src/cases/store';
import type { Ctx } from '../../db/src/kernel/handler';
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
  const db = w.core.db;
  const admin = db.prepare("SELECT id, display_name FROM users WHERE username = 'admin'").get() as { id: number; display_name: string };
  const ctx = {
    db,
    session: { userId: admin.id, username: 'admin', displayName: admin.display_name, roles: ['admin'] },
    now: () => new Date(`${day}T10:00:00+08:00`),
  } as unknown as Ctx;
  db.transaction(() => {
    const run = db
      .prepare(
        `INSERT INTO export_runs (kind, period, run_no, trigger, actor_id, actor_name, encoding, status, folder, rows, files, started_at, finished_at)
         VALUES ('handoff', ?, 1, 'manual', ?, ?, 'utf8', 'ok', ?, ?, '[]', ?, ?)`,
      )
      .run(day, admin.id, admin.display_name, `移交_${day}`, caseIds.length, `${day}T02:00:00.000Z`, `${day}T02:00:01.000Z`);
    for (const id of caseIds) {
      const row = getCaseRow(db, id)!;
      markHandedOff(ctx, row, getItemVersion(db, row.item_code, row.item_version), Number(run.lastInsertRowid), day);
    }
  })();
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
