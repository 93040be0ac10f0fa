import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingCalendar } from '../../db/src/calendar/working-days';
import { caseWorld, VALUES } from '../support/cases';
import { ok, testCore } from '../support/temp';

const LSJZ = 'MZ-LSJZ-001'; // 临时救助: 15 working days
const DB = 'MZ-DB-001'; // 最低生活保障: 30 working days, 延期 15
const WARNING_2027 = '2027年放假安排尚未导入国务院通知，节假日为按法定节日推算的临时安排，办结时限可能变动';

// A made-up 2027 notice (no real one was published when this was written): 元旦 1/1–1/3,
// 春节 2/5–2/11 with make-up working days Sunday 1/31 and Saturday 2/20.
const NOTICE_2027 = [
  '# 2027 年节假日安排（测试用，虚构）',
  'date,kind,name',
  '2027-01-01,holiday,元旦',
  '2027-01-02,holiday,元旦',
  '2027-01-03,holiday,元旦',
  '2027-01-31,workday,春节调休上班',
  ...['05', '06', '07', '08', '09', '10', '11'].map((d) => `2027-02-${d},holiday,春节`),
  '2027-02-20,workday,春节调休上班',
].join('\n');

describe('a year without an imported notice runs on computed statutory holidays, marked provisional', () => {
  it('treats 2027 元旦, 除夕 to 初三, 清明, 劳动节, 端午, 中秋 and 国庆 as rest days', () => {
    const { db } = testCore();
    const cal = workingCalendar(db);
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-05-03', '2027-06-09', '2027-09-15', '2027-10-01'].filter((d) => d !== '2027-05-03')) {
      expect(cal.dayInfo(d), d).toMatchObject({ working: false, kind: 'holiday', source: 'provisional' });
    }
    expect(cal.dayInfo('2027-02-05').name).toBe('春节');
    expect(cal.dayInfo('2027-04-05').name).toBe('清明节');
    // 劳动节 is two days now (May 1–2, a weekend in 2027): Monday 5/3 works.
    expect(isWorkingDay(db, '2027-05-03')).toBe(true);
    expect(isWorkingDay(db, '2027-02-09')).toBe(true);
    // Across the new year: Thursday 12/31, then 1/1 off, then Monday 1/4.
    expect(addWorkingDays(db, '2026-12-31', 1)).toBe('2027-01-04');
    expect(cal.workingDaysBetween('2027-02-04', '2027-02-09')).toBe(1);
    // An official year is untouched: 2026's own notice, not the computed days.
    expect(cal.dayInfo('2026-10-05')).toMatchObject({ working: false, source: 'official' });
    // Before the 2024 amendment nothing is computed (the weekly rule, as before).
    expect(isWorkingDay(db, '2024-10-01')).toBe(true);
  });

  it('calendar.list shows the computed days and which years are official or provisional', async () => {
    const core = testCore({ now: () => new Date('2026-12-07T09:00:00+08:00') });
    const y2027 = await ok(core, 'calendar.list', { year: 2027 });
    expect(y2027).toMatchObject({ year: 2027, provisional: true, warning: WARNING_2027 });
    expect(y2027.days).toHaveLength(13);
    expect(y2027.days.slice(0, 3)).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'provisional', updatedAt: null },
      { date: '2027-02-05', kind: 'holiday', name: '春节', source: 'provisional', updatedAt: null },
      { date: '2027-02-06', kind: 'holiday', name: '春节', source: 'provisional', updatedAt: null },
    ]);
    expect(y2027.years).toEqual([
      { year: 2025, status: 'official' },
      { year: 2026, status: 'official' },
      { year: 2027, status: 'provisional' },
    ]);
    expect(await ok(core, 'calendar.list', { year: 2026 })).toMatchObject({ provisional: false, warning: null });
    expect((await ok(core, 'calendar.list', { year: 2024 })).years).toContainEqual({ year: 2024, status: 'weekly' });
    // An administrator's day in a provisional year wins over the computed one.
    await ok(core, 'calendar.setDay', { date: '2027-01-01', kind: 'workday', name: '测试' });
    expect((await ok(core, 'calendar.list', { year: 2027 })).days[0]).toMatchObject({ date: '2027-01-01', kind: 'workday', source: 'admin' });
    expect((await ok(core, 'calendar.list', { year: 2027 })).provisional).toBe(true);
  });
});

describe('due dates that reach a provisional year', () => {
  it('skip 2027-01-01 and the 春节 days, carry the warning, and are re-planned with an audit row when the notice is imported', async () => {
    const w = await caseWorld('2026-12-21T09:00:00+08:00');
    const a = await w.resident('跨年甲');
    await w.household(a);
    const b = await w.resident('跨年乙');
    await w.household(b);

    // Precheck: the promised date and the warning, before anything is taken in.
    const pre = await w.as('li', 'cases.precheck', { residentId: a, itemCode: LSJZ, values: VALUES[LSJZ] });
    expect(pre).toMatchObject({ dueOn: '2027-01-12', dueDateProvisional: true, dueDateWarning: WARNING_2027 });
    expect(await w.as('li', 'cases.precheck', { residentId: a, itemCode: 'RS-SYDJ-001' })).toMatchObject({
      dueOn: '2026-12-24',
      dueDateProvisional: false,
      dueDateWarning: null,
    });
    expect(await w.as('li', 'cases.precheck', { residentId: a })).toMatchObject({ dueOn: null, dueDateProvisional: false });

    // 15 working days after Monday 12/21: 12/22–12/25, 12/28–12/31, (1/1 off) 1/4–1/8, 1/11, 1/12.
    const taken = await w.intake({ residentId: a, itemCode: LSJZ, values: VALUES[LSJZ] });
    expect(taken).toMatchObject({ dueDateProvisional: true, dueDateWarning: WARNING_2027 });
    expect(taken.case.dates).toMatchObject({ acceptedOn: '2026-12-21', dueOn: '2027-01-12', dueDateProvisional: true, dueDateWarning: WARNING_2027 });
    const caseA = taken.case;

    // 30 + 15 (延期) working days: past 1/1 and 除夕 2/5 to 初三 2/8 (Friday and Monday off).
    const { case: caseB } = await w.intake({ residentId: b, itemCode: DB, values: VALUES[DB], means: w.householdMeans(b) });
    expect(caseB.dates.dueOn).toBe('2027-02-02');
    const extended = await w.transition('wang', caseB.id, 'extend', { opinion: '需进一步核查家庭收入' });
    expect(extended.case.dates).toMatchObject({ dueOn: '2027-02-25', dueDateProvisional: true });

    // The notice: 元旦 moves nothing for A (1/2, 1/3 are a weekend); B loses 2/9–2/11 and gains 1/31 and 2/20: due Friday 2/26.
    w.setDay('2026-12-28');
    const auditBefore = (w.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'replan_due'").get() as { n: number }).n;
    expect(auditBefore).toBe(0);
    const imported = await w.as('admin', 'calendar.import', { content: NOTICE_2027 });
    expect(imported).toEqual({
      imported: 12,
      years: [2027],
      replanned: [{ caseId: caseB.id, caseNo: caseB.caseNo, from: '2027-02-25', to: '2027-02-26' }],
    });
    const gotB = await w.as('li', 'cases.get', { id: caseB.id });
    expect(gotB.dates).toMatchObject({ dueOn: '2027-02-26', dueDateProvisional: false, dueDateWarning: null });
    expect(gotB.timeline.at(-1)).toMatchObject({ action: 'replan_due', actionLabel: '节假日调整办结日期', detail: { dueOn: { from: '2027-02-25', to: '2027-02-26' } } });
    const gotA = await w.as('li', 'cases.get', { id: caseA.id });
    expect(gotA.dates).toMatchObject({ dueOn: '2027-01-12', dueDateProvisional: false });

    const rows = w.core.db.prepare("SELECT record_type, record_id, before, after, detail FROM audit_log WHERE action = 'replan_due'").all() as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ record_type: 'case', record_id: String(caseB.id) });
    expect(JSON.parse(rows[0]!.before!)).toEqual({ caseNo: caseB.caseNo, dueOn: '2027-02-25' });
    expect(JSON.parse(rows[0]!.after!)).toEqual({ caseNo: caseB.caseNo, dueOn: '2027-02-26' });
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ reason: 'calendar_import', years: [2027] });
    await w.expectVerified();

    // 2027 is official now: the computed days are gone, the warning too.
    expect(await w.as('admin', 'calendar.list', { year: 2027 })).toMatchObject({ provisional: false, warning: null });
    expect((await w.as('admin', 'calendar.list', { year: 2027 })).days.every((d: { source: string }) => d.source === 'import')).toBe(true);
    expect((await w.as('li', 'calendar.isWorkingDay', { date: '2027-04-05' })).working).toBe(true); // 清明 not in the test file
    // 2028 is the next provisional year.
    expect((await w.as('li', 'calendar.isWorkingDay', { date: '2028-01-25' })).source).toBe('provisional');
  });
});
