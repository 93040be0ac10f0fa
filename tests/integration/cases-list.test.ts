import { describe, expect, it } from 'vitest';
import { listQuery } from '../../db/src/cases/list';
import { caseCountSql, caseGroupSql, worklistQueries } from '../../db/src/cases/worklist';
import { makeId } from '../support/ids';
import { caseWorld, VALUES } from '../support/cases';

function plan(db: any, sql: string, params: Record<string, unknown>): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
}
/** A full scan of a table shows as "SCAN <alias>" without an index. */
const fullScans = (lines: string[]) => lines.filter((l) => /^SCAN (c|cases|m|f)\b/.test(l) && !/USING (COVERING )?INDEX/.test(l));

describe('cases.list', () => {
  it('filters, pages newest first by cursor, and masks the applicant ID', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const ids: number[] = [];
    const people: number[] = [];
    const add = async (itemCode: string, clerk = 'li', extra: Record<string, unknown> = {}) => {
      const p = await w.resident(`列表${people.length}`);
      people.push(p);
      const c = (await w.intake({ residentId: p, itemCode, values: VALUES[itemCode], ...extra }, clerk)).case;
      ids.push(c.id);
      return c;
    };
    await add('RS-SYDJ-001');
    await add('RS-CYFC-001', 'zhao');
    w.setDay('2026-03-03');
    await add('MZ-LNJT-001');
    await add('RS-SYDJ-001', 'zhao', { decision: 'notify_missing', materials: [] });
    w.setDay('2026-03-04');
    const refused = await add('MZ-YLJG-001', 'li', { decision: 'refuse', refusal: { reason: '不符合条件' } });
    await add('RS-QNJY-001', 'zhao');

    const all = await w.as('wang', 'cases.list', {});
    expect(all.items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(all.nextCursor).toBeNull();
    const first = all.items[0]!;
    expect(first).toMatchObject({ itemName: '长期失业青年就业援助', family: 'employment', familyLabel: '就业援助', statusLabel: '办理中', stageName: '初审', clerk: { name: '测试zhao' }, deadline: { status: 'normal', label: '正常' } });
    expect(first.applicant.idNumber).toMatch(/^310101\*{8}\d{3}[\dX]$/);
    const json = JSON.stringify(all);
    for (let seq = 1; seq <= 20; seq++) expect(json).not.toContain(makeId(seq));

    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await w.as('wang', 'cases.list', { limit: 4, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([[...ids].reverse().slice(0, 4), [...ids].reverse().slice(4)]);

    const pick = async (f: Record<string, unknown>) => (await w.as('li', 'cases.list', f)).items.map((i) => i.id).sort((a, b) => a - b);
    expect(await pick({ itemCode: 'rs-sydj-001' })).toEqual([ids[0], ids[3]]);
    expect(await pick({ family: 'elderly_care' })).toEqual([ids[2], ids[4]]);
    expect(await pick({ status: 'waiting_materials' })).toEqual([ids[3]]);
    expect(await pick({ status: ['refused', 'waiting_materials'] })).toEqual([ids[3], refused.id]);
    expect(await pick({ clerkId: 'me' })).toEqual([ids[0], ids[2], ids[4]]);
    expect(await pick({ from: '2026-03-03', to: '2026-03-03' })).toEqual([ids[2], ids[3]]);
    expect(await pick({ deadline: 'done' })).toEqual([refused.id]);
    expect(await pick({ deadline: 'paused' })).toEqual([ids[3]]);
    expect(await pick({ residentId: people[1] })).toEqual([ids[1]]);
    expect((await w.asErr('li', 'cases.list', { from: '2026-03-04', to: '2026-03-01' })).fields?.[0]?.path).toBe('to');
    expect((await w.asErr('li', 'cases.list', { cursor: 'abc' })).code).toBe('VALIDATION');
  });

  it('pages a received-date range newest day first, each case once, even after the clock was set back', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const made: { id: number; day: string }[] = [];
    const add = async (day: string, itemCode = 'RS-SYDJ-001') => {
      w.setDay(day);
      const p = await w.resident(`日期${made.length}`);
      const c = (await w.intake({ residentId: p, itemCode, values: VALUES[itemCode] }, 'li')).case;
      made.push({ id: c.id, day });
    };
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-05']) await add(day);
    // The counter PC's clock was a day ahead and is put right: a later id, an earlier day.
    await add('2026-03-04');
    await add('2026-03-06');

    const expected = made
      .filter((c) => c.day >= '2026-03-03' && c.day <= '2026-03-05')
      .sort((a, b) => (a.day === b.day ? b.id - a.id : a.day < b.day ? 1 : -1))
      .map((c) => c.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await w.as('wang', 'cases.list', { from: '2026-03-03', to: '2026-03-05', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
    // Open-ended ranges and a combined filter page the same way.
    const fromOnly = await w.as('wang', 'cases.list', { from: '2026-03-05', limit: 50 });
    expect(fromOnly.items.map((i) => i.receivedOn)).toEqual(['2026-03-06', '2026-03-05', '2026-03-05']);
    const withStatus = await w.as('wang', 'cases.list', { to: '2026-03-04', status: ['in_progress'], limit: 2 });
    expect(withStatus.items.map((i) => i.receivedOn)).toEqual(['2026-03-04', '2026-03-04']);
    // A cursor naming no case gives an empty page rather than an error or the whole range.
    expect((await w.as('wang', 'cases.list', { from: '2026-03-03', cursor: '999999' })).items).toEqual([]);
  });

  it('uses an index for every list filter and every worklist group (EXPLAIN QUERY PLAN)', async () => {
    const w = await caseWorld();
    const db = w.core.db;
    const filters: Record<string, unknown>[] = [
      { status: ['in_progress'] },
      { status: ['in_progress'], cursor: 100 },
      { clerkId: 1 },
      { itemCode: 'MZ-DB-001' },
      { family: 'subsidy' },
      { residentId: 1 },
      { from: '2026-03-01', to: '2026-03-31' },
      { deadline: 'overdue' },
      { deadline: 'warning' },
      { deadline: 'normal' },
      { deadline: 'paused' },
      { deadline: 'done' },
      { deadline: 'overdue', clerkId: 1 },
    ];
    for (const f of filters) {
      const { sql, params } = listQuery(db, { limit: 50, ...f } as any, '2026-03-02', 3);
      const lines = plan(db, sql, params);
      expect(fullScans(lines), `${JSON.stringify(f)}: ${lines.join(' | ')}`).toEqual([]);
      expect(lines.join(' | '), JSON.stringify(f)).toMatch(/USING (COVERING )?INDEX cases_|USING INTEGER PRIMARY KEY/);
    }
    const params = { today: '2026-03-02', warnBefore: '2026-03-06', limit: 50, clerkId: 1 };
    for (const mine of [false, true]) {
      const q = worklistQueries(mine);
      for (const [name, g] of Object.entries({ overdue: q.overdue, dueSoon: q.dueSoon, waitingMaterials: q.waitingMaterials, districtOverdue: q.districtOverdue, toTell: q.toTell })) {
        for (const sql of [caseGroupSql(g), caseCountSql(g)]) {
          const lines = plan(db, sql, params);
          expect(fullScans(lines), `${name} mine=${mine}: ${lines.join(' | ')}`).toEqual([]);
        }
      }
      for (const [name, sql] of [
        ['deferredDue', q.deferredDue.sql],
        ['deferredDue count', q.deferredDue.count],
        ['followUps', q.followUps.sql],
        ['followUps count', q.followUps.count],
      ] as const) {
        const lines = plan(db, sql, params);
        expect(fullScans(lines), `${name} mine=${mine}: ${lines.join(' | ')}`).toEqual([]);
      }
    }
    // The precheck's lookups of a resident's cases.
    const lines = plan(db, "SELECT id FROM cases WHERE resident_id = @r AND status IN ('waiting_materials', 'in_progress')", { r: 1 });
    expect(lines.join(' | ')).toMatch(/cases_resident_(item|status)/);
  });
});
