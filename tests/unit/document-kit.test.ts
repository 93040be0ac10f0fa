import { describe, expect, it } from 'vitest';
import { chineseDate, copiesText, copyHeading } from '../../renderer/src/features/documents/kit/format';
import { copiesShort, materialRemark, numbered } from '../../renderer/src/features/documents/kit/materials';
import { documentsFor, isDocumentKind } from '../../renderer/src/features/documents/registry';

describe('the printed documents kit', () => {
  it('numbers rows from 1 in the order given', () => {
    expect(numbered(['甲', '乙', '丙'])).toEqual([
      { no: 1, row: '甲' },
      { no: 2, row: '乙' },
      { no: 3, row: '丙' },
    ]);
    expect(numbered([])).toEqual([]);
  });

  it('counts the copies still owed, never below none', () => {
    expect(copiesShort({ copiesRequired: 3, copiesReceived: 1 })).toBe(2);
    expect(copiesShort({ copiesRequired: 1, copiesReceived: 0 })).toBe(1);
    expect(copiesShort({ copiesRequired: 1, copiesReceived: 1 })).toBe(0);
    expect(copiesShort({ copiesRequired: 1, copiesReceived: 2 })).toBe(0);
    expect(copiesText(2)).toBe('2 份');
  });

  it('writes dates the Chinese way, and a dash for none', () => {
    expect(chineseDate('2026-11-22')).toBe('2026年11月22日');
    expect(chineseDate('2027-01-09T08:00:00+08:00')).toBe('2027年1月9日');
    expect(chineseDate(null)).toBe('—');
    expect(chineseDate(undefined)).toBe('—');
    expect(chineseDate('')).toBe('—');
    expect(chineseDate('不是日期')).toBe('不是日期');
  });

  it('heads each copy with its number', () => {
    expect(copyHeading(0, '申请人留存')).toBe('第一联 申请人留存');
    expect(copyHeading(1, '窗口存档')).toBe('第二联 窗口存档');
    expect(() => copyHeading(10, '多余')).toThrow(RangeError);
  });

  it('remarks each material on a receipt: deferred, complete, missing or not required', () => {
    const base = { required: true, complete: false, deferredDue: null, receivedLaterOn: null };
    expect(materialRemark({ ...base, deferredDue: '2026-12-01' })).toBe('容缺，2026年12月1日前补交');
    expect(materialRemark({ ...base, deferredDue: '2026-12-01', receivedLaterOn: '2026-11-25', complete: true })).toBe('容缺，2026年12月1日前补交（2026年11月25日已补交）');
    expect(materialRemark({ ...base, complete: true })).toBe('已收齐');
    expect(materialRemark(base)).toBe('未交齐');
    expect(materialRemark({ ...base, required: false })).toBe('未提供');
  });
});

describe('which documents a case prints', () => {
  const c = (decision: string, o: { acceptedOn?: string | null; status?: string; outcome?: boolean } = {}) =>
    ({ decision, dates: { acceptedOn: o.acceptedOn ?? null }, status: o.status ?? 'in_progress', outcome: o.outcome ? {} : null }) as unknown as Parameters<typeof documentsFor>[0];

  it('puts the document of the window decision first', () => {
    expect(documentsFor(c('accept'))).toEqual(['receipt']);
    expect(documentsFor(c('accept_deferred'))).toEqual(['deferred', 'receipt']);
    expect(documentsFor(c('notify_missing'))).toEqual(['notice']);
    expect(documentsFor(c('refuse'))).toEqual(['refusal']);
  });

  it('adds the receipt once a 补正 case is accepted, and the completion notice once decided', () => {
    expect(documentsFor(c('notify_missing', { acceptedOn: '2026-11-25' }))).toEqual(['notice', 'receipt']);
    expect(documentsFor(c('accept', { status: 'approved', outcome: true }))).toEqual(['receipt', 'completion']);
    expect(documentsFor(c('accept', { status: 'not_approved', outcome: true }))).toEqual(['receipt', 'completion']);
    expect(documentsFor(c('accept', { status: 'withdrawn', outcome: true }))).toEqual(['receipt']);
  });

  it('knows its own kinds only', () => {
    expect(isDocumentKind('receipt')).toBe(true);
    expect(isDocumentKind('toString')).toBe(false);
    expect(isDocumentKind(undefined)).toBe(false);
  });
});
