/**
 * Four-eyes rules compare people, not accounts: two accounts carrying the same staff ID
 * number (one deactivated, one new) are one person, who must not confirm what the other
 * account did.
 */
import type Database from 'better-sqlite3';
import { prepared } from '../kernel/prepared';

/** The ids of every account of the person holding `userId` (at least `userId` itself). */
export function accountsOfPerson(db: Database.Database, userId: number): number[] {
  const rows = prepared(
    db,
    `SELECT u.id FROM users me JOIN users u ON u.id = me.id OR (me.staff_id_number IS NOT NULL AND u.staff_id_number = me.staff_id_number)
      WHERE me.id = @userId`,
  ).all({ userId }) as { id: number }[];
  return rows.length ? rows.map((r) => r.id) : [userId];
}

/** Whether any of `others` is an account of the person holding `userId`. */
export function isSamePerson(db: Database.Database, userId: number, others: readonly (number | null | undefined)[]): boolean {
  const mine = accountsOfPerson(db, userId);
  return others.some((o) => o !== null && o !== undefined && mine.includes(o));
}
