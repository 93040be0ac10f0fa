import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../../db/src/calendar/working-days';
import { FAMILY_LABELS } from '../../db/src/catalogue/definition';
import { getItemVersion } from '../../db/src/catalogue/catalogue';
import { deadlineStatus } from '../../db/src/cases/deadlines';
import { DEADLINE_LABELS, DECISION_LABELS, STATUS_LABELS } from '../../db/src/shared/vocabulary';
import { LEDGER_SQL, ledgerKind } from '../../db/src/exports/kinds/ledger';
import { caseWorld, VALUES } from '../support/cases';

const DB = 'MZ-DB-001';
const LNJT = 'MZ-LNJT-001';

/** The ledger row of one case read the slow, obvious way: the case, then its events one by one. */
function expectedRow(db: any, id: number, asOf: string) {
  const c = db
    .prepare('SELECT c.*, r.name AS rname, r.id_number, u.display_name AS clerk FROM cases c JOIN residents r ON r.id = c.resident_id JOIN users u ON u.id = c.clerk_id WHERE c.id = ?')
    .get(id);
  const stages = new Map(getItemVersion(db, c.item_code, c.item_version).stages.map((s) => [s.key, s.name]));
  const entered = (db.prepare('SELECT to_stage, from_stage, on_date FROM case_events WHERE case_id = ? ORDER BY id').all(id) as any[])
    .filter((e) => e.to_stage && e.to_stage !== e.from_stage)
    .map((e) => `${stages.get(e.to_stage) ?? e.to_stage} ${e.on_date}`)
    .join('；');
  const done = c.status === 'approved' || c.status === 'not_approved';
  return [
    c.case_no,
    c.item_code,
    c.item_name,
    FAMILY_LABELS[c.family as keyof typeof FAMILY_LABELS],
    c.rname,
    c.id_number,
    DECISION_LABELS[c.decision as keyof typeof DECISION_LABELS],
    STATUS_LABELS[c.status as keyof typeof STATUS_LABELS],
    c.stage ? stages.get(c.stage) : null,
    c.received_on,
    c.accepted_on,
    entered || null,
    c.due_on,
    c.completed_on,
    DEADLINE_LABELS[deadlineStatus(c, asOf, 3, workingCalendar(db)).status],
    done ? (c.completed_on <= c.due_on ? '是' : '否') : null,
    c.clerk,
    c.window_no,
    new Date(Date.parse(c.updated_at) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
  ];
}

describe('办件明细 rows', () => {
  it('stage dates in timeline order through every stage, none for cases that never entered one, deadlines as of the run day', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    // a 低保 version the centre decides, so its last stage is the centre's 审批
    await w.centreDecides(DB);
    const person = async (name: string, birth = '19500101') => w.resident(name, { birth });

    // 最低生活保障 through all five stages, with an extension that stays in its stage
    const a = await person('甲');
    await w.household(a);
    const dibao = (await w.intake({ residentId: a, itemCode: DB, values: VALUES[DB], means: w.householdMeans(a, [650]) })).case.id;
    w.setDay('2026-03-03');
    await w.transition('wang', dibao, 'extend', { opinion: '入户调查需补充核对，延期' });
    w.setDay('2026-03-04');
    await w.transition('wang', dibao, 'advance');
    w.setDay('2026-03-05');
    await w.transition('wang', dibao, 'advance');
    await w.transition('wang', dibao, 'advance');
    // Refused at the window and sent away to complete the materials: no stage ever entered.
    const refused = (await w.intake({ residentId: await person('乙', '19700101'), itemCode: LNJT, values: VALUES[LNJT], decision: 'refuse', refusal: { reason: '未满 65 周岁' }, materials: [] })).case.id;
    const waiting = (await w.intake({ residentId: await person('丙'), itemCode: LNJT, values: VALUES[LNJT], decision: 'notify_missing', materials: w.fullMaterials(LNJT, ['bankCard']) })).case
      .id;
    // Completed later: its first stage is entered on the day the materials came.
    const supplied = (await w.intake({ residentId: await person('丁'), itemCode: LNJT, values: VALUES[LNJT], decision: 'notify_missing', materials: w.fullMaterials(LNJT, ['bankCard']) })).case
      .id;
    w.setDay('2026-03-12');
    await w.as('li', 'cases.supplyMaterials', { caseId: supplied, materials: [{ key: 'bankCard', copies: 1 }] });
    await w.transition('wang', dibao, 'advance');
    w.setDay('2026-03-16');
    await w.transition('chen', dibao, 'approve', { values: { assessedAmount: 900 } });
    // Taken in and left open: due soon or overdue depending on the run day.
    const open = (await w.intake({ residentId: await person('戊'), itemCode: LNJT, values: VALUES[LNJT] })).case.id;
    // In 公示 on the run day: paused.
    const posting = await person('己');
    await w.household(posting);
    const posted = (await w.intake({ residentId: posting, itemCode: DB, values: VALUES[DB], means: w.householdMeans(posting) })).case.id;
    await w.transition('wang', posted, 'advance');
    await w.transition('wang', posted, 'advance');
    await w.transition('wang', posted, 'advance');

    const db = w.core.db;
    const asOf = '2026-04-10';
    const rows = [...ledgerKind.open(db, { from: '2026-03-01', to: '2026-03-31' }, asOf).rows];
    const ids = [dibao, refused, waiting, supplied, open, posted].sort((x, y) => x - y);
    expect(rows).toEqual(ids.map((id) => expectedRow(db, id, asOf)));

    const byId = new Map(ids.map((id, i) => [id, rows[i]!]));
    expect(byId.get(dibao)![11]).toBe('入户调查 2026-03-02；初审 2026-03-04；民主评议 2026-03-05；公示 2026-03-05；审批 2026-03-12');
    expect(byId.get(refused)![11]).toBeNull();
    expect(byId.get(waiting)![11]).toBeNull();
    expect(byId.get(supplied)![11]).toBe('初审 2026-03-12');
    expect([byId.get(waiting)![14], byId.get(open)![14], byId.get(posted)![14]]).toEqual(['暂停计时', '逾期', '暂停计时']);

    // One day: only the cases with a timeline entry that day.
    expect([...ledgerKind.open(db, { from: '2026-03-12', to: '2026-03-12' }, asOf).rows].map((r) => r[0])).toEqual([byId.get(dibao)![0], byId.get(supplied)![0]]);
  });

  it('query plan: index searches only, no scan and no sorting, whatever the period', async () => {
    const w = await caseWorld();
    for (const range of [
      { from: '2026-03-04', to: '2026-03-04' },
      { from: '2000-01-01', to: '2026-11-20' },
    ]) {
      const plan = (w.core.db.prepare(`EXPLAIN QUERY PLAN ${LEDGER_SQL}`).all(range) as { detail: string }[]).map((r) => r.detail);
      expect(plan).toContain('SEARCH c USING INTEGER PRIMARY KEY (rowid=?)');
      expect(plan.some((d) => d.startsWith('SEARCH e USING COVERING INDEX case_events_on_date (on_date>? AND on_date<?)'))).toBe(true);
      // the stage dates from migration 0011's index alone, no case_events row read
      expect(plan).toContain('SEARCH e USING COVERING INDEX case_events_stages (case_id=?)');
      expect(plan.filter((d) => d.startsWith('SCAN ') || d.includes('TEMP B-TREE'))).toEqual([]);
    }
  });
});
