import type Database from 'better-sqlite3';
import type { PersonRole, Session } from '../kernel/handler';
import { maskIdNumber } from '../privacy/mask';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  window_no: string | null;
  staff_id_number: string | null;
  active: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

/** What lists and sessions show of an account: never the hash. */
export interface Account {
  id: number;
  username: string;
  displayName: string;
  roles: PersonRole[];
  windowNo: string | null;
  /** the holder's ID number, masked; null for an account made before it was required */
  staffIdNumber: string | null;
  active: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export function toAccount(row: UserRow): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as PersonRole[],
    windowNo: row.window_no,
    staffIdNumber: row.staff_id_number === null ? null : maskIdNumber(row.staff_id_number),
    active: row.active === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

export function toSession(account: Account): Session {
  return {
    userId: account.id,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    ...(account.staffIdNumber === null ? { needsStaffIdNumber: true } : {}),
  };
}

export const userById = (db: Database.Database, id: number) =>
  db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;

export const userByName = (db: Database.Database, username: string) =>
  db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;

export const countUsers = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;

export function countActiveAdmins(db: Database.Database, exceptId?: number): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM users
         WHERE active = 1 AND EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'admin') AND id IS NOT @except`,
      )
      .get({ except: exceptId ?? null }) as { n: number }
  ).n;
}
