import { createHash, randomBytes } from 'node:crypto';
import type { Session } from './handler';

interface Entry {
  session: Session;
  lastSeen: number;
}

export type Resolved = { session: Session } | { expired: true } | null;

/**
 * Signed-in sessions, in the memory of the process that hosts the core: a restart signs
 * everyone out, which is what a counter expects after the program closes. Tokens are kept
 * only as hashes so a memory dump does not hand out live sessions.
 */
export class SessionStore {
  private readonly entries = new Map<string, Entry>();

  private static key(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  create(session: Session, now: Date): string {
    const token = randomBytes(32).toString('base64url');
    this.entries.set(SessionStore.key(token), { session, lastSeen: now.getTime() });
    return token;
  }

  /** Looks a token up and, when it is still live, counts this call as activity. */
  resolve(token: string | null | undefined, now: Date, idleMinutes: number): Resolved {
    if (!token) return null;
    const key = SessionStore.key(token);
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (now.getTime() - entry.lastSeen > idleMinutes * 60_000) {
      this.entries.delete(key);
      return { expired: true };
    }
    entry.lastSeen = now.getTime();
    return { session: entry.session };
  }

  end(token: string | null | undefined): boolean {
    return token ? this.entries.delete(SessionStore.key(token)) : false;
  }

  /** after an account is changed or deactivated: its sessions must see the change at once */
  endAllFor(userId: number): void {
    for (const [key, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(key);
  }

  /** after a device is revoked: whoever is signed in on it is signed out at once */
  endAllOnDevice(deviceId: number): void {
    for (const [key, entry] of this.entries) if (entry.session.deviceId === deviceId) this.entries.delete(key);
  }

  updateFor(userId: number, patch: Partial<Session>): void {
    for (const entry of this.entries.values()) if (entry.session.userId === userId) entry.session = { ...entry.session, ...patch };
  }
}
