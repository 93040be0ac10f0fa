import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from '../../db/src/calendar/statutory';

// The State Council's 2025 and 2026 notices as shipped in migration 0004.
const shipped = readFileSync(new URL('../../db/migrations/0004_calendar.sql', import.meta.url), 'utf8');
const officialHolidays = new Set([...shipped.matchAll(/\('(\d{4}-\d{2}-\d{2})', 'holiday'/g)].map((m) => m[1]));

describe('statutory holidays computed from the lunar calendar', () => {
  it('are days off in the official 2025 and 2026 notices, every one of them', () => {
    for (const year of [2025, 2026]) {
      const days = statutoryHolidays(year);
      expect(days).toHaveLength(13);
      for (const d of days) expect(officialHolidays.has(d.date), `${d.date} ${d.name}`).toBe(true);
    }
  });

  it('2027: 元旦, 除夕 2/5 to 初三 2/8, 清明 4/5 (the solar term), 5/1–5/2, 端午 6/9, 中秋 9/15, 10/1–10/3', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it('除夕 is the last day of the 12th month, 廿九 or 三十 (2027: 廿九 2/5; 2030: 三十 2/2)', () => {
    const spring = (year: number) => statutoryHolidays(year).filter((d) => d.name === '春节').map((d) => d.date);
    expect(spring(2027)[0]).toBe('2027-02-05');
    expect(spring(2030)).toEqual(['2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05']);
  });

  it('a 中秋 inside 国庆 is one day with both names, so the year has 12 days off', () => {
    const y2028 = statutoryHolidays(2028);
    expect(y2028).toHaveLength(12);
    expect(y2028.find((d) => d.date === '2028-10-03')).toEqual({ date: '2028-10-03', name: '中秋节、国庆节' });
  });

  it('nothing before the 2024 amendment took effect', () => {
    expect(statutoryHolidays(2024)).toEqual([]);
  });
});
