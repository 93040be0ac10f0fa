import { describe, expect, it } from 'vitest';
import { deadlineStatus } from '../../db/src/cases/deadlines';
import { workingCalendar } from '../../db/src/calendar/working-days';
import { caseWorld, VALUES } from '../support/cases';

describe('deadlines in working days', () => {
  it('counts across 春节 2026 (2/15–2/23 off, make-up Saturdays 2/14 and 2/28)', async () => {
    const w = await caseWorld('2026-02-10T09:30:00+08:00');
    const p = await w.resident('何春节');
    await w.household(p);
    const { case: c } = await w.intake({ residentId: p, itemCode: 'MZ-LSJZ-001', values: VALUES['MZ-LSJZ-001'] });
    // 15 working days after Tue 2/10: 2/11 2/12 2/13 2/14(Sat, make-up) | 2/24 2/25 2/26 2/27 2/28(Sat, make-up)
    // 3/2 3/3 3/4 3/5 3/6 3/9.
    expect(c.dates).toMatchObject({ acceptedOn: '2026-02-10', dueOn: '2026-03-09' });
    expect(c.deadline).toMatchObject({ status: 'normal', daysLeft: 15 });
    // During the holiday no working day passes: still 11 left on 2/20 (after 2/11–2/14).
    w.setDay('2026-02-20');
    expect((await w.as('li', 'cases.get', { id: c.id })).deadline).toMatchObject({ status: 'normal', daysLeft: 11 });
  });

  it('counts across 国庆 2026 (10/1–10/7 off, make-up 9/20 and 10/10)', async () => {
    const w = await caseWorld('2026-09-18T09:30:00+08:00');
    const a = await w.resident('国庆甲');
    // 失业登记, 3 working days after Fri 9/18: 9/20 (Sun, make-up), 9/21, 9/22.
    const { case: c1 } = await w.intake({ residentId: a, itemCode: 'RS-SYDJ-001', values: VALUES['RS-SYDJ-001'] });
    expect(c1.dates.dueOn).toBe('2026-09-22');
    // 老年综合津贴, 10 working days after Mon 9/28: 9/29 9/30 | 10/8 10/9 10/10(Sat, make-up) 10/12 … 10/16.
    w.setDay('2026-09-28');
    const b = await w.resident('国庆乙', { birth: '19560301' });
    const { case: c2 } = await w.intake({ residentId: b, itemCode: 'MZ-LNJT-001', values: VALUES['MZ-LNJT-001'] });
    expect(c2.dates.dueOn).toBe('2026-10-16');
  });

  it('flags 预警 at warningDays working days left (a setting) and 逾期 the day after the due date', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('边界');
    // 创业扶持, 20 working days after Mon 3/2.
    const { case: c } = await w.intake({ residentId: p, itemCode: 'RS-CYFC-001', values: VALUES['RS-CYFC-001'] });
    expect(c.dates.dueOn).toBe('2026-03-30'); // 20 working days
    const status = async (day: string) => {
      w.setDay(day);
      const got = await w.as('li', 'cases.get', { id: c.id });
      return [got.deadline.status, got.deadline.daysLeft];
    };
    expect(await status('2026-03-24')).toEqual(['normal', 4]);
    expect(await status('2026-03-25')).toEqual(['warning', 3]);
    expect(await status('2026-03-28')).toEqual(['warning', 1]); // Saturday: Monday the 30th is left
    expect(await status('2026-03-30')).toEqual(['warning', 0]);
    expect(await status('2026-03-31')).toEqual(['overdue', -1]);
    // The setting moves the 预警 boundary; list and worklist agree with cases.get.
    await w.as('admin', 'settings.update', { warningDays: 5 });
    expect(await status('2026-03-23')).toEqual(['warning', 5]);
    expect(await status('2026-03-20')).toEqual(['normal', 6]);
    w.setDay('2026-03-23');
    expect((await w.as('li', 'cases.list', { deadline: 'warning' })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await w.as('li', 'cases.list', { deadline: 'normal' })).items).toEqual([]);
    expect((await w.as('li', 'cases.worklist', {})).dueSoon.total).toBe(1);
    w.setDay('2026-03-31');
    expect((await w.as('li', 'cases.list', { deadline: 'overdue' })).items.map((i) => i.deadline.label)).toEqual(['逾期']);
    expect((await w.as('wang', 'cases.worklist', { person: 'all' })).overdue.items.map((i) => i.caseNo)).toEqual([c.caseNo]);
    // Completed late: done, and not on time.
    await w.transition('wang', c.id, 'advance');
    await w.transition('wang', c.id, 'advance');
    const done = (await w.transition('chen', c.id, 'approve')).case;
    expect(done.deadline).toMatchObject({ status: 'done', label: '已办结', onTime: false });
  });

  it('pauses for 公示 (calendar days, at least the stage minimum) by the working days it lasted', async () => {
    const w = await caseWorld('2026-03-02T09:00:00+08:00');
    const p = await w.resident('公示');
    await w.household(p);
    const { case: c } = await w.intake({ residentId: p, itemCode: 'MZ-DB-001', values: VALUES['MZ-DB-001'], means: w.householdMeans(p) });
    expect(c.dates.dueOn).toBe('2026-04-14');
    await w.transition('wang', c.id, 'advance'); // 入户调查 → 初审
    await w.transition('wang', c.id, 'advance'); // 初审 → 民主评议
    w.setDay('2026-03-27'); // Friday
    const posted = (await w.transition('wang', c.id, 'advance')).case;
    expect(posted.deadline).toMatchObject({ status: 'paused', postingEndsOn: '2026-04-03' });
    // Paused, it is not in the overdue or due-soon lists, whatever the date.
    w.setDay('2026-04-20');
    expect((await w.as('li', 'cases.list', { deadline: 'paused' })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await w.as('li', 'cases.worklist', {})).overdue.total).toBe(0);
    // 3/27 → 4/20: working days 3/30 … 4/20 without 清明 (4/4–4/6) = 15.
    const back = (await w.transition('wang', c.id, 'advance')).case;
    expect(back.deadline).toMatchObject({ pausedDays: 15, status: 'normal' });
    // 4/14 + 15: 4/15 … 4/30 (12), 劳动节 5/1–5/5, 5/6 5/7 5/8.
    expect(back.dates.dueOn).toBe('2026-05-08');
    // The make-up Saturday 5/9 is the first working day overdue.
    expect(deadlineStatus({ status: 'in_progress', accepted_on: '2026-03-02', due_on: '2026-05-08', paused_since: null }, '2026-05-09', 3, workingCalendar(w.core.db))).toEqual({
      status: 'overdue',
      daysLeft: -1,
      pausedFor: null,
    });
  });
});
