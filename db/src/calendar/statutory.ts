/**
 * The statutory public holidays of a year (全国年节及纪念日放假办法, as amended in 2024 and
 * in force from 2025): 元旦 1 day, 春节 4 days (除夕 and 正月初一 to 初三), 清明 1 day,
 * 劳动节 2 days (May 1–2), 端午 1 day, 中秋 1 day, 国庆 3 days (Oct 1–3).
 *
 * These are the days a year certainly has off before the State Council's annual notice is
 * out; the notice adds the 调休 arrangement (bridging days, make-up working weekends and
 * 补假 for a holiday on a weekend), which no rule can predict. A year without an imported
 * notice runs on these days, marked provisional (working-days.ts).
 *
 * The lunar dates come from lunar-typescript (a maintained port of 6tail's lunar library,
 * checked against the 2025 and 2026 notices in tests/unit/statutory-holidays.test.ts).
 */
import { Lunar } from 'lunar-typescript';

export interface StatutoryDay {
  date: string;
  name: string;
}

/** The first year the 2024 amendment governs; earlier years had fewer days off. */
export const STATUTORY_FROM_YEAR = 2025;
/** lunar-typescript covers 1900–2100; the calendar accepts dates up to 2099. */
export const STATUTORY_TO_YEAR = 2099;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function lunarToSolar(year: number, month: number, day: number): string {
  return Lunar.fromYmd(year, month, day).getSolar().toYmd();
}

const cache = new Map<number, readonly StatutoryDay[]>();

/** The statutory days off of a year, in date order; empty outside the years the rule covers. */
export function statutoryHolidays(year: number): readonly StatutoryDay[] {
  if (!Number.isInteger(year) || year < STATUTORY_FROM_YEAR || year > STATUTORY_TO_YEAR) return [];
  const cached = cache.get(year);
  if (cached) return cached;
  const names = new Map<string, string[]>();
  const add = (date: string, name: string) => {
    const list = names.get(date) ?? [];
    if (!list.includes(name)) list.push(name);
    names.set(date, list);
  };
  add(ymd(year, 1, 1), '元旦');
  // 正月初一 of the lunar year that starts in this solar year (always 21 Jan – 20 Feb);
  // 除夕 is the day before it, the last day of the 12th month whether that is 廿九 or 三十.
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  add(newYear.next(-1).toYmd(), '春节');
  for (let i = 0; i < 3; i++) add(newYear.next(i).toYmd(), '春节');
  // 清明 is the day of the solar term, not a lunar date.
  add(Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']!.toYmd(), '清明节');
  add(ymd(year, 5, 1), '劳动节');
  add(ymd(year, 5, 2), '劳动节');
  add(lunarToSolar(year, 5, 5), '端午节');
  // 中秋 can fall on 1–3 October; the day then carries both names.
  add(lunarToSolar(year, 8, 15), '中秋节');
  for (const d of [1, 2, 3]) add(ymd(year, 10, d), '国庆节');
  const out = [...names.entries()].map(([date, list]) => ({ date, name: list.join('、') })).sort((a, b) => (a.date < b.date ? -1 : 1));
  cache.set(year, out);
  return out;
}
