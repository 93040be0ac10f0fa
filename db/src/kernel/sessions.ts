import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Session } from './handler';
import { prepared } from './prepared';

interface Entry {
  session: Session;
  lastSeen: number;
  /** the last activity as the table has it: written again only after ACTIVITY_WRITE_MS */
  stored: number;
}

export type Resolved = { session: Session } | { expired: true } | null;

/**
 * How often a session's last activity is written to the table at most. A call does not
 * write; only the first call after this much time does. After a restart a session thus
 * ends at most this much earlier than its idle time (never later): the table's time lags
 * the real last activity by less than this.
 */
export const ACTIVITY_WRITE_MS = 60_000;

/**
 * Where sessions are kept across a restart (migration 0017, table `sessions`): the
 * database the core has open, and how a stored session's person is read back (the
 * accounts feature knows that; the kernel names no feature). `load` returns null for an
 * account that no longer may sign in (deactivated, gone).
 */
export interface SessionTable {
  db(): Database.Database;
  load(userId: number): Omit<Session, 'deviceId'> | null;
  /** false: a revoked or unknown device, whose sessions are not restored */
  deviceInUse(deviceId: number): boolean;
}

/**
 * Signed-in sessions. Tokens are kept only as hashes so that neither a memory dump, the
 * file nor a backup hands out live sessions. With a table (the core's), every session is
 * also stored there, so that a restart of the centre server does not sign everyone out:
 * they are read back at start, up to the idle time. Without one (recovery mode, tests of
 * the dispatcher) they live in memory only.
 *
 * The memory map answers every call; the table is written when a session starts or ends
 * and, for activity, at most once per ACTIVITY_WRITE_MS per session.
 */
export class SessionStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly table?: SessionTable) {}

  private static key(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  /**
   * Reads the stored sessions back (at start, and after a restore swapped the file):
   * those idle for longer than `idleMinutes` are deleted, as are those of accounts that may
   * no longer sign in and of revoked devices.
   */
  restore(now: Date, idleMinutes: number): number {
    this.entries.clear();
    if (!this.table) return 0;
    const db = this.table.db();
    const cutoff = new Date(now.getTime() - idleMinutes * 60_000).toISOString();
    const rows = db.prepare('SELECT token_hash, user_id, device_id, last_activity_at FROM sessions').all() as {
      token_hash: string;
      user_id: number;
      device_id: number | null;
      last_activity_at: string;
    }[];
    const dead: string[] = [];
    for (const row of rows) {
      const person = row.last_activity_at < cutoff ? null : this.table.load(row.user_id);
      if (!person || (row.device_id !== null && !this.table.deviceInUse(row.device_id))) {
        dead.push(row.token_hash);
        continue;
      }
      const at = Date.parse(row.last_activity_at);
      this.entries.set(row.token_hash, { session: { ...person, ...(row.device_id !== null ? { deviceId: row.device_id } : {}) }, lastSeen: at, stored: at });
    }
    if (dead.length) {
      const del = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
      db.transaction(() => dead.forEach((hash) => del.run(hash)))();
    }
    return this.entries.size;
  }

  create(session: Session, now: Date): string {
    const token = randomBytes(32).toString('base64url');
    const key = SessionStore.key(token);
    const at = now.toISOString();
    if (this.table) {
      prepared(this.table.db(), 'INSERT INTO sessions (token_hash, user_id, device_id, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?)').run(
        key,
        session.userId,
        session.deviceId ?? null,
        at,
        at,
      );
    }
    this.entries.set(key, { session, lastSeen: now.getTime(), stored: now.getTime() });
    return token;
  }

  /** Looks a token up and, when it is still live, counts this call as activity. */
  resolve(token: string | null | undefined, now: Date, idleMinutes: number): Resolved {
    if (!token) return null;
    const key = SessionStore.key(token);
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (now.getTime() - entry.lastSeen > idleMinutes * 60_000) {
      this.forget([key]);
      return { expired: true };
    }
    entry.lastSeen = now.getTime();
    if (this.table && entry.lastSeen - entry.stored >= ACTIVITY_WRITE_MS) {
      try {
        prepared(this.table.db(), 'UPDATE sessions SET last_activity_at = ? WHERE token_hash = ?').run(now.toISOString(), key);
        entry.stored = entry.lastSeen;
      } catch {
        // The file busy (another process writing): the call goes on, the next one writes.
      }
    }
    return { session: entry.session };
  }

  end(token: string | null | undefined): boolean {
    if (!token) return false;
    const key = SessionStore.key(token);
    const had = this.entries.has(key);
    this.forget([key]);
    return had;
  }

  /** after an account is changed or deactivated: its sessions must see the change at once */
  endAllFor(userId: number): void {
    this.forget([...this.entries].filter(([, entry]) => entry.session.userId === userId).map(([key]) => key));
    this.table?.db().prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  /** after a device is revoked: whoever is signed in on it is signed out at once */
  endAllOnDevice(deviceId: number): void {
    this.forget([...this.entries].filter(([, entry]) => entry.session.deviceId === deviceId).map(([key]) => key));
    this.table?.db().prepare('DELETE FROM sessions WHERE device_id = ?').run(deviceId);
  }

  /** Ends every session, in memory and in the table of the connection open now (after a restore). */
  endAll(): void {
    this.entries.clear();
    this.table?.db().prepare('DELETE FROM sessions').run();
  }

  updateFor(userId: number, patch: Partial<Session>): void {
    for (const entry of this.entries.values()) if (entry.session.userId === userId) entry.session = { ...entry.session, ...patch };
  }

  private forget(keys: string[]): void {
    if (!keys.length) return;
    const del = this.table && prepared(this.table.db(), 'DELETE FROM sessions WHERE token_hash = ?');
    for (const key of keys) {
      this.entries.delete(key);
      del?.run(key);
    }
  }
}
