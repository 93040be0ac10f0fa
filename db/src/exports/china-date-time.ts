/**
 * UTC instants as the district reads them: 'YYYY-MM-DD HH:mm:ss', China time (UTC+8, no
 * daylight saving). The big ledger writes one per row, so the formatter that the exports
 * use shifts the hour by string arithmetic and goes through Date only once per day.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** UTC ISO instant → 'YYYY-MM-DD HH:mm:ss' China time (fractions of a second are dropped). */
export function chinaDateTime(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

// What toISOString() writes for years 1000 to 2999. Anything else (another offset, a leap
// second, an out-of-range field) goes through chinaDateTime, so it is formatted, or
// refused, exactly as there.
const PLAIN_UTC = /^[12]\d{3}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,3})?Z$/;

/**
 * A chinaDateTime with the same results, for many instants. Adding 8 hours leaves minutes
 * and seconds alone and moves the day at most one forward, so only the day needs a
 * calendar; its two possible China days are remembered (a few thousand days in the longest
 * export). They come from Date too, which rolls an impossible day like 02-30 over into
 * March and refuses month 13, so the results stay chinaDateTime's.
 */
export function chinaDateTimeFormatter(): (iso: string) => string {
  const days = new Map<string, readonly [sameDay: string, nextDay: string]>();
  return (iso) => {
    if (!PLAIN_UTC.test(iso)) return chinaDateTime(iso);
    const day = iso.slice(0, 10);
    let china = days.get(day);
    if (china === undefined) {
      china = [chinaDateTime(`${day}T00:00:00Z`).slice(0, 10), chinaDateTime(`${day}T16:00:00Z`).slice(0, 10)];
      days.set(day, china);
    }
    const hour = (iso.charCodeAt(11) - 48) * 10 + (iso.charCodeAt(12) - 48) + 8;
    const rest = iso.slice(13, 19);
    if (hour < 10) return `${china[0]} 0${hour}${rest}`;
    if (hour < 24) return `${china[0]} ${hour}${rest}`;
    return `${china[1]} 0${hour - 24}${rest}`;
  };
}
