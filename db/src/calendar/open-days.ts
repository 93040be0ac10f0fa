import type Database from 'better-sqlite3';
import { readSettings } from '../settings/settings';
import { dayNumber, weekdayOf } from './dates';
import { WEEKDAY_KEYS, type OpenHours } from './open-hours';
import { WorkingCalendar } from './working-days';

/**
 * The centre's hours on a date: closed on every holiday (weekend days inside a holiday
 * period too, even if the centre usually opens on Saturday mornings); on a make-up working
 * day (调休上班) open as on a full working day, because the offices behind the windows
 * work that day; otherwise the weekly `openHours` setting.
 */
export function centreHours(db: Database.Database, date: string, calendar = new WorkingCalendar(db)): OpenHours {
  const exception = calendar.exception(date);
  if (exception?.kind === 'holiday') return 'closed';
  if (exception?.kind === 'workday') return 'full';
  return readSettings(db).openHours[WEEKDAY_KEYS[weekdayOf(dayNumber(date))]!];
}

export function isCentreOpen(db: Database.Database, date: string): boolean {
  return centreHours(db, date) !== 'closed';
}
