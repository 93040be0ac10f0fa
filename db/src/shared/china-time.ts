/**
 * China time, the one implementation for the core, the hosts and the renderer (pure code:
 * no Node, no DOM). China has kept UTC+8 all year since 1991, so a fixed offset is exact for
 * every instant the program handles and does not depend on the time-zone data the runtime
 * happens to ship (Intl's Asia/Shanghai would also apply the 1986–1991 summer time).
 *
 * Instants are written by the district as 'YYYY-MM-DD HH:mm:ss'. The big ledger writes one
 * per row, so the formatter that the exports use shifts the hour by string arithmetic and
 * goes through Date only once per day.
 */

export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The instant's China wall clock as 'YYYY-MM-DDTHH:mm:ss.sssZ' (the Z is not true: read the fields). */
export function chinaWallClock(instant: Date | number): string {
  return new Date((typeof instant === 'number' ? instant : instant.getTime()) + CHINA_OFFSET_MS).toISOString();
}

/** The calendar day in Shanghai at the given instant, 'YYYY-MM-DD' (ctx.now() in handlers). */
export function shanghaiDate(instant: Date): string {
  return chinaWallClock(instant).slice(0, 10);
}

/** 'YYYYMMDD' and 'HHMMSS' of an instant in China time (backup and archive file names). */
export function chinaStamp(at: Date): { date: string; time: string } {
  const iso = chinaWallClock(at);
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}

/** 'YYYY-MM-DD HH:mm' China time for people to read; text that is no instant is shown as it is. */
export function chinaMinute(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return chinaWallClock(t).slice(0, 16).replace('T', ' ');
}

/** UTC ISO instant → 'YYYY-MM-DD HH:mm:ss' China time (fractions of a second are dropped). */
export function chinaDateTime(iso: string): string {
  return chinaWallClock(Date.parse(iso)).slice(0, 19).replace('T', ' ');
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
