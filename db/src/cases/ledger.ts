/**
 * For the exports feature (办件明细): cases created or changed in a period, streamed in
 * the order they changed. Full personal values are included because export files carry
 * them by contract; the exporter writes them only where the administrator configured.
 *
 * better-sqlite3 cannot write on a connection while one of its statements is iterating:
 * consume the iterator before writing (or collect what the write needs first).
 */
import type Database from 'better-sqlite3';
import { workingCalendar } from '../calendar/working-days';
import { readSettings } from '../settings/settings';
import { deadlineStatus, type DeadlineState } from './deadlines';
import type { CaseRow } from './store';

export type LedgerRow = CaseRow & {
  resident_name: string;
  resident_id_number: string;
  clerk_name: string;
  /** deadline status on `asOf` */
  deadline: DeadlineState;
};

/**
 * Cases whose last change (updated_at) is in [from, to), oldest change first. Instants,
 * not strings: updated_at is stored as UTC ISO text, and only that form compares right.
 */
export function* casesChangedBetween(db: Database.Database, from: Date, to: Date, asOf: string): Generator<LedgerRow> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const cal = workingCalendar(db);
  const { warningDays } = readSettings(db);
  const rows = db
    .prepare(
      `SELECT c.*, r.name AS resident_name, r.id_number AS resident_id_number, u.display_name AS clerk_name
       FROM cases c JOIN residents r ON r.id = c.resident_id JOIN users u ON u.id = c.clerk_id
       WHERE c.updated_at >= @fromIso AND c.updated_at < @toIso
       ORDER BY c.updated_at, c.id`,
    )
    .iterate({ fromIso, toIso }) as IterableIterator<Omit<LedgerRow, 'deadline'>>;
  for (const row of rows) yield { ...row, deadline: deadlineStatus(row, asOf, warningDays, cal) };
}
