import type Database from 'better-sqlite3';
import type { Core } from '../../db/src/core';
import { idCheckCharacter } from '../../db/src/residents/id-number';

/**
 * The write the crash soak repeats, and how to find it again. When cases.intake exists,
 * `writeOne` dispatches it instead and `isPresent` looks the case up; nothing else in the
 * harness knows what is being written.
 */

/** A valid identity number for write `i` of run `run`, never repeated across runs (up to 100 000 writes a run). */
export function syntheticIdNumber(run: number, i: number): string {
  const seq = run * 100_000 + i;
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(seq / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `310101${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

/** Dispatches one write and returns what the ack line carries: the record's id and a name unique to it. */
export async function writeOne(core: Pick<Core, 'dispatch'>, token: string, run: number, i: number): Promise<string> {
  const name = `压测${run}-${i}`;
  const res = await core.dispatch('residents.register', { idNumber: syntheticIdNumber(run, i), name }, token);
  if (!res.ok) throw new Error(`residents.register: ${res.error.code} ${res.error.message}`);
  return `${(res.result as { id: number }).id} ${name}`;
}

/** Whether the write an ack line reported is in the database. */
export function isPresent(db: Database.Database, ack: string): boolean {
  const [id, name] = ack.split(' ');
  return db.prepare('SELECT 1 FROM residents WHERE id = ? AND name = ?').get(Number(id), name) !== undefined;
}

/** The records the soak counts at the end. */
export function countRows(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM residents').get() as { n: number }).n;
}
