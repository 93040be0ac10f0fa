/** How the printed documents write dates, copies and sheet numbers. Pure, so the unit tests can read it. */

/** 2026-11-22 → 2026年11月22日; nothing → — */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** 2 → 2 份 */
export const copiesText = (n: number): string => `${n} 份`;

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The sheet heading of the copy at index i (0 → 第一联). A document has a few copies, never more than ten. */
export function copyHeading(index: number, label: string): string {
  const numeral = NUMERALS[index];
  if (numeral === undefined) throw new RangeError(`没有第 ${index + 1} 联`);
  return `第${numeral}联 ${label}`;
}
