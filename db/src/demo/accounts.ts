/**
 * The centre's staff: an administrator, clerks at the windows and reviewers, all with the
 * demo password, created (as accounts.setup / accounts.create would) a few days before the
 * first resident is registered.
 */
import { scryptSync } from 'node:crypto';
import { idCheckCharacter } from '../shared/id-number';
import { maskIdNumber } from '../privacy/mask';
import type { AuditTrail } from './audit-trail';
import type { Days } from './days';
import type { Rng } from './prng';
import type { RowBatch } from './row-batch';
import * as V from './vocabulary';

export const DEMO_PASSWORD = 'demo1234';

/** A valid ID number for the i-th staff member (one per person, as accounts.create requires). */
export function staffIdNumber(i: number): string {
  const first17 = `310104${1970 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(100 + i).padStart(3, '0').slice(-3)}`;
  return first17 + idCheckCharacter(first17);
}

export interface SeedAccount {
  username: string;
  displayName: string;
  roles: string[];
  windowNo: string | null;
}

export interface Person {
  id: number;
  name: string;
}

export interface Staff {
  accounts: SeedAccount[];
  admin: Person;
  clerks: (Person & { windowNo: string | null })[];
  reviewers: Person[];
}

export function createStaff(
  o: { cases: number; windows: readonly string[]; setupDay: number; demo: boolean },
  rng: Rng,
  days: Days,
  trail: AuditTrail,
  batch: RowBatch,
): Staff {
  const J = JSON.stringify;
  const clerkCount = Math.max(6, Math.min(V.STAFF.clerks.length, Math.round(o.cases / 40_000)));
  const reviewerCount = Math.max(3, Math.min(V.STAFF.reviewers.length, Math.round(clerkCount / 2)));
  const accounts: (SeedAccount & { id: number })[] = [];
  accounts.push({ id: 1, username: V.STAFF.admin.username, displayName: V.STAFF.admin.displayName, roles: ['admin'], windowNo: null });
  for (let i = 0; i < clerkCount; i++) {
    accounts.push({
      id: accounts.length + 1,
      username: `clerk${i + 1}`,
      displayName: V.STAFF.clerks[i]!,
      roles: ['clerk'],
      windowNo: o.windows.length ? o.windows[i % o.windows.length]! : null,
    });
  }
  for (let i = 0; i < reviewerCount; i++) {
    accounts.push({ id: accounts.length + 1, username: `reviewer${i + 1}`, displayName: V.STAFF.reviewers[i]!, roles: ['reviewer'], windowNo: null });
  }
  accounts.forEach((a, i) => {
    const at = days.instant(o.setupDay, 540 + i * 3, rng.int(60), rng.int(1000));
    const salt = Buffer.from(Array.from({ length: 16 }, () => rng.int(256)));
    const key = scryptSync(DEMO_PASSWORD.normalize('NFC'), salt, 64, { N: 16384, r: 8, p: 1 });
    const hash = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    const staffId = staffIdNumber(i);
    batch.rows.users.push(a.id, a.username, a.displayName, J(a.roles), hash, a.windowNo, staffId, 1, 0, null, at, at, at);
    const after = J({
      active: true,
      createdAt: at,
      displayName: a.displayName,
      id: a.id,
      lockedUntil: null,
      roles: a.roles,
      staffIdNumber: maskIdNumber(staffId),
      username: a.username,
      windowNo: a.windowNo,
    });
    trail.add(o.setupDay, {
      at,
      actorId: i === 0 ? null : 1,
      actorName: i === 0 ? null : accounts[0]!.displayName,
      handler: i === 0 ? 'accounts.setup' : 'accounts.create',
      action: 'create',
      recordType: 'user',
      recordId: String(a.id),
      before: null,
      after,
      detail: null,
    });
  });
  const admin: Person = { id: 1, name: accounts[0]!.displayName };
  if (o.demo) {
    const at = days.instant(o.setupDay, 600, 0, 0);
    batch.demoAt = at;
    trail.add(o.setupDay, {
      at,
      actorId: admin.id,
      actorName: admin.name,
      handler: 'settings.update',
      action: 'update',
      recordType: 'settings',
      recordId: null,
      before: J({ demo: false }),
      after: J({ demo: true }),
      detail: null,
    });
  }
  return {
    accounts: accounts.map(({ username, displayName, roles, windowNo }) => ({ username, displayName, roles, windowNo })),
    admin,
    clerks: accounts.filter((a) => a.roles[0] === 'clerk').map((a) => ({ id: a.id, name: a.displayName, windowNo: a.windowNo })),
    reviewers: accounts.filter((a) => a.roles[0] === 'reviewer').map((a) => ({ id: a.id, name: a.displayName })),
  };
}
