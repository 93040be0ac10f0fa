import type Database from 'better-sqlite3';
import type { ImportEntry } from './import';
import { officialYears, yearIsProvisional } from './official-years';
import { statutoryHolidays } from './statutory';
import type { CalendarException, DaySource, ExceptionKind } from './working-days';

export interface StoredDay extends CalendarException {
  /** null for a provisional day, which is computed, never stored */
  updatedAt: string | null;
}

/** Writes one exception, replacing whatever the date had. */
export function upsertDay(
  db: Database.Database,
  day: { date: string; kind: ExceptionKind; name: string | null; source: DaySource },
): void {
  db.prepare(
    `INSERT INTO calendar_days (date, kind, name, source) VALUES (@date, @kind, @name, @source)
     ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run(day);
}

/** Returns the date to the weekly rule. */
export function removeDay(db: Database.Database, date: string): boolean {
  return db.prepare('DELETE FROM calendar_days WHERE date = @date').run({ date }).changes > 0;
}

export function listYear(db: Database.Database, year: number): StoredDay[] {
  return db
    .prepare(
      `SELECT date, kind, name, source, updated_at AS updatedAt FROM calendar_days
       WHERE date >= @from AND date < @to ORDER BY date`,
    )
    .all({ from: `${year}-01-01`, to: `${year + 1}-01-01` }) as StoredDay[];
}

/** A year's exceptions as working days see them: the stored ones and, in a provisional year, the computed statutory days. */
export function listYearDays(db: Database.Database, year: number): StoredDay[] {
  const stored = listYear(db, year);
  if (!yearIsProvisional(officialYears(db), year)) return stored;
  const have = new Set(stored.map((d) => d.date));
  const computed: StoredDay[] = statutoryHolidays(year)
    .filter((d) => !have.has(d.date))
    .map((d) => ({ date: d.date, kind: 'holiday', name: d.name, source: 'provisional', updatedAt: null }));
  return [...stored, ...computed].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Years that have at least one exception: a year missing here runs on the weekly rule alone. */
export function yearsWithData(db: Database.Database): number[] {
  return (db.prepare('SELECT DISTINCT substr(date, 1, 4) AS y FROM calendar_days ORDER BY y').all() as { y: string }[]).map(
    (r) => Number(r.y),
  );
}

/**
 * Applies parsed entries (the caller's transaction makes it all or nothing). With `replace`
 * every existing exception of the years in the file goes first, so the file becomes those
 * years' whole calendar; without it the file only adds and overwrites days.
 */
export function importEntries(db: Database.Database, entries: ImportEntry[], replace: boolean): { imported: number; years: number[] } {
  const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort((a, b) => a - b);
  if (replace) {
    const clear = db.prepare('DELETE FROM calendar_days WHERE date >= @from AND date < @to');
    for (const y of years) clear.run({ from: `${y}-01-01`, to: `${y + 1}-01-01` });
  }
  const upsert = db.prepare(
    `INSERT INTO calendar_days (date, kind, name, source) VALUES (@date, @kind, @name, 'import')
     ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  );
  for (const e of entries) upsert.run({ date: e.date, kind: e.kind, name: e.name });
  return { imported: entries.length, years };
}
