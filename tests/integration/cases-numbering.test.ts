import { describe, expect, it } from 'vitest';
import { caseWorld, VALUES } from '../support/cases';

const SYDJ = 'RS-SYDJ-001';

describe('case numbers and idempotency', () => {
  it('numbers by the Shanghai date: the sequence restarts at Shanghai midnight, not at UTC midnight', async () => {
    const w = await caseWorld('2026-03-02T23:59:30+08:00');
    const numbers: string[] = [];
    const take = async () => {
      const p = await w.resident(`午夜${numbers.length}`);
      numbers.push((await w.intake({ residentId: p, itemCode: SYDJ, values: VALUES[SYDJ] })).case.caseNo);
    };
    await take();
    await take();
    w.clock.set('2026-03-03T00:00:10+08:00'); // 16:00 UTC on 3/2
    await take();
    w.clock.set('2026-03-03T07:59:00+08:00'); // 23:59 UTC on 3/2
    await take();
    await w.as('admin', 'settings.update', { centreCode: '310115002' });
    await take();
    expect(numbers).toEqual([
      '310101001202603020001',
      '310101001202603020002',
      '310101001202603030001',
      '310101001202603030002',
      '310115002202603030003',
    ]);
  });

  it('a write that fails inside its transaction takes its number back: it was never issued, and nothing of it remains', async () => {
    const w = await caseWorld('2026-03-02T10:00:00+08:00');
    const a = await w.resident('第一');
    const b = await w.resident('第二');
    expect((await w.intake({ residentId: a, itemCode: SYDJ, values: VALUES[SYDJ] })).case.caseNo).toMatch(/0001$/);

    // A real failure late in the transaction (after the number, the case and its
    // materials were written): a trigger refuses the timeline row of this one request.
    w.core.db.exec(`CREATE TRIGGER fail_once BEFORE INSERT ON case_events
      WHEN (SELECT idempotency_key FROM cases WHERE id = NEW.case_id) = 'fail-inside-transaction'
      BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
    const count = (table: string) => (w.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { cases: count('cases'), materials: count('case_materials'), audit: count('audit_log'), seq: w.core.db.prepare('SELECT * FROM case_number_days').all() };
    const input = { residentId: b, itemCode: SYDJ, values: VALUES[SYDJ], decision: 'accept' as const, materials: w.fullMaterials(SYDJ), idempotencyKey: 'fail-inside-transaction' };
    expect((await w.asErr('li', 'cases.intake', input)).code).toBe('INTERNAL');
    expect({ cases: count('cases'), materials: count('case_materials'), audit: count('audit_log'), seq: w.core.db.prepare('SELECT * FROM case_number_days').all() }).toEqual(before);

    w.core.db.exec('DROP TRIGGER fail_once');
    const retried = await w.as('li', 'cases.intake', input);
    expect(retried.case.caseNo).toBe('310101001202603020002');
    const all = w.core.db.prepare('SELECT case_no FROM cases ORDER BY id').all();
    expect(all).toEqual([{ case_no: '310101001202603020001' }, { case_no: '310101001202603020002' }]);
    await w.expectVerified();
  });

  it('the same idempotency key returns the first case; reused for another application it is refused', async () => {
    const w = await caseWorld();
    const p = await w.resident('重复提交');
    const input = { residentId: p, itemCode: SYDJ, values: VALUES[SYDJ], decision: 'accept' as const, materials: w.fullMaterials(SYDJ), idempotencyKey: 'dbl-click-0001' };
    const first = await w.as('li', 'cases.intake', input);
    const again = await w.as('li', 'cases.intake', input);
    expect(again.replayed).toBe(true);
    expect(again.case.id).toBe(first.case.id);
    expect(again.case.caseNo).toBe(first.case.caseNo);
    // Still the first case after it moved on, and from another clerk's retry.
    await w.transition('wang', first.case.id, 'approve');
    const later = await w.as('zhao', 'cases.intake', input);
    expect(later).toMatchObject({ replayed: true, case: { id: first.case.id, status: 'approved' } });
    expect(w.core.db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 1 });
    const other = await w.resident('别人');
    const e = await w.asErr('li', 'cases.intake', { ...input, residentId: other });
    expect(e).toMatchObject({ code: 'CONFLICT', details: { caseNo: first.case.caseNo } });
    const replays = w.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE handler = 'cases.intake' AND action = 'intake_replayed'").get();
    expect(replays).toEqual({ n: 2 });
  });
});
