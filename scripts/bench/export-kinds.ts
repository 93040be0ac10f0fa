/**
 * What the benchmark exports of each kind, and the kind's own query to read the same rows
 * raw beside it: the ledger of the whole history up to the data's last day, the roster of
 * the month before it. (The monthly statistics are a few dozen rows from grouped queries:
 * no rate to speak of.)
 */
import { addMonths } from '../../db/src/beneficiaries/months';
import { LEDGER_SQL } from '../../db/src/exports/kinds/ledger';
import { ROSTER_SQL } from '../../db/src/exports/kinds/roster';

export type RatedKind = 'ledger' | 'roster';

export function exportRange(kind: RatedKind, until: string): { from: string; to: string } {
  if (kind === 'ledger') return { from: '2000-01-01', to: until };
  const month = addMonths(until.slice(0, 7), -1);
  return { from: month, to: month };
}

export function rawQuery(kind: RatedKind, range: { from: string; to: string }): { sql: string; params: Record<string, string> } {
  return kind === 'ledger' ? { sql: LEDGER_SQL, params: range } : { sql: ROSTER_SQL, params: { month: range.to } };
}
