import { describe, expect, it } from 'vitest';
import { openCore } from '../../db/src/core';
import { schemaVersion } from '../../db/src/database/migrations';
import { addDays, shanghaiDate } from '../../db/src/calendar/dates';
import { centreHours, isCentreOpen } from '../../db/src/calendar/open-days';
import {
  addWorkingDays,
  isWorkingDay,
  workingCalendar,
  workingDaysBetween,
} from '../../db/src/calendar/working-days';
import { dbAtVersion, err, errRaw, ok, testCore } from '../support/temp';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe('working days: 2026 as in the State Council notice', () => {
  it('Spring Festival 2/15–2/23 with make-up Saturdays 2/14 and 2/28', () => {
    const { db } = testCore();
    expect(isWorkingDay(db, '2026-02-13')).toBe(true); // Friday before
    expect(isWorkingDay(db, '2026-02-14')).toBe(true); // make-up Saturday
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-21', '2026-02-23']) expect(isWorkingDay(db, d)).toBe(false);
    expect(isWorkingDay(db, '2026-02-24')).toBe(true);
    expect(isWorkingDay(db, '2026-02-28')).toBe(true); // make-up Saturday
    expect(isWorkingDay(db, '2026-03-01')).toBe(false); // ordinary Sunday
    expect(isWorkingDay(db, '2026-03-07')).toBe(false); // ordinary Saturday

    // From the Friday before: the make-up Saturday, then nothing until Tuesday 2/24.
    expect(addWorkingDays(db, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(db, '2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays(db, '2026-02-13', 3)).toBe('2026-02-25');
    expect(addWorkingDays(db, '2026-02-13', 6)).toBe('2026-02-28');
    expect(addWorkingDays(db, '2026-02-13', 7)).toBe('2026-03-02');
    // A 15-working-day limit accepted on Tuesday 2/10.
    expect(addWorkingDays(db, '2026-02-10', 15)).toBe('2026-03-09');
    // Accepted on the first day of the holiday: day 1 is the first working day after it.
    expect(addWorkingDays(db, '2026-02-15', 1)).toBe('2026-02-24');

    expect(workingDaysBetween(db, '2026-02-14', '2026-02-23')).toBe(0); // the whole holiday
    expect(workingDaysBetween(db, '2026-02-13', '2026-02-24')).toBe(2);
    expect(workingDaysBetween(db, '2026-02-13', '2026-03-02')).toBe(7);
    expect(workingDaysBetween(db, '2026-03-02', '2026-02-13')).toBe(-7);
    expect(workingDaysBetween(db, '2026-02-20', '2026-02-20')).toBe(0);
  });

  it('New Year across the year boundary: 1/1–1/3 off, Sunday 1/4 worked', () => {
    const { db } = testCore();
    expect(addWorkingDays(db, '2025-12-31', 1)).toBe('2026-01-04');
    expect(addWorkingDays(db, '2025-12-31', 2)).toBe('2026-01-05');
    expect(workingDaysBetween(db, '2025-12-30', '2026-01-05')).toBe(3); // 12/31, 1/4, 1/5
  });

  it('Mid-Autumn 9/25–27, National Day 10/1–7, make-up 9/20 (Sunday) and 10/10 (Saturday)', () => {
    const { db } = testCore();
    expect(isWorkingDay(db, '2026-09-20')).toBe(true);
    expect(isWorkingDay(db, '2026-09-25')).toBe(false); // Friday, 中秋节
    expect(isWorkingDay(db, '2026-10-08')).toBe(true);
    expect(isWorkingDay(db, '2026-10-10')).toBe(true);
    expect(isWorkingDay(db, '2026-10-11')).toBe(false);

    expect(addWorkingDays(db, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays(db, '2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays(db, '2026-09-30', 4)).toBe('2026-10-12');
    expect(addWorkingDays(db, '2026-09-18', 1)).toBe('2026-09-20');
    // 9/20, 9/21–24, 9/28–30, 10/8, 10/9, 10/10, 10/12
    expect(workingDaysBetween(db, '2026-09-18', '2026-10-12')).toBe(12);
    expect(workingDaysBetween(db, '2026-09-30', '2026-10-07')).toBe(0);
  });

  it('Labour Day 5/1–5/5 with make-up Saturday 5/9', () => {
    const { db } = testCore();
    expect(addWorkingDays(db, '2026-04-30', 1)).toBe('2026-05-06');
    expect(addWorkingDays(db, '2026-04-30', 4)).toBe('2026-05-09');
  });
});

describe('working days: 2025', () => {
  it('Spring Festival 1/28–2/4 with make-up 1/26 (Sunday) and 2/8 (Saturday)', () => {
    const { db } = testCore();
    expect(isWorkingDay(db, '2025-01-01')).toBe(false);
    expect(isWorkingDay(db, '2025-01-26')).toBe(true);
    expect(isWorkingDay(db, '2025-02-03')).toBe(false);
    expect(isWorkingDay(db, '2025-02-08')).toBe(true);
    expect(addWorkingDays(db, '2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays(db, '2025-01-27', 1)).toBe('2025-02-05');
    expect(addWorkingDays(db, '2025-01-27', 4)).toBe('2025-02-08');
    // 1/26, 1/27, 2/5, 2/6, 2/7, 2/8
    expect(workingDaysBetween(db, '2025-01-24', '2025-02-08')).toBe(6);
  });

  it('Labour Day make-up 4/27, National Day and Mid-Autumn 10/1–10/8 with 9/28 and 10/11', () => {
    const { db } = testCore();
    expect(isWorkingDay(db, '2025-04-27')).toBe(true);
    expect(addWorkingDays(db, '2025-04-30', 1)).toBe('2025-05-06');
    expect(isWorkingDay(db, '2025-09-28')).toBe(true);
    expect(isWorkingDay(db, '2025-10-08')).toBe(false); // Wednesday, 8th day of the holiday
    expect(addWorkingDays(db, '2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays(db, '2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkingDays(db, '2025-09-30', 4)).toBe('2025-10-13');
    expect(workingDaysBetween(db, '2025-09-26', '2025-10-13')).toBe(7); // 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, 10/13
  });
});

describe('working-day arithmetic is consistent', () => {
  it('counting agrees with walking, and between(d, add(d, n)) = n, over 2025–2027', () => {
    const { db } = testCore();
    const cal = workingCalendar(db);
    const start = '2024-12-20';
    const dates: string[] = [];
    for (let i = 0; i < 3 * 366; i += 1) dates.push(addDays(start, i));
    const working = dates.map((d) => cal.isWorkingDay(d));
    for (let i = 0; i < dates.length; i += 17) {
      for (const span of [1, 5, 30, 90, 400]) {
        const j = Math.min(i + span, dates.length - 1);
        const walked = working.slice(i + 1, j + 1).filter(Boolean).length;
        expect(cal.workingDaysBetween(dates[i]!, dates[j]!)).toBe(walked);
        expect(cal.workingDaysBetween(dates[j]!, dates[i]!)).toBe(-walked);
      }
      for (const n of [0, 1, 3, 15, 30, 45]) {
        const due = cal.addWorkingDays(dates[i]!, n);
        expect(cal.workingDaysBetween(dates[i]!, due)).toBe(n);
        if (n > 0) expect(cal.isWorkingDay(due)).toBe(true);
      }
    }
    // The weekly rule alone where no notice is loaded (2027).
    expect(cal.workingDaysBetween('2027-03-05', '2027-03-15')).toBe(6);
    // Walking back from a working day, on the same instance whose loaded range must now grow
    // backwards, and on fresh ones.
    for (let i = dates.length - 1; i > 0; i -= 23) {
      if (!working[i]) continue;
      for (const n of [1, 10, 250]) {
        const back = cal.addWorkingDays(dates[i]!, -n);
        expect(workingCalendar(db).workingDaysBetween(back, dates[i]!)).toBe(n);
        expect(addWorkingDays(db, dates[i]!, -n)).toBe(back);
      }
    }
    const preloaded = workingCalendar(db).preload('2025-01-01', '2026-12-31');
    expect(preloaded.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    expect(preloaded.workingDaysBetween('2024-12-31', '2026-12-31')).toBe(cal.workingDaysBetween('2024-12-31', '2026-12-31'));
  });

  it('a reused instance grows its loaded range to exactly the day asked, both ways', () => {
    const { db } = testCore();
    const cal = workingCalendar(db);
    expect(cal.workingDaysBetween('2026-02-01', '2026-02-10')).toBe(7);
    // The range ends on 2/10; 2/16 (a holiday Monday) is the new last day and must be read.
    expect(cal.workingDaysBetween('2026-02-01', '2026-02-16')).toBe(11);
    expect(cal.isWorkingDay('2026-02-17')).toBe(false);
    // Growing backwards to a holiday on the new first day.
    expect(cal.workingDaysBetween('2026-01-01', '2026-01-05')).toBe(2);
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-05')).toBe(2);
    expect(cal.exception('2025-12-31')).toBeUndefined();
    expect(cal.exception('2025-10-08')).toMatchObject({ kind: 'holiday', name: '国庆节、中秋节' });
    expect(cal.dayInfo('2026-03-01')).toEqual({ date: '2026-03-01', working: false, kind: 'weekend' });
  });

  it('negative n walks back to the nth working day before', () => {
    const { db } = testCore();
    expect(addWorkingDays(db, '2026-02-24', -1)).toBe('2026-02-14');
    expect(addWorkingDays(db, '2026-02-24', -2)).toBe('2026-02-13');
    expect(addWorkingDays(db, '2026-03-02', 0)).toBe('2026-03-02');
  });

  it('sees uncommitted rows of the caller\'s transaction, and nothing after a rollback', () => {
    const { db } = testCore();
    expect(() =>
      db.transaction(() => {
        db.prepare(`INSERT INTO calendar_days (date, kind, name, source) VALUES ('2026-12-24', 'holiday', NULL, 'admin')`).run();
        expect(addWorkingDays(db, '2026-12-23', 1)).toBe('2026-12-25');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(addWorkingDays(db, '2026-12-23', 1)).toBe('2026-12-24');
  });
});

describe('calendar handlers', () => {
  it('answer through the dispatcher, with the reason for the day', async () => {
    const core = testCore();
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2026-02-13', days: 3 })).toEqual({ date: '2026-02-25' });
    expect(await ok(core, 'calendar.workingDaysBetween', { from: '2026-02-13', to: '2026-03-02' })).toEqual({ days: 7 });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-02-14' })).toMatchObject({
      date: '2026-02-14',
      working: true,
      kind: 'workday',
      name: '春节调休上班',
      source: 'official',
    });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-02-17' })).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-03-07' })).toMatchObject({ working: false, kind: 'weekend' });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-03-09' })).toMatchObject({ working: true, kind: 'weekday' });
  });

  it('refuse impossible dates and day counts', async () => {
    const core = testCore();
    const bad = await err(core, 'calendar.isWorkingDay', { date: '2026-02-30' });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.[0]?.path).toBe('date');
    expect((await err(core, 'calendar.addWorkingDays', { date: '2026/02/13', days: 3 })).fields?.[0]?.path).toBe('date');
    expect((await err(core, 'calendar.addWorkingDays', { date: '2026-02-13', days: 1.5 })).fields?.[0]?.path).toBe('days');
    expect((await err(core, 'calendar.addWorkingDays', { date: '2026-02-13', days: 5000 })).fields?.[0]?.path).toBe('days');
    expect((await err(core, 'calendar.workingDaysBetween', { from: '2025-02-29', to: '2026-01-01' })).fields?.[0]?.path).toBe('from');
  });

  it('"today" is the Shanghai calendar day of the clock', async () => {
    expect(shanghaiDate(new Date('2026-02-13T15:59:59Z'))).toBe('2026-02-13');
    expect(shanghaiDate(new Date('2026-02-13T16:00:00Z'))).toBe('2026-02-14');
    const core = testCore({ now: () => new Date('2026-02-13T16:30:00Z') });
    expect(await ok(core, 'calendar.isWorkingDay', {})).toMatchObject({ date: '2026-02-14', working: true });
  });

  it('setDay overrides a day and default returns it to the weekly rule', async () => {
    const core = testCore();
    const set = await ok(core, 'calendar.setDay', { date: '2026-12-24', kind: 'holiday', name: '  区里临时安排  ' });
    expect(set).toMatchObject({ date: '2026-12-24', working: false, kind: 'holiday', name: '区里临时安排', source: 'admin' });
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2026-12-23', days: 1 })).toEqual({ date: '2026-12-25' });

    await ok(core, 'calendar.setDay', { date: '2026-12-26', kind: 'workday' });
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2026-12-23', days: 2 })).toEqual({ date: '2026-12-26' });

    const back = await ok(core, 'calendar.setDay', { date: '2026-12-24', kind: 'default' });
    expect(back).toEqual({ date: '2026-12-24', working: true, kind: 'weekday', centreHours: 'full' });
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2026-12-23', days: 1 })).toEqual({ date: '2026-12-24' });
    // default on a day without an exception changes nothing and does not fail
    expect(await ok(core, 'calendar.setDay', { date: '2026-12-24', kind: 'default' })).toMatchObject({ working: true });

    // An official day can be overridden too; default then means the weekly rule.
    await ok(core, 'calendar.setDay', { date: '2026-02-14', kind: 'default' });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-02-14' })).toMatchObject({ working: false, kind: 'weekend' });

    const list = await ok(core, 'calendar.list', { year: 2026 });
    expect(list.days.filter((d: { source: string }) => d.source === 'admin').map((d: { date: string }) => d.date)).toEqual([
      '2026-12-26',
    ]);
    expect((await errRaw(core, 'calendar.setDay', { date: '2026-12-24', kind: 'rest' })).fields?.[0]?.path).toBe('kind');
  });

  it('list returns a year of exceptions in date order and the years that have data', async () => {
    const core = testCore();
    const y2026 = await ok(core, 'calendar.list', { year: 2026 });
    expect(y2026.year).toBe(2026);
    expect(y2026.days).toHaveLength(39);
    expect(y2026.days.filter((d: { kind: string }) => d.kind === 'workday').map((d: { date: string }) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(y2026.days[0]).toMatchObject({ date: '2026-01-01', kind: 'holiday', name: '元旦', source: 'official' });
    expect(typeof y2026.days[0]!.updatedAt).toBe('string');
    const y2025 = await ok(core, 'calendar.list', { year: 2025 });
    expect(y2025.days).toHaveLength(33);
    expect(y2025.yearsWithData).toEqual([2025, 2026]);
    // No 2027 notice is shipped: the year lists its computed statutory days, provisional.
    const y2027 = await ok(core, 'calendar.list', { year: 2027 });
    expect(y2027.provisional).toBe(true);
    expect(y2027.days.every((d: { source: string }) => d.source === 'provisional')).toBe(true);
  });
});

describe('calendar.import', () => {
  const goodFile = [
    '\uFEFF# 测试用日历（日期为虚构）',
    'date,kind,name',
    '',
    '2027-01-01,holiday,元旦',
    '2027-02-06 , 班 , 春节调休上班',
    '"2027-02-08",休,"春节"',
    '2027-02-09,HOLIDAY,',
    '2027-10-01,holiday,"国庆节、中秋节, 合并"',
    '2027-10-09,workday',
  ].join('\r\n');

  it('imports a good file: header, comments, BOM, CRLF, quotes, Chinese kinds', async () => {
    const core = testCore();
    expect(await ok(core, 'calendar.import', { content: goodFile })).toEqual({ imported: 6, years: [2027], replanned: [] });
    const list = await ok(core, 'calendar.list', { year: 2027 });
    expect(list.days.map((d: { date: string; kind: string; name: string | null; source: string }) => [d.date, d.kind, d.name, d.source])).toEqual([
      ['2027-01-01', 'holiday', '元旦', 'import'],
      ['2027-02-06', 'workday', '春节调休上班', 'import'],
      ['2027-02-08', 'holiday', '春节', 'import'],
      ['2027-02-09', 'holiday', null, 'import'],
      ['2027-10-01', 'holiday', '国庆节、中秋节, 合并', 'import'],
      ['2027-10-09', 'workday', null, 'import'],
    ]);
    expect(list.yearsWithData).toEqual([2025, 2026, 2027]);
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2027-02-05', days: 1 })).toEqual({ date: '2027-02-06' });
    expect(await ok(core, 'calendar.addWorkingDays', { date: '2027-02-05', days: 2 })).toEqual({ date: '2027-02-10' });
  });

  it('overwrites days it lists, keeps others, and with replace becomes the whole year', async () => {
    const core = testCore();
    expect(await ok(core, 'calendar.import', { content: '2026-02-14,holiday,改为休息\n2026-12-31,holiday' })).toEqual({
      imported: 2,
      years: [2026],
      replanned: [],
    });
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-02-14' })).toMatchObject({ working: false, source: 'import' });
    expect((await ok(core, 'calendar.list', { year: 2026 })).days).toHaveLength(40);

    await ok(core, 'calendar.import', { content: '2026-12-31,holiday,只剩这一天', format: 'csv', replace: true });
    expect((await ok(core, 'calendar.list', { year: 2026 })).days.map((d: { date: string }) => d.date)).toEqual(['2026-12-31']);
    expect((await ok(core, 'calendar.list', { year: 2025 })).days).toHaveLength(33);
  });

  it.each([
    ['an impossible date', '2027-02-30,holiday,春节', 3, /第 3 行：日期“2027-02-30”不存在/],
    ['a date in another shape', '2027/2/7,holiday,春节', 3, /第 3 行：日期“2027\/2\/7”格式不对/],
    ['an unknown kind', '2027-02-07,rest,春节', 3, /第 3 行：类型“rest”无法识别/],
    ['too many columns', '2027-02-07,holiday,春节,多余', 3, /第 3 行：应有 2 或 3 列.*实有 4 列/],
    ['too few columns', '2027-02-07', 3, /第 3 行：应有 2 或 3 列.*实有 1 列/],
    ['a date listed twice', '2027-01-01,workday', 3, /第 3 行：日期 2027-01-01 与第 2 行重复/],
    ['an unclosed quote', '"2027-02-07,holiday', 3, /第 3 行：引号未闭合/],
    ['a year far off', '2207-02-07,holiday', 3, /第 3 行：.*年份超出/],
  ])('imports nothing when a line has %s, and names the line', async (_what, badLine, lineNo, message) => {
    const core = testCore();
    const before = await ok(core, 'calendar.list', { year: 2027 });
    const content = ['# 注释', '2027-01-01,holiday,元旦', badLine, '2027-10-01,holiday,国庆节'].join('\n');
    const e = await err(core, 'calendar.import', { content });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/未导入任何日期/);
    expect(e.fields?.[0]).toMatchObject({ path: 'content' });
    expect(e.details).toEqual({ lines: [lineNo] });
    expect(await ok(core, 'calendar.list', { year: 2027 })).toEqual(before);
  });

  it('names every bad line, and refuses an empty file or an unknown format', async () => {
    const core = testCore();
    const e = await err(core, 'calendar.import', { content: 'date,kind\n2027-13-01,holiday\n2027-01-02,holiday\n2027-01-03,off' });
    expect(e.details).toEqual({ lines: [2, 4] });
    expect((await err(core, 'calendar.import', { content: '# 只有注释\n\n' })).message).toMatch(/没有日期行/);
    expect((await errRaw(core, 'calendar.import', { content: '2027-01-01,holiday', format: 'xlsx' })).fields?.[0]?.path).toBe('format');
    expect((await ok(core, 'calendar.list', { year: 2027 })).provisional).toBe(true);
  });
});

describe('calendar changes are audited', () => {
  it('setDay and import leave one row each with what changed; a refused import leaves none', async () => {
    const core = testCore();
    await ok(core, 'calendar.setDay', { date: '2026-02-14', kind: 'holiday', name: '改为休息' });
    await ok(core, 'calendar.import', { content: '2027-01-01,holiday,元旦' });
    await err(core, 'calendar.import', { content: '2027-01-02,holiday\n2027-02-30,holiday' });
    const rows = core.db
      .prepare(`SELECT handler, action, record_id, before, after FROM audit_log WHERE handler LIKE 'calendar.%' ORDER BY id`)
      .all() as { handler: string; action: string; record_id: string | null; before: string | null; after: string | null }[];
    expect(rows.map((r) => [r.handler, r.action, r.record_id])).toEqual([
      ['calendar.setDay', 'set', '2026-02-14'],
      ['calendar.import', 'import', null],
    ]);
    expect(JSON.parse(rows[0]!.before!)).toMatchObject({ kind: 'workday', source: 'official' });
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ kind: 'holiday', source: 'admin' });
    expect(JSON.parse(rows[1]!.after!)).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
  });
});

describe('centre open days are not working days', () => {
  it('follows the openHours setting, closed on holidays, full on make-up days', async () => {
    const core = testCore();
    const { db } = core;
    expect((await ok(core, 'settings.get')).openHours).toEqual({
      mon: 'full',
      tue: 'full',
      wed: 'full',
      thu: 'full',
      fri: 'full',
      sat: 'morning',
      sun: 'closed',
    });
    // A Saturday morning: open, but not a working day.
    expect(isCentreOpen(db, '2026-03-07')).toBe(true);
    expect(centreHours(db, '2026-03-07')).toBe('morning');
    expect(isWorkingDay(db, '2026-03-07')).toBe(false);
    // A holiday weekday: neither.
    expect(isCentreOpen(db, '2026-02-16')).toBe(false);
    expect(isWorkingDay(db, '2026-02-16')).toBe(false);
    // A Saturday inside a holiday: closed although Saturdays usually open.
    expect(isCentreOpen(db, '2026-02-21')).toBe(false);
    // A make-up Saturday: a full working day.
    expect(centreHours(db, '2026-02-14')).toBe('full');
    expect(isCentreOpen(db, '2026-03-08')).toBe(false);
    expect(await ok(core, 'calendar.isWorkingDay', { date: '2026-03-07' })).toMatchObject({ working: false, centreHours: 'morning' });

    const all = { mon: 'full', tue: 'full', wed: 'full', thu: 'full', fri: 'morning', sat: 'closed', sun: 'closed' } as const;
    await ok(core, 'settings.update', { openHours: all });
    expect(isCentreOpen(db, '2026-03-07')).toBe(false);
    expect(centreHours(db, '2026-03-06')).toBe('morning');
    expect(isWorkingDay(db, '2026-03-06')).toBe(true);

    const bad = await errRaw(core, 'settings.update', { openHours: { ...all, sat: 'evening' } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.map((f) => f.path)).toEqual(['openHours.sat']);
  });
});

describe('migration 0004', () => {
  it('keeps the data of version 3 and brings the calendar', async () => {
    const { db, path } = dbAtVersion(3);
    db.prepare(`UPDATE settings SET value = '"虹桥街道社区事务受理服务中心"' WHERE key = 'centreName'`).run();
    db.prepare(`INSERT INTO settings (key, value) VALUES ('centrePhone', '"021-12345678"')`).run();
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'calendar_days'`).get()).toBeUndefined();
    db.close();

    const core = openCore({ dbPath: path, logger: quiet });
    try {
      expect(core.applied).toContain(4);
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(4);
      const settings = await ok(core, 'settings.get');
      expect(settings.centreName).toBe('虹桥街道社区事务受理服务中心');
      expect(settings.centrePhone).toBe('021-12345678');
      expect(settings.openHours.sat).toBe('morning');
      expect(await ok(core, 'calendar.addWorkingDays', { date: '2026-02-13', days: 3 })).toEqual({ date: '2026-02-25' });
      expect((await ok(core, 'calendar.list', { year: 2026 })).days).toHaveLength(39);
      // The table refuses an impossible date even when written around the handlers.
      expect(() => core.db.prepare(`INSERT INTO calendar_days (date, kind, source) VALUES ('2026-02-30', 'holiday', 'admin')`).run()).toThrow();
    } finally {
      core.close();
    }
  });
});
