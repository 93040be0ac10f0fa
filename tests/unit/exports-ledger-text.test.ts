import { describe, expect, it } from 'vitest';
import { chinaDateTime, chinaDateTimeFormatter } from '../../db/src/shared/china-time';
import { stageDatesText } from '../../db/src/exports/kinds/ledger-stages';

/** What chinaDateTime gives, or the error it throws. */
const outcome = (f: (iso: string) => string, iso: string) => {
  try {
    return f(iso);
  } catch (err) {
    return `throws ${(err as Error).name}`;
  }
};

describe('ledger text', () => {
  it('the remembering China date-time formatter gives exactly what chinaDateTime gives', () => {
    const format = chinaDateTimeFormatter();
    const instants: string[] = [];
    // every hour of days around month, year and leap-day ends, with and without fractions
    for (const day of ['2024-02-28', '2024-02-29', '2025-02-28', '2025-12-31', '2026-01-01', '2026-03-31', '2026-04-30', '2026-11-20']) {
      for (let h = 0; h < 24; h++) {
        const hh = String(h).padStart(2, '0');
        instants.push(`${day}T${hh}:00:00.000Z`, `${day}T${hh}:59:59.999Z`, `${day}T${hh}:30:05Z`, `${day}T${hh}:07:08.5Z`);
      }
    }
    instants.push(
      // days Date rolls over into the next month, and ones it refuses
      '2025-02-29T20:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '2026-04-31T17:00:00.000Z',
      '2026-13-01T10:00:00.000Z',
      '2026-00-10T10:00:00.000Z',
      '2026-01-00T10:00:00.000Z',
      // other forms go through chinaDateTime itself
      '2026-03-04T10:00:00+08:00',
      '2026-03-04T24:00:00Z',
      '2026-03-04T23:60:00Z',
      '2026-03-04T10:00:00.123456Z',
      '2026-03-04t10:00:00z',
      '0999-12-31T16:00:00.000Z',
      '3000-01-01T00:00:00.000Z',
      '',
      'not a date',
    );
    for (const iso of instants) expect([iso, outcome(format, iso)]).toEqual([iso, outcome(chinaDateTime, iso)]);
    expect(format('2025-12-31T16:00:00.000Z')).toBe('2026-01-01 00:00:00');
    expect(format('2024-02-28T16:30:00Z')).toBe('2024-02-29 00:30:00');
  });

  it('stage dates: names in event order, a key the version lacks kept, entries sorted by id should they come unordered', () => {
    const names = new Map([
      ['first', '初审'],
      ['approve', '审批'],
    ]);
    expect(stageDatesText(names, '7|first|2026-03-03')).toBe('初审 2026-03-03');
    expect(stageDatesText(names, '7|first|2026-03-03;12|approve|2026-03-04;130|gone|2026-03-09')).toBe('初审 2026-03-03；审批 2026-03-04；gone 2026-03-09');
    expect(stageDatesText(names, '130|gone|2026-03-09;7|first|2026-03-03;12|approve|2026-03-04')).toBe('初审 2026-03-03；审批 2026-03-04；gone 2026-03-09');
    // ids compared as numbers, not as text
    expect(stageDatesText(names, '9|first|2026-03-03;10|approve|2026-03-04')).toBe('初审 2026-03-03；审批 2026-03-04');
    expect(stageDatesText(names, '10|approve|2026-03-04;9|first|2026-03-03')).toBe('初审 2026-03-03；审批 2026-03-04');
  });
});
