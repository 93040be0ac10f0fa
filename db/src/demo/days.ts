/**
 * Dates, instants and working days of the generated history as plain arithmetic: a case
 * asks for a dozen dates and instants and several deadlines, and a Date object or a
 * calendar walk per question was a good part of the generator's time.
 */
import { dateOf } from '../calendar/dates';

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export class Days {
  private readonly dates = new Map<number, string>();

  /** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
  date(day: number): string {
    let s = this.dates.get(day);
    if (s === undefined) this.dates.set(day, (s = dateOf(day)));
    return s;
  }

  /**
   * An instant on a Shanghai day, `minute` minutes after local midnight (UTC+8), written
   * as Date#toISOString writes it.
   */
  instant(day: number, minute: number, second: number, ms: number): string {
    const t = day * DAY_MS + (minute - 480) * 60_000 + second * 1000 + ms;
    const utcDay = Math.floor(t / DAY_MS);
    let rest = t - utcDay * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    return `${this.date(utcDay)}T${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[rest - s * 1000]}Z`;
  }
}

/**
 * The working days of a span of the calendar, answered by index instead of by walking:
 * the same answers as WorkingCalendar#addWorkingDays and #workingDaysBetween for every day
 * of the span, which the caller makes wide enough (a question outside it throws).
 */
export class WorkingDays {
  /** working days of the span up to and including each day */
  private readonly upTo: Int32Array;
  /** the working days of the span in order */
  private readonly list: Int32Array;

  constructor(
    private readonly first: number,
    working: Uint8Array,
  ) {
    this.upTo = new Int32Array(working.length);
    const list: number[] = [];
    for (let i = 0; i < working.length; i++) {
      if (working[i]) list.push(first + i);
      this.upTo[i] = list.length;
    }
    this.list = Int32Array.from(list);
  }

  private index(day: number): number {
    const i = day - this.first;
    if (i < 0 || i >= this.upTo.length) throw new RangeError(`day ${dateOf(day)} is outside the generator's calendar`);
    return i;
  }

  isWorking(day: number): boolean {
    const i = this.index(day);
    return this.upTo[i] !== (i === 0 ? 0 : this.upTo[i - 1]);
  }

  /** The nth working day after `day` (the day itself never counts); n < 0 walks back. */
  add(day: number, n: number): number {
    if (n === 0) return day;
    const before = this.upTo[this.index(day)]! - (n < 0 && this.isWorking(day) ? 1 : 0);
    const k = n > 0 ? before + n - 1 : before + n;
    if (k < 0 || k >= this.list.length) throw new RangeError(`${n} working days from ${dateOf(day)} leave the generator's calendar`);
    return this.list[k]!;
  }

  /** Working days after `a` up to and including `b`; negative when b is before a. */
  between(a: number, b: number): number {
    return this.upTo[this.index(b)]! - this.upTo[this.index(a)]!;
  }

  /** Working days in [from, to], in order. */
  within(from: number, to: number): number[] {
    const out: number[] = [];
    for (let d = from; d <= to; d++) if (this.isWorking(d)) out.push(d);
    return out;
  }
}
